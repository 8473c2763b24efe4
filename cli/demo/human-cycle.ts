const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// biome-ignore lint/suspicious/noExplicitAny: JSON from our own API
type Json = any;

export interface HumanCycleOptions {
  /** evalloop's base URL. */
  url: string;
  /** An admin key (starting a cycle needs it). */
  adminKey: string;
  /** The window of the fresh traffic the cycle reviews. */
  window: { from: Date; to: Date };
  /** Tasks to queue for the human reviewer (default 40). */
  budget?: number;
  /** How long to wait for the cycle to reach its review stage (default 120 s). */
  timeoutMs?: number;
}

export interface HumanCycle {
  cycleId: string;
  pending: number;
  total: number;
}

/**
 * Starts a refresh cycle over a window nobody has reviewed and waits until its queue is filled,
 * so the demo ends with work for a person: the cycle then waits (for days) for their labels.
 */
export const startHumanCycle = async (o: HumanCycleOptions): Promise<HumanCycle> => {
  const call = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const response = await fetch(`${o.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${o.adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json: Json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${json?.error?.message ?? response.status}`);
    return json;
  };
  const { cycle } = await call('POST', '/api/cycles', {
    from: o.window.from.toISOString(),
    to: o.window.to.toISOString(),
    budget: o.budget ?? 40,
    randomFraction: 0.3,
  });
  const path = `/api/cycles/${encodeURIComponent(cycle.id)}`;
  const until = Date.now() + (o.timeoutMs ?? 120_000);
  let state: Json = cycle;
  while (state.engine?.stage?.stage !== 'waiting for labels') {
    if (state.engine?.state === 'ERROR') throw new Error(`the review cycle failed: ${state.engine.error}`);
    if (state.engine?.state === 'SUCCESS') throw new Error('the review cycle finished without waiting for a reviewer');
    if (Date.now() > until) throw new Error('the review cycle did not reach its review stage in time');
    await sleep(300);
    state = (await call('GET', path)).cycle;
  }
  return { cycleId: cycle.id, pending: state.progress.pending, total: state.progress.total };
};

/** What the demo prints last: where the waiting review queue is and how to sign in to it. */
export const humanReviewInstructions = (url: string, cycle: HumanCycle, reviewKey: string) => [
  `Your turn: ${cycle.pending} traces wait for a human reviewer in a fresh cycle.`,
  `  open   ${url}/?cycle=${encodeURIComponent(cycle.cycleId)}`,
  `  sign in with the review key ${reviewKey} (or the admin key, which can also start cycles,`,
  '  activate failure modes, edit rubrics and generate evaluators from the pages)',
];
