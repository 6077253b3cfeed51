/**
 * `ibsight exposure` (SPEC §1, issue 6): findings for every known device — advisories, lifecycle
 * milestones and support contracts — computed from the store and its loaded catalogs, stored for
 * trends (`report exposure`, `report lifecycle`) and printed: `--json`
 * `{"exposureRunId","at","summary","perSite","notes","findings":[...]}`; otherwise the counts by
 * kind and severity, per site, what could not be judged, and the findings (most severe first,
 * text output limited; `--json` has them all). Exit 0 when it ran (findings are results, not
 * failures); 2 when no device was ever collected. `exposure check` (exposure-check.ts) is the
 * offline check of one version.
 */
import type { Command } from 'commander';
import type { ExposureCounts, ExposureResult, FindingSeverity } from '../analysis/exposure-types.js';
import { FINDING_SEVERITIES } from '../analysis/exposure-types.js';
import { loadConfig } from '../config/load-config.js';
import { runExposureJob } from '../jobs/exposure-job.js';
import { textTable } from '../reports/text-table.js';
import { withStore } from './store-command.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

const TEXT_FINDINGS = 100;
const RANK: Record<FindingSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3, none: 4, unknown: 5 };

function countsRow(scope: string, c: ExposureCounts): string[] {
  const kinds = (['advisory', 'lifecycle', 'contract'] as const).map((k) =>
    FINDING_SEVERITIES.filter((s) => s !== 'none' && s !== 'unknown').map((s) => c.byKind[k][s]).join('/'));
  return [scope, String(c.devices), String(c.devicesWithFindings), ...kinds, String(c.kev), String(c.pastEndOfEngineering)];
}

export function exposureText(result: ExposureResult, at: string): string {
  const header = ['site', 'devices', 'with findings', 'advisories c/h/m/l', 'lifecycle c/h/m/l', 'contracts c/h/m/l', 'KEV', 'past EOE'];
  const out = [
    `exposure at ${at}: ${result.summary.findings} findings on ${result.summary.devicesWithFindings} of ${result.summary.devices} devices`,
    '',
    textTable(header, [...result.perSite.map((s) => countsRow(s.site, s)), countsRow('all', result.summary)]).trimEnd(),
  ];
  if (result.notes.length > 0) out.push('', 'not judged / notes:', ...result.notes.map((n) => `  ${n}`));
  const sorted = [...result.findings].sort((a, b) => Number(b.kev) - Number(a.kev) || RANK[a.severity] - RANK[b.severity]);
  if (sorted.length > 0) {
    out.push('', textTable(
      ['severity', 'kind', 'device', 'member', 'ref', 'status', 'title'],
      sorted.slice(0, TEXT_FINDINGS).map((f) => [f.kev ? `${f.severity} KEV` : f.severity, f.kind, f.device, f.member, f.ref, f.status, f.title]),
    ).trimEnd());
    if (sorted.length > TEXT_FINDINGS) out.push(`... and ${sorted.length - TEXT_FINDINGS} more findings (--json lists them all; report exposure / lifecycle)`);
  }
  return `${out.join('\n')}\n`;
}

async function runExposure(global: GlobalOptions): Promise<void> {
  const config = loadConfig(global.config !== undefined ? { file: global.config } : {});
  const job = await withStore(config, global, (store) => runExposureJob({ config, store }));
  if (job === undefined) return;
  if (global.json) printJson({ exposureRunId: job.exposureRunId, at: job.at, ...job.result });
  else process.stdout.write(exposureText(job.result, job.at));
}

/** Gives the `exposure` command (created with its `check` subcommand) its own action: the fleet run. */
export function registerExposureRun(exposure: Command): void {
  exposure.action(async (_options: unknown, command: Command) => {
    const global = command.optsWithGlobals<GlobalOptions>();
    try {
      await runExposure(global);
    } catch (err) {
      failCommand(err, global);
    }
  });
}
