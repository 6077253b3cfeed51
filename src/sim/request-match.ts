/**
 * Which reply file answers a request, most specific first (SPEC §6, with one extension):
 *  1. `command+<words-joined-by-dashes>` for a `<command>` RPC (words lower-cased; characters
 *     other than letters, digits and `._:=+-` become `_`), e.g.
 *     `command+show-version-invoke-on-all-routing-engines`;
 *  2. `<rpc>+<child>` for an RPC carrying that child element; the first child element in
 *     document order that has a file wins (`get-software-information+all-servers`);
 *  3. `<rpc>@<attr>=<value>` for an RPC attribute, in attribute order (`get-configuration@format=set`)
 *     — an ibsight extension of SPEC §6; namespace declarations are not attributes here;
 *  4. `<rpc>`.
 * Names are local names: `<nc:get-chassis-inventory>` matches `get-chassis-inventory`.
 * No file: the rpc-error a Junos device sends for a request it does not know.
 */
import type { XmlElement } from '../xml/parse.js';

export type ReplyChoice =
  | { kind: 'file'; key: string }
  | { kind: 'close-session' }
  | { kind: 'unknown'; badElement: string; message: string };

const UNSAFE = /[^a-z0-9._:=+-]/g;

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon === -1 ? qname : qname.slice(colon + 1);
}

function safeValue(value: string): string | null {
  if (value.length === 0 || value.length > 100 || value.includes('/') || value === '.' || value === '..') return null;
  return value;
}

/** The words of a `<command>` as a file key: `command+show-version`. */
export function commandKey(commandText: string): string | null {
  const words = commandText.trim().toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return null;
  return `command+${words.map((w) => w.replace(UNSAFE, '_')).join('-')}`;
}

/** Every file key that could answer this RPC element, in precedence order. */
export function candidateKeys(op: XmlElement): string[] {
  const keys: string[] = [];
  if (op.name === 'command') {
    const key = commandKey(op.text);
    if (key) keys.push(key);
  }
  for (const c of op.children) {
    const key = `${op.name}+${c.name}`;
    if (!keys.includes(key)) keys.push(key);
  }
  for (const [name, value] of Object.entries(op.attrs)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const safe = safeValue(value);
    if (safe !== null) keys.push(`${op.name}@${localName(name)}=${safe}`);
  }
  keys.push(op.name);
  return keys;
}

/** Picks the reply for the first element child of an `<rpc>` (`op`); `has` says whether a file exists. */
export function chooseReply(op: XmlElement, has: (key: string) => boolean): ReplyChoice {
  if (op.name === 'close-session') return { kind: 'close-session' };
  for (const key of candidateKeys(op)) if (has(key)) return { kind: 'file', key };
  if (op.name === 'command') {
    const text = op.text.trim().replace(/\s+/g, ' ');
    return { kind: 'unknown', badElement: text.length > 0 ? text : 'command', message: 'syntax error' };
  }
  return { kind: 'unknown', badElement: op.name, message: 'syntax error, expecting <command>' };
}
