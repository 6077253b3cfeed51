/**
 * The logins of a run: each inventory credential (SPEC §3) is resolved once — by the config
 * module's `resolveCredential` (env:/file: secrets, ssh-agent socket) — on first use, and shared
 * by every device that names it, so a 10,000-device run reads a secret file once, not 10,000
 * times. A credential that cannot be resolved fails the devices using it with CONFIG_INVALID
 * (never retried); the secret itself never appears in an error or a log.
 */
import type { Inventory } from '../config/config-types.js';
import { resolveCredential, type ResolvedCredential } from '../config/credentials.js';
import { IbsightError, toIbsightError } from '../errors/ibsight-error.js';
import type { Logger } from '../log/logger.js';

export type DeviceLogin = ResolvedCredential;

export class CredentialResolver {
  private readonly cache = new Map<string, Promise<DeviceLogin>>();

  constructor(
    private readonly inventory: Pick<Inventory, 'file' | 'credentials'>,
    private readonly logger: Logger,
  ) {}

  /** The login of the named credential (resolved on first use, then shared). */
  login(name: string): Promise<DeviceLogin> {
    let pending = this.cache.get(name);
    if (!pending) {
      pending = this.resolve(name);
      // a rejection is kept too: every device of a broken credential fails the same way
      pending.catch(() => undefined);
      this.cache.set(name, pending);
    }
    return pending;
  }

  private async resolve(name: string): Promise<DeviceLogin> {
    const { file, credentials } = this.inventory;
    const credential = Object.hasOwn(credentials, name) ? credentials[name] : undefined;
    if (!credential) {
      throw new IbsightError('CONFIG_INVALID', `${file}: no credentials named "${name}"`, { context: { file, keyPath: `credentials.${name}` } });
    }
    try {
      return resolveCredential(name, credential, { source: file, logger: this.logger });
    } catch (err) {
      const e = toIbsightError(err, 'CONFIG_INVALID');
      throw e.code === 'CONFIG_INVALID' ? e : new IbsightError('CONFIG_INVALID', e.message, { cause: e, context: { ...e.context, file } });
    }
  }
}
