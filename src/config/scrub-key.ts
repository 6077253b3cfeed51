/**
 * The installation's scrub key: 32 random bytes in `scrub.key` beside the SQLite database, under
 * which scrubbed configuration secrets become HMAC markers (src/scrub/secret-marker.ts) — so a
 * changed secret still shows as a change, and markers of one installation compare across runs.
 * Created on first use with mode 0600 (its directory made 0700 if missing), atomically: two
 * processes starting at once end up with the same key. Read as is afterwards.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { IbsightError } from '../errors/ibsight-error.js';
import { log, type Logger } from '../log/logger.js';
import type { IbsightConfig } from './config-types.js';

export const SCRUB_KEY_BYTES = 32;
export const SCRUB_KEY_NAME = 'scrub.key';

export function scrubKeyPath(config: Pick<IbsightConfig, 'storage'>): string {
  return join(dirname(config.storage.sqlite), SCRUB_KEY_NAME);
}

function readKey(file: string, logger: Logger): Buffer {
  const fd = openSync(file, 'r');
  try {
    const mode = fstatSync(fd).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      logger.warn({ file, mode: `0${mode.toString(8)}` }, `scrub key ${file} may be read by group or others; run chmod 600 ${file}`);
    }
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a new key beside `file` and links it into place; false when another process was first. */
function createKey(file: string): boolean {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, randomBytes(SCRUB_KEY_BYTES), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** The key (created on first use). A key file of the wrong length is CONFIG_INVALID. */
export function loadScrubKey(config: Pick<IbsightConfig, 'storage'>, options: { logger?: Logger } = {}): Buffer {
  const file = scrubKeyPath(config);
  const logger = options.logger ?? log();
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    let key: Buffer;
    try {
      key = readKey(file, logger);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (createKey(file)) logger.info({ file }, 'scrub key created');
      key = readKey(file, logger);
    }
    if (key.length !== SCRUB_KEY_BYTES) {
      throw new IbsightError('CONFIG_INVALID', `scrub key ${file} has ${key.length} bytes, expected ${SCRUB_KEY_BYTES}: restore it from a backup, or delete it to start a new key (stored configurations then show their secrets as changed once)`, {
        context: { file },
      });
    }
    return key;
  } catch (err) {
    if (err instanceof IbsightError) throw err;
    throw new IbsightError('CONFIG_INVALID', `cannot read or create the scrub key ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
      cause: err,
      context: { file },
    });
  }
}
