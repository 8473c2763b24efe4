import { z } from 'zod';
import {
  createEvaluatorBody,
  generateBody,
  generationParam,
  generationsQuery,
  listQuery,
  recalibrateBody,
  runBody,
  statusBody,
  versionParam,
} from '../evaluators.js';
import type { Operation } from './operation.js';
import { row } from './shapes.js';

const version = row('an evaluator version: kind, config, threshold, model pin, agreement metrics, status', {
  id: z.string(),
});
const tag = 'Evaluators';

export const evaluatorOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/evaluators',
    operationId: 'listEvaluators',
    summary: 'List evaluator versions (the latest of each evaluator, or all with `all=true`)',
    tag,
    permission: 'review',
    query: listQuery,
    responses: { 200: { description: 'evaluator versions', schema: z.object({ evaluators: z.array(version) }) } },
  },
  {
    method: 'get',
    path: '/api/evaluators/versions/{id}',
    operationId: 'getEvaluatorVersion',
    summary: 'One evaluator version with its status history, agreement history and calibration report',
    tag,
    permission: 'review',
    params: versionParam,
    responses: {
      200: {
        description: 'the version and its history',
        schema: z.object({
          version,
          statusHistory: z.array(row('a status change')),
          agreementHistory: z.array(row('an agreement measurement')),
          calibration: row('the latest calibration report').nullable(),
        }),
      },
    },
  },
  {
    method: 'post',
    path: '/api/evaluators',
    operationId: 'createEvaluator',
    summary: 'Create an evaluator from a config and calibrate it against labels',
    tag,
    permission: 'manage',
    body: createEvaluatorBody,
    responses: { 201: { description: 'the calibrated version', schema: z.object({ version }) } },
  },
  {
    method: 'post',
    path: '/api/evaluators/generate',
    operationId: 'generateEvaluators',
    summary: 'Propose, calibrate and publish evaluators from labels',
    tag,
    permission: 'manage',
    body: generateBody,
    responses: {
      200: { description: 'the generation report', schema: row('candidates and the survivors per failure mode') },
    },
  },
  {
    method: 'get',
    path: '/api/evaluators/generations',
    operationId: 'listGenerationRuns',
    summary: 'List generation runs',
    tag,
    permission: 'review',
    query: generationsQuery,
    responses: {
      200: {
        description: 'generation runs, newest first',
        schema: z.object({ generations: z.array(row('a generation run')) }),
      },
    },
  },
  {
    method: 'get',
    path: '/api/evaluators/generations/{id}',
    operationId: 'getGenerationRun',
    summary: 'One generation run',
    tag,
    permission: 'review',
    params: generationParam,
    responses: { 200: { description: 'the run', schema: z.object({ generation: row('a generation run') }) } },
  },
  {
    method: 'post',
    path: '/api/evaluators/versions/{id}/run',
    operationId: 'runEvaluator',
    summary: 'Run an evaluator version over a dataset version or a time window',
    tag,
    permission: 'manage',
    params: versionParam,
    body: runBody,
    responses: { 200: { description: 'the run id and its counts', schema: row('an evaluation run') } },
  },
  {
    method: 'post',
    path: '/api/evaluators/versions/{id}/status',
    operationId: 'setEvaluatorStatus',
    summary: 'Change an evaluator version’s status (gate, signal, revise, retired), with a reason',
    tag,
    permission: 'manage',
    params: versionParam,
    body: statusBody,
    responses: { 200: { description: 'the version', schema: z.object({ version }) } },
  },
  {
    method: 'post',
    path: '/api/evaluators/versions/{id}/recalibrate',
    operationId: 'recalibrateEvaluator',
    summary: 'Re-run the calibration of an evaluator version (optionally with another judge model)',
    tag,
    permission: 'manage',
    params: versionParam,
    body: recalibrateBody,
    responses: {
      200: { description: 'the new agreement', schema: z.object({ recalibration: row('a recalibration') }) },
    },
  },
  {
    method: 'get',
    path: '/api/evaluators/alerts',
    operationId: 'listAlerts',
    summary: 'List drift alerts',
    tag,
    permission: 'review',
    responses: { 200: { description: 'alerts', schema: z.object({ alerts: z.array(row('an alert')) }) } },
  },
  {
    method: 'get',
    path: '/api/evaluators/runs/{runId}/otlp',
    operationId: 'exportEvaluationRun',
    summary: 'An evaluation run’s verdicts as OTLP/JSON `gen_ai.evaluation.result` log records',
    tag,
    permission: 'review',
    params: z.object({ runId: z.string().describe('the run id answered by POST …/run') }),
    responses: { 200: { description: 'an OTLP/JSON ExportLogsServiceRequest', schema: row('OTLP/JSON resourceLogs') } },
  },
];
