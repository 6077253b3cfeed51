/**
 * configuration — the committed configuration, with secrets scrubbed, for history and diffs.
 *
 * RPC `get-configuration`, three requests:
 *  - `text` (required): `<get-configuration database="committed" format="text"/>`, falling back to
 *    `<get-configuration format="text"/>`. `database="committed"`: without it Junos answers with the
 *    shared candidate, which may hold someone's uncommitted edits.
 *  - `set` (optional): `<get-configuration database="committed" format="set"/>`; releases before
 *    15.1 refuse `format="set"`, then `setLines` is null and diffs use the text.
 *  - `commit` (optional): `<get-configuration database="committed"><configuration><version/></configuration></get-configuration>`,
 *    a tiny XML reply whose root carries `junos:commit-seconds` and `junos:commit-user` (exact, where
 *    the text's `## Last commit:` header gives a local time with an ambiguous zone name).
 * A saved reply (`ibsight parse`, key null) is recognised by its content: text, set, or XML
 * `<configuration>`. From XML we do not render text (the Junos text form cannot be derived from the
 * XML without the schema): `text` and `setLines` are null, commit time/user come from its
 * attributes and `hash` is over the scrubbed canonical XML. JSON is refused (PARSE_ERROR).
 *
 * Secrets (src/scrub/): `$9$`/`$1$`/`$5$`/`$6$`/`$8$`... values, `secret`, `authentication-key`,
 * `simple-password`, `encrypted-password`, pre-shared keys, SNMP community and trap-group names,
 * private key blocks: each is replaced by `/* SECRET-DATA hmac:<12 hex> *\/` (HMAC-SHA256 under
 * `context.scrubKey`). Values Junos already masked (`/* SECRET-DATA *\/`) stay as they are.
 *
 * Record (one object):
 *   { format: 'text'|'set'|'xml'   what `hash` and the counts were computed from
 *     text: string|null            scrubbed text form (leading/trailing blank lines and trailing spaces trimmed)
 *     setLines: string[]|null      scrubbed `set`/`deactivate` lines; null when the device refused set format
 *     commitTime: string|null      ISO-8601 UTC; the device's text when only a non-UTC local time is known
 *     commitUser: string|null
 *     hash: string                 sha256 hex of the scrubbed text without its `## Last commit:` line
 *                                  (a bare re-commit is not a change; a changed secret is)
 *     secretsScrubbed: number      secrets replaced by markers
 *     secretsMaskedByDevice: number  `/* SECRET-DATA *\/` the device wrote itself }
 * Example: {"format":"text","text":"## Last commit: 2025-03-12 08:47:19 UTC by noc-admin\nversion 23.4R2-S3.9;\n...",
 *   "setLines":["set version 23.4R2-S3.9",...],"commitTime":"2025-03-12T08:47:19.000Z","commitUser":"noc-admin",
 *   "hash":"9f2c...","secretsScrubbed":6,"secretsMaskedByDevice":0}
 */
import { createHash } from 'node:crypto';
import { IbsightError } from '../src/errors/ibsight-error.js';
import { scrubConfigText, type ConfigScrubResult } from '../src/scrub/config-text.js';
import { scrubConfigXml } from '../src/scrub/config-xml.js';
import type { XmlElement } from '../src/xml/parse.js';
import type { Collector, CollectorReply, ParseContext } from './collector.js';
import { commitFromHeader, commitFromXml, findConfiguration, isCommitHeader, type CommitInfo, type ConfigurationFormat } from './configuration-reply.js';
import { replyOutput } from './reply.js';

export interface ConfigurationRecord {
  format: ConfigurationFormat;
  text: string | null;
  setLines: string[] | null;
  commitTime: string | null;
  commitUser: string | null;
  hash: string;
  secretsScrubbed: number;
  secretsMaskedByDevice: number;
}

interface Collected {
  text: string | null;
  set: string | null;
  xml: XmlElement | null;
  json: boolean;
}

/** Picks each format once; a reply under its own request key wins over another that happens to hold the same format. */
function collect(replies: readonly CollectorReply[]): Collected {
  const out: Collected = { text: null, set: null, xml: null, json: false };
  for (const reply of replies) {
    const found = findConfiguration(reply.root);
    if (!found) continue;
    if (found.format === 'text' && (out.text === null || reply.key === 'text')) out.text = found.content;
    else if (found.format === 'set' && (out.set === null || reply.key === 'set')) out.set = found.content;
    else if (found.format === 'xml' && (out.xml === null || reply.key === 'commit')) out.xml = found.element;
    else if (found.format === 'json') out.json = true;
  }
  return out;
}

