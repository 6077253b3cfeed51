/**
 * The field schemas the configuration and inventory schemas are built from. Each carries the
 * "expected ..." phrase its error messages use, so every problem reads the same way:
 * `<file>: <key path>: expected an integer from 1 to 10000, got "many"`.
 */
import { z } from 'zod';

export function intIn(min: number, max: number) {
  const error = `expected an integer from ${min} to ${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

export function bool() {
  return z.boolean({ error: 'expected true or false' });
}

export function text(what = 'a non-empty string') {
  const error = `expected ${what}`;
  return z.string({ error }).min(1, { error });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join(', ')}` });
}

/** A string matching `pattern`; `what` says in words what that is. */
export function matching(pattern: RegExp, what: string) {
  const error = `expected ${what}`;
  return z.string({ error }).regex(pattern, { error });
}

export function mapping<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, { error: 'expected a mapping (key: value)' });
}

export function listOf<T extends z.ZodType>(element: T, what: string) {
  return z.array(element, { error: `expected a list of ${what}` });
}

/** Only null for now: the key is reserved for a later feature and documented as such. */
export function reservedNull(feature: string) {
  return z.null({ error: `expected null (${feature} is not available yet)` });
}

/** Names of devices, credentials: safe as file and directory names too. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const NAME_WORDS = 'of letters, digits, ".", "_" or "-" (starting with a letter or digit, at most 128)';

/** Site ids are strings: an unquoted 0100012345 in YAML would be the number 100012345. */
export function siteId() {
  const error = 'expected a site id as a string (quote it in YAML: "0100012345", or leading zeros are lost)';
  return z.string({ error }).min(1, { error }).max(128, { error });
}

/** A host name or an IP address (no spaces, no brackets: write IPv6 addresses bare). */
export function hostName() {
  return matching(/^[A-Za-z0-9_.:%-]{1,253}$/, 'a host name or IP address');
}

/** `host:port` or `[v6]:port`, port 1 to 65535. */
export function listenAddress() {
  const error = 'expected host:port, e.g. 127.0.0.1:9108';
  return z.string({ error }).refine((value) => {
    const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/.exec(value);
    return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 65535;
  }, { error });
}

/** Five cron fields: minute hour day-of-month month day-of-week. */
export function cronExpression() {
  return matching(
    /^\s*[0-9A-Za-z*?,/-]+(\s+[0-9A-Za-z*?,/-]+){4}\s*$/,
    'a cron expression of five fields (minute hour day-of-month month day-of-week), e.g. "0 */6 * * *"',
  );
}
