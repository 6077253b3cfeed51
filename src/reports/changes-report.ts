/**
 * `ibsight report changes`: what changed in the network between `since` and `until`. A pure
 * function from the store's ChangeSet to a document: components added / removed / moved (the
 * same serial at another device or path), software changed per member, configurations changed
 * (with the commit user and time of the new one), and devices failing (status failed or stale,
 * with the error). Lists are sorted by device, then path / member, then time, so two reports of
 * the same period are identical.
 */
import type { StoredComponent } from '../store/store-api.js';
import type { ChangeSet } from '../store/store-api.js';
import { naturalCompare } from './junos-train.js';
import { pathCell, type Cell, type ReportTable, type ReportView } from './report-view.js';

export interface ChangedComponent {
  device: string;
  member: string | null;
  path: string[];
  kind: string;
  partNumber: string | null;
  serialNumber: string | null;
  description: string | null;
  firstSeen: string;
  lastSeen: string;
  removedAt: string | null;
}

export interface ChangesReport {
  report: 'changes';
  generatedAt: string;
  since: string;
  until: string;
  totals: {
    componentsAdded: number;
    componentsRemoved: number;
    componentsMoved: number;
    softwareChanged: number;
    configsChanged: number;
    devicesFailing: number;
  };
  componentsAdded: ChangedComponent[];
  componentsRemoved: ChangedComponent[];
  componentsMoved: ChangeSet['componentsMoved'];
  softwareChanged: ChangeSet['softwareChanged'];
  configsChanged: {
    device: string;
    at: string;
    fromSnapshot: number | null;
    fromHash: string | null;
    toSnapshot: number;
    toHash: string;
    commitTime: string | null;
    commitUser: string | null;
  }[];
  devicesFailing: ChangeSet['devicesFailing'];
}

function component(device: string, c: StoredComponent): ChangedComponent {
  return {
    device,
    member: c.member,
    path: [...c.path],
    kind: c.kind,
    partNumber: c.partNumber,
    serialNumber: c.serialNumber,
    description: c.description,
    firstSeen: c.firstSeen,
    lastSeen: c.lastSeen,
    removedAt: c.removedAt,
  };
}

const byDevicePath = (a: ChangedComponent, b: ChangedComponent): number =>
  naturalCompare(a.device, b.device) ||
  naturalCompare(a.member, b.member) ||
  naturalCompare(pathCell(a.path), pathCell(b.path)) ||
  naturalCompare(a.serialNumber, b.serialNumber);

export function buildChangesReport(changes: ChangeSet, options: { generatedAt: Date }): ChangesReport {
  const added = changes.componentsAdded.map((x) => component(x.device, x.component)).sort(byDevicePath);
  const removed = changes.componentsRemoved.map((x) => component(x.device, x.component)).sort(byDevicePath);
  const moved = [...changes.componentsMoved].sort(
    (a, b) => naturalCompare(a.to.device, b.to.device) || naturalCompare(a.serialNumber, b.serialNumber) || naturalCompare(a.at, b.at),
  );
  const software = [...changes.softwareChanged].sort(
    (a, b) => naturalCompare(a.device, b.device) || naturalCompare(a.member, b.member) || naturalCompare(a.at, b.at),
  );
  const configs = changes.configsChanged
    .map((c) => ({
      device: c.device,
      at: c.to.firstSeen,
      fromSnapshot: c.from?.id ?? null,
      fromHash: c.from?.hash ?? null,
      toSnapshot: c.to.id,
      toHash: c.to.hash,
      commitTime: c.to.commitTime,
      commitUser: c.to.commitUser,
    }))
    .sort((a, b) => naturalCompare(a.device, b.device) || naturalCompare(a.at, b.at));
  const failing = [...changes.devicesFailing].sort((a, b) => naturalCompare(a.device, b.device));
  return {
    report: 'changes',
    generatedAt: options.generatedAt.toISOString(),
    since: changes.since,
    until: changes.until,
    totals: {
      componentsAdded: added.length,
      componentsRemoved: removed.length,
      componentsMoved: moved.length,
      softwareChanged: software.length,
      configsChanged: configs.length,
      devicesFailing: failing.length,
    },
    componentsAdded: added,
    componentsRemoved: removed,
    componentsMoved: moved,
    softwareChanged: software,
    configsChanged: configs,
    devicesFailing: failing,
  };
}

const shortHash = (hash: string | null): string | null => (hash === null ? null : hash.slice(0, 12));

