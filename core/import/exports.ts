import { systemOf, textOf } from './text-of.js';

/**
 * The exports of the tools teams already use, mapped onto import rows (core/import/row.ts): the
 * same normalized fields (input, output, system, documents, tool calls, session, user, release,
 * model, tokens, time) whatever the source. Each mapper takes the parsed items of one file and
 * returns one candidate row per trace, or an error naming the item it could not read.
 */
export type Candidate = { row: Record<string, unknown> } | { error: string; ref: string };

type Json = unknown;
type Obj = Record<string, Json>;
const obj = (v: Json): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: Json) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: Json) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const nonEmpty = <T>(list: T[]) => (list.length > 0 ? list : undefined);
const defined = (o: Obj) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

/** A timestamp as ISO with a zone (LangSmith and Phoenix sometimes omit it: UTC is meant). */
const iso = (v: Json) => {
  const s = str(v);
  if (!s) return undefined;
  const zoned = /([zZ]|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s}Z`;
  const t = Date.parse(zoned);
  return Number.isFinite(t) ? new Date(t).toISOString() : s;
};
const spanMs = (start: Json, end: Json) => {
  const a = Date.parse(iso(start) ?? '');
  const b = Date.parse(iso(end) ?? '');
  return Number.isFinite(a) && Number.isFinite(b) && b >= a ? b - a : undefined;
};
const tagsOf = (tags: Json, prefix: string) =>
  Array.isArray(tags) && tags.length
    ? Object.fromEntries(tags.filter((t) => typeof t === 'string').map((t) => [`${prefix}${t}`, true]))
    : undefined;

// ---- Langfuse: traces with their observations (UI download, table export, public API) ----

const langfuseDocuments = (output: Json) => {
  const list = Array.isArray(output) ? output : (obj(output)?.documents ?? null);
  if (!Array.isArray(list)) return undefined;
  return list.flatMap((d) => {
    const o = obj(d);
    const content = str(o?.pageContent) ?? str(o?.page_content) ?? str(o?.content) ?? str(o?.text);
    if (!o || !content) return [];
    const meta = obj(o.metadata) ?? {};
    return [defined({ id: str(o.id) ?? str(meta.id), title: str(meta.title), content, source: str(meta.source) })];
  });
};

const fromLangfuseTrace = (item: Obj): Candidate => {
  const trace = obj(item.trace) ?? item;
  const id = str(trace.id);
  if (!id) return { error: 'a Langfuse trace without an id', ref: JSON.stringify(trace).slice(0, 80) };
  const observations = (
    Array.isArray(item.observations) ? item.observations : Array.isArray(trace.observations) ? trace.observations : []
  )
    .map(obj)
    .filter((o): o is Obj => o !== null);
  const generations = observations.filter((o) => o.type === 'GENERATION');
  const firstGen = generations[0];
  const tools = observations.filter((o) => o.type === 'TOOL');
  const retrievals = observations.filter((o) => o.type === 'RETRIEVER');
  const sum = (key: string) =>
    generations.reduce<number | undefined>((n, g) => {
      const usage = obj(g.usageDetails) ?? obj(g.usage) ?? {};
      const v = num(usage[key]) ?? num(usage[key === 'input' ? 'promptTokens' : 'completionTokens']);
      return v === undefined ? n : (n ?? 0) + v;
    }, undefined);
  const latency = num(trace.latency);
  return {
    row: defined({
      id,
      input: textOf(trace.input ?? firstGen?.input, 'last-user') ?? undefined,
      output: textOf(trace.output ?? generations.at(-1)?.output) ?? undefined,
      system: systemOf(firstGen?.input),
      session: str(trace.sessionId) ?? str(trace.session_id),
      user: str(trace.userId) ?? str(trace.user_id),
      release: str(trace.release),
      environment: str(trace.environment),
      model: str(firstGen?.model) ?? str(firstGen?.providedModelName),
      timestamp: iso(trace.timestamp),
      latencyMs: latency === undefined ? undefined : latency * 1000,
      inputTokens: sum('input'),
      outputTokens: sum('output'),
      tags: tagsOf(trace.tags, 'langfuse.tag.'),
      toolCalls: tools.length
        ? tools.map((t) =>
            defined({
              name: str(t.name) ?? 'tool',
              arguments: obj(t.input) ?? textOf(t.input) ?? undefined,
              result: textOf(t.output) ?? undefined,
              error: t.level === 'ERROR' ? (str(t.statusMessage) ?? 'error') : undefined,
            }),
          )
        : undefined,
      documents: nonEmpty(retrievals.flatMap((r) => langfuseDocuments(r.output) ?? []).slice(0, 200)),
    }),
  };
};

export const fromLangfuse = (items: Json[]): Candidate[] =>
  items
    .flatMap((i) => (Array.isArray(i) ? i : [i]))
    .map((i) => {
      const o = obj(i);
      return o ? fromLangfuseTrace(o) : { error: 'not a Langfuse trace object', ref: String(i).slice(0, 80) };
    });

// ---- LangSmith: runs (list_runs / export) grouped by trace, or dataset examples ----

const langsmithMeta = (run: Obj) => obj(obj(run.extra)?.metadata) ?? {};
const langsmithModel = (run: Obj) => {
  const extra = obj(run.extra) ?? {};
  const params = obj(extra.invocation_params) ?? {};
  return str(params.model) ?? str(params.model_name) ?? str(langsmithMeta(run).ls_model_name);
};

const fromLangsmithTrace = (traceId: string, runs: Obj[]): Candidate => {
  const root = runs.find((r) => !str(r.parent_run_id)) ?? runs.find((r) => r.id === traceId);
  if (!root) return { error: `LangSmith trace ${traceId}: no root run (every run has a parent)`, ref: traceId };
  const byStart = [...runs].sort((a, b) => String(a.start_time ?? '').localeCompare(String(b.start_time ?? '')));
  const llms = byStart.filter((r) => r.run_type === 'llm');
  const meta = langsmithMeta(root);
  const tokens = (key: string) =>
    llms.reduce<number | undefined>((n, r) => (num(r[key]) === undefined ? n : (n ?? 0) + num(r[key])!), undefined);
  const tools = byStart.filter((r) => r.run_type === 'tool');
  const documents = byStart
    .filter((r) => r.run_type === 'retriever')
    .flatMap((r) => langfuseDocuments(obj(r.outputs)?.documents ?? r.outputs) ?? []);
  return {
    row: defined({
      id: traceId,
      input: textOf(root.inputs, 'last-user') ?? undefined,
      output: textOf(root.outputs) ?? undefined,
      system: llms.length ? systemOf(obj(llms[0]!.inputs)?.messages) : undefined,
      session: str(meta.session_id) ?? str(meta.thread_id) ?? str(meta.conversation_id),
      user: str(meta.user_id),
      release: str(meta.revision_id) ?? str(meta.release),
      environment: str(meta.environment),
      model: llms.map(langsmithModel).find((m) => m !== undefined),
      timestamp: iso(root.start_time),
      latencyMs: spanMs(root.start_time, root.end_time),
      inputTokens: tokens('prompt_tokens'),
      outputTokens: tokens('completion_tokens'),
      tags: tagsOf(root.tags, 'langsmith.tag.'),
      toolCalls: tools.length
        ? tools.map((t) =>
            defined({
              name: str(t.name) ?? 'tool',
              arguments: obj(obj(t.inputs)?.input) ?? textOf(obj(t.inputs)?.input ?? t.inputs) ?? undefined,
              result: textOf(obj(t.outputs)?.output ?? t.outputs) ?? undefined,
              error: str(t.error),
            }),
          )
        : undefined,
      documents: documents.length ? documents.slice(0, 200) : undefined,
    }),
  };
};

export const fromLangsmith = (items: Json[]): Candidate[] => {
  const out: Candidate[] = [];
  const traces = new Map<string, Obj[]>();
  for (const item of items.flatMap((i) => (Array.isArray(i) ? i : [i]))) {
    const o = obj(item);
    if (!o) {
      out.push({ error: 'not a LangSmith run or example object', ref: String(item).slice(0, 80) });
      continue;
    }
    if (o.run_type === undefined && o.inputs !== undefined) {
      // A dataset example: inputs, outputs (reference), metadata.
      const meta = obj(o.metadata) ?? {};
      out.push({
        row: defined({
          id: str(o.id),
          input: textOf(o.inputs, 'last-user') ?? undefined,
          output: textOf(o.outputs) ?? undefined,
          session: str(meta.session_id),
          timestamp: iso(o.created_at),
        }),
      });
      continue;
    }
    const traceId = str(o.trace_id) ?? str(o.id);
    if (!traceId) {
      out.push({ error: 'a LangSmith run without id or trace_id', ref: JSON.stringify(o).slice(0, 80) });
      continue;
    }
    traces.set(traceId, [...(traces.get(traceId) ?? []), o]);
  }
  for (const [traceId, runs] of traces) out.push(fromLangsmithTrace(traceId, runs));
  return out;
};

// ---- Arize Phoenix: spans (REST/JSON, or the spans dataframe as JSONL/CSV) grouped by trace ----

/** An attribute of a Phoenix span, whether nested ({input: {value}}) or flat ("input.value"). */
const attr = (attributes: Obj, path: string): Json => {
  if (path in attributes) return attributes[path];
  let cur: Json = attributes;
  for (const part of path.split('.')) {
    const o = obj(cur);
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else if (o && part in o) cur = o[part];
    else return undefined;
  }
  return cur;
};

/** A Phoenix span record in either export shape: `context.trace_id` nested or as a dataframe column. */
const phoenixSpan = (o: Obj) => {
  const context = obj(o.context) ?? {};
  const attributes: Obj = obj(o.attributes) ?? {};
  for (const [key, value] of Object.entries(o))
    if (key.startsWith('attributes.')) attributes[key.slice('attributes.'.length)] = value;
  return {
    traceId: str(context.trace_id) ?? str(o['context.trace_id']),
    spanId: str(context.span_id) ?? str(o['context.span_id']),
    parentId: str(o.parent_id),
    kind: String(o.span_kind ?? attr(attributes, 'openinference.span.kind') ?? '').toUpperCase(),
    name: str(o.name),
    start: o.start_time,
    end: o.end_time,
    error: String(o.status_code ?? '').toUpperCase() === 'ERROR' ? (str(o.status_message) ?? 'error') : undefined,
    attributes,
  };
};
type PhoenixSpan = ReturnType<typeof phoenixSpan>;

const phoenixDocuments = (s: PhoenixSpan) => {
  const docs = attr(s.attributes, 'retrieval.documents');
  if (!Array.isArray(docs)) return [];
  return docs.flatMap((d) => {
    const doc = obj(obj(d)?.document) ?? obj(d);
    const content = str(doc?.content);
    if (!doc || !content) return [];
    const meta = obj(typeof doc.metadata === 'string' ? safeJson(doc.metadata) : doc.metadata) ?? {};
    return [
      defined({ id: str(doc.id), content, score: num(doc.score), title: str(meta.title), source: str(meta.source) }),
    ];
  });
};
const safeJson = (s: string): Json => {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
};

const fromPhoenixTrace = (traceId: string, spans: PhoenixSpan[]): Candidate => {
  const root = spans.find((s) => !s.parentId);
  if (!root) return { error: `Phoenix trace ${traceId}: no root span (every span has a parent)`, ref: traceId };
  const llms = spans.filter((s) => s.kind === 'LLM');
  const tools = spans.filter((s) => s.kind === 'TOOL');
  const a = (s: PhoenixSpan, path: string) => attr(s.attributes, path);
  const tokens = (path: string) =>
    llms.reduce<number | undefined>(
      (n, s) => (num(a(s, path)) === undefined ? n : (n ?? 0) + num(a(s, path))!),
      undefined,
    );
  const documents = spans.filter((s) => s.kind === 'RETRIEVER').flatMap(phoenixDocuments);
  return {
    row: defined({
      id: traceId,
      input: textOf(a(root, 'input.value'), 'last-user') ?? undefined,
      output: textOf(a(root, 'output.value')) ?? undefined,
      system: llms.length ? systemOf(a(llms[0]!, 'llm.input_messages')) : undefined,
      session: str(a(root, 'session.id')) ?? spans.map((s) => str(a(s, 'session.id'))).find(Boolean),
      user: str(a(root, 'user.id')) ?? spans.map((s) => str(a(s, 'user.id'))).find(Boolean),
      model: llms.map((s) => str(a(s, 'llm.model_name'))).find(Boolean),
      timestamp: iso(root.start),
      latencyMs: spanMs(root.start, root.end),
      inputTokens: tokens('llm.token_count.prompt'),
      outputTokens: tokens('llm.token_count.completion'),
      toolCalls: tools.length
        ? tools.map((t) =>
            defined({
              name: str(a(t, 'tool.name')) ?? t.name ?? 'tool',
              arguments: textOf(a(t, 'tool.parameters') ?? a(t, 'input.value')) ?? undefined,
              result: textOf(a(t, 'output.value')) ?? undefined,
              error: t.error,
            }),
          )
        : undefined,
      documents: documents.length ? documents.slice(0, 200) : undefined,
    }),
  };
};

export const fromPhoenix = (items: Json[]): Candidate[] => {
  const out: Candidate[] = [];
  const traces = new Map<string, PhoenixSpan[]>();
  for (const item of items.flatMap((i) => (Array.isArray(i) ? i : ((obj(i)?.data as Json[] | undefined) ?? [i])))) {
    const o = obj(item);
    if (!o) {
      out.push({ error: 'not a Phoenix span or example object', ref: String(item).slice(0, 80) });
      continue;
    }
    const span = phoenixSpan(o);
    if (!span.traceId) {
      if (o.input !== undefined) {
        // A dataset example (download as JSONL/CSV): input, output, metadata.
        const meta = obj(o.metadata) ?? {};
        out.push({
          row: defined({
            id: str(o.id) ?? str(meta.id) ?? str(o.example_id),
            input: textOf(o.input, 'last-user') ?? undefined,
            output: textOf(o.output) ?? undefined,
            session: str(meta.session_id),
          }),
        });
      } else out.push({ error: 'a Phoenix span without context.trace_id', ref: JSON.stringify(o).slice(0, 80) });
      continue;
    }
    traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span]);
  }
  for (const [traceId, spans] of traces) out.push(fromPhoenixTrace(traceId, spans));
  return out;
};
