import { z } from 'zod';
import type { ModeVerdict, NewLabel } from '../db/labels.js';

export const traceIdSchema = z.string().regex(/^[0-9a-fA-F]{32}$/, 'a trace id is 32 hex characters');

const modeKey = z.string().min(1).max(200);

/**
 * `POST /api/labels` body. The current form: `failureModes` = every mode the trace shows (`[]` or
 * `noFailure: true` for none); the label covers those (fail) and every other mode in `covered`
 * (pass) — by default every active mode. The older single-mode form (`failureMode` + `verdict` or
 * `score`) is still accepted: it covers only that mode (`failureMode: null` = "no failure", which
 * covers every active mode).
 */
export const labelBody = z
  .object({
    id: z.uuid('id: a client-generated UUID, so that repeating the request is harmless'),
    traceId: traceIdSchema,
    taskId: z.uuid().optional(),
    failureModes: z
      .array(modeKey)
      .max(100)
      .optional()
      .describe('every failure mode the trace shows (fail); [] = no failure'),
    noFailure: z.literal(true).optional().describe('the trace shows no failure mode (same as failureModes: [])'),
    covered: z
      .array(modeKey)
      .max(100)
      .optional()
      .describe('the modes the reviewer was shown (pass unless in failureModes); default: every active mode'),
    scores: z.record(modeKey, z.number().min(0).max(1)).optional().describe('graded modes: key → 0..1'),
    failureMode: modeKey
      .nullable()
      .optional()
      .describe('older form: the one failure mode judged, or null for "no failure"'),
    verdict: z.enum(['fail', 'pass']).optional().describe('older form: for that mode; "no failure" is always pass'),
    score: z.number().min(0).max(1).optional().describe('older form, graded modes: 0..1'),
    critique: z.string().max(20_000).optional(),
    supersedes: z.uuid().optional().describe('the label this one corrects'),
  })
  .superRefine((b, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const legacy = b.failureMode !== undefined;
    const multi = b.failureModes !== undefined || b.noFailure !== undefined || b.covered !== undefined;
    if (legacy && multi) {
      return issue('failureMode', 'send either failureModes (and covered, scores) or the older failureMode, not both');
    }
    if (!legacy && !multi) {
      return issue('failureModes', 'name the failure modes the trace shows, or send noFailure: true');
    }
    if (legacy) {
      if (b.scores !== undefined) issue('scores', 'scores go with failureModes; the older form takes score');
      if (b.failureMode === null && b.verdict === 'fail') issue('verdict', '"no failure" cannot have verdict fail');
      if (b.failureMode !== null && b.verdict === undefined && b.score === undefined) {
        issue('verdict', 'a failure mode label needs a verdict (or a score for graded modes)');
      }
      return;
    }
    if (b.verdict !== undefined || b.score !== undefined) {
      issue(
        b.verdict !== undefined ? 'verdict' : 'score',
        'failureModes are failing by definition: use scores for graded modes',
      );
    }
    const marked = b.failureModes ?? [];
    if (b.noFailure && marked.length > 0) issue('noFailure', 'noFailure cannot go with failure modes');
    if (new Set(marked).size !== marked.length) issue('failureModes', 'a failure mode is named twice');
    for (const [key, score] of Object.entries(b.scores ?? {})) {
      if (b.covered && !b.covered.includes(key) && !marked.includes(key)) {
        issue('scores', `"${key}" is not among the covered modes`);
      } else if (marked.includes(key) && score >= 0.5) {
        issue('scores', `"${key}" is marked failing, so its score must be below 0.5 (got ${score})`);
      } else if (!marked.includes(key) && score < 0.5) {
        issue('scores', `"${key}" scores ${score} (< 0.5, a fail): add it to failureModes`);
      }
    }
  });

export type LabelBody = z.infer<typeof labelBody>;

/** The label the body describes (before the database resolves modes and rubric versions). */
export const toNewLabel = (body: LabelBody, caller: { projectId: string; name: string }): NewLabel => {
  const common = {
    id: body.id,
    projectId: caller.projectId,
    traceId: body.traceId.toLowerCase(),
    taskId: body.taskId ?? null,
    critique: body.critique ?? null,
    reviewer: caller.name,
    supersedes: body.supersedes ?? null,
  };
  if (body.failureMode !== undefined) {
    if (body.failureMode === null) return { ...common, verdicts: [], alsoPassing: 'active', field: 'failureMode' };
    const verdict = body.verdict ?? (body.score !== undefined && body.score < 0.5 ? 'fail' : 'pass');
    return {
      ...common,
      verdicts: [{ failureModeKey: body.failureMode, verdict, score: body.score ?? null }],
      alsoPassing: [],
      field: 'failureMode',
    };
  }
  const marked = body.failureModes ?? [];
  const scores = body.scores ?? {};
  const verdicts: ModeVerdict[] = marked.map((key) => ({
    failureModeKey: key,
    verdict: 'fail',
    score: scores[key] ?? null,
  }));
  for (const [key, score] of Object.entries(scores)) {
    if (!marked.includes(key)) verdicts.push({ failureModeKey: key, verdict: 'pass', score });
  }
  return { ...common, verdicts, alsoPassing: body.covered ?? 'active', field: 'failureModes' };
};
