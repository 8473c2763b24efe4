import { cycleOperations } from './cycles.js';
import { datasetOperations } from './datasets.js';
import { evaluatorOperations } from './evaluators.js';
import { failureModeOperations } from './failure-modes.js';
import { feedbackOperations } from './feedback.js';
import { gateOperations } from './gates.js';
import { keyOperations } from './keys.js';
import { labelOperations } from './labels.js';
import { loopExtraOperations } from './loop-extras.js';
import { metaOperations } from './meta.js';
import type { Operation } from './operation.js';
import { otlpOperations } from './otlp.js';
import { queueOperations } from './queue.js';
import { traceOperations } from './traces.js';

/**
 * Every operation the HTTP app serves outside the web UI, in the order the docs list them. A route
 * added to api/*.ts needs its entry here (test/openapi.test.ts compares this with the route table).
 */
export const operations: readonly Operation[] = [
  ...traceOperations,
  ...queueOperations,
  ...labelOperations,
  ...failureModeOperations,
  ...datasetOperations,
  ...feedbackOperations,
  ...evaluatorOperations,
  ...cycleOperations,
  ...gateOperations,
  ...keyOperations,
  ...loopExtraOperations,
  ...otlpOperations,
  ...metaOperations,
];

/** One line per tag, shown in the document and on the docs page. */
export const tagDescriptions: Record<string, string> = {
  Traces: 'Traces as ingested, with their rollups and span trees.',
  'Review queue': 'Anomaly-ranked review tasks: fill, lock, release, skip, assign, progress.',
  Labels: 'Human labels: append-only, each covering the failure modes it judged.',
  'Failure modes': 'The failure-mode taxonomy and its versioned rubrics.',
  Datasets: 'Immutable, content-hashed dataset versions of labels.',
  Feedback: 'End-user feedback on traces.',
  Evaluators: 'Evaluator versions, calibration, generation, runs and drift alerts.',
  Cycles: 'Refresh cycles: ingest, rank, review, generate, calibrate, publish.',
  Gates: 'Release gates for CI.',
  'API keys': 'The project’s API keys (admin).',
  Settings: 'Project settings an admin changes: the consent-to-review rule.',
  'Cold start': 'Examples and other tools’ exports imported as traces; synthetic input variants.',
  Adjudication: 'Blind double review: disagreements, their adjudication, inter-reviewer agreement.',
  Scorecard: 'Corrected pass rates per release, prompt version and model version.',
  'OTLP receiver': 'OpenTelemetry export endpoints (outside /api).',
  Meta: 'Health and this reference.',
};
