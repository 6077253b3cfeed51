/**
 * environment: the chassis sensors — temperatures, fans, power — with their status.
 *
 * RPC: `<get-environment-information/>` (`show chassis environment`), one request; an SRX
 * cluster answers per node inside `multi-routing-engine-results`. Not applicable only when the
 * platform does not know the RPC ("syntax error" with `bad-element` get-environment-information,
 * e.g. a Junos Device Manager).
 *
 * Records: `{items: [...]}` in document order:
 *   {"member": "node0", "name": "Routing Engine CPU", "class": "Temp", "status": "OK",
 *    "temperatureC": 68, "comment": null}
 *  - class: Temp, Fans, Power... as reported. Junos names the class only on the first item of
 *    a group; the items after it carry it forward (per member), so every item has its class.
 *  - temperatureC: the `celsius` attribute of `<temperature>` (`junos:celsius` or plain), else
 *    the number before "degrees C" in its text; null without a temperature.
 *  - status: OK, Absent, Failed, Check... as reported; comment: e.g. "Spinning at normal speed".
 */
import { child, textOf } from '../src/xml/element.js';
import type { XmlElement } from '../src/xml/parse.js';
import type { RpcIssue } from '../src/netconf/rpc-reply.js';
import type { Collector } from './collector.js';
import { memberData, requireData } from './reply.js';

export interface EnvironmentItem {
  member: string | null;
  name: string | null;
  class: string | null;
  status: string | null;
  temperatureC: number | null;
  comment: string | null;
}

export interface EnvironmentRecords {
  items: EnvironmentItem[];
}

const ENVIRONMENT = 'environment-information';

/** A decimal number (optional sign and fraction), or null. */
function decimalOf(text: string | undefined | null): number | null {
  if (text === undefined || text === null) return null;
  const t = text.trim();
  if (!/^[+-]?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

/** Degrees Celsius of a `<temperature>` element: its `celsius` attribute, else "NN degrees C" in the text. */
export function celsiusOf(temperature: XmlElement | null): number | null {
  if (!temperature) return null;
  for (const [key, value] of Object.entries(temperature.attrs)) {
    if (key === 'celsius' || key.endsWith(':celsius')) {
      const n = decimalOf(value);
      if (n !== null) return n;
    }
  }
  const match = /([+-]?\d+(?:\.\d+)?)\s*degrees\s*C\b/i.exec(temperature.text);
  return match ? Number(match[1]) : null;
}

function itemsOf(data: XmlElement, member: string | null, out: EnvironmentItem[]): void {
  let lastClass: string | null = null;
  for (const item of data.children) {
    if (item.name !== 'environment-item') continue;
    const reported = textOf(child(item, 'class'));
    if (reported !== null) lastClass = reported;
    out.push({
      member,
      name: textOf(child(item, 'name')),
      class: reported ?? lastClass,
      status: textOf(child(item, 'status')),
      temperatureC: celsiusOf(child(item, 'temperature')),
      comment: textOf(child(item, 'comment')),
    });
  }
}

export const environmentCollector: Collector<EnvironmentRecords> = {
  name: 'environment',
  rpc: 'get-environment-information',
  summary: 'chassis sensors: temperatures, fans and power supplies with their status',
  requests: [{ key: 'environment', bodies: ['<get-environment-information/>'] }],
  notApplicable(errors: readonly RpcIssue[]) {
    for (const e of errors) {
      if (e.badElement === 'get-environment-information') return 'the platform has no chassis environment (the RPC is not known)';
    }
    return null;
  },
  parse(replies) {
    const items: EnvironmentItem[] = [];
    for (const reply of replies) {
      const members = memberData(reply.root, ENVIRONMENT);
      requireData(reply.root, ENVIRONMENT, members);
      for (const { member, data } of members) if (data) itemsOf(data, member, items);
    }
    return { items };
  },
};
