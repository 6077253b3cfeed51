/**
 * "CI fails if the generated dashboards are stale": the committed dashboards/generated/*.json and
 * dashboards/provisioning/** must be, byte for byte, what the dashboard sources build now
 * (renderOutputFiles), and hold no file the build does not write (a dashboard removed from
 * dashboards/build.ts leaves no orphan behind). Also: two builds give the same bytes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderOutputFiles } from '../../dashboards/build.js';

const DASHBOARDS = fileURLToPath(new URL('../../dashboards', import.meta.url));
const REBUILD = 'run `npx ibsight dashboards build --out dashboards` (after `npm run build`) and commit the result';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(DASHBOARDS, path).split('\\').join('/')];
  });
}

describe('committed dashboards', () => {
  const expected = renderOutputFiles();

  it('builds deterministically', () => {
    expect(renderOutputFiles()).toEqual(expected);
  });

  it('are exactly what the sources build (else: rebuild them)', () => {
    const stale: string[] = [];
    for (const { file, text } of expected) {
      const path = join(DASHBOARDS, ...file.split('/'));
      if (!existsSync(path)) stale.push(`${file}: missing`);
      else if (readFileSync(path, 'utf8') !== text) stale.push(`${file}: differs`);
    }
    expect(stale, `stale generated dashboards — ${REBUILD}:\n  ${stale.join('\n  ')}`).toEqual([]);
  });

  it('hold no file the build does not write', () => {
    const written = new Set(expected.map((f) => f.file));
    const orphans = [...filesUnder(join(DASHBOARDS, 'generated')), ...filesUnder(join(DASHBOARDS, 'provisioning'))].filter((f) => !written.has(f));
    expect(orphans, `files no dashboard source writes any more — delete them, then ${REBUILD}`).toEqual([]);
  });
});
