/**
 * Built-in simulator profiles mx480, mx960 and ptx10001 (src/sim/profiles/<name>/): every reply
 * parses, the required files exist, hostname and serial tokens are consistent across files (the
 * simulator personalises them per device), versions agree with profile.yaml, and the replies hold
 * what Juniper PyEZ's fact modules read (current_re, software, inventory, RE, VC, domain, HOME).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { child, childText, childrenNamed, findAll, findFirst, textOf } from '../../src/xml/element.js';
import { parseXml, type XmlElement } from '../../src/xml/parse.js';

const PROFILES_ROOT = join(import.meta.dirname, '..', '..', 'src', 'sim', 'profiles');
const PLACEHOLDERS = new Set(['BUILTIN', 'NONE', 'N/A', 'NA', 'UNKNOWN', 'NON-JNPR', 'EMPTY']);
const INVENTORY_LEVELS = ['chassis', 'chassis-module', 'chassis-sub-module', 'chassis-sub-sub-module', 'chassis-sub-sub-sub-module'];

const COMMON_FILES = [
  'profile.yaml', 'get-software-information.xml', 'get-software-information+all-servers.xml',
  'command+show-version-invoke-on-all-routing-engines.xml', 'get-chassis-inventory.xml', 'get-route-engine-information.xml',
  'get-configuration.xml', 'get-configuration@format=text.xml', 'get-configuration@format=set.xml',
  'get-system-uptime-information.xml', 'get-alarm-information.xml', 'get-system-alarm-information.xml', 'get-system-core-dumps.xml',
  'get-environment-information.xml', 'get-license-summary-information.xml', 'get-interface-information+terse.xml',
  'get-interface-information+routing-instance.xml', 'file-show.xml', 'file-list.xml',
];
const MULTI_RE_FILES = ['get-system-uptime-information+invoke-on.xml', 'get-system-core-dumps+invoke-on.xml'];

interface Expectation {
  name: string;
  os: 'junos' | 'junos-evolved';
  modelPrefix: string;
  reNames: string[];
  /** get-virtual-chassis-information: 'error' = an rpc-error reply, 'absent' = no file (unknown RPC). */
  virtualChassis: 'error' | 'absent';
  chassisAlarms: boolean;
  cores: boolean;
}

const EXPECTED: Expectation[] = [
  { name: 'mx480', os: 'junos', modelPrefix: 'MX480', reNames: ['re0', 're1'], virtualChassis: 'error', chassisAlarms: false, cores: false },
  { name: 'mx960', os: 'junos', modelPrefix: 'MX960', reNames: ['re0', 're1'], virtualChassis: 'error', chassisAlarms: true, cores: true },
  { name: 'ptx10001', os: 'junos-evolved', modelPrefix: 'PTX10001', reNames: ['re0'], virtualChassis: 'absent', chassisAlarms: false, cores: false },
];

interface LoadedProfile {
  dir: string;
  files: string[];
  text: Map<string, string>;
  xml: Map<string, XmlElement>;
  meta: Record<string, unknown>;
}

function load(name: string): LoadedProfile {
  const dir = join(PROFILES_ROOT, name);
  const files = readdirSync(dir).sort();
  const text = new Map<string, string>();
  const xml = new Map<string, XmlElement>();
  for (const f of files) {
    const body = readFileSync(join(dir, f), 'utf8');
    text.set(f, body);
    if (f.endsWith('.xml')) xml.set(f, parseXml(body));
  }
  const meta = (parseYaml(text.get('profile.yaml') ?? '') ?? {}) as Record<string, unknown>;
  return { dir, files, text, xml, meta };
}

function doc(p: LoadedProfile, file: string): XmlElement {
  const root = p.xml.get(file);
  if (!root) throw new Error(`${p.dir}: missing ${file}`);
  return root;
}

function isPlaceholder(serial: string): boolean {
  return PLACEHOLDERS.has(serial.toUpperCase());
}

/** Every inventory item (chassis and modules at every depth) with its path of names. */
function inventoryItems(root: XmlElement): { path: string[]; element: XmlElement }[] {
  const out: { path: string[]; element: XmlElement }[] = [];
  const walk = (element: XmlElement, path: string[], level: number): void => {
    const here = [...path, childText(element, 'name') ?? '?'];
    out.push({ path: here, element });
    const next = INVENTORY_LEVELS[level + 1];
    if (next) for (const c of childrenNamed(element, next)) walk(c, here, level + 1);
  };
  for (const chassis of findAll(root, 'chassis')) walk(chassis, [], 0);
  return out;
}

