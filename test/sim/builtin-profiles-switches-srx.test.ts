/**
 * Built-in simulator profiles ex4300-vc, srx345-cluster and qfx5120 (src/sim/profiles/<name>/):
 * every reply parses, required files exist, profile.yaml has its keys, the hostname token and the
 * inventory serials (which the simulator personalises per device) are consistent across files, the
 * software version is the profile release, and the replies hold what Juniper PyEZ's fact modules
 * read on switches, virtual chassis and SRX clusters (current_re, vc_master, srx_cluster_id, ...).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { child, childText, childrenNamed, findAll, findFirst, textOf } from '../../src/xml/element.js';
import { parseXml, type XmlElement } from '../../src/xml/parse.js';

const ROOT = join(import.meta.dirname, '..', '..', 'src', 'sim', 'profiles');
const PLACEHOLDER = /^(BUILTIN|NONE|N\/A|NA|UNKNOWN|NON-JNPR|EMPTY)$/i;
const LEVELS = ['chassis', 'chassis-module', 'chassis-sub-module', 'chassis-sub-sub-module', 'chassis-sub-sub-sub-module'];
const SOFTWARE = ['get-software-information.xml', 'get-software-information+all-servers.xml', 'command+show-version-invoke-on-all-routing-engines.xml'];
const CONFIGS = ['get-configuration.xml', 'get-configuration@format=text.xml', 'get-configuration@format=set.xml'];
const REQUIRED = [
  'profile.yaml', ...SOFTWARE, ...CONFIGS, 'get-chassis-inventory.xml', 'get-route-engine-information.xml',
  'get-system-uptime-information.xml', 'get-alarm-information.xml', 'get-system-alarm-information.xml',
  'get-system-core-dumps.xml', 'get-environment-information.xml', 'get-virtual-chassis-information.xml',
  'get-license-summary-information.xml', 'get-interface-information+terse.xml',
  'get-interface-information+routing-instance.xml', 'file-show.xml', 'file-list.xml',
];

interface Spec {
  name: string;
  kind: 'vc' | 'cluster' | 'standalone';
  members: string[];
  /** The member PyEZ must find itself connected to (current_re). */
  current: string;
  model: RegExp;
}

const SPECS: Spec[] = [
  { name: 'ex4300-vc', kind: 'vc', members: ['fpc0', 'fpc1'], current: 'fpc0', model: /^EX4300-48[PT]$/ },
  { name: 'srx345-cluster', kind: 'cluster', members: ['node0', 'node1'], current: 'node0', model: /^SRX345$/ },
  { name: 'qfx5120', kind: 'standalone', members: ['fpc0'], current: 'fpc0', model: /^QFX5120-48Y-8C$/ },
];

interface Loaded {
  files: string[];
  text: Map<string, string>;
  xml: Map<string, XmlElement>;
  meta: Record<string, unknown>;
}

function load(name: string): Loaded {
  const dir = join(ROOT, name);
  const files = readdirSync(dir).sort();
  const text = new Map(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const));
  const xml = new Map(files.filter((f) => f.endsWith('.xml')).map((f) => [f, parseXml(text.get(f)!)] as const));
  return { files, text, xml, meta: (parseYaml(text.get('profile.yaml') ?? '') ?? {}) as Record<string, unknown> };
}

function doc(p: Loaded, file: string): XmlElement {
  const root = p.xml.get(file);
  if (!root) throw new Error(`missing ${file}`);
  return root;
}

interface Item {
  path: string[];
  element: XmlElement;
  chassis: number;
}

/** Every inventory item of every chassis (an SRX cluster has one per node), with its path of names. */
function items(root: XmlElement): Item[] {
  const out: Item[] = [];
  const walk = (e: XmlElement, path: string[], level: number, chassis: number): void => {
    const here = [...path, childText(e, 'name') ?? '?'];
    out.push({ path: here, element: e, chassis });
    for (const c of childrenNamed(e, LEVELS[level + 1] ?? '')) walk(c, here, level + 1, chassis);
  };
  findAll(root, 'chassis').forEach((c, i) => walk(c, [], 0, i));
  return out;
}

const serialOf = (i: Item): string | null => childText(i.element, 'serial-number');
const isReal = (s: string | null): s is string => s !== null && !PLACEHOLDER.test(s);

