#include "report/page_assets.h"

#include <string>

#include <llvm/ADT/ArrayRef.h>
#include <llvm/Support/Base64.h>
#include <llvm/Support/SHA256.h>

namespace hawk::audit::report {

std::string_view page_style() {
  return R"css(
:root { --fg: #1d2330; --muted: #5f6b7a; --line: #d9dee6; --bg: #f6f7f9; --card: #fff;
  --bad: #c62828; --good: #2e7d32; --warn: #b26a00; --link: #1a56b8; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header.top { background: #1d2330; color: #fff; padding: 16px 28px; }
header.top h1 { margin: 0 0 4px; font-size: 22px; }
header.top p { margin: 2px 0; color: #c9d1dc; font-size: 13px; word-break: break-all; }
nav.sections { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 28px; }
nav.sections a { margin-right: 18px; }
main { padding: 8px 28px 60px; max-width: 1600px; }
section.part { margin-top: 26px; }
h2 { font-size: 19px; margin: 0 0 10px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 8px; }
h4 { font-size: 13px; margin: 0 0 4px; }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
.muted, .note { color: var(--muted); }
.note { font-style: italic; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 150px; }
.card .n { font-size: 24px; font-weight: 600; }
.card .t { color: var(--muted); font-size: 12px; }
.card.bad .n { color: var(--bad); }
.card.good .n { color: var(--good); }
table.grid { border-collapse: collapse; background: var(--card); border: 1px solid var(--line); width: 100%; }
table.grid th, table.grid td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
table.grid th { background: #eef1f5; font-weight: 600; white-space: nowrap; }
table.grid td.num, table.grid th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.grid tr.total td { font-weight: 600; background: #f2f4f7; white-space: nowrap; }
.scroll { overflow-x: auto; }
table#modules th { white-space: normal; font-size: 12px; vertical-align: bottom; }
table#modules td:first-child { white-space: nowrap; }
table#inventory td, table#mutants td, table#stress td { overflow-wrap: anywhere; }
table#inventory td:nth-child(-n+4) { white-space: nowrap; overflow-wrap: normal; }
table#inventory td:nth-child(2) { white-space: normal; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th::after { content: " \2195"; color: #a0a8b4; font-size: 11px; }
table.sortable th[aria-sort="ascending"]::after { content: " \2191"; color: var(--fg); }
table.sortable th[aria-sort="descending"]::after { content: " \2193"; color: var(--fg); }
.zero { color: #b8bec8; }
.pill { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.pill.pass { background: #e3f3e4; color: var(--good); }
.pill.fail { background: #fde7e7; color: var(--bad); }
.pill.not-run, .pill.none { background: #eceff3; color: var(--muted); }
.pill.suppressed { background: #eceff3; color: var(--muted); }
.pill.check { background: #fff1db; color: #8a4b00; }
.pill.tsan { background: #ede4fb; color: #5b2fa0; }
.pill.weak, .pill.confidence-low { background: #eceff3; color: var(--muted); }
.pill.confidence-medium { background: #fff7e0; color: #7a5a00; }
.pill.confidence-high { background: #fde7e7; color: var(--bad); }
.pill.open { background: #fde7e7; color: var(--bad); }
.legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; margin: 6px 0 10px; }
.legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; background: var(--swatch); }
svg.stack { vertical-align: middle; border-radius: 3px; }
svg rect.empty, svg rect.track { fill: #e6e9ee; }
.v-guarded { fill: #2e7d32; --swatch: #2e7d32; }
.v-synchronised { fill: #00897b; --swatch: #00897b; }
.v-atomic { fill: #1e88e5; --swatch: #1e88e5; }
.v-once-initialised { fill: #7e57c2; --swatch: #7e57c2; }
.v-immutable { fill: #78909c; --swatch: #78909c; }
.v-read-only { fill: #b0bec5; --swatch: #b0bec5; }
.v-thread-local { fill: #a1887f; --swatch: #a1887f; }
.v-unguarded { fill: #e53935; --swatch: #e53935; }
.v-other { fill: #fbc02d; --swatch: #fbc02d; }
svg.rates text { font-size: 12px; fill: var(--fg); }
svg.rates .rate-static { fill: #1e88e5; }
svg.rates .rate-stress { fill: #8e24aa; }
.rate-static-key { --swatch: #1e88e5; }
.rate-stress-key { --swatch: #8e24aa; }
details.finding { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--bad); border-radius: 4px; margin: 8px 0; }
details.finding.is-suppressed { border-left-color: #9aa4b1; }
details.finding.is-tsan { border-left-color: #8e24aa; }
details.finding > summary { cursor: pointer; padding: 8px 12px; list-style-position: outside; }
details.finding > summary .msg { font-weight: 600; }
details.finding > summary .where { color: var(--muted); margin-left: 6px; }
details.finding, section.part { scroll-margin-top: 48px; }
details.finding:target, details.finding.targeted { box-shadow: 0 0 0 3px #ffd54f; }
.finding .body { padding: 4px 14px 14px; border-top: 1px solid var(--line); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 10px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; word-break: break-word; }
.accesses { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 12px; }
.access { border: 1px solid var(--line); border-radius: 4px; padding: 8px; background: #fbfcfd; min-width: 0; }
.access.primary { border-color: #e8a0a0; }
.access p { margin: 2px 0; word-break: break-all; }
ol.frames, ol.via { margin: 4px 0; padding-left: 22px; font-size: 12px; }
ol.frames li, ol.via li { word-break: break-all; }
.tsan-match { margin-top: 12px; border: 1px dashed #b39ddb; border-radius: 4px; padding: 8px; background: #faf7ff; }
table.src { border-collapse: collapse; width: 100%; margin-top: 6px; background: #fff; border: 1px solid var(--line);
  font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; table-layout: fixed; }
table.src td { padding: 0 6px; white-space: pre; overflow: hidden; text-overflow: ellipsis; }
table.src td.ln { width: 4.5em; text-align: right; color: #9aa4b1; border-right: 1px solid var(--line); user-select: none; }
table.src tr.hit td { background: #fff3c4; }
table.src tr.hit td.ln { color: var(--bad); font-weight: 700; }
table.src tr.hit td.ln::before { content: "\25B6 "; }
.keyword { color: #0033b3; font-weight: 600; }
.comment { color: #6a737d; font-style: italic; }
.string_literal { color: #067d17; }
.directive { color: #8a4b00; }
.filters { display: flex; gap: 10px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.filters input[type=search] { width: 320px; padding: 4px 8px; }
.filters select { padding: 3px 6px; }
pre.output { background: #1d2330; color: #e6e9ee; padding: 8px; overflow: auto; max-height: 320px; font-size: 12px; }
ul.errors li { margin: 3px 0; word-break: break-all; }
footer { color: var(--muted); font-size: 12px; margin-top: 40px; }
)css";
}

std::string_view page_script() {
  return R"js(
(function () {
  'use strict';
  function openTarget() {
    var id = '';
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === 'DETAILS') node.open = true;
    }
    document.querySelectorAll('.targeted').forEach(function (el) { el.classList.remove('targeted'); });
    target.classList.add('targeted');
    target.scrollIntoView({block: 'start'});
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();

  function cellKey(row, column, numeric) {
    var cell = row.cells[column];
    if (!cell) return numeric ? -Infinity : '';
    var key = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
    if (!numeric) return key.toLowerCase();
    var n = parseFloat(key);
    return isNaN(n) ? -Infinity : n;
  }
  function sortBy(table, header, column) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = header.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('thead th').forEach(function (th) { th.removeAttribute('aria-sort'); });
    header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var numeric = header.classList.contains('num');
    var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return !r.classList.contains('total'); });
    var totals = Array.prototype.slice.call(body.rows).filter(function (r) { return r.classList.contains('total'); });
    rows.sort(function (a, b) {
      var x = cellKey(a, column, numeric), y = cellKey(b, column, numeric);
      var order = numeric ? (x - y) : (x < y ? -1 : x > y ? 1 : 0);
      return ascending ? order : -order;
    });
    rows.concat(totals).forEach(function (r) { body.appendChild(r); });
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('thead th').forEach(function (th, column) {
      th.tabIndex = 0;
      th.addEventListener('click', function () { sortBy(table, th, column); });
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(table, th, column); }
      });
    });
  });

  var text = document.getElementById('inventory-filter');
  var verdict = document.getElementById('inventory-verdict');
  var module = document.getElementById('inventory-module');
  var shown = document.getElementById('inventory-shown');
  var table = document.getElementById('inventory');
  function filter() {
    if (!table || !table.tBodies[0]) return;
    var words = text ? text.value.toLowerCase().trim() : '';
    var wanted = verdict ? verdict.value : '';
    var inModule = module ? module.value : '';
    var rows = table.tBodies[0].rows, count = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = (!wanted || row.getAttribute('data-verdict') === wanted) &&
               (!inModule || row.getAttribute('data-module') === inModule) &&
               (!words || row.textContent.toLowerCase().indexOf(words) >= 0);
      row.hidden = !ok;
      if (ok) count++;
    }
    if (shown) shown.textContent = count + ' of ' + rows.length + ' shown';
  }
  if (text) text.addEventListener('input', filter);
  if (verdict) verdict.addEventListener('change', filter);
  if (module) module.addEventListener('change', filter);
  document.querySelectorAll('a[data-module]').forEach(function (link) {
    link.addEventListener('click', function () {
      if (module) module.value = link.getAttribute('data-module');
      if (text) text.value = '';
      if (verdict) verdict.value = '';
      filter();
    });
  });
  filter();
})();
)js";
}

std::string content_security_policy(std::string_view script) {
  const auto digest = llvm::SHA256::hash(
      llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t*>(script.data()), script.size()));
  return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" +
         llvm::encodeBase64(digest) + "'; base-uri 'none'; form-action 'none'";
}

}  // namespace hawk::audit::report
