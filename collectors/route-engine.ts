/**
 * route-engine: one record per routing engine — slot, mastership, model, serial, status, uptime,
 * last reboot reason, memory and CPU — from `<get-route-engine-information/>` (show chassis
 * routing-engine). The RPC covers every RE of the chassis by itself; VC, MX-VC, TX Matrix and SRX
 * clusters answer with `multi-routing-engine-results`, one item per member holding its REs.
 *
 * Record (`{"routeEngines": [...]}`, one entry per `<route-engine>`):
 *   {"member": null, "slot": 0, "mastershipState": "master", "mastershipPriority": "master (default)",
 *    "status": "OK", "model": "RE-S-1800x4", "serialNumber": "9013088309",
 *    "startTime": "2016-12-21T16:47:57.000Z", "uptimeSeconds": 858432,
 *    "lastRebootReason": "Router rebooted after a normal shutdown.",
 *    "memoryDramSizeMb": 32719, "memoryInstalledSizeMb": 32768, "memoryUtilizationPct": 4,
 *    "memoryControlPlaneUtilizationPct": null, "memoryDataPlaneUtilizationPct": null,
 *    "cpuUserPct": 0, "cpuBackgroundPct": 0, "cpuSystemPct": 1, "cpuInterruptPct": 0, "cpuIdlePct": 98,
 *    "temperatureCelsius": 32, "cpuTemperatureCelsius": 30,
 *    "loadAverage1": 0.29, "loadAverage5": 0.23, "loadAverage15": 0.19, "error": null}
 * - `member`: the item's `re-name` (`node0`, `member1`, `lcc0-re0`), null outside multi-RE replies.
 * - `mastershipState` lower-cased (`master`, `backup`, `disabled`); null when not sent (SRX branch,
 *   MX80, single-RE boxes without the field). `serialNumber` trimmed as reported (`BUILTIN` kept).
 * - `startTime`: ISO-8601 UTC from `junos:seconds`, else the device's text. `uptimeSeconds` from
 *   `junos:seconds`, else read from the text (`139 days, 3 hours, 12 minutes, 35 seconds`).
 * - memory: `memory-dram-size` (`32719 MB` or `1024`), SRX branch `memory-system-total`; utilisation
 *   from `memory-buffer-utilization`, SRX `memory-system-total-util` (plus control/data plane).
 * - A member that answered with an error or a note (or that a top-level "Could not connect to
 *   node1" names) is one entry with null fields and `error` set.
 * A backup RE's "only on the master" note is RE_NOT_MASTER; an Olive's "Unrecognized command
 * (chassis-control)" is an RPC_ERROR (not a legitimate absence).
 */
import { memberErrorText, withUnreachable } from '../src/junos/member-error.js';
import { durationValue, timeValue } from '../src/junos/junos-time.js';
import { child, childrenNamed, childText } from '../src/xml/element.js';
import type { XmlElement } from '../src/xml/parse.js';
import type { Collector, CollectorReply } from './collector.js';
import { childInteger, memberData, requireData } from './reply.js';

export interface RouteEngine {
  member: string | null;
  slot: number | null;
  mastershipState: string | null;
  mastershipPriority: string | null;
  status: string | null;
  model: string | null;
  serialNumber: string | null;
  startTime: string | null;
  uptimeSeconds: number | null;
  lastRebootReason: string | null;
  memoryDramSizeMb: number | null;
  memoryInstalledSizeMb: number | null;
  memoryUtilizationPct: number | null;
  memoryControlPlaneUtilizationPct: number | null;
  memoryDataPlaneUtilizationPct: number | null;
  cpuUserPct: number | null;
  cpuBackgroundPct: number | null;
  cpuSystemPct: number | null;
  cpuInterruptPct: number | null;
  cpuIdlePct: number | null;
  temperatureCelsius: number | null;
  cpuTemperatureCelsius: number | null;
  loadAverage1: number | null;
  loadAverage5: number | null;
  loadAverage15: number | null;
  /** Why this member sent no RE data; null when it answered. */
  error: string | null;
}

export interface RouteEngineRecords {
  routeEngines: RouteEngine[];
}

const ELEMENT = 'route-engine-information';

