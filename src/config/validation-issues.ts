/**
 * Turns validation problems into one CONFIG_INVALID error whose message names the file, where in
 * it (key path `collection.concurrency`, or `line 7: port` for CSV) and what was expected, with
 * the value found — never the value of a secret key (password, passphrase, token, privateKey).
 *
 *   ibsight.yaml: collection.concurrency: expected an integer from 1 to 10000, got "many"
 */
import type { z } from 'zod';
import { IbsightError } from '../errors/ibsight-error.js';

export interface ConfigIssue {
  /** `credentials.readonly.password`, `devices[2].site`; for CSV the column name. */
  keyPath?: string;
  /** 1-based line (CSV rows, YAML syntax errors). */
  line?: number;
  message: string;
}

/** Keys whose values are never shown in a message, whatever they hold. */
const SECRET_KEYS = new Set(['password', 'passphrase', 'token', 'privateKey', 'secret']);

/** At most this many problems are spelled out in one error message. */
const MAX_REPORTED = 20;

/** `devices[2].fault` from ['devices', 2, 'fault']. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length > 0 ? `.${String(part)}` : String(part);
  }
  return out;
}

export function isSecretPath(path: readonly PropertyKey[]): boolean {
  return path.some((part) => typeof part === 'string' && SECRET_KEYS.has(part));
}

function valueAt(doc: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let node: unknown = doc;
  for (const part of path) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) {
      return { found: false, value: undefined };
    }
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return { found: node !== undefined, value: node };
}

/** A short, safe rendering of a value for "got ..." (strings quoted and cut). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** zod wrappers whose inner schema is what a key path points into. */
const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'catch', 'readonly', 'nonoptional']);

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { def: SchemaDef }).def;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
}

/** The keys a strict object at `path` of `schema` accepts (for "unknown key" messages). */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current = unwrap(schema);
  for (const part of path) {
    const def = defOf(current);
    if (def.type === 'object' && def.shape && typeof part === 'string' && def.shape[part]) current = unwrap(def.shape[part]);
    else if (def.type === 'array' && def.element) current = unwrap(def.element);
    else if (def.type === 'record' && def.valueType) current = unwrap(def.valueType);
    else return [];
  }
  const def = defOf(current);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/**
 * Issues of a failed zod parse of `doc` against `schema`. `prefix` is where `doc` sits in the
 * file (for a sub-document validated on its own). A custom issue with `params.noValue` is
 * reported without the value found.
 */
export function issuesFromZod(error: z.ZodError, doc: unknown, schema: z.ZodType, prefix: readonly PropertyKey[] = []): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, issue.path);
      const hint = known.length > 0 ? ` (expected one of: ${known.join(', ')})` : '';
      for (const key of issue.keys) issues.push({ keyPath: formatKeyPath([...path, key]), message: `unknown key${hint}` });
      continue;
    }
    const message = issue.message.replace(/^Invalid input: /, '');
    const { found, value } = valueAt(doc, issue.path);
    const noValue = issue.code === 'custom' && (issue.params as { noValue?: boolean } | undefined)?.noValue === true;
    let text = message;
    if (!found) text = `required: ${message}`;
    else if (!noValue && !isSecretPath(path)) text = `${message}, got ${describeValue(value)}`;
    issues.push({ keyPath: formatKeyPath(path), message: text });
  }
  return issues;
}

export function issueText(label: string, issue: ConfigIssue): string {
  const where: string[] = [];
  if (issue.line !== undefined) where.push(`line ${issue.line}`);
  if (issue.keyPath) where.push(issue.keyPath);
  else if (issue.line === undefined) where.push('(top level)');
  return `${label}: ${where.join(': ')}: ${issue.message}`;
}

/**
 * One CONFIG_INVALID error for all the issues (up to MAX_REPORTED spelled out). `label` is the
 * file as the user named it; `file` (absolute) goes into the context.
 */
export function configError(label: string, file: string | null, issues: readonly ConfigIssue[]): IbsightError {
  const shown = issues.slice(0, MAX_REPORTED).map((issue) => issueText(label, issue));
  if (issues.length > MAX_REPORTED) shown.push(`${label}: and ${issues.length - MAX_REPORTED} more problems`);
  const first = issues[0];
  return new IbsightError('CONFIG_INVALID', shown.join('; '), {
    context: {
      ...(file !== null ? { file } : {}),
      ...(first?.keyPath ? { keyPath: first.keyPath } : {}),
      ...(first?.line !== undefined ? { line: first.line } : {}),
      problems: issues.length,
    },
  });
}
