/**
 * The example files in config/ load, and the example configuration is exactly the built-in
 * defaults (so it cannot drift from the schema); the example inventory shows every kind of
 * credentials entry.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_DOCUMENT } from '../../src/config/config-schema.js';
import { defaultConfig, loadConfig } from '../../src/config/load-config.js';
import { loadInventory } from '../../src/config/load-inventory.js';
import { parseYamlText } from '../../src/config/yaml-source.js';

const CONFIG_DIR = fileURLToPath(new URL('../../config', import.meta.url));
const EXAMPLE_CONFIG = join(CONFIG_DIR, 'ibsight.example.yaml');
const EXAMPLE_INVENTORY = join(CONFIG_DIR, 'inventory.example.yaml');

describe('config/ibsight.example.yaml', () => {
  it('equals the built-in defaults', () => {
    const example = loadConfig({ file: EXAMPLE_CONFIG, env: {} });
    expect({ ...example, file: null }).toEqual(defaultConfig(dirname(EXAMPLE_CONFIG)));
  });

  it('writes out every key of the defaults, and no other', () => {
    const doc = parseYamlText(readFileSync(EXAMPLE_CONFIG, 'utf8'), { label: 'example', file: EXAMPLE_CONFIG });
    expect(doc).toEqual(DEFAULT_CONFIG_DOCUMENT);
  });
});

describe('config/inventory.example.yaml', () => {
  const inventory = loadInventory(EXAMPLE_INVENTORY);

  it('loads, with its sites and devices', () => {
    expect(inventory.sites).toEqual([
      { id: '0100012345', name: 'AMS-DC1' },
      { id: '0100067890', name: 'FRA-DC2' },
    ]);
    expect(inventory.devices.map((d) => [d.name, d.port, d.credentials])).toEqual([
      ['mx1', 830, 'readonly'],
      ['ex-core-1', 830, 'keyed'],
      ['srx-edge', 830, 'from-agent'],
      ['qfx-leaf-1', 22, 'otp-style'],
    ]);
  });

  it('shows a password by env:, a private key by file:, an agent and keyboard-interactive', () => {
    const c = inventory.credentials;
    expect(c.readonly?.password).toBe('env:IBSIGHT_PASSWORD');
    expect(c.keyed?.privateKey).toBe(`file:${join(CONFIG_DIR, 'keys/ibsight_ed25519')}`);
    expect(c['from-agent']?.agent).toBe(true);
    expect(c['otp-style']).toMatchObject({ keyboardInteractive: true, password: `file:${join(CONFIG_DIR, 'secrets/ibsight.password')}` });
  });
});
