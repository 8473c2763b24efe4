import { describe, expect, it } from 'vitest';
import { decodeLogsJson } from '../otlp/decode-json.js';
import { toEvaluationLogs } from './otel-export.js';

describe('toEvaluationLogs', () => {
  it('produces gen_ai.evaluation.result records our own OTLP decoder accepts', () => {
    const body = toEvaluationLogs([
      {
        traceId: 'a'.repeat(32),
        spanId: 'b'.repeat(16),
        evaluatorName: 'citations',
        evaluatorVersion: 3,
        failureMode: 'hallucination',
        score: 0.25,
        verdict: 'fail',
        explanation: 'cites [4] but only 3 documents were retrieved',
        error: null,
        time: 1_700_000_000_000,
      },
    ]);
    const { records } = decodeLogsJson(JSON.stringify(body));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      eventName: 'gen_ai.evaluation.result',
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      attributes: {
        'gen_ai.evaluation.name': 'hallucination/citations@v3',
        'gen_ai.evaluation.score.value': 0.25,
        'gen_ai.evaluation.score.label': 'fail',
      },
    });
    expect(records[0]!.timeUnixNano).toBe(1_700_000_000_000_000_000n);
  });
});
