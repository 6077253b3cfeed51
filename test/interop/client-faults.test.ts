/**
 * Interop: our NETCONF client (src/netconf/session.ts) against the real `ibsight sim` CLI with one
 * device per fault of SPEC §6 in one simulator, all failing at once while a healthy device keeps
 * answering. Each fault must give its own error code within its timeout (timeout + a generous
 * margin: a behavioural bound, not a speed threshold). Also password and keyboard-interactive
 * logins, and host key checking (strict, unknown, changed, accept-new) against the written
 * known_hosts. Content faults run over both framings (chunked, and end-of-message forced).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IbsightError } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import { NetconfSession, type ConnectOptions } from '../../src/netconf/session.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { startSimChild, type SimChild, stopSimChild } from '../../src/sim/sim-child.js';
import { childText, findFirst } from '../../src/xml/element.js';

const CONNECT_TIMEOUT_MS = 2_000;
const RPC_TIMEOUT_MS = 2_000;
const MARGIN_MS = 5_000;
const SLOW_DELAY_MS = 4_000; // > RPC_TIMEOUT_MS
const SLOW_OK_DELAY_MS = 300; // well under RPC_TIMEOUT_MS
const SMALL_MAX_REPLY = 1024 * 1024; // the huge reply is ~64 MiB

/** Every device answers as the base:1.1 builtin qfx5120 (chunked unless the client forces eom). */
const FLEET: { name: string; fault?: string; delayMs?: number }[] = [
  { name: 'healthy' },
  { name: 'other' },
  { name: 'f-auth-fail', fault: 'auth-fail' },
  { name: 'f-refuse', fault: 'refuse' },
  { name: 'f-hang', fault: 'hang' },
  { name: 'f-drop-mid-reply', fault: 'drop-mid-reply' },
  { name: 'f-malformed-xml', fault: 'malformed-xml' },
  { name: 'f-slow', fault: 'slow', delayMs: SLOW_DELAY_MS },
  { name: 'f-slow-ok', fault: 'slow', delayMs: SLOW_OK_DELAY_MS },
  { name: 'f-entity-bomb', fault: 'entity-bomb' },
  { name: 'f-huge-reply', fault: 'huge-reply' },
  { name: 'f-bad-framing', fault: 'bad-framing' },
];

interface FaultCase {
  id: string;
  device: string;
  /** Fails while connecting (bounded by the connect timeout) or on the first RPC. */
  stage: 'connect' | 'rpc';
  code: string;
  options?: Partial<ConnectOptions>;
}

const CONNECT_FAULTS: FaultCase[] = [
  { id: 'auth-fail (password)', device: 'f-auth-fail', stage: 'connect', code: 'AUTH_FAILED' },
  { id: 'auth-fail (keyboard-interactive)', device: 'f-auth-fail', stage: 'connect', code: 'AUTH_FAILED', options: { keyboardInteractive: true } },
  { id: 'refuse', device: 'f-refuse', stage: 'connect', code: 'CONNECT_REFUSED' },
  { id: 'hang', device: 'f-hang', stage: 'connect', code: 'CONNECT_TIMEOUT' },
];

const RPC_FAULTS: [string, string, string][] = [
  // [fault device, code with chunked framing, code with end-of-message framing]
  ['f-drop-mid-reply', 'DISCONNECTED', 'DISCONNECTED'],
  ['f-malformed-xml', 'XML_MALFORMED', 'XML_MALFORMED'],
  ['f-slow', 'RPC_TIMEOUT', 'RPC_TIMEOUT'],
  ['f-entity-bomb', 'XML_DTD_REFUSED', 'XML_DTD_REFUSED'],
  ['f-huge-reply', 'REPLY_TOO_LARGE', 'REPLY_TOO_LARGE'],
  // end-of-message framing cannot tell a missing ]]>]]> from a reply still arriving: only the timeout can
  ['f-bad-framing', 'NETCONF_FRAMING', 'RPC_TIMEOUT'],
];

const FAULT_CASES: FaultCase[] = [
  ...CONNECT_FAULTS,
  ...RPC_FAULTS.flatMap(([device, chunked, eom]): FaultCase[] => [
    { id: `${device.slice(2)} (chunked)`, device, stage: 'rpc', code: chunked, options: { maxReplyBytes: SMALL_MAX_REPLY } },
    { id: `${device.slice(2)} (eom)`, device, stage: 'rpc', code: eom, options: { maxReplyBytes: SMALL_MAX_REPLY, framing: 'eom' } },
  ]),
];

interface Outcome {
  code: string | null;
  stage: unknown;
  elapsedMs: number;
  bound: number;
  framing?: string;
}

let dir: string;
let sim: SimChild | undefined;
let knownHosts: string;
let login: { username: string; password: string };
const ports = new Map<string, number>();

