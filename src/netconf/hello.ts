/**
 * The NETCONF hello exchange (RFC 6241 §8.1): the client's own hello, the server's hello read
 * into capabilities and session-id, and the framing both sides agree on (RFC 6242: chunked
 * when both list base:1.1).
 */
import { IbsightError } from '../errors/ibsight-error.js';
import { childrenNamed, child, textOf } from '../xml/element.js';
import { parseXml } from '../xml/parse.js';
import type { Framing } from './framing.js';

export const BASE_1_0 = 'urn:ietf:params:netconf:base:1.0';
export const BASE_1_1 = 'urn:ietf:params:netconf:base:1.1';
export const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';

export interface ServerHello {
  capabilities: string[];
  sessionId: string | null;
}

/** The client hello; with framing 'eom' only base:1.0 is advertised, which forces 1.0 framing. */
export function clientHello(framing: 'auto' | 'eom'): string {
  const caps = framing === 'eom' ? [BASE_1_0] : [BASE_1_0, BASE_1_1];
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<hello xmlns="${NETCONF_NS}"><capabilities>` +
    caps.map((c) => `<capability>${c}</capability>`).join('') +
    '</capabilities></hello>'
  );
}

/** Parses the server hello; anything that is not a hello with capabilities is NETCONF_HELLO_FAILED. */
export function parseServerHello(text: string, device: string): ServerHello {
  let root;
  try {
    root = parseXml(text.trimStart());
  } catch (err) {
    throw new IbsightError('NETCONF_HELLO_FAILED', `the server hello is not XML: ${(err as Error).message}`, {
      cause: err,
      context: { device, excerpt: text.slice(0, 200) },
    });
  }
  if (root.name !== 'hello') {
    throw new IbsightError('NETCONF_HELLO_FAILED', `expected the server <hello>, got <${root.qname}>`, { context: { device } });
  }
  const capabilities = childrenNamed(child(root, 'capabilities'), 'capability')
    .map((c) => textOf(c))
    .filter((c): c is string => c !== null);
  if (capabilities.length === 0) {
    throw new IbsightError('NETCONF_HELLO_FAILED', 'the server hello lists no capabilities', { context: { device } });
  }
  if (!capabilities.includes(BASE_1_0) && !capabilities.includes(BASE_1_1)) {
    throw new IbsightError('NETCONF_HELLO_FAILED', 'the server hello lists neither base:1.0 nor base:1.1', { context: { device, capabilities } });
  }
  return { capabilities, sessionId: textOf(child(root, 'session-id')) };
}

/** The framing used after the hellos. */
export function negotiateFraming(requested: 'auto' | 'eom', server: ServerHello): Framing {
  return requested === 'auto' && server.capabilities.includes(BASE_1_1) ? 'chunked' : 'eom';
}
