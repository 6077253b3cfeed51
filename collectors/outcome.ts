/**
 * Parsing replies with a collector and deciding the outcome, shared by `ibsight parse` and
 * collection runs: error-only replies become `not-applicable` when the collector says the
 * refusal is legitimate, else an RPC_ERROR; replies with data are parsed, keeping their
 * errors (a member that could not answer) and warnings beside the records.
 */
import { IbsightError } from '../src/errors/ibsight-error.js';
import { extractIssues, type RpcIssue } from '../src/netconf/rpc-reply.js';
import type { Collector, CollectorOutcome, CollectorReply, ParseContext } from './collector.js';

export function parseReplies<R>(collector: Collector<R>, replies: readonly CollectorReply[], context: ParseContext): CollectorOutcome<R> {
  const errors: RpcIssue[] = [];
  const warnings: RpcIssue[] = [];
  const usable: CollectorReply[] = [];
  for (const reply of replies) {
    const issues = extractIssues(reply.root);
    errors.push(...issues.errors);
    warnings.push(...issues.warnings);
    if (issues.hasData || issues.errors.length === 0) usable.push(reply);
  }
  if (usable.length === 0) {
    const reason = collector.notApplicable?.(errors) ?? null;
    if (reason !== null) return { status: 'not-applicable', reason };
    const first = errors[0];
    throw new IbsightError('RPC_ERROR', `${collector.name}: the device refused: ${first?.message ?? first?.tag ?? 'error'}`, {
      context: { collector: collector.name, rpc: collector.rpc, errors },
    });
  }
  try {
    return { status: 'ok', records: collector.parse(usable, context), errors, warnings };
  } catch (err) {
    if (err instanceof IbsightError) throw err.withContext({ collector: collector.name });
    throw new IbsightError('PARSE_ERROR', `${collector.name}: ${(err as Error).message}`, {
      cause: err,
      context: { collector: collector.name },
    });
  }
}

/** The JSON document of an outcome, as `ibsight parse --json` prints it (issues only when present). */
export function outcomeDocument(collector: string, outcome: CollectorOutcome): Record<string, unknown> {
  if (outcome.status !== 'ok') return { collector, status: outcome.status, reason: outcome.reason };
  return {
    collector,
    status: outcome.status,
    records: outcome.records,
    ...(outcome.errors.length > 0 ? { errors: outcome.errors } : {}),
    ...(outcome.warnings.length > 0 ? { warnings: outcome.warnings } : {}),
  };
}