function options(device: string, extra: Partial<ConnectOptions> = {}): ConnectOptions {
  return {
    host: '127.0.0.1',
    port: ports.get(device)!,
    username: login.username,
    password: login.password,
    knownHostsFile: knownHosts,
    hostKeyPolicy: 'strict',
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    rpcTimeoutMs: RPC_TIMEOUT_MS,
    keepaliveIntervalMs: 0,
    device,
    logger: silentLogger(),
    ...extra,
  };
}

function codeOf(err: unknown): string {
  if (err instanceof IbsightError) return err.code;
  throw err;
}

async function hostnameOf(session: NetconfSession): Promise<string | null> {
  const reply = await session.rpc('<get-software-information/>');
  return childText(findFirst(reply.root, 'software-information'), 'host-name');
}

/** Runs one fault case; the clock for an RPC fault starts when the RPC is sent. */
async function runFault(c: FaultCase): Promise<Outcome> {
  let started = performance.now();
  let session: NetconfSession | undefined;
  try {
    session = await NetconfSession.connect(options(c.device, c.options));
    if (c.stage === 'connect') throw new Error(`${c.id}: connected, expected ${c.code}`);
    started = performance.now();
    await session.rpc('<get-software-information/>');
    throw new Error(`${c.id}: the RPC succeeded, expected ${c.code}`);
  } catch (err) {
    const elapsedMs = Math.round(performance.now() - started);
    const code = codeOf(err);
    const bound = (c.stage === 'connect' ? CONNECT_TIMEOUT_MS : RPC_TIMEOUT_MS) + MARGIN_MS;
    return { code, stage: (err as IbsightError).context.stage, elapsedMs, bound, framing: session?.framing };
  } finally {
    await session?.close();
  }
}

/** ssh-ed25519 key (base64) that the written known_hosts holds for a port. */
function knownKey(port: number): string {
  const line = readFileSync(knownHosts, 'utf8').split('\n').find((l) => l.startsWith(`[127.0.0.1]:${port} `));
  if (!line) throw new Error(`no known_hosts line for port ${port}`);
  return line.split(' ')[2]!;
}

