/**
 * core-dumps: the core files on every routing engine (`show system core-dumps`), the signal
 * Service Now turned into cases.
 *
 * RPC: `get-system-core-dumps`, per RE. Request alternatives (one request, key `core-dumps`):
 *   1. `<get-system-core-dumps><invoke-on>all-routing-engines</invoke-on></get-system-core-dumps>`
 *   2. `<get-system-core-dumps/>` (connected RE only; an SRX cluster still answers per node)
 * Reply: `<directory-list root-path="/var/crash/*core*">` (one per RE inside
 * `<multi-routing-engine-results>`), holding `<directory>/<file-information>` per file
 * (`file-name`, `file-size`, `file-date`) and an `<output>` note per searched place that had none
 * ("/var/tmp/*core*: No such file or directory"). `file-date` comes either as epoch seconds with a
 * `junos:format` display text (`<file-date junos:format="Feb 26 03:12">1740539560</file-date>`) or
 * as `<file-date><date-time junos:seconds="...">Sep 14 10:58</date-time></file-date>`.
 *
 * Records, one per core file:
 *   [{"member": "re0", "file": "/var/crash/rpd.core.0.gz", "process": "rpd", "sizeBytes": 18734212,
 *     "time": "2025-02-26T03:12:40.000Z"}]
 * - `member`: `re-name` of the multi-RE item (`re0`, `fpc1`, `node1`), else null.
 * - `process`: from the file name (see `coreProcess`): `rpd.core.0.gz`, `core-rpd.225.pe4.1760021290`,
 *   `core.vmxt.mpc0.1565307747.1791.gz` → rpd/rpd/vmxt; `vmcore.0`, `kernel.0` → `kernel`; else null.
 * - `time`: ISO-8601 UTC from the seconds, else the device's display text.
 * No core files (only "No such file or directory" notes, an empty list, or a whole `<output>` reply
 * saying so) → no records, not an error. A backup RE's "only on the master" note is RE_NOT_MASTER;
 * a reply with neither a `directory-list` nor such a note is a PARSE_ERROR.
 */
import { child, childrenNamed, childText, findAll, textOf } from '../src/xml/element.js';
import type { XmlElement } from '../src/xml/parse.js';
import type { Collector } from './collector.js';
import { integerOf, memberData, replyOutput, requireData, secondsOf, type MemberData } from './reply.js';

export interface CoreDumpRecord {
  /** `re-name` of the multi-RE item (`re0`, `fpc1`, `node1`), else null. */
  member: string | null;
  /** Full path as reported. */
  file: string;
  /** The crashed process, from the file name; `kernel` for kernel dumps; null when not recognisable. */
  process: string | null;
  sizeBytes: number | null;
  /** ISO-8601 UTC from the file date's seconds, else its display text. */
  time: string | null;
}

const COMPRESSED = ['.tar.gz', '.tgz', '.gz', '.bz2', '.xz', '.zst', '.zip', '.tar'];

function withoutCompression(name: string): string {
  for (const suffix of COMPRESSED) if (name.endsWith(suffix)) return name.slice(0, -suffix.length);
  return name;
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** A process name, unless it is empty or a number (a pid or a sequence number). */
function processName(candidate: string): string | null {
  return candidate.length === 0 || isDigits(candidate) || candidate === 'tarball' ? null : candidate;
}

/**
 * The crashed process named by a core file's path:
 *   `vmcore.0`, `vmcore.0.gz`, `kernel.0`        → `kernel` (kernel dumps)
 *   `core.<proc>.<node>.<epoch>.<pid>.gz`        → proc (Linux-based PFEs, Junos Evolved)
 *   `core-<proc>.<pid>.<host>.<epoch>`           → proc
 *   `<proc>.core.<n>.gz`, `<proc>.core`, `<proc>.core-tarball.<n>.tgz` → proc
 * anything else → null.
 */
export function coreProcess(path: string): string | null {
  const base = withoutCompression(path.slice(path.lastIndexOf('/') + 1));
  if (base === 'vmcore' || base.startsWith('vmcore.') || base === 'kernel' || base.startsWith('kernel.')) return 'kernel';
  if (base.startsWith('core.') || base.startsWith('core-')) {
    const rest = base.slice(5);
    const dot = rest.indexOf('.');
    return processName(dot === -1 ? rest : rest.slice(0, dot));
  }
  const at = base.indexOf('.core');
  return at > 0 ? processName(base.slice(0, at)) : null;
}

function timeOf(fileDate: XmlElement | null): string | null {
  if (!fileDate) return null;
  const dateTime = child(fileDate, 'date-time');
  const text = textOf(fileDate);
  const seconds = secondsOf(fileDate) ?? secondsOf(dateTime) ?? (text !== null && isDigits(text) ? Number(text) : null);
  if (seconds !== null) {
    const date = new Date(seconds * 1000);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  const display = fileDate.attrs['junos:format'] ?? fileDate.attrs['format'];
  return textOf(dateTime) ?? (display !== undefined && display.trim() !== '' ? display.trim() : text);
}

/** Whether a listed entry is a directory (a glob that matched one) rather than a file. */
function isDirectory(info: XmlElement): boolean {
  if (child(info, 'file-directory')) return true;
  const mode = child(info, 'file-permissions')?.attrs['junos:format'];
  return mode !== undefined && mode.startsWith('d');
}

function fileRecords(list: XmlElement, member: string | null, out: CoreDumpRecord[]): void {
  // files sit in `<directory>` elements; accept them directly under the list too
  for (const container of [list, ...findAll(list, 'directory')]) {
    const dirName = childText(container, 'directory-name');
    for (const info of childrenNamed(container, 'file-information')) {
      const name = childText(info, 'file-name');
      if (name === null || isDirectory(info)) continue;
      // a plain listing names files relative to `directory-name`; the core-dump globs give full paths
      const file = !name.includes('/') && dirName !== null ? `${dirName.replace(/\/+$/, '')}/${name}` : name;
      out.push({
        member,
        file,
        process: coreProcess(file),
        sizeBytes: integerOf(childText(info, 'file-size')),
        time: timeOf(child(info, 'file-date')),
      });
    }
  }
}

const NO_CORES = /no such file or directory|no core|no files|total files:\s*0/i;

/** Whether every note the reply sent says there is nothing to list. */
function onlyNoCoreNotes(root: XmlElement, members: readonly MemberData[]): boolean {
  const notes = [replyOutput(root), ...members.map((m) => m.output)].filter((n): n is string => n !== null);
  if (notes.length === 0) return false;
  return notes.every((note) => note.split('\n').every((line) => line.trim() === '' || NO_CORES.test(line)));
}

export const coreDumpsCollector: Collector<CoreDumpRecord[]> = {
  name: 'core-dumps',
  rpc: 'get-system-core-dumps',
  summary: 'core files on every routing engine: file, process, size, time',
  requests: [
    {
      key: 'core-dumps',
      bodies: ['<get-system-core-dumps><invoke-on>all-routing-engines</invoke-on></get-system-core-dumps>', '<get-system-core-dumps/>'],
    },
  ],
  parse(replies) {
    const records: CoreDumpRecord[] = [];
    for (const reply of replies) {
      const members = memberData(reply.root, 'directory-list');
      if (!members.some((m) => m.data) && onlyNoCoreNotes(reply.root, members)) continue;
      requireData(reply.root, 'directory-list', members);
      for (const m of members) if (m.data) fileRecords(m.data, m.member, records);
    }
    return records;
  },
};
