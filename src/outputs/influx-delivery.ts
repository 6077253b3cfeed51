/**
 * What the two InfluxDB clients (1.x: influx-v1-sink.ts, 2.x/3.x: influx-v2-sink.ts) share with the
 * spooling sink (influx-sink.ts): the writer contract, the three kinds of failed delivery, and the
 * check of what InfluxDB can store at all.
 *
 * Rules: a writer's `deliver` resolves only when the server acknowledged every point, and otherwise
 * throws an InfluxDeliveryFailure of one kind —
 *   transient  connection refused/reset, DNS, timeout, HTTP 408, 429, 5xx: try again later;
 *   refused    HTTP 401, 403, 404 (auth, database/bucket missing), 3xx, TLS: no point can pass until
 *              a human fixes the configuration; keep everything, in order, and try again later;
 *   bad-data   any other 4xx (400 parse error / field type conflict, 413, 422): this batch will never
 *              pass; set it aside for a human and go on with the rest.
 * Branch on `kind`, never on the message; the message is the server's own words (never a secret).
 */
import type { MetricPoint } from './metric-point.js';

export type DeliveryFailureKind = 'transient' | 'refused' | 'bad-data';

export class InfluxDeliveryFailure extends Error {
  readonly kind: DeliveryFailureKind;
  /** The HTTP status, or null when no response came. */
  readonly status: number | null;

  constructor(kind: DeliveryFailureKind, message: string, status: number | null, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'InfluxDeliveryFailure';
    this.kind = kind;
    this.status = status;
  }
}

/** One InfluxDB client: writes a batch (at most a few thousand points) in one request. */
export interface InfluxWriter {
  /** `influx-v1` or `influx-v2`. */
  readonly name: string;
  /** Where it writes, for logs and the spool's target.json: URL and database or org/bucket, never a secret. */
  readonly target: Readonly<Record<string, string>>;
  deliver(points: readonly MetricPoint[]): Promise<void>;
  close(): Promise<void>;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH',
  'EHOSTDOWN', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET',
]);

/** The kind of a failure that came with an HTTP status. */
export function failureForStatus(status: number, message: string, cause?: unknown): InfluxDeliveryFailure {
  const text = `HTTP ${status}: ${message}`;
  if (status === 408 || status === 429 || status >= 500) return new InfluxDeliveryFailure('transient', text, status, cause);
  if (status === 401 || status === 403 || status === 404 || status < 400) return new InfluxDeliveryFailure('refused', text, status, cause);
  return new InfluxDeliveryFailure('bad-data', text, status, cause);
}

/**
 * The kind of a failure without an HTTP status: network errors and timeouts are transient, TLS
 * certificate problems are refused (configuration). Anything else is returned as null: the caller
 * decides (and logs it with its stack, it is not expected).
 */
export function failureForNetworkError(err: unknown): InfluxDeliveryFailure | null {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return new InfluxDeliveryFailure('transient', `${code}: ${message}`, null, err);
  if (typeof code === 'string' && (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL'))) {
    return new InfluxDeliveryFailure('refused', `TLS: ${code}: ${message}`, null, err);
  }
  if (/timed? ?out/i.test(message)) return new InfluxDeliveryFailure('transient', message, null, err);
  return null;
}

/** The `error` text of an InfluxDB JSON error body (`{"error":"..."}` or `{"message":"..."}`), else the body, shortened. */
export function serverMessage(body: string | undefined): string {
  if (body === undefined || body === '') return '(no message)';
  try {
    const json = JSON.parse(body) as { error?: unknown; message?: unknown };
    const text = typeof json.error === 'string' ? json.error : typeof json.message === 'string' ? json.message : null;
    if (text !== null) return text.slice(0, 1000);
  } catch {
    // not JSON: the body as is
  }
  return body.trim().slice(0, 1000);
}

const SAFE_INT = Number.MAX_SAFE_INTEGER;

/**
 * Why InfluxDB cannot store this point, or null. Checked before a point is sent or spooled, so that
 * one impossible point does not take its batch with it: an empty or control-character name, no
 * field, a non-finite float, an integer beyond ±2^53 (not exact in JS), an invalid time.
 * Tags with an empty value are fine (InfluxDB treats them as absent; the clients leave them out).
 */
export function influxPointProblem(point: MetricPoint): string | null {
  const bad = (text: string) => text === '' || /[\n\r\t]/.test(text) || text.includes('\0');
  if (typeof point.measurement !== 'string' || bad(point.measurement)) return 'empty measurement name or a control character in it';
  for (const [key, value] of Object.entries(point.tags)) {
    if (bad(key)) return `${point.measurement}: empty tag key or a control character in it`;
    if (typeof value !== 'string' || /[\n\r\t\0]/.test(value)) return `${point.measurement}: tag ${key}: a control character in the value`;
  }
  const fields = Object.entries(point.fields);
  if (fields.length === 0) return `${point.measurement}: no field`;
  for (const [key, field] of fields) {
    if (bad(key)) return `${point.measurement}: empty field key or a control character in it`;
    if (field.kind === 'float' && !Number.isFinite(field.value)) return `${point.measurement}.${key}: float ${field.value} cannot be stored`;
    if (field.kind === 'int' && !(Number.isInteger(field.value) && Math.abs(field.value) <= SAFE_INT)) {
      return `${point.measurement}.${key}: integer ${field.value} is not an exact integer`;
    }
  }
  if (!(point.time instanceof Date) || Number.isNaN(point.time.getTime())) return `${point.measurement}: invalid time`;
  return null;
}

/** The URL as shown in logs and target.json: without any user:password@ part. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

/** Tags without the empty ones (InfluxDB 1.x refuses `tag=`). */
export function nonEmptyTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) if (value !== '') out[key] = value;
  return out;
}
