/**
 * The one error type of ibsight. Every failure carries a stable machine `code`
 * (branch on it, never on the message), an optional `cause`, and context that
 * says where it happened (device, rpc, collector, file, key path...).
 */
export type ErrorCode =
  // connection (per device)
  | 'CONNECT_REFUSED'
  | 'CONNECT_TIMEOUT'
  | 'AUTH_FAILED'
  | 'HOST_KEY_UNKNOWN'
  | 'HOST_KEY_CHANGED'
  | 'SSH_ERROR'
  | 'PROXY_FAILED'
  | 'DISCONNECTED'
  // NETCONF session
  | 'NETCONF_HELLO_FAILED'
  | 'NETCONF_FRAMING'
  | 'NETCONF_SUBSYSTEM_REFUSED'
  | 'RPC_TIMEOUT'
  | 'RPC_ERROR'
  | 'REPLY_TOO_LARGE'
  | 'SESSION_CLOSED'
  // XML / parsing
  | 'XML_MALFORMED'
  | 'XML_DTD_REFUSED'
  | 'PARSE_ERROR'
  | 'RE_NOT_MASTER'
  // configuration and input
  | 'CONFIG_INVALID'
  | 'INPUT_INVALID'
  | 'USAGE'
  // the store
  | 'STORE_FAILED'
  | 'STORE_SCHEMA_NEWER'
  // outputs (sinks, delivery)
  | 'SINK_UNREACHABLE'
  | 'SINK_REJECTED'
  | 'DELIVERY_FAILED'
  // anything else
  | 'INTERNAL';

export interface ErrorContext {
  device?: string;
  rpc?: string;
  collector?: string;
  file?: string;
  line?: number;
  keyPath?: string;
  [key: string]: unknown;
}

export class IbsightError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IbsightError';
    this.code = code;
    this.context = options.context ?? {};
  }

  /** A copy of this error with more context (e.g. the device name added by the caller). */
  withContext(context: ErrorContext): IbsightError {
    const copy = new IbsightError(this.code, this.message, { cause: this.cause, context: { ...this.context, ...context } });
    copy.stack = this.stack;
    return copy;
  }

  toJSON(): { code: ErrorCode; message: string; context: ErrorContext } {
    return { code: this.code, message: this.message, context: this.context };
  }
}

export function isIbsightError(err: unknown, code?: ErrorCode): err is IbsightError {
  return err instanceof IbsightError && (code === undefined || err.code === code);
}

/** Wraps anything thrown into an IbsightError, keeping an existing one as is. */
export function toIbsightError(err: unknown, fallback: ErrorCode = 'INTERNAL'): IbsightError {
  if (err instanceof IbsightError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new IbsightError(fallback, message, { cause: err });
}
