/**
 * system-uptime: when each routing engine / member / node booted, started its protocols and was
 * last configured (and by whom), from `get-system-uptime-information` (show system uptime).
 *
 * Requests: `<get-system-uptime-information><invoke-on>all-routing-engines</invoke-on></get-system-uptime-information>`
 * (every RE of a dual-RE system; VC and SRX clusters answer per member anyway), falling back to
 * `<get-system-uptime-information/>` (the connected RE only) when the device refuses it.
 *
 * Record (`{"members": [...]}`, one per `multi-routing-engine-item`, or one with `member: null`):
 *   {"member": "re0", "currentTime": "2025-03-14T10:22:31.000Z", "timeSource": "NTP CLOCK",
 *    "bootTime": "2024-10-02T03:10:11.000Z", "uptimeSeconds": 14109140,
 *    "protocolsStartedTime": "2024-10-02T03:16:40.000Z",
 *    "lastConfiguredTime": "2025-03-03T14:05:27.000Z", "lastConfiguredBy": "noc-admin",
 *    "activeUserCount": 2, "loadAverage1": 0.31, "loadAverage5": 0.27, "loadAverage15": 0.24, "error": null}
 * - Times: ISO-8601 UTC from `junos:seconds` (or `seconds`), else the device's text.
 * - `uptimeSeconds`: the boot `time-length` seconds, else `uptime-information/up-time` seconds,
 *   else current − boot time, else the time-length text read as a duration (`16w3d 02:33`).
 * - A member that answered with an error or a note, or that a top-level "Could not connect to re1"
 *   names, is kept with null fields and `error` set.
 */
import { memberErrorText, withUnreachable } from '../src/junos/member-error.js';
import { durationValue, secondsAttribute, timeValue } from '../src/junos/junos-time.js';
import { child, childText } from '../src/xml/element.js';
import type { XmlElement } from '../src/xml/parse.js';
import type { Collector, CollectorReply } from './collector.js';
import { childInteger, memberData, requireData } from './reply.js';

export interface SystemUptime {
  member: string | null;
  currentTime: string | null;
  timeSource: string | null;
  bootTime: string | null;
  uptimeSeconds: number | null;
  protocolsStartedTime: string | null;
  lastConfiguredTime: string | null;
  lastConfiguredBy: string | null;
  activeUserCount: number | null;
  loadAverage1: number | null;
  loadAverage5: number | null;
  loadAverage15: number | null;
  /** Why this member sent no uptime information; null when it answered. */
  error: string | null;
}

export interface SystemUptimeRecords {
  members: SystemUptime[];
}

const ELEMENT = 'system-uptime-information';

function decimal(element: XmlElement | null, name: string): number | null {
  const text = childText(element, name);
  if (text === null) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function uptimeOf(data: XmlElement): number | null {
  const booted = child(data, 'system-booted-time');
  const uptime = child(data, 'uptime-information');
  const fromAttributes = secondsAttribute(child(booted, 'time-length')) ?? secondsAttribute(child(uptime, 'up-time'));
  if (fromAttributes !== null) return fromAttributes;
  const now = secondsAttribute(child(child(data, 'current-time'), 'date-time'));
  const boot = secondsAttribute(child(booted, 'date-time'));
  if (now !== null && boot !== null && now >= boot) return now - boot;
  return durationValue(child(booted, 'time-length'));
}

function systemUptime(member: string | null, data: XmlElement): SystemUptime {
  const configured = child(data, 'last-configured-time');
  const uptime = child(data, 'uptime-information');
  return {
    member,
    currentTime: timeValue(child(child(data, 'current-time'), 'date-time')),
    timeSource: childText(data, 'time-source'),
    bootTime: timeValue(child(child(data, 'system-booted-time'), 'date-time')),
    uptimeSeconds: uptimeOf(data),
    protocolsStartedTime: timeValue(child(child(data, 'protocols-started-time'), 'date-time')),
    lastConfiguredTime: timeValue(child(configured, 'date-time')),
    lastConfiguredBy: childText(configured, 'user'),
    activeUserCount: childInteger(uptime, 'active-user-count'),
    loadAverage1: decimal(uptime, 'load-average-1'),
    loadAverage5: decimal(uptime, 'load-average-5'),
    loadAverage15: decimal(uptime, 'load-average-15'),
    error: null,
  };
}

function failedMember(member: string | null, error: string): SystemUptime {
  return {
    member, currentTime: null, timeSource: null, bootTime: null, uptimeSeconds: null, protocolsStartedTime: null,
    lastConfiguredTime: null, lastConfiguredBy: null, activeUserCount: null, loadAverage1: null, loadAverage5: null,
    loadAverage15: null, error,
  };
}

function parseSystemUptime(replies: readonly CollectorReply[]): SystemUptimeRecords {
  const members: SystemUptime[] = [];
  for (const reply of replies) {
    const found = memberData(reply.root, ELEMENT);
    requireData(reply.root, ELEMENT, found);
    const records = found.map((m) => (m.data ? systemUptime(m.member, m.data) : failedMember(m.member, memberErrorText(m, ELEMENT))));
    members.push(...withUnreachable(reply.root, records, (r) => r.member, failedMember));
  }
  return { members };
}

export const systemUptimeCollector: Collector<SystemUptimeRecords> = {
  name: 'system-uptime',
  rpc: 'get-system-uptime-information',
  summary: 'per routing engine: boot time, uptime, protocols start, last configuration time and user',
  requests: [
    {
      key: 'system-uptime',
      bodies: [
        '<get-system-uptime-information><invoke-on>all-routing-engines</invoke-on></get-system-uptime-information>',
        '<get-system-uptime-information/>',
      ],
    },
  ],
  parse: (replies) => parseSystemUptime(replies),
};
