/**
 * NetconfSession over real SSH against a scripted NETCONF server (test/netconf/scripted-netconf-server.ts):
 * hello variants, password and keyboard-interactive auth, partial replies, and every protocol fault
 * the session must turn into a typed error (and close on): foreign message-id, timeout, oversized,
 * unsafe or malformed XML, a drop mid-reply.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JUNOS_PUBLIC } from '../support/junos-public.js';
import { silentLogger } from '../../src/log/logger.js';
import { NetconfSession, type ConnectOptions } from '../../src/netconf/session.js';
import { PASSWORD, startScriptedServer, type ScriptOptions, type ScriptedServer } from './scripted-netconf-server.js';

const DATA = JUNOS_PUBLIC;
/** A saved Junos reply, with the message-id a device echoes. */
const junosReply = (file: string, id: string): string => readFileSync(join(DATA, file), 'utf8').replace('<rpc-reply', `<rpc-reply message-id="${id}"`);

let dir: string;
let server: ScriptedServer | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-session-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function connect(script: ScriptOptions, extra: Partial<ConnectOptions> = {}): Promise<NetconfSession> {
  server = await startScriptedServer(script);
  return NetconfSession.connect({
    host: '127.0.0.1',
    port: server.port,
    username: 'ibsight',
    password: PASSWORD,
    knownHostsFile: join(dir, `known_hosts_${server.port}`),
    hostKeyPolicy: 'accept-new',
    device: 'mx1',
    logger: silentLogger(),
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<{ code?: string; context?: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: string; context?: Record<string, unknown> };
  }
  throw new Error('expected a failure');
}

describe('hello and authentication', () => {
  it('reads a Junos-style hello preceded by an XML declaration and comments (password auth)', async () => {
    const session = await connect({});
    expect(session.sessionId).toBe('42');
    expect(session.framing).toBe('eom');
    expect(session.serverCapabilities).toContain('http://xml.juniper.net/netconf/junos/1.0');
    await session.close();
    expect(server!.received).toEqual(['close-session']);
  });

  it('negotiates chunked framing when the server offers base:1.1, and eom when asked to', async () => {
    const chunked = await connect({ base11: true });
    expect(chunked.framing).toBe('chunked');
    expect((await chunked.rpc('<get-system-uptime-information/>')).root.children[0]!.name).toBe('ok');
    await chunked.close();
    await server!.stop();
    const eom = await connect({ base11: true }, { framing: 'eom' });
    expect(eom.framing).toBe('eom');
    await eom.close();
  });

  it('answers keyboard-interactive prompts with the password only when asked to', async () => {
    expect((await failure(connect({ keyboardInteractiveOnly: true })))).toMatchObject({ code: 'AUTH_FAILED', context: { device: 'mx1' } });
    await server!.stop();
    const session = await connect({ keyboardInteractiveOnly: true }, { keyboardInteractive: true });
    await session.close();
  });

  it('refuses a wrong password with AUTH_FAILED', async () => {
    expect((await failure(connect({}, { password: 'wrong' }))).code).toBe('AUTH_FAILED');
  });

  it('gives NETCONF_HELLO_FAILED for a garbled hello, a non-hello, or a close before the hello', async () => {
    expect((await failure(connect({ hello: 'SSH banner garbage ]]>]]>' }))).code).toBe('NETCONF_HELLO_FAILED');
    await server!.stop();
    expect((await failure(connect({ hello: '<rpc-reply><ok/></rpc-reply>]]>]]>' }))).code).toBe('NETCONF_HELLO_FAILED');
    await server!.stop();
    const partial = '<hello><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability>';
    expect((await failure(connect({ hello: partial, dropAfterHello: true }))).code).toBe('NETCONF_HELLO_FAILED');
  });

  it('bounds a hello that never completes by connectTimeoutMs', async () => {
    const err = await failure(connect({ hello: null }, { connectTimeoutMs: 2500 }));
    expect(err).toMatchObject({ code: 'CONNECT_TIMEOUT', context: { device: 'mx1', stage: 'hello' } });
  });
});

describe('replies', () => {
  it('resolves a partial reply (error beside data) with its errors, and throws RPC_ERROR for errors only', async () => {
    const session = await connect({
      onRpc: (rpc) => {
        if (rpc.name === 'get-software-information') rpc.send(junosReply('pyez/facts/sw_info_dual_other_re_off.xml', rpc.id));
        else rpc.send(junosReply('pyez/facts/cluster_false_get-chassis-cluster-status.xml', rpc.id));
      },
    });
    const partial = await session.rpc('<get-software-information/>');
    expect(partial.errors).toHaveLength(1);
    expect(partial.errors[0]!.message).toBe('Could not connect to re0 : No route to host');
    const err = await failure(session.rpc('<get-chassis-cluster-status/>'));
    expect(err).toMatchObject({ code: 'RPC_ERROR', context: { device: 'mx1', rpc: 'get-chassis-cluster-status', message: 'error: Chassis cluster is not enabled' } });
    expect((await session.rpc('<get-software-information/>')).errors).toHaveLength(1); // the session goes on
    await session.close();
  });

  it('sends increasing message-ids and queues calls in order', async () => {
    const ids: string[] = [];
    const session = await connect({ onRpc: (rpc) => (ids.push(rpc.id), rpc.reply(`<n>${rpc.name}</n>`)) });
    const replies = await Promise.all(['<a/>', '<b/>', '<c/>'].map((body) => session.rpc(body)));
    expect(replies.map((r) => r.root.children[0]!.text)).toEqual(['a', 'b', 'c']);
    expect(ids).toEqual(['1', '2', '3']);
    await session.close();
  });

  it('ignores a message nobody asked for, and accepts a reply without message-id', async () => {
    const session = await connect({ onRpc: (rpc) => (rpc.send(`<notification xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"/>`), rpc.send('<rpc-reply><ok/></rpc-reply>')) });
    expect((await session.rpc('<get/>')).root.name).toBe('rpc-reply');
    await session.close();
  });
});

describe('faults close the session', () => {
  const cases: { name: string; onRpc: ScriptOptions['onRpc']; code: string; extra?: Partial<ConnectOptions> }[] = [
    { name: 'a foreign message-id', onRpc: (rpc) => rpc.reply('<ok/>', '999'), code: 'NETCONF_FRAMING' },
    { name: 'a reply that is not rpc-reply', onRpc: (rpc) => rpc.send('<hello/>'), code: 'NETCONF_FRAMING' },
    { name: 'no reply within the RPC timeout', onRpc: () => undefined, code: 'RPC_TIMEOUT', extra: { rpcTimeoutMs: 200 } },
    { name: 'a reply above maxReplyBytes', onRpc: (rpc) => rpc.reply(`<output>${'x'.repeat(20_000)}</output>`), code: 'REPLY_TOO_LARGE', extra: { maxReplyBytes: 10_000 } },
    { name: 'a DOCTYPE (entity bomb)', onRpc: (rpc) => rpc.send(`<!DOCTYPE r [<!ENTITY a "aaaa">]><rpc-reply message-id="${rpc.id}">&a;</rpc-reply>`), code: 'XML_DTD_REFUSED' },
    { name: 'malformed XML', onRpc: (rpc) => rpc.send(`<rpc-reply message-id="${rpc.id}"><data></rpc-reply>`), code: 'XML_MALFORMED' },
    { name: 'a drop in the middle of a reply', onRpc: (rpc) => (rpc.raw(`<rpc-reply message-id="${rpc.id}"><chassis-inventory>`), setTimeout(() => rpc.drop(), 20)), code: 'DISCONNECTED' },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.code}, then SESSION_CLOSED (or DISCONNECTED)`, async () => {
      const session = await connect({ onRpc: c.onRpc }, c.extra);
      const first = session.rpc('<get-chassis-inventory/>');
      const queued = session.rpc('<get-system-uptime-information/>');
      expect(await failure(first)).toMatchObject({ code: c.code, context: { device: 'mx1', rpc: 'get-chassis-inventory' } });
      const later = await failure(queued);
      expect(['SESSION_CLOSED', 'DISCONNECTED']).toContain(later.code);
      expect(later.context).toMatchObject({ device: 'mx1', rpc: 'get-system-uptime-information' });
      expect(server!.received).toEqual(['get-chassis-inventory']);
      await session.close();
    });
  }
});
