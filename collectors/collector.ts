/**
 * The collector contract (DESIGN "The pipeline"). A collector is one file named after its RPC:
 * the request(s) it sends and a pure `parse` from replies to records. No I/O here: the
 * collection run (src/collect) sends the requests and hands the replies over.
 *
 * Requests: each has a `key` and ordered alternative `bodies`. The run sends the first body; when
 * the device refuses it with an error-only reply it sends the next (e.g. software-information asks
 * `show version invoke-on all-routing-engines`, then `<all-servers/>`, then the plain RPC). A request
 * marked `optional` may be refused entirely (its reply is then absent).
 *
 * Parse: receives the replies it got (each the parsed `<rpc-reply>`, or a saved file's root),
 * tagged with the request key when known (`null` for `ibsight parse FILE`, where the collector
 * recognises the reply by its content). It returns records, or throws IbsightError('PARSE_ERROR')
 * when the reply as a whole is unusable. A field the device did not send is `null`.
 */
import type { RpcIssue } from '../src/netconf/rpc-reply.js';
import type { XmlElement } from '../src/xml/parse.js';

export type CollectorName =
  | 'software-information'
  | 'chassis-inventory'
  | 'route-engine'
  | 'configuration'
  | 'system-uptime'
  | 'alarms'
  | 'core-dumps'
  | 'environment'
  | 'virtual-chassis'
  | 'cluster-status'
  | 'licenses'
  | 'interfaces';

export interface RpcRequest {
  /** Names the reply for `parse` (e.g. `chassis`, `system` for the two alarm RPCs). */
  key: string;
  /** Alternatives, most complete first; the first one the device answers without refusing wins. */
  bodies: readonly string[];
  /** When every alternative is refused, go on without this reply instead of failing. */
  optional?: boolean;
}

export interface CollectorReply {
  /** The request key this reply answers; null when unknown (a saved file). */
  key: string | null;
  /** The `<rpc-reply>` element (or the root of a saved reply without one). */
  root: XmlElement;
}

export interface ParseContext {
  /** Per-installation key for HMAC markers of scrubbed secrets (configuration collector). */
  scrubKey: Buffer;
}

export interface Collector<R = unknown> {
  readonly name: CollectorName;
  /** The main Junos RPC, e.g. `get-chassis-inventory` (saved replies are named after it). */
  readonly rpc: string;
  /** One line for `--help` and docs/collectors.md. */
  readonly summary: string;
  readonly requests: readonly RpcRequest[];
  /**
   * For an error-only reply: the reason this device legitimately has no such data (cluster status
   * on a standalone box, VC on a single chassis), or null when the refusal is a real error.
   */
  notApplicable?(errors: readonly RpcIssue[]): string | null;
  parse(replies: readonly CollectorReply[], context: ParseContext): R;
}

/** What parsing a set of replies with a collector gave (src/collect and `ibsight parse` share it). */
export type CollectorOutcome<R = unknown> =
  | { status: 'ok'; records: R; errors: RpcIssue[]; warnings: RpcIssue[] }
  | { status: 'not-applicable'; reason: string };
