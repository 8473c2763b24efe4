/**
 * Adversarial megabyte inputs for every detector. The assertions are about completion and
 * correctness, not time (machines are shared); the vitest timeout catches a catastrophic regex,
 * which would take minutes to hours on these inputs.
 */
import { describe, expect, it } from 'vitest';
import { detect } from './detect.js';
import { createRedactor } from './redactor.js';

const MB = 1_000_000;
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
const TAIL = ' contact jane.doe@example.com or +44 20 7946 0958';

describe('a megabyte of adversarial input', () => {
  it.each([
    ['letters', fill('a')],
    ['digits', fill('7')],
    ['digits and spaces', fill('1 ')],
    ['digit groups with hyphens', fill('415-')],
    ['at signs', fill('a@')],
    ['dots and digits', fill('1.')],
    ['colons and hex', fill('a:')],
    ['plus signs and digits', fill('+1 ')],
    ['base64', fill('Zx7Qp2Lm9Rt4Vb6Nc1Hd8Kf3Gs5Jw0Ay+/')],
    ['JWT prefixes', fill('eyJ')],
    ['key prefixes', fill('sk-')],
    ['keywords', fill('password=')],
    ['keywords with spaces', fill('token ')],
    ['PEM headers without an end', fill('-----BEGIN PRIVATE KEY-----')],
    ['bearer words', fill('Bearer ')],
    ['URL schemes', fill('a://b:')],
    ['IBAN starts', fill('DE89 ')],
    ['percent-encoded at signs', fill('a%40')],
    ['parentheses and digits', fill('(1) ')],
    ['capitalised words', fill('Ab Cd ')],
    ['names after cues', fill('Dear Ab ')],
    ['house numbers and words', fill('12 Ab ')],
    ['street types', fill('1 Ab Street ')],
    ['leading street types', fill('Rue de Ab ')],
    ['address labels', fill('Address: 1 ')],
    ['Cyrillic words', fill('Иван Петров ')],
    ['kanji with spaces', fill('足立 祐介 ')],
  ])('%s: finishes and still finds the data at the end', (_name, noise) => {
    const found = detect(noise + TAIL).filter((d) => d.start >= MB);
    expect(found.map((d) => `${d.kind}:${d.value}`)).toEqual(['email:jane.doe@example.com', 'phone:+44 20 7946 0958']);
  });

  it('redacts a megabyte JSON string inside a value', () => {
    const blob = JSON.stringify({ image: `data:image/png;base64,${fill('iVBORw0KGgo')}`, email: 'a@b.io' });
    const out = createRedactor().session().redactValue({ content: blob }) as { content: string };
    expect(JSON.parse(out.content)).toMatchObject({ email: '<EMAIL_1>' });
  });

  it('handles many findings in one text', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `user${i}@example.com`).join(', ');
    const s = createRedactor().session();
    const out = s.redactText(text);
    expect(out.startsWith('<EMAIL_1>, <EMAIL_2>')).toBe(true);
    expect(s.findings()).toEqual({ email: 20_000 });
  });
});
