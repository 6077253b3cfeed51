/**
 * Bulk INSERT of many rows handed over as ONE flat array of values (row after row, each in column
 * order): multi-row INSERT statements of up to `rowsPerStatement` rows, built by Kysely's typed
 * builder and compiled once per row count (query-templates.ts), so writing a million rows costs
 * no per-row object besides the values themselves (the installed base, reconciliation items).
 * With an upsert key, a row whose key is already stored updates that row's other columns in place
 * (INSERT ... ON CONFLICT (key) DO UPDATE SET col = excluded.col).
 * Rules: `rowsPerStatement × columns` stays well under SQLite's bound-parameter limit; a values
 * array that is not a whole number of rows is a bug (INTERNAL).
 */
import { IbsightError } from '../errors/ibsight-error.js';
import type { Database } from './database-schema.js';
import { QueryTemplate } from './query-templates.js';
import type { Db } from './store-transaction.js';

const MAX_PARAMETERS = 30_000;

export class MultiRowInsert<T extends keyof Database & string> {
  readonly #table: T;
  readonly #columns: readonly (keyof Database[T] & string)[];
  readonly #rowsPerStatement: number;
  readonly #bySize = new Map<number, QueryTemplate>();

  /** With `upsertKey`, a row whose key is stored updates every other column of that row instead (ON CONFLICT DO UPDATE). */
  readonly #upsertKey: readonly (keyof Database[T] & string)[];

  constructor(table: T, columns: readonly (keyof Database[T] & string)[], rowsPerStatement: number, upsertKey: readonly (keyof Database[T] & string)[] = []) {
    if (rowsPerStatement < 1 || rowsPerStatement * columns.length > MAX_PARAMETERS) {
      throw new IbsightError('INTERNAL', `multi-row insert into ${table}: ${rowsPerStatement} rows of ${columns.length} columns per statement`);
    }
    this.#table = table;
    this.#columns = columns;
    this.#rowsPerStatement = rowsPerStatement;
    this.#upsertKey = upsertKey;
    if (upsertKey.some((k) => !columns.includes(k)) || (upsertKey.length > 0 && upsertKey.length === columns.length)) {
      throw new IbsightError('INTERNAL', `multi-row insert into ${table}: upsert key ${upsertKey.join(', ')} is not a strict subset of its columns`);
    }
  }

  get width(): number {
    return this.#columns.length;
  }

  /** Inserts `values.length / width` rows. */
  async execute(trx: Db, values: readonly unknown[]): Promise<void> {
    const width = this.#columns.length;
    if (values.length % width !== 0) {
      throw new IbsightError('INTERNAL', `multi-row insert into ${this.#table}: ${values.length} values are not rows of ${width} columns`);
    }
    const rows = values.length / width;
    for (let start = 0; start < rows; start += this.#rowsPerStatement) {
      const count = Math.min(this.#rowsPerStatement, rows - start);
      const part = count === rows ? values : values.slice(start * width, (start + count) * width);
      await this.#template(count).execute(trx, part);
    }
  }

  #template(rows: number): QueryTemplate {
    let template = this.#bySize.get(rows);
    if (template === undefined) {
      const width = this.#columns.length;
      template = new QueryTemplate(rows * width, (db, slot) => {
        const insert = db.insertInto(this.#table as 'ib_records').values(
          Array.from({ length: rows }, (_, r) => Object.fromEntries(this.#columns.map((c, k) => [c, slot(r * width + k)]))) as never,
        );
        if (this.#upsertKey.length === 0) return insert;
        const updated = this.#columns.filter((c) => !this.#upsertKey.includes(c));
        return insert.onConflict((oc) =>
          oc.columns(this.#upsertKey as never).doUpdateSet((eb) => Object.fromEntries(updated.map((c) => [c, eb.ref(`excluded.${c}` as never)])) as never),
        );
      });
      this.#bySize.set(rows, template);
    }
    return template;
  }
}
