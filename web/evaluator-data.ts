/**
 * Reads the loosely typed JSON an evaluator version carries (its `metrics` and its calibration
 * report) into the shapes the pages draw; anything missing or malformed becomes null / empty.
 */

export interface Metrics {
  mcc: number | null;
  mccCI: { lower: number; upper: number } | null;
  confusion: { tp: number; fp: number; tn: number; fn: number } | null;
  tpr: number | null;
  tnr: number | null;
  accuracy: number | null;
  nFail: number | null;
  nPass: number | null;
  flipRate: number | null;
  band: string | null;
  reason: string | null;
  undefinedReason: string | null;
  folds: number | null;
  repeats: number | null;
  samples: number | null;
  /** Selection-aware (nested cross-validation over several candidates). */
  nested: boolean;
  candidates: number | null;
  /** Roughly how many more labels per class would likely settle the status. */
  moreLabelsPerClass: number | null;
  /** The class mix the MCC refers to, and the MCC at the production fail rate (one sentence). */
  prevalenceNote: string | null;
}

export interface Disagreement {
  traceId: string;
  human: string;
  predicted: string;
  score: number | null;
  critique: string | null;
  explanation: string | null;
}

export interface Report {
  protocol: { folds: number | null; samples: number | null; seed: string | null };
  predictions: number;
  disagreements: Disagreement[];
  threshold: number | null;
  family: string | null;
}

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const interval = (v: unknown) => {
  const o = obj(v);
  const lower = num(o.lower);
  const upper = num(o.upper);
  return lower === null || upper === null ? null : { lower, upper };
};

const confusion = (v: unknown) => {
  const o = obj(v);
  const [tp, fp, tn, fn] = [num(o.tp), num(o.fp), num(o.tn), num(o.fn)];
  return tp === null || fp === null || tn === null || fn === null ? null : { tp, fp, tn, fn };
};

export const readMetrics = (m: unknown): Metrics => {
  const o = obj(m);
  return {
    mcc: num(o.mcc),
    mccCI: interval(o.mccCI),
    confusion: confusion(o.confusion),
    tpr: num(o.tpr),
    tnr: num(o.tnr),
    accuracy: num(o.accuracy),
    nFail: num(o.nFail),
    nPass: num(o.nPass),
    flipRate: num(o.flipRate),
    band: str(o.band),
    reason: str(o.reason),
    undefinedReason: str(o.undefinedReason),
    folds: num(o.folds),
    repeats: num(o.repeats),
    samples: num(o.samples),
    nested: o.nested === true,
    candidates: num(o.candidates),
    moreLabelsPerClass: num(o.moreLabelsPerClass),
    prevalenceNote: str(obj(o.prevalence).note),
  };
};

export const readReport = (r: unknown): Report => {
  const o = obj(r);
  const protocol = obj(o.protocol);
  return {
    protocol: { folds: num(protocol.folds), samples: num(protocol.samples), seed: str(protocol.seed) },
    predictions: arr(o.predictions).length,
    disagreements: arr(o.disagreements).flatMap((d) => {
      const x = obj(d);
      const traceId = str(x.traceId);
      if (!traceId) return [];
      return [
        {
          traceId,
          human: str(x.human) ?? '?',
          predicted: str(x.predicted) ?? '?',
          score: num(x.score),
          critique: str(x.critique),
          explanation: str(x.explanation),
        },
      ];
    }),
    threshold: num(o.threshold),
    family: str(o.family),
  };
};

/** The strongest features of a classifier, by |weight|, with their recorded text when there is one. */
export const topFeatures = (model: unknown, n = 12) => {
  const m = obj(model);
  const weights = arr(m.weights).map((w) => num(w) ?? 0);
  const indices = Array.isArray(m.weightIndices) ? m.weightIndices.map((i) => num(i) ?? -1) : null;
  const names = obj(m.featureNames);
  return weights
    .map((w, k) => ({ index: indices ? (indices[k] ?? -1) : k, weight: w }))
    .filter((f) => f.weight !== 0)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, n)
    .map((f) => ({ ...f, name: str(names[String(f.index)]) ?? `feature #${f.index}` }));
};

/**
 * A config small enough to draw and to redact: a classifier's weight vector is replaced by its
 * strongest features (the rest of the config is kept as stored).
 */
export const displayConfig = (config: unknown): Obj => {
  const c = obj(config);
  if (c.kind === 'classifier') {
    const m = obj(c.model);
    return {
      kind: 'classifier',
      dimensions: num(m.dimensions),
      wordNgrams: arr(m.wordNgrams),
      charNgrams: arr(m.charNgrams),
      singleClass: str(m.singleClass),
      structuralFeatures: arr(m.structuralFeatures).length,
      features: topFeatures(m),
    };
  }
  if (c.kind === 'composite') return { ...c, children: arr(c.children).map(displayConfig) };
  return c;
};
