import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import type { EvaluatorConfig } from '../core/evaluators/types.js';
import type { GenerationDeps } from '../core/generation/candidates.js';
import { classifyLlmError } from './judge-retry.js';

const proposalSchema = z.object({
  rubric: z.string().describe('a judge rubric: what fails, what passes, edge cases, from the critiques'),
  rules: z
    .array(
      z.object({
        kind: z.enum(['regex_must_not_match', 'regex_must_match', 'banned_phrases']),
        pattern: z.string().describe('a JavaScript regex (regex kinds), or phrases separated by | (banned_phrases)'),
        field: z.enum(['output', 'input', 'any_message', 'tool_arguments', 'tool_results']),
      }),
    )
    .max(5),
});

const toConfig = (r: z.infer<typeof proposalSchema>['rules'][number]): EvaluatorConfig =>
  r.kind === 'banned_phrases'
    ? {
        kind: 'banned_phrases',
        phrases: r.pattern
          .split('|')
          .map((p) => p.trim())
          .filter(Boolean),
        field: r.field,
      }
    : {
        kind: 'regex',
        pattern: r.pattern,
        flags: 'i',
        mode: r.kind === 'regex_must_match' ? 'must_match' : 'must_not_match',
        field: r.field,
      };

/**
 * Asks the configured LLM (structured output, temperature 0) for a judge rubric written from the
 * failure mode's rubric and the reviewers' critiques, and for up to five regex / phrase rules.
 * Only training critiques are passed in (the calibration protocol calls this per fold).
 */
export const createProposeWithLlm =
  (client: OpenAI, model: string): NonNullable<GenerationDeps['proposeWithLlm']> =>
  async ({ mode, rubric, critiques }) => {
    const response = await client.chat.completions
      .create(
        {
          model,
          temperature: 0,
          response_format: zodResponseFormat(proposalSchema, 'evaluator_proposal'),
          messages: [
            {
              role: 'system',
              content:
                "You write evaluators for one failure mode of an AI assistant. From the rubric and the reviewers' critiques, write a precise judge rubric, and propose simple regex or phrase rules only where a surface pattern really signals the failure.",
            },
            {
              role: 'user',
              content: `Failure mode: ${mode}\nRubric: ${rubric}\n\nCritiques:\n${critiques
                .slice(0, 40)
                .map((c) => `- [${c.verdict}] ${c.critique.slice(0, 400)}`)
                .join('\n')}`,
            },
          ],
        },
        { maxRetries: 2, timeout: 60_000 },
      )
      // 429/5xx/timeouts stay retryable (the step retries); other 4xx are terminal.
      .catch((err: unknown) => {
        throw classifyLlmError(err, 60_000);
      });
    const content = response.choices[0]?.message.content ?? '';
    const parsed = proposalSchema.safeParse(
      (() => {
        try {
          return JSON.parse(content);
        } catch {
          return null;
        }
      })(),
    );
    if (!parsed.success) return { rubric, rules: [] };
    return { rubric: parsed.data.rubric || rubric, rules: parsed.data.rules.map(toConfig) };
  };
