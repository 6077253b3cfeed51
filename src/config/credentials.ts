/**
 * Credentials as a connection needs them: every secret reference of an inventory entry resolved
 * (env:/file:), and `agent: true` turned into the ssh-agent socket ($SSH_AUTH_SOCK). The result
 * spreads into the NETCONF client's ConnectOptions. Resolve each entry once per run, not per
 * device: a warning about a secret file's mode is then logged once.
 */
import { log, type Logger } from '../log/logger.js';
import { IbsightError } from '../errors/ibsight-error.js';
import type { Credential, Inventory } from './config-types.js';
import { resolveSecret } from './secret-ref.js';

export interface ResolvedCredential {
  username: string;
  password?: string;
  privateKey?: string;
  passphrase?: string;
  /** ssh-agent socket path. */
  agent?: string;
  keyboardInteractive: boolean;
}

export interface ResolveCredentialOptions {
  /** The inventory file, as named in messages. */
  source?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  warnings?: string[];
}

export function resolveCredential(name: string, credential: Credential, options: ResolveCredentialOptions = {}): ResolvedCredential {
  const env = options.env ?? process.env;
  const at = (key: string) => ({
    keyPath: `credentials.${name}.${key}`,
    env,
    ...(options.source !== undefined ? { source: options.source } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    ...(options.warnings !== undefined ? { warnings: options.warnings } : {}),
  });
  const resolved: ResolvedCredential = { username: credential.username, keyboardInteractive: credential.keyboardInteractive };
  if (credential.password !== null) resolved.password = resolveSecret(credential.password, at('password'));
  if (credential.privateKey !== null) resolved.privateKey = resolveSecret(credential.privateKey, at('privateKey'));
  if (credential.passphrase !== null) resolved.passphrase = resolveSecret(credential.passphrase, at('passphrase'));
  if (credential.agent) {
    const socket = env.SSH_AUTH_SOCK;
    const where = `${options.source ? `${options.source}: ` : ''}credentials.${name}.agent`;
    if (socket) resolved.agent = socket;
    else if (credential.password === null && credential.privateKey === null) {
      throw new IbsightError('CONFIG_INVALID', `${where}: agent: true, but SSH_AUTH_SOCK is not set (start ssh-agent and ssh-add the key)`, {
        context: { keyPath: `credentials.${name}.agent` },
      });
    } else {
      const message = `${where}: SSH_AUTH_SOCK is not set; the agent is skipped and the other methods are used`;
      (options.logger ?? log()).warn({ keyPath: `credentials.${name}.agent` }, message);
      if (options.warnings && !options.warnings.includes(message)) options.warnings.push(message);
    }
  }
  return resolved;
}

/** Every credentials entry of the inventory, resolved (the first problem throws). */
export function resolveCredentials(inventory: Inventory, options: ResolveCredentialOptions = {}): Map<string, ResolvedCredential> {
  const out = new Map<string, ResolvedCredential>();
  for (const [name, credential] of Object.entries(inventory.credentials)) {
    out.set(name, resolveCredential(name, credential, { source: inventory.file, ...options }));
  }
  return out;
}