function realSerials(p: LoadedProfile): string[] {
  return inventoryItems(doc(p, 'get-chassis-inventory.xml'))
    .map((i) => childText(i.element, 'serial-number'))
    .filter((s): s is string => s !== null && !isPlaceholder(s));
}

/** PyEZ's iri_mapping: `/etc/hosts.junos` lines → address → names. */
function iriHostnames(fileShow: XmlElement): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const content = findFirst(fileShow, 'file-content');
  for (const rawLine of (content?.text ?? '').split('\n')) {
    const words = rawLine.split('#')[0]!.trim().split(/\s+/).filter((w) => w.length > 0);
    if (words.length < 2) continue;
    map.set(words[0]!, [...(map.get(words[0]!) ?? []), ...words.slice(1)]);
  }
  return map;
}

/** PyEZ's current_re: inet addresses of the private routing instance mapped through hosts.junos. */
function currentRe(p: LoadedProfile): string[] {
  const hosts = iriHostnames(doc(p, 'file-show.xml'));
  const names: string[] = [];
  for (const family of findAll(doc(p, 'get-interface-information+routing-instance.xml'), 'address-family')) {
    if (childText(family, 'address-family-name') !== 'inet') continue;
    for (const address of childrenNamed(family, 'interface-address')) {
      const ip = (childText(address, 'ifa-local') ?? '').split('/')[0]!;
      for (const n of hosts.get(ip) ?? []) if (!names.includes(n)) names.push(n);
    }
  }
  return names;
}

function softwareItems(root: XmlElement): { re: string | null; sw: XmlElement }[] {
  const items = findAll(root, 'multi-routing-engine-item');
  if (items.length === 0) return findAll(root, 'software-information').map((sw) => ({ re: null, sw }));
  return items.map((item) => ({ re: childText(item, 're-name'), sw: child(item, 'software-information')! }));
}

