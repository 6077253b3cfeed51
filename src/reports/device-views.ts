/**
 * The terminal views of what the store knows about devices: `ibsight devices` (one line per
 * device, SPEC §2.5 fields) and `ibsight show DEVICE` (identity and status, last error, software
 * per member, route engines, the inventory as a tree indented by path — grouped by cluster node
 * when the inventory has members —, the latest outcome of every collector, alarms and core
 * dumps). Pure functions from store results to text; the --json forms print the store's rows.
 */
import type { DeviceDetail, DeviceRow, StoredComponent } from '../store/store-api.js';
import type { Cell } from './report-view.js';
import { terminalText, textTable } from './text-table.js';

export function devicesText(rows: readonly DeviceRow[]): string {
  if (rows.length === 0) return 'No devices known yet: run `ibsight collect` (or `ibsight ingest DIR`).\n';
  const table = textTable(
    ['NAME', 'SITE', 'HOSTNAME', 'MODEL', 'OS', 'VERSION', 'SERIAL', 'LAST COLLECTED', 'STATUS'],
    rows.map((d) => [d.name, d.site, d.hostname, d.model, d.os, d.version, d.serialNumber, d.lastCollected, d.status]),
  );
  const counts = new Map<string, number>();
  for (const d of rows) counts.set(d.status, (counts.get(d.status) ?? 0) + 1);
  const summary = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  return `${table}\n${rows.length} device${rows.length === 1 ? '' : 's'}: ${summary}\n`;
}

function section(title: string, body: string): string {
  return `\n${title}\n${body}`;
}

function componentRows(components: readonly StoredComponent[], indentBase: number): Cell[][] {
  return components.map((c) => {
    const depth = Math.max(0, c.path.length - 1) + indentBase;
    const name = c.name ?? c.path[c.path.length - 1] ?? '?';
    const serial = c.serialNumber === null ? null : c.serialPlaceholder ? `${c.serialNumber} (placeholder)` : c.serialNumber;
    return [`${'  '.repeat(depth)}${terminalText(name)}`, c.kind, c.partNumber, serial, c.description, c.firstSeen];
  });
}

function inventoryText(components: readonly StoredComponent[]): string {
  if (components.length === 0) return '  none\n';
  const headers = ['NAME', 'KIND', 'PART NUMBER', 'SERIAL', 'DESCRIPTION', 'FIRST SEEN'];
  const members = [...new Set(components.map((c) => c.member))];
  if (members.length === 1 && members[0] === null) return textTable(headers, componentRows(components, 0), { indent: '  ' });
  const rows: Cell[][] = [];
  for (const member of members) {
    rows.push([member ?? '(no member)', '', '', '', '', '']);
    rows.push(...componentRows(components.filter((c) => c.member === member), 1));
  }
  return textTable(headers, rows, { indent: '  ' });
}

function formatBytes(n: number | null): string | null {
  if (n === null) return null;
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

function formatUptime(seconds: number | null): string | null {
  if (seconds === null) return null;
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return `${days}d ${hours}h ${minutes}m`;
}

export function deviceDetailText(detail: DeviceDetail): string {
  const d = detail.device;
  const identity: [string, Cell][] = [
    ['site', d.site],
    ['hostname', d.hostname],
    ['model', d.model],
    ['os', d.os],
    ['version', d.version],
    ['serial', d.serialNumber],
    ['status', d.status],
    ['last collected', d.lastCollected],
    ['last error', d.lastError === null ? null : `${d.lastError.code}: ${d.lastError.message} (at ${d.lastError.at})`],
  ];
  const labelWidth = Math.max(...identity.map(([k]) => k.length));
  let out = `Device ${terminalText(d.name)} (${terminalText(d.host)}:${d.port})\n`;
  out += identity.map(([k, v]) => `  ${k.padEnd(labelWidth)}  ${terminalText(v)}`).join('\n') + '\n';

  const members = detail.software?.members ?? [];
  out += section(
    'Software',
    members.length === 0
      ? '  none collected\n'
      : textTable(
          ['MEMBER', 'HOSTNAME', 'MODEL', 'VERSION', 'NOTE'],
          members.map((m) => [m.member, m.hostname, m.model, m.version, m.error]),
          { indent: '  ' },
        ),
  );
  const res = detail.routeEngines?.routeEngines ?? [];
  if (res.length > 0) {
    out += section(
      'Routing engines',
      textTable(
        ['MEMBER', 'SLOT', 'MASTERSHIP', 'MODEL', 'SERIAL', 'UPTIME', 'LAST REBOOT REASON'],
        res.map((r) => [r.member, r.slot, r.mastershipState, r.model, r.serialNumber, formatUptime(r.uptimeSeconds), r.lastRebootReason]),
        { indent: '  ' },
      ),
    );
  }
  out += section(`Inventory (${detail.components.length} components)`, inventoryText(detail.components));
  out += section(
    'Latest outcomes',
    detail.outcomes.length === 0
      ? '  none\n'
      : textTable(
          ['COLLECTOR', 'STATUS', 'AT', 'CODE', 'MESSAGE'],
          detail.outcomes.map((o) => [o.collector, o.status, o.at, o.code, o.message]),
          { indent: '  ' },
        ),
  );
  out += section(
    `Alarms (${detail.alarms.length})`,
    detail.alarms.length === 0
      ? '  none\n'
      : textTable(
          ['SOURCE', 'MEMBER', 'CLASS', 'TYPE', 'DESCRIPTION', 'TIME'],
          detail.alarms.map((a) => [a.source, a.member, a.class, a.type, a.description, a.time]),
          { indent: '  ' },
        ),
  );
  out += section(
    `Core dumps (${detail.coreDumps.length})`,
    detail.coreDumps.length === 0
      ? '  none\n'
      : textTable(
          ['MEMBER', 'FILE', 'PROCESS', 'SIZE', 'TIME'],
          detail.coreDumps.map((c) => [c.member, c.file, c.process, formatBytes(c.sizeBytes), c.time]),
          { indent: '  ' },
        ),
  );
  return out;
}
