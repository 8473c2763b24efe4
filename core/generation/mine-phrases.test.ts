import { describe, expect, it } from 'vitest';
import { mineDiscriminativePhrases, phrasesToRegex } from './mine-phrases.js';

describe('mineDiscriminativePhrases', () => {
  const failing = [
    'As an AI language model, I cannot browse. The capital is Paris.',
    'As an AI language model I think it is Lyon.',
    'I cannot verify this, but as an AI language model: Berlin.',
    'As an AI language model, the answer is 42.',
  ];
  const passing = [
    'The capital is Paris [1].',
    'According to the report, revenue grew 12% [2].',
    'Berlin is the capital [1].',
    'It is 42 [3].',
  ];

  it('finds phrases of failing outputs that passing ones lack, strongest first', () => {
    const phrases = mineDiscriminativePhrases(failing, passing);
    expect(phrases[0]!.phrase).toMatch(/ai language model/);
    expect(phrases[0]!.failShare).toBe(1);
    expect(phrases[0]!.passShare).toBe(0);
    expect(phrases.every((p) => p.passShare <= 0.1)).toBe(true);
    expect(phrases.map((p) => p.phrase)).not.toContain('the capital');
  });

  it('returns nothing when nothing separates the classes', () => {
    expect(mineDiscriminativePhrases(passing, passing)).toEqual([]);
    expect(mineDiscriminativePhrases([], passing)).toEqual([]);
  });

  it('builds a whitespace-tolerant whole-word regex', () => {
    const re = new RegExp(phrasesToRegex(['ai language model', 'c++ (beta)']), 'i');
    expect(re.test('as an AI   language\nmodel')).toBe(true);
    expect(re.test('as an AI languages model')).toBe(false);
  });
});
