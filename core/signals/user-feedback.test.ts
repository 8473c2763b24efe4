import { describe, expect, it } from 'vitest';
import { computeSignalsWithNotes } from './compute-signals.js';
import { llm, signalInput } from './signal-fixtures.js';
import type { SignalInput } from './types.js';

const feedbackOf = (feedback: SignalInput['feedback'], attributes: Record<string, unknown> = {}) =>
  computeSignalsWithNotes(signalInput([llm({ name: 'chat', attributes })], { feedback })).signals.find(
    (s) => s.name === 'user_feedback',
  );

describe('user_feedback', () => {
  it.each([
    [
      [{ score: 0.2, comment: 'wrong order number' }],
      {},
      0.8,
      "a user scored this trace 0.2 of 1: 'wrong order number'",
    ],
    [[{ score: 0, comment: null }], {}, 1, 'a user scored this trace 0 of 1'],
    [[{ score: 0.5, comment: '  ' }], {}, 0.5, 'a user scored this trace 0.5 of 1'],
    [[], { 'user.feedback': 'thumbs_down' }, 0.9, "user feedback: user.feedback = 'thumbs_down' on span 'chat'"],
    [[], { 'feedback.score': '0.3' }, 0.7, "user feedback: feedback.score = '0.3' on span 'chat'"],
    [
      [{ score: 0.4, comment: 'meh' }],
      { 'user.feedback': 'NEGATIVE' },
      0.9,
      "user feedback: user.feedback = 'NEGATIVE' on span 'chat' (2 negative feedback entries)",
    ],
  ])('fires for %j / %j', (feedback, attributes, strength, explanation) => {
    expect(feedbackOf(feedback, attributes)).toMatchObject({ strength, explanation });
  });

  it.each([
    [[{ score: 0.9, comment: 'great' }], {}],
    [[{ score: 0.6, comment: null }], {}],
    [[], { 'user.feedback': 'thumbs_up' }],
    [[], { 'feedback.score': 0.8 }],
    [[], { 'user.feedback': 'not bad at all' }],
  ])('does not fire for %j / %j', (feedback, attributes) => {
    expect(feedbackOf(feedback, attributes)).toBeUndefined();
  });
});
