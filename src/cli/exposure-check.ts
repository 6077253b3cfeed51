/**
 * `ibsight exposure check --version V [--model M] --advisories PATH...` (SPEC §1, §7): offline,
 * which advisories apply to one Junos version (and model). Reads CVE JSON 5 records (.json) and our
 * catalogs (.yaml/.yml), files or directories; no store.
 *
 * `--json` prints `{"version","model","affected":[{"id","status","title","severity","cvss","kev",
 * "reason"}],"warnings":[{"file","id","entry","message"}]}`; text output is a table (one row per
 * advisory, its reason on the line below) and the warnings. Sorted: affected, potentially-affected,
 * affected-not-exposed; then severity, CVSS score (highest first), id. Without --model platform
 * restrictions are not applied (the reason names them). There is no stored configuration here, so
 * a catalog config condition is reported as not checked.
 * Exit 0 whatever applies; 2 on a version that is not a Junos version, or when no advisory file
 * could be read.
 *
 * This file also creates the parent `ibsight exposure` command and returns it from register():
 * its default action (findings for every known device) is added by the store-backed step.
 */
import type { Command } from 'commander';
import { readAdvisories } from '../advisories/read-advisories.js';
import type { AdvisoryWarning, ExposureMatch } from '../advisories/advisory-types.js';
import { ADVISORY_SEVERITIES } from '../advisories/advisory-types.js';
import { compileAdvisories, matchAdvisories } from '../analysis/advisory-match.js';
import { parseJunosVersion } from '../analysis/junos-version.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

interface CheckOptions {
  version: string;
  model?: string;
  advisories: string[];
}

export interface ExposureCheckResult {
  version: string;
  model: string | null;
  affected: ExposureMatch[];
  warnings: AdvisoryWarning[];
}

const STATUS_ORDER: Readonly<Record<ExposureMatch['status'], number>> = { affected: 0, 'potentially-affected': 1, 'affected-not-exposed': 2 };

export function sortMatches(matches: ExposureMatch[]): ExposureMatch[] {
  return matches.sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      ADVISORY_SEVERITIES.indexOf(a.severity) - ADVISORY_SEVERITIES.indexOf(b.severity) ||
      (b.cvss?.score ?? -1) - (a.cvss?.score ?? -1) ||
      a.id.localeCompare(b.id),
  );
}

/** Reads the advisories and matches the version (throws INPUT_INVALID for a bad version or no readable file). */
export function exposureCheck(options: CheckOptions): ExposureCheckResult {
  const version = parseJunosVersion(options.version);
  const model = options.model === undefined || options.model.trim() === '' ? null : options.model.trim().toLowerCase();
  const read = readAdvisories(options.advisories);
  if (read.filesRead === 0) {
    throw new IbsightError('INPUT_INVALID', `no readable advisory file in ${options.advisories.join(', ')}`, {
      context: { paths: options.advisories, warnings: read.warnings.slice(0, 20) },
    });
  }
  const { compiled, warnings } = compileAdvisories(read.advisories);
  const affected = sortMatches(matchAdvisories(compiled, { version, model, setLines: null }));
  return { version: version.text, model, affected, warnings: [...read.warnings, ...warnings] };
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function exposureCheckText(result: ExposureCheckResult): string {
  const counts = Object.keys(STATUS_ORDER).map((s) => [s, result.affected.filter((m) => m.status === s).length] as const);
  const summary = counts.filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ');
  const lines = [`${result.version}${result.model === null ? ' (any model)' : ` on ${result.model}`}: ${result.affected.length === 0 ? 'no advisory applies' : summary}`];
  if (result.affected.length > 0) {
    const rows = result.affected.map((m) => [
      m.status,
      m.severity,
      m.cvss === null ? '-' : `${m.cvss.score.toFixed(1)} v${m.cvss.version}`,
      m.kev ? 'KEV' : '-',
      m.id,
      cut(m.title, 80),
    ]);
    const header = ['STATUS', 'SEVERITY', 'CVSS', 'KEV', 'ID', 'TITLE'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const row = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
    lines.push('', row(header));
    result.affected.forEach((m, i) => {
      lines.push(row(rows[i]!), `    ${m.reason}`);
    });
  }
  if (result.warnings.length > 0) {
    lines.push('', `warnings (${result.warnings.length}):`);
    for (const w of result.warnings) lines.push(`  ${[w.file, w.id, w.entry].filter((p) => p !== null).join(': ')}: ${w.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Creates `ibsight exposure` with its `check` subcommand; returns the `exposure` command. */
export function register(program: Command): Command {
  const exposure = program.command('exposure').description('exposure to advisories (and, as built, lifecycle milestones and contracts)');
  exposure
    .command('check')
    .description('offline: which advisories apply to one Junos version (and model)')
    .requiredOption('--version <version>', 'a Junos version, e.g. 21.4R3-S5.4 or 23.4R2-S3.9-EVO')
    .option('--model <model>', 'the device model as reported (mx960, srx345); without it platform restrictions are not applied')
    .requiredOption('--advisories <path...>', 'CVE JSON 5 records (.json), catalogs (.yaml/.yml), or directories of them')
    .action((options: CheckOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions & CheckOptions>();
      try {
        const result = exposureCheck(options);
        if (global.json) printJson(result);
        else process.stdout.write(exposureCheckText(result));
      } catch (err) {
        failCommand(err, global);
      }
    });
  return exposure;
}
