/**
 * The NETCONF message layer on one SSH channel: sends the client hello, reads the server hello
 * (end-of-message framed), switches to the negotiated framing, and runs one request at a time —
 * message-ids increasing, the reply matched on its message-id, a timeout per request. Any
 * protocol fault (bad framing, oversized reply, unsafe or malformed XML, a foreign message-id,
 * a timeout) ends the connection, since the stream state is then unknown.
 */
import type { ClientChannel, Client } from 'ssh2';
import { IbsightError, toIbsightError } from '../errors/ibsight-error.js';
import type { Logger } from '../log/logger.js';
import { parseXml } from '../xml/parse.js';
import { createDecoder, encodeMessage, EomDecoder, type Framing, type MessageDecoder } from './framing.js';
import { clientHello, negotiateFraming, NETCONF_NS, parseServerHello, type ServerHello } from './hello.js';
import { extractIssues, rpcName, type RpcIssue } from './rpc-reply.js';
import type { RpcReply } from './session.js';

export interface StreamOptions {
  device: string;
  logger: Logger;
  framing: 'auto' | 'eom';
  maxReplyBytes: number;
  /** Tears the SSH connection(s) down after a protocol fault. */
  destroyConnection: () => void;
}

interface Pending {
  id: number;
  rpc: string;
  resolve: (reply: RpcReply) => void;
  reject: (err: IbsightError) => void;
  timer: NodeJS.Timeout;
}

const MAX_HELLO_BYTES = 8 * 1024 * 1024;

export class NetconfStream {
  hello: ServerHello | null = null;
  framing: Framing = 'eom';
  /** Resolves once the server hello is read; rejects NETCONF_HELLO_FAILED (or DISCONNECTED...). */
  readonly helloDone: Promise<void>;
  private helloSettle!: { resolve: () => void; reject: (err: IbsightError) => void };
  private state: 'hello' | 'open' | 'closed' = 'hello';
  private readonly helloDecoder: EomDecoder;
  private decoder: MessageDecoder | null = null;
  private pending: Pending | null = null;
  private nextId = 1;
  private closedReason: IbsightError | null = null;
  private lastSshError: Error | null = null;
  private closingByUs = false;

