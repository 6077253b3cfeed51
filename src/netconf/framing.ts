/**
 * NETCONF message framing over a byte stream.
 *  - base:1.0 end-of-message framing: each message ends with `]]>]]>` (RFC 4742).
 *  - base:1.1 chunked framing (RFC 6242 §4.2): `\n#<len>\n<len bytes>` ... `\n##\n`.
 * Decoders are streaming: bytes may arrive split anywhere (inside the delimiter, inside
 * a chunk header, inside a multi-byte UTF-8 character) and messages come out whole.
 * The hello is always end-of-message framed; a session reads it with `maxMessages = 1`,
 * then hands `takeRemainder()` to the decoder of the negotiated framing.
 */
import { IbsightError } from '../errors/ibsight-error.js';

export type Framing = 'eom' | 'chunked';

const EOM = Buffer.from(']]>]]>');
const EMPTY = Buffer.alloc(0);
const MAX_CHUNK_DIGITS = 10; // RFC 6242: chunk-size is 1..4294967295

export interface MessageDecoder {
  /** Feeds bytes; returns the messages completed by them (at most maxMessages). */
  push(chunk: Buffer, maxMessages?: number): string[];
  /** Bytes received but not yet part of a returned message; clears them. */
  takeRemainder(): Buffer;
  /** Bytes of the message being received so far. */
  readonly pendingBytes: number;
}

export interface DecoderOptions {
  /** Largest message accepted, in bytes; a larger one throws REPLY_TOO_LARGE. */
  maxMessageBytes?: number;
}

function tooLarge(max: number): IbsightError {
  return new IbsightError('REPLY_TOO_LARGE', `NETCONF message exceeds the maximum size of ${max} bytes`, {
    context: { maxMessageBytes: max },
  });
}

export class EomDecoder implements MessageDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private tail: Buffer = EMPTY; // last bytes already scanned, to find a delimiter split across pushes
  private unscanned: Buffer = EMPTY; // bytes left over when maxMessages stopped the scan
  private readonly max: number;

  constructor(options: DecoderOptions = {}) {
    this.max = options.maxMessageBytes ?? Number.POSITIVE_INFINITY;
  }

  get pendingBytes(): number {
    return this.size + this.unscanned.length;
  }

  push(chunk: Buffer, maxMessages = Number.POSITIVE_INFINITY): string[] {
    const out: string[] = [];
    let data = this.unscanned.length > 0 ? Buffer.concat([this.unscanned, chunk]) : chunk;
    this.unscanned = EMPTY;
    while (data.length > 0) {
      if (out.length >= maxMessages) {
        this.unscanned = data;
        break;
      }
      const window = this.tail.length > 0 ? Buffer.concat([this.tail, data]) : data;
      const at = window.indexOf(EOM);
      if (at === -1) {
        this.append(data);
        this.tail = Buffer.from(window.subarray(Math.max(0, window.length - (EOM.length - 1))));
        break;
      }
      const endInData = at - this.tail.length; // negative when the delimiter began in an earlier push
      let message = Buffer.concat([...this.parts, data.subarray(0, Math.max(0, endInData))]);
      if (endInData < 0) message = message.subarray(0, message.length + endInData);
      if (message.length > this.max) throw tooLarge(this.max);
      this.parts = [];
      this.size = 0;
      this.tail = EMPTY;
      data = data.subarray(endInData + EOM.length);
      const text = message.toString('utf8');
      if (text.trim().length > 0) out.push(text);
    }
    return out;
  }

  takeRemainder(): Buffer {
    const rest = Buffer.concat([...this.parts, this.unscanned]);
    this.parts = [];
    this.size = 0;
    this.tail = EMPTY;
    this.unscanned = EMPTY;
    return rest;
  }

  private append(data: Buffer): void {
    this.parts.push(data);
    this.size += data.length;
    if (this.size > this.max) throw tooLarge(this.max);
  }
}

const enum ChunkState {
  HeaderLf, // expect "\n"
  HeaderHash, // expect "#"
  HeaderFirst, // expect a digit 1-9, or "#" (end of message)
  HeaderDigits, // digits, ended by "\n"
  EndLf, // after "##", expect "\n"
  Data, // `remaining` bytes of chunk data
}

const LF = 0x0a;
const HASH = 0x23;

export class ChunkedDecoder implements MessageDecoder {
  private state = ChunkState.HeaderLf;
  private digits = '';
  private remaining = 0;
  private atMessageStart = true; // no chunk of the current message seen yet
  private parts: Buffer[] = [];
  private size = 0;
  private unscanned: Buffer = EMPTY;
  private readonly max: number;

