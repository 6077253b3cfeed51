/**
 * Device faults the simulator can play (`fault:` in the fleet file), so clients are tested
 * against the failures real networks show:
 *  - auth-fail       every authentication attempt is rejected
 *  - refuse          the device's port is reserved in numbering but nothing listens
 *  - hang            SSH and the netconf subsystem are accepted; no hello, no answer, ever
 *  - drop-mid-reply  hello sent; the first RPC other than close-session gets half of its
 *                    framed reply, then the TCP connection is destroyed
 *  - malformed-xml   replies are framed correctly but their XML is not well-formed
 *  - slow            each reply waits `delayMs` (default 2000) first
 *  - entity-bomb     replies carry a DOCTYPE with nested entities (billion laughs)
 *  - huge-reply      replies are valid but ~64 MiB, streamed in pieces (never built in memory)
 *  - bad-framing     chunked: a garbled chunk header; end-of-message: the reply without its
 *                    `]]>]]>` terminator, then garbage (the client only notices by timeout or size)
 * Content faults apply to every reply except the `<ok/>` of close-session.
 */
import type { Framing } from '../netconf/framing.js';

export const FAULTS = [
  'auth-fail',
  'refuse',
  'hang',
  'drop-mid-reply',
  'malformed-xml',
  'slow',
  'entity-bomb',
  'huge-reply',
  'bad-framing',
] as const;

export type Fault = (typeof FAULTS)[number];

export const HUGE_REPLY_BYTES = 64 * 1024 * 1024;
const PIECE_BYTES = 64 * 1024;

/** Where a session writes: framing-aware, honouring back-pressure. */
export interface Wire {
  readonly framing: Framing;
  /** Writes raw bytes (already framed); resolves when the channel accepts more. */
  writeRaw(bytes: Buffer): Promise<void>;
  /** Destroys the underlying TCP connection once the bytes already written have left the process. */
  destroyConnection(): void;
}

/** The reply's pieces: opening `<rpc-reply ...>`, inner body, closing tag. */
export interface ReplyText {
  open: string;
  body: string;
  close: string;
}

/** A reply whose XML is not well-formed (mismatched tags and a bare ampersand). */
export function malformedReply(r: ReplyText): string {
  return `${r.open}${r.body}<software-information><host-name>R&D</software-information>\n<chassis-inventory>${r.close}`;
}

/** A billion-laughs reply: ten levels of ten-fold entity expansion. */
export function entityBombReply(r: ReplyText): string {
  const entities = ['  <!ENTITY lol0 "lol">'];
  for (let level = 1; level <= 9; level++) {
    entities.push(`  <!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`);
  }
  return `<?xml version="1.0"?>\n<!DOCTYPE rpc-reply [\n${entities.join('\n')}\n]>\n${r.open}${r.body}<output>&lol9;</output>${r.close}`;
}

function frame(framing: Framing, piece: Buffer): Buffer {
  return framing === 'chunked' ? Buffer.concat([Buffer.from(`\n#${piece.length}\n`), piece]) : piece;
}

function endOfMessage(framing: Framing): Buffer {
  return Buffer.from(framing === 'chunked' ? '\n##\n' : '\n]]>]]>\n');
}

/** Streams a valid reply of about `total` bytes: the real body padded with XML comments. */
export async function writeHugeReply(wire: Wire, r: ReplyText, total = HUGE_REPLY_BYTES): Promise<void> {
  const head = Buffer.from(r.open + r.body);
  const padding = Buffer.from(`<!-- ${'x'.repeat(PIECE_BYTES - 10)} -->\n`);
  await wire.writeRaw(frame(wire.framing, head));
  for (let written = head.length; written < total; written += padding.length) {
    await wire.writeRaw(frame(wire.framing, padding));
  }
  await wire.writeRaw(Buffer.concat([frame(wire.framing, Buffer.from(r.close)), endOfMessage(wire.framing)]));
}

/** Writes a reply with broken framing (see the file header). */
export async function writeBadFraming(wire: Wire, text: string): Promise<void> {
  const body = Buffer.from(text);
  if (wire.framing === 'chunked') {
    await wire.writeRaw(Buffer.concat([Buffer.from(`\n#${body.length}x\n`), body, Buffer.from('\n##\n')]));
  } else {
    await wire.writeRaw(Buffer.concat([body, Buffer.from('\n\u0000\u0007#garbage@@ ]]> ]]\u0000\n')]));
  }
}

/** Writes the first half of a framed reply, then destroys the connection. */
export async function writeDropMidReply(wire: Wire, framed: Buffer): Promise<void> {
  await wire.writeRaw(framed.subarray(0, Math.max(1, Math.floor(framed.length / 2))));
  await new Promise<void>((resolve) => setImmediate(resolve));
  wire.destroyConnection();
}