/** multi-routing-engine items (re-name → inner element), or one null-named entry for a plain reply. */
function perMember(root: XmlElement, inner: string): Map<string | null, XmlElement> {
  const list = findAll(root, 'multi-routing-engine-item');
  if (list.length === 0) return new Map([[null, findFirst(root, inner)!]]);
  return new Map(list.map((i) => [childText(i, 're-name'), child(i, inner)!] as const));
}

/** PyEZ current_re.py over iri_mapping.py: private-instance inet addresses → hosts.junos names, SRX cluster rule. */
function currentRe(p: Loaded, clusterId: number | null): string[] {
  const hosts = new Map<string, string[]>();
  for (const line of (findFirst(doc(p, 'file-show.xml'), 'file-content')?.text ?? '').split('\n')) {
    const words = line.split('#')[0]!.trim().split(/\s+/).filter(Boolean);
    if (words.length > 1) hosts.set(words[0]!, [...(hosts.get(words[0]!) ?? []), ...words.slice(1)]);
  }
  const out: string[] = [];
  for (const fam of findAll(doc(p, 'get-interface-information+routing-instance.xml'), 'address-family')) {
    if (childText(fam, 'address-family-name') !== 'inet') continue;
    for (const a of findAll(fam, 'ifa-local')) {
      const ip = textOf(a)!.split('/')[0]!;
      const o = ip.split('.');
      const names = hosts.get(ip) ??
        (clusterId !== null && o[1] === String(clusterId << 4) && o[2] === '0' && o[3] === '1'
          ? [{ '129': 'node0', '130': 'node1', '143': 'primary' }[o[0]!] ?? ''].filter(Boolean)
          : []);
      for (const n of names) if (!out.includes(n)) out.push(n);
    }
  }
  return out;
}