/** The first number in a text (`32719 MB`, `(32768 MB installed)`, `-5 degrees C / 23 degrees F`). */
function leadingNumber(text: string | null): number | null {
  if (text === null) return null;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      start = i;
      break;
    }
  }
  if (start === -1) return null;
  let end = start;
  while (end < text.length && ((text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) || text[end] === '.')) end++;
  const n = Number.parseFloat(text.slice(start, end));
  if (!Number.isFinite(n)) return null;
  return start > 0 && text[start - 1] === '-' ? -n : n;
}

/** A decimal child (`0.29`), or null. */
function childNumber(element: XmlElement, name: string): number | null {
  const text = childText(element, name);
  if (text === null) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** `junos:celsius` (or `celsius`) of a temperature element, else the number in its text. */
function celsiusOf(element: XmlElement | null): number | null {
  if (!element) return null;
  const attr = element.attrs['junos:celsius'] ?? element.attrs.celsius;
  if (attr !== undefined && attr.trim() !== '' && Number.isFinite(Number(attr))) return Number(attr);
  return leadingNumber(element.text);
}

function routeEngine(member: string | null, re: XmlElement): RouteEngine {
  const state = childText(re, 'mastership-state');
  return {
    member,
    slot: childInteger(re, 'slot'),
    mastershipState: state === null ? null : state.toLowerCase(),
    mastershipPriority: childText(re, 'mastership-priority'),
    status: childText(re, 'status'),
    model: childText(re, 'model'),
    serialNumber: childText(re, 'serial-number'),
    startTime: timeValue(child(re, 'start-time')),
    uptimeSeconds: durationValue(child(re, 'up-time')),
    lastRebootReason: childText(re, 'last-reboot-reason'),
    memoryDramSizeMb: leadingNumber(childText(re, 'memory-dram-size')) ?? childInteger(re, 'memory-system-total'),
    memoryInstalledSizeMb: leadingNumber(childText(re, 'memory-installed-size')),
    memoryUtilizationPct: childNumber(re, 'memory-buffer-utilization') ?? childNumber(re, 'memory-system-total-util'),
    memoryControlPlaneUtilizationPct: childNumber(re, 'memory-control-plane-util'),
    memoryDataPlaneUtilizationPct: childNumber(re, 'memory-data-plane-util'),
    cpuUserPct: childNumber(re, 'cpu-user'),
    cpuBackgroundPct: childNumber(re, 'cpu-background'),
    cpuSystemPct: childNumber(re, 'cpu-system'),
    cpuInterruptPct: childNumber(re, 'cpu-interrupt'),
    cpuIdlePct: childNumber(re, 'cpu-idle'),
    temperatureCelsius: celsiusOf(child(re, 'temperature')),
    cpuTemperatureCelsius: celsiusOf(child(re, 'cpu-temperature')),
    loadAverage1: childNumber(re, 'load-average-one'),
    loadAverage5: childNumber(re, 'load-average-five'),
    loadAverage15: childNumber(re, 'load-average-fifteen'),
    error: null,
  };
}

const NO_ROUTE_ENGINE: XmlElement = { name: 'route-engine', qname: 'route-engine', attrs: {}, children: [], text: '' };

/** A member (cluster node, VC member) that sent no RE data: every field null but `error`. */
function failedMember(member: string | null, error: string): RouteEngine {
  return { ...routeEngine(member, NO_ROUTE_ENGINE), error };
}

function parseRouteEngines(replies: readonly CollectorReply[]): RouteEngineRecords {
  const routeEngines: RouteEngine[] = [];
  for (const reply of replies) {
    const members = memberData(reply.root, ELEMENT);
    requireData(reply.root, ELEMENT, members);
    const records: RouteEngine[] = [];
    for (const m of members) {
      if (!m.data) {
        records.push(failedMember(m.member, memberErrorText(m, ELEMENT)));
        continue;
      }
      for (const re of childrenNamed(m.data, 'route-engine')) records.push(routeEngine(m.member, re));
    }
    routeEngines.push(...withUnreachable(reply.root, records, (r) => r.member, failedMember));
  }
  return { routeEngines };
}

export const routeEngineCollector: Collector<RouteEngineRecords> = {
  name: 'route-engine',
  rpc: 'get-route-engine-information',
  summary: 'per routing engine: slot, mastership, model, serial, status, uptime, last reboot reason, memory and CPU',
  requests: [{ key: 'route-engine', bodies: ['<get-route-engine-information/>'] }],
  parse: (replies) => parseRouteEngines(replies),
};
