/**
 * Opening the SSH side of a NETCONF session with ssh2: algorithm lists (modern by default,
 * SHA-1 kex and ssh-rsa only on request), authentication (private key, agent, password,
 * keyboard-interactive), host key checking, an optional jump host (ProxyJump through
 * `forwardOut`), and the `netconf` subsystem channel.
 */
import { Client, type Algorithms, type ClientChannel, type ConnectConfig } from 'ssh2';
import type { Duplex } from 'node:stream';
import { IbsightError } from '../errors/ibsight-error.js';
import type { Logger } from '../log/logger.js';
import { connectError, proxyError } from './connect-errors.js';
import { knownKeyTypes, verifyHostKey, type HostKeyPolicy } from './host-key-policy.js';

export interface SshLogin {
  host: string;
  port: number;
  username: string;
  password?: string;
  keyboardInteractive?: boolean;
  privateKey?: string | Buffer;
  passphrase?: string;
  agent?: string;
}

export interface SshSettings {
  knownHostsFile: string;
  hostKeyPolicy: HostKeyPolicy;
  legacyAlgorithms: boolean;
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  device: string;
  logger: Logger;
}

const KEX = [
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
  'diffie-hellman-group14-sha256',
];
const LEGACY_KEX = ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'];
const HOST_KEYS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256'];
const CIPHERS = [
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
  'chacha20-poly1305@openssh.com',
  'aes128-ctr',
  'aes192-ctr',
  'aes256-ctr',
];
const MACS = ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512'];

/**
 * The algorithms offered. Host key algorithms of keys already recorded for the host come first
 * (as OpenSSH does), so a host known by its RSA key is not reported as changed because it also
 * has an Ed25519 key.
 */
export interface OfferedAlgorithms {
  kex: string[];
  serverHostKey: string[];
  cipher: string[];
  hmac: string[];
}

export function algorithmsFor(legacy: boolean, knownTypes: string[] = []): OfferedAlgorithms {
  let hostKeys = legacy ? [...HOST_KEYS, 'ssh-rsa'] : [...HOST_KEYS];
  const preferred: string[] = [];
  for (const type of knownTypes) {
    const algos = type === 'ssh-rsa' ? hostKeys.filter((a) => a.startsWith('rsa-sha2-') || a === 'ssh-rsa') : hostKeys.filter((a) => a === type);
    for (const a of algos) if (!preferred.includes(a)) preferred.push(a);
  }
  hostKeys = [...preferred, ...hostKeys.filter((a) => !preferred.includes(a))];
  return {
    kex: legacy ? [...KEX, ...LEGACY_KEX] : [...KEX],
    serverHostKey: hostKeys,
    cipher: [...CIPHERS],
    hmac: legacy ? [...MACS, 'hmac-sha1'] : [...MACS],
  };
}

function authMethods(login: SshLogin): string[] {
  const methods: string[] = [];
  if (login.privateKey !== undefined) methods.push('publickey');
  if (login.agent) methods.push('agent');
  // With keyboardInteractive (TACACS/RADIUS logins) that method goes first, as OpenSSH orders it:
  // a password attempt the server then rejects would count towards the account's lockout.
  if (login.keyboardInteractive) methods.push('keyboard-interactive');
  if (login.password !== undefined) methods.push('password');
  return methods;
}

/**
 * Connects and authenticates one SSH hop. `register` receives the client at once so the caller can
 * destroy it when its overall deadline passes. `sock` is the channel of a jump host, if any.
 */
export function openSshClient(login: SshLogin, settings: SshSettings, register: (client: Client) => void, sock?: Duplex): Promise<Client> {
  return new Promise<Client>((resolve, reject) => {
    const client = new Client();
    register(client);
    let hostKeyFailure: IbsightError | undefined;
    let settled = false;
    const fail = (err: unknown, stage: string): void => {
      if (settled) return;
      settled = true;
      client.destroy();
      reject(hostKeyFailure ?? connectError(err, settings.device, stage));
    };
    client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => {
      finish(prompts.map(() => login.password ?? ''));
    });
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      resolve(client);
    });
    client.on('error', (err) => fail(err, `ssh to ${login.host}:${login.port}`));
    client.on('close', () => {
      // every connection closes in the end: the error (and its stack) only when SSH never got ready
      if (!settled) fail(new IbsightError('DISCONNECTED', `connection to ${login.host}:${login.port} closed before SSH was ready`, { context: { device: settings.device } }), 'ssh');
    });

    const config: ConnectConfig = {
      host: login.host,
      port: login.port,
      username: login.username,
      readyTimeout: settings.connectTimeoutMs,
      keepaliveInterval: settings.keepaliveIntervalMs > 0 ? settings.keepaliveIntervalMs : 0,
      keepaliveCountMax: 3,
      algorithms: algorithmsFor(settings.legacyAlgorithms, knownKeyTypes(settings.knownHostsFile, login.host, login.port)) as Algorithms,
      authHandler: authMethods(login) as ConnectConfig['authHandler'],
      tryKeyboard: login.keyboardInteractive === true,
      hostVerifier: (key: Buffer): boolean => {
        try {
          verifyHostKey(
            { knownHostsFile: settings.knownHostsFile, policy: settings.hostKeyPolicy, host: login.host, port: login.port, device: settings.device, logger: settings.logger },
            key,
          );
          return true;
        } catch (err) {
          hostKeyFailure = err as IbsightError;
          return false;
        }
      },
    };
    if (login.password !== undefined) config.password = login.password;
    if (login.privateKey !== undefined) config.privateKey = login.privateKey;
    if (login.passphrase !== undefined) config.passphrase = login.passphrase;
    if (login.agent) config.agent = login.agent;
    if (sock) config.sock = sock as ConnectConfig['sock'];
    try {
      client.connect(config);
    } catch (err) {
      fail(err, 'ssh configuration');
    }
  });
}

/** Opens a direct-tcpip channel from the jump host to host:port (ProxyJump). */
export function forwardThrough(bastion: Client, host: string, port: number, device: string, bastionName: string): Promise<ClientChannel> {
  return new Promise<ClientChannel>((resolve, reject) => {
    try {
      bastion.forwardOut('127.0.0.1', 0, host, port, (err, channel) => {
        if (err) reject(proxyError(err, device, bastionName));
        else resolve(channel);
      });
    } catch (err) {
      reject(proxyError(err, device, bastionName));
    }
  });
}

/** Opens the `netconf` subsystem; a server without it answers NETCONF_SUBSYSTEM_REFUSED. */
export function openNetconfSubsystem(client: Client, device: string): Promise<ClientChannel> {
  return new Promise<ClientChannel>((resolve, reject) => {
    try {
      client.subsys('netconf', (err, channel) => {
        if (err) {
          reject(new IbsightError('NETCONF_SUBSYSTEM_REFUSED', `the server refused the netconf subsystem: ${err.message}`, { cause: err, context: { device } }));
        } else {
          resolve(channel);
        }
      });
    } catch (err) {
      reject(new IbsightError('DISCONNECTED', `cannot open the netconf subsystem: ${(err as Error).message}`, { cause: err, context: { device } }));
    }
  });
}
