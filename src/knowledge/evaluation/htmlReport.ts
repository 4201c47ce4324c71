import type { Outcome, Report } from './metrics';
import { pct } from './metrics';

/** A self-contained HTML page: summary per pipeline and data set, per-intent table, confusion matrix. */
const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

export interface Section {
  title: string;
  report: Report;
  outcomes: Outcome[];
}

function matrix(outcomes: readonly Outcome[]): string {
  const labels = [...new Set(outcomes.flatMap((o) => [o.expected, o.predicted]))].sort();
  const counts = new Map<string, number>();
  for (const o of outcomes)
    counts.set(`${o.expected}\t${o.predicted}`, (counts.get(`${o.expected}\t${o.predicted}`) ?? 0) + 1);
  const head = labels.map((l) => `<th class="v">${esc(l)}</th>`).join('');
  const rows = labels
    .map((e) => {
      const cells = labels
        .map((p) => {
          const n = counts.get(`${e}\t${p}`) ?? 0;
          const cls = n === 0 ? '' : e === p ? ' class="ok"' : ' class="bad"';
          return `<td${cls}>${n || ''}</td>`;
        })
        .join('');
      return `<tr><th>${esc(e)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<table class="m"><tr><th>expected ↓ / predicted →</th>${head}</tr>${rows}</table>`;
}

export function htmlReport(sections: readonly Section[]): string {
  const summary = sections
    .map(
      (s) =>
        `<tr><td>${esc(s.title)}</td><td>${pct(s.report.inScope.accuracy)}</td><td>${pct(s.report.outOfScope.recall)}</td><td>${pct(s.report.outOfScope.precision)}</td><td>${pct(s.report.overall)}</td><td>${s.report.total}</td></tr>`,
    )
    .join('');
  const body = sections
    .map((s) => {
      const per = s.report.perIntent
        .map((p) => `<tr><td>${esc(p.intent)}</td><td>${p.correct}/${p.total}</td><td>${pct(p.accuracy)}</td></tr>`)
        .join('');
      const errors = s.outcomes
        .filter((o) => o.expected !== o.predicted)
        .map((o) => `<tr><td>${esc(o.text)}</td><td>${esc(o.expected)}</td><td>${esc(o.predicted)}</td></tr>`)
        .join('');
      return `<h2>${esc(s.title)}</h2><h3>Per intent</h3><table>${per}</table><h3>Misclassified</h3><table><tr><th>text</th><th>expected</th><th>predicted</th></tr>${errors}</table><h3>Confusion matrix</h3>${matrix(s.outcomes)}`;
    })
    .join('\n');
  return `<!doctype html><meta charset="utf-8"><title>Banshi intent model evaluation</title>
<style>body{font:13px sans-serif;margin:1em}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 4px}
.m td{text-align:center;min-width:14px}.ok{background:#b7e1b7}.bad{background:#f3b3b3}th.v{writing-mode:vertical-rl;font-weight:normal}</style>
<h1>Intent model evaluation</h1><p>Generated ${new Date().toISOString()}</p>
<table><tr><th>pipeline / data</th><th>in-scope correct</th><th>out-of-scope declined</th><th>decline precision</th><th>overall</th><th>n</th></tr>${summary}</table>
${body}`;
}
