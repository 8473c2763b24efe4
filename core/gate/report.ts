/**
 * Renderings of a gate result: Markdown for $GITHUB_STEP_SUMMARY, JUnit XML for CI test
 * reporters, and a plain-text table for terminals. Pure functions of the result.
 */
import { formatLevel, formatP, formatPoints, formatRate } from './format.js';
import type { EvaluatorDecision, FlippedItem, GateResult } from './types.js';

/** The comparison column: which test ran and what it said. */
const describeTest = (d: EvaluatorDecision): string => {
  const n = d.numbers;
  switch (n.test) {
    case 'mcnemar':
      return `McNemar ${formatP(n.pValue ?? 1)} (${n.nShared} paired, ${n.passToFail}↓ ${n.failToPass}↑)`;
    case 'unpaired':
      return `Newcombe ${formatLevel(d.policy.alpha)} [${formatPoints(n.ciLower)}, ${formatPoints(n.ciUpper)}]`;
    case 'floor-only':
      return d.policy.floor > 0 ? `floor ${formatRate(d.policy.floor)} only` : 'no baseline';
    case 'none':
      return `${n.nCandidate} items < ${d.policy.minItems}`;
  }
};

const describeDecision = (d: EvaluatorDecision): string => {
  if (d.blocking) return 'BLOCK';
  if (d.decision === 'block') return 'regressed (signal)';
  if (d.decision === 'inconclusive') return d.evaluator.status === 'gate' ? 'INCONCLUSIVE' : 'inconclusive (signal)';
  return d.decision;
};

/** A gating evaluator that could not vouch for the release. */
const lacksEvidence = (d: EvaluatorDecision) => d.decision === 'inconclusive' && d.evaluator.status === 'gate';

const VERDICT_WORD = { pass: 'pass', blocked: 'BLOCKED', inconclusive: 'INCONCLUSIVE' } as const;

const row = (d: EvaluatorDecision) => ({
  evaluator: `${d.evaluator.name} v${d.evaluator.version}`,
  failureMode: d.evaluator.failureMode,
  status: d.evaluator.status,
  baseline: formatRate(d.numbers.baselineRate),
  candidate: formatRate(d.numbers.candidateRate),
  delta: formatPoints(d.numbers.diff),
  test: describeTest(d),
  decision: describeDecision(d),
});

const title = (r: GateResult, waived = false) =>
  `evalloop gate: ${r.release ?? 'release'}${r.baseline ? ` vs ${r.baseline}` : ''} — ${
    waived ? `WAIVED (was ${VERDICT_WORD[r.verdict] ?? r.verdict})` : (VERDICT_WORD[r.verdict] ?? r.verdict)
  }`;

