/**
 * Test support: reads a raw RFC 5322 message as an SMTP server received it, enough to check what
 * report delivery sent — header fields (unfolded), MIME parts of multipart bodies (nested too),
 * each part's decoded bytes (base64, quoted-printable, 7bit/8bit) and attachment file names.
 * Not a general MIME library: no encoded-word decoding, no charsets beyond bytes.
 */

export interface MimePart {
  /** Lower-case field name → unfolded value (the first occurrence). */
  headers: Map<string, string>;
  /** The decoded content of a leaf part. */
  content: Buffer;
  filename: string | null;
}

export interface RawMessage {
  headers: Map<string, string>;
  /** Leaf parts in order (a message that is not multipart is one part). */
  parts: MimePart[];
}

function splitHead(raw: Buffer): { head: string; body: Buffer } {
  const at = raw.indexOf('\r\n\r\n');
  if (at < 0) return { head: raw.toString('latin1'), body: Buffer.alloc(0) };
  return { head: raw.subarray(0, at).toString('latin1'), body: raw.subarray(at + 4) };
}

function readHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

/** The value of `param` in a structured field (`multipart/mixed; boundary="x"`). */
export function headerParam(value: string | undefined, param: string): string | null {
  if (value === undefined) return null;
  const match = new RegExp(`(?:^|;)\\s*${param}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

function decodeQuotedPrintable(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(text.charCodeAt(i));
    }
  }
  return Buffer.from(bytes);
}

function decode(headers: Map<string, string>, body: Buffer): Buffer {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

function readParts(headers: Map<string, string>, body: Buffer, out: MimePart[]): void {
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /^multipart\//i.test(type) ? headerParam(type, 'boundary') : null;
  if (boundary === null) {
    const filename = headerParam(headers.get('content-disposition'), 'filename') ?? headerParam(type, 'name');
    out.push({ headers, content: decode(headers, body), filename });
    return;
  }
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const pieces = text.split(delimiter).slice(1);
  for (const piece of pieces) {
    if (piece.startsWith('--')) break;
    const inner = Buffer.from(piece.replace(/^\r\n/, '').replace(/\r\n$/, ''), 'latin1');
    const { head, body: innerBody } = splitHead(inner);
    readParts(readHeaders(head), innerBody, out);
  }
}

export function parseRawMessage(raw: Buffer): RawMessage {
  const { head, body } = splitHead(raw);
  const headers = readHeaders(head);
  const parts: MimePart[] = [];
  readParts(headers, body, parts);
  return { headers, parts };
}
