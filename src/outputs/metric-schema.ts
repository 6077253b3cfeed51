/**
 * The metric schema (issue 7): every measurement ibsight writes to InfluxDB and serves to
 * Prometheus, with its tag keys, its fields (type, unit, meaning), when it is written and what its
 * time is. docs/metrics.md is the same contract in prose; the Grafana dashboards import their
 * measurement and field names from here, so a rename breaks their build on purpose.
 *
 * Rules kept:
 *  - Renaming a measurement, a tag key, a field or a tag value, or changing a field's type, is a
 *    BREAKING change (CHANGELOG.md note); adding a measurement or a field is not.
 *  - Names are snake_case, valid for InfluxDB and Prometheus alike: the Prometheus metric of a
 *    field is `<measurement>_<field>` (promName) with the tags as labels; no two collide.
 *  - Tags keep cardinality low: only the keys of TAG_KEYS (each with its bound), never a serial
 *    number, a device name, a timestamp or any other unbounded value. Tags with a fixed
 *    vocabulary list it in `tagValues`; a point outside it is refused (schema-point.ts).
 *  - Every point of a measurement carries every tag and every field of it (all-zero counts are
 *    written, so a count that falls to zero shows as zero, not as its last value).
 */
import { COMPONENT_KINDS } from '../config/config-schema.js';
import { FINDING_SEVERITIES } from '../analysis/exposure-types.js';
import { STATUS_ORDER } from '../analysis/reconcile-counts.js';
import { FINDING_MILESTONES } from '../lifecycle/lifecycle-types.js';

export type FieldType = 'int' | 'float' | 'string' | 'bool';
export type FieldUnit = 'count' | 'percent' | 'seconds';

export interface FieldSpec {
  readonly type: FieldType;
  readonly unit: FieldUnit;
  readonly description: string;
}

/** Every tag key a measurement may use, with what its values are and how many there can be. */
export const TAG_KEYS = {
  site: { values: 'site id of the inventory; `unknown` when a device has none', bound: 'the sites of the inventory' },
  model: { values: 'device model as reported (lower case, `mx960`); `unknown` before the first collection', bound: 'the product models in the fleet (tens)' },
  os: { values: '`junos`, `junos-evolved`, `unknown`', bound: '3' },
  status: { values: 'the measurement\'s status vocabulary (listed with it)', bound: '7 at most' },
  kind: { values: 'the measurement\'s kind vocabulary (listed with it)', bound: '11 at most' },
  train: { values: 'Junos release train (`21.4`, `15.1X49`, `23.4-EVO`); `unknown` when the version is not a Junos version', bound: 'the trains running in the fleet (tens)' },
  version: { values: 'Junos version as reported (`21.4R3-S5.4`); `unknown` when not sent', bound: 'the versions running in the fleet (tens)' },
  state: { values: 'contract state: `active`, `expiring`, `expired`, `none`, `no-record`', bound: '5' },
  severity: { values: 'the measurement\'s severity vocabulary (listed with it)', bound: '6 at most' },
  milestone: { values: 'lifecycle milestone (SPEC §8): `eolAnnounced`, `lastOrder`, `lastWarrantyConversion`, `endOfSoftwareEngineering`, `endOfEngineering`, `endOfSupport`', bound: '6' },
  item: { values: '`hardware` or `software`', bound: '2' },
  source: { values: 'alarm source: `chassis` or `system`', bound: '2' },
  collector: { values: 'collector name (SPEC §2); `none` for a device-level failure (could not connect)', bound: '13' },
  code: { values: 'ibsight error code (`AUTH_FAILED`, `RPC_TIMEOUT`...)', bound: 'the ErrorCode list (about 30)' },
} as const;

export type TagKey = keyof typeof TAG_KEYS;

export interface MeasurementSpec {
  readonly measurement: string;
  readonly description: string;
  /** When and from what it is written. */
  readonly written: string;
  /** What a point's time is. */
  readonly time: string;
  readonly tags: readonly TagKey[];
  /** The fixed vocabulary of some tags (a value outside it is refused). */
  readonly tagValues: { readonly [K in TagKey]?: readonly string[] };
  readonly fields: { readonly [name: string]: FieldSpec };
}

const count = (description: string) => ({ type: 'int', unit: 'count', description }) as const;

export const OS_VALUES = ['junos', 'junos-evolved', 'unknown'] as const;
export const DEVICE_STATUSES = ['ok', 'partial', 'failed', 'stale', 'never'] as const;
export const CONTRACT_STATES = ['active', 'expiring', 'expired', 'none', 'no-record'] as const;
export const FINDING_KINDS = ['advisory', 'lifecycle', 'contract'] as const;
export const LIFECYCLE_ITEMS = ['hardware', 'software'] as const;
export const LIFECYCLE_STATUSES = ['passed', 'upcoming'] as const;
export const ALARM_SOURCES = ['chassis', 'system'] as const;
export const ALARM_SEVERITIES = ['major', 'minor', 'other'] as const;
export const RUN_KINDS = ['collect', 'ingest'] as const;

