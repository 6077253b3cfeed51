/**
 * The marker that replaces a scrubbed secret: `/* SECRET-DATA hmac:1a2b3c4d5e6f *\/`, carrying
 * the first 12 hex digits of HMAC-SHA256(per-installation key, secret). Never a plain hash:
 * short SNMP communities would be brute-forced from it. The same secret under the same key
 * always gives the same marker, so a changed secret still shows as a configuration change.
 * Also: what Junos itself writes when the login class may not see secrets (`/* SECRET-DATA *\/`).
 */
import { createHmac } from 'node:crypto';

/** Hex digits of the HMAC kept in a marker (48 bits). */
export const MARKER_HMAC_HEX = 12;

/** What Junos writes instead of a secret for a login class without the `secret` permission. */
export const DEVICE_MASK = '/* SECRET-DATA */';

export function secretMarker(secret: string, key: Buffer): string {
  const mac = createHmac('sha256', key).update(secret, 'utf8').digest('hex').slice(0, MARKER_HMAC_HEX);
  return `/* SECRET-DATA hmac:${mac} */`;
}

/** How many secrets the device masked itself (`/* SECRET-DATA *\/`, not our HMAC markers). */
export function countDeviceMasks(text: string): number {
  let count = 0;
  for (let at = text.indexOf(DEVICE_MASK); at !== -1; at = text.indexOf(DEVICE_MASK, at + DEVICE_MASK.length)) count++;
  return count;
}
