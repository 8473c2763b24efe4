import { NEAR_DUPLICATE_DISTANCE } from '../signals/anomaly-score.js';
import type { DuplicateTest } from './fill.js';

interface Parsed {
  hi: number;
  lo: number;
  signals: string;
}

const popcount = (x: number) => {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

/**
 * Near-duplicate test over anomaly fingerprints (`<64-bit SimHash hex>:<signal set>`, see
 * core/signals/anomaly-score.ts): the same signal set and SimHashes at most
 * NEAR_DUPLICATE_DISTANCE bits apart. Candidates are found through 8 bands of 8 bits (LSH):
 * identical inputs always meet, near ones almost always, and no trace is compared with all others.
 */
export const createDuplicateTest = (): DuplicateTest => {
  const cache = new Map<string, Parsed | null>();
  const parse = (fp: string) => {
    let parsed = cache.get(fp);
    if (parsed === undefined) {
      const match = /^([0-9a-f]{8})([0-9a-f]{8}):(.*)$/.exec(fp);
      parsed = match
        ? { hi: Number.parseInt(match[1]!, 16), lo: Number.parseInt(match[2]!, 16), signals: match[3]! }
        : null;
      cache.set(fp, parsed);
    }
    return parsed;
  };
  return {
    buckets(fp) {
      const p = parse(fp);
      if (!p) return [];
      const out: string[] = [];
      for (let band = 0; band < 4; band++) {
        out.push(`${p.signals}|h${band}|${(p.hi >>> (band * 8)) & 0xff}`);
        out.push(`${p.signals}|l${band}|${(p.lo >>> (band * 8)) & 0xff}`);
      }
      return out;
    },
    near(a, b) {
      const pa = parse(a);
      const pb = parse(b);
      if (!pa || !pb || pa.signals !== pb.signals) return false;
      return popcount((pa.hi ^ pb.hi) >>> 0) + popcount((pa.lo ^ pb.lo) >>> 0) <= NEAR_DUPLICATE_DISTANCE;
    },
  };
};
