/**
 * What a user must do about an unknown host key, added to the device's failure message. Strict
 * checking is the default: the run never trusts a key it has not seen. The advice is to verify
 * the fingerprint out of band first (never `ssh-keyscan >> known_hosts` unverified: that trusts
 * whoever answered), then accept it once — with the exact command — or add the line by hand.
 */
import { IbsightError } from '../errors/ibsight-error.js';

/** The unknown-host-key error with the fingerprint and how to accept the key after verifying it. */
export function withHostKeyAdvice(err: IbsightError, device: string): IbsightError {
  if (err.code !== 'HOST_KEY_UNKNOWN') return err;
  const fingerprint = typeof err.context.fingerprint === 'string' ? err.context.fingerprint : null;
  const keyType = typeof err.context.keyType === 'string' ? err.context.keyType : 'host';
  const file = typeof err.context.knownHostsFile === 'string' ? err.context.knownHostsFile : 'the known_hosts file';
  if (fingerprint === null) return err; // e.g. the known_hosts file could not be read: the message says so
  const accept = `ibsight collect --devices ${device} --accept-new-host-keys`;
  const advice =
    `; verify the ${keyType} key fingerprint ${fingerprint} out of band (on the device console: ` +
    `\`file show /etc/ssh/ssh_host_${keyType.replace(/^ssh-/, '').replace(/-.*/, '')}_key.pub\`, then \`ssh-keygen -lf\` on that key), ` +
    `then accept it once with \`${accept}\` (or ssh.hostKeyPolicy: accept-new for one run), or add its line to ${file}`;
  const copy = new IbsightError(err.code, err.message + advice, {
    cause: err.cause,
    context: { ...err.context, device, acceptCommand: accept },
  });
  copy.stack = err.stack;
  return copy;
}
