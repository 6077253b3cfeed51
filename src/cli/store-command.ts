/**
 * The store as the commands that need it open it: the configured SQLite file, opened once per
 * command and closed after, whatever happens. A store that cannot be opened ends the command with
 * exit 4 (a required service is unreachable, SPEC §1), its error printed as every command prints one.
 */
import type { IbsightConfig } from '../config/config-types.js';
import { log } from '../log/logger.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store-api.js';
import { ExitCode } from './exit-codes.js';
import { failCommand, type GlobalOptions } from './output.js';

/** Opens the store; failing that ends the command with exit 4. */
async function openStoreOrFail(config: IbsightConfig, global: GlobalOptions): Promise<Store | null> {
  try {
    return await openStore({ sqlite: config.storage.sqlite, logger: log() });
  } catch (err) {
    failCommand(err, global);
    process.exitCode = ExitCode.NothingSucceeded;
    return null;
  }
}

/**
 * Runs `work` with the store open and closes it after; undefined (exit 4 set, `work` not run) when
 * the store cannot be opened.
 */
export async function withStore<T>(config: IbsightConfig, global: GlobalOptions, work: (store: Store) => Promise<T>): Promise<T | undefined> {
  const store = await openStoreOrFail(config, global);
  if (store === null) return undefined;
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
