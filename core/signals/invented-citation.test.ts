import { describe, expect, it } from 'vitest';
import { extractCitations } from './citations.js';
import { computeSignalsWithNotes } from './compute-signals.js';
import { defaultSignalSettings } from './settings.js';
import { llm, signalInput, span } from './signal-fixtures.js';

const doc = (id: string, title: string | null, content = 'Some text.', source?: string) => ({
  id,
  content,
  score: 0.8,
  metadata: title === null ? {} : { title, ...(source ? { source } : {}) },
});
const threeDocs = [
  doc('kb-101', 'Refund Policy', 'Refunds are issued within 14 days of purchase.'),
  doc('kb-102', 'Shipping FAQ', 'Orders ship within 2 business days.', 'https://help.example.com/shipping-faq.html'),
  doc('kb-103', 'Billing Guide', 'Invoices are sent monthly.'),
];

const citationSignal = (
  answer: string,
  docs: unknown[] | null = threeDocs,
  question = 'Can I get a refund for my annual plan?',
  settings = defaultSignalSettings,
) => {
  const spans = [
    ...(docs === null ? [] : [span({ kind: 'retrieval', at: 500, content: { retrievedDocuments: docs } })]),
    llm({ question, answer, at: 1_000 }),
  ];
  return computeSignalsWithNotes(signalInput(spans, { settings })).signals.find((s) => s.name === 'invented_citation');
};

describe('invented_citation', () => {
  it('fires on the issue example: [4] "Enterprise Refund Addendum 2023" with three documents', () => {
    const signal = citationSignal(
      'Refunds are issued within 14 days [1]. Enterprise plans differ [4] "Enterprise Refund Addendum 2023".',
    );
    expect(signal).toMatchObject({
      strength: 0.92,
      evidence: { documents: 3, invented: 2, first: '[4]' },
    });
    expect(signal?.explanation).toBe(
      `the answer cites [4], "Enterprise Refund Addendum 2023", which no retrieved document matches: only 3 documents were retrieved ('refund policy', 'shipping faq', 'billing guide')`,
    );
  });

  it.each([
    ['a number past the documents', 'See the policy [4].', '[4]'],
    ['a list with one bad number', 'Refunds take 14 days [1, 4].', '[1, 4]'],
    ['a range past the end', 'Both apply [2-5].', '[2-5]'],
    ['index zero', 'As documented [0].', '[0]'],
    ['a lenticular marker', 'Refunds take 14 days【4†source】.', '【4†source】'],
    ['a footnote marker', 'Refunds take 14 days[^7].', '[^7]'],
    [
      'a (source: …) title',
      'Refunds take 30 days (source: Enterprise Refund Addendum).',
      '"Enterprise Refund Addendum"',
    ],
    ['a Sources: line', 'Refunds take 30 days.\n\nSources: Refund Policy; Partner Terms 2021', '"Partner Terms 2021"'],
    [
      'a quoted title after a cue',
      'According to “Annual Plan Exceptions”, you can get a refund.',
      '"Annual Plan Exceptions"',
    ],
    ['a bracketed id', 'Refunds take 14 days [kb-999].', '"kb-999"'],
    ['a (source: n) index', 'Refunds take 14 days (source: 6).', '(source: 6)'],
  ])('fires on %s', (_case, answer, first) => {
    expect(citationSignal(answer)?.evidence?.first).toBe(first);
  });

  it('fires on any numbered citation when the retrieval returned nothing', () => {
    expect(citationSignal('Refunds take 14 days [1].', [])?.explanation).toMatch(/no document was retrieved$/);
  });

  it.each([
    ['correct numbered citations', 'Refunds take 14 days [1]; shipping takes 2 days [2][3].'],
    ['a correct range and lenticular marker', 'All three apply [1-3]【2†source】.'],
    ['a correct quoted title', 'According to the "Refund Policy", refunds take 14 days [1].'],
    ['a title that is a file name in the source url', 'See "Shipping FAQ" (source: shipping-faq.html).'],
    ['a correct bracketed id', 'Refunds take 14 days [kb-101].'],
    ['a quote of the user', 'You asked "refund for my annual plan" — see the Refund Policy [1].'],
    ['a quote of the document text', 'The policy says "issued within 14 days of purchase" [1].'],
    ['quoted UI words without a citing cue', 'Click "Request refund" and then "Confirm".'],
    ['code indexing', 'Use `items[4]` and rows[7] to read it.'],
    ['a markdown link', 'Open [4](https://example.com) for details.'],
    ['no citation at all', 'Refunds take 14 days.'],
  ])('does not fire on %s', (_case, answer) => {
    expect(citationSignal(answer)).toBeUndefined();
  });

  it('does not fire when the retrieval returned nothing and the answer cites nothing', () => {
    expect(citationSignal('Refunds take 14 days.', [])).toBeUndefined();
  });

  it('does not fire when no retrieval span exists (nothing to check against)', () => {
    expect(citationSignal('See [4] "Enterprise Refund Addendum 2023".', null)).toBeUndefined();
  });

  it('checks only numbered citations when name checks are off, and nothing when the signal is off', () => {
    const answer = 'See "Enterprise Refund Addendum" (source: Enterprise Refund Addendum).';
    expect(citationSignal(answer)).toBeDefined();
    expect(citationSignal(answer, threeDocs, 'q', { ...defaultSignalSettings, inventedCitationNames: false })).toBe(
      undefined,
    );
    expect(citationSignal('See [9].', threeDocs, 'q', { ...defaultSignalSettings, inventedCitation: false })).toBe(
      undefined,
    );
  });

  it('matches titles lifted to the top level of a document, as well as ids, ignoring case and punctuation', () => {
    const lifted = [{ id: 'A-1', title: 'Data Retention Standard', content: 'x', score: null, metadata: null }];
    expect(citationSignal('Per the "data-retention standard" [1], and [a-1].', lifted)).toBeUndefined();
  });

  it('reads documents of several retrieval spans as one numbering', () => {
    const spans = [
      span({ kind: 'retrieval', at: 100, content: { retrievedDocuments: threeDocs.slice(0, 2) } }),
      span({ kind: 'retrieval', at: 200, content: { retrievedDocuments: threeDocs.slice(2) } }),
      llm({ answer: 'All apply [1][2][3].', at: 1_000 }),
    ];
    expect(computeSignalsWithNotes(signalInput(spans)).signals.map((s) => s.name)).not.toContain('invented_citation');
  });

  it('bounds the work: extractCitations reads a bounded prefix of a huge answer', () => {
    const huge = `${'[1] "Refund Policy" says so. '.repeat(50_000)}[9]`;
    const citations = extractCitations(huge);
    expect(citations.length).toBeLessThanOrEqual(100);
    expect(citations.some((c) => c.kind === 'index' && c.index === 9)).toBe(false);
  });
});
