import { z } from 'zod';
import { createBody, rubricBody, statusBody } from '../failure-modes.js';
import type { Operation } from './operation.js';
import { row } from './shapes.js';

const mode = row('a failure mode: key, title, current rubric and its version, status, graded', { key: z.string() });
const keyParam = z.object({ key: z.string().describe('the failure mode’s key') });

export const failureModeOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/failure-modes',
    operationId: 'listFailureModes',
    summary: 'List the failure-mode taxonomy',
    tag: 'Failure modes',
    permission: 'review',
    responses: { 200: { description: 'every failure mode', schema: z.object({ failureModes: z.array(mode) }) } },
  },
  {
    method: 'post',
    path: '/api/failure-modes',
    operationId: 'createFailureMode',
    summary: 'Create a failure mode (admins: active; reviewers: proposed)',
    tag: 'Failure modes',
    permission: 'review',
    body: createBody,
    responses: {
      201: { description: 'created', schema: z.object({ failureMode: mode }) },
      409: { description: 'the key exists already' },
    },
  },
  {
    method: 'post',
    path: '/api/failure-modes/{key}/rubric',
    operationId: 'reviseRubric',
    summary: 'Revise a failure mode’s rubric (a new rubric version)',
    tag: 'Failure modes',
    permission: 'manage',
    params: keyParam,
    body: rubricBody,
    responses: { 200: { description: 'the failure mode', schema: z.object({ failureMode: mode }) } },
  },
  {
    method: 'post',
    path: '/api/failure-modes/{key}/status',
    operationId: 'setFailureModeStatus',
    summary: 'Activate, propose or retire a failure mode',
    tag: 'Failure modes',
    permission: 'manage',
    params: keyParam,
    body: statusBody,
    responses: { 200: { description: 'the failure mode', schema: z.object({ failureMode: mode }) } },
  },
];