const STATE_OF_COLLECTION = 'each metrics write (agent schedule, `ibsight metrics`), from the store';
const AT_LATEST_RUN = 'the latest collection run (its finish, else its start); the write time before any run';

export const INVENTORY = {
  measurement: 'ibsight_inventory',
  description: 'Devices of the inventory by site, model, OS and collection status (SPEC §2.5).',
  written: STATE_OF_COLLECTION,
  time: AT_LATEST_RUN,
  tags: ['site', 'model', 'os', 'status'],
  tagValues: { os: OS_VALUES, status: DEVICE_STATUSES },
  fields: { devices: count('devices with this site, model, OS and status') },
} as const satisfies MeasurementSpec;

export const HARDWARE = {
  measurement: 'ibsight_hardware',
  description: 'Current chassis-inventory components of the inventory\'s devices by site and kind (SPEC §2.2).',
  written: STATE_OF_COLLECTION,
  time: AT_LATEST_RUN,
  tags: ['site', 'kind'],
  tagValues: { kind: COMPONENT_KINDS },
  fields: {
    components: count('current components of this kind, at every depth'),
    serials: count('of them, those with a real serial number (not a placeholder such as BUILTIN)'),
  },
} as const satisfies MeasurementSpec;

export const SOFTWARE = {
  measurement: 'ibsight_software',
  description: 'Junos versions running, by site, OS, train and version (one member = one RE, VC member or cluster node).',
  written: STATE_OF_COLLECTION,
  time: AT_LATEST_RUN,
  tags: ['site', 'os', 'train', 'version'],
  tagValues: { os: OS_VALUES },
  fields: {
    devices: count('devices with at least one member on this version (a device running two versions counts under both)'),
    members: count('members running this version'),
  },
} as const satisfies MeasurementSpec;

export const RECONCILE = {
  measurement: 'ibsight_reconcile',
  description: 'In-scope serials of the latest reconciliation by site and status (SPEC §5).',
  written: 'each metrics write, from the latest stored reconciliation (none before the first)',
  time: 'the reconciliation\'s time',
  tags: ['site', 'status'],
  tagValues: { status: STATUS_ORDER },
  fields: { serials: count('in-scope serials with this status at this site (seen there, else recorded there)') },
} as const satisfies MeasurementSpec;

const accuracyFields = {
  pct: { type: 'float', unit: 'percent', description: '100 × matched ÷ (in scope − not verified); 100 when nothing is verifiable' },
  in_scope: count('in-scope serials'),
  matched: count('matched serials'),
  not_verified: count('serials last seen on a device whose collection failed'),
} as const;

export const ACCURACY = {
  measurement: 'ibsight_accuracy',
  description: 'Installed-base accuracy of the latest reconciliation, per site (SPEC §5 perSite).',
  written: RECONCILE.written,
  time: RECONCILE.time,
  tags: ['site'],
  tagValues: {},
  fields: accuracyFields,
} as const satisfies MeasurementSpec;

export const ACCURACY_FLEET = {
  measurement: 'ibsight_accuracy_fleet',
  description: 'Installed-base accuracy of the latest reconciliation over every site (SPEC §5 summary).',
  written: RECONCILE.written,
  time: RECONCILE.time,
  tags: [],
  tagValues: {},
  fields: accuracyFields,
} as const satisfies MeasurementSpec;

export const CONTRACTS = {
  measurement: 'ibsight_contracts',
  description: 'Contract state of the in-scope serials of the latest reconciliation, by site (SPEC §5 `contract`; `no-record`: not in the installed base).',
  written: RECONCILE.written,
  time: RECONCILE.time,
  tags: ['site', 'state'],
  tagValues: { state: CONTRACT_STATES },
  fields: { serials: count('in-scope serials in this contract state at this site') },
} as const satisfies MeasurementSpec;

export const EXPOSURE = {
  measurement: 'ibsight_exposure',
  description: 'Findings of the latest exposure run (advisories, lifecycle, contracts) by site, kind and severity.',
  written: 'each metrics write, from the latest stored exposure run (none before the first)',
  time: 'the exposure run\'s time',
  tags: ['site', 'kind', 'severity'],
  tagValues: { kind: FINDING_KINDS, severity: FINDING_SEVERITIES },
  fields: { findings: count('findings of this kind and severity at this site') },
} as const satisfies MeasurementSpec;

