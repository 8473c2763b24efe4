import { describe, expect, it } from 'vitest';
import { configDiff, diffLines } from './config-diff.js';

describe('config diff', () => {
  it('keeps common lines and marks removed and added ones in order', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc\nd')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'x' },
      { op: ' ', text: 'c' },
      { op: '+', text: 'd' },
    ]);
  });

  it('shows a changed phrase list and threshold, and nothing for identical configs', () => {
    const before = { config: { kind: 'banned_phrases', phrases: ['as an ai'], field: 'output' }, threshold: 0.5 };
    const after = {
      config: { kind: 'banned_phrases', phrases: ['as an ai', 'i cannot'], field: 'output' },
      threshold: 0.7,
    };
    const changed = configDiff(before, after).filter((l) => l.op !== ' ');
    expect(changed).toEqual([
      { op: '-', text: '    "as an ai"' },
      { op: '+', text: '    "as an ai",' },
      { op: '+', text: '    "i cannot"' },
      { op: '-', text: 'threshold: 0.5' },
      { op: '+', text: 'threshold: 0.7' },
    ]);
    expect(configDiff(before, before).every((l) => l.op === ' ')).toBe(true);
    // Key order does not count (jsonb stores keys in its own order).
    const reordered = { config: { field: 'output', phrases: ['as an ai'], kind: 'banned_phrases' }, threshold: 0.5 };
    expect(configDiff(before, reordered).every((l) => l.op === ' ')).toBe(true);
  });
});