describe.each(EXPECTED)('built-in profile $name', (expected) => {
  const p = load(expected.name);
  const hostname = String(p.meta['hostname'] ?? '');
  const release = String(p.meta['release'] ?? '');

  it('has the required files, all of them parse, and profile.yaml has its keys', () => {
    const required = [...COMMON_FILES, ...(expected.reNames.length > 1 ? MULTI_RE_FILES : [])];
    if (expected.virtualChassis === 'error') required.push('get-virtual-chassis-information.xml');
    for (const f of required) expect(p.files, `${expected.name} lacks ${f}`).toContain(f);
    for (const f of p.files) expect(f.endsWith('.xml') || f === 'profile.yaml', `unexpected file ${f}`).toBe(true);
    expect(p.xml.size).toBe(p.files.length - 1);
    for (const [f, root] of p.xml) expect(root.name, f).toBe('rpc-reply');
    expect(typeof p.meta['description']).toBe('string');
    expect(hostname).toMatch(/^lab-[a-z0-9-]+$/);
    expect(release).toMatch(/^\d+\.\d+R\d+(-S\d+)?\.\d+(-EVO)?$/);
    expect(typeof p.meta['base11']).toBe('boolean');
    expect(p.meta['base11']).toBe(expected.os === 'junos-evolved');
    // routers: no VC member table, no SRX cluster, no Ethernet switching table (unknown RPCs)
    for (const f of ['get-chassis-cluster-status.xml', 'get-ethernet-switching-table-information.xml']) expect(p.files).not.toContain(f);
    if (expected.virtualChassis === 'absent') expect(p.files).not.toContain('get-virtual-chassis-information.xml');
  });

  it('names the hostname token in the software replies and in every configuration format', () => {
    for (const f of ['get-software-information.xml', 'get-software-information+all-servers.xml', 'command+show-version-invoke-on-all-routing-engines.xml']) {
      const hosts = findAll(doc(p, f), 'host-name').map(textOf);
      expect(hosts.length, f).toBeGreaterThan(0);
      for (const h of hosts) expect(h, f).toContain(hostname);
    }
    for (const f of ['get-configuration.xml', 'get-configuration@format=text.xml', 'get-configuration@format=set.xml']) {
      expect(p.text.get(f), f).toContain(hostname);
    }
    // the token is not a fragment of another word (the simulator replaces every literal occurrence)
    for (const [f, body] of p.text) {
      for (const m of body.matchAll(new RegExp(hostname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))) {
        expect(/[A-Za-z0-9]/.test(body[m.index - 1] ?? ''), `${f}: ${hostname} glued to a word`).toBe(false);
      }
    }
  });

  it('reports the profile release in every software reply', () => {
    for (const f of ['get-software-information.xml', 'get-software-information+all-servers.xml', 'command+show-version-invoke-on-all-routing-engines.xml']) {
      const versions = findAll(doc(p, f), 'junos-version').map(textOf);
      expect(versions.length, f).toBeGreaterThan(0);
      for (const v of versions) expect(v, f).toBe(release);
    }
    expect(childText(findFirst(doc(p, 'get-configuration.xml'), 'configuration'), 'version')).toBe(release);
    expect(p.text.get('get-configuration@format=text.xml')).toContain(`version ${release};`);
    expect(p.text.get('get-configuration@format=set.xml')).toContain(`set version ${release}\n`);
    expect(release.endsWith('-EVO')).toBe(expected.os === 'junos-evolved');
  });

  it('has distinctive, unique serials in the inventory, used consistently in every other file', () => {
    const serials = realSerials(p);
    expect(serials.length).toBeGreaterThan(5);
    expect(new Set(serials).size, 'serials repeat within the chassis').toBe(serials.length);
    for (const s of serials) {
      expect(s.length, s).toBeGreaterThanOrEqual(8);
      expect(s, s).toMatch(/^[A-Za-z0-9._/-]+$/);
      for (const other of serials) if (other !== s) expect(other.includes(s), `${s} inside ${other}`).toBe(false);
      // every occurrence in every file stands alone, so per-device replacement cannot corrupt other text
      for (const [f, body] of p.text) {
        let at = body.indexOf(s);
        while (at !== -1) {
          const before = body[at - 1] ?? '';
          const after = body[at + s.length] ?? '';
          expect(/[A-Za-z0-9]/.test(before) || /[A-Za-z0-9]/.test(after), `${f}: ${s} is part of a longer word`).toBe(false);
          at = body.indexOf(s, at + 1);
        }
      }
    }
    // serials named outside the inventory (routing engines...) are inventory serials
    for (const [f, root] of p.xml) {
      if (f === 'get-chassis-inventory.xml') continue;
      for (const e of findAll(root, 'serial-number')) {
        const s = textOf(e);
        if (s !== null && !isPlaceholder(s)) expect(serials, `${f}: serial ${s}`).toContain(s);
      }
    }
    const chassisSerial = childText(findFirst(doc(p, 'get-chassis-inventory.xml'), 'chassis'), 'serial-number');
    expect(chassisSerial).not.toBeNull();
  });

  it('has one routing engine per RE module, with the fields collectors and PyEZ read', () => {
    const inventoryRes = inventoryItems(doc(p, 'get-chassis-inventory.xml')).filter((i) => /^Routing Engine \d$/.test(i.path.at(-1)!));
    const res = findAll(doc(p, 'get-route-engine-information.xml'), 'route-engine');
    expect(res.length).toBe(expected.reNames.length);
    expect(inventoryRes.length).toBe(res.length);
    const masters = res.filter((r) => (childText(r, 'mastership-state') ?? '').toLowerCase().startsWith('master'));
    expect(masters.length).toBe(1);
    expect(childText(masters[0]!, 'slot')).toBe('0');
    for (const r of res) {
      for (const field of ['slot', 'mastership-state', 'status', 'model', 'serial-number', 'last-reboot-reason', 'memory-dram-size', 'cpu-idle']) {
        expect(childText(r, field), field).not.toBeNull();
      }
      expect(Number(child(r, 'up-time')?.attrs['junos:seconds'])).toBeGreaterThan(0);
      const slot = childText(r, 'slot');
      const module = inventoryRes.find((i) => i.path.at(-1) === `Routing Engine ${slot}`)!;
      expect(childText(r, 'serial-number')).toBe(childText(module.element, 'serial-number'));
      expect(['RE-VMX', 'RE-VIRTUAL']).not.toContain(childText(r, 'model'));
    }
  });

  it('covers every routing engine in the invoke-on replies, the plain RPC answering for re0', () => {
    const plain = softwareItems(doc(p, 'get-software-information.xml'));
    expect(plain.length).toBe(1);
    expect(plain[0]!.re).toBeNull();
    expect(childText(plain[0]!.sw, 'host-name')).toBe(hostname);
    for (const f of ['get-software-information+all-servers.xml', 'command+show-version-invoke-on-all-routing-engines.xml']) {
      const items = softwareItems(doc(p, f));
      expect(items.map((i) => i.re), f).toEqual(expected.reNames);
      for (const i of items) {
        expect(childText(i.sw, 'product-model')!.toUpperCase().startsWith(expected.modelPrefix), f).toBe(true);
        expect(childText(i.sw, 'junos-version'), f).toBe(release);
      }
      expect(childText(items.find((i) => i.re === 're0')!.sw, 'host-name'), f).toBe(hostname);
    }
    if (expected.reNames.length > 1) {
      for (const f of MULTI_RE_FILES) {
        expect(findAll(doc(p, f), 'multi-routing-engine-item').map((i) => childText(i, 're-name')), f).toEqual(expected.reNames);
      }
    }
    const packages = findAll(doc(p, 'get-software-information.xml'), 'package-information').map((e) => childText(e, 'name') ?? '');
    if (expected.os === 'junos-evolved') expect(packages.some((n) => n.startsWith('junos-evo-install-'))).toBe(true);
    else expect(packages).toContain('os-kernel');
  });

  it('feeds PyEZ facts: current_re, hostname, model, serial, domain, HOME, VC', () => {
    const current = currentRe(p);
    expect(current).toContain('re0');
    expect(current).toContain('master');
    // get_software_information.py picks the item whose re-name is in current_re
    const items = softwareItems(doc(p, 'command+show-version-invoke-on-all-routing-engines.xml'));
    const mine = items.filter((i) => i.re !== null && current.includes(i.re));
    expect(mine.length).toBe(1);
    expect(childText(mine[0]!.sw, 'host-name')).toBe(hostname);
    // get_chassis_inventory.py: .//chassis[1]/serial-number; not multi-RE hardware
    expect(childText(findFirst(doc(p, 'get-chassis-inventory.xml'), 'chassis'), 'serial-number')).toMatch(/^[A-Z0-9]{8,}$/);
    expect(findFirst(doc(p, 'get-chassis-inventory.xml'), 'multi-routing-engine-results')).toBeNull();
    // domain.py: .//domain-name of the committed configuration
    expect(textOf(findFirst(doc(p, 'get-configuration.xml'), 'domain-name'))).toBe('lab.example.net');
    // file_list.py: directory-list root-path becomes HOME
    expect(findFirst(doc(p, 'file-list.xml'), 'directory-list')?.attrs['root-path']).toMatch(/^\/var\/home\/\w+\/$/);
    // get_virtual_chassis_information.py: an rpc-error (or no file) leaves vc_capable False
    if (expected.virtualChassis === 'error') {
      const vc = doc(p, 'get-virtual-chassis-information.xml');
      expect(findFirst(vc, 'rpc-error')).not.toBeNull();
      expect(findFirst(vc, 'virtual-chassis-information')).toBeNull();
    }
  });

  it('keeps the configuration formats, uptime and health replies consistent', () => {
    const configuration = findFirst(doc(p, 'get-configuration.xml'), 'configuration')!;
    const commitSeconds = configuration.attrs['junos:commit-seconds'];
    expect(Number(commitSeconds)).toBeGreaterThan(0);
    expect(configuration.attrs['junos:commit-user']).toBeTruthy();
    expect(configuration.attrs['junos:commit-localtime']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    const lastConfigured = findFirst(findFirst(doc(p, 'get-system-uptime-information.xml'), 'last-configured-time'), 'date-time');
    expect(lastConfigured?.attrs['junos:seconds']).toBe(commitSeconds);
    // read-only login class and secrets present in all three formats, the same strings
    const secrets = [...findAll(configuration, 'encrypted-password'), ...findAll(configuration, 'secret')].map((e) => textOf(e)!);
    expect(secrets.some((s) => s.startsWith('$6$'))).toBe(true);
    expect(secrets.some((s) => s.startsWith('$9$'))).toBe(true);
    for (const s of secrets) {
      expect(p.text.get('get-configuration@format=text.xml')).toContain(`"${s}"; ## SECRET-DATA`);
      expect(p.text.get('get-configuration@format=set.xml')).toContain(`"${s}"`);
    }
    const roClass = findAll(configuration, 'class').find((c) => childText(c, 'name') === 'ibsight-ro');
    expect(childrenNamed(roClass, 'permissions').map(textOf)).toEqual(['view', 'view-configuration']);
    expect(findAll(findFirst(configuration, 'snmp'), 'community').length).toBeGreaterThan(0);
    // interfaces: some up, some link-down, some administratively down
    const physical = findAll(doc(p, 'get-interface-information+terse.xml'), 'physical-interface').map((e) => `${childText(e, 'admin-status')}/${childText(e, 'oper-status')}`);
    for (const state of ['up/up', 'up/down', 'down/down']) expect(physical).toContain(state);
    // alarms and core dumps as this profile is meant to show them
    const alarmCount = (f: string): number => findAll(doc(p, f), 'alarm-detail').length;
    expect(alarmCount('get-alarm-information.xml') > 0).toBe(expected.chassisAlarms);
    if (!expected.chassisAlarms) expect(findFirst(doc(p, 'get-alarm-information.xml'), 'no-active-alarms')).not.toBeNull();
    const cores = findAll(doc(p, 'get-system-core-dumps.xml'), 'file-name').map(textOf);
    expect(cores.length > 0).toBe(expected.cores);
    for (const c of cores) expect(c).toMatch(/^\/var\/(crash|tmp)\/.*core/);
    // environment: temperatures, fans and power supplies, each with a status
    const env = findAll(doc(p, 'get-environment-information.xml'), 'environment-item');
    for (const cls of ['Temp', 'Fans']) expect(env.some((e) => childText(e, 'class') === cls)).toBe(true);
    expect(env.some((e) => /^(PEM|PSM) \d/.test(childText(e, 'name') ?? ''))).toBe(true);
    for (const e of env) expect(childText(e, 'status')).toMatch(/^(OK|Check|Failed|Absent|Testing)$/);
    // licences: features with used/installed/needed/expiry
    const features = findAll(doc(p, 'get-license-summary-information.xml'), 'feature-summary');
    expect(features.length).toBeGreaterThan(0);
    for (const f of features) for (const field of ['name', 'licensed', 'used-licensed', 'needed', 'end-date']) expect(childText(f, field), field).not.toBeNull();
  });
});

describe('mx960 inventory depth', () => {
  const p = load('mx960');
  const items = inventoryItems(doc(p, 'get-chassis-inventory.xml'));

  it('has MIC → PIC → Xcvr four levels deep, BUILTIN PICs, NON-JNPR and serial-less optics', () => {
    const deepest = items.filter((i) => i.path.length === 5);
    expect(deepest.length).toBeGreaterThan(0);
    expect(deepest.every((i) => /^Xcvr \d+$/.test(i.path[4]!) && /^MIC \d$/.test(i.path[2]!) && /^PIC \d$/.test(i.path[3]!))).toBe(true);
    const xcvrs = items.filter((i) => /^Xcvr/.test(i.path.at(-1)!));
    expect(xcvrs.some((i) => childText(i.element, 'part-number') === 'NON-JNPR' && childText(i.element, 'serial-number') !== null)).toBe(true);
    expect(xcvrs.some((i) => childText(i.element, 'serial-number') === null)).toBe(true);
    expect(xcvrs.some((i) => /^740-\d{6}$/.test(childText(i.element, 'part-number') ?? ''))).toBe(true);
    expect(items.some((i) => /^PIC/.test(i.path.at(-1)!) && childText(i.element, 'serial-number') === 'BUILTIN')).toBe(true);
    const names = items.map((i) => i.path.at(-1)!);
    for (const n of ['Midplane', 'FPM Board', 'PDM', 'PEM 0', 'Routing Engine 0', 'Routing Engine 1', 'CB 0', 'Fan Tray 0']) expect(names).toContain(n);
    expect(items.filter((i) => i.path.length === 2 && /^FPC \d+$/.test(i.path[1]!)).length).toBeGreaterThanOrEqual(3);
  });
});
