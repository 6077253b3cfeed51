/**
 * OpenSSH known_hosts files: reading entries (plain and `[host]:port` patterns, comma lists,
 * wildcards and `!` negations, hashed `|1|salt|hash` names), finding the keys recorded for a
 * host, appending a new entry, and fingerprints as `ssh-keygen -l` prints them.
 * `@revoked` and `@cert-authority` lines are skipped; so are comments and blank lines.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface KnownHostEntry {
  /** Host patterns of a plain entry; empty for a hashed one. */
  patterns: string[];
  /** Salt and hash of a hashed entry (`|1|salt|hash`), else null. */
  hashed: { salt: Buffer; hash: Buffer } | null;
  keyType: string;
  /** The key blob (base64-decoded), as the server sends it. */
  key: Buffer;
  /** 1-based line number in the file. */
  line: number;
}

/** The name OpenSSH looks up for a host: `host` on port 22, `[host]:port` otherwise. */
export function hostLookupName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.length === 0 || line.startsWith('#') || line.startsWith('@')) continue;
    const fields = line.split(/\s+/);
    if (fields.length < 3) continue;
    const [hosts, keyType, keyBase64] = fields as [string, string, string];
    const key = Buffer.from(keyBase64, 'base64');
    if (key.length === 0) continue;
    if (hosts.startsWith('|1|')) {
      const [, , salt, hash] = hosts.split('|');
      if (!salt || !hash) continue;
      entries.push({ patterns: [], hashed: { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') }, keyType, key, line: i + 1 });
    } else {
      entries.push({ patterns: hosts.split(',').filter((p) => p.length > 0), hashed: null, keyType, key, line: i + 1 });
    }
  }
  return entries;
}

function globMatch(pattern: string, name: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern.toLowerCase() === name.toLowerCase();
  const source = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name.toLowerCase());
}

function hashedMatch(hashed: { salt: Buffer; hash: Buffer }, name: string): boolean {
  const digest = createHmac('sha1', hashed.salt).update(name).digest();
  return digest.length === hashed.hash.length && timingSafeEqual(digest, hashed.hash);
}

/** Whether an entry applies to one lookup name (see hostLookupName). */
export function entryMatchesName(entry: KnownHostEntry, name: string): boolean {
  if (entry.hashed) return hashedMatch(entry.hashed, name);
  let matched = false;
  for (const pattern of entry.patterns) {
    if (pattern.startsWith('!')) {
      if (globMatch(pattern.slice(1), name)) return false;
    } else if (globMatch(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/** The entries recorded for host:port. On port 22 an explicit `[host]:22` entry also counts. */
export function findHostEntries(entries: KnownHostEntry[], host: string, port: number): KnownHostEntry[] {
  const names = port === 22 ? [host, `[${host}]:22`] : [hostLookupName(host, port)];
  return entries.filter((entry) => names.some((name) => entryMatchesName(entry, name)));
}

/** Reads a known_hosts file; a missing file has no entries. */
export function readKnownHostsFile(file: string): KnownHostEntry[] {
  if (!existsSync(file)) return [];
  return parseKnownHosts(readFileSync(file, 'utf8'));
}

/**
 * A parsed known_hosts file indexed for lookups: plain host patterns by lower-cased name,
 * everything else (hashed entries, wildcards, negations) scanned. A fleet of N devices shares
 * one file of N lines, so a per-connection parse and scan would cost O(N²) over a run.
 */
class KnownHostsIndex {
  private readonly exact = new Map<string, KnownHostEntry[]>();
  private readonly scanned: KnownHostEntry[] = [];

  constructor(entries: KnownHostEntry[]) {
    for (const entry of entries) {
      const plain = entry.hashed === null && entry.patterns.every((p) => !/[*?!]/.test(p));
      if (!plain) {
        this.scanned.push(entry);
        continue;
      }
      for (const pattern of new Set(entry.patterns.map((p) => p.toLowerCase()))) {
        const list = this.exact.get(pattern);
        if (list) list.push(entry);
        else this.exact.set(pattern, [entry]);
      }
    }
  }

  find(host: string, port: number): KnownHostEntry[] {
    const names = port === 22 ? [host, `[${host}]:22`] : [hostLookupName(host, port)];
    const found = new Set<KnownHostEntry>();
    for (const name of names) for (const entry of this.exact.get(name.toLowerCase()) ?? []) found.add(entry);
    for (const entry of this.scanned) if (names.some((name) => entryMatchesName(entry, name))) found.add(entry);
    return [...found].sort((a, b) => a.line - b.line);
  }
}

const indexCache = new Map<string, { version: string; index: KnownHostsIndex }>();

/**
 * The entries recorded for host:port in a known_hosts file, read once and re-read only when the
 * file changes (inode, size, modification or change time in nanoseconds), e.g. after accept-new appended a key.
 */
export function lookupKnownHosts(file: string, host: string, port: number): KnownHostEntry[] {
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  if (stat === undefined) return [];
  const version = `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  let cached = indexCache.get(file);
  if (!cached || cached.version !== version) {
    cached = { version, index: new KnownHostsIndex(readKnownHostsFile(file)) };
    indexCache.set(file, cached);
  }
  return cached.index.find(host, port);
}

/** The key type named inside an SSH public key blob (its first string), e.g. `ssh-ed25519`. */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  if (length === 0 || 4 + length > blob.length) return 'unknown';
  return blob.subarray(4, 4 + length).toString('latin1');
}

/** `SHA256:<base64 without padding>`, as `ssh-keygen -lf` and the ssh client print it. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Appends `name keytype base64` to the file, creating it (mode 0600) and its folder if missing.
 * A file that does not end with a newline gets one first.
 */
export function appendKnownHost(file: string, host: string, port: number, blob: Buffer): string {
  const line = `${hostLookupName(host, port)} ${keyTypeOf(blob)} ${blob.toString('base64')}`;
  mkdirSync(dirname(file), { recursive: true });
  let prefix = '';
  if (existsSync(file) && statSync(file).size > 0) {
    const text = readFileSync(file);
    if (text[text.length - 1] !== 0x0a) prefix = '\n';
  }
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, `${prefix}${line}\n`);
  } finally {
    closeSync(fd);
  }
  return line;
}
