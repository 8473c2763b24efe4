/** Everything one run of the ingest bench measured. Times in ms, sizes in bytes, CPU in seconds. */
export interface IngestBenchResult {
  postgres: 'embedded' | 'DATABASE_URL';
  cpus: number;
  concurrency: number;
  batchSize: number;
  traffic: { spans: number; traces: number; requests: number; bodyBytes: number; attributeBytes: number };
  encodeMs: number;
  ingest: {
    elapsedMs: number;
    requests: number;
    retries: number;
    latenciesMs: number[];
    /** CPU used during the timed run; postgres is NaN when its processes are not on this machine. */
    cpu: { server: number; postgres: number; bench: number };
    loadBefore: number;
    storedSpans: number;
    storedTraces: number;
    tableBytes: number;
  };
  copy: { rows: number; elapsedMs: number; bytes: number; cpuSeconds: number; loadBefore: number };
  memory: { peak: number; maxRss: number; idleRss: number; benchPeak: number };
}

const MB = 1024 * 1024;
const RATIO_TARGET = 0.5;
const RSS_TARGET = 512 * MB;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sec = (n: number) => `${n.toFixed(1)} s`;
const perRow = (cpuSeconds: number, rows: number) => `${fmt((cpuSeconds * 1e6) / rows)} µs`;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** The bench's printout; the last line is the one-line summary scripts read. */
export const formatReport = (r: IngestBenchResult): string => {
  const { traffic, ingest, copy, memory } = r;
  const ingestRate = traffic.spans / (ingest.elapsedMs / 1000);
  const copyRate = copy.rows / (copy.elapsedMs / 1000);
  const ratio = ingestRate / copyRate;
  const latencies = [...ingest.latenciesMs].sort((a, b) => a - b);
  const { cpu } = ingest;
  const lines = [
    `postgres: ${r.postgres}; ${r.cpus} cpus shared by the bench, the server and postgres`,
    `traffic: ${fmt(traffic.spans)} spans in ${fmt(traffic.traces)} agent traces, ${traffic.requests} requests of ≤${r.batchSize} spans, ${(traffic.bodyBytes / MB).toFixed(1)} MB protobuf (encoded in ${fmt(r.encodeMs)} ms, untimed)`,
    `  attributes: ${fmt(traffic.attributeBytes / traffic.spans)} B/span on average (keys + values); protobuf ${fmt(traffic.bodyBytes / traffic.spans)} B/span`,
    `ingest: ${r.concurrency} clients, ${(ingest.elapsedMs / 1000).toFixed(2)} s from first send to last 200; ${ingest.requests} requests, ${ingest.retries} retries after 429/503`,
    `  ${fmt(ingestRate)} spans/s, ${(traffic.bodyBytes / MB / (ingest.elapsedMs / 1000)).toFixed(1)} MB/s of protobuf; latency p50 ${fmt(percentile(latencies, 0.5))} ms, p99 ${fmt(percentile(latencies, 0.99))} ms, max ${fmt(latencies.at(-1) ?? 0)} ms`,
    `  cpu: server ${sec(cpu.server)} (${perRow(cpu.server, traffic.spans)}/span), postgres ${sec(cpu.postgres)} (${perRow(cpu.postgres, traffic.spans)}/span), bench ${sec(cpu.bench)}; 1-min load avg before: ${ingest.loadBefore.toFixed(2)}`,
    `  stored: ${fmt(ingest.storedSpans)} spans (= sent), ${fmt(ingest.storedTraces)} traces; spans table ${fmt(ingest.tableBytes / MB)} MB with TOAST and index`,
    `raw copy: ${fmt(copy.rows)} rows (every stored span, same column values) into spans_copy (like spans including all), ${fmt(copy.bytes / MB)} MB of COPY text, ${(copy.elapsedMs / 1000).toFixed(2)} s`,
    `  ${fmt(copyRate)} rows/s; cpu: postgres ${sec(copy.cpuSeconds)} (${perRow(copy.cpuSeconds, copy.rows)}/row); 1-min load avg before: ${copy.loadBefore.toFixed(2)}`,
    `server memory: peak RSS (VmHWM) ${fmt(memory.peak / MB)} MB; highest 100 ms VmRSS sample ${fmt(memory.maxRss / MB)} MB; idle after start ${fmt(memory.idleRss / MB)} MB (bench process peak ${fmt(memory.benchPeak / MB)} MB)`,
    `targets: ingest/copy ≥ ${RATIO_TARGET.toFixed(2)} ${ratio >= RATIO_TARGET ? 'met' : 'NOT met'}; peak RSS < ${RSS_TARGET / MB} MB ${memory.peak < RSS_TARGET ? 'met' : 'NOT met'}`,
    `ingest: ${Math.round(ingestRate)} spans/s; raw copy: ${Math.round(copyRate)} rows/s; ratio: ${ratio.toFixed(2)}; server peak rss: ${Math.round(memory.peak / MB)} MB`,
  ];
  return `${lines.join('\n')}\n`;
};
