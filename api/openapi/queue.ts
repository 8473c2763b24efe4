import { z } from 'zod';
import { assignBody, fillBody, instructionsBody, listQuery, nextBody, taskParam } from '../queue.js';
import type { Operation } from './operation.js';
import { row } from './shapes.js';

const task = row('a review task: trace, cycle, why it was picked, sampling probability, lock, status', {
  id: z.string(),
  traceId: z.string(),
});
const progress = row('review progress of a cycle: tasks by status, labels per failure mode');
const taskAnswer = z.object({ task });
const cycleParam = z.object({ cycle: z.string().describe('a cycle id') });

export const queueOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/queue',
    operationId: 'listReviewTasks',
    summary: 'List review tasks (of one cycle, or all)',
    tag: 'Review queue',
    permission: 'review',
    query: listQuery,
    responses: {
      200: {
        description: 'the tasks (redacted for reviewers), and the cycle’s progress when `cycle` is given',
        schema: z.object({ tasks: z.array(task), progress: progress.nullable() }),
      },
    },
  },
  {
    method: 'post',
    path: '/api/queue/fill',
    operationId: 'fillReviewQueue',
    summary: 'Rank a window’s traces and fill the review queue',
    tag: 'Review queue',
    permission: 'manage',
    body: fillBody,
    responses: { 200: { description: 'what was queued', schema: row('counts of the tasks queued') } },
  },
  {
    method: 'post',
    path: '/api/queue/next',
    operationId: 'lockNextReviewTask',
    summary: 'Lock the next pending task for the caller',
    tag: 'Review queue',
    permission: 'review',
    body: nextBody,
    responses: {
      200: {
        description: 'the locked task, or null when none is pending',
        schema: z.object({ task: task.nullable() }),
      },
    },
  },
  {
    method: 'get',
    path: '/api/queue/progress/{cycle}',
    operationId: 'getReviewProgress',
    summary: 'Review progress of a cycle',
    tag: 'Review queue',
    permission: 'review',
    params: cycleParam,
    responses: { 200: { description: 'tasks by status and labels per failure mode', schema: progress } },
  },
  {
    method: 'get',
    path: '/api/queue/{id}',
    operationId: 'getReviewTask',
    summary: 'One review task',
    tag: 'Review queue',
    permission: 'review',
    params: taskParam,
    responses: { 200: { description: 'the task', schema: taskAnswer } },
  },
  {
    method: 'post',
    path: '/api/queue/{id}/lock',
    operationId: 'lockReviewTask',
    summary: 'Lock a task for the caller',
    tag: 'Review queue',
    permission: 'review',
    params: taskParam,
    responses: {
      200: { description: 'the locked task', schema: taskAnswer },
      409: { description: 'another reviewer holds the lock, or the task is done' },
    },
  },
  {
    method: 'post',
    path: '/api/queue/{id}/release',
    operationId: 'releaseReviewTask',
    summary: 'Release the caller’s lock on a task',
    tag: 'Review queue',
    permission: 'review',
    params: taskParam,
    responses: { 200: { description: 'released', schema: z.object({ released: z.literal(true) }) } },
  },
  {
    method: 'post',
    path: '/api/queue/{id}/skip',
    operationId: 'skipReviewTask',
    summary: 'Skip a task',
    tag: 'Review queue',
    permission: 'review',
    params: taskParam,
    responses: { 200: { description: 'the skipped task', schema: taskAnswer } },
  },
  {
    method: 'post',
    path: '/api/queue/{id}/unskip',
    operationId: 'unskipReviewTask',
    summary: 'Un-skip a skipped task: it returns to pending, locked for the caller',
    tag: 'Review queue',
    permission: 'review',
    params: taskParam,
    responses: { 200: { description: 'the task, pending again', schema: taskAnswer } },
  },
  {
    method: 'get',
    path: '/api/queue/instructions',
    operationId: 'getQueueInstructions',
    summary: 'The instructions an admin wrote for reviewers',
    tag: 'Review queue',
    permission: 'review',
    responses: {
      200: {
        description: 'the instructions, or null',
        schema: z.object({ instructions: row('instructions').nullable() }),
      },
    },
  },
  {
    method: 'put',
    path: '/api/queue/instructions',
    operationId: 'setQueueInstructions',
    summary: 'Write (or, with an empty string, clear) the instructions for reviewers',
    tag: 'Review queue',
    permission: 'manage',
    body: instructionsBody,
    responses: {
      200: {
        description: 'the stored instructions',
        schema: z.object({ instructions: row('instructions').nullable() }),
      },
    },
  },
  {
    method: 'post',
    path: '/api/queue/{id}/assign',
    operationId: 'assignReviewTask',
    summary: 'Assign a task to a reviewer (null: unassign)',
    tag: 'Review queue',
    permission: 'manage',
    params: taskParam,
    body: assignBody,
    responses: { 200: { description: 'the task', schema: taskAnswer } },
  },
];
