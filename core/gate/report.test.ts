import { describe, expect, it } from 'vitest';
import { decideEvaluator } from './decide.js';
import { decideGate } from './gate.js';
import { escapeXml, renderJUnit, renderMarkdown, renderTable } from './report.js';
import type { GateItem, Verdict } from './types.js';

const items = (verdicts: readonly Verdict[], side: string, prefix = 'k'): GateItem[] =>
  verdicts.map((verdict, i) => ({ key: `${prefix}${i}`, verdict, traceId: `${side}-${i}` }));
const run = (pass: number, fail: number): Verdict[] => [
  ...Array<Verdict>(pass).fill('pass'),
  ...Array<Verdict>(fail).fill('fail'),
];

const base = run(46, 4);
const cand = base.map((v, i): Verdict => (i < 8 ? 'fail' : i === 46 ? 'pass' : v));
const result = decideGate(
  [
    decideEvaluator({
      evaluator: {
        id: 'a',
        name: 'citation <grounding> & "sources"',
        failureMode: 'ungrounded',
        status: 'gate',
        version: 3,
        mcc: 0.8,
      },
      candidate: items(cand, 'cand'),
      baseline: items(base, 'base'),
    }),
    decideEvaluator({
      evaluator: { id: 'b', name: 'tone', failureMode: 'rude | curt', status: 'signal', version: 1, mcc: 0.5 },
      candidate: items(run(150, 50), 'c', 'new'),
      baseline: items(run(180, 20), 'b', 'old'),
    }),
    decideEvaluator({
      evaluator: { id: 'c', name: 'json', failureMode: 'bad json', status: 'gate', version: 2, mcc: 0.9 },
      candidate: items(run(5, 1), 'c'),
      baseline: [],
    }),
  ],
  { release: 'v2.4.0 <rc&1>', baseline: 'v2.3.1' },
);

/**
 * A tiny XML well-formedness check: one prolog, balanced and properly nested elements, quoted
 * attributes without raw `<`, and no `&` outside the five entities and numeric references.
 */
const assertWellFormed = (xml: string) => {
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  expect(body).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>|<|>/g;
  let roots = 0;
  for (const m of body.matchAll(tag)) {
    const [whole, closing, name, , selfClosing] = m;
    if (whole === '<') throw new Error(`stray '<' at ${m.index}`);
    if (whole === '>') throw new Error(`stray '>' at ${m.index}`);
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
};

describe('renderJUnit', () => {
  const xml = renderJUnit(result);

  it('is well-formed with everything escaped', () => {
    assertWellFormed(xml);
    expect(xml).toContain(
      '<testsuite name="evalloop gate v2.4.0 &lt;rc&amp;1&gt;" tests="3" failures="1" errors="1" skipped="0">',
    );
    expect(xml).toContain('name="citation &lt;grounding&gt; &amp; &quot;sources&quot; v3 (gate)"');
  });

  it('has one testcase per evaluator: failure for blocking, error for a gating one without evidence, none for a signal', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toMatch(/<failure message="pass rate fell from 92\.0% to 78\.0%[^"]*" type="regression">/);
    expect(xml).toMatch(
      /<error message="evaluator json saw 6 items of the release, needs 10;[^"]*" type="inconclusive">/,
    );
    expect(xml).not.toContain('<skipped');
    expect(xml).toContain('<system-out>regressed (signal): pass rate fell from 90.0%');
  });

  it('the checker catches what it should', () => {
    expect(() => assertWellFormed('<a><b></a></b>')).toThrow();
    expect(() => assertWellFormed('<a>x & y</a>')).toThrow();
    expect(() => assertWellFormed('<a t="<">x</a>')).toThrow();
  });
});

