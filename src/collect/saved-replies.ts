/**
 * Which saved reply file answers which collector request, for `ibsight ingest DIR`
 * (`DIR/<device>/<rpc>.xml`). Files are named as in a simulator profile (SPEC §6): the RPC element
 * name, optionally made more specific with `+<child>` (`get-software-information+all-servers.xml`),
 * `@<attr>=<value>` (`get-configuration@format=set.xml`) or, for `<command>` RPCs,
 * `command+<words-joined-by-dashes>.xml`. Each request body of each collector gives its file
 * names in the simulator's precedence (src/sim/request-match.ts); a request takes the first file
 * present among its bodies' names, most complete body first, and a file answers at most one
 * request of a collector. A bare `command.xml` answers nothing (it could be any command).
 */
import type { Collector } from '../../collectors/collector.js';
import { candidateKeys } from '../sim/request-match.js';
import { parseXml } from '../xml/parse.js';

export interface RequestFiles {
  /** The request key handed to the collector's parser. */
  key: string;
  optional: boolean;
  /** File names (with `.xml`) that answer this request, best first. */
  files: string[];
}

export interface CollectorFiles {
  collector: Collector;
  requests: RequestFiles[];
}

/** The file names that answer a request body, most specific first. */
export function fileNamesForBody(body: string): string[] {
  const op = parseXml(body);
  return candidateKeys(op)
    .filter((key) => key !== 'command')
    .map((key) => `${key}.xml`);
}

/** Every collector's requests with the file names that answer them (computed once per run). */
export function requestFileNames(collectors: readonly Collector[]): CollectorFiles[] {
  return collectors.map((collector) => ({
    collector,
    requests: collector.requests.map((request) => {
      const files: string[] = [];
      for (const body of request.bodies) {
        for (const name of fileNamesForBody(body)) if (!files.includes(name)) files.push(name);
      }
      return { key: request.key, optional: request.optional === true, files };
    }),
  }));
}

export interface PlannedCollector {
  collector: Collector;
  /** The files to parse, with the request key each answers. */
  replies: { key: string; file: string }[];
  /** Required requests that no file answers: named with the file names that would. */
  missing: { key: string; files: string[] }[];
}

export interface DevicePlan {
  /** Collectors with at least one file; collectors with none are not part of this ingest. */
  collectors: PlannedCollector[];
  /** `.xml` files no request asked for. */
  unused: string[];
}

/** Assigns the files present in one device directory to collector requests. */
export function planDevice(present: ReadonlySet<string>, plans: readonly CollectorFiles[]): DevicePlan {
  const used = new Set<string>();
  const out: PlannedCollector[] = [];
  for (const { collector, requests } of plans) {
    const taken = new Set<string>();
    const replies: PlannedCollector['replies'] = [];
    const missing: PlannedCollector['missing'] = [];
    for (const request of requests) {
      const file = request.files.find((name) => present.has(name) && !taken.has(name));
      if (file !== undefined) {
        taken.add(file);
        used.add(file);
        replies.push({ key: request.key, file });
      } else if (!request.optional) {
        missing.push({ key: request.key, files: request.files });
      }
    }
    if (replies.length > 0) out.push({ collector, replies, missing });
  }
  const unused = [...present].filter((name) => !used.has(name)).sort();
  return { collectors: out, unused };
}
