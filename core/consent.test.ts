import { describe, expect, it } from 'vitest';
import { consentOfSpans, consentReason, DEFAULT_CONSENT, mayReview, readConsentValue } from './consent.js';
import { flippedTraceIds, withoutUnconsentedFlips } from './gate/consent-view.js';
import { resolveProjectSettings } from './project-settings.js';

const ATTRS = DEFAULT_CONSENT.attributes;
const span = (attributes: Record<string, unknown>) => ({ attributes });

describe('consent values', () => {
  it.each([
    [true, 'granted'],
    [1, 'granted'],
    ['true', 'granted'],
    [' Yes ', 'granted'],
    ['opt-in', 'granted'],
    ['granted', 'granted'],
    [false, 'refused'],
    [0, 'refused'],
    ['FALSE', 'refused'],
    ['no', 'refused'],
    ['revoked', 'refused'],
    ['opt-out', 'refused'],
    ['maybe', 'invalid'],
    ['', 'invalid'],
    [2, 'invalid'],
    [{ a: 1 }, 'invalid'],
  ] as const)('%j reads as %s', (value, state) => {
    expect(readConsentValue(value)).toBe(state);
  });
});

describe('consent of a trace', () => {
  it('is null when no span carries a consent attribute', () => {
    expect(consentOfSpans([span({ 'user.id': 'u1' }), span({})], ATTRS)).toBeNull();
  });

  it('reads any of the configured attributes on any span', () => {
    expect(consentOfSpans([span({}), span({ 'evalloop.consent': 'yes' })], ATTRS)).toBe('granted');
    expect(consentOfSpans([span({ 'app.review_ok': true })], ['app.review_ok'])).toBe('granted');
    expect(consentOfSpans([span({ 'user.consent.review': true })], ['app.review_ok'])).toBeNull();
  });

  it('lets a refusal anywhere win over a grant, in either order (a late span withdraws consent)', () => {
    const grant = span({ 'user.consent.review': true });
    const refuse = span({ 'evalloop.consent': 'false' });
    expect(consentOfSpans([grant, refuse], ATTRS)).toBe('refused');
    expect(consentOfSpans([refuse, grant], ATTRS)).toBe('refused');
  });

  it('never reads an unreadable value as consent', () => {
    expect(
      consentOfSpans([span({ 'user.consent.review': true }), span({ 'evalloop.consent': 'perhaps' })], ATTRS),
    ).toBe('invalid');
    expect(
      consentOfSpans([span({ 'evalloop.consent': 'perhaps' }), span({ 'user.consent.review': 'no' })], ATTRS),
    ).toBe('refused');
  });
});

describe('who may be reviewed', () => {
  const optional = DEFAULT_CONSENT;
  const required = { ...DEFAULT_CONSENT, required: true };
  it.each([
    ['granted', optional, 'granted', true],
    ['granted', required, 'granted', true],
    [null, optional, 'not_required', true],
    [null, required, 'missing', false],
    ['refused', optional, 'refused', false],
    ['invalid', optional, 'invalid', false],
  ] as const)('%s with required=%j: %s', (state, settings, reason, may) => {
    expect(consentReason(state, settings)).toBe(reason);
    expect(mayReview(state, settings)).toBe(may);
  });
});

describe('consent settings', () => {
  it('defaults to the two attribute names, not required (backward compatible)', () => {
    expect(resolveProjectSettings({}).consent).toEqual({ attributes: ATTRS, required: false });
  });

  it('keeps a stored requirement even when other settings are invalid', () => {
    const settings = resolveProjectSettings({ cycleCron: 42, consent: { required: true, attributes: ['x.ok'] } });
    expect(settings.consent).toEqual({ attributes: ['x.ok'], required: true });
    expect(resolveProjectSettings({ consent: { required: true, attributes: [] } }).consent.required).toBe(true);
  });
});

describe('gate flipped items for non-admins', () => {
  const flip = (traceId: string, baselineTraceId: string) => ({ key: traceId, traceId, baselineTraceId });
  it('leaves out items whose candidate or baseline trace has no consent, and counts them', () => {
    const decisions = [{ flipped: [flip('a', 'b'), flip('c', 'd'), flip('e', 'f')] }, { flipped: [] }];
    expect(flippedTraceIds(decisions)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    const view = withoutUnconsentedFlips(decisions, new Set(['b', 'e']));
    expect(view[0]!.flipped.map((f) => f.traceId)).toEqual(['c']);
    expect(view[0]!.hiddenNoConsent).toBe(2);
    expect(view[1]!.hiddenNoConsent).toBe(0);
  });
});
