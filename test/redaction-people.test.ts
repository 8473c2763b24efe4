/**
 * Recall and precision of the name, address and phone detectors on a corpus they were not written
 * against (core/redact/corpus-faker.ts), per kind and per locale, on the held-out split: seeds
 * never used while tuning, and every locale (en and de, the development locales, are marked).
 * A planted value counts as found when detections of its kind cover every character of it; a
 * detection counts as correct when it overlaps a planted value (a name found inside a planted
 * street name hides personal data, it is not over-redaction). Also measured: detections per MB of
 * real text (README files of the installed packages), and the time the new detectors add.
 *
 * Run `npx vitest run test/redaction-people.test.ts` to print the tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import {
  DEV_SPLIT,
  FAKER_LOCALES,
  type FakerKind,
  type FakerLocale,
  type FakerSnippet,
  generateFakerCorpus,
  HELD_OUT_SEEDS,
} from '../core/redact/corpus-faker.js';
import { detect } from '../core/redact/detect.js';
import { detectAddresses } from '../core/redact/detect-address.js';
import { detectNames } from '../core/redact/detect-name.js';
import { createRedactor } from '../core/redact/redactor.js';
import type { Detection } from '../core/redact/types.js';

const KINDS: FakerKind[] = ['name', 'address', 'phone'];

interface Row {
  planted: number;
  found: number;
  detected: number;
  correct: number;
  /** Correct detections that also hide four or more letters or digits outside any planted value. */
  overreach: number;
}

const covered = (start: number, end: number, ds: Detection[]) => {
  let at = start;
  for (const d of [...ds].sort((a, b) => a.start - b.start)) if (d.start <= at && d.end > at) at = d.end;
  return at >= end;
};

