/**
 * Members of a multi-RE reply that could not answer. `memberErrorText`: one line for a record's
 * `error` field — the member's error messages (e.g. "Could not connect to re0 : No route to host"),
 * else the note a backup RE sent as `<output>`, else that it sent no data. `unreachableMembers`:
 * the members a reply names only in a top-level error ("Could not connect to re0"): Junos then
 * leaves that RE out of `multi-routing-engine-results`, yet the reply covers it.
 */
import { extractIssues, type RpcIssue } from '../netconf/rpc-reply.js';
import type { XmlElement } from '../xml/parse.js';

export interface MemberIssues {
  errors: readonly RpcIssue[];
  output: string | null;
}

/** One line saying why a member has no data; `missing` names the element that was expected. */
export function memberErrorText(member: MemberIssues, missing: string): string {
  const messages = member.errors.map((e) => e.message ?? e.tag ?? 'error');
  if (messages.length > 0) return messages.join('; ');
  if (member.output !== null) return member.output.replace(/\s+/g, ' ').trim();
  return `no <${missing}> in the reply`;
}

const COULD_NOT_CONNECT = /^could not connect to ([A-Za-z0-9_-]+)/i;

/** The member a "Could not connect to <name>" error names, or null for any other error. */
export function unreachableMember(issue: RpcIssue): string | null {
  const match = issue.message === null ? null : COULD_NOT_CONNECT.exec(issue.message);
  return match ? match[1]! : null;
}

export interface UnreachableMembers {
  /** Member names with the device's message, in reply order. */
  members: { member: string; error: string }[];
  /** Whether the error came before `multi-routing-engine-results` (Junos sends it first). */
  beforeResults: boolean;
}

/** Members named by top-level "Could not connect to X" errors and not already in `known`. */
export function unreachableMembers(root: XmlElement, known: ReadonlySet<string | null>): UnreachableMembers {
  const members: { member: string; error: string }[] = [];
  const seen = new Set(known);
  for (const issue of extractIssues(root).errors) {
    const name = issue.reName === null ? unreachableMember(issue) : null;
    if (name === null || seen.has(name)) continue;
    seen.add(name);
    members.push({ member: name, error: issue.message ?? `could not connect to ${name}` });
  }
  const errorAt = root.children.findIndex((c) => c.name === 'rpc-error' || c.name === 'error');
  const resultsAt = root.children.findIndex((c) => c.name === 'multi-routing-engine-results');
  return { members, beforeResults: errorAt !== -1 && (resultsAt === -1 || errorAt < resultsAt) };
}

/** Inserts one record per unreachable member where the reply put the error. */
export function withUnreachable<R>(root: XmlElement, records: R[], memberOf: (r: R) => string | null, make: (member: string, error: string) => R): R[] {
  const found = unreachableMembers(root, new Set(records.map(memberOf)));
  if (found.members.length === 0) return records;
  const extra = found.members.map((u) => make(u.member, u.error));
  return found.beforeResults ? [...extra, ...records] : [...records, ...extra];
}