describe.each(SPECS)('built-in profile $name', (spec) => {
  const p = load(spec.name);
  const hostname = String(p.meta['hostname']);
  const release = String(p.meta['release']);
  const inv = items(doc(p, 'get-chassis-inventory.xml'));
  const serials = [...new Set(inv.map(serialOf).filter(isReal))];

  it('has the required files, each a parseable <rpc-reply>, and a complete profile.yaml', () => {
    const required = [...REQUIRED];
    if (spec.kind !== 'standalone') required.push('get-system-uptime-information+invoke-on.xml', 'get-system-core-dumps+invoke-on.xml');
    if (spec.kind === 'cluster') required.push('get-chassis-cluster-status.xml');
    else required.push('get-ethernet-switching-table-information.xml');
    for (const f of required) expect(p.files, `${spec.name} lacks ${f}`).toContain(f);
    for (const f of p.files) expect(f === 'profile.yaml' || f.endsWith('.xml'), f).toBe(true);
    for (const [f, root] of p.xml) expect(root.name, f).toBe('rpc-reply');
    // chassis cluster status is an unknown RPC on EX and QFX: no file, the simulator answers like Junos
    if (spec.kind !== 'cluster') expect(p.files).not.toContain('get-chassis-cluster-status.xml');
    expect(Object.keys(p.meta).sort()).toEqual(['base11', 'description', 'hostname', 'release']);
    expect(p.meta['description']).toEqual(expect.any(String));
    expect(hostname).toMatch(/^lab-[a-z0-9-]+-a$/);
    expect(release).toMatch(/^\d\d\.\dR\d-S\d+\.\d+$/);
    expect(p.meta['base11']).toEqual(expect.any(Boolean));
  });

  it('names the hostname token in the software replies and every configuration format, never glued to a word', () => {
    for (const f of SOFTWARE) {
      const names = [...perMember(doc(p, f), 'software-information').values()].map((sw) => childText(sw, 'host-name'));
      const expected = spec.kind === 'cluster' ? spec.members.map((m) => `${hostname}-${m}`) : spec.members.map(() => hostname);
      expect(names, f).toEqual(expected);
    }
    for (const f of CONFIGS) expect(p.text.get(f), f).toContain(hostname);
    for (const [f, body] of p.text) {
      for (const m of body.matchAll(new RegExp(hostname, 'g'))) expect(/[A-Za-z0-9]/.test(body[m.index - 1] ?? ''), f).toBe(false);
    }
  });

  it('answers the profile release in every software reply, per member, with the configuration version', () => {
    for (const f of SOFTWARE) {
      const members = perMember(doc(p, f), 'software-information');
      expect([...members.keys()], f).toEqual(spec.members);
      for (const sw of members.values()) {
        expect(childText(sw, 'junos-version'), f).toBe(release);
        expect(childText(sw, 'product-model')!.toUpperCase(), f).toMatch(spec.model);
      }
    }
    expect(childText(findFirst(doc(p, 'get-configuration.xml'), 'configuration'), 'version')).toBe(release);
    expect(p.text.get('get-configuration@format=set.xml')).toContain(`set version ${release}\n`);
  });

  it('has distinctive inventory serials, unique per chassis except where a switch repeats its own', () => {
    expect(serials.length).toBeGreaterThanOrEqual(8);
    for (const s of serials) {
      expect(s.length, s).toBeGreaterThanOrEqual(8);
      for (const o of serials) if (o !== s) expect(o.includes(s), `${s} inside ${o}`).toBe(false);
      for (const [f, body] of p.text) {
        for (let at = body.indexOf(s); at !== -1; at = body.indexOf(s, at + 1)) {
          expect(/[A-Za-z0-9]/.test(`${body[at - 1] ?? ''}${body[at + s.length] ?? ''}`), `${f}: ${s} in a longer word`).toBe(false);
        }
      }
      const holders = inv.filter((i) => serialOf(i) === s);
      expect(new Set(holders.map((i) => i.chassis)).size, `${s} on two chassis`).toBe(1);
      if (holders.length === 1) continue;
      // a repeat is the switch's (or SRX's) own serial on its chassis, routing engine, FPC and PIC
      const owner = holders.find((i) => i.path.length === 1 || /^FPC \d+$/.test(i.path.at(-1)!));
      expect(owner, `${s} repeats without an owning chassis/FPC`).toBeDefined();
      for (const h of holders) expect(h.path.at(-1)!, s).toMatch(/^(Chassis|Routing Engine( \d+)?|FPC \d+|PIC \d+)$/);
    }
  });

  it('uses only inventory serials elsewhere: routing engines, VC members, VC configuration', () => {
    for (const [f, root] of p.xml) {
      if (f === 'get-chassis-inventory.xml') continue;
      for (const e of [...findAll(root, 'serial-number'), ...findAll(root, 'member-serial-number')]) {
        if (isReal(textOf(e))) expect(serials, `${f}: ${textOf(e)}`).toContain(textOf(e));
      }
    }
    for (const f of CONFIGS.slice(1)) for (const m of p.text.get(f)!.matchAll(/serial-number (\S+?);?\n/g)) expect(serials, f).toContain(m[1]);
    const res = findAll(doc(p, 'get-route-engine-information.xml'), 'route-engine');
    expect(res.length).toBe(spec.members.length);
    for (const re of res) {
      for (const field of ['status', 'model', 'serial-number', 'last-reboot-reason', 'cpu-idle']) expect(childText(re, field), field).not.toBeNull();
      expect(Number(child(re, 'up-time')?.attrs['junos:seconds'])).toBeGreaterThan(0);
    }
    if (spec.kind !== 'cluster') {
      // switches list routing engines by slot with mastership (SRX branch nodes do not)
      expect(res.map((r) => childText(r, 'mastership-state'))).toEqual(spec.kind === 'vc' ? ['master', 'backup'] : ['master']);
      expect(res.map((r) => childText(r, 'slot'))).toEqual(spec.members.map((_, i) => String(i)));
    }
  });

  it('feeds PyEZ: current_re picks the connected member, whose software item gives hostname/model/version', () => {
    const cluster = p.xml.get('get-chassis-cluster-status.xml');
    const clusterId = cluster ? Number(childText(findFirst(cluster, 'chassis-cluster-status'), 'cluster-id')) : null;
    const current = currentRe(p, clusterId);
    expect(current).toContain(spec.current);
    const mine = [...perMember(doc(p, SOFTWARE[2]!), 'software-information')].filter(([re]) => re !== null && current.includes(re));
    expect(mine.map(([re]) => re)).toEqual([spec.current]);
    for (const field of ['host-name', 'product-model', 'junos-version']) expect(childText(mine[0]![1], field)).not.toBeNull();
    // get_chassis_inventory.py: .//chassis[1]/serial-number (cluster: node0's)
    expect(isReal(childText(findFirst(doc(p, 'get-chassis-inventory.xml'), 'chassis'), 'serial-number'))).toBe(true);
    expect(textOf(findFirst(doc(p, 'get-configuration.xml'), 'domain-name'))).toBe('lab.example.net');
    expect(findFirst(doc(p, 'file-list.xml'), 'directory-list')?.attrs['root-path']).toMatch(/^\/var\/home\/\w+\/$/);
    expect(findFirst(doc(p, 'file-show.xml'), 'file-content')?.attrs['filename']).toBe('/etc/hosts.junos');
    if (spec.kind === 'cluster') {
      expect(current).toContain('primary');
      // the cluster addresses must not be in hosts.junos, or PyEZ would map them as hosts instead
      expect(p.text.get('file-show.xml')).not.toMatch(/^(129|130|143)\.16\.0\.1\s/m);
    }
  });

  it('answers virtual-chassis and cluster RPCs as the platform does', () => {
    const vc = doc(p, 'get-virtual-chassis-information.xml');
    if (spec.kind === 'cluster') {
      expect(childText(findFirst(vc, 'error-info'), 'bad-element')).toBe('get-virtual-chassis-information');
      const status = findFirst(doc(p, 'get-chassis-cluster-status.xml'), 'chassis-cluster-status')!;
      expect(childText(status, 'cluster-id')).toBe('1');
      const groups = childrenNamed(status, 'redundancy-group');
      expect(groups.map((g) => childText(g, 'redundancy-group-id'))).toEqual(['0', '1']);
      for (const g of groups) {
        const stats = child(g, 'device-stats')!;
        // PyEZ zips these five lists: they must be parallel
        const cols = ['device-name', 'device-priority', 'redundancy-group-status', 'preempt', 'failover-mode'].map((c) => childrenNamed(stats, c).map(textOf));
        for (const col of cols) expect(col.length).toBe(2);
        expect(cols[0]).toEqual(['node0', 'node1']);
        expect(cols[2]).toEqual(['primary', 'secondary']);
      }
      for (const f of ['get-chassis-inventory.xml', 'get-route-engine-information.xml', 'get-system-uptime-information.xml', 'get-environment-information.xml', 'get-alarm-information.xml']) {
        expect(findAll(doc(p, f), 're-name').map(textOf), f).toEqual(spec.members);
      }
      return;
    }
    const members = findAll(vc, 'member');
    const masters = members.filter((m) => (childText(m, 'member-role') ?? '').startsWith('Master'));
    expect(masters.map((m) => childText(m, 'member-id'))).toEqual(['0']);
    expect(members.map((m) => childText(m, 'member-status'))).toEqual(spec.members.map(() => 'Prsnt'));
    const software = perMember(doc(p, SOFTWARE[0]!), 'software-information');
    for (const m of members) {
      const id = childText(m, 'member-id');
      const fpc = inv.find((i) => i.path.length === 2 && i.path[1] === `FPC ${id}`)!;
      expect(childText(m, 'member-serial-number')).toBe(serialOf(fpc));
      expect(childText(m, 'member-model')).toBe(childText(software.get(`fpc${id}`), 'product-model'));
    }
    if (spec.kind === 'vc') {
      // one inventory for the whole VC: each member is an FPC holding its power supplies and fans
      expect(findAll(doc(p, 'get-chassis-inventory.xml'), 'chassis').length).toBe(1);
      for (const m of spec.members) {
        const fpc = `FPC ${m.slice(3)}`;
        for (const sub of ['PIC 0', 'PIC 2', 'Power Supply 0', 'Fan Tray 0']) expect(inv.some((i) => i.path[1] === fpc && i.path[2] === sub), `${fpc}/${sub}`).toBe(true);
        expect(serialOf(inv.find((i) => i.path[1] === fpc && i.path[2] === 'PIC 0')!)).toBe(serialOf(inv.find((i) => i.path.length === 2 && i.path[1] === fpc)!));
      }
    } else {
      expect(inv.filter((i) => /^Xcvr \d+$/.test(i.path.at(-1)!)).length).toBeGreaterThanOrEqual(12);
      expect(inv.some((i) => childText(i.element, 'part-number') === 'NON-JNPR')).toBe(true);
      expect(serialOf(inv.find((i) => i.path[1] === 'FPC 0')!)).toBe(serialOf(inv[0]!));
    }
  });

  it('keeps the three configuration formats, interfaces, MAC table and health replies consistent', () => {
    const configuration = findFirst(doc(p, 'get-configuration.xml'), 'configuration')!;
    const text = p.text.get('get-configuration@format=text.xml')!;
    const set = p.text.get('get-configuration@format=set.xml')!;
    // every leaf value of the XML configuration is in the text and set formats too
    const values: string[] = [];
    const walk = (e: XmlElement): void => {
      if (e.children.length > 0) e.children.forEach(walk);
      else if (textOf(e) !== null) values.push(textOf(e)!);
    };
    configuration.children.forEach(walk);
    for (const v of values) {
      expect(text, `text format lacks ${v}`).toContain(v);
      expect(set, `set format lacks ${v}`).toContain(v);
    }
    const secrets = values.filter((v) => /^\$[69]\$/.test(v));
    expect(secrets.some((s) => s.startsWith('$6$')) && secrets.some((s) => s.startsWith('$9$'))).toBe(true);
    for (const s of secrets) expect(text).toContain(`"${s}"; ## SECRET-DATA`);
    expect(set.split('\n').filter((l) => l.startsWith('set ')).length).toBeGreaterThan(60);
    const ro = findAll(configuration, 'class').find((c) => childText(c, 'name') === 'ibsight-ro');
    expect(childrenNamed(ro, 'permissions').map(textOf)).toEqual(['view', 'view-configuration']);
    const commit = configuration.attrs['junos:commit-seconds'];
    for (const t of findAll(doc(p, 'get-system-uptime-information.xml'), 'last-configured-time')) expect(child(t, 'date-time')?.attrs['junos:seconds']).toBe(commit);

    const terse = doc(p, 'get-interface-information+terse.xml');
    const states = findAll(terse, 'physical-interface').map((e) => `${childText(e, 'admin-status')}/${childText(e, 'oper-status')}`);
    for (const s of ['up/up', 'up/down', 'down/down']) expect(states).toContain(s);
    const logicals = new Set(findAll(terse, 'logical-interface').map((l) => childText(l, 'name')));
    if (spec.kind !== 'cluster') {
      // PyEZ switch_style: an ELS table means VLAN_L2NG; every MAC is learnt on an existing interface
      const table = doc(p, 'get-ethernet-switching-table-information.xml');
      expect(table.children[0]!.name).toBe('l2ng-l2ald-rtb-macdb');
      const ifls = findAll(table, 'l2ng-l2-mac-logical-interface').map(textOf);
      expect(ifls.length).toBeGreaterThan(5);
      for (const ifl of ifls) expect(logicals, `${ifl} not in terse`).toContain(ifl);
    }
    const cores = findAll(doc(p, spec.kind === 'standalone' ? 'get-system-core-dumps.xml' : 'get-system-core-dumps+invoke-on.xml'), 'file-name').map(textOf);
    expect(cores.length > 0).toBe(spec.kind !== 'standalone');
    for (const c of cores) expect(c).toMatch(/^\/var\/(crash|tmp)\/[\w.-]+\.core[\w.]*$/);
    const alarms = findAll(doc(p, 'get-alarm-information.xml'), 'alarm-detail').length + findAll(doc(p, 'get-system-alarm-information.xml'), 'alarm-detail').length;
    expect(alarms === 0).toBe(spec.kind === 'standalone');
    if (spec.kind === 'standalone') expect(findAll(doc(p, 'get-alarm-information.xml'), 'no-active-alarms').length).toBe(1);
    const env = findAll(doc(p, 'get-environment-information.xml'), 'environment-item');
    for (const n of [/Power Supply \d/, /Fan|fan/]) expect(env.some((e) => n.test(childText(e, 'name')!))).toBe(true);
    for (const e of env) expect(childText(e, 'status')).toMatch(/^(OK|Check|Failed|Absent)$/);
    const features = findAll(doc(p, 'get-license-summary-information.xml'), 'feature-summary');
    expect(features.length).toBeGreaterThan(1);
    for (const f of features) {
      for (const field of ['name', 'licensed', 'used-licensed', 'needed']) expect(childText(f, field), field).not.toBeNull();
      expect(child(f, 'end-date') ?? child(f, 'validity-type')).not.toBeNull();
    }
  });
});
