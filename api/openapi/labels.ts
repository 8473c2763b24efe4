import { z } from 'zod';
import { labelBody } from '../label-body.js';
import { labelQuery } from '../labels.js';
import type { Operation } from './operation.js';
import { row } from './shapes.js';

const label = row('a label: who, when, the failure modes it covered with their verdicts, critique', {
  id: z.string(),
  traceId: z.string(),
});
const rest = z.object({ rest: z.string().describe('any path under /api/labels') });
const refusal = (method: 'put' | 'patch' | 'delete') =>
  ({
    method,
    path: '/api/labels/{rest}',
    operationId: `${method}LabelRefused`,
    summary: `${method.toUpperCase()} on a label is refused: labels are append-only`,
    description: 'POST a new label with `supersedes` to correct one. Always answers 400.',
    tag: 'Labels',
    permission: 'review',
    params: rest,
    responses: {},
  }) satisfies Operation;

export const labelOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/labels',
    operationId: 'recordLabel',
    summary: 'Record a label (append-only, idempotent on the client-generated id)',
    description:
      'A label covers every failure mode it judged: `failureModes` fail, the other `covered` modes (default: every active mode) pass.',
    tag: 'Labels',
    permission: 'review',
    body: labelBody,
    responses: {
      201: { description: 'recorded', schema: z.object({ label }) },
      200: { description: 'this id was recorded before: the stored label', schema: z.object({ label }) },
    },
  },
  {
    method: 'get',
    path: '/api/labels',
    operationId: 'listLabels',
    summary: 'List labels (of one trace, or the latest)',
    tag: 'Labels',
    permission: 'review',
    query: labelQuery,
    responses: { 200: { description: 'labels, newest first', schema: z.object({ labels: z.array(label) }) } },
  },
  refusal('put'),
  refusal('patch'),
  refusal('delete'),
];
