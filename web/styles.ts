/**
 * The reviewer UI's one stylesheet, inlined into every page (no build step, no extra request).
 * Accessibility rules every page inherits: text colours meet WCAG AA (4.5:1) on every background
 * below (--muted, --bad, --good, --warn, --accent on white, --bg and the *-bg tints); links in text
 * are underlined; every focusable element shows a focus ring; at 720 px and below the header wraps,
 * multi-column layouts stack and wide tables scroll inside themselves, so no page scrolls sideways.
 */
export const styles = `
:root { --fg:#1d2330; --muted:#545d6e; --line:#e4e7ec; --bg:#f7f8fa; --card:#fff; --accent:#2f5bd3; --accent-bg:#eef3ff;
  --bad:#b42318; --bad-bg:#fdecea; --good:#1a6e45; --good-bg:#e7f6ee; --warn:#855900; --warn-bg:#fff5d6; --event:#7a55c4; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
a { color:var(--accent); text-decoration:underline; text-underline-offset:2px; text-decoration-thickness:1px; }
a:hover { text-decoration-thickness:2px; }
header.top a, .badge, a.badge { text-decoration:none; } header.top a:hover { text-decoration:underline; }
.skip { position:absolute; left:8px; top:-60px; z-index:10; padding:8px 12px; background:var(--card); border:2px solid var(--accent); border-radius:6px; font-weight:600; }
.skip:focus { top:8px; }
header.top { display:flex; flex-wrap:wrap; align-items:center; gap:8px 16px; padding:10px 20px; background:var(--card); border-bottom:1px solid var(--line); }
header.top .brand { font-weight:700; color:var(--fg); } header.top .who { margin-left:auto; color:var(--muted); }
header.top .who a { text-decoration:underline; }
main { max-width:1280px; margin:0 auto; padding:16px 20px 48px; } main:focus { outline:none; }
h1 { font-size:20px; margin:4px 0 12px; } h2 { font-size:15px; margin:0 0 8px; }
h3 { font-size:13px; margin:10px 0 4px; color:var(--muted); text-transform:uppercase; letter-spacing:.03em; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 14px; margin-bottom:14px; }
.muted { color:var(--muted); } .small { font-size:12px; } .mono { font-family:ui-monospace,SFMono-Regular,Menlo,monospace; font-size:12px; overflow-wrap:anywhere; }
.row { display:flex; gap:12px; align-items:center; flex-wrap:wrap; } .row > * { min-width:0; max-width:100%; }
.badge { display:inline-block; padding:0 7px; border-radius:10px; font-size:12px; background:var(--line); white-space:nowrap; }
.badge.bad { background:var(--bad-bg); color:var(--bad); } .badge.good { background:var(--good-bg); color:var(--good); }
.badge.warn { background:var(--warn-bg); color:var(--warn); } .badge.info { background:var(--accent-bg); color:var(--accent); }
.banner { padding:10px 14px; border-radius:8px; margin-bottom:14px; font-weight:600; }
.banner.bad { background:var(--bad-bg); color:var(--bad); } .banner.warn { background:var(--warn-bg); color:var(--warn); }
.progress { display:flex; height:8px; border-radius:4px; overflow:hidden; background:var(--line); min-width:160px; flex:1; max-width:320px; }
.progress .labeled { background:var(--good); } .progress .skipped { background:#8a93a3; }
.bar { display:inline-block; width:60px; height:6px; background:var(--line); border-radius:3px; vertical-align:middle; overflow:hidden; }
.bar > span { display:block; height:100%; background:var(--bad); }
table.queue { width:100%; border-collapse:collapse; background:var(--card); border:1px solid var(--line); border-radius:8px; }
table.queue th { text-align:left; font-size:12px; color:var(--muted); font-weight:600; padding:8px 10px; border-bottom:1px solid var(--line); }
table.queue th.num { text-align:right; }
table.queue td { padding:8px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
table.queue tr.current td { background:var(--accent-bg); } table.queue tr.done td { background:var(--bg); color:var(--muted); }
.reason { margin:0 0 3px; } .reason b { font-weight:600; margin-right:6px; }
.snippet { overflow:hidden; text-overflow:ellipsis; display:-webkit-box; -webkit-line-clamp:3; -webkit-box-orient:vertical; }
.layout { display:grid; grid-template-columns:minmax(0,1fr) 340px; gap:16px; align-items:start; }
aside.label { position:sticky; top:12px; }
.msg { border-left:3px solid var(--line); padding:4px 10px; margin:6px 0; }
.msg.system { border-color:#8e6bd1; } .msg.user { border-color:var(--accent); } .msg.assistant { border-color:var(--good); }
.msg.tool { border-color:var(--warn); } .role { font-size:11px; font-weight:700; text-transform:uppercase; color:var(--muted); }
pre, .text { white-space:pre-wrap; word-break:break-word; margin:2px 0; font:inherit; }
pre.code { font-family:ui-monospace,SFMono-Regular,Menlo,monospace; font-size:12px; background:var(--bg); padding:6px 8px; border-radius:6px; }
details > summary { cursor:pointer; }
details.long > summary { color:var(--muted); list-style:none; } details.long[open] > summary .preview { display:none; }
.spans { font-size:13px; }
.span > summary { display:grid; grid-template-columns:minmax(0,1fr) 70px 200px 150px; gap:8px; align-items:center; padding:3px 4px;
  border-radius:4px; list-style:none; } .span > summary:hover { background:var(--bg); }
.span > summary .name { white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
@media (max-width:600px) { .span > summary { grid-template-columns:minmax(0,1fr) 60px 90px; } .span > summary > span:last-child { grid-column:1 / -1; } }
.span.error > summary .name { color:var(--bad); } .span > .body { margin:2px 0 10px; padding:6px 10px; border:1px solid var(--line); border-radius:6px; }
.lane { position:relative; height:8px; background:var(--bg); border-radius:3px; }
.lane > span { position:absolute; top:0; bottom:0; min-width:2px; border-radius:3px; background:#98a2b3; }
.lane > span.llm { background:var(--accent); } .lane > span.tool { background:var(--warn); } .lane > span.error { background:var(--bad); }
.num { text-align:right; font-variant-numeric:tabular-nums; }
.stats { display:flex; gap:18px; flex-wrap:wrap; } .stats div b { display:block; font-size:16px; }
fieldset { border:0; padding:0; margin:0; min-width:0; } fieldset:disabled { color:var(--muted); } fieldset:disabled label { cursor:not-allowed; }
.modes label { display:flex; gap:8px; align-items:baseline; padding:4px 6px; border-radius:6px; cursor:pointer; }
.modes label:has(input:checked) { background:var(--accent-bg); box-shadow:inset 3px 0 0 var(--accent); }
.modes label:has(input:focus-visible), .modes label:focus-within { outline:2px solid var(--accent); outline-offset:1px; }
:focus-visible { outline:2px solid var(--accent); outline-offset:2px; } [tabindex="-1"]:focus { outline:none; }
kbd { font:11px ui-monospace,monospace; border:1px solid var(--line); border-bottom-width:2px; border-radius:4px; padding:0 4px; background:var(--card); }
.verdicts { display:flex; gap:8px; margin:8px 0; } .verdicts label { flex:1; text-align:center; padding:6px; border:1px solid var(--line); border-radius:6px; cursor:pointer; }
.verdicts label:has(input[value=fail]:checked) { background:var(--bad-bg); border-color:var(--bad); color:var(--bad); }
.verdicts label:has(input[value=pass]:checked) { background:var(--good-bg); border-color:var(--good); color:var(--good); }
.verdicts input { margin:0 6px 0 0; accent-color:var(--accent); }
.verdicts label:has(input:focus-visible) { outline:2px solid var(--accent); outline-offset:2px; }
textarea, input[type=text], input[type=password] { width:100%; font:inherit; padding:6px 8px; border:1px solid var(--line); border-radius:6px; }
textarea { min-height:90px; resize:vertical; }
button { font:inherit; padding:6px 12px; border-radius:6px; border:1px solid var(--line); background:var(--card); cursor:pointer; }
button.primary { background:var(--accent); color:#fff; border-color:var(--accent); }
button.primary kbd { background:transparent; color:#fff; border-color:rgba(255,255,255,.6); }
.status { min-height:20px; margin-top:6px; } .status.error { color:var(--bad); } .status.ok { color:var(--good); }
dialog { border:1px solid var(--line); border-radius:10px; padding:16px 20px; max-width:min(480px, calc(100vw - 24px)); }
dialog table td { padding:2px 10px 2px 0; }
.login { max-width:380px; margin:80px auto; }
.nav { display:flex; flex-wrap:wrap; gap:4px; } .nav a { color:var(--muted); padding:3px 9px; border-radius:6px; }
.nav a.active { color:var(--accent); background:var(--accent-bg); font-weight:600; } .nav a:hover { text-decoration:none; color:var(--fg); }
.mccbar { vertical-align:middle; overflow:visible; --c:#98a2b3; } .mccbar.gate { --c:var(--good); } .mccbar.signal { --c:var(--accent); }
.mccbar.revise { --c:var(--warn); } .mccbar .axis { stroke:var(--line); stroke-width:6; stroke-linecap:round; }
.mccbar .zero, .mccbar .cut { stroke:#b0b7c3; stroke-width:1; } .mccbar .ci { stroke:var(--c); stroke-width:6; stroke-linecap:round; opacity:.4; }
.mccbar .pt { fill:var(--c); stroke:#fff; stroke-width:1.5; }
table.queue td.nowrap, .nowrap { white-space:nowrap; }
table.confusion { border-collapse:collapse; margin:4px 0 8px; } table.confusion th, table.confusion td { border:1px solid var(--line); padding:6px 12px; }
table.confusion th { font-size:12px; color:var(--muted); font-weight:600; background:var(--bg); }
table.confusion td { text-align:center; font-size:18px; font-weight:700; font-variant-numeric:tabular-nums; min-width:90px; }
table.confusion td.agree { background:var(--good-bg); color:var(--good); } table.confusion td.disagree { background:var(--bad-bg); color:var(--bad); }
table.confusion td small { display:block; font-size:11px; font-weight:400; color:var(--fg); opacity:.8; }
table.confusion th.rate { border:0; background:none; } table.confusion td.rate { font-size:13px; font-weight:400; text-align:left; border:0; } table.confusion td.rate b { font-size:16px; }
dl.kv { display:grid; grid-template-columns:max-content minmax(0,1fr); gap:4px 14px; margin:4px 0; } dl.kv dt { color:var(--muted); } dl.kv dd { margin:0; overflow-wrap:anywhere; }
.grid2 { display:grid; grid-template-columns:repeat(auto-fit,minmax(min(440px,100%),1fr)); gap:14px; align-items:start; margin-bottom:14px; }
.grid2 > .card, .grid2 .stack > .card:last-child { margin-bottom:0; }
.disagreement { border-top:1px solid var(--line); padding:10px 0; } .disagreement:first-of-type { border-top:0; }
.disagreement .cols { display:grid; grid-template-columns:1fr 1fr; gap:14px; }
.edit-form { display:flex; flex-direction:column; gap:8px; max-width:760px; } .field { display:flex; flex-direction:column; gap:2px; max-width:100%; } .field input, .field select, .field textarea { max-width:100%; box-sizing:border-box; } .field textarea { width:100%; }
pre.diff .add { background:var(--good-bg); color:var(--good); display:block; } pre.diff .del { background:var(--bad-bg); color:var(--bad); display:block; } pre.diff span { display:block; }
p a, li a, .who a, .small a, .banner a, .ingest-help a { text-decoration:underline; } table.queue tr.current td .muted { color:#4f5869; }
@media (max-width: 700px) {
  code, .mono, pre { overflow-wrap:anywhere; }
  .grid2 { grid-template-columns:minmax(0,1fr); } .row.nowrap, span.nowrap { white-space:normal; }
}
.inline-form { display:inline-flex; margin:0; } .form-error { color:var(--bad); font-weight:600; margin:6px 0 0; }
.ingest-help { text-align:left; max-width:760px; margin:12px auto 0; } .ingest-help pre.code { overflow-x:auto; white-space:pre-wrap; }
textarea.rubric { width:100%; min-height:8em; font:inherit; } .rubric-history pre { margin:4px 0 10px; }
.empty { text-align:center; padding:28px 14px; } .empty ol { text-align:left; display:inline-block; margin:8px 0; }
.nav-alerts { font-weight:600; } .nav-alerts:hover { text-decoration:none; }
.banner a { color:inherit; text-decoration:underline; }
p a, .who a { text-decoration:underline; }
table.queue tr.blocking td { background:var(--bad-bg); } table.queue td.drop { color:var(--bad); font-weight:600; }
.card.verdict.blocked { border-left:4px solid var(--bad); } .card.verdict.pass { border-left:4px solid var(--good); }
.card.verdict.error { border-left:4px solid var(--warn); }
.agreement-chart { display:block; width:100%; max-width:1180px; height:auto; overflow:visible; }
.agreement-chart .grid { stroke:var(--line); } .agreement-chart .grid.zero { stroke:#c5cad3; }
.agreement-chart text { font-family:system-ui,sans-serif; } .agreement-chart .tick { fill:var(--muted); font-size:11px; }
.agreement-chart .ref { stroke-dasharray:5 4; stroke-width:1.2; } .agreement-chart .ref.gate { stroke:var(--good); }
.agreement-chart .ref.signal { stroke:var(--accent); } .agreement-chart .ref-label { font-size:11px; font-weight:600; }
.agreement-chart .ref-label.gate { fill:var(--good); } .agreement-chart .ref-label.signal { fill:var(--accent); }
.agreement-chart .band, .swatch.band { fill:var(--accent); background:var(--accent); opacity:.14; }
.agreement-chart .whisker { stroke:var(--accent); stroke-width:3; opacity:.3; stroke-linecap:round; }
.agreement-chart .line { fill:none; stroke:#475467; stroke-width:1.8; }
.agreement-chart .other { fill:none; stroke:#c5cad3; stroke-width:1.4; } .agreement-chart .other-pt { fill:#b0b7c3; }
.agreement-chart .pt .m { stroke:#fff; stroke-width:1.5; } .agreement-chart .pt.gate .m { fill:var(--good); }
.agreement-chart .pt.signal .m { fill:var(--accent); } .agreement-chart .pt.revise .m { fill:var(--warn); }
.agreement-chart .pt.undef .m { fill:#fff; stroke:#98a2b3; } .agreement-chart .pt-label { fill:var(--muted); font-size:11px; }
.agreement-chart .event { stroke:var(--event); stroke-dasharray:2 3; } .agreement-chart .event-label { fill:var(--event); font-size:11px; }
.legend { display:flex; gap:14px; flex-wrap:wrap; align-items:center; font-size:12px; color:var(--muted); margin-top:4px; }
.legend svg { display:inline-block; vertical-align:middle; width:16px; }
.swatch { display:inline-block; width:18px; height:8px; border-radius:2px; vertical-align:middle; }
.swatch.band { opacity:.25; } .swatch.other { height:3px; background:#c5cad3; }
img, svg, video { max-width:100%; }
input, select, textarea { max-width:100%; }
@media (max-width: 900px) {
  .layout { grid-template-columns:minmax(0,1fr); }
  aside.label { position:static; }
}
@media (max-width: 720px) {
  header.top { padding:8px 12px; } header.top .who { margin-left:0; }
  main { padding:12px 10px 40px; }
  .nav { flex-wrap:wrap; }
  main table { display:block; max-width:100%; overflow-x:auto; }
  main table td:not(.num) { min-width:9em; } main table td:last-child:not(.num) { min-width:14em; } main table .mono { overflow-wrap:normal; }
  .span > summary { grid-template-columns:minmax(0,1fr) 56px 64px; } .span > summary > :nth-child(n+4) { display:none; }
  .disagreement .cols { grid-template-columns:minmax(0,1fr); }
  dl.kv { grid-template-columns:minmax(0,1fr); gap:0; } dl.kv dd { margin-bottom:6px; }
  .progress { min-width:120px; }
}
`;