const NOT_MASTER = /can only be used on the master routing engine/i;

/** No configuration anywhere: say what was found, never echo the reply's text (it may hold secrets). */
function unusable(replies: readonly CollectorReply[], json: boolean): never {
  if (json) {
    throw new IbsightError('PARSE_ERROR', 'a JSON configuration (format="json") is not supported: save it in format text, set or xml');
  }
  const root = replies[0]?.root;
  const note = root ? replyOutput(root) : null;
  if (note && NOT_MASTER.test(note)) {
    throw new IbsightError('RE_NOT_MASTER', 'the device refused: this command can only be used on the master routing engine');
  }
  const found = root ? root.children.map((c) => c.name).join(', ') || (note ? 'text output' : 'nothing') : 'no reply';
  throw new IbsightError('PARSE_ERROR', `reply has no <configuration-text>, <configuration-set> or <configuration> (found: ${found})`, {
    context: { element: 'configuration' },
  });
}

/** Text form: trailing spaces and leading/trailing blank lines trimmed (whole-text operations: configs reach megabytes). */
function normaliseText(text: string): string {
  const trimmedLines = /[ \t\r]\n/.test(text) ? text.replace(/[ \t\r]+\n/g, '\n') : text;
  return trimmedLines.replace(/^(?:[ \t\r]*\n)+/, '').trimEnd();
}

/** The text without its first line when that is the `## Last commit:` header (it changes on every commit). */
function withoutCommitHeader(text: string): string {
  if (!text.startsWith('## ')) return text;
  const newline = text.indexOf('\n');
  const first = newline === -1 ? text : text.slice(0, newline);
  if (!isCommitHeader(first)) return text;
  return newline === -1 ? '' : text.slice(newline + 1);
}

/** Set form: one statement per line, comments and blank lines dropped. */
function setLinesOf(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.length > 0 && !line.startsWith('#')) out.push(line);
  }
  return out;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function commitInfo(got: Collected): CommitInfo {
  const fromXml = got.xml ? commitFromXml(got.xml) : { time: null, user: null };
  const header = (got.text !== null ? commitFromHeader(got.text) : null) ?? (got.set !== null ? commitFromHeader(got.set) : null);
  return { time: fromXml.time ?? header?.time ?? null, user: fromXml.user ?? header?.user ?? null };
}

export function parseConfiguration(replies: readonly CollectorReply[], context: ParseContext): ConfigurationRecord {
  const got = collect(replies);
  if (got.text === null && got.set === null && got.xml === null) unusable(replies, got.json);
  const key = context.scrubKey;
  const text = got.text !== null ? scrubConfigText(got.text, key) : null;
  const set = got.set !== null ? scrubConfigText(got.set, key) : null;
  const textOut = text ? normaliseText(text.text) : null;
  const setLines = set ? setLinesOf(set.text) : null;
  let format: ConfigurationFormat;
  let primary: ConfigScrubResult;
  let hashed: string;
  if (text && textOut !== null) {
    format = 'text';
    primary = text;
    hashed = withoutCommitHeader(textOut);
  } else if (set && setLines) {
    format = 'set';
    primary = set;
    hashed = setLines.join('\n');
  } else {
    format = 'xml';
    primary = scrubConfigXml(got.xml!, key);
    hashed = primary.text;
  }
  const commit = commitInfo(got);
  return {
    format,
    text: textOut,
    setLines,
    commitTime: commit.time,
    commitUser: commit.user,
    hash: sha256(hashed),
    secretsScrubbed: primary.scrubbed,
    secretsMaskedByDevice: primary.maskedByDevice,
  };
}

export const configurationCollector: Collector<ConfigurationRecord> = {
  name: 'configuration',
  rpc: 'get-configuration',
  summary: 'committed configuration (text and set), secrets replaced by HMAC markers, commit time and user, change hash',
  requests: [
    { key: 'text', bodies: ['<get-configuration database="committed" format="text"/>', '<get-configuration format="text"/>'] },
    { key: 'set', bodies: ['<get-configuration database="committed" format="set"/>'], optional: true },
    {
      key: 'commit',
      bodies: ['<get-configuration database="committed"><configuration><version/></configuration></get-configuration>'],
      optional: true,
    },
  ],
  parse: parseConfiguration,
};
