// The HTML report's style sheet and script, inlined into every page: the report is one file a
// driver developer opens anywhere, offline, so nothing may be fetched.
#pragma once

namespace pagewise {

inline constexpr const char kHtmlStyle[] = R"css(
:root {
  --error: #c5221f; --warning: #a05a00; --note: #1a67d2;
  --resident: #7b5ea7; --pageable: #2e9e6b; --init: #d0a02a;
  --text: #1f2328; --muted: #59636e; --border: #d5dbe1; --panel: #f6f8fa; --hit: #fff1b8;
  --mono: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body {
  margin: 0; color: var(--text); background: #fff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
code { font-family: var(--mono); font-size: 12.5px; background: #eef1f4; padding: 0 3px; border-radius: 3px; }
header.top { padding: 18px 32px 16px; background: var(--panel); border-bottom: 1px solid var(--border); }
h1 { font-size: 20px; margin: 0; }
h1 span { color: var(--muted); font-weight: 400; }
.meta { color: var(--muted); font-size: 13px; margin-top: 2px; overflow-wrap: anywhere; }
.totals { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
.pill { background: #fff; border: 1px solid var(--border); border-radius: 999px; padding: 2px 12px; font-size: 13px; }
.pill b { font-size: 15px; margin-right: 3px; }
.pill.error b { color: var(--error); } .pill.warning b { color: var(--warning); } .pill.note b { color: var(--note); }
main { padding: 4px 32px 32px; max-width: 1320px; }
h2 { font-size: 16px; margin: 22px 0 10px; }
.empty { color: var(--muted); }
.notices { margin: 12px 0 0; padding-left: 20px; color: var(--muted); }
.notices li.fatal { color: var(--error); }

.units { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 12px; }
.unit { border: 1px solid var(--border); border-radius: 8px; padding: 12px 16px; }
.unit h3 { font-size: 14px; margin: 0 0 8px; overflow-wrap: anywhere; }
.unit h3 small { color: var(--muted); font-weight: 400; margin-left: 6px; }
.bar-row { display: grid; grid-template-columns: 88px 1fr 96px; gap: 10px; align-items: center; margin: 5px 0; font-size: 13px; }
.bar-row .label { color: var(--muted); }
.bar { display: flex; height: 18px; background: #eef1f4; border-radius: 4px; overflow: hidden; }
.seg { height: 100%; }
.seg.resident, .swatch.resident { background: var(--resident); }
.seg.pageable, .swatch.pageable { background: var(--pageable); }
.seg.init, .swatch.init { background: var(--init); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.sizes { border-collapse: collapse; font-size: 13px; margin-top: 8px; width: 100%; }
table.sizes th, table.sizes td { padding: 2px 0 2px 14px; text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.sizes th:first-child, table.sizes td:first-child { text-align: left; padding-left: 0; }
table.sizes th { color: var(--muted); font-weight: 500; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; }
details.sections { margin-top: 6px; font-size: 13px; }
details.sections summary { cursor: pointer; color: var(--muted); }

.filters {
  position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: center;
  padding: 10px 14px; background: var(--panel); border: 1px solid var(--border); border-radius: 8px;
}
.filters label { color: var(--muted); font-size: 13px; }
.filters select { font: inherit; color: var(--text); margin-left: 6px; padding: 2px 4px; max-width: 340px; }
#shown-count { margin-left: auto; color: var(--muted); font-size: 13px; }
ol.findings { list-style: none; margin: 12px 0; padding: 0; }
.finding { --sev: var(--warning); border: 1px solid var(--border); border-left: 4px solid var(--sev); border-radius: 6px; margin: 0 0 10px; overflow: hidden; }
.finding.error { --sev: var(--error); } .finding.warning { --sev: var(--warning); } .finding.note { --sev: var(--note); }
.finding-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; padding: 8px 12px 0; }
.finding-head[role=button] { cursor: pointer; }
.finding-head[role=button]:focus-visible { outline: 2px solid var(--note); outline-offset: -2px; }
.sev { color: #fff; background: var(--sev); border-radius: 3px; padding: 0 6px; font-size: 11px; font-weight: 700; letter-spacing: .04em; text-transform: uppercase; }
.rule { font: 12px var(--mono); color: var(--muted); }
.loc { font: 13px var(--mono); overflow-wrap: anywhere; }
.fn { color: var(--muted); font-size: 13px; }
.path-toggle { margin-left: auto; color: var(--note); font-size: 13px; white-space: nowrap; }
.path-toggle::before { content: "\25B8"; margin-right: 4px; }
[aria-expanded=true] .path-toggle::before { content: "\25BE"; }
.message { margin: 4px 12px 8px; overflow-wrap: anywhere; }

.code { font: 12.5px/1.45 var(--mono); background: var(--panel); border-top: 1px solid var(--border); padding: 5px 0; overflow-x: auto; }
.line { display: flex; white-space: pre; tab-size: 4; }
.line .ln { flex: none; min-width: 4.5em; padding: 0 12px 0 8px; text-align: right; color: #8c959f; user-select: none; }
.line .src { padding-right: 12px; }
.line.hit { background: var(--hit); }
.line.hit .ln { color: var(--text); font-weight: 700; }
.no-source { font-size: 13px; color: var(--muted); background: var(--panel); border-top: 1px solid var(--border); padding: 6px 12px; }

.path { display: grid; grid-template-columns: minmax(280px, 2fr) 3fr; gap: 16px; padding: 12px; border-top: 1px solid var(--border); }
@media (max-width: 900px) { .path { grid-template-columns: 1fr; } }
ol.graph { list-style: none; margin: 0; padding: 0; }
.graph li { position: relative; }
.graph li + li { padding-top: 20px; }
.graph li + li::before { content: ""; position: absolute; left: 21px; top: 1px; height: 13px; border-left: 2px solid #8c959f; }
.graph li + li::after { content: ""; position: absolute; left: 17px; top: 13px; border: 5px solid transparent; border-top: 6px solid #8c959f; border-bottom: 0; }
.node { display: block; width: 100%; text-align: left; font: inherit; color: inherit; background: #fff; border: 1px solid var(--border); border-radius: 6px; padding: 6px 10px; cursor: pointer; }
.node:hover { border-color: #8c959f; }
.node.selected { border-color: var(--note); box-shadow: 0 0 0 2px rgba(26, 103, 210, .18); }
.node-n { display: inline-block; width: 20px; height: 20px; line-height: 20px; border-radius: 50%; background: #57606a; color: #fff; font-size: 11px; font-weight: 700; text-align: center; margin-right: 6px; }
.node.finding-node .node-n { background: var(--sev); }
.node-loc { font: 12px var(--mono); color: var(--muted); overflow-wrap: anywhere; }
.node-msg { display: block; margin-top: 2px; font-size: 13px; overflow-wrap: anywhere; }
.step-excerpt { border: 1px solid var(--border); border-radius: 6px; overflow: hidden; align-self: start; }
.step-excerpt .caption { padding: 6px 10px; font-size: 13px; }
.step-excerpt .caption .loc { display: block; }
footer { color: var(--muted); font-size: 12px; padding: 0 32px 24px; }
)css";

// Filtering, opening a finding's path and choosing a step. The findings are in the page already;
// the script only shows and hides them, so the page reads the same without it.
inline constexpr const char kHtmlScript[] = R"js(
(function () {
  'use strict';
  const rows = Array.from(document.querySelectorAll('.finding'));
  const filters = {
    rule: document.getElementById('filter-rule'),
    severity: document.getElementById('filter-severity'),
    file: document.getElementById('filter-file'),
  };
  const shownCount = document.getElementById('shown-count');
  const noMatch = document.getElementById('no-match');

  function applyFilters() {
    let shown = 0;
    for (const row of rows) {
      const match = Object.keys(filters).every(
        (key) => !filters[key] || filters[key].value === '' || row.dataset[key] === filters[key].value);
      row.hidden = !match;
      if (match) shown++;
    }
    if (shownCount) {
      shownCount.textContent = shown + ' of ' + rows.length + (rows.length === 1 ? ' finding' : ' findings') + ' shown';
    }
    if (noMatch) noMatch.hidden = shown !== 0 || rows.length === 0;
  }

  function selectNode(node) {
    const panel = node.closest('.path');
    for (const other of panel.querySelectorAll('.node')) {
      const on = other === node;
      other.classList.toggle('selected', on);
      other.setAttribute('aria-pressed', on ? 'true' : 'false');
    }
    for (const excerpt of panel.querySelectorAll('.step-excerpt')) {
      excerpt.hidden = excerpt.dataset.step !== node.dataset.step;
    }
  }

  function togglePath(head) {
    const panel = head.closest('.finding').querySelector('.path');
    if (!panel) return;
    const open = panel.hidden;
    panel.hidden = !open;
    head.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open && !panel.querySelector('.node.selected')) selectNode(panel.querySelector('.node'));
  }

  for (const key of Object.keys(filters)) {
    if (filters[key]) filters[key].addEventListener('change', applyFilters);
  }
  document.addEventListener('click', (event) => {
    const node = event.target.closest('.node');
    if (node) {
      selectNode(node);
      return;
    }
    const head = event.target.closest('.finding-head[role=button]');
    if (head) togglePath(head);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const head = event.target.closest && event.target.closest('.finding-head[role=button]');
    if (!head) return;
    event.preventDefault();
    togglePath(head);
  });
  applyFilters();
})();
)js";

}  // namespace pagewise
