/**
 * The simulator's fleet file (SPEC §6): YAML, validated with zod, expanded into one planned
 * device per port. Errors are CONFIG_INVALID and name the file and the key path, e.g.
 * `fleet.yaml: devices[2].fault: expected one of auth-fail, refuse, ...`.
 *
 *   username: lab
 *   password: lab
 *   sites: [{ id: "0100012345", name: AMS-DC1 }]        # optional: names for the sites used below
 *   devices:
 *     - { name: mx960-a, profile: ./profiles/mx960, site: "0100012345" }
 *     - { generate: 500, profile: builtin:mx480, namePrefix: edge-, site: "0100012345" }
 *     - { name: broken-1, profile: builtin:qfx5120, site: "0100012345", fault: slow, delayMs: 5000 }
 *
 * `profile` is `builtin:<name>` or a directory relative to the fleet file. Generated devices are
 * named `<namePrefix>1` ... `<namePrefix>N`. Devices of builtin profiles and of `generate`
 * entries are personalised (unique hostname and serial numbers, see personalisation.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { IbsightError } from '../errors/ibsight-error.js';
import { builtinProfileDir } from './builtin-profile-dir.js';
import { FAULTS, type Fault } from './faults.js';

export const DEFAULT_SLOW_DELAY_MS = 2000;
const MAX_DEVICES = 40_000;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,50}$/;

const nameSchema = z.string().regex(NAME, 'expected letters, digits, ".", "_" or "-" (at most 63, starting with a letter or digit)');
const common = {
  profile: z.string().min(1),
  site: z.string().min(1),
  fault: z.enum(FAULTS).optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
};
const namedEntry = z.strictObject({ name: nameSchema, ...common });
const generateEntry = z.strictObject({
  generate: z.number().int().min(1).max(MAX_DEVICES),
  namePrefix: z.string().regex(PREFIX, 'expected letters, digits, ".", "_" or "-", starting with a letter or digit'),
  ...common,
});
const fleetSchema = z.strictObject({
  username: z.string().min(1),
  password: z.string().min(1),
  sites: z.array(z.strictObject({ id: z.string().min(1), name: z.string().min(1) })).optional(),
  devices: z.array(z.unknown()).min(1),
});

export interface FleetSite {
  id: string;
  name: string;
}

export interface PlannedDevice {
  name: string;
  site: string;
  /** Absolute profile directory. */
  profileDir: string;
  /** The profile as written in the fleet file (`builtin:mx480`, `./profiles/x`). */
  profileRef: string;
  /** Replace the profile's hostname and serial numbers with per-device values. */
  personalise: boolean;
  fault: Fault | null;
  delayMs: number;
  /** Where this device came from in the fleet file, e.g. `devices[3]`. */
  keyPath: string;
}

export interface FleetPlan {
  file: string;
  username: string;
  password: string;
  sites: FleetSite[];
  devices: PlannedDevice[];
}

interface Issue {
  path: PropertyKey[];
  message: string;
}

/** `devices[2].fault` from ['devices', 2, 'fault']. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length > 0 ? `.${String(part)}` : String(part);
  }
  return out;
}

function issuesOf(error: z.ZodError, prefix: PropertyKey[]): Issue[] {
  const issues: Issue[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...path, key], message: 'unknown key' });
    } else if (issue.code === 'invalid_value') {
      issues.push({ path, message: `expected one of ${issue.values.map(String).join(', ')}` });
    } else if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
      issues.push({ path, message: `required (${issue.expected})` });
    } else {
      issues.push({ path, message: issue.message.replace(/^Invalid input: /, '') });
    }
  }
  return issues;
}

function fail(file: string, issues: Issue[]): never {
  const parts = issues.map((i) => `${file}: ${formatKeyPath(i.path) || '(top level)'}: ${i.message}`);
  throw new IbsightError('CONFIG_INVALID', parts.join('; '), {
    context: { file, keyPath: formatKeyPath(issues[0]?.path ?? []) },
  });
}

function resolveProfile(ref: string, fleetDir: string): { dir: string; builtin: boolean } | string {
  if (ref.startsWith('builtin:')) {
    const name = ref.slice('builtin:'.length);
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) return `"${ref}" is not a valid builtin profile name`;
    return { dir: builtinProfileDir(name), builtin: true };
  }
  return { dir: resolve(fleetDir, ref), builtin: false };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Validates a parsed fleet document and expands it into devices. `file` is used in messages and to resolve profiles. */