/** One flat row per change: the CSV of this report. */
function allChangesTable(r: ChangesReport): ReportTable {
  const rows: Cell[][] = [];
  const comp = (change: string, c: ChangedComponent, at: string | null) =>
    rows.push([change, c.device, c.member, pathCell(c.path), c.kind, c.partNumber, c.serialNumber, null, null, at, c.description]);
  for (const c of r.componentsAdded) comp('component-added', c, c.firstSeen);
  for (const c of r.componentsRemoved) comp('component-removed', c, c.removedAt);
  for (const m of r.componentsMoved) {
    rows.push(['component-moved', m.to.device, null, pathCell(m.to.path), null, null, m.serialNumber, `${m.from.device}: ${pathCell(m.from.path)}`, `${m.to.device}: ${pathCell(m.to.path)}`, m.at, null]);
  }
  for (const s of r.softwareChanged) rows.push(['software-changed', s.device, s.member, null, null, null, null, s.from, s.to, s.at, null]);
  for (const c of r.configsChanged) {
    const by = c.commitUser === null ? null : `committed by ${c.commitUser}${c.commitTime ? ` at ${c.commitTime}` : ''}`;
    rows.push(['config-changed', c.device, null, null, null, null, null, shortHash(c.fromHash), shortHash(c.toHash), c.at, by]);
  }
  for (const f of r.devicesFailing) rows.push(['device-failing', f.device, null, null, null, null, null, null, f.status, f.since, [f.code, f.message].filter(Boolean).join(': ') || null]);
  return {
    id: 'changes',
    title: 'All changes',
    columns: [
      { key: 'change', label: 'Change' },
      { key: 'device', label: 'Device' },
      { key: 'member', label: 'Member' },
      { key: 'path', label: 'Path' },
      { key: 'kind', label: 'Kind' },
      { key: 'partNumber', label: 'Part number', nowrap: true },
      { key: 'serialNumber', label: 'Serial number', nowrap: true },
      { key: 'from', label: 'From' },
      { key: 'to', label: 'To' },
      { key: 'at', label: 'At', nowrap: true },
      { key: 'detail', label: 'Detail' },
    ],
    rows,
    emptyText: 'No changes in this period.',
  };
}

const componentColumns = (when: string) => [
  { key: 'device', label: 'Device' },
  { key: 'member', label: 'Member' },
  { key: 'path', label: 'Path' },
  { key: 'kind', label: 'Kind' },
  { key: 'partNumber', label: 'Part number', nowrap: true },
  { key: 'serialNumber', label: 'Serial number', nowrap: true },
  { key: 'description', label: 'Description' },
  { key: 'at', label: when, nowrap: true },
];

export function changesReportView(r: ChangesReport): ReportView {
  const t = r.totals;
  const componentRow = (c: ChangedComponent, at: string | null): Cell[] => [c.device, c.member, pathCell(c.path), c.kind, c.partNumber, c.serialNumber, c.description, at];
  return {
    kind: 'changes',
    title: 'Changes',
    generatedAt: r.generatedAt,
    notes: [`From ${r.since} to ${r.until}.`],
    totals: [
      { label: 'Components added', value: t.componentsAdded },
      { label: 'Components removed', value: t.componentsRemoved },
      { label: 'Components moved', value: t.componentsMoved },
      { label: 'Software changed', value: t.softwareChanged },
      { label: 'Configurations changed', value: t.configsChanged },
      { label: 'Devices failing', value: t.devicesFailing },
    ],
    tables: [
      {
        id: 'devices-failing',
        title: 'Devices failing',
        columns: [
          { key: 'device', label: 'Device' },
          { key: 'status', label: 'Status' },
          { key: 'code', label: 'Error code' },
          { key: 'message', label: 'Message' },
          { key: 'since', label: 'Since', nowrap: true },
        ],
        rows: r.devicesFailing.map((f) => [f.device, f.status, f.code, f.message, f.since]),
        emptyText: 'Every device answered.',
      },
      { id: 'components-added', title: 'Components added', columns: componentColumns('First seen'), rows: r.componentsAdded.map((c) => componentRow(c, c.firstSeen)), emptyText: 'None.' },
      { id: 'components-removed', title: 'Components removed', columns: componentColumns('Removed at'), rows: r.componentsRemoved.map((c) => componentRow(c, c.removedAt)), emptyText: 'None.' },
      {
        id: 'components-moved',
        title: 'Components moved',
        columns: [
          { key: 'serialNumber', label: 'Serial number', nowrap: true },
          { key: 'fromDevice', label: 'From device' },
          { key: 'fromPath', label: 'From path' },
          { key: 'toDevice', label: 'To device' },
          { key: 'toPath', label: 'To path' },
          { key: 'at', label: 'At', nowrap: true },
        ],
        rows: r.componentsMoved.map((m) => [m.serialNumber, m.from.device, pathCell(m.from.path), m.to.device, pathCell(m.to.path), m.at]),
        emptyText: 'None.',
      },
      {
        id: 'software-changed',
        title: 'Software changed',
        columns: [
          { key: 'device', label: 'Device' },
          { key: 'member', label: 'Member' },
          { key: 'from', label: 'From' },
          { key: 'to', label: 'To' },
          { key: 'at', label: 'At', nowrap: true },
        ],
        rows: r.softwareChanged.map((s) => [s.device, s.member, s.from, s.to, s.at]),
        emptyText: 'None.',
      },
      {
        id: 'configs-changed',
        title: 'Configurations changed',
        columns: [
          { key: 'device', label: 'Device' },
          { key: 'from', label: 'From snapshot' },
          { key: 'to', label: 'To snapshot' },
          { key: 'commitUser', label: 'Commit user' },
          { key: 'commitTime', label: 'Commit time', nowrap: true },
          { key: 'at', label: 'Seen at', nowrap: true },
        ],
        rows: r.configsChanged.map((c) => [c.device, c.fromSnapshot === null ? null : `#${c.fromSnapshot} ${shortHash(c.fromHash)}`, `#${c.toSnapshot} ${shortHash(c.toHash)}`, c.commitUser, c.commitTime, c.at]),
        emptyText: 'None.',
      },
    ],
    csv: allChangesTable(r),
  };
}
