/**
 * Reading errors and warnings out of an `<rpc-reply>`: NETCONF `<rpc-error>` (RFC 6241 §4.3) and
 * Junos `<xnm:error>` / `<xnm:warning>`, at any depth (top level, inside
 * `multi-routing-engine-item` — whose `re-name` is recorded — or inside e.g. `commit-results`),
 * and telling a reply that still carries data (partial: part error, part data) from one that
 * carries errors only.
 * Every reply is looked at several times (the session, then the collectors), so a reply whose
 * text holds neither `error` nor `warning` — every issue element's name holds one of them — is
 * remembered as issue-free and never walked; walks use indexed loops (children arrays may be
 * frozen shared ones, on which `for...of` is slow).
 */
import { child, childText } from '../xml/element.js';
import type { XmlElement } from '../xml/parse.js';

export interface RpcIssue {
  severity: 'error' | 'warning';
  type: string | null;
  tag: string | null;
  message: string | null;
  path: string | null;
  badElement: string | null;
  reName: string | null;
}

export interface ReplyIssues {
  errors: RpcIssue[];
  warnings: RpcIssue[];
  /** Whether anything besides issues (and `<ok/>`) is in the reply. */
  hasData: boolean;
}

const XNM_NS = 'http://xml.juniper.net/xnm/1.1/xnm';

function isXnmIssue(element: XmlElement): boolean {
  if (element.name !== 'error' && element.name !== 'warning') return false;
  return element.qname.startsWith('xnm:') || element.attrs.xmlns === XNM_NS;
}

function isIssue(element: XmlElement): boolean {
  return element.name === 'rpc-error' || isXnmIssue(element);
}

/** Collapses whitespace runs (Junos wraps messages in newlines and indentation). */
function clean(text: string | null): string | null {
  if (text === null) return null;
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 0 ? t : null;
}

function rpcErrorIssue(element: XmlElement, reName: string | null): RpcIssue {
  const severity = childText(element, 'error-severity') === 'warning' ? 'warning' : 'error';
  const info = child(element, 'error-info');
  return {
    severity,
    type: childText(element, 'error-type'),
    tag: childText(element, 'error-tag'),
    message: clean(childText(element, 'error-message')),
    path: clean(childText(element, 'error-path')),
    badElement: childText(info, 'bad-element') ?? childText(element, 'bad-element'),
    reName,
  };
}

function xnmIssue(element: XmlElement, reName: string | null): RpcIssue {
  return {
    severity: element.name === 'warning' ? 'warning' : 'error',
    type: null,
    tag: null,
    message: clean(childText(element, 'message')) ?? clean(element.text),
    path: clean(childText(element, 'edit-path')),
    badElement: clean(childText(element, 'bad-element') ?? childText(element, 'statement') ?? childText(element, 'token')),
    reName,
  };
}

/** Elements that carry no data of their own. */
const NOT_DATA = new Set(['ok', 're-name', 'cli']);

/**
 * Whether an element holds data: an empty element (e.g. `<no-active-alarms/>`) or text counts;
 * a container whose children are all issues does not.
 */
function holdsData(element: XmlElement): boolean {
  if (isIssue(element) || NOT_DATA.has(element.name)) return false;
  if (element.children.length === 0) return true;
  if (element.text.trim().length > 0) return true;
  return element.children.some(holdsData);
}

/** Trees (by their root) whose document text held no issue (see the header). */
const issueFree = new WeakSet<XmlElement>();

function visitIssues(element: XmlElement, reName: string | null, errors: RpcIssue[], warnings: RpcIssue[]): void {
  if (isIssue(element)) {
    const issue = element.name === 'rpc-error' ? rpcErrorIssue(element, reName) : xnmIssue(element, reName);
    (issue.severity === 'warning' ? warnings : errors).push(issue);
    return;
  }
  const here = element.name === 'multi-routing-engine-item' ? childText(element, 're-name') ?? reName : reName;
  const children = element.children;
  for (let i = 0; i < children.length; i++) visitIssues(children[i]!, here, errors, warnings);
}

/**
 * Errors, warnings and whether data is present, for a reply root (normally `<rpc-reply>`).
 * `text`, the document `root` was parsed from, lets an issue-free reply skip the walk (now and
 * in later calls on the same root).
 */
export function extractIssues(root: XmlElement, text?: string): ReplyIssues {
  const errors: RpcIssue[] = [];
  const warnings: RpcIssue[] = [];
  if (text !== undefined && !text.includes('error') && !text.includes('warning')) issueFree.add(root);
  if (!issueFree.has(root)) visitIssues(root, null, errors, warnings);
  const hasData = isIssue(root) ? false : root.children.some(holdsData) || root.text.trim().length > 0;
  return { errors, warnings, hasData };
}

/** The local name of the first element of an RPC body, e.g. `get-chassis-inventory`. */
export function rpcName(body: string): string {
  const match = /^\s*(?:<\?[^>]*\?>\s*)?<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(body);
  return match?.[2] ?? 'rpc';
}
