/**
 * The count charts of the exposure and lifecycle reports: well-formed XML (read by our own
 * parser), one mark per data point with its exact value in data attributes, zero segments left
 * out, bars proportional to the largest total, a round count axis, every text escaped, no script
 * or event attribute, and the same bytes for the same input.
 */
import { describe, expect, it } from 'vitest';
import { findAll } from '../../src/xml/element.js';
import { parseXml, type XmlElement } from '../../src/xml/parse.js';
import { countLinesSvg, countScale, monthColumnsSvg, stackedBarsSvg, type CountSeries, type StackedBar } from '../../src/reports/exposure-charts.js';

const HOSTILE = '<script>alert(1)</script> & "q" \'s';

function expectSafe(svg: string): XmlElement {
  expect(svg).not.toMatch(/<script|\son[a-z]+=|href|url\(/i);
  const root = parseXml(svg);
  expect(root.name).toBe('svg');
  return root;
}

const byClass = (root: XmlElement, name: string, cls: string): XmlElement[] => findAll(root, name).filter((e) => e.attrs.class === cls);

describe('countScale', () => {
  it('gives a round top at or above the largest value, in four steps', () => {
    expect([0, 3, 4, 5, 10, 11, 37, 1234].map((v) => countScale(v))).toEqual([
      { top: 4, step: 1 }, { top: 4, step: 1 }, { top: 4, step: 1 }, { top: 8, step: 2 }, { top: 12, step: 3 }, { top: 20, step: 5 },
      { top: 40, step: 10 }, { top: 2000, step: 500 },
    ]);
  });
});

describe('countLinesSvg', () => {
  const series: CountSeries[] = [
    { key: 'critical', label: 'Critical', color: '#7d1128', points: [{ at: '2026-05-01T06:00:00.000Z', value: 1, title: 'a' }, { at: '2026-06-01T06:00:00.000Z', value: 4, title: HOSTILE }] },
    { key: 'kev', label: HOSTILE, color: '#000', dashed: true, points: [{ at: '2026-05-01T06:00:00.000Z', value: 0, title: 'b' }, { at: '2026-06-01T06:00:00.000Z', value: 2, title: 'c' }] },
  ];

  it('draws one point per series and run with exact values, lines, and an escaped legend', () => {
    const svg = countLinesSvg(series, { label: 'trend', xTitle: 'time' });
    const root = expectSafe(svg);
    expect(byClass(root, 'circle', 'point').map((c) => [c.attrs['data-series'], c.attrs['data-at'], c.attrs['data-value']])).toEqual([
      ['critical', '2026-05-01T06:00:00.000Z', '1'], ['critical', '2026-06-01T06:00:00.000Z', '4'],
      ['kev', '2026-05-01T06:00:00.000Z', '0'], ['kev', '2026-06-01T06:00:00.000Z', '2'],
    ]);
    expect(findAll(root, 'polyline')).toHaveLength(2);
    expect(findAll(root, 'text').some((t) => t.text === HOSTILE)).toBe(true);
    // higher count, higher on the page
    const [low, high] = byClass(root, 'circle', 'point').slice(0, 2).map((c) => Number(c.attrs.cy));
    expect(high!).toBeLessThan(low!);
    expect(countLinesSvg(series, { label: 'trend', xTitle: 'time' })).toBe(svg);
  });

  it('says "no data" without points', () => {
    expect(countLinesSvg([], { label: 'trend', xTitle: 'time' })).toContain('>no data<');
  });
});

describe('stackedBarsSvg', () => {
  const bars: StackedBar[] = [
    { key: 'S1', label: 'S1 (AMS)', segments: [{ key: 'critical', label: 'Critical', value: 2, color: '#a00' }, { key: 'high', label: 'High', value: 0, color: '#c00' }, { key: 'low', label: 'Low', value: 4, color: '#00c' }], valueText: '6', title: 'S1' },
    { key: HOSTILE, label: HOSTILE.repeat(3), segments: [{ key: 'critical', label: 'Critical', value: 3, color: '#a00' }], valueText: '3', title: HOSTILE },
  ];

  it('stacks non-zero segments with exact values, scaled to the largest total, labels cut and escaped', () => {
    const root = expectSafe(stackedBarsSvg(bars, { label: 'sites', legend: [{ label: 'Critical', color: '#a00' }] }));
    const groups = byClass(root, 'g', 'bar');
    expect(groups.map((g) => [g.attrs['data-key'], g.attrs['data-value']])).toEqual([['S1', '6'], [HOSTILE, '3']]);
    const segments = groups.map((g) => byClass(g, 'rect', 'segment').map((r) => [r.attrs['data-segment'], r.attrs['data-value'], Number(r.attrs.width)] as const));
    expect(segments.map((s) => s.map(([k, v]) => [k, v]))).toEqual([[['critical', '2'], ['low', '4']], [['critical', '3']]]);
    const full = segments[0]!.reduce((sum, [, , w]) => sum + w, 0);
    expect(segments[1]![0]![2]).toBeCloseTo(full / 2, 0);
    const label = findAll(groups[1]!, 'text')[0]!.text;
    expect(label.endsWith('…')).toBe(true);
    expect([...label].length).toBeLessThan([...HOSTILE.repeat(3)].length);
  });
});

describe('monthColumnsSvg', () => {
  it('draws one column per month with its exact count', () => {
    const months = [{ month: '2026-06', value: 0, title: 'none' }, { month: '2026-07', value: 3, title: HOSTILE }];
    const root = expectSafe(monthColumnsSvg(months, { label: 'months', color: '#c98a00' }));
    expect(byClass(root, 'g', 'month').map((g) => [g.attrs['data-month'], g.attrs['data-value']])).toEqual([['2026-06', '0'], ['2026-07', '3']]);
    expect(monthColumnsSvg([], { label: 'months', color: '#c98a00' })).toContain('>nothing upcoming<');
  });
});
