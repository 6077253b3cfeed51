/** The junos-public manifest: the parts of every collector, plus the files out of scope. */
import type { ManifestEntry } from './manifest-entry.js';
import { entries as alarms } from './alarms.js';
import { entries as chassisInventory } from './chassis-inventory.js';
import { entries as clusterStatus } from './cluster-status.js';
import { entries as configuration } from './configuration.js';
import { entries as coreDumps } from './core-dumps.js';
import { entries as environment } from './environment.js';
import { entries as interfaces } from './interfaces.js';
import { entries as licenses } from './licenses.js';
import { entries as outOfScope } from './out-of-scope.js';
import { entries as routeEngine } from './route-engine.js';
import { entries as softwareInformation } from './software-information.js';
import { entries as systemUptime } from './system-uptime.js';
import { entries as virtualChassis } from './virtual-chassis.js';

export const manifest: readonly ManifestEntry[] = [
  ...softwareInformation,
  ...chassisInventory,
  ...routeEngine,
  ...virtualChassis,
  ...clusterStatus,
  ...systemUptime,
  ...configuration,
  ...alarms,
  ...coreDumps,
  ...environment,
  ...licenses,
  ...interfaces,
  ...outOfScope,
];
