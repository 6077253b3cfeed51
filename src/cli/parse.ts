/**
 * `ibsight parse COLLECTOR FILE`: runs one collector's parser on a saved reply, offline (SPEC §1, §2).
 * `--json` prints `{"collector", "status", "records"}` (or `"reason"` when not applicable); without it
 * the records are printed as YAML for reading. A file that is not safe, well-formed XML, or that the
 * collector cannot use, is an input error (exit 2).
 *
 * Scrubbed configuration secrets are marked with an HMAC under a key: the file named by
 * $IBSIGHT_SCRUB_KEY_FILE when set (so markers compare with stored ones), else a key made for this
 * run only (markers then differ from run to run; nothing is written to disk).
 */
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { stringify } from 'yaml';
import { collectorNames, findCollector } from '../../collectors/index.js';
import { outcomeDocument, parseReplies } from '../../collectors/outcome.js';
import { IbsightError } from '../errors/ibsight-error.js';
import { parseXml } from '../xml/parse.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

const MAX_FILE_BYTES = 256 * 1024 * 1024;

function readReply(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    throw new IbsightError('INPUT_INVALID', `${file}: cannot read: ${(err as Error).message}`, { cause: err, context: { file } });
  }
  if (size > MAX_FILE_BYTES) {
    throw new IbsightError('INPUT_INVALID', `${file}: ${size} bytes exceeds the limit of ${MAX_FILE_BYTES}`, { context: { file } });
  }
  return readFileSync(file, 'utf8');
}

function scrubKey(): Buffer {
  const keyFile = process.env.IBSIGHT_SCRUB_KEY_FILE;
  if (!keyFile) return randomBytes(32);
  const key = readFileSync(keyFile);
  if (key.length < 16) throw new IbsightError('CONFIG_INVALID', `${keyFile}: a scrub key needs at least 16 bytes`, { context: { file: keyFile } });
  return key;
}

/** Errors in the input file are usage/input errors (exit 2), whatever layer found them. */
const INPUT_CODES = new Set(['XML_MALFORMED', 'XML_DTD_REFUSED', 'PARSE_ERROR', 'RPC_ERROR', 'RE_NOT_MASTER']);

export function runParse(collectorName: string, file: string, options: GlobalOptions): void {
  const collector = findCollector(collectorName);
  if (!collector) {
    throw new IbsightError('USAGE', `unknown collector "${collectorName}"; one of: ${collectorNames().join(', ')}`);
  }
  let outcome;
  try {
    const root = parseXml(readReply(file));
    outcome = parseReplies(collector, [{ key: null, root }], { scrubKey: scrubKey() });
  } catch (err) {
    if (err instanceof IbsightError && INPUT_CODES.has(err.code)) {
      throw new IbsightError('INPUT_INVALID', `${file}: ${err.message}`, {
        cause: err,
        context: { ...err.context, file, collector: collector.name, reason: err.code },
      });
    }
    throw err;
  }
  const document = outcomeDocument(collector.name, outcome);
  if (options.json) printJson(document);
  else process.stdout.write(stringify(document));
}

export function register(program: Command): void {
  program
    .command('parse')
    .description("run one collector's parser on a saved reply (no network)")
    .argument('<collector>', `collector name: ${collectorNames().join(', ')}`)
    .argument('<file>', 'saved reply (<rpc-reply> or its inner element)')
    .action((collector: string, file: string, _options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        runParse(collector, file, global);
      } catch (err) {
        failCommand(err, global);
      }
    });
}
