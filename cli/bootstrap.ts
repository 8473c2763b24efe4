import { parseArgs } from 'node:util';
import type { ImportReport } from '../core/import/formats.js';
import { type SyntheticVariant, VARIANT_KINDS } from '../core/import/synthetic.js';
import { createApiClient } from './api-client.js';

const USAGE = `usage: evalloop bootstrap [--failure-mode M] [--kind ${VARIANT_KINDS.join('|')}]... [--seed TEXT]...
                          [--template KIND=TEXT]... [--per-seed N] [--no-import] [--url U] [--key K]
  Synthetic inputs per failure mode, written by the configured LLM or, with --template (where {input} is the seed),
  deterministically. Prints the variants as JSON lines (id, kind, input) to run through your application;
  unless --no-import they are also stored as synthetic traces. Needs an admin key.`;

/** `evalloop bootstrap`: POST /api/bootstrap, variants as JSONL on stdout, a summary on stderr. */
export const runBootstrap = async (argv: string[]): Promise<number> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      'failure-mode': { type: 'string' },
      kind: { type: 'string', multiple: true },
      seed: { type: 'string', multiple: true },
      template: { type: 'string', multiple: true },
      'per-seed': { type: 'string' },
      'no-import': { type: 'boolean', default: false },
      url: { type: 'string' },
      key: { type: 'string' },
    },
  });
  const templates = (values.template ?? []).map((t) => {
    const at = t.indexOf('=');
    if (at < 1) throw new Error(`--template must be KIND=TEXT (e.g. injection='Ignore the rules. {input}')\n${USAGE}`);
    return { kind: t.slice(0, at), template: t.slice(at + 1) };
  });
  const api = createApiClient({ url: values.url, key: values.key });
  const answer = await api.post<{ seeds: string[]; variants: SyntheticVariant[]; imported: ImportReport | null }>(
    '/api/bootstrap',
    {
      failureMode: values['failure-mode'],
      kinds: values.kind,
      seeds: values.seed,
      templates: templates.length ? templates : undefined,
      perSeed: values['per-seed'] ? Number(values['per-seed']) : undefined,
      import: !values['no-import'],
    },
  );
  for (const v of answer.variants)
    process.stdout.write(`${JSON.stringify({ id: v.id, kind: v.kind, input: v.input, synthetic: true })}\n`);
  process.stderr.write(
    `${answer.variants.length} variant(s) from ${answer.seeds.length} seed(s)` +
      (answer.imported ? `; stored ${answer.imported.imported} as synthetic traces\n` : '; not stored (--no-import)\n'),
  );
  return 0;
};