  constructor(
    private readonly channel: ClientChannel,
    client: Client,
    private readonly options: StreamOptions,
  ) {
    this.helloDone = new Promise<void>((resolve, reject) => {
      this.helloSettle = { resolve, reject };
    });
    this.helloDone.catch(() => undefined);
    this.helloDecoder = new EomDecoder({ maxMessageBytes: Math.min(options.maxReplyBytes, MAX_HELLO_BYTES) });
    channel.on('data', (chunk: Buffer) => this.onData(chunk));
    channel.stderr.on('data', (chunk: Buffer) => options.logger.debug({ stderr: chunk.toString('utf8').slice(0, 500) }, 'netconf subsystem stderr'));
    channel.on('error', (err: Error) => {
      this.lastSshError = err;
    });
    channel.on('close', () => this.onRemoteClose('the NETCONF channel was closed by the server'));
    client.on('error', (err: Error) => {
      this.lastSshError = err;
      options.logger.debug({ err: err.message }, 'ssh error');
    });
    client.on('close', () => this.onRemoteClose('the SSH connection was closed'));
    channel.write(encodeMessage('eom', clientHello(options.framing)));
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Sends one `<rpc>` with the given inner XML and waits for its reply. */
  request(body: string, timeoutMs: number): Promise<RpcReply> {
    const rpc = rpcName(body);
    if (this.state !== 'open' || this.pending) {
      const reason = this.closedReason;
      const code = reason?.code === 'DISCONNECTED' ? 'DISCONNECTED' : 'SESSION_CLOSED';
      const message = this.pending ? 'another RPC is outstanding' : `the NETCONF session is closed${reason ? `: ${reason.message}` : ''}`;
      return Promise.reject(new IbsightError(code, message, { cause: reason ?? undefined, context: { device: this.options.device, rpc } }));
    }
    const id = this.nextId++;
    return new Promise<RpcReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = null;
        reject(
          new IbsightError('RPC_TIMEOUT', `no reply to <${rpc}> within ${timeoutMs} ms; the session is closed`, {
            context: { device: this.options.device, rpc, timeoutMs },
          }),
        );
        this.terminate(new IbsightError('SESSION_CLOSED', `closed after <${rpc}> timed out`, { context: { device: this.options.device } }), true);
      }, timeoutMs);
      this.pending = { id, rpc, resolve, reject, timer };
      this.channel.write(encodeMessage(this.framing, `<rpc message-id="${id}" xmlns="${NETCONF_NS}">${body}</rpc>`));
    });
  }

  /** Marks the end as ours: the server closing the channel after <close-session/> is then no fault. */
  expectServerClose(): void {
    this.closingByUs = true;
  }

  /** Stops the stream without touching the connection (the session ends that gracefully). */
  shutdown(): void {
    if (this.state === 'closed') return; // (no error object built for a stream already ended)
    this.terminate(new IbsightError('SESSION_CLOSED', 'the NETCONF session was closed', { context: { device: this.options.device } }), false);
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    try {
      let data = chunk;
      if (this.state === 'hello') {
        const [message] = this.helloDecoder.push(data, 1);
        if (message === undefined) return;
        this.hello = parseServerHello(message, this.options.device);
        this.framing = negotiateFraming(this.options.framing, this.hello);
        this.decoder = createDecoder(this.framing, { maxMessageBytes: this.options.maxReplyBytes });
        this.state = 'open';
        this.helloSettle.resolve();
        data = this.helloDecoder.takeRemainder();
        if (data.length === 0) return;
      }
      for (const message of this.decoder!.push(data)) {
        if (this.state !== 'open') return;
        this.onMessage(message);
      }
    } catch (err) {
      this.fatal(err);
    }
  }

  private onMessage(text: string): void {
    const pending = this.pending;
    let root;
    try {
      root = parseXml(text.trimStart(), { maxChars: this.options.maxReplyBytes });
    } catch (err) {
      this.fatal(err);
      return;
    }
    if (root.name === 'notification' || !pending) {
      this.options.logger.warn({ element: root.qname }, 'ignoring a NETCONF message that answers no outstanding RPC');
      return;
    }
    if (root.name !== 'rpc-reply') {
      this.fatal(new IbsightError('NETCONF_FRAMING', `expected <rpc-reply>, got <${root.qname}>`));
      return;
    }
    const id = root.attrs['message-id'];
    if (id !== undefined && id !== String(pending.id)) {
      this.fatal(new IbsightError('NETCONF_FRAMING', `reply message-id ${id} does not match the outstanding RPC's ${pending.id}`, { context: { messageId: id } }));
      return;
    }
    this.pending = null;
    clearTimeout(pending.timer);
    const { errors, warnings, hasData } = extractIssues(root, text);
    if (errors.length > 0 && !hasData) {
      pending.reject(rpcError(errors, this.options.device, pending.rpc));
      return;
    }
    pending.resolve({ text, root, errors, warnings });
  }

  /** A protocol fault: fail what waits, then tear the connection down. */
  private fatal(err: unknown): void {
    const e = toIbsightError(err, 'INTERNAL');
    if (this.state === 'hello') {
      const failed =
        e.code === 'NETCONF_HELLO_FAILED'
          ? e
          : new IbsightError('NETCONF_HELLO_FAILED', `bad server hello: ${e.message}`, { cause: e, context: { device: this.options.device } });
      this.helloSettle.reject(failed);
      this.terminate(failed, true);
      return;
    }
    this.terminate(e, true);
  }

  private onRemoteClose(what: string): void {
    if (this.state === 'closed') return;
    if (this.closingByUs) {
      this.shutdown();
      return;
    }
    const detail = this.lastSshError ? `${what} (${this.lastSshError.message})` : what;
    const reason = new IbsightError('DISCONNECTED', detail, { cause: this.lastSshError ?? undefined, context: { device: this.options.device } });
    if (this.state === 'hello') {
      this.helloSettle.reject(new IbsightError('NETCONF_HELLO_FAILED', `no server hello: ${detail}`, { cause: reason, context: { device: this.options.device } }));
    }
    this.terminate(reason, true);
  }

  /** Ends the stream: the outstanding RPC fails with `reason` (plus its rpc name), later ones too. */
  private terminate(reason: IbsightError, destroy: boolean): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closedReason = reason;
    const pending = this.pending;
    this.pending = null;
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(reason.withContext({ device: this.options.device, rpc: pending.rpc }));
    }
    if (destroy) this.options.destroyConnection();
  }
}

function rpcError(errors: RpcIssue[], device: string, rpc: string): IbsightError {
  const first = errors[0]!;
  const text = first.message ?? first.tag ?? 'error';
  const where = first.reName ? ` (${first.reName})` : '';
  return new IbsightError('RPC_ERROR', `<${rpc}> failed${where}: ${text}`, {
    context: {
      device,
      rpc,
      severity: first.severity,
      tag: first.tag,
      message: first.message,
      path: first.path,
      badElement: first.badElement,
      reName: first.reName,
      errors,
    },
  });
}
