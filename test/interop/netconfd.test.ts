/**
 * Interop: our NETCONF client against a real RFC 6241 server (yuma123 netconfd) behind a real
 * loopback OpenSSH sshd — base:1.0 and base:1.1 framing, queued RPCs, rpc-errors, host key
 * policies, ProxyJump, passphrase keys, ssh-agent, legacy algorithms and connection failures.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { NetconfSession, type ConnectOptions } from '../../src/netconf/session.js';
import { child, findFirst } from '../../src/xml/element.js';
import { freePort, missingBinaries, startSshAgent, startSshdNetconfd, type SshdNetconfd } from '../netconf/sshd-netconfd.js';

const missing = missingBinaries();
const skip = missing.length > 0 && process.env.CI !== 'true';
if (skip) console.warn(`SKIPPED netconfd interop tests: missing ${missing.join(', ')} (apt-get install -y netconfd openssh-server)`);

const BASE_1_0 = 'urn:ietf:params:netconf:base:1.0';
const BASE_1_1 = 'urn:ietf:params:netconf:base:1.1';
const GET_CONFIG = '<get-config><source><running/></source></get-config>';

async function failure(p: Promise<unknown>): Promise<{ code?: string; context?: Record<string, unknown>; message?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: string; context?: Record<string, unknown>; message?: string };
  }
  throw new Error('expected a failure');
}

describe.skipIf(skip)('NETCONF client against netconfd behind sshd', () => {
  let server: SshdNetconfd;
  let knownHosts: string;
  const base = (extra: Partial<ConnectOptions> = {}): ConnectOptions => ({
    host: '127.0.0.1',
    port: server.port,
    username: server.user,
    privateKey: readFileSync(server.clientKey),
    knownHostsFile: knownHosts,
    hostKeyPolicy: 'strict',
    device: 'netconfd',
    logger: silentLogger(),
    ...extra,
  });

  beforeAll(async () => {
    if (missing.length > 0) throw new Error(`missing binaries: ${missing.join(', ')}`);
    server = await startSshdNetconfd();
    knownHosts = join(server.dir, 'known_hosts');
    writeFileSync(knownHosts, `${server.knownHostsLine()}\n`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('forces base:1.0 end-of-message framing with framing "eom"', async () => {
    const session = await NetconfSession.connect(base({ framing: 'eom' }));
    try {
      expect(session.framing).toBe('eom');
      expect(session.sessionId).toMatch(/^\d+$/);
      expect(session.serverCapabilities).toEqual(expect.arrayContaining([BASE_1_0, BASE_1_1]));
      const reply = await session.rpc(GET_CONFIG);
      expect(reply.root.name).toBe('rpc-reply');
      expect(reply.root.attrs['message-id']).toBe('1');
      expect(findFirst(reply.root, 'nacm')).not.toBeNull();
      expect(reply.errors).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('negotiates chunked framing (base:1.1) and answers <get/> and queued RPCs in order', async () => {
    const session = await NetconfSession.connect(base());
    try {
      expect(session.framing).toBe('chunked');
      const data = child((await session.rpc('<get/>')).root, 'data');
      expect(data?.children.map((c) => c.name)).toEqual(expect.arrayContaining(['netconf-state', 'nacm']));
      const replies = await Promise.all([session.rpc(GET_CONFIG), session.rpc('<get/>'), session.rpc(GET_CONFIG)]);
      expect(replies.map((r) => r.root.attrs['message-id'])).toEqual(['2', '3', '4']);
    } finally {
      await session.close();
    }
    expect((await failure(session.rpc('<get/>'))).code).toBe('SESSION_CLOSED');
  });

  it('turns the server rpc-error into RPC_ERROR with device, rpc, tag and path, and the session goes on', async () => {
    const session = await NetconfSession.connect(base());
    try {
      const err = await failure(session.rpc('<no-such-rpc/>'));
      expect(err.code).toBe('RPC_ERROR');
      expect(err.context).toMatchObject({ device: 'netconfd', rpc: 'no-such-rpc', severity: 'error', tag: 'unknown-element' });
      expect((await session.rpc(GET_CONFIG)).root.name).toBe('rpc-reply');
    } finally {
      await session.close();
    }
  });

  it('reports DISCONNECTED when the server kills the session', async () => {
    const victim = await NetconfSession.connect(base());
    const killer = await NetconfSession.connect(base());
    try {
      await killer.rpc(`<kill-session><session-id>${victim.sessionId}</session-id></kill-session>`);
      const err = await failure(victim.rpc('<get/>'));
      expect(err.code).toBe('DISCONNECTED');
      expect(err.context).toMatchObject({ device: 'netconfd', rpc: 'get' });
    } finally {
      await victim.close();
      await killer.close();
    }
  });

  it('strict: an empty known_hosts gives HOST_KEY_UNKNOWN with the fingerprint ssh-keygen prints', async () => {
    const empty = join(server.dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    const err = await failure(NetconfSession.connect(base({ knownHostsFile: empty })));
    expect(err.code).toBe('HOST_KEY_UNKNOWN');
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', server.hostKeyPub], { encoding: 'utf8' }).split(' ')[1];
    expect(err.context).toMatchObject({ device: 'netconfd', fingerprint: printed });
    expect(readFileSync(empty, 'utf8')).toBe('');
  });

  it('goes through a jump host (the same sshd) to itself', async () => {
    const session = await NetconfSession.connect(
      base({ proxyJump: { host: '127.0.0.1', port: server.port, username: server.user, privateKey: readFileSync(server.clientKey) } }),
    );
    try {
      expect((await session.rpc(GET_CONFIG)).root.name).toBe('rpc-reply');
    } finally {
      await session.close();
    }
    const err = await failure(
      NetconfSession.connect(base({ proxyJump: { host: '127.0.0.1', port: server.port, username: server.user, privateKey: readFileSync(server.strangerKey) } })),
    );
    expect(err.code).toBe('PROXY_FAILED');
    expect(err.context).toMatchObject({ device: 'netconfd', proxyCode: 'AUTH_FAILED' });
  });

  it('authenticates with a passphrase-protected key, and refuses a wrong passphrase or a stranger key', async () => {
    const key = readFileSync(server.passphraseKey);
    const session = await NetconfSession.connect(base({ privateKey: key, passphrase: server.passphrase }));
    await session.close();
    expect((await failure(NetconfSession.connect(base({ privateKey: key, passphrase: 'wrong' })))).code).toBe('AUTH_FAILED');
    expect((await failure(NetconfSession.connect(base({ privateKey: readFileSync(server.strangerKey) })))).code).toBe('AUTH_FAILED');
  });

  it('authenticates through a real ssh-agent', async () => {
    const agent = await startSshAgent(server.dir, server.agentKey);
    try {
      const { privateKey: _unused, ...withoutKey } = base();
      const session = await NetconfSession.connect({ ...withoutKey, agent: agent.socket });
      expect((await session.rpc(GET_CONFIG)).root.name).toBe('rpc-reply');
      await session.close();
    } finally {
      await agent.stop();
    }
  });

  it('gives CONNECT_REFUSED on a closed port', async () => {
    const port = await freePort();
    const err = await failure(NetconfSession.connect(base({ port })));
    expect(err.code).toBe('CONNECT_REFUSED');
    expect(err.context).toMatchObject({ device: 'netconfd' });
  });

  it('gives CONNECT_TIMEOUT when a listener never speaks', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => void sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const err = await failure(NetconfSession.connect(base({ port, connectTimeoutMs: 300 })));
      expect(err.code).toBe('CONNECT_TIMEOUT');
      expect(err.context).toMatchObject({ device: 'netconfd' });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  // Last: this one restarts sshd with a new host key.
  it('accept-new records the key on first sight, then refuses a changed key', async () => {
    const fresh = join(server.dir, 'accept_new_known_hosts');
    const session = await NetconfSession.connect(base({ knownHostsFile: fresh, hostKeyPolicy: 'accept-new' }));
    await session.close();
    expect(readFileSync(fresh, 'utf8')).toBe(`${server.knownHostsLine()}\n`);
    await server.rotateHostKey();
    const err = await failure(NetconfSession.connect(base({ knownHostsFile: fresh, hostKeyPolicy: 'accept-new' })));
    expect(err.code).toBe('HOST_KEY_CHANGED');
    expect(err.context).toMatchObject({ device: 'netconfd', host: `[127.0.0.1]:${server.port}` });
    writeFileSync(knownHosts, `${server.knownHostsLine()}\n`);
  });
});

describe.skipIf(skip)('NETCONF client against sshd variants', () => {
  it('needs legacyAlgorithms for a server with only SHA-1 kex and ssh-rsa host keys', async () => {
    if (missing.length > 0) throw new Error(`missing binaries: ${missing.join(', ')}`);
    const server = await startSshdNetconfd({ legacyOnly: true });
    try {
      const knownHosts = join(server.dir, 'known_hosts');
      writeFileSync(knownHosts, `${server.knownHostsLine()}\n`);
      const options: ConnectOptions = {
        host: '127.0.0.1',
        port: server.port,
        username: server.user,
        privateKey: readFileSync(server.clientKey),
        knownHostsFile: knownHosts,
        logger: silentLogger(),
      };
      const refused = await failure(NetconfSession.connect(options));
      expect(refused.code).toBe('SSH_ERROR');
      expect(refused.message).toMatch(/no matching (key exchange|host key)/i);
      const session = await NetconfSession.connect({ ...options, legacyAlgorithms: true });
      expect((await session.rpc(GET_CONFIG)).root.name).toBe('rpc-reply');
      await session.close();
    } finally {
      await server.stop();
    }
  });

  it('gives NETCONF_SUBSYSTEM_REFUSED when sshd has no netconf subsystem', async () => {
    if (missing.length > 0) throw new Error(`missing binaries: ${missing.join(', ')}`);
    const server = await startSshdNetconfd({ noSubsystem: true });
    try {
      const knownHosts = join(server.dir, 'known_hosts');
      writeFileSync(knownHosts, `${server.knownHostsLine()}\n`);
      const err = await failure(
        NetconfSession.connect({ host: '127.0.0.1', port: server.port, username: server.user, privateKey: readFileSync(server.clientKey), knownHostsFile: knownHosts, logger: silentLogger(), device: 'bare-sshd' }),
      );
      expect(err.code).toBe('NETCONF_SUBSYSTEM_REFUSED');
      expect(err.context).toMatchObject({ device: 'bare-sshd' });
    } finally {
      await server.stop();
    }
  });
});