export const EXPOSURE_SITE = {
  measurement: 'ibsight_exposure_site',
  description: 'Devices judged by the latest exposure run, per site.',
  written: EXPOSURE.written,
  time: EXPOSURE.time,
  tags: ['site'],
  tagValues: {},
  fields: {
    devices: count('devices judged'),
    devices_with_findings: count('devices with at least one finding'),
    kev_findings: count('affected advisory findings of advisories on the CISA KEV list (known exploited)'),
    devices_past_end_of_engineering: count('devices running a release past its End of Engineering (no more security fixes)'),
  },
} as const satisfies MeasurementSpec;

export const LIFECYCLE = {
  measurement: 'ibsight_lifecycle',
  description: 'Lifecycle findings of the latest exposure run by site, item (hardware / software), milestone and status (SPEC §8).',
  written: EXPOSURE.written,
  time: EXPOSURE.time,
  tags: ['site', 'item', 'milestone', 'status'],
  tagValues: { item: LIFECYCLE_ITEMS, milestone: FINDING_MILESTONES, status: LIFECYCLE_STATUSES },
  fields: {
    findings: count('findings (one per component or member and milestone)'),
    devices: count('devices with at least one such finding'),
  },
} as const satisfies MeasurementSpec;

export const ALARMS = {
  measurement: 'ibsight_alarms',
  description: 'Active chassis and system alarms as last collected, by site, source and severity (Major/Red = major, Minor/Yellow = minor).',
  written: STATE_OF_COLLECTION,
  time: AT_LATEST_RUN,
  tags: ['site', 'source', 'severity'],
  tagValues: { source: ALARM_SOURCES, severity: ALARM_SEVERITIES },
  fields: {
    active: count('active alarms'),
    devices: count('devices with at least one such alarm'),
  },
} as const satisfies MeasurementSpec;

export const HEALTH = {
  measurement: 'ibsight_health',
  description: 'Core dumps present and routing-engine reboots, by site.',
  written: STATE_OF_COLLECTION,
  time: AT_LATEST_RUN,
  tags: ['site'],
  tagValues: {},
  fields: {
    core_dumps: count('core-dump files present on the devices as last collected'),
    devices_with_core_dumps: count('devices with at least one core dump'),
    reboots_24h: count('routing-engine boots in the 24 hours before the point\'s time'),
    devices_rebooted_24h: count('devices with at least one such boot'),
  },
} as const satisfies MeasurementSpec;

export const RUN = {
  measurement: 'ibsight_run',
  description: 'The collector\'s own run: duration, device outcomes (SPEC §2.4) and schedule overruns.',
  written: 'after every collection run (agent), from the run summary',
  time: 'the run\'s end',
  tags: ['kind'],
  tagValues: { kind: RUN_KINDS },
  fields: {
    duration_seconds: { type: 'float', unit: 'seconds', description: 'run duration' },
    devices_total: count('devices in the run'),
    devices_ok: count('devices ok'),
    devices_partial: count('devices partial (some collectors failed)'),
    devices_failed: count('devices failed (no connection, or software / inventory failed)'),
    overruns: count('scheduled runs of this job skipped since the previous run because a run was still going'),
  },
} as const satisfies MeasurementSpec;

export const RUN_FAILURES = {
  measurement: 'ibsight_run_failures',
  description: 'Failures of one collection run by collector and error code (only combinations that occurred).',
  written: RUN.written,
  time: RUN.time,
  tags: ['kind', 'collector', 'code'],
  tagValues: { kind: RUN_KINDS },
  fields: { devices: count('devices that failed this way in the run') },
} as const satisfies MeasurementSpec;

/** Every measurement, in the order of docs/metrics.md. */
export const MEASUREMENTS: readonly MeasurementSpec[] = [
  INVENTORY, HARDWARE, SOFTWARE, RECONCILE, ACCURACY, ACCURACY_FLEET, CONTRACTS, EXPOSURE, EXPOSURE_SITE, LIFECYCLE, ALARMS, HEALTH, RUN,
  RUN_FAILURES,
];

const BY_NAME: ReadonlyMap<string, MeasurementSpec> = new Map(MEASUREMENTS.map((m) => [m.measurement, m]));

export function measurementSpec(name: string): MeasurementSpec | undefined {
  return BY_NAME.get(name);
}

/** The Prometheus metric name of one field: `<measurement>_<field>`. */
export function promName<M extends MeasurementSpec>(spec: M, field: keyof M['fields'] & string): string {
  return `${spec.measurement}_${field}`;
}

/** The value a tag gets when the store has none (a device never collected, a version not sent). */
export const UNKNOWN = 'unknown';
