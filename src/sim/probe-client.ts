/**
 * A bare NETCONF-over-SSH client for exercising the simulator from its tests and from
 * bench/transport.ts, independent of the project's real client (src/netconf/). It verifies
 * the host key against an expected key (no auto-accept), sends raw XML and returns raw
 * replies; it knows nothing of Junos data and is not meant for collecting from devices.
 */
import ssh2, { type Client, type ClientChannel } from 'ssh2';
import { createDecoder, EomDecoder, encodeMessage, type Framing, type MessageDecoder } from '../netconf/framing.js';

export const CLIENT_HELLO_11 =
  '<?xml version="1.0" encoding="UTF-8"?><nc:hello xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><nc:capabilities>' +
  '<nc:capability>urn:ietf:params:netconf:base:1.0</nc:capability><nc:capability>urn:ietf:params:netconf:base:1.1</nc:capability>' +
  '</nc:capabilities></nc:hello>';
export const CLIENT_HELLO_10 =
  '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>' +
  '<capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>';

export interface ProbeOptions {
  host?: string;
  port: number;
  username: string;
  password: string;
  /** Expected host key blob (from known_hosts); a different key fails the connection. */
  hostKey: Buffer;
  /** Authenticate with keyboard-interactive instead of password. */
  keyboardInteractive?: boolean;
  /** List base:1.1 in the client hello (default true). */
  base11?: boolean;
  /** Skip the hello exchange (to observe a server that sends nothing). */
  skipHello?: boolean;
  readyTimeoutMs?: number;
}

/** `[host]:port` (or host) → key blob, from OpenSSH known_hosts text (plain entries only). */
export function parseKnownHosts(text: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const line of text.split('\n')) {
    const [hosts, , blob] = line.trim().split(/\s+/);
    if (!hosts || !blob || hosts.startsWith('#')) continue;
    for (const host of hosts.split(',')) keys.set(host, Buffer.from(blob, 'base64'));
  }
  return keys;
}

export class ProbeSession {
  framing: Framing = 'eom';
  serverHello = '';
  /** Bytes received on the channel so far (framing included). */
  receivedBytes = 0;
  private decoder: MessageDecoder = new EomDecoder();
  private helloPhase = true;
  private readonly inbox: string[] = [];
  private waiter: ((message: string | Error) => void) | undefined;
  private failure: Error | undefined;
  private messageId = 100;

  private constructor(
    readonly conn: Client,
    readonly channel: ClientChannel,
  ) {
    channel.on('data', (chunk: Buffer) => this.onData(chunk));
    channel.on('close', () => this.onFailure(new Error('channel closed')));
    conn.on('error', (err) => this.onFailure(err));
    conn.on('close', () => this.onFailure(new Error('connection closed')));
  }

  /** Connects, authenticates, opens the netconf subsystem and (unless skipHello) exchanges hellos. */
  static open(options: ProbeOptions): Promise<ProbeSession> {
    return new Promise((resolve, reject) => {
      const conn = new ssh2.Client();
      let settled = false;
      const fail = (err: Error): void => {
        if (settled) return;
        settled = true;
        conn.end();
        reject(err);
      };
      conn.on('error', fail);
      conn.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => {
        finish(prompts.map(() => options.password));
      });
      conn.on('ready', () => {
        conn.subsys('netconf', (err, channel) => {
          if (err) return fail(err);
          const session = new ProbeSession(conn, channel);
          if (options.skipHello) {
            settled = true;
            return resolve(session);
          }
          session
            .helloExchange(options.base11 ?? true)
            .then(() => {
              settled = true;
              resolve(session);
            })
            .catch(fail);
        });
      });
      conn.connect({
        host: options.host ?? '127.0.0.1',
        port: options.port,
        username: options.username,
        ...(options.keyboardInteractive ? { tryKeyboard: true } : { password: options.password }),
        readyTimeout: options.readyTimeoutMs ?? 20_000,
        hostVerifier: (key: Buffer) => key.equals(options.hostKey),
      });
    });
  }

  private async helloExchange(base11: boolean): Promise<void> {
    this.serverHello = await this.next();
    this.channel.write(encodeMessage('eom', base11 ? CLIENT_HELLO_11 : CLIENT_HELLO_10));
    const serverBase11 = this.serverHello.includes('urn:ietf:params:netconf:base:1.1');
    this.framing = base11 && serverBase11 ? 'chunked' : 'eom';
    const rest = this.decoder.takeRemainder();
    this.decoder = createDecoder(this.framing);
    this.helloPhase = false;
    if (rest.length > 0) {
      this.receivedBytes -= rest.length; // counted once already
      this.onData(rest);
    }
  }

  private onData(chunk: Buffer): void {
    this.receivedBytes += chunk.length;
    try {
      for (const m of this.decoder.push(chunk, this.helloPhase ? 1 : undefined)) this.deliver(m);
    } catch (err) {
      this.onFailure(err as Error);
    }
  }

  private deliver(message: string): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter(message);
    else this.inbox.push(message);
  }

  private onFailure(err: Error): void {
    this.failure ??= err;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(err);
  }

  /** The next whole message from the server. */
  next(timeoutMs = 30_000): Promise<string> {
    const queued = this.inbox.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`no message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = (m) => {
        clearTimeout(timer);
        if (m instanceof Error) reject(m);
        else resolve(m);
      };
    });
  }

  /** Sends one message in the session's framing. */
  send(xml: string): void {
    this.channel.write(encodeMessage(this.framing, xml));
  }

  /** Sends `<rpc message-id=N>inner</rpc>` and returns the reply text. */
  async rpc(inner: string, timeoutMs?: number): Promise<string> {
    this.send(`<rpc message-id="${++this.messageId}" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">${inner}</rpc>`);
    return this.next(timeoutMs);
  }

  /** close-session, then ends the connection. */
  async close(): Promise<void> {
    try {
      await this.rpc('<close-session/>', 10_000);
    } finally {
      this.end();
    }
  }

  end(): void {
    this.conn.end();
  }
}
