/**
 * What counts as a secret in a Junos configuration, shared by the text/set scrubber
 * (config-text.ts) and the XML scrubber (config-xml.ts):
 *  - any value encoded the Junos or crypt way: `$9$...` (Junos reversible), `$8$...` (master
 *    password), `$1$`, `$5$`, `$6$`, `$sha1$`, `$2b$`... password hashes;
 *  - the value after a secret-bearing statement (`secret`, `authentication-key`, `simple-password`,
 *    `encrypted-password`, ...), even when it is plain text;
 *  - `pre-shared-key ascii-text|hexadecimal VALUE`;
 *  - SNMP community names and trap-group names (`snmp community NAME`, `snmp trap-group NAME`:
 *    Junos sends the trap-group name as the community of its traps). BGP communities
 *    (`policy-options community NAME`) are not secret and stay.
 * Private keys are handled by private-key-blocks.ts; public keys (`ssh-rsa "..."`) stay.
 */

/** Statements whose next word (or, in XML, whose leaf text) is a secret value. */
export const SECRET_STATEMENTS: ReadonlySet<string> = new Set([
  'secret',
  'shared-secret',
  'authentication-key',
  'hello-authentication-key',
  'simple-password',
  'encrypted-password',
  'authentication-password',
  'privacy-password',
  'local-password',
  'default-chap-secret',
  'default-pap-password',
]);

/** Under `pre-shared-key`, the statements that carry the key. */
export const PRE_SHARED_KEY_FORMS: ReadonlySet<string> = new Set(['ascii-text', 'hexadecimal']);
export const PRE_SHARED_KEY = 'pre-shared-key';

/** Directly under `snmp`, the statements whose name is a community string. */
export const SNMP_NAMED_SECRETS: ReadonlySet<string> = new Set(['community', 'trap-group']);
export const SNMP = 'snmp';

function isIdChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** `$9$...`, `$1$...`, `$6$...`, `$sha1$...`: a `$`, a short alphanumeric scheme id, a `$`, then data. */
export function isEncodedSecret(value: string): boolean {
  if (value.charCodeAt(0) !== 0x24) return false;
  const n = Math.min(value.length, 10);
  let i = 1;
  while (i < n && isIdChar(value.charCodeAt(i))) i++;
  return i > 1 && i < value.length - 1 && value.charCodeAt(i) === 0x24;
}

/** Whether a word is all digits (a key id such as `authentication-key 1 type md5 value ...`). */
export function isDigits(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
