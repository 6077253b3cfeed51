/**
 * The registry: every collector, in the order a collection run executes them (software and
 * inventory first: a device whose software or inventory fails is `failed`, SPEC §2.4).
 * An explicit array — no directory scanning, no side-effect registration. A test fails on a
 * duplicate name, a collector file missing from here, or a collector without fixtures.
 */
import { alarmsCollector } from './alarms.js';
import { chassisInventoryCollector } from './chassis-inventory.js';
import { clusterStatusCollector } from './cluster-status.js';
import type { Collector, CollectorName } from './collector.js';
import { configurationCollector } from './configuration.js';
import { coreDumpsCollector } from './core-dumps.js';
import { environmentCollector } from './environment.js';
import { interfacesCollector } from './interfaces.js';
import { licensesCollector } from './licenses.js';
import { routeEngineCollector } from './route-engine.js';
import { softwareInformationCollector } from './software-information.js';
import { systemUptimeCollector } from './system-uptime.js';
import { virtualChassisCollector } from './virtual-chassis.js';

export const collectors: readonly Collector[] = [
  softwareInformationCollector,
  chassisInventoryCollector,
  routeEngineCollector,
  virtualChassisCollector,
  clusterStatusCollector,
  systemUptimeCollector,
  configurationCollector,
  alarmsCollector,
  coreDumpsCollector,
  environmentCollector,
  licensesCollector,
  interfacesCollector,
];

export function findCollector(name: string): Collector | undefined {
  return collectors.find((c) => c.name === name);
}

export function collectorNames(): CollectorName[] {
  return collectors.map((c) => c.name);
}
