/**
 * Host key checking against a known_hosts file, under one of three policies:
 *  - strict: an unknown host is refused (HOST_KEY_UNKNOWN), a different key too (HOST_KEY_CHANGED);
 *  - accept-new: an unknown host's key is recorded on first sight, a different key is refused;
 *  - off: every key is accepted, with a warning in the log.
 * Errors carry the presented key's SHA256 fingerprint as OpenSSH prints it.
 */
import { IbsightError } from '../errors/ibsight-error.js';
import type { Logger } from '../log/logger.js';
import { appendKnownHost, fingerprintSha256, hostLookupName, keyTypeOf, lookupKnownHosts } from './known-hosts.js';

export type HostKeyPolicy = 'strict' | 'accept-new' | 'off';

export interface HostKeyCheck {
  knownHostsFile: string;
  policy: HostKeyPolicy;
  host: string;
  port: number;
  device: string;
  logger: Logger;
}

/** Checks a presented host key blob; returns normally when it is accepted, throws otherwise. */
export function verifyHostKey(check: HostKeyCheck, blob: Buffer): void {
  const fingerprint = fingerprintSha256(blob);
  const keyType = keyTypeOf(blob);
  const name = hostLookupName(check.host, check.port);
  const seen = { host: name, keyType, fingerprint, knownHostsFile: check.knownHostsFile };
  const context = { device: check.device, ...seen };
  if (check.policy === 'off') {
    check.logger.warn(seen, 'host key checking is off: accepting the host key without verification');
    return;
  }
  let entries;
  try {
    entries = lookupKnownHosts(check.knownHostsFile, check.host, check.port);
  } catch (err) {
    throw new IbsightError('HOST_KEY_UNKNOWN', `cannot read known_hosts file ${check.knownHostsFile}: ${(err as Error).message}`, {
      cause: err,
      context,
    });
  }
  if (entries.some((entry) => entry.key.equals(blob))) return;
  if (entries.length > 0) {
    throw new IbsightError(
      'HOST_KEY_CHANGED',
      `host key for ${name} has changed: the server sent ${keyType} ${fingerprint}, which does not match ${check.knownHostsFile} line ${entries.map((e) => e.line).join(', ')}`,
      { context: { ...context, knownLines: entries.map((e) => e.line) } },
    );
  }
  if (check.policy === 'strict') {
    throw new IbsightError('HOST_KEY_UNKNOWN', `host ${name} is not in ${check.knownHostsFile} (${keyType} ${fingerprint})`, { context });
  }
  try {
    appendKnownHost(check.knownHostsFile, check.host, check.port, blob);
  } catch (err) {
    throw new IbsightError('HOST_KEY_UNKNOWN', `cannot record the host key of ${name} in ${check.knownHostsFile}: ${(err as Error).message}`, {
      cause: err,
      context,
    });
  }
  check.logger.info(seen, 'new host key recorded (accept-new)');
}

/** Key types already recorded for host:port, so the client can prefer them in the key exchange. */
export function knownKeyTypes(knownHostsFile: string, host: string, port: number): string[] {
  try {
    const types = lookupKnownHosts(knownHostsFile, host, port).map((e) => e.keyType);
    return [...new Set(types)];
  } catch {
    return [];
  }
}
