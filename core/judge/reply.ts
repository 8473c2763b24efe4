import { type JudgeVerdict, judgeVerdictSchema } from './schema.js';

/** The part of a chat completion choice a judge reply is read from. */
export interface JudgeReplyMessage {
  content: string | null;
  refusal?: string | null;
  finishReason: string | null;
}

export type ParsedJudgeReply =
  | { ok: true; verdict: JudgeVerdict }
  | { ok: false; kind: 'malformed' | 'refusal'; message: string };

const excerpt = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/**
 * A judge reply checked against the verdict schema. Structured outputs should make it valid JSON of
 * the right shape; when it is not (a provider without strict schemas, a reply cut at the token limit)
 * or when the model refused, the item gets no score: the caller records the failure.
 */
export const parseJudgeReply = (message: JudgeReplyMessage): ParsedJudgeReply => {
  if (message.refusal) return { ok: false, kind: 'refusal', message: `the judge refused: ${message.refusal}` };
  if (message.finishReason === 'length') {
    return { ok: false, kind: 'malformed', message: 'the reply was cut off at the output token limit' };
  }
  if (message.finishReason === 'content_filter') {
    return { ok: false, kind: 'refusal', message: 'the reply was stopped by the content filter' };
  }
  if (message.content === null || message.content.trim() === '') {
    return { ok: false, kind: 'malformed', message: 'the reply has no content' };
  }
  let json: unknown;
  try {
    json = JSON.parse(message.content);
  } catch {
    return { ok: false, kind: 'malformed', message: `the reply is not JSON: ${excerpt(message.content)}` };
  }
  const parsed = judgeVerdictSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return {
      ok: false,
      kind: 'malformed',
      message: `the reply does not match the verdict schema: ${issues.join('; ')}`,
    };
  }
  return { ok: true, verdict: parsed.data };
};
