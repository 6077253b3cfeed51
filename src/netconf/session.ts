/**
 * A NETCONF session over SSH (RFC 6241 / RFC 6242) on ssh2: connect (optionally through a jump
 * host), exchange hellos, then one RPC at a time (later calls queue in order), replies matched on
 * message-id, per-RPC timeouts, a reply size limit and typed errors. Knows nothing of Junos data.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Client, ClientChannel } from 'ssh2';
import { IbsightError, type ErrorContext } from '../errors/ibsight-error.js';
import { log, type Logger } from '../log/logger.js';
import type { XmlElement } from '../xml/parse.js';
import { proxyError } from './connect-errors.js';
import type { Framing } from './framing.js';
import type { HostKeyPolicy } from './host-key-policy.js';
import { NetconfStream } from './netconf-stream.js';
import type { RpcIssue } from './rpc-reply.js';
import { forwardThrough, openNetconfSubsystem, openSshClient, type SshSettings } from './ssh-connect.js';

export type { HostKeyPolicy } from './host-key-policy.js';
export type { RpcIssue } from './rpc-reply.js';

export interface ProxyJumpOptions {
  host: string;
  port?: number;
  username: string;
  password?: string;
  privateKey?: string | Buffer;
  passphrase?: string;
  agent?: string;
}

export interface ConnectOptions {
  host: string;
  /** Default 830. */
  port?: number;
  username: string;
  password?: string;
  /** Answer every keyboard-interactive prompt with the password. */
  keyboardInteractive?: boolean;
  privateKey?: string | Buffer;
  passphrase?: string;
  /** ssh-agent socket path (SSH_AUTH_SOCK). */
  agent?: string;
  /** Default ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  /** Default strict. */
  hostKeyPolicy?: HostKeyPolicy;
  /** Also offer SHA-1 key exchange and ssh-rsa host keys (old Junos). */
  legacyAlgorithms?: boolean;
  proxyJump?: ProxyJumpOptions;
  /** Bounds TCP connect, SSH handshake and authentication, and the hello. Default 15000. */
  connectTimeoutMs?: number;
  /** Default 60000. */
  rpcTimeoutMs?: number;
  /** Largest reply accepted, in bytes. Default 128 MiB. */
  maxReplyBytes?: number;
  /** SSH keepalive interval; 0 disables. Default 30000. */
  keepaliveIntervalMs?: number;
  /** 'eom' advertises base:1.0 only, forcing end-of-message framing. Default 'auto'. */
  framing?: 'auto' | 'eom';
  /** Name put in every error's context; default the host. */
  device?: string;
  logger?: Logger;
}

export interface RpcReply {
  /** The raw reply message. */
  text: string;
  /** The <rpc-reply> element. */
  root: XmlElement;
  /** Errors kept beside data in a partial reply (part error, part data). */
  errors: RpcIssue[];
  warnings: RpcIssue[];
}

const DEFAULTS = { port: 830, connectTimeoutMs: 15_000, rpcTimeoutMs: 60_000, maxReplyBytes: 128 * 1024 * 1024, keepaliveIntervalMs: 30_000 };
const CLOSE_WAIT_MS = 5_000;

