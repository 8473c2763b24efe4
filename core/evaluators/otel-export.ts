/** One stored evaluation result, as exported. */
export interface ExportableResult {
  traceId: string;
  /** The evaluated GenAI span (the trace's last LLM span), when known. */
  spanId: string | null;
  evaluatorName: string;
  evaluatorVersion: number;
  failureMode: string;
  score: number | null;
  verdict: 'pass' | 'fail' | null;
  explanation: string | null;
  error: string | null;
  /** ms since the epoch. */
  time: number;
}

const attr = (key: string, value: string | number) =>
  typeof value === 'number' ? { key, value: { doubleValue: value } } : { key, value: { stringValue: value } };

/**
 * Evaluation results as an OTLP/JSON ExportLogsServiceRequest of `gen_ai.evaluation.result`
 * events (OTel GenAI semantic conventions), each parented to the evaluated trace (and span when
 * known), so any OTel backend can show our verdicts next to the traces.
 */
export const toEvaluationLogs = (results: ExportableResult[], serviceName = 'evalloop') => ({
  resourceLogs: [
    {
      resource: { attributes: [attr('service.name', serviceName)] },
      scopeLogs: [
        {
          scope: { name: 'evalloop', version: '1' },
          logRecords: results.map((r) => {
            const attributes = [
              attr('gen_ai.evaluation.name', `${r.failureMode}/${r.evaluatorName}@v${r.evaluatorVersion}`),
              ...(r.score === null ? [] : [attr('gen_ai.evaluation.score.value', r.score)]),
              ...(r.verdict ? [attr('gen_ai.evaluation.score.label', r.verdict)] : []),
              ...(r.explanation ? [attr('gen_ai.evaluation.explanation', r.explanation)] : []),
              ...(r.error ? [attr('error.type', r.error)] : []),
            ];
            return {
              timeUnixNano: (BigInt(Math.round(r.time)) * 1_000_000n).toString(),
              eventName: 'gen_ai.evaluation.result',
              severityNumber: 9,
              traceId: r.traceId,
              ...(r.spanId ? { spanId: r.spanId } : {}),
              attributes,
            };
          }),
        },
      ],
    },
  ],
});