const escapeMarkdown = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\|[\]*_`])/g, '\\$1')
    .replace(/\r?\n/g, ' ');

/** An admin's waiver of a blocked or inconclusive gate (db/gate-waivers.ts). */
export interface WaiverNote {
  waivedBy: string;
  reason: string;
  createdAt: string;
}

/** One line saying who waived the gate, when and why. */
export const describeWaiver = (w: WaiverNote) => `waived by ${w.waivedBy} at ${w.createdAt}: ${w.reason}`;

/** Blocking evaluators first, then gating ones without enough evidence, then the rest (stable). */
const byUrgency = (decisions: EvaluatorDecision[]) => {
  const rank = (d: EvaluatorDecision) => (d.blocking ? 0 : lacksEvidence(d) ? 1 : 2);
  return [...decisions].sort((a, b) => rank(a) - rank(b));
};

export interface MarkdownOptions {
  /** Where the evalloop UI lives; trace links are `${baseUrl}/traces/${traceId}`. */
  baseUrl: string;
  /** The gate run's id: the report links its page, `${baseUrl}/gates/${gateId}`. */
  gateId?: string;
  /** The run's waiver, if an admin waived it: the report says so plainly. */
  waiver?: WaiverNote | null;
  /** Flipped items listed per evaluator before "… and N more" (default 20). */
  maxFlipped?: number;
}

/**
 * GitHub alert blocks carry the colour the Markdown cannot: amber (WARNING) for inconclusive,
 * red (CAUTION) for blocked. Elsewhere they read as a quoted line.
 */
const ALERT = { pass: null, blocked: 'CAUTION', inconclusive: 'WARNING' } as const;

/** Markdown: a heading with the verdict, the summary, a verdict table, then per evaluator its reason and flipped items. */
export const renderMarkdown = (result: GateResult, opts: MarkdownOptions): string => {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const max = opts.maxFlipped ?? 20;
  const link = (traceId: string) => `[${escapeMarkdown(traceId)}](${base}/traces/${encodeURIComponent(traceId)})`;
  const flippedLine = (f: FlippedItem) =>
    `- \`${f.key.replace(/`/g, "'")}\` ${f.from} → ${f.to}: candidate ${link(f.traceId)}, baseline ${link(f.baselineTraceId)}`;
  const alert = ALERT[result.verdict];
  const summary = escapeMarkdown(result.summary);
  const lines = [`## ${escapeMarkdown(title(result, !!opts.waiver))}`, ''];
  const w = opts.waiver;
  if (w) {
    const who = `${escapeMarkdown(w.waivedBy)} at ${escapeMarkdown(w.createdAt)}`;
    lines.push(`> [!NOTE]\n> **Waived** by ${who}. Reason: ${escapeMarkdown(w.reason)}`, '');
  }
  lines.push(alert && !w ? `> [!${alert}]\n> ${summary}` : summary, '');
  if (opts.gateId) lines.push(`Gate page: ${base}/gates/${encodeURIComponent(opts.gateId)}`, '');
  const decisions = byUrgency(result.decisions);
  lines.push('| Evaluator | Failure mode | Status | Baseline | Candidate | Δ (points) | Test | Decision |');
  lines.push('|---|---|---|---:|---:|---:|---|---|');
  for (const d of decisions) {
    const r = row(d);
    const decision = d.blocking || lacksEvidence(d) ? `**${r.decision}**` : escapeMarkdown(r.decision);
    const cells = [r.evaluator, r.failureMode, r.status, r.baseline, r.candidate, r.delta, r.test].map(escapeMarkdown);
    lines.push(`| ${[...cells, decision].join(' | ')} |`);
  }
  const headings = new Map<string, number>();
  for (const d of decisions) {
    // Two versions (or two evaluators) of one name must not repeat a heading: anchors would collide.
    const base = `${d.evaluator.name} v${d.evaluator.version}`;
    const seen = (headings.get(base) ?? 0) + 1;
    headings.set(base, seen);
    const heading = seen === 1 ? base : `${base} (${seen})`;
    lines.push('', `### ${escapeMarkdown(heading)}`, '', `${escapeMarkdown(d.reason)}.`);
    const { correctedBaselineRate: cb, correctedCandidateRate: cc } = d.numbers;
    if (cb !== undefined || cc !== undefined) {
      lines.push('', `Rogan–Gladen corrected pass rates: baseline ${formatRate(cb)}, candidate ${formatRate(cc)}.`);
    }
    if (d.flipped.length > 0) {
      lines.push('', `Flipped items (${d.flipped.length}):`, '', ...d.flipped.slice(0, max).map(flippedLine));
      if (d.flipped.length > max) lines.push(`- … and ${d.flipped.length - max} more`);
    }
  }
  return `${lines.join('\n')}\n`;
};

/** The XML 1.0 Char production: anything else is invalid even as a character reference. */
const isXmlChar = (cp: number) =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

/** Escapes text for XML content and double- or single-quoted attributes. */
export const escapeXml = (text: string): string =>
  text
    .replace(/[\s\S]/gu, (ch) => (isXmlChar(ch.codePointAt(0)!) ? ch : '\uFFFD'))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');

/**
 * JUnit XML: one <testsuite name="evalloop gate <release>">, one <testcase> per evaluator.
 * Blocking evaluators get <failure>; gating evaluators without enough evidence get <error> (CI
 * shows them: an inconclusive gate is not a pass); signal evaluators without enough evidence
 * <skipped/>; the rest pass with their reason in <system-out> (a regressed signal evaluator is not
 * a failure). With no gating evaluator at all, one "gating evaluators" test case carries the error.
 */
