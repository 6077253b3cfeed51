/**
 * Finding the configuration in a `get-configuration` reply, whatever the format asked for:
 * `<configuration-text>` (format="text"), `<configuration-set>` (format="set"), `<configuration>`
 * (XML, also a saved file whose root it is), or `<configuration-information><configuration-output>`
 * (the `<command>show configuration</command>` form, text or `| display set`). JSON (format="json")
 * is recognised only to say it is not supported. Also reads the commit time and user: the XML
 * root's `junos:commit-seconds`/`junos:commit-user`, else the text's `## Last commit:` header.
 */
import type { XmlElement } from '../src/xml/parse.js';

export type ConfigurationFormat = 'text' | 'set' | 'xml';

export type FoundConfiguration =
  | { format: 'text' | 'set'; content: string }
  | { format: 'xml'; element: XmlElement }
  | { format: 'json' };

const SET_VERBS = new Set(['set', 'deactivate', 'delete', 'activate', 'protect', 'insert']);

/** Whether command output is `display set` lines: its first statement line starts with a set verb. */
function looksLikeSet(content: string): boolean {
  for (const raw of content.split('\n', 50)) {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    const space = line.indexOf(' ');
    return SET_VERBS.has(space === -1 ? line : line.slice(0, space));
  }
  return false;
}

function fromElement(element: XmlElement): FoundConfiguration | null {
  switch (element.name) {
    case 'configuration-text':
      return { format: 'text', content: element.text };
    case 'configuration-set':
      return { format: 'set', content: element.text };
    case 'configuration':
      return { format: 'xml', element };
    case 'configuration-output':
      return { format: looksLikeSet(element.text) ? 'set' : 'text', content: element.text };
    case 'configuration-information': {
      for (const c of element.children) {
        const found = c.name === 'configuration-output' ? fromElement(c) : null;
        if (found) return found;
      }
      return null;
    }
    default:
      return null;
  }
}

/** The configuration a reply holds (at its root or just below it), or null. */
export function findConfiguration(root: XmlElement): FoundConfiguration | null {
  const atRoot = fromElement(root);
  if (atRoot) return atRoot;
  for (const c of root.children) {
    const found = fromElement(c);
    if (found) return found;
  }
  const text = root.text.trim();
  if (root.name === 'rpc-reply' && (text.startsWith('{') || text.startsWith('['))) return { format: 'json' };
  return null;
}

export interface CommitInfo {
  time: string | null;
  user: string | null;
}

function attribute(element: XmlElement, local: string): string | null {
  for (const [name, value] of Object.entries(element.attrs)) {
    const colon = name.indexOf(':');
    if ((colon === -1 ? name : name.slice(colon + 1)) === local) {
      const v = value.trim();
      return v.length > 0 ? v : null;
    }
  }
  return null;
}

function isoFromSeconds(seconds: number): string | null {
  if (seconds <= 0) return null;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Commit time and user from the XML root's attributes (`junos:commit-seconds` wins over the local time text). */
export function commitFromXml(configuration: XmlElement): CommitInfo {
  const seconds = Number(attribute(configuration, 'commit-seconds') ?? Number.NaN);
  const fromSeconds = Number.isFinite(seconds) ? isoFromSeconds(seconds) : null;
  return { time: fromSeconds ?? attribute(configuration, 'commit-localtime'), user: attribute(configuration, 'commit-user') };
}

const HEADER = '## Last commit: ';
const UTC_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (?:UTC|GMT)$/;

/**
 * Commit time and user from a `## Last commit: 2025-03-12 08:47:19 UTC by noc-admin` header:
 * ISO when the device wrote UTC, else its own text (`2016-12-14 10:39:34 PST`: zone names are ambiguous).
 */
export function commitFromHeader(content: string): CommitInfo | null {
  const start = content.indexOf(HEADER);
  if (start === -1 || content.slice(0, start).trim().length > 0) return null;
  const lineEnd = content.indexOf('\n', start);
  const line = content.slice(start + HEADER.length, lineEnd === -1 ? content.length : lineEnd).trim();
  const by = line.lastIndexOf(' by ');
  const when = (by === -1 ? line : line.slice(0, by)).trim();
  const user = by === -1 ? null : line.slice(by + 4).trim() || null;
  const utc = UTC_TIME.exec(when);
  const time = utc ? new Date(`${utc[1]}T${utc[2]}Z`).toISOString() : when.length > 0 ? when : null;
  return { time, user };
}

/** Whether a line is a header that changes on every commit (left out of the change hash). */
export function isCommitHeader(line: string): boolean {
  const t = line.trimStart();
  return t.startsWith('## Last commit:') || t.startsWith('## Last changed:');
}
