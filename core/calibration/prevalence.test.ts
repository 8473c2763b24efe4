import { describe, expect, it } from 'vitest';
import { withSyntheticShare } from './prevalence.js';

describe('synthetic share in calibration reports', () => {
  const base = {
    calibrationFailRate: 0.5,
    production: null,
    mccAtProduction: null,
    note: 'MCC refers to a calibration set with 50.0% failing',
  };
  it('says how many calibration labels are synthetic, and nothing when none are', () => {
    expect(withSyntheticShare(base, 0, 20)).toBe(base);
    const r = withSyntheticShare(base, 5, 20);
    expect(r.synthetic).toEqual({ labels: 5, of: 20 });
    expect(r.note).toMatch(/5 of 20 calibration labels \(25\.0%\) are on synthetic traces/);
  });
});
