import { AppError } from '../core/errors.js';
import {
  type BootstrapRequest,
  llmVariantsSchema,
  type SyntheticVariant,
  templateVariants,
  variantId,
  variantPrompt,
} from '../core/import/synthetic.js';
import { findFailureMode } from '../db/failure-modes.js';
import { recentDistinctInputs } from '../db/synthetic-traces.js';
import type { ActivityDeps } from './deps.js';
import { classifyLlmError } from './judge-retry.js';

/** Seeds taken from the project's traces when the request names none. */
const DEFAULT_SEEDS = 5;

/**
 * Generates synthetic input variants (core/import/synthetic.ts): from the user's templates when
 * given (deterministic), else from the configured LLM (one call per seed and kind, JSON output,
 * temperature 0.7). Without templates and without an LLM it refuses with a message saying what to do.
 */
export const createSyntheticInputsActivity =
  (deps: ActivityDeps) =>
  async (input: {
    projectId: string;
    request: BootstrapRequest;
  }): Promise<{ variants: SyntheticVariant[]; seeds: string[] }> => {
    const { projectId, request } = input;
    const mode = request.failureMode ? await findFailureMode(deps.pool, projectId, request.failureMode) : null;
    if (request.failureMode && !mode)
      throw new AppError('not_found', `failureMode: no failure mode "${request.failureMode}" in this project`);
    const seeds = request.seeds ?? (await recentDistinctInputs(deps.pool, projectId, DEFAULT_SEEDS));
    if (seeds.length === 0)
      throw new AppError('bad_request', 'seeds: no traces to take inputs from; pass seeds (example user messages)', {
        field: 'seeds',
      });
    if (request.templates?.length) return { variants: templateVariants(request, seeds), seeds };
    if (!deps.llm)
      throw new AppError(
        'bad_request',
        'templates: no LLM is configured (LLM_BASE_URL), so give templates ({ kind, template } with {input} for the seed)',
        { field: 'templates' },
      );
    const variants: SyntheticVariant[] = [];
    const seen = new Set<string>();
    for (const seed of seeds) {
      for (const kind of request.kinds) {
        const response = await deps.llm.chat.completions
          .create(
            {
              model: deps.config.LLM_MODEL,
              temperature: 0.7,
              response_format: { type: 'json_object' },
              messages: variantPrompt(kind, seed, request.perSeed, mode && { key: mode.key, rubric: mode.rubric }),
            },
            { maxRetries: 2, timeout: 60_000 },
          )
          .catch((err: unknown) => {
            throw classifyLlmError(err, 60_000);
          });
        const parsed = llmVariantsSchema.safeParse(safeJson(response.choices[0]?.message.content ?? ''));
        if (!parsed.success) {
          deps.log(`synthetic bootstrap: the model's ${kind} reply was not {"inputs": [...]}; skipped`);
          continue;
        }
        for (const text of parsed.data.inputs.slice(0, request.perSeed)) {
          const id = variantId(kind, request.failureMode ?? null, text);
          if (seen.has(id)) continue;
          seen.add(id);
          variants.push({ id, kind, input: text, seed, failureMode: request.failureMode ?? null, generator: 'llm' });
        }
      }
    }
    return { variants, seeds };
  };

const safeJson = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
};