export function planFleet(doc: unknown, file: string): FleetPlan {
  const top = fleetSchema.safeParse(doc ?? {});
  if (!top.success) fail(file, issuesOf(top.error, []));
  const fleetDir = dirname(resolve(file));
  const devices: PlannedDevice[] = [];
  const issues: Issue[] = [];
  const seen = new Map<string, string>();
  const dirs = new Map<string, boolean>();

  top.data.devices.forEach((raw, index) => {
    const keyPath = `devices[${index}]`;
    const isGenerate = typeof raw === 'object' && raw !== null && 'generate' in raw;
    const parsed = (isGenerate ? generateEntry : namedEntry).safeParse(raw);
    if (!parsed.success) {
      issues.push(...issuesOf(parsed.error, ['devices', index]));
      return;
    }
    const entry = parsed.data;
    const profile = resolveProfile(entry.profile, fleetDir);
    if (typeof profile === 'string') {
      issues.push({ path: ['devices', index, 'profile'], message: profile });
      return;
    }
    if (!dirs.has(profile.dir)) dirs.set(profile.dir, isDirectory(profile.dir));
    if (!dirs.get(profile.dir)) {
      issues.push({ path: ['devices', index, 'profile'], message: `no profile directory at ${profile.dir}` });
      return;
    }
    const names = 'generate' in entry
      ? Array.from({ length: entry.generate }, (_, i) => `${entry.namePrefix}${i + 1}`)
      : [entry.name];
    for (const name of names) {
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        issues.push({ path: ['devices', index, 'generate' in entry ? 'namePrefix' : 'name'], message: `device name "${name}" already used by ${earlier}` });
        return;
      }
      seen.set(name, keyPath);
      devices.push({
        name,
        site: entry.site,
        profileDir: profile.dir,
        profileRef: entry.profile,
        personalise: profile.builtin || 'generate' in entry,
        fault: entry.fault ?? null,
        delayMs: entry.delayMs ?? DEFAULT_SLOW_DELAY_MS,
        keyPath,
      });
    }
  });
  if (devices.length > MAX_DEVICES) issues.push({ path: ['devices'], message: `${devices.length} devices; at most ${MAX_DEVICES}` });
  if (issues.length > 0) fail(file, issues);

  const sites: FleetSite[] = (top.data.sites ?? []).map((s) => ({ id: s.id, name: s.name }));
  for (const device of devices) {
    if (!sites.some((s) => s.id === device.site)) sites.push({ id: device.site, name: device.site });
  }
  return { file, username: top.data.username, password: top.data.password, sites, devices };
}

/** Parses fleet YAML text (syntax errors name the line). */
export function parseFleetText(text: string, file: string): FleetPlan {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = lines.linePos(first.pos[0]).line;
    throw new IbsightError('CONFIG_INVALID', `${file}: ${line !== undefined ? `line ${line}: ` : ''}${first.message}`, {
      context: { file, ...(line !== undefined ? { line } : {}) },
    });
  }
  return planFleet(doc.toJS(), file);
}

/** Reads and plans a fleet file. */
export function loadFleetFile(file: string): FleetPlan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new IbsightError('CONFIG_INVALID', `${file}: cannot read the fleet file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
      cause: err,
      context: { file },
    });
  }
  return parseFleetText(text, file);
}
