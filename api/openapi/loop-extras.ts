import { z } from 'zod';
import { bootstrapRequestSchema } from '../../core/import/synthetic.js';
import { adjudicateBody, adjudicationListQuery } from '../adjudications.js';
import { importQuery } from '../import.js';
import { computeBody, scorecardQuery } from '../scorecard.js';
import { sessionParam } from '../sessions.js';
import { consentBody } from '../settings.js';
import type { Operation } from './operation.js';
import { row } from './shapes.js';

const consentAnswer = row('the consent rule (attributes, required) and what it means for the closed traces now');
const importReport = row('rows read and imported, each rejected row with its line and reason');
const rest = z.object({ rest: z.string().describe('any path under /api/adjudications') });
const adjudicationRefusal = (method: 'put' | 'patch' | 'delete') =>
  ({
    method,
    path: '/api/adjudications/{rest}',
    operationId: `${method}AdjudicationRefused`,
    summary: `${method.toUpperCase()} on an adjudication is refused: adjudications are final`,
    tag: 'Adjudication',
    permission: 'review',
    params: rest,
    responses: {},
  }) satisfies Operation;

/** Sessions, consent, cold start (import, synthetic bootstrap), adjudication and the scorecard. */
export const loopExtraOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/sessions/{id}',
    operationId: 'getSession',
    summary:
      'Every turn of a conversation session, oldest first, with signals; re-submissions name the turn they repeat',
    tag: 'Traces',
    permission: 'read_traces',
    params: sessionParam,
    responses: { 200: { description: 'the session (redacted for reviewers)', schema: row('a session') } },
  },
  {
    method: 'get',
    path: '/api/settings/consent',
    operationId: 'getConsentRule',
    summary: 'Which attribute says a trace may be reviewed, and whether it is required',
    tag: 'Settings',
    permission: 'manage',
    responses: { 200: { description: 'the rule', schema: consentAnswer } },
  },
  {
    method: 'put',
    path: '/api/settings/consent',
    operationId: 'setConsentRule',
    summary: 'Change the consent rule (pending tasks it now forbids are withdrawn)',
    tag: 'Settings',
    permission: 'manage',
    body: consentBody,
    responses: { 200: { description: 'the rule as stored, and the tasks withdrawn', schema: consentAnswer } },
  },
  {
    method: 'post',
    path: '/api/import',
    operationId: 'importExamples',
    summary: 'Import examples (JSONL, CSV) or a Langfuse, LangSmith or Phoenix export as traces',
    description: 'Streamed row by row; idempotent by row id; every rejected row is reported with its reason.',
    tag: 'Cold start',
    permission: 'ingest',
    query: importQuery,
    rawBodies: [
      {
        contentType: 'application/x-ndjson',
        description: 'one example (or export item) per line; an export may also be one JSON document',
      },
      { contentType: 'text/csv', description: 'a header row, then one example per row' },
    ],
    responses: { 200: { description: 'the import report', schema: importReport } },
  },
  {
    method: 'post',
    path: '/api/bootstrap',
    operationId: 'bootstrapSyntheticInputs',
    summary: 'Generate synthetic input variants per failure mode (LLM or templates), stored as synthetic traces',
    tag: 'Cold start',
    permission: 'manage',
    body: bootstrapRequestSchema,
    responses: {
      200: {
        description: 'the seeds, the variants and the import report (null with import: false)',
        schema: z.object({
          seeds: z.array(z.string()),
          variants: z.array(row('a variant')),
          imported: importReport.nullable(),
        }),
      },
    },
  },
  {
    method: 'get',
    path: '/api/adjudications',
    operationId: 'listDisagreements',
    summary: 'Double-reviewed traces whose reviewers disagree, open or settled',
    tag: 'Adjudication',
    permission: 'review',
    query: adjudicationListQuery,
    responses: { 200: { description: 'the disagreements', schema: row('disagreements') } },
  },
  {
    method: 'get',
    path: '/api/adjudications/agreement',
    operationId: 'getReviewerAgreement',
    summary: 'Inter-reviewer agreement per failure mode (Cohen’s κ or Krippendorff’s α, with an interval)',
    tag: 'Adjudication',
    permission: 'review',
    query: adjudicationListQuery.pick({ failureMode: true }),
    responses: { 200: { description: 'agreement per mode', schema: row('agreement per failure mode') } },
  },
  {
    method: 'post',
    path: '/api/adjudications',
    operationId: 'adjudicate',
    summary: 'Settle a disagreement: the outcome becomes the ground truth for that trace and mode',
    tag: 'Adjudication',
    permission: 'review',
    body: adjudicateBody,
    responses: { 201: { description: 'the adjudication (a final label)', schema: row('an adjudication') } },
  },
  adjudicationRefusal('put'),
  adjudicationRefusal('patch'),
  adjudicationRefusal('delete'),
  {
    method: 'get',
    path: '/api/scorecard',
    operationId: 'getScorecard',
    summary: 'Corrected pass rate of every gating and signal evaluator per release, prompt or model version',
    tag: 'Scorecard',
    permission: 'read_traces',
    query: scorecardQuery,
    responses: {
      200: { description: 'the scorecard (JSON), or CSV with format=csv', schema: row('the scorecard') },
    },
  },
  {
    method: 'post',
    path: '/api/scorecard/compute',
    operationId: 'computeScorecard',
    summary: 'Run the gating and signal evaluators over a release’s newest closed traces',
    tag: 'Scorecard',
    permission: 'manage',
    body: computeBody,
    responses: { 200: { description: 'what was run', schema: row('the run') } },
  },
];
