/**
 * Small charts as inline SVG strings for the HTML reports: a trend line (a value in 0–100 over
 * time) and horizontal bars (one per label). Pure string builders with the rules of the HTML
 * renderer: every text and attribute escaped, no script, no event attribute, no link, no
 * external font or image (the page's CSP `default-src 'none'` holds), and deterministic — the
 * same input gives the same bytes (coordinates rounded to 0.1, times printed from the ISO string,
 * never from the machine's clock or time zone).
 *
 * Each mark carries its data for readers and tests: a trend point is `<circle class="point"
 * data-at data-value>` with a `<title>` tooltip; a bar is `<g class="bar" data-key data-value>`
 * with a `<title>`. Values outside 0..max are drawn clamped; `data-value` keeps the exact value.
 */
import { escapeHtml } from './html-render.js';

export interface TrendPoint {
  /** ISO-8601 time of the point. */
  at: string;
  value: number;
  /** Tooltip text. */
  title: string;
}

export type BarTone = 'good' | 'fair' | 'poor' | 'neutral';

export interface Bar {
  /** Stable key (a site id): `data-key`. */
  key: string;
  /** Shown left of the bar (cut to 32 characters; the full text is in the tooltip). */
  label: string;
  value: number;
  /** Shown right of the bar, e.g. `87.5 %`. */
  valueText: string;
  /** Tooltip text. */
  title: string;
  tone?: BarTone;
}

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';
const INK = '#1d2430';
const MUTED = '#5b6576';
const GRID = '#d6dbe3';
const LINE = '#1f5fbf';
const TONES: Readonly<Record<BarTone, string>> = { good: '#2e8540', fair: '#c98a00', poor: '#c0392b', neutral: '#1f5fbf' };
const LABEL_MAX = 32;

/** A coordinate or a size: rounded to 0.1, no `-0`, no trailing `.0`. */
function n(value: number): string {
  const r = Math.round(value * 10) / 10;
  return String(Object.is(r, -0) ? 0 : r);
}

const clamp = (value: number, max: number): number => (Number.isFinite(value) ? Math.min(Math.max(value, 0), max) : 0);

/** `2025-03-01T10:00:00.000Z` → `2025-03-01 10:00`; anything else as given. */
export function shortTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

function cut(text: string): string {
  const chars = [...text];
  return chars.length <= LABEL_MAX ? text : `${chars.slice(0, LABEL_MAX - 1).join('')}…`;
}

function svgOpen(width: number, height: number, label: string): string {
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(label)}" ${FONT}><title>${escapeHtml(label)}</title>`;
}

/**
 * X positions of the points: by time when every time parses and at least two differ, else evenly
 * by order (one point: the middle).
 */
function xPositions(points: readonly TrendPoint[], left: number, width: number): number[] {
  const times = points.map((p) => Date.parse(p.at));
  const min = Math.min(...times);
  const max = Math.max(...times);
  if (times.every(Number.isFinite) && max > min) return times.map((t) => left + ((t - min) / (max - min)) * width);
  if (points.length === 1) return [left + width / 2];
  return points.map((_, i) => left + (i / (points.length - 1)) * width);
}

/**
 * A line over time, y from 0 to 100 with gridlines every 25 and `yUnit` after the numbers; x
 * labelled with the first and last time (UTC). Points in the order given (the caller sorts).
 */
