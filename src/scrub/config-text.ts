/**
 * Scrubbing secrets from Junos configuration text, in the curly-brace `format="text"` form and
 * in `format="set"` lines alike (rules: config-secrets.ts). Private key blocks go first (they
 * span lines). Then one scan over the whole text finds the lines that may hold a secret (a `$`,
 * `secret`, `key`, `password`, `community`...; most lines have none and are never split); each of
 * those is split into words (quoted strings, bare words, `{ } ; [ ]`; comments `/* ... *\/` and
 * `## ...` skipped) and each secret value is replaced in place by an HMAC marker. Where the
 * enclosing statement matters (`snmp { community NAME {` in the curly form, as
 * `set snmp community NAME` says it on one line) it is found by walking back to the open brace.
 */
import { isDigits, isEncodedSecret, PRE_SHARED_KEY, PRE_SHARED_KEY_FORMS, SECRET_STATEMENTS, SNMP, SNMP_NAMED_SECRETS } from './config-secrets.js';
import { scrubPrivateKeyBlocks } from './private-key-blocks.js';
import { countDeviceMasks, secretMarker } from './secret-marker.js';

export interface ConfigScrubResult {
  /** The text with every secret replaced by a marker. */
  text: string;
  /** Secrets replaced by markers. */
  scrubbed: number;
  /** Secrets the device had already masked (`/* SECRET-DATA *\/`). */
  maskedByDevice: number;
}

interface Word {
  start: number;
  end: number;
  /** Unquoted value; for punctuation the character itself. */
  value: string;
  punct: boolean;
}

const PUNCT = new Set(['{', '}', ';', '[', ']']);

/** Words whose meaning depends on the enclosing statement (`snmp { community NAME`, `pre-shared-key { ascii-text K`). */
const PARENT_DEPENDENT = new Set([...SNMP_NAMED_SECRETS, ...PRE_SHARED_KEY_FORMS]);

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

/** Words of one line; stops at a `#` comment. */
function words(line: string): Word[] {
  const out: Word[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const ch = line[i]!;
    if (ch === '#') break;
    if (ch === '/' && line[i + 1] === '*') {
      const close = line.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
      continue;
    }
    if (PUNCT.has(ch)) {
      out.push({ start: i, end: i + 1, value: ch, punct: true });
      i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < n && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      const end = Math.min(j + 1, n);
      out.push({ start: i, end, value: line.slice(i + 1, Math.min(j, n)), punct: false });
      i = end;
      continue;
    }
    let j = i + 1;
    while (j < n && !isSpace(line.charCodeAt(j)) && !PUNCT.has(line[j]!) && line[j] !== '"') j++;
    out.push({ start: i, end: j, value: line.slice(i, j), punct: false });
    i = j;
  }
  return out;
}

/** Indexes of the words of a line that hold secrets. `parent` is the enclosing statement's last word. */
function secretWords(ws: Word[], parent: string | null): Set<number> {
  const secret = new Set<number>();
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (w.punct || secret.has(i)) continue;
    if (isEncodedSecret(w.value)) {
      secret.add(i);
      continue;
    }
    const next = ws[i + 1];
    if (!next || next.punct) continue;
    const prev = i > 0 ? ws[i - 1]!.value : parent;
    if (SECRET_STATEMENTS.has(w.value)) {
      // `authentication-key 1 type md5 value "..."`: 1 is a key id, the value is caught as encoded
      const after = ws[i + 2];
      if (w.value.endsWith('authentication-key') && isDigits(next.value) && after && !after.punct) continue;
      secret.add(i + 1);
    } else if (PRE_SHARED_KEY_FORMS.has(w.value) && prev === PRE_SHARED_KEY) {
      secret.add(i + 1);
    } else if (SNMP_NAMED_SECRETS.has(w.value) && prev === SNMP) {
      secret.add(i + 1);
    }
  }
  return secret;
}

function scrubLine(line: string, ws: Word[], secret: ReadonlySet<number>, marker: (secret: string) => string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < ws.length; i++) {
    if (!secret.has(i)) continue;
    const w = ws[i]!;
    out += line.slice(copied, w.start) + marker(w.value);
    copied = w.end;
  }
  return out + line.slice(copied);
}

/** Where a secret may start: lines without one of these hold none (most lines), and are not looked at. */
const TRIGGER = /\$|secret|key|password|community|trap-group|ascii-text|hexadecimal/g;

/** The first word of the block enclosing the line at `lineStart` (curly form), found by walking back. */
function enclosingHeader(text: string, lineStart: number): string | null {
  let depth = 0;
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const ws = words(text.slice(start, end));
    const last = ws[ws.length - 1];
    if (last?.punct && last.value === '{') {
      if (depth === 0) {
        const header = ws[ws.length - 2];
        return header && !header.punct ? header.value : null;
      }
      depth--;
    } else if (ws[0]?.punct && ws[0].value === '}') {
      depth++;
    }
    end = start - 1;
  }
  return null;
}

/** Scrubs a configuration in text or set format. */
export function scrubConfigText(text: string, key: Buffer): ConfigScrubResult {
  const maskedByDevice = countDeviceMasks(text);
  const keys = scrubPrivateKeyBlocks(text, key);
  const source = keys.text;
  const markers = new Map<string, string>();
  const marker = (secret: string): string => {
    let m = markers.get(secret);
    if (m === undefined) markers.set(secret, (m = secretMarker(secret, key)));
    return m;
  };
  let scrubbed = keys.scrubbed;
  let out = '';
  let copied = 0;
  let nextLine = 0;
  for (const match of source.matchAll(TRIGGER)) {
    if (match.index < nextLine) continue;
    const start = source.lastIndexOf('\n', match.index) + 1;
    const newline = source.indexOf('\n', match.index);
    const end = newline === -1 ? source.length : newline;
    nextLine = end + 1;
    const line = source.slice(start, end);
    const ws = words(line);
    const needsParent = ws.length > 1 && !ws[0]!.punct && PARENT_DEPENDENT.has(ws[0]!.value);
    const secret = secretWords(ws, needsParent ? enclosingHeader(source, start) : null);
    if (secret.size === 0) continue;
    out += source.slice(copied, start) + scrubLine(line, ws, secret, marker);
    copied = end;
    scrubbed += secret.size;
  }
  return { text: copied === 0 ? source : out + source.slice(copied), scrubbed, maskedByDevice };
}
