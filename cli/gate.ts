import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { describeWaiver, renderJUnit, renderTable, type WaiverNote } from '../core/gate/report.js';
import type { GateResult } from '../core/gate/types.js';
import { createApiClient } from './api-client.js';

const USAGE = `usage: evalloop gate --project P --release R [--baseline B] [--outputs file.jsonl --dataset-version ID]
                     [--wait] [--timeout 30m] [--junit path] [--url URL] [--key KEY]
                     [--rerun] [--allow-inconclusive]
exit codes: 0 pass or waived (an admin let a blocked or inconclusive gate through), 1 blocked,
            2 error or timeout, 3 inconclusive (not enough evidence; --allow-inconclusive turns it into 0)
--rerun: run a new gate even when a decided one has the same evidence (it is reused otherwise)`;

/** The exit code of each verdict (inconclusive: 3, or 0 with --allow-inconclusive). */
export const EXIT = { pass: 0, blocked: 1, error: 2, inconclusive: 3 } as const;

const parseDuration = (text: string) => {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`--timeout: "${text}" is not a duration like 90s, 30m or 1h`);
  const n = Number(m[1]);
  return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
};

/** Reads candidate outputs: one JSON object per line, {"item": <dataset trace id>, "output": "..."}. */
const readOutputs = async (path: string) => {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim());
  return lines.map((line, i) => {
    try {
      const o = JSON.parse(line);
      if (typeof o.item !== 'string' || typeof o.output !== 'string')
        throw new Error('needs "item" and "output" strings');
      return o as { item: string; output: string; context?: Record<string, unknown> };
    } catch (err) {
      throw new Error(`${path}:${i + 1}: ${(err as Error).message}`);
    }
  });
};

type StartResponse = {
  id: string;
  status: string;
  reused: boolean;
  reusedFrom: { id: string; createdAt: string; decidedAt: string | null } | null;
  evidence?: { candidate: number; baseline: number; evaluators: number };
};

type GateResponse = {
  gate: {
    id: string;
    status: string;
    result: GateResult | null;
    markdown: string | null;
    error: string | null;
    waiver?: WaiverNote | null;
  };
  state: string;
  engine: { stage?: { stage?: string } | null } | null;
};

/**
 * `evalloop gate`: starts the gate of a release (or reuses the decided one whose evidence is
 * unchanged, saying so), waits for the verdict with progress on stderr, prints the verdict table,
 * writes the Markdown summary ($GITHUB_STEP_SUMMARY) and JUnit XML, and exits 0 (pass), 1 (blocked),
 * 2 (error or timeout) or 3 (inconclusive: not enough evidence; 0 with --allow-inconclusive).
 * The reports are built from the API's answer, which redacts users' inputs for non-admin keys.
 */
export const runGate = async (argv: string[]): Promise<number> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      project: { type: 'string' },
      release: { type: 'string' },
      baseline: { type: 'string' },
      outputs: { type: 'string' },
      'dataset-version': { type: 'string' },
      wait: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '30m' },
      junit: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
      rerun: { type: 'boolean', default: false },
      'allow-inconclusive': { type: 'boolean', default: false },
    },
  });
  if (!values.release) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const api = createApiClient({ url: values.url, key: values.key, project: values.project });
  const started = await api.post<StartResponse>('/api/gates', {
    release: values.release,
    baseline: values.baseline,
    datasetVersionId: values['dataset-version'],
    outputs: values.outputs ? await readOutputs(values.outputs) : undefined,
    ...(values.rerun ? { rerun: true } : {}),
  });
  const deadline = Date.now() + parseDuration(values.timeout);
  const t0 = Date.now();
  let response = await api.get<GateResponse>(`/api/gates/${encodeURIComponent(started.id)}`);
  while (values.wait && response.state === 'running') {
    const left = deadline - Date.now();
    if (left <= 0) {
      process.stderr.write(`gate ${started.id}: no verdict within ${values.timeout}\n`);
      return 2;
    }
    process.stderr.write(
      `gate ${started.id}: ${response.engine?.stage?.stage ?? 'queued'} (${Math.round((Date.now() - t0) / 1000)} s)\n`,
    );
    response = await api.get<GateResponse>(
      `/api/gates/${encodeURIComponent(started.id)}?wait=${Math.max(1, Math.min(30, Math.floor(left / 1000)))}`,
    );
  }
  if (response.state === 'running') {
    process.stdout.write(`gate ${started.id} is running; ask again with --wait\n`);
    return 2;
  }
  const { gate } = response;
  if (response.state === 'failed' || !gate.result) {
    process.stderr.write(`gate ${started.id} failed: ${gate.error ?? 'see the server log'}\n`);
    return 2;
  }
  const reuse = started.reused
    ? `reused verdict of ${started.reusedFrom?.decidedAt ?? started.reusedFrom?.createdAt ?? 'an earlier run'}, evidence unchanged ` +
      `(gate ${started.id}); pass --rerun to run it again`
    : null;
  process.stdout.write(`${renderTable(gate.result)}\n`);
  if (reuse) process.stdout.write(`${reuse}\n`);
  const lacking = gate.result.decisions.filter((x) => x.decision === 'inconclusive' && x.evaluator.status === 'gate');
  if (lacking.length > 0) process.stdout.write('\nnot enough evidence to vouch for the release:\n');
  for (const d of lacking) process.stdout.write(`  ${d.evaluator.name}: ${d.reason}\n`);
  for (const d of gate.result.decisions.filter((x) => x.blocking)) {
    const flipped = d.flipped.filter((f) => f.from === 'pass' && f.to === 'fail');
    process.stdout.write(`\n${d.evaluator.name}: ${flipped.length} item(s) went from pass to fail, e.g.\n`);
    for (const f of flipped.slice(0, 8))
      process.stdout.write(`  ${api.url}/traces/${f.traceId}  (baseline ${f.baselineTraceId})\n`);
  }
  if (gate.markdown && process.env.GITHUB_STEP_SUMMARY)
    await appendFile(process.env.GITHUB_STEP_SUMMARY, `${gate.markdown}${reuse ? `\n_${reuse}._\n` : ''}\n`);
  if (values.junit) await writeFile(values.junit, renderJUnit(gate.result, gate.waiver));
  const verdict = gate.result.verdict;
  if (gate.waiver) {
    process.stdout.write(`\ngate ${started.id} is WAIVED (was ${verdict}): ${describeWaiver(gate.waiver)}\n`);
    return EXIT.pass;
  }
  if (verdict === 'inconclusive' && values['allow-inconclusive']) {
    process.stdout.write('inconclusive verdict accepted because of --allow-inconclusive: exit 0 instead of 3\n');
    return EXIT.pass;
  }
  return EXIT[verdict] ?? EXIT.error;
};
