import { randomUUID } from 'node:crypto';
import { saveEvaluationResults } from '../../db/evaluation-results.js';
import { publishEvaluatorVersion } from '../../db/evaluators.js';
import { request } from './http.js';
import { chatAttributes, newSpanId, newTraceId, otlpJsonTraces, postJson } from './otlp-json.js';
import type { TestServer } from './server.js';

/** One seeded trace and what it was made with (what the filters should find). */
export interface SeededTrace {
  traceId: string;
  i: number;
  startMs: number;
  session: string;
  user: string;
  release: string;
  model: string;
  promptVersion: string;
  error: boolean;
  truncated: boolean;
  question: string;
}

export const EXPLORER_T0 = Date.UTC(2026, 5, 1, 10, 0, 0);
/** Trace i's input holds EMAILS[i % 12] (unrelated addresses: shared words would look like a re-submission). */
export const EMAILS = [
  'ana.ortiz@acme.io',
  'ben.kowalski@globex.com',
  'cai.wen@initech.org',
  'dov.levi@umbrella.net',
  'eva.novak@hooli.dev',
  'farid.haddad@stark.co',
  'gwen.price@wayne.biz',
  'hiro.sato@tyrell.jp',
  'ines.costa@soylent.pt',
  'jon.berg@vandelay.se',
  'kemi.ade@wonka.ng',
  'lars.holm@cyberdyne.dk',
];

/** Twelve unrelated questions (no re-submission between them); trace 1 repeats question 0. */
const QUESTIONS = [
  'How do I reset my password?',
  'Where is parcel 55 now?',
  'Can the billing address change?',
  'What is the refund policy for shoes?',
  'Do you ship kayaks abroad?',
  'Is there a student discount?',
  'Which warranty covers headphones?',
  'When does the pickup point open?',
  'How are loyalty points earned?',
  'Why was my card declined?',
  'Can invoices come in Spanish?',
  'Does the premium plan include backups?',
];

/**
 * `n` closed chat traces in the `default` project, one a minute, varied on every filtered field:
 * session (s-0..2), user, release (r1/r2), model (gpt-4o/gpt-4o-mini), prompt version, errors,
 * truncation; trace 1 repeats trace 0's question in session s-0 (a re-submission); every input
 * holds an e-mail address. Then a failure mode, labels on traces 0 (fails it) and 2 (no failure),
 * and an evaluator with a fail verdict on trace 0 and a pass on trace 2.
 */
export const seedExplorer = async (server: TestServer, n = 12) => {
  const seeded: SeededTrace[] = [];
  for (let i = 0; i < n; i++) {
    const t: SeededTrace = {
      traceId: newTraceId(),
      i,
      startMs: EXPLORER_T0 + i * 60_000,
      session: i < 4 ? 's-0' : `s-${1 + (i % 2)}`,
      user: `u-${i % 3}`,
      release: i % 2 ? 'r2' : 'r1',
      model: i % 4 === 3 ? 'gpt-4o-mini' : 'gpt-4o',
      promptVersion: i % 3 === 0 ? 'p-7' : 'p-8',
      error: i === 5,
      truncated: i === 6,
      question: QUESTIONS[i === 1 ? 0 : i % QUESTIONS.length]!,
    };
    seeded.push(t);
    const body = otlpJsonTraces(
      [
        {
          traceId: t.traceId,
          spanId: newSpanId(),
          name: 'chat support',
          startMs: t.startMs,
          durationMs: 800,
          error: t.error ? 'upstream timeout' : undefined,
          attributes: {
            ...chatAttributes(
              `${t.question} ${EMAILS[i % EMAILS.length]}`,
              t.truncated ? 'The refund pol' : `Answer ${i}: see the help center.`,
              {
                'gen_ai.request.model': t.model,
                'gen_ai.response.model': t.model,
                'gen_ai.response.finish_reasons': t.truncated ? 'length' : 'stop',
                'gen_ai.prompt.version': t.promptVersion,
              },
            ),
            'session.id': t.session,
            'user.id': t.user,
          },
        },
      ],
      { 'service.name': 'support', 'service.version': t.release },
    );
    const posted = await postJson(server.url, server.keys.ingest, body);
    if (posted.status !== 200) throw new Error(`ingest failed: ${posted.status}`);
  }
  await server.runtime.activities.closeTraces({ idleSeconds: 0 });

  const mode = await request(server.url, 'POST', '/api/failure-modes', {
    key: server.keys.admin,
    body: { key: 'wrong_answer', title: 'Wrong answer', rubric: 'The answer is wrong.', graded: false },
  });
  if (mode.status >= 300) throw new Error(`failure mode: ${mode.text}`);
  for (const [t, failureModes] of [
    [seeded[0]!, ['wrong_answer']],
    [seeded[2]!, []],
  ] as const) {
    const label = await request(server.url, 'POST', '/api/labels', {
      key: server.keys.admin,
      body: { id: randomUUID(), traceId: t.traceId, failureModes },
    });
    if (label.status >= 300) throw new Error(`label: ${label.text}`);
  }
  const evaluator = await publishEvaluatorVersion(server.runtime.pool, {
    projectId: 'default',
    failureModeKey: 'wrong_answer',
    name: 'answer-check',
    config: { kind: 'regex', field: 'output', pattern: 'help center', mode: 'must_match' } as never,
    threshold: 0.5,
    calibrationDatasetVersionId: null,
    metrics: {},
    status: 'signal',
    statusReason: 'test',
    parentVersionId: null,
    createdBy: 'test',
    report: null,
  });
  const result = (t: SeededTrace, verdict: 'pass' | 'fail') => ({
    traceId: t.traceId,
    score: verdict === 'pass' ? 1 : 0,
    verdict,
    explanation: null,
    cost: null,
    error: null,
  });
  await saveEvaluationResults(server.runtime.pool, 'default', evaluator.id, 'run-1', [
    result(seeded[0]!, 'fail'),
    result(seeded[2]!, 'pass'),
  ]);
  return { seeded, evaluatorId: evaluator.evaluatorId };
};
