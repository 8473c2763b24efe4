import { describe, expect, it } from 'vitest';
import { fingerprintDistance, NEAR_DUPLICATE_DISTANCE } from '../signals/anomaly-score.js';
import { createDuplicateTest } from './duplicates.js';

const test = createDuplicateTest();

describe('duplicate test', () => {
  it.each([
    ['0000000000000000:error', '0000000000000000:error', true],
    ['0000000000000000:error', '00000000000003ff:error', true],
    ['0000000000000000:error', '00000000000007ff:error', false],
    ['0000000000000000:error', '0000000000000000:error+truncation', false],
    ['junk', '0000000000000000:error', false],
  ])('%s ~ %s → %s, agreeing with fingerprintDistance', (a, b, near) => {
    expect(test.near(a, b)).toBe(near);
    expect(fingerprintDistance(a, b) <= NEAR_DUPLICATE_DISTANCE).toBe(near);
  });

  it('puts identical fingerprints in the same buckets and different signal sets in different ones', () => {
    expect(test.buckets('0123456789abcdef:error')).toEqual(test.buckets('0123456789abcdef:error'));
    const a = new Set(test.buckets('0123456789abcdef:error'));
    expect(test.buckets('0123456789abcdef:truncation').some((b) => a.has(b))).toBe(false);
    expect(test.buckets('junk')).toEqual([]);
  });
});
