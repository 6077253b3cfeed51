/**
 * Builds every ibsight dashboard (one file per dashboard in this folder, listed here explicitly)
 * and the Grafana provisioning files, and writes them under an output folder:
 *
 *   <out>/generated/<name>.json                       one per dashboard (uid ibsight-<name>)
 *   <out>/provisioning/datasources/ibsight-influxdb.yaml
 *   <out>/provisioning/dashboards/ibsight.yaml
 *
 * `ibsight dashboards build --out dashboards` refreshes the committed copy; a test compares that
 * copy with renderOutputFiles() byte for byte (CI fails when it is stale).
 *
 * Rules kept: the output is deterministic (no time, no random id; JSON with two-space indent and a
 * final newline), so a rebuild without a source change changes no byte. Two dashboards sharing a uid
 * or a file name is a build error. Files are written whole (temp file, then rename).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { IbsightError } from '../src/errors/ibsight-error.js';
import { collectionHealthDashboard } from './collection-health.js';
import { contractsDashboard } from './contracts.js';
import type { IbsightDashboard } from './dashboard-frame.js';
import { deviceHealthDashboard } from './device-health.js';
import { exposureDashboard } from './exposure.js';
import { installedBaseDashboard } from './installed-base.js';
import { lifecycleDashboard } from './lifecycle.js';
import { dashboardsProvisioning, DASHBOARDS_FILE, datasourceProvisioning, DATASOURCE_FILE } from './provisioning.js';
import { softwareDashboard } from './software.js';

/** Every dashboard, in the order of the dashboard links. */
export const DASHBOARDS: readonly (() => IbsightDashboard)[] = [
  installedBaseDashboard,
  softwareDashboard,
  exposureDashboard,
  lifecycleDashboard,
  contractsDashboard,
  deviceHealthDashboard,
  collectionHealthDashboard,
];

export const GENERATED_DIR = 'generated';

export interface GeneratedDashboard {
  /** Relative to the output folder, `/`-separated: `generated/installed-base.json`. */
  readonly file: string;
  readonly json: Record<string, unknown>;
}

export interface OutputFile {
  readonly file: string;
  readonly text: string;
}

export function buildDashboards(): GeneratedDashboard[] {
  const uids = new Set<string>();
  return DASHBOARDS.map((make) => {
    const board = make();
    if (uids.has(board.uid)) throw new IbsightError('INTERNAL', `two dashboards have the uid ${board.uid}`, { context: { uid: board.uid } });
    uids.add(board.uid);
    return { file: `${GENERATED_DIR}/${board.meta.name}.json`, json: board.build() };
  });
}

/** Every file `dashboards build` writes, with its exact text. */
export function renderOutputFiles(): OutputFile[] {
  return [
    ...buildDashboards().map((d) => ({ file: d.file, text: `${JSON.stringify(d.json, null, 2)}\n` })),
    { file: DATASOURCE_FILE, text: datasourceProvisioning() },
    { file: DASHBOARDS_FILE, text: dashboardsProvisioning() },
  ];
}

/** Writes every output file under outDir (created as needed); returns their absolute paths. */
export function writeDashboards(outDir: string): string[] {
  const root = resolve(outDir);
  return renderOutputFiles().map(({ file, text }) => {
    const path = join(root, ...file.split('/'));
    try {
      mkdirSync(dirname(path), { recursive: true });
      const temp = `${path}.tmp-${process.pid}`;
      writeFileSync(temp, text);
      renameSync(temp, path);
    } catch (err) {
      throw new IbsightError('INPUT_INVALID', `cannot write ${path}: ${(err as Error).message}`, { cause: err, context: { file: path } });
    }
    return path;
  });
}
