/** Per-device host keys (src/sim/host-key.ts): stable per name, distinct across names, usable by ssh2. */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { deviceHostKey, hostKeySeed, knownHostsLine, publicKeyFromSeed } from '../../src/sim/host-key.js';

describe('device host keys', () => {
  it('is the same key for the same name and a different key for another name', () => {
    const a1 = deviceHostKey('edge-1');
    const a2 = deviceHostKey('edge-1');
    const b = deviceHostKey('edge-2');
    expect(a1.privateKey).toBe(a2.privateKey);
    expect(a1.publicKeyBlob.equals(a2.publicKeyBlob)).toBe(true);
    expect(a1.publicKeyBlob.equals(b.publicKeyBlob)).toBe(false);
  });

  it('derives the same public key as a PKCS#8 import of the seed', () => {
    const seed = hostKeySeed('mx960-a');
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    const spki = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
    expect(publicKeyFromSeed(seed).equals(spki.subarray(spki.length - 32))).toBe(true);
  });

  it('encodes an OpenSSH private key that ssh2 parses, signs with, and whose public half matches', () => {
    const key = deviceHostKey('qfx-1');
    const parsed = ssh2.utils.parseKey(key.privateKey);
    if (parsed instanceof Error) throw parsed;
    const k = Array.isArray(parsed) ? parsed[0]! : parsed;
    expect(k.type).toBe('ssh-ed25519');
    expect(k.getPublicSSH().equals(key.publicKeyBlob)).toBe(true);
    const data = Buffer.from('exchange hash');
    const signature = k.sign(data);
    expect(signature).toBeInstanceOf(Buffer);
    expect(k.verify(data, signature as Buffer)).toBe(true);
  });

  it('formats known_hosts lines with [host]:port', () => {
    const key = deviceHostKey('x');
    expect(knownHostsLine(20001, key)).toBe(`[127.0.0.1]:20001 ssh-ed25519 ${key.publicKeyBlob.toString('base64')}`);
    expect(key.publicKeyLine.startsWith('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5')).toBe(true);
  });
});
