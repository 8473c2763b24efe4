import { parseArgs } from 'node:util';
import { GROUPINGS, type Grouping, type Scorecard, scorecardCsv } from '../core/scorecard/build.js';
import { createApiClient } from './api-client.js';

const USAGE = `usage: evalloop scorecard [--by release|prompt_version|model_version] [--csv]
       evalloop scorecard compute --release R   (admin: run the gating and signal evaluators on R)
`;

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(0)}%`);

/** The scorecard as text: one block per group, one line per evaluator. */
export const scorecardText = (s: Scorecard) => {
  const ev = new Map(s.evaluators.map((e) => [e.versionId, e]));
  const width = Math.max(10, ...s.evaluators.map((e) => `${e.failureMode}/${e.name} v${e.version}`.length));
  const lines: string[] = [];
  for (const g of s.groups) {
    lines.push(`${s.by} ${g.key}  (first trace ${g.firstTraceAt.slice(0, 16)}, ${g.traces} traces)`);
    for (const c of s.cells.filter((x) => x.group === g.key)) {
      const e = ev.get(c.versionId)!;
      const name = `${e.failureMode}/${e.name} v${e.version}`.padEnd(width);
      lines.push(
        c.correctedPassRate === null
          ? `  ${name}  not measurable: ${c.notMeasurable?.replace('_', ' ')}${c.n ? ` (n ${c.n})` : ''}`
          : `  ${name}  ${pct(c.correctedPassRate).padStart(4)}  [${pct(c.lower)}, ${pct(c.upper)}]  n ${c.n}  (${e.status})`,
      );
    }
  }
  if (s.groups.length === 0) lines.push(`no closed traces carry a ${s.by}`);
  return `${lines.join('\n')}\n`;
};

/** `evalloop scorecard`: the scorecard from the API, as text or CSV; `compute` fills a release's results. */
export const runScorecard = async (argv: string[], write: (s: string) => void = (s) => process.stdout.write(s)) => {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      by: { type: 'string', default: 'release' },
      csv: { type: 'boolean', default: false },
      release: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
      project: { type: 'string' },
    },
  });
  const api = createApiClient({ url: values.url, key: values.key, project: values.project });
  if (positionals[0] === 'compute') {
    if (!values.release) throw new Error(`--release is required\n${USAGE}`);
    const out = await api.post<{ traces: number; runs: { versionId: string; evaluated: number; errors: number }[] }>(
      '/api/scorecard/compute',
      { release: values.release },
    );
    write(`release ${values.release}: ${out.traces} traces, ${out.runs.length} evaluators run\n`);
    return 0;
  }
  if (positionals.length > 0) throw new Error(`unknown argument "${positionals[0]}"\n${USAGE}`);
  if (!(GROUPINGS as readonly string[]).includes(values.by)) {
    throw new Error(`--by must be one of ${GROUPINGS.join(', ')}, got "${values.by}"`);
  }
  const s = await api.get<Scorecard>(`/api/scorecard?by=${values.by as Grouping}&format=json`);
  write(values.csv ? scorecardCsv(s) : scorecardText(s));
  return 0;
};
