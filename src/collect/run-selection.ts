/**
 * What a run covers: the devices (`--devices a,b` or the whole inventory) and the collectors
 * (`--collectors x,y`, else `collection.collectors`, else all), always in inventory and registry
 * order. An unknown device or collector name is a USAGE error (exit 2) naming it; so is a bad
 * `--concurrency`.
 */
import type { Collector, CollectorName } from '../../collectors/collector.js';
import { collectorNames, collectors as registry } from '../../collectors/index.js';
import type { Inventory, InventoryDevice } from '../config/config-types.js';
import { IbsightError } from '../errors/ibsight-error.js';

export const MAX_CONCURRENCY = 10_000;

/** Splits `a,b , c` into names; empty entries are dropped. */
export function listOption(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function selectDevices(inventory: Inventory, names: readonly string[] | undefined): InventoryDevice[] {
  if (names === undefined) return [...inventory.devices];
  if (names.length === 0) throw new IbsightError('USAGE', '--devices needs at least one device name');
  const wanted = new Set(names);
  const listed = new Set(inventory.devices.map((d) => d.name));
  const unknown = names.filter((n) => !listed.has(n));
  if (unknown.length > 0) {
    throw new IbsightError('USAGE', `unknown device(s) ${unknown.map((n) => `"${n}"`).join(', ')}: not in the inventory ${inventory.file}`, {
      context: { devices: unknown, file: inventory.file },
    });
  }
  return inventory.devices.filter((d) => wanted.has(d.name));
}

export function selectCollectors(names: readonly string[] | 'all' | undefined): Collector[] {
  if (names === undefined || names === 'all') return [...registry];
  if (names.length === 0) throw new IbsightError('USAGE', '--collectors needs at least one collector name');
  const known = new Set<string>(collectorNames());
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new IbsightError('USAGE', `unknown collector(s) ${unknown.map((n) => `"${n}"`).join(', ')}; one of: ${collectorNames().join(', ')}`, {
      context: { collectors: unknown },
    });
  }
  const wanted = new Set<string>(names);
  return registry.filter((c) => wanted.has(c.name));
}

export function parseConcurrency(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
    throw new IbsightError('USAGE', `--concurrency must be an integer from 1 to ${MAX_CONCURRENCY}, got "${text}"`);
  }
  return n;
}

export function collectorNamesOf(collectors: readonly Collector[]): CollectorName[] {
  return collectors.map((c) => c.name);
}
