/**
 * Runs one collector over an open NETCONF session: each request's bodies in order, falling back
 * to the next body when the device refuses (an error-only reply, RPC_ERROR); an `optional`
 * request refused entirely is skipped; a required one refused entirely ends the collector as
 * `not-applicable` when the collector says the refusal is legitimate, else as an RPC_ERROR.
 * The replies then go through the shared `parseReplies` (collectors/outcome.ts).
 *
 * Any other error from the session (timeout, disconnect, unsafe/malformed/oversized reply,
 * framing) means the session is gone: it is returned as `sessionError` so the caller can
 * reconnect or fail the device's remaining collectors with it.
 */
import type { Collector, CollectorReply, ParseContext } from '../../collectors/collector.js';
import { parseReplies } from '../../collectors/outcome.js';
import { IbsightError, toIbsightError } from '../errors/ibsight-error.js';
import type { RpcIssue } from '../netconf/rpc-reply.js';
import type { CollectorResult } from '../store/store-api.js';

/** What the collection needs of a session (NetconfSession has it). */
export interface RpcChannel {
  rpc(body: string): Promise<{ root: CollectorReply['root'] }>;
}

export interface CollectorRun {
  result: CollectorResult;
  /** Set when the session died during this collector (its code is the result's error code). */
  sessionError: IbsightError | null;
  /** Errors the device reported beside data (e.g. one member of several could not answer). */
  memberErrors: number;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

export function errorResult(collector: Collector, err: IbsightError, durationMs: number): CollectorResult {
  return { collector: collector.name, status: 'error', durationMs, error: { code: err.code, message: err.message }, reason: null, records: null };
}

function refusedError(collector: Collector, body: string, errors: readonly RpcIssue[]): IbsightError {
  const first = errors[0];
  const text = first?.message ?? first?.tag ?? 'error';
  return new IbsightError('RPC_ERROR', `${collector.name}: the device refused ${rpcElement(body)}: ${text}`, {
    context: { collector: collector.name, rpc: collector.rpc, errors: [...errors] },
  });
}

/** `<get-chassis-inventory>` or `<command>show version</command>` from a request body, for messages. */
function rpcElement(body: string): string {
  const command = /^<command>([^<]*)<\/command>$/.exec(body);
  if (command) return `"${command[1]}"`;
  const name = /^<([A-Za-z0-9_:.-]+)/.exec(body);
  return name ? `<${name[1]}>` : 'the request';
}

export async function runCollector(session: RpcChannel, collector: Collector, context: ParseContext): Promise<CollectorRun> {
  const started = performance.now();
  const replies: CollectorReply[] = [];
  for (const request of collector.requests) {
    let answered = false;
    let refusal: readonly RpcIssue[] = [];
    let lastBody = '';
    for (const body of request.bodies) {
      lastBody = body;
      try {
        const reply = await session.rpc(body);
        replies.push({ key: request.key, root: reply.root });
        answered = true;
        break;
      } catch (err) {
        const e = toIbsightError(err);
        if (e.code !== 'RPC_ERROR') {
          const dead = e.withContext({ collector: collector.name });
          return { result: errorResult(collector, dead, elapsed(started)), sessionError: dead, memberErrors: 0 };
        }
        refusal = (e.context.errors as RpcIssue[] | undefined) ?? [];
      }
    }
    if (answered || request.optional) continue;
    const reason = collector.notApplicable?.(refusal) ?? null;
    const durationMs = elapsed(started);
    if (reason !== null) {
      return { result: { collector: collector.name, status: 'not-applicable', durationMs, error: null, reason, records: null }, sessionError: null, memberErrors: 0 };
    }
    return { result: errorResult(collector, refusedError(collector, lastBody, refusal), durationMs), sessionError: null, memberErrors: 0 };
  }
  return { ...parseOutcome(collector, replies, context, started), sessionError: null };
}

/** parseReplies → a CollectorResult (shared with ingest, where replies come from files). */
export function parseOutcome(
  collector: Collector,
  replies: readonly CollectorReply[],
  context: ParseContext,
  started: number,
): { result: CollectorResult; memberErrors: number } {
  try {
    const outcome = parseReplies(collector, replies, context);
    const durationMs = elapsed(started);
    if (outcome.status === 'not-applicable') {
      return { result: { collector: collector.name, status: 'not-applicable', durationMs, error: null, reason: outcome.reason, records: null }, memberErrors: 0 };
    }
    return {
      result: { collector: collector.name, status: 'ok', durationMs, error: null, reason: null, records: outcome.records },
      memberErrors: outcome.errors.length,
    };
  } catch (err) {
    return { result: errorResult(collector, toIbsightError(err, 'PARSE_ERROR'), elapsed(started)), memberErrors: 0 };
  }
}