  constructor(options: DecoderOptions = {}) {
    this.max = options.maxMessageBytes ?? Number.POSITIVE_INFINITY;
  }

  get pendingBytes(): number {
    return this.size + this.unscanned.length;
  }

  push(chunk: Buffer, maxMessages = Number.POSITIVE_INFINITY): string[] {
    const out: string[] = [];
    const data = this.unscanned.length > 0 ? Buffer.concat([this.unscanned, chunk]) : chunk;
    this.unscanned = EMPTY;
    let i = 0;
    while (i < data.length) {
      if (out.length >= maxMessages) {
        this.unscanned = data.subarray(i);
        break;
      }
      if (this.state === ChunkState.Data) {
        const take = Math.min(this.remaining, data.length - i);
        this.parts.push(data.subarray(i, i + take));
        this.size += take;
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) this.state = ChunkState.HeaderLf;
        continue;
      }
      const byte = data[i++]!;
      switch (this.state) {
        case ChunkState.HeaderLf:
          this.expect(byte === LF, byte, 'a newline before the chunk header');
          this.state = ChunkState.HeaderHash;
          break;
        case ChunkState.HeaderHash:
          // Between messages, extra newlines are tolerated (e.g. a "\n" a peer sent after the
          // hello's "]]>]]>", before switching to chunked framing).
          if (byte === LF && this.atMessageStart) break;
          this.expect(byte === HASH, byte, '"#" in the chunk header');
          this.state = ChunkState.HeaderFirst;
          break;
        case ChunkState.HeaderFirst:
          if (byte === HASH) {
            this.state = ChunkState.EndLf;
          } else {
            this.expect(byte >= 0x31 && byte <= 0x39, byte, 'a chunk size starting with 1-9');
            this.digits = String.fromCharCode(byte);
            this.state = ChunkState.HeaderDigits;
          }
          break;
        case ChunkState.HeaderDigits:
          if (byte === LF) {
            this.startChunk();
          } else {
            this.expect(byte >= 0x30 && byte <= 0x39 && this.digits.length < MAX_CHUNK_DIGITS, byte, 'a chunk size digit');
            this.digits += String.fromCharCode(byte);
          }
          break;
        case ChunkState.EndLf: {
          this.expect(byte === LF, byte, 'a newline after the end-of-chunks marker');
          const text = Buffer.concat(this.parts).toString('utf8');
          this.parts = [];
          this.size = 0;
          this.state = ChunkState.HeaderLf;
          this.atMessageStart = true;
          out.push(text);
          break;
        }
        default:
          break;
      }
    }
    return out;
  }

  takeRemainder(): Buffer {
    const rest = this.unscanned;
    this.unscanned = EMPTY;
    return rest;
  }

  private startChunk(): void {
    const size = Number(this.digits);
    if (size > 4294967295) throw framingError(`chunk size ${this.digits} exceeds 4294967295`);
    if (this.size + size > this.max) throw tooLarge(this.max);
    this.remaining = size;
    this.digits = '';
    this.atMessageStart = false;
    this.state = ChunkState.Data;
  }

  private expect(ok: boolean, byte: number, what: string): void {
    if (!ok) {
      const shown = byte >= 0x20 && byte < 0x7f ? `"${String.fromCharCode(byte)}"` : `0x${byte.toString(16).padStart(2, '0')}`;
      throw framingError(`chunked framing: expected ${what}, got ${shown}`);
    }
  }
}

function framingError(message: string): IbsightError {
  return new IbsightError('NETCONF_FRAMING', message);
}

export function createDecoder(framing: Framing, options: DecoderOptions = {}): MessageDecoder {
  return framing === 'chunked' ? new ChunkedDecoder(options) : new EomDecoder(options);
}

/** Frames one message for the wire. Chunked messages are split into chunks of at most maxChunk bytes. */
export function encodeMessage(framing: Framing, message: string, maxChunk = 65536): Buffer {
  const body = Buffer.from(message, 'utf8');
  // Nothing may follow the delimiter: after the hello, the peer may already read chunked framing.
  if (framing === 'eom') return Buffer.concat([body, Buffer.from('\n]]>]]>')]);
  const pieces: Buffer[] = [];
  for (let at = 0; at < body.length; at += maxChunk) {
    const piece = body.subarray(at, Math.min(body.length, at + maxChunk));
    pieces.push(Buffer.from(`\n#${piece.length}\n`), piece);
  }
  pieces.push(Buffer.from('\n##\n'));
  return Buffer.concat(pieces);
}
