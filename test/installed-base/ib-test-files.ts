/**
 * Small installed-base files for the tests of src/installed-base: each written to its own
 * directory under one temp root (removed after the run), with the native header by default.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { isIbsightError, type ErrorCode, type IbsightError } from '../../src/errors/ibsight-error.js';

export const NATIVE_HEADER =
  'serial_number,sku,description,site_id,site_name,contract_id,service_level,contract_start,contract_end,warranty_end,ship_date,parent_serial';

/** A temp root for one test file; call at module level. */
export function testFiles(prefix: string): { write: (name: string, content: string | Buffer) => string } {
  const root = mkdtempSync(join(tmpdir(), `ibsight-${prefix}-`));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let counter = 0;
  return {
    write(name, content) {
      const dir = join(root, `case-${++counter}`);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, name);
      writeFileSync(file, content);
      return file;
    },
  };
}

/** The IbsightError of `code` that `run` fails with (the test fails otherwise). */
export async function failureOf(run: () => unknown, code: ErrorCode): Promise<IbsightError> {
  try {
    await run();
  } catch (err) {
    if (isIbsightError(err, code)) return err;
    throw err;
  }
  expect.fail(`expected ${code}`);
}
