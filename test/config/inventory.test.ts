/**
 * loadInventory: YAML (defaults, sites listed or derived, key paths in errors, duplicate device
 * names, unknown credentials and sites, credentials without a way to log in) and CSV (header,
 * BOM, comments, empty port/site, the credentials file beside it, errors naming the line).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { companionFileFor } from '../../src/config/inventory-csv.js';
import { loadInventory } from '../../src/config/load-inventory.js';
import { isIbsightError, type IbsightError } from '../../src/errors/ibsight-error.js';

const root = mkdtempSync(join(tmpdir(), 'ibsight-inventory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
function write(name: string, text: string): string {
  const dir = join(root, `case-${++counter}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function failure(file: string): IbsightError {
  try {
    loadInventory(file);
  } catch (err) {
    if (isIbsightError(err, 'CONFIG_INVALID')) return err;
    throw err;
  }
  throw new Error('expected CONFIG_INVALID');
}

const CREDENTIALS = 'credentials:\n  ro: { username: ibsight, password: env:IBSIGHT_PASSWORD }\n';

describe('YAML inventory', () => {
  it('loads with defaults: port 830, site none, sites derived from the devices when not listed', () => {
    const file = write('inventory.yaml', `${CREDENTIALS}devices:\n  - { name: mx1, host: 192.0.2.1, site: "0100012345", credentials: ro }\n  - { name: ex1, host: ex1.example.net, port: 22, credentials: ro }\n`);
    const inventory = loadInventory(file);
    expect(inventory.file).toBe(file);
    expect(inventory.devices).toEqual([
      { name: 'mx1', host: '192.0.2.1', port: 830, site: '0100012345', credentials: 'ro' },
      { name: 'ex1', host: 'ex1.example.net', port: 22, site: null, credentials: 'ro' },
    ]);
    expect(inventory.sites).toEqual([{ id: '0100012345', name: null }]);
    expect(inventory.credentials.ro).toEqual({
      username: 'ibsight', password: 'env:IBSIGHT_PASSWORD', privateKey: null, passphrase: null, agent: false, keyboardInteractive: false,
    });
  });

  it('resolves file: references against its own directory', () => {
    const file = write('inv.yaml', 'credentials:\n  k: { username: u, privateKey: file:keys/id_ed25519, passphrase: file:/etc/ib/pp }\n');
    expect(loadInventory(file).credentials.k).toMatchObject({
      privateKey: `file:${join(file, '..', 'keys/id_ed25519')}`,
      passphrase: 'file:/etc/ib/pp',
    });
  });

  it('refuses duplicate device names, naming both places', () => {
    const file = write('inventory.yaml', `${CREDENTIALS}devices:\n  - { name: mx1, host: a, credentials: ro }\n  - { name: mx2, host: b, credentials: ro }\n  - { name: mx1, host: c, credentials: ro }\n`);
    expect(failure(file).message).toBe(`${file}: devices[2].name: device name "mx1" is already used at devices[0]`);
  });

  it('refuses a device naming credentials that do not exist', () => {
    const file = write('inventory.yaml', `${CREDENTIALS}devices:\n  - { name: mx1, host: a, credentials: readwrite }\n`);
    const err = failure(file);
    expect(err.message).toBe(`${file}: devices[0].credentials: no credentials named "readwrite" (defined: ro)`);
    expect(err.context).toMatchObject({ file, keyPath: 'devices[0].credentials' });
  });

  it('refuses a site that is not listed when sites are listed, and a site listed twice', () => {
    const file = write('inventory.yaml', `sites: [{ id: "A", name: Ams }, { id: "A" }]\n${CREDENTIALS}devices:\n  - { name: mx1, host: a, site: "B", credentials: ro }\n`);
    expect(failure(file).message).toBe(
      `${file}: sites[1].id: site id "A" is listed twice; ${file}: devices[0].site: site "B" is not listed under sites (listed: A)`,
    );
  });

  it('refuses an unquoted numeric site id, saying why', () => {
    const file = write('inventory.yaml', `sites: [{ id: 0100012345 }]\n${CREDENTIALS}`);
    expect(failure(file).message).toBe(
      `${file}: sites[0].id: expected a site id as a string (quote it in YAML: "0100012345", or leading zeros are lost), got 100012345`,
    );
  });

  it.each([
    ['{ username: u }', 'credentials.c: expected at least one of password, privateKey or agent: true'],
    ['{ username: u, agent: true, keyboardInteractive: true }', 'credentials.c.keyboardInteractive: needs a password (it answers the prompts)'],
    ['{ username: u, password: env:P, passphrase: env:Q }', 'credentials.c.passphrase: is only used with privateKey'],
    ['{ password: env:P }', 'credentials.c.username: required: expected a user name'],
    ['{ username: u, agent: yes }', 'credentials.c.agent: expected true or false, got "yes"'],
    ['{ username: u, agent: true, token: env:T }', 'credentials.c.token: unknown key (expected one of: username, password, privateKey, passphrase, agent, keyboardInteractive)'],
  ])('checks credentials %s', (entry, expected) => {
    const file = write('inventory.yaml', `credentials:\n  c: ${entry}\n`);
    expect(failure(file).message).toBe(`${file}: ${expected}`);
  });

  it.each([
    ['{ name: "mx 1", host: a, credentials: ro }', 'devices[0].name: expected a device name of letters'],
    ['{ name: mx1, host: "a b", credentials: ro }', 'devices[0].host: expected a host name or IP address, got "a b"'],
    ['{ name: mx1, host: a, port: 70000, credentials: ro }', 'devices[0].port: expected an integer from 1 to 65535, got 70000'],
    ['{ name: mx1, host: a }', 'devices[0].credentials: required: expected the name of an entry under credentials'],
    ['{ name: mx1, host: a, credentials: ro, model: mx960 }', 'devices[0].model: unknown key (expected one of: name, host, port, site, credentials)'],
  ])('checks devices %s', (entry, expected) => {
    const file = write('inventory.yaml', `${CREDENTIALS}devices:\n  - ${entry}\n`);
    expect(failure(file).message).toContain(`${file}: ${expected}`);
  });

  it('refuses a YAML alias bomb', () => {
    const lines = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f']]) {
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const file = write('inventory.yaml', `${lines.join('\n')}\n`);
    expect(failure(file).message).toMatch(/too many YAML alias expansions \(at most 64\)/);
  });
});

describe('CSV inventory', () => {
  function csv(text: string, companion: string | null = `sites: [{ id: "0100012345", name: AMS-DC1 }]\n${CREDENTIALS}`): string {
    const file = write('devices.csv', text);
    if (companion !== null) writeFileSync(companionFileFor(file), companion);
    return file;
  }

  it('reads rows with a BOM, comments, blank lines, quotes, any column order and extra columns', () => {
    const file = csv('\ufeffhost,Name,port,site,credentials,owner\n# core routers\n\n192.0.2.1,mx1,,0100012345,ro,noc\n"192.0.2.2","ex1",22,,ro,"x, y"\n');
    const inventory = loadInventory(file);
    expect(inventory.devices).toEqual([
      { name: 'mx1', host: '192.0.2.1', port: 830, site: '0100012345', credentials: 'ro' },
      { name: 'ex1', host: '192.0.2.2', port: 22, site: null, credentials: 'ro' },
    ]);
    expect(inventory.sites).toEqual([{ id: '0100012345', name: 'AMS-DC1' }]);
    expect(inventory.credentials.ro?.password).toBe('env:IBSIGHT_PASSWORD');
  });

  it('keeps leading zeros of site ids and derives sites when the credentials file lists none', () => {
    const file = csv('name,host,port,site,credentials\nmx1,192.0.2.1,830,0100099999,ro\n', CREDENTIALS);
    expect(loadInventory(file).sites).toEqual([{ id: '0100099999', name: null }]);
  });

  it('names the line of every bad row', () => {
    const file = csv(
      'name,host,port,site,credentials\n' +
        'mx1,192.0.2.1,830,0100012345,ro\n' +
        'mx2,192.0.2.2,eight-thirty,0100012345,ro\n' +
        '# a comment line still counts\n' +
        'mx1,192.0.2.3,830,0100012345,ro\n' +
        'mx4,192.0.2.4,830\n' +
        'mx5,192.0.2.5,830,0999,rw\n',
    );
    const err = failure(file);
    expect(err.message.split('; ')).toEqual([
      `${file}: line 3: port: expected an integer from 1 to 65535, got "eight-thirty"`,
      `${file}: line 5: name: device name "mx1" is already used at line 2`,
      `${file}: line 6: expected 5 columns as in the header, got 3`,
      `${file}: line 7: credentials: no credentials named "rw" (defined: ro)`,
      `${file}: line 7: site: site "0999" is not listed under sites of ${companionFileFor(file)} (listed: 0100012345)`,
    ]);
    expect(err.context).toMatchObject({ file, line: 3, keyPath: 'port' });
  });

  it('requires the header row', () => {
    const file = csv('mx1,192.0.2.1,830,0100012345,ro\n');
    expect(failure(file).message).toBe(
      `${file}: line 1: the header row lacks name, host, port, site, credentials; expected the header row name,host,port,site,credentials`,
    );
    expect(failure(csv('name,host,site,credentials\n')).message).toMatch(/line 1: the header row lacks port;/);
  });

  it('names the line of a CSV syntax error', () => {
    const file = csv('name,host,port,site,credentials\nmx1,"192.0.2.1,830,0100012345,ro\n');
    expect(failure(file).message).toMatch(new RegExp(`^${file}: line \\d: Quote Not Closed`));
  });

  it('needs the credentials file beside it, and checks that file', () => {
    const lonely = csv('name,host,port,site,credentials\n', null);
    expect(failure(lonely).message).toMatch(/a CSV inventory takes its credentials from .*devices\.credentials\.yaml beside it, which does not exist/);
    const literal = csv('name,host,port,site,credentials\n', 'credentials:\n  ro: { username: u, password: pass123 }\n');
    const err = failure(literal);
    expect(err.message).toBe(`${companionFileFor(literal)}: credentials.ro.password: ${'a literal secret is not accepted: write env:NAME to read it from an environment variable, or file:PATH to read it from a file only its owner can read (chmod 600)'}`);
    expect(err.message).not.toContain('pass123');
    expect(failure(csv('name,host,port,site,credentials\n', `${CREDENTIALS}devices: []\n`)).message).toMatch(/devices: unknown key/);
  });
});
