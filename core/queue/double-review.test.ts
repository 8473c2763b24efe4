import { describe, expect, it } from 'vitest';
import { pickDoubleReview } from './double-review.js';

const ids = Array.from({ length: 40 }, (_, i) => `t${i}`);

describe('pickDoubleReview', () => {
  it.each([
    { share: 0, n: 0 },
    { share: 0.2, n: 8 },
    { share: 0.25, n: 10 },
    { share: 1, n: 40 },
  ])('picks round($share × 40) = $n traces', ({ share, n }) => {
    const picked = pickDoubleReview(ids, share, 'cycle-a');
    expect(picked.size).toBe(n);
    for (const id of picked) expect(ids).toContain(id);
  });

  it('is seeded by the cycle and independent of input order', () => {
    const a = pickDoubleReview(ids, 0.2, 'cycle-a');
    expect(pickDoubleReview([...ids].reverse(), 0.2, 'cycle-a')).toEqual(a);
    expect(pickDoubleReview(ids, 0.2, 'cycle-b')).not.toEqual(a);
  });

  it.each([-0.1, 1.5, Number.NaN])('rejects share %s', (share) => {
    expect(() => pickDoubleReview(ids, share, 'c')).toThrow(/within 0\.\.1/);
  });
});