function sha256Fingerprint(base64Key: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

async function failure(p: Promise<unknown>): Promise<IbsightError> {
  try {
    const s = await p;
    if (s instanceof NetconfSession) await s.close();
  } catch (err) {
    if (err instanceof IbsightError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-client-faults-'));
  const fleet = join(dir, 'fleet.yaml');
  const entries = FLEET.map((d) => {
    const extra = `${d.fault ? `, fault: ${d.fault}` : ''}${d.delayMs !== undefined ? `, delayMs: ${d.delayMs}` : ''}`;
    return `  - { name: ${d.name}, profile: "builtin:qfx5120", site: lab${extra} }`;
  });
  writeFileSync(fleet, `username: op\npassword: pw-${randomBytes(6).toString('hex')}\ndevices:\n${entries.join('\n')}\n`);
  knownHosts = join(dir, 'known_hosts');
  const inventory = join(dir, 'inventory.yaml');
  for (let attempt = 1; !sim; attempt++) {
    const base = await findFreePortRange(FLEET.length);
    try {
      sim = await startSimChild(['--fleet', fleet, '--base-port', String(base), '--write-known-hosts', knownHosts, '--write-inventory', inventory]);
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
  for (const d of sim.ready.devices) ports.set(d.name, d.port);
  const inv = parseYaml(readFileSync(inventory, 'utf8')) as { credentials: Record<string, { username: string; password: string }> };
  const cred = Object.values(inv.credentials)[0]!;
  login = { username: cred.username, password: readFileSync(cred.password.replace(/^file:/, ''), 'utf8') };
});

afterAll(async () => {
  await stopSimChild(sim);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('every fault at once, a healthy device answering throughout', () => {
  const outcomes = new Map<string, Outcome>();
  let healthyAnswers = 0;
  let healthyAfter: string | null = null;

  beforeAll(async () => {
    const healthy = await NetconfSession.connect(options('healthy'));
    let storming = true;
    const keepAsking = (async () => {
      while (storming) {
        expect(await hostnameOf(healthy)).toBe('healthy');
        healthyAnswers++;
      }
    })();
    const slowOk = (async () => {
      const s = await NetconfSession.connect(options('f-slow-ok'));
      try {
        outcomes.set('slow-ok', { code: (await hostnameOf(s)) === 'f-slow-ok' ? null : 'WRONG_REPLY', stage: null, elapsedMs: 0, bound: 0 });
      } finally {
        await s.close();
      }
    })();
    const runs = FAULT_CASES.map(async (c) => outcomes.set(c.id, await runFault(c)));
    try {
      await Promise.all([...runs, slowOk]);
    } finally {
      storming = false;
      await keepAsking;
    }
    healthyAfter = await hostnameOf(healthy);
    await healthy.close();
  }, 60_000);

  it.each(FAULT_CASES)('$id gives $code within its timeout', (c) => {
    const o = outcomes.get(c.id)!;
    expect(o.code).toBe(c.code);
    expect(o.elapsedMs).toBeLessThan(o.bound);
    if (c.device === 'f-hang') expect(o.stage).toBe('hello');
    if (c.stage === 'rpc') expect(o.framing).toBe(c.options?.framing === 'eom' ? 'eom' : 'chunked');
  });

  it('slow under the RPC timeout answers correctly', () => {
    expect(outcomes.get('slow-ok')).toMatchObject({ code: null });
  });

  it('the healthy device kept answering during the storm and after it', () => {
    expect(healthyAnswers).toBeGreaterThan(0);
    expect(healthyAfter).toBe('healthy');
  });
});

describe('a large reply under the limit', () => {
  it('is read whole when maxReplyBytes allows it (~64 MiB, huge-reply)', async () => {
    const session = await NetconfSession.connect(options('f-huge-reply', { maxReplyBytes: 80 * 1024 * 1024, rpcTimeoutMs: 60_000 }));
    try {
      const reply = await session.rpc('<get-software-information/>');
      expect(reply.text.length).toBeGreaterThan(60 * 1024 * 1024);
      expect(childText(findFirst(reply.root, 'software-information'), 'host-name')).toBe('f-huge-reply');
    } finally {
      await session.close();
    }
  }, 60_000);
});

describe('logins', () => {
  it('password', async () => {
    const session = await NetconfSession.connect(options('healthy'));
    expect(await hostnameOf(session)).toBe('healthy');
    await session.close();
  });

  // With keyboardInteractive the client tries that method first (ssh-connect.ts) and answers the simulator's
  // "Password:" prompt; a keyboard-interactive-only server is covered by test/netconf/session.test.ts.
  it('keyboardInteractive enabled logs in', async () => {
    const session = await NetconfSession.connect(options('healthy', { keyboardInteractive: true }));
    expect(await hostnameOf(session)).toBe('healthy');
    await session.close();
  });

  it('a wrong password is AUTH_FAILED, with and without keyboard-interactive', async () => {
    expect((await failure(NetconfSession.connect(options('healthy', { password: 'wrong' })))).code).toBe('AUTH_FAILED');
    expect((await failure(NetconfSession.connect(options('healthy', { password: 'wrong', keyboardInteractive: true })))).code).toBe('AUTH_FAILED');
  });
});

describe('host keys', () => {
  it('strict: unknown host → HOST_KEY_UNKNOWN with the device key fingerprint', async () => {
    const file = join(dir, 'known_hosts.partial');
    const otherPort = ports.get('other')!;
    writeFileSync(file, `[127.0.0.1]:${otherPort} ssh-ed25519 ${knownKey(otherPort)}\n`);
    const err = await failure(NetconfSession.connect(options('healthy', { knownHostsFile: file })));
    expect(err.code).toBe('HOST_KEY_UNKNOWN');
    expect(err.context.fingerprint).toBe(sha256Fingerprint(knownKey(ports.get('healthy')!)));
    const missing = await failure(NetconfSession.connect(options('healthy', { knownHostsFile: join(dir, 'no-such-file') })));
    expect(missing.code).toBe('HOST_KEY_UNKNOWN');
  });

  it('strict: another device\'s key recorded for the port → HOST_KEY_CHANGED', async () => {
    const file = join(dir, 'known_hosts.changed');
    writeFileSync(file, `[127.0.0.1]:${ports.get('healthy')} ssh-ed25519 ${knownKey(ports.get('other')!)}\n`);
    for (const policy of ['strict', 'accept-new'] as const) {
      const err = await failure(NetconfSession.connect(options('healthy', { knownHostsFile: file, hostKeyPolicy: policy })));
      expect(err.code).toBe('HOST_KEY_CHANGED');
      expect(err.context.fingerprint).toBe(sha256Fingerprint(knownKey(ports.get('healthy')!)));
    }
  });

  it('accept-new records the key on first sight; strict then accepts it', async () => {
    const file = join(dir, 'known_hosts.new');
    writeFileSync(file, '');
    const first = await NetconfSession.connect(options('other', { knownHostsFile: file, hostKeyPolicy: 'accept-new' }));
    await first.close();
    expect(readFileSync(file, 'utf8')).toContain(knownKey(ports.get('other')!));
    const again = await NetconfSession.connect(options('other', { knownHostsFile: file, hostKeyPolicy: 'strict' }));
    expect(await hostnameOf(again)).toBe('other');
    await again.close();
  });
});