export const renderJUnit = (result: GateResult, waiver?: WaiverNote | null): string => {
  const noGate = result.missing?.includes('evaluators') ?? false;
  // A waived gate fails no test: what would have failed is reported as skipped, with the waiver.
  const failures = waiver ? 0 : result.decisions.filter((d) => d.blocking).length;
  const errors = waiver ? 0 : result.decisions.filter(lacksEvidence).length + (noGate ? 1 : 0);
  const skipped =
    result.decisions.filter(
      (d) =>
        (d.decision !== 'block' && d.decision !== 'pass' && !lacksEvidence(d)) ||
        (waiver && (d.blocking || lacksEvidence(d))),
    ).length + (waiver && noGate ? 1 : 0);
  const suite = escapeXml(`evalloop gate ${result.release ?? 'release'}`);
  const tests = result.decisions.length + (noGate ? 1 : 0);
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}"`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="evalloop gate" ${counts}>`];
  lines.push(`  <testsuite name="${suite}" ${counts}>`);
  for (const d of result.decisions) {
    const classname = escapeXml(`evalloop.gate.${d.evaluator.failureMode}`);
    const name = escapeXml(`${d.evaluator.name} v${d.evaluator.version} (${d.evaluator.status})`);
    lines.push(`    <testcase classname="${classname}" name="${name}">`);
    if (waiver && (d.blocking || lacksEvidence(d))) {
      lines.push(`      <skipped message="${escapeXml(`WAIVED: ${describeWaiver(waiver)}`)}"/>`);
      lines.push(`      <system-out>${escapeXml(`${describeDecision(d)}: ${d.reason}`)}</system-out>`);
    } else if (d.blocking) {
      const flips = d.flipped
        .filter((f) => f.to === 'fail')
        .map((f) => `${f.key}: ${f.from} → ${f.to} (trace ${f.traceId})`);
      const body = [d.reason, ...flips].join('\n');
      lines.push(`      <failure message="${escapeXml(d.reason)}" type="regression">${escapeXml(body)}</failure>`);
    } else if (lacksEvidence(d)) {
      lines.push(`      <error message="${escapeXml(d.reason)}" type="inconclusive">${escapeXml(d.reason)}</error>`);
    } else if (d.decision !== 'pass' && d.decision !== 'block') {
      lines.push(`      <skipped message="${escapeXml(d.reason)}"/>`);
    } else {
      lines.push(`      <system-out>${escapeXml(`${describeDecision(d)}: ${d.reason}`)}</system-out>`);
    }
    lines.push('    </testcase>');
  }
  if (noGate) {
    lines.push('    <testcase classname="evalloop.gate" name="gating evaluators">');
    lines.push(
      waiver
        ? `      <skipped message="${escapeXml(`WAIVED: ${describeWaiver(waiver)}`)}"/>`
        : `      <error message="${escapeXml(result.summary)}" type="inconclusive"/>`,
    );
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
};

/** A plain-text table for terminals: the title, the summary, aligned columns (rates right-aligned). */
export const renderTable = (result: GateResult): string => {
  const header = {
    evaluator: 'EVALUATOR',
    failureMode: 'FAILURE MODE',
    status: 'STATUS',
    baseline: 'BASELINE',
    candidate: 'CANDIDATE',
    delta: 'Δ PTS',
    test: 'TEST',
    decision: 'DECISION',
  };
  const rows = [header, ...result.decisions.map(row)];
  const keys = Object.keys(header) as (keyof typeof header)[];
  const right = new Set<keyof typeof header>(['baseline', 'candidate', 'delta']);
  const widths = keys.map((k) => Math.max(...rows.map((r) => r[k].length)));
  const render = (r: typeof header) =>
    keys
      .map((k, i) => (right.has(k) ? r[k].padStart(widths[i]!) : r[k].padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return `${[title(result), result.summary, '', render(header), rule, ...rows.slice(1).map(render)].join('\n')}\n`;
};
