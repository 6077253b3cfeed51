/**
 * A report view as one self-contained HTML file: inline CSS, no scripts, no images, no fonts,
 * no link to anything outside the page (a Content-Security-Policy of `default-src 'none'` makes
 * sure of it even if a value looked like a URL). Every text is HTML-escaped. Layout: the title
 * and generated-at time, the totals, a contents line, the figures (inline SVG charts built by
 * svg-charts.ts, when the view has any), then one table per section with its row count (an empty
 * section says so instead of drawing an empty table). Every number shown (a total, a numeric
 * cell) carries its exact value in `data-value`, so a script or a test reads it without parsing
 * the formatted text.
 */
import type { Cell, ReportColumn, ReportFigure, ReportTable, ReportView } from './report-view.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1d2430; background: #fff; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #d6dbe3; padding-bottom: .25rem; }
h2 .count { color: #5b6576; font-weight: normal; font-size: .95rem; }
.meta { color: #5b6576; margin: 0 0 1rem; }
.totals { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; padding: 0; list-style: none; }
.totals li { border: 1px solid #d6dbe3; border-radius: 6px; padding: .5rem .9rem; min-width: 7rem; background: #f6f8fb; }
.totals .value { display: block; font-size: 1.4rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.totals .label { color: #5b6576; font-size: .85rem; }
nav { font-size: .9rem; }
nav a { margin-right: 1rem; color: #1f5fbf; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #e3e7ee; vertical-align: top; }
th { background: #eef1f6; position: sticky; top: 0; }
tbody tr:nth-child(even) { background: #f9fafc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.nowrap, th.nowrap { white-space: nowrap; }
td.null { color: #9aa3b2; }
.empty { color: #5b6576; font-style: italic; }
figure { margin: .5rem 0 0; }
figure svg { max-width: 100%; height: auto; }
footer { margin-top: 2.5rem; color: #5b6576; font-size: .8rem; }
@media print { th { position: static; } body { margin: 0; } }
`;

function classAttr(column: ReportColumn | undefined): string {
  const classes = [column?.numeric ? 'num' : null, column?.nowrap ? 'nowrap' : null].filter((c) => c !== null);
  return classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
}

function cellHtml(cell: Cell, column: ReportColumn | undefined): string {
  if (cell === null) return '<td class="null">—</td>';
  if (typeof cell === 'number') return `<td${classAttr(column)} data-value="${escapeHtml(String(cell))}">${escapeHtml(cell.toLocaleString('en-US'))}</td>`;
  return `<td${classAttr(column)}>${escapeHtml(cell)}</td>`;
}

function figureHtml(figure: ReportFigure): string {
  const id = escapeHtml(figure.id);
  return `<section><h2 id="${id}">${escapeHtml(figure.title)}</h2><figure data-figure="${id}">${figure.svg}</figure></section>`;
}

function tableHtml(table: ReportTable): string {
  const id = escapeHtml(table.id);
  const heading = `<h2 id="${id}">${escapeHtml(table.title)} <span class="count">(${table.rows.length})</span></h2>`;
  if (table.rows.length === 0) return `<section>${heading}<p class="empty">${escapeHtml(table.emptyText)}</p></section>`;
  const head = table.columns.map((c) => `<th scope="col"${classAttr(c)}>${escapeHtml(c.label)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${row.map((cell, i) => cellHtml(cell, table.columns[i])).join('')}</tr>`)
    .join('\n');
  return `<section>${heading}<table data-table="${id}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></section>`;
}

export function renderHtml(view: ReportView, options: { product?: string } = {}): string {
  const product = options.product ?? 'ibsight';
  const totals = view.totals
    .map((t) => `<li><span class="value" data-value="${escapeHtml(String(t.value))}">${escapeHtml(t.value.toLocaleString('en-US'))}</span><span class="label">${escapeHtml(t.label)}</span></li>`)
    .join('');
  const figures = view.figures ?? [];
  const nav = [...figures, ...view.tables].map((t) => `<a href="#${escapeHtml(t.id)}">${escapeHtml(t.title)}</a>`).join('');
  const notes = view.notes.map((n) => `<p class="meta">${escapeHtml(n)}</p>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(product)}">
<title>${escapeHtml(`${product} — ${view.title}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(view.title)}</h1>
<p class="meta">Generated at <time datetime="${escapeHtml(view.generatedAt)}">${escapeHtml(view.generatedAt)}</time> by ${escapeHtml(product)}</p>
${notes}
<ul class="totals">${totals}</ul>
<nav>${nav}</nav>
</header>
<main>
${[...figures.map(figureHtml), ...view.tables.map(tableHtml)].join('\n')}
</main>
<footer>${escapeHtml(product)} ${escapeHtml(view.kind)} report · ${escapeHtml(view.generatedAt)}</footer>
</body>
</html>
`;
}
