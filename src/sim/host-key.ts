/**
 * Per-device ed25519 host keys for the simulator, derived from the device name: the same
 * name always gets the same key (known_hosts stay valid across restarts) and different
 * names get different keys. No process is spawned and no randomness is used.
 *
 * ssh2 reads ed25519 private keys only in the OpenSSH format, so the key is encoded here
 * (PROTOCOL.key: "openssh-key-v1", cipher and kdf "none", one key).
 */
import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';

const SEED_LABEL = 'ibsight-sim-host-key-v1\0';
const KEY_TYPE = 'ssh-ed25519';
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface DeviceHostKey {
  /** OpenSSH-format private key (PEM-like text), what ssh2's Server takes in `hostKeys`. */
  privateKey: string;
  /** SSH wire-format public key blob: string "ssh-ed25519", string key. */
  publicKeyBlob: Buffer;
  /** `ssh-ed25519 AAAA...` as in authorized_keys / known_hosts. */
  publicKeyLine: string;
}

/** The 32-byte ed25519 seed of a device: SHA-256 of a fixed label and the name. */
export function hostKeySeed(deviceName: string): Buffer {
  return createHash('sha256').update(SEED_LABEL).update(deviceName, 'utf8').digest();
}

function keyFromSeed(seed: Buffer): KeyObject {
  try {
    // JWK import is ~10x faster than PKCS#8 DER import on OpenSSL 3; Node derives the public
    // half from `d` (the placeholder `x` is required by the JWK shape but not used).
    return createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', d: seed.toString('base64url'), x: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      format: 'jwk',
    });
  } catch {
    return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  }
}

/** The raw 32-byte ed25519 public key for a seed. */
export function publicKeyFromSeed(seed: Buffer): Buffer {
  const jwk = keyFromSeed(seed).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('ed25519 key export lacks the public key');
  const pub = Buffer.from(jwk.x, 'base64url');
  if (pub.length !== 32) throw new Error(`ed25519 public key has ${pub.length} bytes, expected 32`);
  return pub;
}

function sshString(value: Buffer | string): Buffer {
  const body = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

function uint32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b;
}

/** Encodes an unencrypted OpenSSH private key file for an ed25519 key pair. */
export function encodeOpensshEd25519(seed: Buffer, pub: Buffer, comment: string): string {
  const publicBlob = Buffer.concat([sshString(KEY_TYPE), sshString(pub)]);
  const check = seed.readUInt32BE(0); // any value, the same twice; derived so output is deterministic
  const unpadded = Buffer.concat([
    uint32(check),
    uint32(check),
    sshString(KEY_TYPE),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  const padLength = (8 - (unpadded.length % 8)) % 8;
  const padding = Buffer.from(Array.from({ length: padLength }, (_, i) => i + 1));
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(Buffer.alloc(0)),
    uint32(1),
    sshString(publicBlob),
    sshString(Buffer.concat([unpadded, padding])),
  ]);
  const base64 = body.toString('base64').replace(/(.{70})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${base64}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/** The host key of a simulated device (about 0.1 ms of CPU). */
export function deviceHostKey(deviceName: string): DeviceHostKey {
  const seed = hostKeySeed(deviceName);
  const pub = publicKeyFromSeed(seed);
  const publicKeyBlob = Buffer.concat([sshString(KEY_TYPE), sshString(pub)]);
  return {
    privateKey: encodeOpensshEd25519(seed, pub, `ibsight-sim ${deviceName}`),
    publicKeyBlob,
    publicKeyLine: `${KEY_TYPE} ${publicKeyBlob.toString('base64')}`,
  };
}

/** One OpenSSH known_hosts line for a device listening on 127.0.0.1:port. */
export function knownHostsLine(port: number, key: DeviceHostKey, host = '127.0.0.1'): string {
  const target = port === 22 ? host : `[${host}]:${port}`;
  return `${target} ${key.publicKeyLine}`;
}
