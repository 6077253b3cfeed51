/**
 * alarms: the active chassis alarms (`show chassis alarms`) and system alarms (`show system alarms`).
 *
 * RPCs (two requests, both sent every run):
 *   key `chassis`: `<get-alarm-information/>`         — hardware alarms raised by chassisd
 *   key `system`:  `<get-system-alarm-information/>`  — software alarms (rescue config, licences...)
 * Both answer `<alarm-information>`: an `<alarm-summary>` (`<active-alarm-count>` or
 * `<no-active-alarms/>`) and one `<alarm-detail>` per alarm (`alarm-time junos:seconds`,
 * `alarm-class`, `alarm-description`, `alarm-short-description`, `alarm-type`). An SRX cluster
 * answers per node inside `<multi-routing-engine-results>` (`node0`, `node1`).
 *
 * Records, one per alarm, chassis reply first:
 *   [{"source": "chassis", "member": null, "class": "Major", "severity": "major", "type": "Chassis",
 *     "description": "PEM 2 Not OK", "shortDescription": "PEM 2 Not OK", "time": "2025-03-09T04:51:22.000Z"}]
 * - `source`: the request the alarm came from. For a saved file (`key` null) the RPC name is not in
 *   the reply, so it is told from each alarm's content: `alarm-type` `Chassis` (or absent) → `chassis`,
 *   any other type (Configuration, License, Autorecovery...) → `system`.
 * - `member`: the `re-name` of the multi-RE item (SRX cluster `node0`), else null.
 * - `class` as reported; `severity` normalised: Major/Red → `major`, Minor/Yellow → `minor`, else null.
 * - `time`: ISO-8601 UTC from `junos:seconds`, else the device's text.
 * `<no-active-alarms/>` (or an `alarm-information` without details) gives no records.
 * A reply with no `<alarm-information>` is a PARSE_ERROR (RE_NOT_MASTER for a backup RE's note);
 * a text `<output>` reply (`show system alarms` asked in text format) is such a reply.
 */
import { child, childrenNamed, childText, textOf } from '../src/xml/element.js';
import type { XmlElement } from '../src/xml/parse.js';
import type { Collector, CollectorReply } from './collector.js';
import { memberData, requireData, secondsOf } from './reply.js';

export type AlarmSource = 'chassis' | 'system';
export type AlarmSeverity = 'major' | 'minor';

export interface AlarmRecord {
  source: AlarmSource;
  /** `re-name` of the multi-RE item (cluster `node0`), else null. */
  member: string | null;
  /** `alarm-class` as reported (`Major`, `Minor`). */
  class: string | null;
  /** The class normalised, or null for a class we do not know. */
  severity: AlarmSeverity | null;
  /** `alarm-type` (`Chassis`, `Configuration`, `License`...). */
  type: string | null;
  /** `alarm-description` (else the short description). */
  description: string | null;
  /** `alarm-short-description`. */
  shortDescription: string | null;
  /** ISO-8601 UTC from `junos:seconds`, else the device's text. */
  time: string | null;
}

const SEVERITIES: Readonly<Record<string, AlarmSeverity>> = {
  major: 'major',
  red: 'major',
  minor: 'minor',
  yellow: 'minor',
};

/** Major/Red → major, Minor/Yellow → minor, anything else null. */
export function alarmSeverity(alarmClass: string | null): AlarmSeverity | null {
  if (alarmClass === null) return null;
  return SEVERITIES[alarmClass.toLowerCase()] ?? null;
}

function timeOf(element: XmlElement | null): string | null {
  const seconds = secondsOf(element);
  if (seconds !== null) {
    const date = new Date(seconds * 1000);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  return textOf(element);
}

/** The source a request key names; null when unknown (a saved file). */
function sourceOfKey(key: string | null): AlarmSource | null {
  return key === 'chassis' || key === 'system' ? key : null;
}

/** For a saved file: chassisd's alarms are of type `Chassis`; every other type is a system alarm. */
function sourceOfType(type: string | null): AlarmSource {
  return type === null || type.toLowerCase() === 'chassis' ? 'chassis' : 'system';
}

function alarmRecords(info: XmlElement, member: string | null, source: AlarmSource | null, out: AlarmRecord[]): void {
  for (const detail of childrenNamed(info, 'alarm-detail')) {
    const alarmClass = childText(detail, 'alarm-class');
    const type = childText(detail, 'alarm-type');
    const shortDescription = childText(detail, 'alarm-short-description');
    out.push({
      source: source ?? sourceOfType(type),
      member,
      class: alarmClass,
      severity: alarmSeverity(alarmClass),
      type,
      description: childText(detail, 'alarm-description') ?? shortDescription,
      shortDescription,
      time: timeOf(child(detail, 'alarm-time')),
    });
  }
}

/** Chassis replies first, then system replies, each in document order. */
function byRequestOrder(replies: readonly CollectorReply[]): CollectorReply[] {
  const rank = (r: CollectorReply): number => (r.key === 'system' ? 1 : 0);
  return [...replies].sort((a, b) => rank(a) - rank(b));
}

export const alarmsCollector: Collector<AlarmRecord[]> = {
  name: 'alarms',
  rpc: 'get-alarm-information',
  summary: 'active chassis and system alarms: class, severity, type, description, time',
  requests: [
    { key: 'chassis', bodies: ['<get-alarm-information/>'] },
    { key: 'system', bodies: ['<get-system-alarm-information/>'] },
  ],
  parse(replies) {
    const records: AlarmRecord[] = [];
    for (const reply of byRequestOrder(replies)) {
      const members = memberData(reply.root, 'alarm-information');
      requireData(reply.root, 'alarm-information', members);
      const source = sourceOfKey(reply.key);
      for (const m of members) if (m.data) alarmRecords(m.data, m.member, source, records);
    }
    return records;
  },
};
