import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { createRedactor } from './redactor.js';

describe('placeholders are consistent within a session', () => {
  it('gives the same value the same placeholder and different values different numbers', () => {
    const s = createRedactor().session();
    expect(s.redactText('from jane@example.com to bob@example.com')).toBe('from <EMAIL_1> to <EMAIL_2>');
    expect(s.redactText('reply to Jane@Example.COM, cc bob@example.com')).toBe('reply to <EMAIL_1>, cc <EMAIL_2>');
    expect(s.findings()).toEqual({ email: 4 });
  });

  it('compares phones by digits and cards by digits', () => {
    const s = createRedactor().session();
    expect(s.redactText('+1 (415) 555-0132 / 415-555-0132 / 415.555.0132 / 020 7946 0958')).toBe(
      '<PHONE_1> / <PHONE_1> / <PHONE_1> / <PHONE_2>',
    );
    expect(s.redactText('4111 1111 1111 1111 = 4111-1111-1111-1111')).toBe('<CARD_1> = <CARD_1>');
  });

  it('numbers each label separately and shares SECRET between known and high-entropy secrets', () => {
    const s = createRedactor().session();
    const out = s.redactText(
      'ssn 123-45-6789, iban GB82 WEST 1234 5698 7654 32, ip 203.0.113.9, ghp_Zx7Qp2Lm9Rt4Vb6Nc1Hd8Kf3Gs5Jw0Ay1234, then Zx7Qp2Lm9Rt4Vb6Nc1Hd8Kf3',
    );
    expect(out).toBe('ssn <SSN_1>, iban <IBAN_1>, ip <IP_1>, <SECRET_1>, then <SECRET_2>');
    expect(s.findings()).toEqual({ ssn: 1, iban: 1, ip: 1, secret: 1, high_entropy: 1 });
  });

  it('starts numbering again in a new session (one session per trace)', () => {
    const redactor = createRedactor();
    const a = redactor.session();
    a.redactText('x@a.io y@b.io');
    const b = redactor.session();
    expect(b.redactText('y@b.io')).toBe('<EMAIL_1>');
  });

  it('keeps a token map for audit and authorised reveal', () => {
    const s = createRedactor().session();
    s.redactText('Jane@Example.com and jane@example.com and 203.0.113.9');
    expect([...s.tokenMap()]).toEqual([
      ['<EMAIL_1>', 'Jane@Example.com'],
      ['<IP_1>', '203.0.113.9'],
    ]);
  });
});

describe('redactValue', () => {
  it('walks objects and arrays, keys included, and leaves other types alone', () => {
    const s = createRedactor().session();
    const input = {
      user: { email: 'jane@example.com', age: 41, vip: true, tags: ['a', 'call 415-555-0132'] },
      'jane@example.com': null,
    };
    expect(s.redactValue(input)).toEqual({
      user: { email: '<EMAIL_1>', age: 41, vip: true, tags: ['a', 'call <PHONE_1>'] },
      '<EMAIL_1>': null,
    });
    expect(input.user.email).toBe('jane@example.com');
  });

  it('parses strings that hold JSON, redacts them and re-serialises them', () => {
    const s = createRedactor().session();
    const args = JSON.stringify({ to: '+44 20 7946 0958', body: 'hi' });
    expect(s.redactValue({ arguments: args })).toEqual({ arguments: '{"to":"<PHONE_1>","body":"hi"}' });
    const pretty = JSON.stringify({ email: 'a@b.io' }, null, 2);
    expect(s.redactValue(pretty)).toBe(JSON.stringify({ email: '<EMAIL_1>' }, null, 2));
  });

  it('redacts JSON-looking strings that do not parse as text', () => {
    const s = createRedactor().session();
    expect(s.redactValue('{not json, mail a@b.io}')).toBe('{not json, mail <EMAIL_1>}');
  });

  it('replaces integers that are entirely a card, phone or SSN', () => {
    const s = createRedactor().session();
    expect(s.redactValue({ card: 4111111111111111, count: 123456789, ts: 1715000000123 })).toEqual({
      card: '<CARD_1>',
      count: 123456789,
      ts: 1715000000123,
    });
  });

  it('survives cycles, very deep nesting and a __proto__ key', () => {
    const s = createRedactor().session();
    const cyclic: Record<string, unknown> = { email: 'a@b.io' };
    cyclic.self = cyclic;
    expect(s.redactValue(cyclic)).toEqual({ email: '<EMAIL_1>', self: '[Circular]' });
    let deep: unknown = { email: 'deep@b.io' };
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(JSON.stringify(s.redactValue(deep))).not.toContain('deep@b.io');
    const proto = JSON.parse('{"__proto__": {"x": "a@b.io"}}') as unknown;
    const out = s.redactValue(proto) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
  });
});

