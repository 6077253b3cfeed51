/**
 * A simulator profile: a directory of reply files, read once at start and shared by every
 * device that uses it. File names (without `.xml`) are the keys request-match.ts looks up:
 *   command+<words>.xml · <rpc>+<child>.xml · <rpc>@<attr>=<value>.xml · <rpc>.xml
 * A file holds a whole `<rpc-reply>` (its children are served, its extra `xmlns:*` kept) or
 * just the inner element(s); either may be an `<rpc-error>`. Optional `profile.yaml`:
 *   description: text
 *   hostname: the token replaced by the device name (default: host-name of get-software-information.xml)
 *   release: the Junos release for the reply root's xmlns:junos (default: the files' own, else 21.4R3)
 *   base11: false to offer only base:1.0 in the hello (default true)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { IbsightError, isIbsightError } from '../errors/ibsight-error.js';
import { childText, findFirst } from '../xml/element.js';
import { parseXml } from '../xml/parse.js';
import { collectSerials, compileTemplate, tokenList, type ProfileTokens, type TemplatePart } from './personalisation.js';

export const DEFAULT_RELEASE = '21.4R3';

const metaSchema = z.object({
  description: z.string().optional(),
  hostname: z.string().min(1).optional(),
  release: z.string().regex(/^[A-Za-z0-9._-]+$/).optional(),
  base11: z.boolean().optional(),
});

export interface ProfileMeta {
  description: string | null;
  hostname: string | null;
  release: string | null;
  base11: boolean;
}

export interface ReplyFile {
  key: string;
  /** Body as served to devices that are not personalised. */
  body: string;
  /** Body split at the profile's tokens, for personalised devices. */
  parts: TemplatePart[];
  /** Extra namespace declarations of the file's own `<rpc-reply>` (e.g. ` xmlns:nc="..."`). */
  namespaces: string;
}

export interface Profile {
  dir: string;
  meta: ProfileMeta;
  /** `http://xml.juniper.net/junos/<release>/junos` for every reply root. */
  junosNs: string;
  tokens: ProfileTokens;
  replies: Map<string, ReplyFile>;
  /** Non-fatal remarks (unknown profile.yaml keys...), for the log. */
  warnings: string[];
}

const PROLOG = /^\uFEFF?(?:\s+|<\?xml[^?]*\?>|<!--[\s\S]*?-->)*/;
const ROOT_OPEN = /^<(?:[A-Za-z_][\w.-]*:)?rpc-reply((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/;
const ROOT_CLOSE = /<\/(?:[A-Za-z_][\w.-]*:)?rpc-reply\s*>(?:\s|<!--[\s\S]*?-->)*$/;
const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export interface SplitReply {
  body: string;
  /** Attributes of the file's `<rpc-reply>` root, or null when the file holds only inner elements. */
  rootAttrs: Record<string, string> | null;
}

/** Separates a reply file into the `<rpc-reply>` root's attributes and the inner body. */
export function splitReplyFile(text: string): SplitReply {
  const afterProlog = text.slice(PROLOG.exec(text)![0].length);
  const open = ROOT_OPEN.exec(afterProlog);
  if (!open) return { body: text.replace(/^\uFEFF?\s*<\?xml[^?]*\?>\s*/, ''), rootAttrs: null };
  const rootAttrs: Record<string, string> = {};
  for (const m of open[1]!.matchAll(ATTR)) rootAttrs[m[1]!] = m[2] ?? m[3] ?? '';
  if (open[2] === '/') return { body: '', rootAttrs };
  const rest = afterProlog.slice(open[0].length);
  const close = ROOT_CLOSE.exec(rest);
  if (!close) return { body: rest, rootAttrs }; // malformed; validation reports it
  return { body: rest.slice(0, close.index), rootAttrs };
}

export function junosNamespace(release: string): string {
  return `http://xml.juniper.net/junos/${release}/junos`;
}

function invalid(file: string, message: string, cause?: unknown): IbsightError {
  return new IbsightError('CONFIG_INVALID', `profile file ${file}: ${message}`, { cause, context: { file } });
}

function readMeta(dir: string, warnings: string[]): ProfileMeta {
  const file = join(dir, 'profile.yaml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { description: null, hostname: null, release: null, base11: true };
  }
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (err) {
    throw invalid(file, `not valid YAML: ${(err as Error).message}`, err);
  }
  const parsed = metaSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(file, `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const extra = Object.keys(raw as object).filter((k) => !(k in metaSchema.shape));
  if (extra.length > 0) warnings.push(`${file}: ignored keys ${extra.join(', ')}`);
  return {
    description: parsed.data.description ?? null,
    hostname: parsed.data.hostname ?? null,
    release: parsed.data.release ?? null,
    base11: parsed.data.base11 ?? true,
  };
}

interface RawReply {
  key: string;
  file: string;
  text: string;
  split: SplitReply;
}

function readReplies(dir: string): RawReply[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.xml')).sort();
  } catch (err) {
    throw new IbsightError('CONFIG_INVALID', `profile ${dir}: cannot read the directory`, { cause: err, context: { file: dir } });
  }
  return names.map((name) => {
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8');
    const split = splitReplyFile(text);
    try {
      parseXml(`<reply-body>${split.body}</reply-body>`);
    } catch (err) {
      throw invalid(file, isIbsightError(err) ? err.message : String(err), err);
    }
    return { key: basename(name, '.xml'), file, text, split };
  });
}

function namespacesOf(rootAttrs: Record<string, string> | null): string {
  if (!rootAttrs) return '';
  let out = '';
  for (const [name, value] of Object.entries(rootAttrs)) {
    if (name.startsWith('xmlns:') && name !== 'xmlns:junos') out += ` ${name}="${value}"`;
  }
  return out;
}

/** Reads a profile directory (throws CONFIG_INVALID naming the bad file). */
export function loadProfile(dir: string): Profile {
  const warnings: string[] = [];
  const meta = readMeta(dir, warnings);
  const raw = readReplies(dir);
  if (raw.length === 0) throw new IbsightError('CONFIG_INVALID', `profile ${dir}: no .xml reply files`, { context: { file: dir } });

  const byKey = new Map(raw.map((r) => [r.key, r] as const));
  let hostname = meta.hostname;
  const software = byKey.get('get-software-information');
  if (hostname === null && software) {
    try {
      hostname = childText(findFirst(parseXml(`<r>${software.split.body}</r>`), 'software-information'), 'host-name');
    } catch {
      hostname = null;
    }
  }
  const inventory = byKey.get('get-chassis-inventory');
  const serials = inventory ? collectSerials(`<r>${inventory.split.body}</r>`) : [];
  const tokens: ProfileTokens = { hostname, serials };
  const slots = tokenList(tokens);

  const fileNs = [software, ...raw].map((r) => r?.split.rootAttrs?.['xmlns:junos']).find((ns) => ns !== undefined);
  const junosNs = meta.release ? junosNamespace(meta.release) : (fileNs ?? junosNamespace(DEFAULT_RELEASE));

  const replies = new Map<string, ReplyFile>();
  for (const r of raw) {
    replies.set(r.key, {
      key: r.key,
      body: r.split.body,
      parts: compileTemplate(r.split.body, slots),
      namespaces: namespacesOf(r.split.rootAttrs),
    });
  }
  return { dir, meta, junosNs, tokens, replies, warnings };
}
