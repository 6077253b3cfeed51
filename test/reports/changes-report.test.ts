/**
 * `report changes` as a pure function: every kind of change carried over with totals, sorted
 * the same way every time, and the view's flat CSV table with one row per change.
 */
import { describe, expect, it } from 'vitest';
import { buildChangesReport, changesReportView } from '../../src/reports/changes-report.js';
import type { ChangeSet } from '../../src/store/store-api.js';
import { AT, SINCE, UNTIL, sampleChangeSet } from './report-fixtures.js';

const NOW = new Date('2025-03-02T00:00:01.000Z');

describe('buildChangesReport', () => {
  const report = buildChangesReport(sampleChangeSet(), { generatedAt: NOW });

  it('carries the period and totals', () => {
    expect(report).toMatchObject({ report: 'changes', generatedAt: NOW.toISOString(), since: SINCE, until: UNTIL });
    expect(report.totals).toEqual({ componentsAdded: 2, componentsRemoved: 1, componentsMoved: 1, softwareChanged: 2, configsChanged: 2, devicesFailing: 2 });
  });

  it('sorts by device then member / path', () => {
    expect(report.componentsAdded.map((c) => c.device)).toEqual(['mx1', 'mx2']);
    expect(report.softwareChanged.map((s) => s.member)).toEqual(['re0', 're1']);
    expect(report.devicesFailing.map((f) => f.device)).toEqual(['broken-1', 'broken-2']);
  });

  it('keeps components as arrays of path names, with their history times', () => {
    expect(report.componentsRemoved[0]).toMatchObject({ device: 'mx1', path: ['Chassis', 'FPC 1'], serialNumber: 'CAJX1111', removedAt: AT, firstSeen: '2024-01-01T00:00:00.000Z' });
  });

  it('names the snapshots of a configuration change with the commit user', () => {
    expect(report.configsChanged[0]).toEqual({
      device: 'mx1', at: AT, fromSnapshot: 1, fromHash: 'a'.repeat(64), toSnapshot: 2, toHash: 'b'.repeat(64),
      commitTime: '2025-03-01 05:55:00 UTC', commitUser: '+ops',
    });
    expect(report.configsChanged[1]).toMatchObject({ device: 'qfx', fromSnapshot: null, fromHash: null, commitUser: null });
  });

  it('does not change its input', () => {
    const input = sampleChangeSet();
    const copy = structuredClone(input);
    buildChangesReport(input, { generatedAt: NOW });
    expect(input).toEqual(copy);
  });

  it('gives one CSV row per change', () => {
    const view = changesReportView(report);
    expect(view.csv.rows).toHaveLength(10);
    expect(view.csv.rows.map((r) => r[0])).toEqual([
      'component-added', 'component-added', 'component-removed', 'component-moved', 'software-changed', 'software-changed',
      'config-changed', 'config-changed', 'device-failing', 'device-failing',
    ]);
    const moved = view.csv.rows[3]!;
    expect(moved.slice(7, 9)).toEqual(['mx1: Chassis / FPC 2', 'mx2: Chassis / FPC 0']);
    for (const t of [...view.tables, view.csv]) for (const r of t.rows) expect(r).toHaveLength(t.columns.length);
  });

  it('says so when nothing changed', () => {
    const empty: ChangeSet = { since: SINCE, until: UNTIL, componentsAdded: [], componentsRemoved: [], componentsMoved: [], softwareChanged: [], configsChanged: [], devicesFailing: [] };
    const view = changesReportView(buildChangesReport(empty, { generatedAt: NOW }));
    expect(view.totals.every((t) => t.value === 0)).toBe(true);
    expect(view.csv.rows).toEqual([]);
  });
});
