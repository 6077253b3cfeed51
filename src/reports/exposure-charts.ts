/**
 * Count charts for the exposure and lifecycle reports, as inline SVG strings: several count lines
 * over time (findings by severity per stored run), horizontal stacked bars (findings per site by
 * severity, milestones passed / upcoming) and monthly columns (upcoming milestones per month).
 * Same rules as svg-charts.ts: every text and attribute escaped, no script, no event attribute, no
 * link, no external font or image, and deterministic (coordinates rounded to 0.1, times printed
 * from the ISO string).
 *
 * Each mark carries its data: a line point is `<circle class="point" data-series data-at
 * data-value>`; a stacked bar is `<g class="bar" data-key data-value>` (the total) holding one
 * `<rect class="segment" data-segment data-value>` per non-zero part; a month column is
 * `<g class="month" data-month data-value>`. Every mark has a `<title>` tooltip.
 */
import { escapeHtml } from './html-render.js';
import { shortTime } from './svg-charts.js';

export interface CountSeries {
  key: string;
  label: string;
  color: string;
  /** Dashed line (a series that overlaps the others, e.g. KEV). */
  dashed?: boolean;
  points: { at: string; value: number; title: string }[];
}

export interface StackedSegment {
  key: string;
  label: string;
  value: number;
  color: string;
}

export interface StackedBar {
  key: string;
  /** Left of the bar (cut to the label width; the full text is in the tooltip). */
  label: string;
  segments: StackedSegment[];
  /** Right of the bar, e.g. `12 findings`. */
  valueText: string;
  title: string;
}

export interface MonthColumn {
  /** `YYYY-MM` */
  month: string;
  value: number;
  title: string;
}

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';
const INK = '#1d2430';
const MUTED = '#5b6576';
const GRID = '#d6dbe3';
const CHAR_WIDTH = 7; // about one character of the 12px font

function n(value: number): string {
  const r = Math.round(value * 10) / 10;
  return String(Object.is(r, -0) ? 0 : r);
}

const positive = (value: number): number => (Number.isFinite(value) && value > 0 ? value : 0);

/** The text cut to what fits in `width` pixels, with `…` when cut. */
function cut(text: string, width: number): string {
  const max = Math.max(4, Math.floor(width / CHAR_WIDTH));
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function svgOpen(width: number, height: number, label: string): string {
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(label)}" ${FONT}><title>${escapeHtml(label)}</title>`;
}

/** A round top for a count axis (4 steps of 1, 2, 2.5 or 5 × 10^k; at least 4) and its tick step (4 steps). */
export function countScale(max: number): { top: number; step: number } {
  const target = Math.max(positive(max), 4);
  const raw = target / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const whole = Math.max(1, Math.round(step));
  return { top: whole * 4, step: whole };
}

/** Legend: one swatch and label per entry, left to right from x, at y. */
function legend(entries: readonly { label: string; color: string; dashed?: boolean }[], x: number, y: number): string {
  let at = x;
  return entries
    .map((e) => {
      const swatch = e.dashed
        ? `<line x1="${at}" x2="${at + 14}" y1="${y - 4}" y2="${y - 4}" stroke="${e.color}" stroke-width="2" stroke-dasharray="4 2"/>`
        : `<rect x="${at}" y="${y - 10}" width="14" height="10" fill="${e.color}"/>`;
      const text = `<text x="${at + 18}" y="${y}" fill="${INK}">${escapeHtml(e.label)}</text>`;
      at += 30 + [...e.label].length * 7;
      return swatch + text;
    })
    .join('');
}

function xPositions(times: readonly string[], left: number, width: number): number[] {
  const ms = times.map((t) => Date.parse(t));
  const min = Math.min(...ms);
  const max = Math.max(...ms);
  if (ms.every(Number.isFinite) && max > min) return ms.map((t) => left + ((t - min) / (max - min)) * width);
  if (times.length === 1) return [left + width / 2];
  return times.map((_, i) => left + (i / (times.length - 1)) * width);
}

