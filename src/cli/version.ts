/**
 * `ibsight version compare A B` and `ibsight version parse V` (SPEC §1, §7), offline.
 *  - compare prints `-1`, `0`, `1` or `unordered` on one line; `--json` prints
 *    `{"a","b","result"}` (result the same number or string). Exit 0 whatever the order.
 *  - parse prints the parsed parts, one `name: value` per line; `--json` prints them as one object.
 * A string that is not a Junos version is an input error: exit 2, the message (naming the part that
 * did not parse) on stderr, and the `{"error":...}` document on stdout under --json.
 */
import type { Command } from 'commander';
import { compareJunosVersions, parseJunosVersion, type JunosVersion } from '../analysis/junos-version.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

export function runCompare(a: string, b: string, options: GlobalOptions): void {
  const va = parseJunosVersion(a);
  const vb = parseJunosVersion(b);
  const result = compareJunosVersions(va, vb);
  if (options.json) printJson({ a: va.text, b: vb.text, result });
  else process.stdout.write(`${result}\n`);
}

const PARSE_FIELDS: readonly (keyof JunosVersion)[] = [
  'text',
  'product',
  'train',
  'lineKind',
  'major',
  'minor',
  'x',
  'isRelease',
  'build',
  'releaseType',
  'release',
  'service',
  'spin',
  'maintenanceLine',
];

export function parsedVersionText(v: JunosVersion): string {
  return PARSE_FIELDS.map((k) => `${k}: ${v[k] === null ? '-' : String(v[k])}\n`).join('');
}

export function runVersionParse(text: string, options: GlobalOptions): void {
  const v = parseJunosVersion(text);
  if (options.json) printJson(Object.fromEntries(PARSE_FIELDS.map((k) => [k, v[k]])));
  else process.stdout.write(parsedVersionText(v));
}

export function register(program: Command): void {
  const version = program.command('version').description('Junos version strings: compare two, or show the parts of one (offline)');
  version
    .command('compare')
    .description('print -1, 0, 1 (A before, equal to, after B) or unordered (not on one line; builds that are not releases)')
    .argument('<a>', 'a Junos version, e.g. 21.4R3-S5.4')
    .argument('<b>', 'a Junos version, e.g. 22.1R1')
    .action((a: string, b: string, _options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        runCompare(a, b, global);
      } catch (err) {
        failCommand(err, global);
      }
    });
  version
    .command('parse')
    .description('print the parts of a Junos version (train, release, service release, spin...)')
    .argument('<version>', 'a Junos version, e.g. 15.1X49-D200.3')
    .action((text: string, _options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        runVersionParse(text, global);
      } catch (err) {
        failCommand(err, global);
      }
    });
}
