import { describe, expect, it } from 'vitest';
import { describePredicate, matchPredicate, readAttribute } from './predicates.js';
import type { AttributePredicate } from './types.js';

const attributes = {
  'user.feedback': 'Thumbs_Down',
  'feedback.score': '0.25',
  'guardrail.triggered': 'true',
  'moderation.categories': ['spam', 'hate'],
  metadata: { review: { flag: true } },
};

describe('matchPredicate', () => {
  it.each<[AttributePredicate, unknown]>([
    [{ attribute: 'user.feedback', op: 'matches', value: '^thumbs_down$' }, 'Thumbs_Down'],
    [{ attribute: 'user.feedback', op: 'equals', value: 'thumbs_down' }, 'Thumbs_Down'],
    [{ attribute: 'feedback.score', op: 'lt', value: 0.5 }, '0.25'],
    [{ attribute: 'feedback.score', op: 'gt', value: '0.1' }, '0.25'],
    [{ attribute: 'guardrail.triggered', op: 'equals', value: true }, 'true'],
    [{ attribute: 'moderation.categories', op: 'equals', value: 'hate' }, 'hate'],
    [{ attribute: 'metadata.review.flag', op: 'equals', value: true }, true],
    [{ attribute: 'metadata.review', op: 'exists' }, { flag: true }],
  ])('matches %j', (predicate, value) => {
    expect(matchPredicate(attributes, predicate)).toEqual({ value });
  });

  it.each<AttributePredicate>([
    { attribute: 'user.feedback', op: 'matches', value: '^thumbs_up$' },
    { attribute: 'user.feedback', op: 'matches', value: '(' },
    { attribute: 'feedback.score', op: 'gt', value: 0.5 },
    { attribute: 'feedback.score', op: 'lt', value: 'low' },
    { attribute: 'user.feedback', op: 'lt', value: 1 },
    { attribute: 'missing', op: 'exists' },
    { attribute: 'missing', op: 'equals', value: 'x' },
    { attribute: 'metadata', op: 'equals', value: '[object Object]' },
    { attribute: 'constructor', op: 'exists' },
    { attribute: 'toString.name', op: 'exists' },
  ])('does not match %j', (predicate) => {
    expect(matchPredicate(attributes, predicate)).toBeNull();
  });

  it('reads the flat key before walking the path', () => {
    expect(readAttribute({ 'a.b': 1, a: { b: 2 } }, 'a.b')).toBe(1);
    expect(readAttribute({ a: { b: 2 } }, 'a.b')).toBe(2);
  });

  it('describes a predicate by its label, else by its parts', () => {
    expect(describePredicate({ attribute: 'x', op: 'gt', value: 3, label: 'too high' })).toBe('too high');
    expect(describePredicate({ attribute: 'feedback.score', op: 'lt', value: 0.5 })).toBe('feedback.score < 0.5');
    expect(describePredicate({ attribute: 'x', op: 'exists' })).toBe('x is set');
  });
});
