import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/**
 * Summarizes a V8 `.cpuprofile` (e.g. from `npm run bench:ingest -- --cpu-prof DIR`): the top
 * functions by self time, self time per source file, and the inclusive time of named functions
 * (the stages of the OTLP receiver by default).
 *
 *   npx tsx bench/profile-top.ts FILE.cpuprofile [--top 30] [--stage name ...]
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const DEFAULT_STAGES = [
  'handle',
  'readBody',
  'prepare',
  'decodeTracesProtobuf',
  'spanRejection',
  'normalizeSpan',
  'spanRow',
  'toPostgresJson',
  'stringify',
  'writeSpans',
  'execute',
  'query',
  '(garbage collector)',
  '(idle)',
  '(program)',
];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '30' }, stage: { type: 'string', multiple: true } },
});

const file = positionals[0];
if (!file) {
  process.stderr.write('usage: npx tsx bench/profile-top.ts FILE.cpuprofile [--top N] [--stage NAME ...]\n');
  process.exit(2);
}

const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, 'npm:')
    .replace(/^.*\/work\/main\//, '');
const label = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;

const selfByFunction = new Map<string, number>();
const selfByFile = new Map<string, number>();
const inclusive = new Map<string, number>();
const stages = new Set(values.stage ?? DEFAULT_STAGES);
let total = 0;
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  const node = byId.get(id);
  if (!node) return;
  total += ms;
  const fn = label(node);
  selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + ms);
  const src = shortUrl(node.callFrame.url) || node.callFrame.functionName;
  selfByFile.set(src, (selfByFile.get(src) ?? 0) + ms);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = byId.get(at)?.callFrame.functionName ?? '';
    if (stages.has(name) && !seen.has(name)) {
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  }
});

const top = Number(values.top);
const table = (title: string, entries: Map<string, number>, limit: number) => {
  process.stdout.write(`\n${title}\n`);
  for (const [name, ms] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    process.stdout.write(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}\n`);
  }
};
process.stdout.write(`${file}: ${(total / 1000).toFixed(1)} s sampled\n`);
table('self time by function', selfByFunction, top);
table('self time by file', selfByFile, top);
table('inclusive time of stages', inclusive, stages.size);
