import type { CoveredVerdict, FrozenLabel } from './human-verdicts.js';

/**
 * When a failure mode came to exist, and when each of its rubric versions was written: what a
 * label made before coverage was recorded can be read against.
 */
export interface ModeHistory {
  key: string;
  createdAt: string;
  /** Its status now; a mode still only proposed was not active when any legacy label was made. */
  status?: string;
  /** Its rubric versions with the time each was written (any order). */
  rubricVersions?: { version: number; createdAt: string }[];
}

const time = (s: string) => Date.parse(s);

/** The rubric version of `mode` in force at `at`: the latest one written no later than it. */
const rubricVersionAt = (mode: ModeHistory, at: number): number | null => {
  let best: number | null = null;
  for (const r of mode.rubricVersions ?? []) {
    if (time(r.createdAt) <= at && (best === null || r.version > best)) best = r.version;
  }
  return best;
};

/** Whether the label records its coverage (made since coverage is recorded). */
export const recordsCoverage = (label: FrozenLabel): label is FrozenLabel & { covered: CoveredVerdict[] } =>
  Array.isArray(label.covered);

/**
 * What a label made before coverage was recorded judged, read conservatively:
 * - a label of mode X judged X only (its verdict says nothing about any other mode);
 * - a "no failure" label passed every mode active when it was made.
 *
 * "Active then" is approximated by "created no later than the label, and not still only proposed":
 * a mode's status history (proposed → active → retired) is not stored, so a mode active or retired
 * now is taken to have been active since it was created (a proposal activated later is counted from
 * its creation; the old form listed proposals too). Its rubric version is the latest written no
 * later than the label.
 */
const legacyCoverage = (label: FrozenLabel, modes: ModeHistory[]): CoveredVerdict[] => {
  if (label.failureMode !== null) {
    return [
      {
        failureMode: label.failureMode,
        rubricVersion: label.rubricVersion ?? null,
        verdict: label.verdict,
        score: label.score,
      },
    ];
  }
  const at = time(label.createdAt);
  return modes
    .filter((m) => time(m.createdAt) <= at && m.status !== 'proposed')
    .map((m) => ({ failureMode: m.key, rubricVersion: rubricVersionAt(m, at), verdict: 'pass' as const, score: null }))
    .sort((a, b) => a.failureMode.localeCompare(b.failureMode));
};

/** Every failure mode a label judged, with its verdict (legacy labels read by `legacyCoverage`). */
export const coverageOf = (label: FrozenLabel, modes: ModeHistory[]): CoveredVerdict[] =>
  recordsCoverage(label) ? label.covered : legacyCoverage(label, modes);

/**
 * The label's verdict on `mode`, or null when it did not judge that mode. Without a mode history,
 * a legacy "no failure" label is taken to have seen every mode (right when every mode predates it).
 */
export const coveredVerdict = (label: FrozenLabel, mode: string, modes?: ModeHistory[]): CoveredVerdict | null => {
  if (recordsCoverage(label)) return label.covered.find((c) => c.failureMode === mode) ?? null;
  if (label.failureMode !== null || modes !== undefined) {
    return legacyCoverage(label, modes ?? []).find((c) => c.failureMode === mode) ?? null;
  }
  return { failureMode: mode, rubricVersion: null, verdict: 'pass', score: null };
};

/** Labels that no other label of the list corrects (a correction replaces its label for every mode). */
export const currentLabels = <L extends FrozenLabel>(labels: L[]): L[] => {
  const superseded = new Set(labels.map((l) => l.supersedes).filter((s): s is string => !!s));
  return labels.filter((l) => !superseded.has(l.id));
};

/** The failure modes some current label judged failing, sorted. */
export const failingModes = (labels: FrozenLabel[], modes: ModeHistory[] = []): string[] => {
  const out = new Set<string>();
  for (const l of currentLabels(labels)) {
    for (const c of coverageOf(l, modes)) if (c.verdict === 'fail') out.add(c.failureMode);
  }
  return [...out].sort();
};

/** The failure modes some current label judged (either way), sorted. */
export const judgedModes = (labels: FrozenLabel[], modes: ModeHistory[]): string[] => {
  const out = new Set<string>();
  for (const l of currentLabels(labels)) for (const c of coverageOf(l, modes)) out.add(c.failureMode);
  return [...out].sort();
};