describe('allowlist', () => {
  it('never redacts exact values, compared the way their kind compares', () => {
    const s = createRedactor({ allowlist: ['support@acme.com', '+1 800 555 0199'] }).session();
    expect(s.redactText('mail Support@ACME.com or call 1-800-555-0199, not jane@acme.com')).toBe(
      'mail Support@ACME.com or call 1-800-555-0199, not <EMAIL_1>',
    );
    expect(s.findings()).toEqual({ email: 1 });
  });

  it('accepts /regex/flags entries matched against the whole value', () => {
    const s = createRedactor({ allowlist: ['/.*@acme\\.com/i', '/10\\.0\\.\\d+\\.\\d+/'] }).session();
    expect(s.redactText('a@ACME.com b@acme.com.evil.io 10.0.3.4 10.1.3.4')).toBe(
      'a@ACME.com <EMAIL_1> 10.0.3.4 <IP_1>',
    );
  });
});

describe('extra patterns', () => {
  it('adds project kinds with their own placeholders and takes precedence over built-ins', () => {
    const redactor = createRedactor({
      extraPatterns: [
        { kind: 'employee_id', pattern: 'EMP-\\d{6}' },
        { kind: 'customer_ref', pattern: '/cust-[a-z0-9]{8}/i' },
      ],
    });
    const s = redactor.session();
    expect(s.redactText('EMP-123456 and EMP-123456 and CUST-AB12CD34, EMP-654321')).toBe(
      '<EMPLOYEE_ID_1> and <EMPLOYEE_ID_1> and <CUSTOMER_REF_1>, <EMPLOYEE_ID_2>',
    );
    expect(redactor.detect('id 4155550132')).toEqual([]);
  });

  it('an extra format of a built-in kind shares its placeholders', () => {
    const s = createRedactor({ extraPatterns: [{ kind: 'phone', pattern: 'tel\\d{10}' }] }).session();
    expect(s.redactText('tel4155550132 or 415-555-0132 or 020 7946 0958')).toBe('<PHONE_1> or <PHONE_1> or <PHONE_2>');
  });

  it.each([
    [
      'invalid',
      { kind: 'x', pattern: '([a-z' },
      /extraPatterns\[0\]\.pattern: pattern "\(\[a-z" is not a valid regular expression/,
    ],
    ['backreference', { kind: 'x', pattern: '(a)\\1' }, /uses a backreference \(\\1\), which the linear-time/],
    ['lookahead', { kind: 'x', pattern: 'EMP-(?=\\d)' }, /uses a lookahead/],
    ['lookbehind', { kind: 'x', pattern: '(?<=EMP-)\\d+' }, /uses a lookbehind/],
    ['empty match', { kind: 'x', pattern: 'a*' }, /matches the empty string/],
    ['empty', { kind: 'x', pattern: '' }, /is empty/],
    ['too long', { kind: 'x', pattern: 'a'.repeat(501) }, /longer than 500/],
    ['bad kind name', { kind: 'Bad Kind', pattern: 'x' }, /extraPatterns\[0\]\.kind/],
  ])('rejects a pattern (%s) with a clear error', (_name, pattern, message) => {
    const build = () => createRedactor({ extraPatterns: [pattern] });
    expect(build).toThrow(AppError);
    expect(build).toThrow(message);
  });

  it('checks allowlist regexes the same way', () => {
    expect(() => createRedactor({ allowlist: ['/(x)\\1/'] })).toThrow(/allowlist\[0\]: .*backreference/);
  });

  it('runs patterns that backtrack exponentially elsewhere in linear time, with the right matches', () => {
    // Each of these took seconds to hours on a backtracking engine at these lengths.
    const s = createRedactor({
      extraPatterns: [
        { kind: 'nested', pattern: '(a+)+!' },
        { kind: 'overlap', pattern: 'b*b*b*b*c' },
        { kind: 'alternation', pattern: '(d|dd)+e' },
      ],
    }).session();
    expect(s.redactText(`${'a'.repeat(5_000)}?`)).toBe(`${'a'.repeat(5_000)}?`);
    expect(s.redactText(`x ${'b'.repeat(5_000)}`)).toBe(`x ${'b'.repeat(5_000)}`);
    expect(s.redactText(`${'d'.repeat(5_000)}!`)).toBe(`${'d'.repeat(5_000)}!`);
    expect(s.redactText('aaa! bbbc dde')).toBe('<NESTED_1> <OVERLAP_1> <ALTERNATION_1>');
  });

  it('an allowlist regex matches the whole detected value', () => {
    const s = createRedactor({ allowlist: ['/support@example\\.com/i'] }).session();
    expect(s.redactText('SUPPORT@example.com or xsupport@example.com')).toBe('SUPPORT@example.com or <EMAIL_1>');
  });

  it('a project pattern stays linear on huge input', () => {
    const s = createRedactor({ extraPatterns: [{ kind: 'ticket', pattern: '[A-Z]+-\\d+' }] }).session();
    const out = s.redactText(`${'A'.repeat(200_000)} see OPS-1234`);
    expect(out.endsWith(' see <TICKET_1>')).toBe(true);
  });
});
