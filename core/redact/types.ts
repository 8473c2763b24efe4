/** The kinds of personal data and secrets the built-in detectors find. */
export const BUILTIN_KINDS = [
  'email',
  'phone',
  'card',
  'iban',
  'ssn',
  'national_id',
  'ip',
  'secret',
  'high_entropy',
  'name',
  'address',
] as const;

export type BuiltinKind = (typeof BUILTIN_KINDS)[number];

/** A built-in kind, or the kind name of a project's extra pattern. */
export type RedactionKind = BuiltinKind | (string & {});

/** One match in a text: `value` is `text.slice(start, end)`. */
export interface Detection {
  kind: RedactionKind;
  start: number;
  end: number;
  value: string;
}

/** Collects matches; detectors call it with the span of the value to redact. */
export type Emit = (kind: RedactionKind, start: number, end: number) => void;

/** A detector scans the whole text once and emits candidate spans; overlaps are resolved later. */
export type Detector = (text: string, emit: Emit) => void;