describe('escapeXml', () => {
  it.each([
    ['<&">\'', '&lt;&amp;&quot;&gt;&apos;'],
    ['a\nb\tc', 'a&#10;b&#9;c'],
    ['bell\u0007 and lone \uD800 surrogate', 'bell\uFFFD and lone \uFFFD surrogate'],
    ['emoji 🚀 kept', 'emoji 🚀 kept'],
  ])('%j', (input, expected) => {
    expect(escapeXml(input)).toBe(expected);
  });
});

describe('renderMarkdown', () => {
  const md = renderMarkdown(result, { baseUrl: 'https://evalloop.example/', maxFlipped: 3 });

  it('starts with the verdict and summary, then a table row per evaluator', () => {
    expect(md.startsWith('## evalloop gate: v2.4.0 &lt;rc&amp;1&gt; vs v2.3.1 — BLOCKED\n')).toBe(true);
    expect(md).toContain('| Evaluator | Failure mode | Status | Baseline | Candidate | Δ (points) | Test | Decision |');
    expect(md).toContain(
      '| citation &lt;grounding&gt; &amp; "sources" v3 | ungrounded | gate | 92.0% | 78.0% | −14.0 | ' +
        'McNemar p = 0.020 (50 paired, 8↓ 1↑) | **BLOCK** |',
    );
    expect(md).toContain('| tone v1 | rude \\| curt | signal | 90.0% | 75.0% | −15.0 |');
    expect(md).toMatch(
      /\| json v2 \| bad json \| gate \| – \| 83\.3% \| – \| 6 items &lt; 10 \| \*\*INCONCLUSIVE\*\* \|/,
    );
  });

  it('links flipped items to both traces and truncates long lists', () => {
    expect(md).toContain(
      '- `k0` pass → fail: candidate [cand-0](https://evalloop.example/traces/cand-0), ' +
        'baseline [base-0](https://evalloop.example/traces/base-0)',
    );
    expect(md).toContain('Flipped items (9):');
    expect(md).toContain('- … and 6 more');
    expect(md).not.toContain('traces/cand-3)');
  });
});

describe('renderTable', () => {
  it('aligns columns', () => {
    const lines = renderTable(result).trimEnd().split('\n');
    expect(lines[0]).toBe('evalloop gate: v2.4.0 <rc&1> vs v2.3.1 — BLOCKED');
    const header = lines[3]!;
    const rows = lines.slice(5);
    expect(rows).toHaveLength(3);
    const decisionColumn = header.indexOf('DECISION');
    expect(rows.map((r) => r.slice(decisionColumn))).toEqual(['BLOCK', 'regressed (signal)', 'INCONCLUSIVE']);
    const candidateEnd = header.indexOf('CANDIDATE') + 'CANDIDATE'.length;
    expect(rows.map((r) => r.slice(candidateEnd - 5, candidateEnd))).toEqual(['78.0%', '75.0%', '83.3%']);
  });
});