function score(corpus: FakerSnippet[], find: (text: string) => Detection[] = detect): Map<FakerKind, Row> {
  const rows = new Map(KINDS.map((k) => [k, { planted: 0, found: 0, detected: 0, correct: 0, overreach: 0 }]));
  for (const s of corpus) {
    const ds = find(s.text);
    for (const p of s.planted) {
      const r = rows.get(p.kind)!;
      r.planted++;
      if (
        covered(
          p.start,
          p.end,
          ds.filter((d) => d.kind === p.kind),
        )
      )
        r.found++;
    }
    for (const d of ds) {
      const r = rows.get(d.kind as FakerKind);
      if (!r) continue;
      r.detected++;
      if (!s.planted.some((p) => d.start < p.end && p.start < d.end)) continue;
      r.correct++;
      let outside = 0;
      for (let i = d.start; i < d.end; i++) {
        if (/[\p{L}\p{N}]/u.test(s.text[i]!) && !s.planted.some((p) => p.start <= i && i < p.end)) outside++;
      }
      if (outside >= 4) r.overreach++;
    }
  }
  return rows;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const fmt = (x: number | null) => (x === null ? '  n/a' : x.toFixed(3));

const heldOut = new Map<FakerLocale, FakerSnippet[]>(
  FAKER_LOCALES.map((l) => [l, HELD_OUT_SEEDS.flatMap((seed) => generateFakerCorpus(l, seed))]),
);

/** The detectors alone, per locale and kind, on the held-out split. */
const table = new Map<FakerLocale, Map<FakerKind, Row>>(
  [...heldOut].map(([locale, corpus]) => [locale, score(corpus)]),
);

/** compromise's own `people()` as a baseline for names: what the library finds on its own. */
const compromisePeople = (text: string): Detection[] => {
  const out: Detection[] = [];
  for (const p of nlp(text).people().json({ offset: true }) as { offset: { start: number; length: number } }[]) {
    const { start, length } = p.offset;
    const value = text.slice(start, start + length).replace(/[\s,.;:!?]+$/, '');
    out.push({ kind: 'name', start, end: start + value.length, value });
  }
  return out;
};

describe('names, addresses and phones on the held-out faker corpus', () => {
  it('prints recall and precision per kind and locale (held-out seeds)', () => {
    const lines = [
      `held-out split: seeds ${HELD_OUT_SEEDS.join(',')} (tuning used seeds ${DEV_SPLIT.seeds.join(',')} of ${DEV_SPLIT.locales.join(', ')} only)`,
      'locale   | name recall prec (n) | address recall prec (n) | phone recall prec (n)',
    ];
    const total = new Map(KINDS.map((k) => [k, { planted: 0, found: 0, detected: 0, correct: 0, overreach: 0 }]));
    const unseen = new Map(KINDS.map((k) => [k, { planted: 0, found: 0, detected: 0, correct: 0, overreach: 0 }]));
    for (const [locale, rows] of table) {
      const cells = KINDS.map((k) => {
        const r = rows.get(k)!;
        for (const acc of DEV_SPLIT.locales.includes(locale) ? [total] : [total, unseen]) {
          const a = acc.get(k)!;
          a.planted += r.planted;
          a.found += r.found;
          a.detected += r.detected;
          a.correct += r.correct;
          a.overreach += r.overreach;
        }
        return `${fmt(ratio(r.found, r.planted))} ${fmt(ratio(r.correct, r.detected))} (${r.planted})`;
      });
      lines.push(`${(DEV_SPLIT.locales.includes(locale) ? `${locale}*` : locale).padEnd(8)} | ${cells.join(' | ')}`);
    }
    for (const [label, acc] of [
      ['all', total],
      ['unseen', unseen],
    ] as const) {
      const cells = KINDS.map((k) => {
        const r = acc.get(k)!;
        return `${fmt(ratio(r.found, r.planted))} ${fmt(ratio(r.correct, r.detected))} (${r.planted})`;
      });
      lines.push(`${label.padEnd(8)} | ${cells.join(' | ')}`);
    }
    lines.push('* development locale (new seeds); "unseen" = locales never looked at while tuning');
    lines.push(
      `overreach (correct detections hiding 4+ letters or digits beyond the planted value): ${KINDS.map((k) => `${k} ${total.get(k)!.overreach} of ${total.get(k)!.correct}`).join(', ')}`,
    );
    console.log(lines.join('\n'));
    expect(total.get('name')!.planted).toBeGreaterThan(500);
  });

  /** Floors a little under what was measured on the held-out split (see the README's figures). */
  const FLOORS: Record<FakerKind, { recall: number; precision: number }> = {
    name: { recall: 0.8, precision: 0.9 },
    address: { recall: 0.7, precision: 0.95 },
    phone: { recall: 0.8, precision: 0.95 },
  };
  it.each(KINDS)('%s: held-out recall and precision over the Latin-script locales meet their floors', (kind) => {
    const acc = { planted: 0, found: 0, detected: 0, correct: 0, overreach: 0 };
    for (const [locale, rows] of table) {
      if (locale === 'ja' || locale === 'ru') continue;
      const r = rows.get(kind)!;
      acc.planted += r.planted;
      acc.found += r.found;
      acc.detected += r.detected;
      acc.correct += r.correct;
    }
    expect(ratio(acc.found, acc.planted)!).toBeGreaterThanOrEqual(FLOORS[kind].recall);
    expect(ratio(acc.correct, acc.detected)!).toBeGreaterThanOrEqual(FLOORS[kind].precision);
  });

  it('finds more names than compromise alone', () => {
    let ours = 0;
    let theirs = 0;
    let planted = 0;
    for (const corpus of heldOut.values()) {
      const a = score(corpus).get('name')!;
      const b = score(corpus, compromisePeople).get('name')!;
      planted += a.planted;
      ours += a.found;
      theirs += b.found;
    }
    console.log(
      `names, held-out, all locales: this detector ${fmt(ours / planted)} recall, compromise people() alone ${fmt(theirs / planted)}`,
    );
    expect(ours).toBeGreaterThan(theirs);
  });
});

/**
 * Where a redacted copy replaced text: the literal pieces between placeholders are found in the
 * input in order; what lies between them was replaced. Returns null if the pieces do not align.
 */
function replacedSpans(input: string, output: string): Detection[] | null {
  const PLACEHOLDER = /<([A-Z_]+)_\d+>/g;
  const spans: Detection[] = [];
  let at = 0;
  let last = 0;
  let label: string | null = null;
  const place = (literal: string, final: boolean): boolean => {
    const found = final ? input.length - literal.length : input.indexOf(literal, label === null ? at : at + 1);
    if (found < at || (label === null && found !== at) || !input.startsWith(literal, found)) return false;
    if (label !== null) {
      const kind = label === 'NAME' ? 'name' : label === 'ADDRESS' ? 'address' : label === 'PHONE' ? 'phone' : label;
      spans.push({ kind, start: at, end: found, value: input.slice(at, found) });
    }
    at = found + literal.length;
    return true;
  };
  for (let m = PLACEHOLDER.exec(output); m !== null; m = PLACEHOLDER.exec(output)) {
    if (!place(output.slice(last, m.index), false)) return null;
    label = m[1]!;
    last = m.index + m[0].length;
  }
  return place(output.slice(last), true) ? spans : null;
}

/** The whole redaction path a reviewer gets: one session per snippet, JSON parsed, field names read. */
const redactedText = (text: string) => (createRedactor().session().redactValue({ text }) as { text: string }).text;

describe('the full redaction path (field names, names remembered within a trace)', () => {
  it('prints held-out recall and precision per kind through redactValue, never below the detectors alone', () => {
    const lines = [
      'held-out, through redactValue (one session per snippet):',
      'locale   | name recall prec | address recall prec | phone recall prec',
    ];
    const full = new Map(KINDS.map((k) => [k, { found: 0, planted: 0 }]));
    const alone = new Map(KINDS.map((k) => [k, { found: 0, planted: 0 }]));
    let unaligned = 0;
    for (const [locale, corpus] of heldOut) {
      const byText = new Map(corpus.map((c) => [c.text, c]));
      const rows = score(corpus, (text) => {
        const spans = replacedSpans(text, redactedText(text));
        if (spans === null) unaligned++;
        return spans ?? [];
      });
      const detectorRows = table.get(locale)!;
      for (const k of KINDS) {
        full.get(k)!.found += rows.get(k)!.found;
        full.get(k)!.planted += rows.get(k)!.planted;
        alone.get(k)!.found += detectorRows.get(k)!.found;
        alone.get(k)!.planted += detectorRows.get(k)!.planted;
      }
      expect(byText.size).toBe(corpus.length);
      lines.push(
        `${locale.padEnd(8)} | ${KINDS.map((k) => {
          const r = rows.get(k)!;
          return `${fmt(ratio(r.found, r.planted))} ${fmt(ratio(r.correct, r.detected))}`;
        }).join(' | ')}`,
      );
    }
    lines.push(
      `all      | ${KINDS.map((k) => `${fmt(ratio(full.get(k)!.found, full.get(k)!.planted))}      `).join(' | ')}`,
    );
    console.log(lines.join('\n'));
    expect(unaligned).toBe(0);
    for (const k of KINDS) expect(full.get(k)!.found).toBeGreaterThanOrEqual(alone.get(k)!.found);
  });
});

describe('names, addresses and phones in real text', () => {
  it('counts detections per MB of README files of the installed packages', () => {
    const root = 'node_modules';
    const files: string[] = [];
    for (const entry of readdirSync(root).sort()) {
      const dirs = entry.startsWith('@')
        ? readdirSync(join(root, entry))
            .sort()
            .map((d) => join(root, entry, d))
        : [join(root, entry)];
      for (const dir of dirs) {
        try {
          for (const f of readdirSync(dir).sort()) if (/^readme\.md$/i.test(f)) files.push(join(dir, f));
        } catch {
          // not a directory
        }
      }
    }
    let bytes = 0;
    const counts: Record<FakerKind, number> = { name: 0, address: 0, phone: 0 };
    const samples: string[] = [];
    for (const file of files) {
      if (bytes > 1_000_000) break;
      const text = readFileSync(file, 'utf8');
      bytes += Buffer.byteLength(text);
      for (const d of detect(text)) {
        if (!(d.kind in counts)) continue;
        counts[d.kind as FakerKind]++;
        if (samples.length < 12) samples.push(`${d.kind}: ${d.value}`);
      }
    }
    const perMb = (n: number) => (n / (bytes / 1e6)).toFixed(1);
    console.log(
      `real text (${files.length} README files, ${(bytes / 1e6).toFixed(2)} MB): name ${perMb(counts.name)}/MB, address ${perMb(counts.address)}/MB, phone ${perMb(counts.phone)}/MB; first: ${samples.join(' · ')}`,
    );
    expect(bytes).toBeGreaterThan(500_000);
    // Most name detections here are the authors and contributors READMEs list (real names).
    expect(counts.name / (bytes / 1e6)).toBeLessThan(200);
    expect(counts.address / (bytes / 1e6)).toBeLessThan(5);
    expect(counts.phone / (bytes / 1e6)).toBeLessThan(5);
  });
});

describe('cost', () => {
  it('measures redaction of a 200-span trace with and without the name and address detectors', () => {
    const corpus = heldOut.get('en')!.concat(heldOut.get('de')!);
    const spans = Array.from({ length: 200 }, (_, i) => ({
      input: corpus[(2 * i) % corpus.length]!.text,
      output: corpus[(2 * i + 1) % corpus.length]!.text,
    }));
    const chars = spans.reduce((n, s) => n + s.input.length + s.output.length, 0);
    const time = (f: () => void) => {
      f();
      const t = performance.now();
      for (let k = 0; k < 3; k++) f();
      return (performance.now() - t) / 3;
    };
    const all = time(() => createRedactor().session().redactValue(spans));
    const added = time(() => {
      for (const s of spans) {
        for (const text of [s.input, s.output]) {
          detectNames(text, () => {});
          detectAddresses(text, () => {});
        }
      }
    });
    console.log(
      `cost: 200-span trace (${chars} chars): redaction ${all.toFixed(1)} ms, of which names and addresses ${added.toFixed(1)} ms (before them: about ${(all - added).toFixed(1)} ms)`,
    );
    expect(all).toBeGreaterThan(0);
  });
});
