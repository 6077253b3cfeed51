/**
 * Maps what ssh2 and the socket layer throw while connecting to stable ibsight error codes
 * (AUTH_FAILED, CONNECT_REFUSED, CONNECT_TIMEOUT, SSH_ERROR...). Host key errors raised by our
 * own verifier are kept as they are.
 */
import { IbsightError, type ErrorCode } from '../errors/ibsight-error.js';

interface Ssh2Error extends Error {
  level?: string;
  code?: string;
  reason?: number | string;
}

const REFUSED_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

function codeFor(err: Ssh2Error): ErrorCode {
  if (err.level === 'client-authentication') return 'AUTH_FAILED';
  if (err.level === 'client-timeout') return 'CONNECT_TIMEOUT';
  if (err.code === 'ETIMEDOUT') return 'CONNECT_TIMEOUT';
  if (err.code !== undefined && REFUSED_ERRNOS.has(err.code)) return 'CONNECT_REFUSED';
  if (err.level === 'client-dns') return 'CONNECT_REFUSED';
  if (/^Cannot parse privateKey|private key/i.test(err.message)) return 'AUTH_FAILED';
  return 'SSH_ERROR';
}

/** An ibsight error for a connection failure; `stage` says what was being done (e.g. "ssh handshake"). */
export function connectError(err: unknown, device: string, stage: string): IbsightError {
  if (err instanceof IbsightError) return err.context.device === undefined ? err.withContext({ device }) : err;
  const e = (err instanceof Error ? err : new Error(String(err))) as Ssh2Error;
  const code = codeFor(e);
  const context: Record<string, unknown> = { device, stage };
  if (e.code !== undefined) context.errno = e.code;
  if (e.level !== undefined) context.level = e.level;
  return new IbsightError(code, `${stage}: ${e.message}`, { cause: err, context });
}

/** Wraps a failure of the jump host (bastion) connection as PROXY_FAILED, keeping the inner code. */
export function proxyError(err: unknown, device: string, bastion: string): IbsightError {
  const inner = connectError(err, device, `proxy ${bastion}`);
  if (inner.code === 'PROXY_FAILED') return inner;
  return new IbsightError('PROXY_FAILED', `via jump host ${bastion}: ${inner.message}`, {
    cause: inner,
    context: { ...inner.context, device, proxy: bastion, proxyCode: inner.code },
  });
}