describe('an inconclusive gate', () => {
  const inconclusive = decideGate(
    [
      decideEvaluator({
        evaluator: { id: 'a', name: 'grounding', failureMode: 'ungrounded', status: 'gate', version: 1, mcc: 0.8 },
        candidate: [],
        baseline: items(run(30, 0), 'b'),
        context: { release: '9.9.9-nope', source: 'traces', candidateItems: 0 },
      }),
      decideEvaluator({
        evaluator: { id: 'b', name: 'tone', failureMode: 'curt', status: 'signal', version: 1, mcc: 0.5 },
        candidate: [],
        baseline: items(run(30, 0), 'b'),
        context: { release: '9.9.9-nope', source: 'traces', candidateItems: 0 },
      }),
    ],
    { release: '9.9.9-nope', baseline: '1.0.0' },
  );

  it('is an error in JUnit (a skipped signal aside), so CI shows it', () => {
    const xml = renderJUnit(inconclusive);
    assertWellFormed(xml);
    expect(xml).toContain('tests="2" failures="0" errors="1" skipped="1"');
    expect(xml).toContain(
      '<error message="no trace tagged with release 9.9.9-nope; check that its spans carry service.version = 9.9.9-nope and that the traffic was sent" type="inconclusive">',
    );
  });

  it('has a JUnit error even with no gating evaluator at all', () => {
    const none = decideGate([], { release: 'r1' });
    const xml = renderJUnit(none);
    assertWellFormed(xml);
    expect(xml).toContain('tests="1" failures="0" errors="1" skipped="0"');
    expect(xml).toMatch(
      /<testcase classname="evalloop.gate" name="gating evaluators">\s*<error message="Release r1 is inconclusive: no evaluator has status gate/,
    );
  });

  it('shows amber in Markdown (a GitHub WARNING alert) and INCONCLUSIVE in the title and table', () => {
    const md = renderMarkdown(inconclusive, { baseUrl: 'https://x.example' });
    expect(
      md.startsWith(
        '## evalloop gate: 9.9.9-nope vs 1.0.0 — INCONCLUSIVE\n\n> [!WARNING]\n> Release 9.9.9-nope is inconclusive',
      ),
    ).toBe(true);
    expect(md).toContain('| **INCONCLUSIVE** |');
    expect(md).toContain('| inconclusive (signal) |');
    expect(renderMarkdown(result, { baseUrl: 'https://x.example' })).toContain('> [!CAUTION]\n> Release v2.4.0');
    expect(renderTable(inconclusive).split('\n')[0]).toBe('evalloop gate: 9.9.9-nope vs 1.0.0 — INCONCLUSIVE');
  });
});

describe('report structure and waivers', () => {
  // The blocking evaluator listed last, and two evaluators of one name and version.
  const twin = decideEvaluator({
    evaluator: { id: 'd', name: 'tone', failureMode: 'rude', status: 'signal', version: 1, mcc: 0.5 },
    candidate: items(run(10, 0), 'c', 'x'),
    baseline: items(run(10, 0), 'b', 'x'),
  });
  const blocked = decideGate([...result.decisions.slice(1), twin, result.decisions[0]!], { release: 'r2' });
  const waiver = { waivedBy: 'ops lead', reason: 'known flaky <judge>', createdAt: '2026-12-04 13:00:00+00' };

  it('puts the blocking evaluator first, links the gate page and repeats no heading', () => {
    const md = renderMarkdown(blocked, { baseUrl: 'https://x.example/', gateId: 'gate:p:r2:abc' });
    const rows = md.split('\n').filter((l) => /^\| (?!Evaluator|---)/.test(l));
    expect(rows[0]).toContain('**BLOCK**');
    expect(rows[1]).toContain('**INCONCLUSIVE**');
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings[1]).toMatch(/^### citation/);
    expect(new Set(headings).size).toBe(headings.length);
    expect(headings).toContain('### tone v1 (2)');
    expect(md).toContain('Gate page: https://x.example/gates/gate%3Ap%3Ar2%3Aabc');
  });

  it('says a waived gate was waived, by whom and why', () => {
    const md = renderMarkdown(blocked, { baseUrl: 'https://x.example', waiver });
    expect(md.split('\n')[0]).toBe('## evalloop gate: r2 — WAIVED (was BLOCKED)');
    expect(md).toContain('> **Waived** by ops lead at 2026-12-04 13:00:00+00. Reason: known flaky &lt;judge&gt;');
    expect(md).not.toContain('[!CAUTION]');
  });

  it('JUnit of a waived gate has no failure or error, and carries the waiver text', () => {
    const xml = renderJUnit(blocked, waiver);
    assertWellFormed(xml);
    expect(xml).toContain('failures="0" errors="0"');
    expect(xml).not.toMatch(/<failure|<error/);
    expect(xml).toContain('WAIVED: waived by ops lead at 2026-12-04 13:00:00+00: known flaky &lt;judge&gt;');
    expect(renderJUnit(blocked)).toMatch(/failures="1" errors="1"/);
  });
});
