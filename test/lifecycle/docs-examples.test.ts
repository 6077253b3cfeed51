/**
 * The YAML and CSV examples of docs/lifecycle-catalog.md are real catalogs: each code block reads
 * without a problem, and both describe the same MX960, 750-033307 and 21.4 rows.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsvCatalog } from '../../src/lifecycle/lifecycle-catalog-csv.js';
import { parseYamlCatalog } from '../../src/lifecycle/lifecycle-catalog-yaml.js';

const DOC = readFileSync(fileURLToPath(new URL('../../docs/lifecycle-catalog.md', import.meta.url)), 'utf8');

function block(heading: string, fence: string): string {
  const section = DOC.slice(DOC.indexOf(`### ${heading}\n`));
  const start = section.indexOf(`${fence}\n`) + fence.length + 1;
  return section.slice(start, section.indexOf('```\n', start));
}

describe('docs/lifecycle-catalog.md examples', () => {
  const yaml = parseYamlCatalog(block('YAML', '```yaml'), 'doc.yaml');
  const csv = parseCsvCatalog(block('CSV', '```'), 'doc.csv');

  it('read without a problem', () => {
    expect(yaml.problems).toEqual([]);
    expect(csv.problems).toEqual([]);
  });

  it('describe the same keys and End of Support dates', () => {
    const summary = (entries: typeof yaml.entries) => entries.map((e) => `${e.keyType} ${e.key} ${e.endOfSupport}`);
    expect(summary(csv.entries)).toEqual(summary(yaml.entries));
    expect(summary(yaml.entries)).toEqual(['model MX960 2030-09-30', 'partNumber 750-033307 2028-03-31', 'train 21.4 2025-06-20']);
  });
});