/**
 * Count lines over time sharing one x axis (the times of the first series, in the order given)
 * and one y axis from 0 to a round top; a legend above the plot.
 */
export function countLinesSvg(series: readonly CountSeries[], options: { label: string; xTitle: string; width?: number; height?: number }): string {
  const width = options.width ?? 880;
  const height = options.height ?? 280;
  const [left, right, top, bottom] = [56, 24, 36, 48];
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = Math.max(0, ...series.flatMap((s) => s.points.map((p) => positive(p.value))));
  const scale = countScale(max);
  const y = (value: number): number => top + plotH - (Math.min(positive(value), scale.top) / scale.top) * plotH;
  const parts = [svgOpen(width, height, options.label), legend(series, left, 16)];
  for (let tick = 0; tick <= scale.top; tick += scale.step) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${n(y(tick))}" y2="${n(y(tick))}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(`<text x="${left - 6}" y="${n(y(tick) + 4)}" text-anchor="end" fill="${MUTED}">${tick.toLocaleString('en-US')}</text>`);
  }
  parts.push(`<text x="${n(left + plotW / 2)}" y="${height - 6}" text-anchor="middle" fill="${MUTED}">${escapeHtml(options.xTitle)}</text>`);
  const times = series[0]?.points.map((p) => p.at) ?? [];
  if (times.length === 0) {
    parts.push(`<text x="${n(left + plotW / 2)}" y="${n(top + plotH / 2)}" text-anchor="middle" fill="${MUTED}">no data</text></svg>`);
    return parts.join('');
  }
  const xs = xPositions(times, left, plotW);
  const first = shortTime(times[0]!);
  const last = shortTime(times[times.length - 1]!);
  const labelY = top + plotH + 18;
  if (times.length === 1 || first === last) {
    parts.push(`<text x="${n(xs[0]!)}" y="${labelY}" text-anchor="middle" fill="${INK}">${escapeHtml(first)}</text>`);
  } else {
    parts.push(`<text x="${left}" y="${labelY}" text-anchor="start" fill="${INK}">${escapeHtml(first)}</text>`);
    parts.push(`<text x="${width - right}" y="${labelY}" text-anchor="end" fill="${INK}">${escapeHtml(last)}</text>`);
  }
  for (const s of series) {
    const pts = s.points.slice(0, times.length);
    if (pts.length > 1) {
      const line = pts.map((p, i) => `${n(xs[i]!)},${n(y(p.value))}`).join(' ');
      const dash = s.dashed ? ' stroke-dasharray="6 3"' : '';
      parts.push(`<polyline points="${line}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"${dash}/>`);
    }
    pts.forEach((p, i) => {
      parts.push(
        `<circle class="point" cx="${n(xs[i]!)}" cy="${n(y(p.value))}" r="3.5" fill="#fff" stroke="${s.color}" stroke-width="2" data-series="${escapeHtml(s.key)}" data-at="${escapeHtml(p.at)}" data-value="${escapeHtml(String(p.value))}"><title>${escapeHtml(p.title)}</title></circle>`,
      );
    });
  }
  parts.push('</svg>');
  return parts.join('');
}

