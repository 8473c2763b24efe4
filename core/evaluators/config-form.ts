import type { EvaluatorConfig } from './types.js';

/** An edit form's fields: the names of `<input>`s and their string values. */
export type FormFields = Record<string, string>;

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const lines = (s: string | undefined) =>
  (s ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : Number(s.trim()));
const opt = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim());
const checked = (s: string | undefined) => s === 'on' || s === 'true';

/** JSON typed into a field that does not parse: reported as `field: ...` like a zod issue. */
export class FormJsonError extends Error {}

const json = (s: string | undefined, what: string): unknown => {
  try {
    return JSON.parse(s ?? '');
  } catch (err) {
    throw new FormJsonError(`${what}: not valid JSON (${(err as Error).message})`);
  }
};

/** The form fields that show a stored config (the edit form's starting values). */
export const fieldsOfConfig = (config: EvaluatorConfig): FormFields => {
  const c = obj(config);
  switch (config.kind) {
    case 'regex':
      return { pattern: str(c.pattern), flags: str(c.flags), mode: str(c.mode), field: str(c.field) };
    case 'banned_phrases':
      return { phrases: config.phrases.join('\n'), field: config.field };
    case 'length':
      return {
        unit: config.unit,
        max: str(config.max),
        min: str(config.min),
        summaryPattern: str(config.summaryPattern),
      };
    case 'json_schema':
      return { target: config.target, tool: str(config.tool), schema: JSON.stringify(config.schema, null, 2) };
    case 'tool_args':
      return {
        expectations: (config.expectations ?? []).map((e) => `${e.inputPattern} => ${e.tool}`).join('\n'),
        rejectUnknownTools: config.rejectUnknownTools === false ? '' : 'on',
      };
    case 'citation':
      return {
        pattern: str(config.pattern),
        checkQuotes: config.checkQuotes === false ? '' : 'on',
        minQuoteWords: str(config.minQuoteWords),
      };
    case 'judge':
      return { rubric: config.rubric, model: config.model, provider: config.provider };
    case 'composite':
      return { op: config.op, children: JSON.stringify(config.children, null, 2) };
    case 'classifier':
      return {};
  }
};

/**
 * The config an edit form describes, before validation (evaluatorConfigSchema checks it and names
 * the wrong field). What a form cannot hold is kept from `base`: a judge's few-shot examples, a
 * classifier's trained weights. Throws FormJsonError when a JSON field does not parse.
 */
export const configFromFields = (kind: string, f: FormFields, base: EvaluatorConfig | null): unknown => {
  switch (kind) {
    case 'regex':
      return { kind, pattern: f.pattern ?? '', flags: opt(f.flags), mode: f.mode, field: f.field };
    case 'banned_phrases':
      return { kind, phrases: lines(f.phrases), field: f.field };
    case 'length':
      return { kind, unit: f.unit, max: num(f.max), min: num(f.min), summaryPattern: opt(f.summaryPattern) };
    case 'json_schema':
      return { kind, target: f.target, tool: opt(f.tool), schema: json(f.schema, 'schema') };
    case 'tool_args':
      return {
        kind,
        expectations: lines(f.expectations).map((l) => {
          const at = l.lastIndexOf('=>');
          return at < 0
            ? { inputPattern: l, tool: '' }
            : { inputPattern: l.slice(0, at).trim(), tool: l.slice(at + 2).trim() };
        }),
        rejectUnknownTools: checked(f.rejectUnknownTools),
      };
    case 'citation':
      return {
        kind,
        pattern: opt(f.pattern),
        checkQuotes: checked(f.checkQuotes),
        minQuoteWords: num(f.minQuoteWords),
      };
    case 'judge':
      return {
        kind,
        rubric: f.rubric ?? '',
        model: (f.model ?? '').trim(),
        provider: (f.provider ?? '').trim(),
        fewShot: base?.kind === 'judge' ? base.fewShot : [],
      };
    case 'composite':
      return { kind, op: f.op, children: json(f.children, 'children') };
    case 'classifier':
      return base?.kind === 'classifier' ? base : { kind };
    default:
      return { kind };
  }
};
