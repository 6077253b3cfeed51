/**
 * The inline SVG charts: well-formed XML (read by our own parser), one mark per data point with
 * its exact value in data attributes, positions on the scale (x by time, y 0–100, bars
 * proportional, out-of-range values clamped), every text escaped, no script or event attribute,
 * and the same bytes for the same input.
 */
import { describe, expect, it } from 'vitest';
import { findAll } from '../../src/xml/element.js';
import { parseXml, type XmlElement } from '../../src/xml/parse.js';
import { horizontalBarsSvg, shortTime, trendLineSvg, type Bar, type TrendPoint } from '../../src/reports/svg-charts.js';

const HOSTILE = '<script>alert(1)</script> & "q" \'s';
const TREND_OPTIONS = { label: 'Accuracy', yUnit: '%', xTitle: 'reconciliation time (UTC)' };

const points: TrendPoint[] = [
  { at: '2025-03-01T00:00:00.000Z', value: 50, title: 'first' },
  { at: '2025-03-02T00:00:00.000Z', value: 75.25, title: HOSTILE },
  { at: '2025-03-05T00:00:00.000Z', value: 100, title: 'last' },
];

const circles = (svg: string): XmlElement[] => findAll(parseXml(svg), 'circle');
const num = (e: XmlElement, name: string): number => Number(e.attrs[name]);

function expectSafe(svg: string): void {
  expect(svg).not.toMatch(/<script|\son[a-z]+=|href|url\(/i);
  expect(parseXml(svg).name).toBe('svg');
}

describe('trendLineSvg', () => {
  const svg = trendLineSvg(points, TREND_OPTIONS);

  it('is one well-formed <svg> with one point per value, exact values in data attributes', () => {
    expectSafe(svg);
    const cs = circles(svg);
    expect(cs.map((c) => [c.attrs['data-at'], c.attrs['data-value']])).toEqual(points.map((p) => [p.at, String(p.value)]));
    expect(cs.map((c) => findAll(c, 'title')[0]!.text)).toEqual(['first', HOSTILE, 'last']);
    expect(findAll(parseXml(svg), 'polyline')).toHaveLength(1);
  });

  it('places x by time and y on 0–100', () => {
    const [a, b, c] = circles(svg);
    const [xa, xb, xc] = [num(a!, 'cx'), num(b!, 'cx'), num(c!, 'cx')];
    // One day of four: a quarter of the way.
    expect((xb - xa) / (xc - xa)).toBeCloseTo(0.25, 2);
    const [ya, yc] = [num(a!, 'cy'), num(c!, 'cy')];
    const zeroLine = findAll(parseXml(svg), 'line').map((l) => num(l, 'y1'));
    // Gridlines at 0, 25, 50, 75, 100: 50 % sits on the middle one, 100 % on the top one.
    expect(ya).toBe(zeroLine[2]);
    expect(yc).toBe(zeroLine[4]);
  });

  it('labels the axes: percentages, the first and last time, the x title', () => {
    const texts = findAll(parseXml(svg), 'text').map((t) => t.text);
    expect(texts).toEqual(expect.arrayContaining(['0 %', '50 %', '100 %', '2025-03-01 00:00', '2025-03-05 00:00', 'reconciliation time (UTC)']));
  });

  it('clamps values outside 0–100 but keeps them in data-value', () => {
    const cs = circles(trendLineSvg([{ at: '2025-03-01T00:00:00Z', value: 120, title: 'a' }, { at: '2025-03-02T00:00:00Z', value: -5, title: 'b' }], TREND_OPTIONS));
    const lines = findAll(parseXml(trendLineSvg(points, TREND_OPTIONS)), 'line').map((l) => num(l, 'y1'));
    expect(cs.map((c) => [c.attrs['data-value'], num(c, 'cy')])).toEqual([['120', lines[4]], ['-5', lines[0]]]);
  });

  it('spreads points evenly when times do not parse or are all equal, and centres a single point', () => {
    const same = circles(trendLineSvg(['x', 'y', 'z'].map((title) => ({ at: 'not a time', value: 10, title })), TREND_OPTIONS)).map((c) => num(c, 'cx'));
    expect(same[1]! - same[0]!).toBeCloseTo(same[2]! - same[1]!, 5);
    expect(same[1]! - same[0]!).toBeGreaterThan(0);
    const one = trendLineSvg([{ at: '2025-03-01T00:00:00Z', value: 10, title: 'only' }], { ...TREND_OPTIONS, width: 880 });
    expect(circles(one)).toHaveLength(1);
    expect(num(circles(one)[0]!, 'cx')).toBeCloseTo(56 + (880 - 56 - 24) / 2, 1);
    expect(findAll(parseXml(one), 'polyline')).toHaveLength(0);
  });

  it('says "no data" without points', () => {
    const empty = trendLineSvg([], TREND_OPTIONS);
    expectSafe(empty);
    expect(circles(empty)).toHaveLength(0);
    expect(findAll(parseXml(empty), 'text').some((t) => t.text === 'no data')).toBe(true);
  });

  it('is deterministic', () => {
    expect(trendLineSvg(points, TREND_OPTIONS)).toBe(svg);
  });
});

describe('horizontalBarsSvg', () => {
  const bars: Bar[] = [
    { key: 'S1', label: 'S1 (AMS)', value: 50, valueText: '50 %', title: 'S1: 50 %', tone: 'fair' },
    { key: 'S"2', label: HOSTILE, value: 100, valueText: '100 %', title: HOSTILE, tone: 'good' },
    { key: 'S3', label: 'a label far longer than thirty-two characters, cut', value: 250, valueText: '250 %', title: 'full label', tone: 'poor' },
  ];
  const svg = horizontalBarsSvg(bars, { label: 'Per site', max: 100 });
  const groups = findAll(parseXml(svg), 'g').filter((g) => g.attrs.class === 'bar');

  it('draws one bar per entry with its key and exact value', () => {
    expectSafe(svg);
    expect(groups.map((g) => [g.attrs['data-key'], g.attrs['data-value']])).toEqual([['S1', '50'], ['S"2', '100'], ['S3', '250']]);
    expect(groups.map((g) => findAll(g, 'title')[0]!.text)).toEqual(['S1: 50 %', HOSTILE, 'full label']);
  });

  it('scales bar widths to max, clamping above it', () => {
    const widths = groups.map((g) => {
      const [track, bar] = findAll(g, 'rect');
      return num(bar!, 'width') / num(track!, 'width');
    });
    expect(widths).toEqual([0.5, 1, 1]);
  });

  it('cuts a long label to 32 characters, the full text staying in the tooltip', () => {
    const label = findAll(groups[2]!, 'text')[0]!.text;
    expect([...label]).toHaveLength(32);
    expect(label.endsWith('…')).toBe(true);
    expect(findAll(groups[1]!, 'text')[0]!.text).toBe([...HOSTILE].slice(0, 31).join('') + '…');
  });

  it('says "no data" without bars, and is deterministic', () => {
    expect(findAll(parseXml(horizontalBarsSvg([], { label: 'x', max: 100 })), 'text')[0]!.text).toBe('no data');
    expect(horizontalBarsSvg(bars, { label: 'Per site', max: 100 })).toBe(svg);
  });
});

describe('shortTime', () => {
  it('prints an ISO time as date and minutes, anything else as given', () => {
    expect(shortTime('2025-03-01T10:05:59.123Z')).toBe('2025-03-01 10:05');
    expect(shortTime('yesterday')).toBe('yesterday');
  });
});
