/** Fleet file parsing (src/sim/fleet-file.ts): expansion, profile resolution, errors with key paths. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IbsightError } from '../../src/errors/ibsight-error.js';
import { exitCodeFor } from '../../src/cli/output.js';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { loadFleetFile, parseFleetText } from '../../src/sim/fleet-file.js';

let dir: string;
let fleetFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ibsight-fleet-'));
  mkdirSync(join(dir, 'profiles', 'lab'), { recursive: true });
  writeFileSync(join(dir, 'profiles', 'lab', 'get-software-information.xml'), '<software-information/>');
  fleetFile = join(dir, 'fleet.yaml');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configError(text: string): IbsightError {
  try {
    parseFleetText(text, fleetFile);
  } catch (err) {
    expect(err).toBeInstanceOf(IbsightError);
    expect((err as IbsightError).code).toBe('CONFIG_INVALID');
    return err as IbsightError;
  }
  throw new Error('expected a CONFIG_INVALID error');
}

const HEAD = 'username: lab\npassword: lab\ndevices:\n';

describe('fleet file', () => {
  it('expands named and generated entries in fleet order, resolving profiles relative to the fleet file', () => {
    writeFileSync(
      fleetFile,
      HEAD +
        '  - { name: mx-a, profile: ./profiles/lab, site: "0100012345" }\n' +
        '  - { generate: 3, profile: profiles/lab, namePrefix: edge-, site: "0100012345", fault: slow, delayMs: 10 }\n' +
        '  - { name: broken, profile: ./profiles/lab, site: "0200", fault: hang }\n',
    );
    const plan = loadFleetFile(fleetFile);
    expect(plan.username).toBe('lab');
    expect(plan.devices.map((d) => d.name)).toEqual(['mx-a', 'edge-1', 'edge-2', 'edge-3', 'broken']);
    expect(plan.devices.every((d) => d.profileDir === join(dir, 'profiles', 'lab'))).toBe(true);
    expect(plan.devices.map((d) => d.personalise)).toEqual([false, true, true, true, false]);
    expect(plan.devices[1]).toMatchObject({ fault: 'slow', delayMs: 10, keyPath: 'devices[1]' });
    expect(plan.devices[4]).toMatchObject({ fault: 'hang', delayMs: 2000 });
    expect(plan.sites).toEqual([
      { id: '0100012345', name: '0100012345' },
      { id: '0200', name: '0200' },
    ]);
  });

  it('takes site names from an optional top-level sites list', () => {
    const plan = parseFleetText(
      'username: u\npassword: p\nsites: [{ id: "0100012345", name: AMS-DC1 }]\ndevices:\n  - { name: a, profile: ./profiles/lab, site: "0100012345" }\n',
      fleetFile,
    );
    expect(plan.sites).toEqual([{ id: '0100012345', name: 'AMS-DC1' }]);
  });

  it('names the file and key path of a bad fault', () => {
    const err = configError(
      HEAD +
        '  - { name: a, profile: ./profiles/lab, site: s }\n' +
        '  - { name: b, profile: ./profiles/lab, site: s }\n' +
        '  - { name: c, profile: ./profiles/lab, site: s, fault: explode }\n',
    );
    expect(err.message).toMatch(/fleet\.yaml: devices\[2\]\.fault: expected one of auth-fail, refuse, hang, drop-mid-reply, malformed-xml, slow, entity-bomb, huge-reply, bad-framing/);
    expect(err.context.keyPath).toBe('devices[2].fault');
    expect(exitCodeFor(err)).toBe(2);
  });

  it('reports missing top-level keys, unknown keys and bad values with their paths', () => {
    expect(configError('password: x\ndevices:\n  - { name: a, profile: ./profiles/lab, site: s }\n').message).toMatch(/fleet\.yaml: username: required/);
    expect(configError(HEAD + '  - { name: a, profile: ./profiles/lab, site: s, colour: red }\n').message).toMatch(
      /fleet\.yaml: devices\[0\]\.colour: unknown key/,
    );
    expect(configError(HEAD + '  - { generate: 0, profile: ./profiles/lab, namePrefix: e-, site: s }\n').message).toMatch(
      /fleet\.yaml: devices\[0\]\.generate: /,
    );
    expect(configError(HEAD + '  - { name: "bad name", profile: ./profiles/lab, site: s }\n').message).toMatch(/devices\[0\]\.name: expected letters/);
    expect(configError(HEAD + '  - { name: a, profile: ./profiles/lab }\n').message).toMatch(/devices\[0\]\.site: required/);
    expect(configError('username: u\npassword: p\ndevices: []\n').message).toMatch(/fleet\.yaml: devices: /);
  });

  it('refuses duplicate device names, including generated ones', () => {
    const err = configError(
      HEAD + '  - { name: edge-2, profile: ./profiles/lab, site: s }\n  - { generate: 3, profile: ./profiles/lab, namePrefix: edge-, site: s }\n',
    );
    expect(err.message).toMatch(/devices\[1\]\.namePrefix: device name "edge-2" already used by devices\[0\]/);
  });

  it('refuses a missing profile directory, builtin or not', () => {
    expect(configError(HEAD + '  - { name: a, profile: ./profiles/nope, site: s }\n').message).toMatch(
      new RegExp(`devices\\[0\\]\\.profile: no profile directory at ${join(dir, 'profiles', 'nope')}`),
    );
    const builtin = configError(HEAD + '  - { name: a, profile: "builtin:no-such-box", site: s }\n');
    expect(builtin.message).toContain(builtinProfileDir('no-such-box'));
    expect(builtinProfileDir('mx480').endsWith(join('src', 'sim', 'profiles', 'mx480'))).toBe(true);
  });

  it('reports YAML syntax errors with the line', () => {
    expect(configError('username: lab\npassword: [unclosed\ndevices:\n').message).toMatch(/^.*fleet\.yaml: line \d+: /);
  });

  it('reports an unreadable fleet file as a config error', () => {
    try {
      loadFleetFile(join(dir, 'missing.yaml'));
      throw new Error('expected an error');
    } catch (err) {
      expect((err as IbsightError).code).toBe('CONFIG_INVALID');
      expect((err as Error).message).toMatch(/missing\.yaml: cannot read the fleet file \(ENOENT\)/);
    }
  });
});