export class NetconfSession {
  private queue: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly stream: NetconfStream,
    private readonly clients: ClosingClient[],
    private readonly rpcTimeoutMs: number,
    private readonly device: string,
  ) {}

  get sessionId(): string | null {
    return this.stream.hello?.sessionId ?? null;
  }

  get serverCapabilities(): string[] {
    return [...(this.stream.hello?.capabilities ?? [])];
  }

  get framing(): Framing {
    return this.stream.framing;
  }

  static async connect(options: ConnectOptions): Promise<NetconfSession> {
    const device = options.device ?? options.host;
    const port = options.port ?? DEFAULTS.port;
    const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs;
    const logger = (options.logger ?? log()).child({ device });
    const settings: SshSettings = {
      knownHostsFile: options.knownHostsFile ?? join(homedir(), '.ssh', 'known_hosts'),
      hostKeyPolicy: options.hostKeyPolicy ?? 'strict',
      legacyAlgorithms: options.legacyAlgorithms === true,
      connectTimeoutMs,
      keepaliveIntervalMs: options.keepaliveIntervalMs ?? DEFAULTS.keepaliveIntervalMs,
      device,
      logger,
    };
    const clients: ClosingClient[] = [];
    const register = (c: Client): void => void clients.push({ client: c, closed: new Promise<void>((resolve) => c.once('close', () => resolve())) });
    let stage = 'ssh';
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new IbsightError('CONNECT_TIMEOUT', `no NETCONF session with ${device} within ${connectTimeoutMs} ms (${stage})`, { context: { device, stage } }));
      }, connectTimeoutMs);
    });
    const race = <T>(p: Promise<T>): Promise<T> => Promise.race([p, deadline]);
    let stream: NetconfStream | undefined;
    try {
      let bastion: Client | null = null;
      let sock: ClientChannel | undefined;
      if (options.proxyJump) {
        const jump = options.proxyJump;
        const jumpName = `${jump.host}:${jump.port ?? 22}`;
        stage = `jump host ${jumpName}`;
        bastion = await race(openSshClient({ ...jump, port: jump.port ?? 22 }, settings, register)).catch((err: unknown) => {
          throw keepHostKeyCodes(err, device, jumpName);
        });
        stage = `forwarding through ${jumpName}`;
        sock = await race(forwardThrough(bastion, options.host, port, device, jumpName));
      }
      stage = 'ssh';
      const client = await race(openSshClient({ ...options, port }, settings, register, sock));
      stage = 'netconf subsystem';
      const channel = await race(openNetconfSubsystem(client, device));
      stage = 'hello';
      stream = new NetconfStream(channel, client, {
        device,
        logger,
        framing: options.framing ?? 'auto',
        maxReplyBytes: options.maxReplyBytes ?? DEFAULTS.maxReplyBytes,
        destroyConnection: () => {
          for (const c of clients) c.client.destroy();
        },
      });
      await race(stream.helloDone);
      logger.debug({ sessionId: stream.hello?.sessionId, framing: stream.framing }, 'netconf session open');
      return new NetconfSession(stream, clients, options.rpcTimeoutMs ?? DEFAULTS.rpcTimeoutMs, device);
    } catch (err) {
      stream?.shutdown();
      for (const c of clients) c.client.destroy();
      throw err instanceof IbsightError ? withDevice(err, device) : new IbsightError('INTERNAL', String(err), { cause: err, context: { device } });
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Sends one RPC (body: inner XML, e.g. `<get-chassis-inventory/>`) and resolves with its reply.
   * Calls queue: one RPC is outstanding at a time. A reply holding errors and no data throws
   * RPC_ERROR; a reply with errors beside data resolves with `errors` filled.
   */
  rpc(body: string, options: { timeoutMs?: number } = {}): Promise<RpcReply> {
    if (this.closing) {
      return Promise.reject(new IbsightError('SESSION_CLOSED', 'the NETCONF session is closed', { context: { device: this.device } }));
    }
    const timeoutMs = options.timeoutMs ?? this.rpcTimeoutMs;
    const run = (): Promise<RpcReply> => this.stream.request(body, timeoutMs);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Sends <close-session/> after the queued RPCs (bounded wait), then ends the SSH connection(s). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.queue;
      if (this.stream.isOpen) {
        this.stream.expectServerClose();
        await this.stream.request('<close-session/>', Math.min(this.rpcTimeoutMs, CLOSE_WAIT_MS)).catch(() => undefined);
      }
      this.stream.shutdown();
      // the target first, then the jump host it runs through
      for (const c of [...this.clients].reverse()) await endClient(c);
    })();
    return this.closing;
  }
}

interface ClosingClient {
  client: Client;
  /** Resolves when the client's socket has closed. */
  closed: Promise<void>;
}

/** Ends an ssh2 client and waits (bounded) for its socket to close. */
async function endClient({ client, closed }: ClosingClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bounded = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      client.destroy();
      resolve();
    }, CLOSE_WAIT_MS);
  });
  try {
    client.end();
  } catch {
    client.destroy();
  }
  await Promise.race([closed, bounded]);
  clearTimeout(timer);
}

function withDevice(err: IbsightError, device: string): IbsightError {
  return err.context.device === undefined ? err.withContext({ device }) : err;
}

/** Jump host failures become PROXY_FAILED, except host key errors, which keep their code. */
function keepHostKeyCodes(err: unknown, device: string, jumpName: string): IbsightError {
  if (err instanceof IbsightError && (err.code === 'HOST_KEY_UNKNOWN' || err.code === 'HOST_KEY_CHANGED' || err.code === 'CONNECT_TIMEOUT')) {
    const context: ErrorContext = { device, proxy: jumpName };
    return err.withContext(context);
  }
  return proxyError(err, device, jumpName);
}
