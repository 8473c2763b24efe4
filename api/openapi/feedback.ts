import { z } from 'zod';
import { feedbackBody } from '../feedback.js';
import type { Operation } from './operation.js';

export const feedbackOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/feedback',
    operationId: 'recordFeedback',
    summary: 'Record end-user feedback on a trace',
    description:
      'Sent with an ingest key, like the app’s exporter; reopens the trace so its feedback signal is recomputed.',
    tag: 'Feedback',
    permission: 'ingest',
    body: feedbackBody,
    responses: { 201: { description: 'recorded', schema: z.object({ recorded: z.literal(true) }) } },
  },
];