/** One horizontal bar per entry, its segments stacked left to right, scaled to the largest total. */
export function stackedBarsSvg(
  bars: readonly StackedBar[],
  options: { label: string; legend: readonly { label: string; color: string }[]; width?: number; labelWidth?: number; valueWidth?: number },
): string {
  const width = options.width ?? 880;
  const [labelW, valueW, rowH, barH, pad, legendH] = [options.labelWidth ?? 240, options.valueWidth ?? 110, 26, 16, 8, 24];
  const barAreaW = width - labelW - valueW;
  const height = Math.max(bars.length, 1) * rowH + 2 * pad + legendH;
  const parts = [svgOpen(width, height, options.label), legend(options.legend, labelW, 16)];
  if (bars.length === 0) {
    parts.push(`<text x="${n(width / 2)}" y="${n(legendH + height / 2)}" text-anchor="middle" fill="${MUTED}">no data</text></svg>`);
    return parts.join('');
  }
  const totals = bars.map((b) => b.segments.reduce((sum, s) => sum + positive(s.value), 0));
  const max = Math.max(1, ...totals);
  bars.forEach((bar, i) => {
    const top = legendH + pad + i * rowH;
    const mid = top + rowH / 2 + 4;
    const barY = n(top + (rowH - barH) / 2);
    let x = labelW;
    const segments = bar.segments
      .filter((s) => positive(s.value) > 0)
      .map((s) => {
        const w = (positive(s.value) / max) * barAreaW;
        const rect = `<rect class="segment" x="${n(x)}" y="${barY}" width="${n(w)}" height="${barH}" fill="${s.color}" data-segment="${escapeHtml(s.key)}" data-value="${escapeHtml(String(s.value))}"><title>${escapeHtml(`${s.label}: ${s.value.toLocaleString('en-US')}`)}</title></rect>`;
        x += w;
        return rect;
      })
      .join('');
    parts.push(
      `<g class="bar" data-key="${escapeHtml(bar.key)}" data-value="${totals[i]}"><title>${escapeHtml(bar.title)}</title>` +
        `<text x="${labelW - 8}" y="${n(mid)}" text-anchor="end" fill="${INK}">${escapeHtml(cut(bar.label, labelW - 12))}</text>` +
        `<rect x="${labelW}" y="${barY}" width="${n(barAreaW)}" height="${barH}" fill="#eef1f6"/>${segments}` +
        `<text class="value" x="${labelW + barAreaW + 8}" y="${n(mid)}" fill="${INK}">${escapeHtml(bar.valueText)}</text></g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

/** One column per month, left to right in the order given, scaled to a round top. */
export function monthColumnsSvg(months: readonly MonthColumn[], options: { label: string; color: string; width?: number; height?: number }): string {
  const width = options.width ?? 880;
  const height = options.height ?? 240;
  const [left, right, top, bottom] = [56, 16, 16, 56];
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const parts = [svgOpen(width, height, options.label)];
  const scale = countScale(Math.max(0, ...months.map((m) => positive(m.value))));
  const y = (value: number): number => top + plotH - (Math.min(positive(value), scale.top) / scale.top) * plotH;
  for (let tick = 0; tick <= scale.top; tick += scale.step) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${n(y(tick))}" y2="${n(y(tick))}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(`<text x="${left - 6}" y="${n(y(tick) + 4)}" text-anchor="end" fill="${MUTED}">${tick.toLocaleString('en-US')}</text>`);
  }
  if (months.length === 0) {
    parts.push(`<text x="${n(left + plotW / 2)}" y="${n(top + plotH / 2)}" text-anchor="middle" fill="${MUTED}">nothing upcoming</text></svg>`);
    return parts.join('');
  }
  const slot = plotW / months.length;
  const colW = Math.max(2, Math.min(40, slot * 0.7));
  const every = Math.max(1, Math.ceil(months.length / 12)); // at most ~12 month labels
  months.forEach((m, i) => {
    const cx = left + slot * i + slot / 2;
    const label = i % every === 0 ? `<text x="${n(cx)}" y="${top + plotH + 16}" text-anchor="middle" fill="${INK}">${escapeHtml(m.month)}</text>` : '';
    const count = positive(m.value) > 0 ? `<text class="value" x="${n(cx)}" y="${n(y(m.value) - 4)}" text-anchor="middle" fill="${INK}">${m.value.toLocaleString('en-US')}</text>` : '';
    parts.push(
      `<g class="month" data-month="${escapeHtml(m.month)}" data-value="${escapeHtml(String(m.value))}"><title>${escapeHtml(m.title)}</title>` +
        `<rect x="${n(cx - colW / 2)}" y="${n(y(m.value))}" width="${n(colW)}" height="${n(top + plotH - y(m.value))}" fill="${options.color}"/>${count}${label}</g>`,
    );
  });
  parts.push(`<text x="${n(left + plotW / 2)}" y="${height - 8}" text-anchor="middle" fill="${MUTED}">month (UTC)</text></svg>`);
  return parts.join('');
}
