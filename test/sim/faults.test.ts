/**
 * Device faults (src/sim/faults.ts) over real SSH, with the simulator in-process and the bare
 * probe client. What is asserted is what a client sees, never how long anything took.
 */
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { silentLogger } from '../../src/log/logger.js';
import { findFirst, childText } from '../../src/xml/element.js';
import { parseXml } from '../../src/xml/parse.js';
import { HUGE_REPLY_BYTES } from '../../src/sim/faults.js';
import { parseFleetText } from '../../src/sim/fleet-file.js';
import { findFreePortRange } from '../../src/sim/port-range.js';
import { ProbeSession, type ProbeOptions } from '../../src/sim/probe-client.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator.js';

const TINY_MX = join(import.meta.dirname, '..', 'fixtures', 'sim', 'tiny-mx');
const FAULTS = ['auth-fail', 'refuse', 'hang', 'drop-mid-reply', 'malformed-xml', 'slow', 'entity-bomb', 'huge-reply', 'bad-framing'];
let sim: RunningSimulator;

function opts(name: string, extra: Partial<ProbeOptions> = {}): ProbeOptions {
  const device = sim.devices.find((d) => d.name === name)!;
  return { port: device.port, username: 'lab', password: 'lab', hostKey: device.hostKey().publicKeyBlob, ...extra };
}

beforeAll(async () => {
  const fleet =
    'username: lab\npassword: lab\ndevices:\n' +
    FAULTS.map((f) => `  - { name: f-${f}, profile: ${JSON.stringify(TINY_MX)}, site: s, fault: ${f}${f === 'slow' ? ', delayMs: 30' : ''} }\n`).join('');
  const plan = parseFleetText(fleet, join(TINY_MX, 'fleet.yaml'));
  sim = await startSimulator(plan, { basePort: await findFreePortRange(plan.devices.length), logger: silentLogger() });
});

afterAll(async () => {
  await sim?.close();
});

describe('simulated faults', () => {
  it('auth-fail rejects even the right password', async () => {
    await expect(ProbeSession.open(opts('f-auth-fail'))).rejects.toThrow(/authentication/i);
    await expect(ProbeSession.open(opts('f-auth-fail', { keyboardInteractive: true }))).rejects.toThrow(/authentication/i);
  });

  it('refuse keeps its port number with nothing listening', async () => {
    const ports = sim.devices.map((d) => d.port);
    expect(ports).toEqual(ports.map((_, i) => ports[0]! + i));
    const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const conn = new ssh2.Client();
      conn.on('error', resolve);
      conn.connect({ host: '127.0.0.1', port: opts('f-refuse').port, username: 'lab', password: 'lab' });
    });
    expect(err.code).toBe('ECONNREFUSED');
  });

  it('hang accepts SSH and the subsystem but never sends a hello', async () => {
    const s = await ProbeSession.open(opts('f-hang', { skipHello: true }));
    s.send('<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>');
    await expect(s.next(300)).rejects.toThrow(/no message/);
    expect(s.receivedBytes).toBe(0);
    s.end();
  });

  it('drop-mid-reply sends the hello, then part of the first reply, then drops the connection', async () => {
    const s = await ProbeSession.open(opts('f-drop-mid-reply'));
    const before = s.receivedBytes;
    await expect(s.rpc('<get-chassis-inventory/>')).rejects.toThrow(/closed/);
    expect(s.receivedBytes).toBeGreaterThan(before);
  });

  it('malformed-xml frames replies correctly around XML that does not parse', async () => {
    const s = await ProbeSession.open(opts('f-malformed-xml'));
    const text = await s.rpc('<get-software-information/>');
    expect(text.startsWith('<rpc-reply')).toBe(true);
    expect(() => parseXml(text)).toThrow(expect.objectContaining({ code: 'XML_MALFORMED' }));
    s.end();
  });

  it('slow still answers correctly', async () => {
    const s = await ProbeSession.open(opts('f-slow'));
    expect(childText(findFirst(parseXml(await s.rpc('<get-software-information/>')), 'software-information'), 'host-name')).toBe('tinymx-lab1');
    await s.close();
  });

  it('entity-bomb sends a DOCTYPE with nested entities, which the safe parser refuses', async () => {
    const s = await ProbeSession.open(opts('f-entity-bomb'));
    const text = await s.rpc('<get-software-information/>');
    expect(text).toMatch(/<!DOCTYPE rpc-reply \[/);
    expect(text).toContain('<!ENTITY lol9 "&lol8;&lol8;');
    let caught: unknown;
    try {
      parseXml(text);
    } catch (err) {
      caught = err;
    }
    expect(isIbsightError(caught, 'XML_DTD_REFUSED')).toBe(true);
    s.end();
  });

  it('huge-reply streams a valid reply of about 64 MiB', async () => {
    const s = await ProbeSession.open(opts('f-huge-reply'));
    const text = await s.rpc('<get-route-engine-information/>', 120_000);
    expect(text.length).toBeGreaterThanOrEqual(HUGE_REPLY_BYTES);
    expect(text.length).toBeLessThan(HUGE_REPLY_BYTES + 256 * 1024);
    expect(text.trimEnd().endsWith('</rpc-reply>')).toBe(true);
    expect(findFirst(parseXml(text), 'route-engine-information')).not.toBeNull();
    s.end();
  });

  it('bad-framing garbles the chunk header in chunked mode', async () => {
    const s = await ProbeSession.open(opts('f-bad-framing'));
    expect(s.framing).toBe('chunked');
    await expect(s.rpc('<get-software-information/>')).rejects.toSatisfy((err: unknown) => isIbsightError(err, 'NETCONF_FRAMING'));
    s.end();
  });

  it('bad-framing leaves out the ]]>]]> terminator and sends garbage in end-of-message mode', async () => {
    const s = await ProbeSession.open(opts('f-bad-framing', { base11: false }));
    expect(s.framing).toBe('eom');
    const before = s.receivedBytes;
    await expect(s.rpc('<get-software-information/>', 500)).rejects.toThrow(/no message/);
    expect(s.receivedBytes).toBeGreaterThan(before + 200);
    s.end();
  });
});
