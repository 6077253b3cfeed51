/**
 * `ibsight config check` end to end (the compiled CLI in real processes): the JSON summary and
 * exit 0 with warnings (secret file others may read — also a pino warning on stderr — devices
 * without host keys, unused credentials); exit 2 with the file and key path for a bad config, an
 * unset variable, a literal secret (never printed), an unreadable known_hosts and bad or missing
 * product-family tables (`reconcile.skuFamilies`); which file is used (--config, ./ibsight.yaml,
 * $IBSIGHT_CONFIG, defaults); a CSV inventory.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ibsight-config-check-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PASSWORD = 'Zebra-Pw-4417';
const FILE_PASSWORD = 'Okapi-Pw-9902';
const HOST_KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIBvDq6kHKpQ5n2J2x7o3Tb3ZyH6zqHqYcS7wq0vPZ8nA';

let counter = 0;
function lab(files: Record<string, string>, modes: Record<string, number> = {}): string {
  const dir = join(root, `lab-${++counter}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
    if (modes[name] !== undefined) chmodSync(join(dir, name), modes[name]);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

function cli(cwd: string, args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.IBSIGHT_CONFIG;
  delete base.SSH_AUTH_SOCK;
  delete base.IB_PW;
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const GOOD = {
  'ibsight.yaml': 'ssh: { knownHosts: ./known_hosts }\ninventory: ./inventory.yaml\n',
  'known_hosts': `# lab\n[192.0.2.1]:830 ssh-ed25519 ${HOST_KEY}\n`,
  'inventory.yaml':
    'sites: [{ id: "0100012345", name: AMS-DC1 }, { id: "0100067890", name: FRA-DC2 }]\n' +
    'credentials:\n' +
    '  readonly: { username: ibsight, password: env:IB_PW }\n' +
    '  lab: { username: lab, password: file:./secrets/lab.password, keyboardInteractive: true }\n' +
    '  spare: { username: x, privateKey: file:./secrets/id_ed25519 }\n' +
    'devices:\n' +
    '  - { name: mx1, host: 192.0.2.1, site: "0100012345", credentials: readonly }\n' +
    '  - { name: ex1, host: 192.0.2.2, site: "0100067890", credentials: lab }\n',
  'secrets/lab.password': `${FILE_PASSWORD}\n`,
  'secrets/id_ed25519': '-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key\n-----END OPENSSH PRIVATE KEY-----\n',
};
const GOOD_MODES = { 'secrets/lab.password': 0o644, 'secrets/id_ed25519': 0o600 };

describe('ibsight config check', () => {
  it('prints the JSON summary with warnings and exits 0, never printing a secret', () => {
    const dir = lab(GOOD, GOOD_MODES);
    const r = cli(dir, ['config', 'check', '--json'], { IB_PW: PASSWORD });
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    const passwordFile = join(dir, 'secrets/lab.password');
    expect(summary).toEqual({
      config: join(dir, 'ibsight.yaml'),
      inventory: join(dir, 'inventory.yaml'),
      devices: 2,
      sites: 2,
      credentials: ['readonly', 'lab', 'spare'],
      warnings: [
        `secret file ${passwordFile} has mode 0644: group or others may read it; run chmod 600 ${passwordFile}`,
        `1 of 2 devices have no host key in ${join(dir, 'known_hosts')} (e.g. ex1): with hostKeyPolicy strict they fail with HOST_KEY_UNKNOWN`,
        'credentials.spare is not used by any device',
      ],
    });
    const logLines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logLines).toContainEqual(expect.objectContaining({ level: 40, file: passwordFile, mode: '0644' }));
    for (const text of [r.stdout, r.stderr]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(FILE_PASSWORD);
      expect(text).not.toContain('not-a-real-key');
    }
  });

  it('prints a readable summary without --json', () => {
    const dir = lab(GOOD, { ...GOOD_MODES, 'secrets/lab.password': 0o600 });
    const r = cli(dir, ['config', 'check'], { IB_PW: PASSWORD });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`configuration: ${join(dir, 'ibsight.yaml')}\n`);
    expect(r.stdout).toContain('devices:       2\n');
    expect(r.stdout).toContain('credentials:   readonly, lab, spare\n');
    expect(r.stdout).toMatch(/OK, with 2 warning\(s\)\n$/);
  });

  it('exits 2 naming the file and key path of a bad value', () => {
    const dir = lab({ ...GOOD, 'ibsight.yaml': 'collection: { concurrency: many }\n' }, GOOD_MODES);
    const r = cli(dir, ['config', 'check', '--json'], { IB_PW: PASSWORD });
    expect(r.status).toBe(2);
    const { error } = JSON.parse(r.stdout) as { error: { code: string; message: string; context: Record<string, unknown> } };
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe('ibsight.yaml: collection.concurrency: expected an integer from 1 to 10000, got "many"');
    expect(error.context).toMatchObject({ file: join(dir, 'ibsight.yaml'), keyPath: 'collection.concurrency' });
    expect(r.stderr).toContain('collection.concurrency');
  });

  it('exits 2 naming every unset variable and missing file', () => {
    const dir = lab(GOOD, GOOD_MODES);
    rmSync(join(dir, 'secrets/id_ed25519'));
    const r = cli(dir, ['config', 'check', '--json']);
    expect(r.status).toBe(2);
    const { error } = JSON.parse(r.stdout) as { error: { message: string } };
    expect(error.message).toContain('credentials.readonly.password: environment variable IB_PW is not set');
    expect(error.message).toContain(`credentials.spare.privateKey: secret file ${join(dir, 'secrets/id_ed25519')} does not exist`);
  });

  it('exits 2 on a literal secret, which appears nowhere in the output', () => {
    const inventory = GOOD['inventory.yaml'].replace('password: env:IB_PW', `password: "${PASSWORD}"`);
    const dir = lab({ ...GOOD, 'inventory.yaml': inventory }, GOOD_MODES);
    for (const args of [['config', 'check', '--json'], ['config', 'check']]) {
      const r = cli(dir, args);
      expect(r.status).toBe(2);
      expect(r.stdout + r.stderr).toContain('credentials.readonly.password: a literal secret is not accepted');
      expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    }
  });

  it('reads the product-family tables of reconcile.skuFamilies: exit 2 naming each bad file and key path, exit 0 when all are good', () => {
    const good = 'families:\n  - { family: MYBOX, skus: ["MYBOX-*"], models: [MYBOX] }\n';
    const bad = 'families:\n  - { family: MYBOX, skus: ["*-A"] }\n  - { family: OTHER, colour: red, models: [OTHER1] }\n';
    const withTables = (tables: string[]) => `${GOOD['ibsight.yaml']}reconcile: { skuFamilies: [${tables.join(', ')}] }\n`;
    const dir = lab({ ...GOOD, 'ibsight.yaml': withTables(['./tables/good.yaml', './tables/bad.yaml', './tables/missing.yaml']), 'tables/good.yaml': good, 'tables/bad.yaml': bad }, GOOD_MODES);
    const r = cli(dir, ['config', 'check', '--json'], { IB_PW: PASSWORD });
    expect(r.status).toBe(2);
    const { error } = JSON.parse(r.stdout) as { error: { code: string; message: string; context: Record<string, unknown> } };
    expect(error.code).toBe('CONFIG_INVALID');
    const badFile = join(dir, 'tables/bad.yaml');
    expect(error.message).toContain(`${badFile}: families[0].skus[0]: expected a glob pattern`);
    expect(error.message).toContain(`${badFile}: families[1].colour: unknown key`);
    expect(error.message).toContain(`${join(dir, 'tables/missing.yaml')}: cannot read the product family table (no such file)`);
    expect(error.message).not.toContain('good.yaml');
    expect(error.context).toMatchObject({ file: badFile, keyPath: 'families[0].skus[0]' });

    const fine = lab({ ...GOOD, 'ibsight.yaml': withTables(['./tables/good.yaml']), 'tables/good.yaml': good }, GOOD_MODES);
    expect(cli(fine, ['config', 'check', '--json'], { IB_PW: PASSWORD }).status).toBe(0);
  });

  it('exits 2 when the known_hosts file exists but cannot be read', () => {
    const { known_hosts: _unused, ...rest } = GOOD;
    const dir = lab({ ...rest, 'known_hosts/placeholder': '' }, GOOD_MODES);
    const r = cli(dir, ['config', 'check', '--json'], { IB_PW: PASSWORD });
    expect(r.status).toBe(2);
    expect((JSON.parse(r.stdout) as { error: { message: string } }).error.message).toBe(
      `ssh.knownHosts: cannot read ${join(dir, 'known_hosts')} (EISDIR)`,
    );
  });

  it('takes --config, else ./ibsight.yaml, else $IBSIGHT_CONFIG, else the defaults', () => {
    const dir = lab({
      ...GOOD,
      'ibsight.yaml': 'inventory: ./inventory.yaml\n',
      'other/alt.yaml': 'inventory: ../inventory.yaml\n',
    }, GOOD_MODES);
    const empty = lab({ 'inventory.yaml': 'credentials: {}\n' });
    const env = { IB_PW: PASSWORD, IBSIGHT_CONFIG: join(dir, 'other/alt.yaml') };
    const configOf = (cwd: string, args: string[], e: Record<string, string>) => {
      const r = cli(cwd, ['config', 'check', '--json', ...args], e);
      expect(r.status).toBe(0);
      return (JSON.parse(r.stdout) as { config: string | null }).config;
    };
    expect(configOf(dir, ['--config', 'other/alt.yaml'], { IB_PW: PASSWORD })).toBe(join(dir, 'other/alt.yaml'));
    expect(configOf(dir, [], env)).toBe(join(dir, 'ibsight.yaml'));
    expect(configOf(join(dir, 'secrets'), [], env)).toBe(join(dir, 'other/alt.yaml'));
    expect(configOf(empty, [], env)).toBe(join(dir, 'other/alt.yaml'));
    expect(configOf(empty, [], {})).toBeNull();
  });

  it('reads a CSV inventory given by --inventory, with the credentials file beside it', () => {
    const dir = lab({
      ...GOOD,
      'csv/devices.csv': 'name,host,port,site,credentials\nmx1,192.0.2.1,,0100012345,ro\nmx2,192.0.2.9,,0100012345,ro\n',
      'csv/devices.credentials.yaml': 'credentials:\n  ro: { username: ibsight, password: env:IB_PW }\n',
    }, GOOD_MODES);
    const r = cli(dir, ['config', 'check', '--json', '--inventory', 'csv/devices.csv'], { IB_PW: PASSWORD });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ inventory: join(dir, 'csv/devices.csv'), devices: 2, sites: 1, credentials: ['ro'] });
    const bad = lab({ 'd.csv': 'name,host,port,site,credentials\nmx1,192.0.2.1,x,,ro\n', 'd.credentials.yaml': 'credentials:\n  ro: { username: u, agent: true, password: env:IB_PW }\n' });
    const rb = cli(bad, ['config', 'check', '--json', '--inventory', 'd.csv'], { IB_PW: PASSWORD });
    expect(rb.status).toBe(2);
    expect((JSON.parse(rb.stdout) as { error: { message: string } }).error.message).toBe('d.csv: line 2: port: expected an integer from 1 to 65535, got "x"');
  });
});
