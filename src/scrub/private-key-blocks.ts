/**
 * PEM private keys inside configuration text (`-----BEGIN RSA PRIVATE KEY-----` ...
 * `-----END RSA PRIVATE KEY-----`, also EC, OPENSSH, ENCRYPTED and plain PKCS#8): each whole
 * block becomes one HMAC marker. Certificates and public keys (`-----BEGIN CERTIFICATE-----`,
 * `ssh-rsa AAAA...`) are not secret and stay. Blocks may span lines, so this runs on the whole
 * text before any line-by-line scrubbing.
 */
import { secretMarker } from './secret-marker.js';

const BEGIN = '-----BEGIN ';
const DASHES = '-----';
const PRIVATE_KEY = 'PRIVATE KEY';

export interface ScrubResult {
  text: string;
  /** Secrets replaced by markers. */
  scrubbed: number;
}

/** Where an unterminated block ends: its closing quote, else the end of the text. */
function unterminatedEnd(text: string, from: number): number {
  const quote = text.indexOf('"', from);
  return quote === -1 ? text.length : quote;
}

export function scrubPrivateKeyBlocks(text: string, key: Buffer): ScrubResult {
  if (!text.includes(PRIVATE_KEY)) return { text, scrubbed: 0 };
  let out = '';
  let copied = 0;
  let scrubbed = 0;
  let at = text.indexOf(BEGIN);
  while (at !== -1) {
    const labelStart = at + BEGIN.length;
    const labelEnd = text.indexOf(DASHES, labelStart);
    if (labelEnd === -1) break;
    const label = text.slice(labelStart, labelEnd);
    if (!label.endsWith(PRIVATE_KEY) || label.includes('\n')) {
      at = text.indexOf(BEGIN, labelStart);
      continue;
    }
    const endMarker = `-----END ${label}-----`;
    const endAt = text.indexOf(endMarker, labelEnd);
    const blockEnd = endAt === -1 ? unterminatedEnd(text, labelEnd) : endAt + endMarker.length;
    out += text.slice(copied, at) + secretMarker(text.slice(at, blockEnd), key);
    copied = blockEnd;
    scrubbed++;
    at = text.indexOf(BEGIN, blockEnd);
  }
  return scrubbed === 0 ? { text, scrubbed } : { text: out + text.slice(copied), scrubbed };
}
