/**
 * What an inventory item is (SPEC §2.2 `kind`) from its name, across Junos families, and which
 * serial numbers are placeholders rather than a part's own identity. Both are table lookups on a
 * normalised name (no regex per item): the name's "stem" is its text before the first digit,
 * lower-cased and trimmed — `Routing Engine 1` → `routing engine`, `Xcvr 10` → `xcvr`,
 * `PEM 0` → `pem`, `Fan Tray` → `fan tray` — shortened word by word when not in the table.
 *
 * Decisions (docs/collectors/chassis-inventory.md):
 *  - midplane: Midplane, Backplane (vSRX and some switches carry the system serial there), PMP
 *    (MX2020 power midplane). FPM / "FPM Board" (the craft front panel) is `other`.
 *  - control-board: CB, SCB, "Pseudo CB", SFB and SIB (fabric boards), SPMB, "Control Board".
 *  - fpc: FPC, and the fixed forwarding boards of small MX (TFEB, AFEB, FEB).
 *  - power: PEM, PSM, PDM, PSU, "Power Supply", "Power Entry Module" and similar.
 *  - fan: "Fan Tray", Fan, FTC, "Fan Extender" and similar.
 *  - anything unknown (CPU, MGMT BRD, WAN MEZZ, System IO, ADC...) is `other`.
 */

export type ComponentKind =
  | 'chassis'
  | 'midplane'
  | 'routing-engine'
  | 'control-board'
  | 'fpc'
  | 'mic'
  | 'pic'
  | 'transceiver'
  | 'power'
  | 'fan'
  | 'other';

const KIND_BY_STEM: ReadonlyMap<string, ComponentKind> = new Map<string, ComponentKind>([
  ['midplane', 'midplane'],
  ['mid-plane', 'midplane'],
  ['backplane', 'midplane'],
  ['enhanced midplane', 'midplane'],
  ['pmp', 'midplane'],
  ['routing engine', 'routing-engine'],
  ['re', 'routing-engine'],
  ['rcb', 'routing-engine'],
  ['cb', 'control-board'],
  ['scb', 'control-board'],
  ['pseudo cb', 'control-board'],
  ['control board', 'control-board'],
  ['sfb', 'control-board'],
  ['sib', 'control-board'],
  ['spmb', 'control-board'],
  ['fpc', 'fpc'],
  ['tfeb', 'fpc'],
  ['afeb', 'fpc'],
  ['feb', 'fpc'],
  ['mic', 'mic'],
  ['pic', 'pic'],
  ['xcvr', 'transceiver'],
  ['transceiver', 'transceiver'],
  ['optic', 'transceiver'],
  ['optics', 'transceiver'],
  ['sfp', 'transceiver'],
  ['sfp+', 'transceiver'],
  ['qsfp', 'transceiver'],
  ['qsfp+', 'transceiver'],
  ['xfp', 'transceiver'],
  ['cfp', 'transceiver'],
  ['pem', 'power'],
  ['psm', 'power'],
  ['pdm', 'power'],
  ['psu', 'power'],
  ['pdu', 'power'],
  ['power supply', 'power'],
  ['power supply module', 'power'],
  ['power supply unit', 'power'],
  ['power entry module', 'power'],
  ['power distribution module', 'power'],
  ['power module', 'power'],
  ['fan tray', 'fan'],
  ['fan', 'fan'],
  ['fans', 'fan'],
  ['ftc', 'fan'],
  ['fan extender', 'fan'],
  ['fan module', 'fan'],
  ['fan controller', 'fan'],
  ['fan tray controller', 'fan'],
]);

/** The name's text before its first digit, lower-cased and trimmed (`PSM 10` → `psm`). */
export function nameStem(name: string): string {
  let end = name.length;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      end = i;
      break;
    }
  }
  return name.slice(0, end).trim().toLowerCase();
}

/**
 * The kind of an item below the chassis, from its name (`other` when the name is unknown or
 * absent). A stem not in the table is shortened word by word from the end, so a qualified name
 * still finds its family: `SIB F13 0` (stem `sib f`) → `sib`.
 */
/** Kinds of names already seen: inventories repeat the same few hundred names (`Xcvr 0`, `PIC 1`). */
const kindCache = new Map<string, ComponentKind>();
const KIND_CACHE_LIMIT = 4096;

export function componentKind(name: string | null): ComponentKind {
  if (name === null) return 'other';
  const cached = kindCache.get(name);
  if (cached !== undefined) return cached;
  const kind = kindOfName(name);
  if (kindCache.size >= KIND_CACHE_LIMIT) kindCache.clear();
  kindCache.set(name, kind);
  return kind;
}

function kindOfName(name: string): ComponentKind {
  let stem = nameStem(name);
  for (;;) {
    const kind = KIND_BY_STEM.get(stem);
    if (kind !== undefined) return kind;
    const space = stem.lastIndexOf(' ');
    if (space <= 0) return 'other';
    stem = stem.slice(0, space).trimEnd();
  }
}

/**
 * Serial numbers Junos prints for parts without an identity of their own (integrated PICs, some
 * REs, empty slots): compared upper-case after trimming. All-zero serials count too.
 */
const PLACEHOLDER_SERIALS: ReadonlySet<string> = new Set([
  'BUILTIN',
  'BUILT-IN',
  'BUILT IN',
  'NONE',
  'N/A',
  'NA',
  'UNKNOWN',
  'NOT AVAILABLE',
  'NOT-AVAILABLE',
  'NON-JNPR',
  'NULL',
  'EMPTY',
  '-',
  '--',
]);

/** The longest placeholder, and the first characters placeholders start with (either case). */
const LONGEST_PLACEHOLDER = Math.max(...[...PLACEHOLDER_SERIALS].map((p) => p.length));
const PLACEHOLDER_STARTS: ReadonlySet<number> = new Set(
  [...PLACEHOLDER_SERIALS].flatMap((p) => [p.charCodeAt(0), p.toLowerCase().charCodeAt(0)]),
);

/**
 * Whether a (trimmed, non-empty) serial number is a placeholder such as `BUILTIN`. Runs for every
 * item: only a serial that could be one (its length and first character) is upper-cased.
 */
export function isPlaceholderSerial(serial: string | null): boolean {
  if (serial === null) return false;
  const couldBeListed = serial.length <= LONGEST_PLACEHOLDER && PLACEHOLDER_STARTS.has(serial.charCodeAt(0));
  if (couldBeListed && PLACEHOLDER_SERIALS.has(serial.toUpperCase())) return true;
  for (let i = 0; i < serial.length; i++) if (serial.charCodeAt(i) !== 48) return false;
  return serial.length > 0;
}
