/** What the consent view needs of a flipped item: the traces of both releases. */
interface FlipTraces {
  traceId: string;
  baselineTraceId: string;
}

/**
 * A gate's decisions as a non-admin may see them: flipped items whose trace (either release's)
 * may not be reviewed (`hidden`, core/consent.ts) are left out and counted in `hiddenNoConsent`.
 * The verdict and its numbers are unchanged: unconsented traces still count in aggregate rates.
 */
export const withoutUnconsentedFlips = <F extends FlipTraces, D extends { flipped: F[] }>(
  decisions: readonly D[],
  hidden: ReadonlySet<string>,
): (D & { hiddenNoConsent: number })[] =>
  decisions.map((d) => {
    const flipped = d.flipped.filter((f) => !hidden.has(f.traceId) && !hidden.has(f.baselineTraceId));
    return { ...d, flipped, hiddenNoConsent: d.flipped.length - flipped.length };
  });

/** Every trace id the decisions' flipped items name (both releases). */
export const flippedTraceIds = (decisions: readonly { flipped: FlipTraces[] }[]) =>
  decisions.flatMap((d) => d.flipped.flatMap((f) => [f.traceId, f.baselineTraceId]));
