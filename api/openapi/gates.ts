import { z } from 'zod';
import { listQuery, startBody, waitQuery, waiveBody } from '../gates.js';
import type { Operation } from './operation.js';
import { row } from './shapes.js';

const run = row(
  'a gate run: release, baseline, status (running, pass, block, inconclusive, failed), result, markdown',
  {
    id: z.string(),
    status: z.string(),
  },
);
const idParam = z.object({ id: z.string().describe('a gate id (answered by POST /api/gates)') });
const started = z.object({
  id: z.string(),
  status: z.string(),
  reused: z.boolean(),
  reusedFrom: z.object({ id: z.string(), createdAt: z.string(), decidedAt: z.string().nullable() }).nullable(),
  evidence: z.object({ fingerprint: z.string(), candidate: z.number(), baseline: z.number(), evaluators: z.number() }),
});
const tag = 'Gates';

export const gateOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/gates',
    operationId: 'startGate',
    summary: 'Gate a release (the decided verdict is reused while the evidence is unchanged, unless `rerun`)',
    tag,
    permission: 'gate',
    body: startBody,
    responses: {
      202: { description: 'a new gate run started', schema: started },
      200: { description: 'a run with the same evidence: joined or reused', schema: started },
    },
  },
  {
    method: 'get',
    path: '/api/gates',
    operationId: 'listGates',
    summary: 'List gate runs (of one release, or all)',
    tag,
    permission: 'gate',
    query: listQuery,
    responses: { 200: { description: 'gate runs, newest first', schema: z.object({ gates: z.array(run) }) } },
  },
  {
    method: 'get',
    path: '/api/gates/{id}',
    operationId: 'getGate',
    summary: 'One gate run; `wait` long-polls up to that many seconds for the verdict',
    tag,
    permission: 'gate',
    params: idParam,
    query: waitQuery,
    responses: {
      200: {
        description: 'the run and whether it is decided',
        schema: z.object({
          gate: run,
          state: z.enum(['decided', 'failed', 'running']),
          engine: row('the workflow engine’s view').nullable(),
        }),
      },
    },
  },
  {
    method: 'get',
    path: '/api/gates/{id}/{format}',
    operationId: 'getGateReport',
    summary: 'A decided gate’s report: JUnit XML or Markdown (for curl-only CI jobs)',
    tag,
    permission: 'gate',
    params: idParam.extend({ format: z.enum(['junit', 'markdown']) }),
    responses: {
      200: {
        description: 'the report (application/xml for junit, text/markdown for markdown)',
        contentType: 'text/plain',
      },
      409: { description: 'the gate is not decided yet' },
    },
  },
  {
    method: 'post',
    path: '/api/gates/{id}/waive',
    operationId: 'waiveGate',
    summary: 'Waive a blocked or inconclusive gate with a reason (stored immutably; the CLI then exits 0)',
    tag,
    permission: 'manage',
    params: idParam,
    body: waiveBody,
    responses: {
      200: { description: 'the waived run', schema: z.object({ gate: run }) },
      409: { description: 'the gate passed, is running, or was waived already' },
    },
  },
  {
    method: 'post',
    path: '/api/gates/{id}/rerun',
    operationId: 'rerunGate',
    summary: 'Run the gate again on fresh evidence (a new gate run)',
    tag,
    permission: 'manage',
    params: idParam,
    responses: { 202: { description: 'the new run', schema: row('the new gate run') } },
  },
];
