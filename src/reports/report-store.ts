/**
 * What the read-only commands (`devices`, `show`, `config-diff`, `report`) open: the configured
 * store, or — when its file does not exist yet — an empty in-memory store, so asking what is
 * known before the first collection answers "nothing" without creating files. Also the site
 * names of the inventory for the reports, when the inventory can be read (a report never fails
 * because of it: a problem is logged and the site ids are shown alone).
 */
import { existsSync } from 'node:fs';
import type { IbsightConfig } from '../config/config-types.js';
import { loadInventory } from '../config/load-inventory.js';
import { log } from '../log/logger.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store-api.js';

export async function openReadStore(config: IbsightConfig): Promise<Store> {
  const file = config.storage.sqlite;
  if (file !== ':memory:' && !existsSync(file)) {
    log().info({ file }, 'no store yet: nothing has been collected');
    return openStore({ sqlite: ':memory:' });
  }
  return openStore({ sqlite: file });
}

/** Runs `fn` with the store open, and closes it whatever happens. */
export async function withReadStore<T>(config: IbsightConfig, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openReadStore(config);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function inventorySiteNames(config: IbsightConfig): Map<string, string | null> {
  const names = new Map<string, string | null>();
  if (!existsSync(config.inventory)) return names;
  try {
    for (const site of loadInventory(config.inventory).sites) names.set(site.id, site.name);
  } catch (err) {
    log().warn({ file: config.inventory, code: (err as { code?: string }).code, err: (err as Error).message }, 'site names not shown: the inventory could not be read');
  }
  return names;
}