export function trendLineSvg(points: readonly TrendPoint[], options: { label: string; yUnit: string; xTitle: string; width?: number; height?: number }): string {
  const width = options.width ?? 880;
  const height = options.height ?? 260;
  const [left, right, top, bottom] = [56, 24, 16, 48];
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const y = (value: number): number => top + plotH - (clamp(value, 100) / 100) * plotH;
  const parts = [svgOpen(width, height, options.label)];
  for (const tick of [0, 25, 50, 75, 100]) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${n(y(tick))}" y2="${n(y(tick))}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(`<text x="${left - 6}" y="${n(y(tick) + 4)}" text-anchor="end" fill="${MUTED}">${tick} ${escapeHtml(options.yUnit)}</text>`);
  }
  parts.push(`<text x="${n(left + plotW / 2)}" y="${height - 6}" text-anchor="middle" fill="${MUTED}">${escapeHtml(options.xTitle)}</text>`);
  if (points.length === 0) {
    parts.push(`<text x="${n(left + plotW / 2)}" y="${n(top + plotH / 2)}" text-anchor="middle" fill="${MUTED}">no data</text></svg>`);
    return parts.join('');
  }
  const xs = xPositions(points, left, plotW);
  const first = shortTime(points[0]!.at);
  const last = shortTime(points[points.length - 1]!.at);
  const labelY = top + plotH + 18;
  if (points.length === 1 || first === last) {
    parts.push(`<text x="${n(xs[0]!)}" y="${labelY}" text-anchor="middle" fill="${INK}">${escapeHtml(first)}</text>`);
  } else {
    parts.push(`<text x="${left}" y="${labelY}" text-anchor="start" fill="${INK}">${escapeHtml(first)}</text>`);
    parts.push(`<text x="${width - right}" y="${labelY}" text-anchor="end" fill="${INK}">${escapeHtml(last)}</text>`);
  }
  if (points.length > 1) {
    const line = points.map((p, i) => `${n(xs[i]!)},${n(y(p.value))}`).join(' ');
    parts.push(`<polyline points="${line}" fill="none" stroke="${LINE}" stroke-width="2" stroke-linejoin="round"/>`);
  }
  points.forEach((p, i) => {
    parts.push(
      `<circle class="point" cx="${n(xs[i]!)}" cy="${n(y(p.value))}" r="4" fill="#fff" stroke="${LINE}" stroke-width="2" data-at="${escapeHtml(p.at)}" data-value="${escapeHtml(String(p.value))}"><title>${escapeHtml(p.title)}</title></circle>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

/** One horizontal bar per entry, in the order given, scaled to 0..max. */
export function horizontalBarsSvg(bars: readonly Bar[], options: { label: string; max: number; width?: number }): string {
  const width = options.width ?? 880;
  const [labelW, valueW, rowH, barH, pad] = [240, 72, 26, 16, 8];
  const barAreaW = width - labelW - valueW;
  const height = Math.max(bars.length, 1) * rowH + 2 * pad;
  const parts = [svgOpen(width, height, options.label)];
  if (bars.length === 0) {
    parts.push(`<text x="${n(width / 2)}" y="${n(height / 2 + 4)}" text-anchor="middle" fill="${MUTED}">no data</text></svg>`);
    return parts.join('');
  }
  const max = options.max > 0 ? options.max : 1;
  bars.forEach((bar, i) => {
    const top = pad + i * rowH;
    const barW = (clamp(bar.value, max) / max) * barAreaW;
    const mid = top + rowH / 2 + 4;
    parts.push(
      `<g class="bar" data-key="${escapeHtml(bar.key)}" data-value="${escapeHtml(String(bar.value))}"><title>${escapeHtml(bar.title)}</title>` +
        `<text x="${labelW - 8}" y="${n(mid)}" text-anchor="end" fill="${INK}">${escapeHtml(cut(bar.label))}</text>` +
        `<rect x="${labelW}" y="${n(top + (rowH - barH) / 2)}" width="${n(barAreaW)}" height="${barH}" fill="#eef1f6"/>` +
        `<rect x="${labelW}" y="${n(top + (rowH - barH) / 2)}" width="${n(barW)}" height="${barH}" fill="${TONES[bar.tone ?? 'neutral']}"/>` +
        `<text class="value" x="${labelW + barAreaW + 8}" y="${n(mid)}" fill="${INK}">${escapeHtml(bar.valueText)}</text></g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
