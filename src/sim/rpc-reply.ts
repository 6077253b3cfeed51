/**
 * The XML the simulator writes: the server hello, `<rpc-reply>` roots and the rpc-errors a
 * Junos device sends. The reply root is always in the NETCONF base namespace with the junos
 * prefix declared, as real Junos sends it (ncclient and PyEZ accept nothing else), and
 * carries the request's `<rpc>` attributes (message-id...) but not its namespace declarations.
 */
import { escapeXml } from '../xml/element.js';
import type { XmlElement } from '../xml/parse.js';

export const NETCONF_BASE_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
export const BASE10 = 'urn:ietf:params:netconf:base:1.0';
export const BASE11 = 'urn:ietf:params:netconf:base:1.1';

const JUNOS_CAPABILITIES = [
  'urn:ietf:params:netconf:capability:candidate:1.0',
  'urn:ietf:params:netconf:capability:confirmed-commit:1.0',
  'urn:ietf:params:netconf:capability:validate:1.0',
  'urn:ietf:params:netconf:capability:url:1.0?scheme=http,ftp,file',
  'urn:ietf:params:xml:ns:netconf:base:1.0',
  'urn:ietf:params:xml:ns:netconf:capability:candidate:1.0',
  'urn:ietf:params:xml:ns:netconf:capability:confirmed-commit:1.0',
  'urn:ietf:params:xml:ns:netconf:capability:validate:1.0',
  'urn:ietf:params:xml:ns:netconf:capability:url:1.0?protocol=http,ftp,file',
  'http://xml.juniper.net/netconf/junos/1.0',
  'http://xml.juniper.net/dmi/system/1.0',
];

/** The server hello (not framed). Junos precedes it with comments; clients must cope. */
export function serverHello(sessionId: number, base11: boolean, username: string): string {
  const caps = [BASE10, ...(base11 ? [BASE11] : []), ...JUNOS_CAPABILITIES];
  return (
    '<!-- No zombies were killed during the creation of this user interface -->\n' +
    `<!-- user ${escapeXml(username).replace(/--/g, '- -')}, class j-read-only -->\n` +
    `<hello xmlns="${NETCONF_BASE_NS}">\n  <capabilities>\n` +
    caps.map((c) => `    <capability>${escapeXml(c)}</capability>\n`).join('') +
    `  </capabilities>\n  <session-id>${sessionId}</session-id>\n</hello>`
  );
}

/** True when a client hello lists base:1.1 (then both sides use chunked framing, if we offered it). */
export function clientOffersBase11(hello: XmlElement): boolean {
  const caps = hello.children.find((c) => c.name === 'capabilities');
  return (caps?.children ?? []).some((c) => c.name === 'capability' && c.text.trim() === BASE11);
}

/** ` message-id="101"` etc.: the `<rpc>` attributes to echo, without xmlns declarations. */
export function echoedAttributes(rpc: XmlElement | null): string {
  if (!rpc) return '';
  let out = '';
  for (const [name, value] of Object.entries(rpc.attrs)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    out += ` ${name}="${escapeXml(value)}"`;
  }
  return out;
}

/** `<rpc-reply ...>` with the base namespace, xmlns:junos, extra declarations and echoed attributes. */
export function replyOpenTag(junosNs: string, extraNamespaces: string, echoed: string): string {
  return `<rpc-reply xmlns="${NETCONF_BASE_NS}" xmlns:junos="${escapeXml(junosNs)}"${extraNamespaces}${echoed}>`;
}

export const REPLY_CLOSE = '</rpc-reply>';

export interface RpcErrorFields {
  type: 'transport' | 'rpc' | 'protocol' | 'application';
  tag: string;
  severity?: 'error' | 'warning';
  message: string;
  badElement?: string;
}

/** An `<rpc-error>` element as Junos formats it (text XML-escaped). */
export function rpcErrorXml(e: RpcErrorFields): string {
  return (
    '\n<rpc-error>\n' +
    `<error-type>${e.type}</error-type>\n` +
    `<error-tag>${escapeXml(e.tag)}</error-tag>\n` +
    `<error-severity>${e.severity ?? 'error'}</error-severity>\n` +
    `<error-message>${escapeXml(e.message)}</error-message>\n` +
    (e.badElement !== undefined ? `<error-info>\n<bad-element>${escapeXml(e.badElement)}</bad-element>\n</error-info>\n` : '') +
    '</rpc-error>\n'
  );
}

/** The error for an RPC no profile file answers (what Junos says for an RPC it does not know). */
export function unknownRpcError(badElement: string, message: string): string {
  return rpcErrorXml({ type: 'protocol', tag: 'operation-failed', message, badElement });
}
