/**
 * `ibsight version compare A B` and `ibsight version parse V` end to end (the compiled CLI, so run
 * `npm run build` first): the printed order, the --json documents, and exit 2 with the message
 * naming the part that did not parse.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function cli(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), ...args], { encoding: 'utf8' });
}

/** The `msg` of every JSON log line on stderr. */
function logMessages(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { msg: string }).msg);
}

describe('ibsight version compare', () => {
  it.each([
    ['21.4R3', '22.1R1', '-1'],
    ['22.1R1', '21.4R3', '1'],
    ['21.4R3-S5', '21.4R3-S5.4', '-1'],
    ['21.4R3-S5.4', ' 21.4R3-S5.4 ', '0'],
    ['9.6R4', '10.0R1', '-1'],
    ['21.4B1', '21.4R1', '-1'],
    ['15.1X49-D200', '15.1X49-D80', '1'],
    ['15.1X49-D200', '15.1X53-D200', 'unordered'],
    ['22.4R3-S2.11-EVO', '22.4R3-S2.11', 'unordered'],
    ['16.1-20160720.0', '16.1R1', 'unordered'],
    ['16.1-20160720.0', '16.1-20160720.0', '0'],
  ])('%s ? %s prints %s and exits 0', (a, b, expected) => {
    const r = cli('version', 'compare', a, b);
    expect(r.stdout).toBe(`${expected}\n`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('--json prints {a, b, result} with the result as number or string', () => {
    const ordered = cli('version', 'compare', '21.4R3-S1', '21.4R3.15', '--json');
    expect(ordered.status).toBe(0);
    expect(JSON.parse(ordered.stdout)).toEqual({ a: '21.4R3-S1', b: '21.4R3.15', result: 1 });
    const unordered = cli('version', 'compare', '15.1F6', '15.1R6', '--json');
    expect(unordered.status).toBe(0);
    expect(JSON.parse(unordered.stdout)).toEqual({ a: '15.1F6', b: '15.1R6', result: 'unordered' });
  });

  it('exits 2 with the message naming the part that did not parse (either side)', () => {
    const message = '"21.4Q3" is not a Junos version: after "21.4", expected a release type R, B, X, F or I, found "Q3"';
    for (const args of [['21.4Q3', '21.4R3'], ['21.4R3', '21.4Q3']]) {
      const r = cli('version', 'compare', ...args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(logMessages(r.stderr)).toEqual([message]);
    }
  });

  it('--json puts the error document on stdout and still exits 2', () => {
    const r = cli('version', 'compare', '21.4R3-S', '21.4R3', '--json');
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      error: {
        code: 'INPUT_INVALID',
        message: '"21.4R3-S" is not a Junos version: after "21.4R3-S", expected a service release number, found the end',
        context: { value: '21.4R3-S' },
      },
    });
    expect(logMessages(r.stderr)).toHaveLength(1);
  });

  it('a missing argument is a usage error (exit 2)', () => {
    expect(cli('version', 'compare', '21.4R3').status).toBe(2);
  });
});

describe('ibsight version parse', () => {
  it('prints the parts, one per line', () => {
    const r = cli('version', 'parse', '21.4R3-S5.4');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        'text: 21.4R3-S5.4',
        'product: junos',
        'train: 21.4',
        'lineKind: mainline',
        'major: 21',
        'minor: 4',
        'x: -',
        'isRelease: true',
        'build: release',
        'releaseType: R',
        'release: 3',
        'service: 5',
        'spin: 4',
        'maintenanceLine: 21.4R3',
        '',
      ].join('\n'),
    );
  });

  it('--json prints the parts as one object', () => {
    const r = cli('version', 'parse', '15.1X49-D200.3', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      text: '15.1X49-D200.3',
      product: 'junos',
      train: '15.1X49',
      lineKind: 'x',
      major: 15,
      minor: 1,
      x: 49,
      isRelease: true,
      build: 'release',
      releaseType: 'D',
      release: 200,
      service: 0,
      spin: 3,
      maintenanceLine: '15.1X49-D200',
    });
  });

  it('a build that is not a release parses with isRelease false', () => {
    const r = cli('version', 'parse', '16.1X70-D10.5-jet-1', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ train: '16.1X70', isRelease: false, build: 'jet', releaseType: null });
  });

  it('exits 2 on a string that is not a Junos version', () => {
    const r = cli('version', 'parse', 'abc');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(logMessages(r.stderr)).toEqual(['"abc" is not a Junos version: at the start, expected a major number (as "21" in "21.4R3"), found "abc"']);
  });
});
