/**
 * The NETCONF side of one simulated session, on an SSH `netconf` subsystem channel: sends the
 * hello (end-of-message framed), reads the client hello, switches to chunked framing when both
 * sides list base:1.1, then answers RPCs one at a time from the device's profile, playing the
 * device's fault if it has one. Requests are parsed with the safe XML parser: a DOCTYPE or
 * malformed XML from the client gets an rpc-error, a framing error closes the channel.
 */
import type { ServerChannel } from 'ssh2';
import type { Logger } from '../log/logger.js';
import { createDecoder, EomDecoder, encodeMessage, type Framing, type MessageDecoder } from '../netconf/framing.js';
import { isIbsightError } from '../errors/ibsight-error.js';
import { parseXml, type XmlElement } from '../xml/parse.js';
import {
  entityBombReply,
  malformedReply,
  writeBadFraming,
  writeDropMidReply,
  writeHugeReply,
  type ReplyText,
  type Wire,
} from './faults.js';
import { chooseReply } from './request-match.js';
import { clientOffersBase11, echoedAttributes, replyOpenTag, REPLY_CLOSE, rpcErrorXml, serverHello, unknownRpcError } from './rpc-reply.js';
import type { SimDevice } from './sim-device.js';

const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface ChannelOptions {
  device: SimDevice;
  sessionId: number;
  username: string;
  logger: Logger;
  /** Destroys the TCP connection (drop-mid-reply). */
  destroyConnection(): void;
  /** Ends the SSH connection politely (after close-session). */
  endConnection(): void;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class NetconfChannelSession implements Wire {
  framing: Framing = 'eom';
  private readonly hello = new EomDecoder({ maxMessageBytes: 1024 * 1024 });
  private decoder: MessageDecoder | null = null;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private stopped = false; // no more answers (after close-session, a drop, or an error)

  constructor(
    private readonly channel: ServerChannel,
    private readonly options: ChannelOptions,
  ) {}

  start(): void {
    const { channel, options } = this;
    channel.on('data', (chunk: Buffer) => this.onData(chunk));
    channel.on('close', () => {
      this.closed = true;
    });
    channel.on('error', (err: Error) => options.logger.debug({ device: options.device.name, err: err.message }, 'channel error'));
    if (options.device.fault === 'hang') return; // accept everything, say nothing
    const hello = serverHello(options.sessionId, options.device.profile.meta.base11, options.username);
    void this.writeRaw(encodeMessage('eom', hello));
  }

  writeRaw(bytes: Buffer): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.channel.write(bytes)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.channel.off('drain', done);
        this.channel.off('close', done);
        resolve();
      };
      this.channel.on('drain', done);
      this.channel.on('close', done);
    });
  }

  destroyConnection(): void {
    this.stopped = true;
    this.options.destroyConnection();
  }

  private onData(chunk: Buffer): void {
    if (this.stopped || this.options.device.fault === 'hang') return;
    try {
      let data = chunk;
      if (!this.decoder) {
        const [hello] = this.hello.push(data, 1);
        if (hello === undefined) return;
        this.onClientHello(hello);
        data = this.hello.takeRemainder();
      }
      if (data.length === 0 || !this.decoder) return;
      for (const message of this.decoder.push(data)) {
        this.queue = this.queue.then(() => this.answer(message)).catch((err: unknown) => this.fail(err));
      }
    } catch (err) {
      this.fail(err);
    }
  }

  private onClientHello(text: string): void {
    const hello = parseXml(text);
    if (hello.name !== 'hello') throw new Error(`expected the client <hello>, got <${hello.qname}>`);
    const base11 = this.options.device.profile.meta.base11 && clientOffersBase11(hello);
    this.framing = base11 ? 'chunked' : 'eom';
    this.decoder = createDecoder(this.framing, { maxMessageBytes: MAX_CLIENT_MESSAGE_BYTES });
  }

  private fail(err: unknown): void {
    const code = isIbsightError(err) ? err.code : undefined;
    this.options.logger.debug({ device: this.options.device.name, code, err: (err as Error).message }, 'netconf session closed on error');
    this.stopped = true;
    if (!this.closed) this.channel.end();
  }

  private async answer(message: string): Promise<void> {
    if (this.stopped) return;
    const { device } = this.options;
    let rpc: XmlElement;
    try {
      rpc = parseXml(message);
    } catch (err) {
      const why = isIbsightError(err, 'XML_DTD_REFUSED') ? 'DOCTYPE is not allowed' : 'XML parse error';
      await this.reply(null, rpcErrorXml({ type: 'rpc', tag: 'malformed-message', message: why }), '');
      return;
    }
    if (rpc.name === 'hello') return; // a second hello is ignored
    if (rpc.name !== 'rpc') {
      await this.reply(null, rpcErrorXml({ type: 'rpc', tag: 'malformed-message', message: `expected <rpc>, got <${rpc.name}>` }), '');
      return;
    }
    const op = rpc.children[0];
    if (!op) {
      await this.reply(rpc, unknownRpcError('rpc', 'syntax error, expecting <command>'), '');
      return;
    }
    const choice = chooseReply(op, (key) => device.hasReply(key));
    if (choice.kind === 'close-session') {
      await this.closeSession(rpc);
      return;
    }
    if (choice.kind === 'unknown') {
      await this.reply(rpc, unknownRpcError(choice.badElement, choice.message), '');
      return;
    }
    await this.reply(rpc, device.replyBody(choice.key), device.replyNamespaces(choice.key));
  }

  private async closeSession(rpc: XmlElement): Promise<void> {
    const { device } = this.options;
    if (device.fault === 'slow') await delay(device.delayMs);
    const open = replyOpenTag(device.profile.junosNs, '', echoedAttributes(rpc));
    await this.writeRaw(encodeMessage(this.framing, `${open}\n<ok/>\n${REPLY_CLOSE}`));
    this.stopped = true;
    this.channel.once('close', () => this.options.endConnection());
    this.channel.end();
  }

  /** Sends one reply, through the device's fault if it has one. */
  private async reply(rpc: XmlElement | null, body: string, namespaces: string): Promise<void> {
    const { device } = this.options;
    const r: ReplyText = { open: replyOpenTag(device.profile.junosNs, namespaces, echoedAttributes(rpc)), body, close: REPLY_CLOSE };
    if (device.fault === 'slow') await delay(device.delayMs);
    if (this.stopped) return;
    switch (device.fault) {
      case 'malformed-xml':
        return this.writeRaw(encodeMessage(this.framing, malformedReply(r)));
      case 'entity-bomb':
        return this.writeRaw(encodeMessage(this.framing, entityBombReply(r)));
      case 'huge-reply':
        return writeHugeReply(this, r);
      case 'bad-framing':
        return writeBadFraming(this, r.open + r.body + r.close);
      case 'drop-mid-reply':
        return writeDropMidReply(this, encodeMessage(this.framing, r.open + r.body + r.close));
      default:
        return this.writeRaw(encodeMessage(this.framing, r.open + r.body + r.close));
    }
  }
}

/** Serves NETCONF on an accepted `netconf` subsystem channel until it closes. */
export function serveNetconf(channel: ServerChannel, options: ChannelOptions): void {
  new NetconfChannelSession(channel, options).start();
}
