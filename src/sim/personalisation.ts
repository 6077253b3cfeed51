/**
 * Per-device personalisation of profile replies. A generated fleet must show every device with
 * its own hostname and serial numbers, consistent across all RPCs of one device:
 *  - the profile's hostname token becomes the device name;
 *  - every real serial number of the profile's chassis inventory (placeholders such as BUILTIN
 *    are kept) becomes a per-device serial of the same length and style: the first 2 (3 for
 *    serials of 10+ characters) characters are kept, each following digit stays a digit and
 *    each letter a letter of the same case, drawn from SHA-256(device name, original serial).
 * Reply files are split once per profile into literal parts and token slots (a template), so
 * serving a reply for a device is a join, with no searching at request time.
 */
import { createHash } from 'node:crypto';
import { parseXml } from '../xml/parse.js';
import { findAll, textOf } from '../xml/element.js';

/** Literal text, or the index of a token slot. */
export type TemplatePart = string | number;

const PLACEHOLDERS = new Set(['BUILTIN', 'NONE', 'N/A', 'NA', 'UNKNOWN', 'NON-JNPR', 'NOT AVAILABLE', 'NOT-AVAILABLE', 'EMPTY']);
const SAFE_TOKEN = /^[A-Za-z0-9._/-]+$/;
const MIN_SERIAL_LENGTH = 6;

/** True for a serial number worth personalising (not a placeholder, not too short to be unique). */
export function isRealSerial(value: string): boolean {
  const v = value.trim();
  return v.length >= MIN_SERIAL_LENGTH && !PLACEHOLDERS.has(v.toUpperCase()) && SAFE_TOKEN.test(v);
}

/** The distinct real serial numbers of a chassis-inventory reply, in document order. */
export function collectSerials(inventoryXml: string): string[] {
  const root = parseXml(inventoryXml.replace(/^\uFEFF?\s*<\?xml[^?]*\?>/, ''));
  const out: string[] = [];
  for (const element of findAll(root, 'serial-number')) {
    const value = textOf(element);
    if (value !== null && isRealSerial(value) && !out.includes(value)) out.push(value);
  }
  return out;
}

function hashStream(seed: string): () => number {
  let block = createHash('sha256').update(seed).digest();
  let at = 0;
  return () => {
    if (at >= block.length) {
      block = createHash('sha256').update(block).digest();
      at = 0;
    }
    return block[at++]!;
  };
}

/** The serial a device shows in place of a profile's original serial (deterministic). */
export function personalSerial(deviceName: string, original: string): string {
  const keep = original.length >= 10 ? 3 : 2;
  for (let attempt = 0; ; attempt++) {
    const next = hashStream(`${deviceName}\0${original}\0${attempt}`);
    let out = original.slice(0, keep);
    for (const c of original.slice(keep)) {
      if (c >= '0' && c <= '9') out += String.fromCharCode(48 + (next() % 10));
      else if (c >= 'A' && c <= 'Z') out += String.fromCharCode(65 + (next() % 26));
      else if (c >= 'a' && c <= 'z') out += String.fromCharCode(97 + (next() % 26));
      else out += c;
    }
    if (out !== original || attempt > 3) return out;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Splits text at every literal occurrence of the tokens (longest token first at each position). */
export function compileTemplate(text: string, tokens: readonly string[]): TemplatePart[] {
  const usable = tokens.map((t, i) => ({ t, i })).filter((x) => x.t.length > 0);
  if (usable.length === 0) return [text];
  usable.sort((a, b) => b.t.length - a.t.length);
  const index = new Map(usable.map((x) => [x.t, x.i] as const));
  const pattern = new RegExp(usable.map((x) => escapeRegExp(x.t)).join('|'), 'g');
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(index.get(m[0])!);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

export function renderTemplate(parts: readonly TemplatePart[], values: readonly string[]): string {
  let out = '';
  for (const p of parts) out += typeof p === 'number' ? values[p]! : p;
  return out;
}

/** The tokens personalised in a profile: slot 0 is the hostname (may be empty), then the serials. */
export interface ProfileTokens {
  hostname: string | null;
  serials: string[];
}

export function tokenList(tokens: ProfileTokens): string[] {
  return [tokens.hostname ?? '', ...tokens.serials];
}

/** The values a device substitutes for the profile's tokens (same slots as tokenList). */
export function personalValues(deviceName: string, tokens: ProfileTokens): string[] {
  return [tokens.hostname === null ? '' : deviceName, ...tokens.serials.map((s) => personalSerial(deviceName, s))];
}
