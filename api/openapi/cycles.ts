import { z } from 'zod';
import { startCycleBody } from '../cycles.js';
import type { Operation } from './operation.js';
import { row } from './shapes.js';

const cycle = row('a refresh cycle: window, stage, status, error, report, engine state, review progress', {
  id: z.string(),
  status: z.string(),
});
const answer = z.object({ cycle });
const idParam = z.object({ id: z.string().describe('a cycle id') });
const tag = 'Cycles';

export const cycleOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/cycles',
    operationId: 'startCycle',
    summary: 'Start a refresh cycle for a window (idempotent: the same window is the same cycle)',
    tag,
    permission: 'manage',
    body: startCycleBody,
    responses: {
      201: { description: 'started', schema: answer },
      200: { description: 'this window’s cycle exists: it', schema: answer },
    },
  },
  {
    method: 'get',
    path: '/api/cycles',
    operationId: 'listCycles',
    summary: 'List cycles',
    tag,
    permission: 'review',
    responses: { 200: { description: 'cycles, newest first', schema: z.object({ cycles: z.array(cycle) }) } },
  },
  {
    method: 'get',
    path: '/api/cycles/{id}',
    operationId: 'getCycle',
    summary: 'One cycle',
    tag,
    permission: 'review',
    params: idParam,
    responses: { 200: { description: 'the cycle', schema: answer } },
  },
  {
    method: 'post',
    path: '/api/cycles/{id}/resume',
    operationId: 'resumeCycle',
    summary: 'Resume a stopped cycle from its last completed step',
    tag,
    permission: 'manage',
    params: idParam,
    responses: { 200: { description: 'the cycle', schema: answer } },
  },
  {
    method: 'post',
    path: '/api/cycles/{id}/cancel',
    operationId: 'cancelCycle',
    summary: 'Cancel a cycle',
    tag,
    permission: 'manage',
    params: idParam,
    responses: { 200: { description: 'the cycle', schema: answer } },
  },
];
