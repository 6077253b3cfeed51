/**
 * Reading Junos replies the way every collector needs to: the data element whether it sits
 * directly in `<rpc-reply>`, is the saved file's root, or is spread over a
 * `<multi-routing-engine-results>` (VC members `fpc0`/`member0`, cluster nodes `node0`, dual-RE
 * `re0`/`re1`, TX Matrix `lcc0-re0`, node slicing `bsys-re0`/`gnf1-re0`), with items that hold an
 * `rpc-error` or a backup RE's `<output>` note instead of data, or that have no `re-name`.
 */
import { IbsightError } from '../src/errors/ibsight-error.js';
import { extractIssues, type RpcIssue } from '../src/netconf/rpc-reply.js';
import { child, childrenNamed, childText, findAll, textOf } from '../src/xml/element.js';
import type { XmlElement } from '../src/xml/parse.js';

export interface MemberData {
  /** The item's `re-name` as the device reported it; null outside multi-RE replies or when absent. */
  member: string | null;
  /** The data element of this member, or null when the member answered with an error or a note. */
  data: XmlElement | null;
  /** Errors reported for this member (e.g. "Could not connect to re0"). */
  errors: RpcIssue[];
  /** Free text a member sent instead of data (`<output>`), trimmed. */
  output: string | null;
}

/** Every element named `name` at the top of the reply or in each multi-RE item, one entry per member. */
export function memberData(root: XmlElement, name: string): MemberData[] {
  if (root.name === name) return [{ member: null, data: root, errors: [], output: null }];
  const results = root.name === 'multi-routing-engine-results' ? [root] : childrenNamed(root, 'multi-routing-engine-results');
  const members: MemberData[] = [];
  for (const result of results) {
    for (const item of childrenNamed(result, 'multi-routing-engine-item')) {
      const member = childText(item, 're-name');
      const data = child(item, name);
      const { errors } = extractIssues(item);
      members.push({ member, data, errors: data ? [] : errors, output: textOf(child(item, 'output')) });
    }
  }
  const direct = childrenNamed(root, name);
  for (const data of direct) members.push({ member: null, data, errors: [], output: null });
  return members;
}

/** The `<output>` text of a reply that answered with a note instead of data (e.g. a backup RE). */
export function replyOutput(root: XmlElement): string | null {
  const outputs = root.name === 'output' ? [root] : childrenNamed(root, 'output');
  const text = outputs.map((o) => textOf(o)).filter((t): t is string => t !== null);
  return text.length > 0 ? text.join('\n') : null;
}

const NOT_MASTER = /can only be used on the master routing engine/i;

/**
 * Throws when a reply is unusable as a whole: a backup RE's "only on the master" note
 * (`RE_NOT_MASTER`) or no element named `name` anywhere (`PARSE_ERROR`, naming what was found).
 */
export function requireData(root: XmlElement, name: string, members: MemberData[]): void {
  const note = replyOutput(root) ?? members.find((m) => m.output)?.output ?? null;
  if (members.some((m) => m.data)) return;
  if (note && NOT_MASTER.test(note)) {
    throw new IbsightError('RE_NOT_MASTER', `the device refused: ${note}`, { context: { element: name } });
  }
  const found = root.children.map((c) => c.name).join(', ') || 'nothing';
  const why = note ? `; it said: ${note}` : '';
  throw new IbsightError('PARSE_ERROR', `reply has no <${name}> (found: ${found})${why}`, { context: { element: name } });
}

/** The `junos:seconds` attribute of an element as a number, or null. */
export function secondsOf(element: XmlElement | null): number | null {
  if (!element) return null;
  for (const [key, value] of Object.entries(element.attrs)) {
    if (key === 'junos:seconds' || key.endsWith(':seconds') || key === 'seconds') {
      const n = Number(value);
      return Number.isFinite(n) ? n : null;
    }
  }
  return null;
}

/** Trimmed text parsed as an integer (digits only, optional sign), or null. */
export function integerOf(text: string | null): number | null {
  if (text === null) return null;
  const t = text.trim();
  return /^[+-]?\d+$/.test(t) ? Number(t) : null;
}

/** All text of a child element as an integer, or null. */
export function childInteger(element: XmlElement | null, name: string): number | null {
  return integerOf(childText(element, name));
}

/** Whether any element with that local name exists below `root`. */
export function has(root: XmlElement, name: string): boolean {
  return findAll(root, name).length > 0;
}
