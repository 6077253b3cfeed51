/**
 * Bulk INSERT of many rows handed over as ONE flat array of values (row after row, each in column
 * order): multi-row INSERT statements of up to `rowsPerStatement` rows, built by Kysely's typed
 * builder and compiled once per row count (query-templates.ts), so writing a million rows costs
 * no per-row object besides the values themselves (the installed base, reconciliation items).
 * With an upsert key, a row whose key is already stored updates that row's other columns in place
 * (INSERT ... ON CONFLICT (key) DO UPDATE SET col = excluded.col).
 * Rules: `rowsPerStatement × columns` stays well under SQLite's bound-parameter limit; a values
 * array that is not a whole number of rows is a bug (INTERNAL). RawRowsInsert (below) does the
 * same on the raw connection for the installed-base import.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { IbsightError } from '../errors/ibsight-error.js';
import type { Database } from './database-schema.js';
import { QueryTemplate } from './query-templates.js';
import type { Db, RawDb } from './store-transaction.js';

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

/**
 * Multi-row INSERTs on the raw better-sqlite3 connection (installed-base import): the statement of
 * `rowsPerStatement` rows is prepared once per instance, and rows are written straight into one
 * reusable values array (`next()` gives where the next row goes), so a million rows cost one
 * native call per `rowsPerStatement` rows and no allocation per row. Binding is what costs most
 * here (~0.15 µs a value in better-sqlite3 12), so a value that is the same for every row (an
 * import id) is written into the statement as an integer literal instead of bound (`literals`).
 * Measured on 1M contracts (2026-12-04): single-row statements 2.4–3.3 s, 16 rows per statement
 * 1.6–1.7 s, 32–128 no better. The values go to `run` as arguments (spread), not as one array:
 * better-sqlite3 then reads each from the call instead of fetching it from the array, 10–25 %
 * faster for 600k 9-value rows in one run (bench/RESULTS.md 2026-12-04, third session).
 */
export class RawRowsInsert {
  readonly values: unknown[];
  readonly #raw: RawDb;
  readonly #sql: (rows: number) => string;
  readonly #width: number;
  readonly #rowsPerStatement: number;
  readonly #full: BetterSqlite3.Statement;
  #rows = 0;

  constructor(
    raw: RawDb,
    table: string,
    columns: readonly string[],
    rowsPerStatement: number,
    options: { upsertKey?: readonly string[]; literals?: Readonly<Record<string, number>> } = {},
  ) {
    const upsertKey = options.upsertKey ?? [];
    const literals = Object.entries(options.literals ?? {});
    if (rowsPerStatement < 1 || rowsPerStatement * columns.length > MAX_PARAMETERS) {
      throw new IbsightError('INTERNAL', `raw multi-row insert into ${table}: ${rowsPerStatement} rows of ${columns.length} columns per statement`);
    }
    if (literals.some(([, value]) => !Number.isSafeInteger(value))) throw new IbsightError('INTERNAL', `raw multi-row insert into ${table}: literals must be integers`);
    const all = [...columns, ...literals.map(([column]) => column)];
    const tuple = `(${[...columns.map(() => '?'), ...literals.map(([, value]) => String(value))].join(', ')})`;
    const updated = all.filter((c) => !upsertKey.includes(c));
    const onConflict = upsertKey.length === 0 ? '' : ` ON CONFLICT (${upsertKey.join(', ')}) DO UPDATE SET ${updated.map((c) => `${c} = excluded.${c}`).join(', ')}`;
    this.#sql = (rows) => `INSERT INTO ${table} (${all.join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}${onConflict}`;
    this.#raw = raw;
    this.#width = columns.length;
    this.#rowsPerStatement = rowsPerStatement;
    this.#full = raw.prepare(this.#sql(rowsPerStatement));
    this.values = new Array<unknown>(rowsPerStatement * columns.length).fill(null);
  }

  /** Where the next row's values go in `values` (column order); writes the full batch first when it is full. */
  next(): number {
    if (this.#rows === this.#rowsPerStatement) {
      this.#full.run(...this.values);
      this.#rows = 0;
    }
    return this.#rows++ * this.#width;
  }

  /** Writes the rows still waiting (a statement of their count). */
  flush(): void {
    if (this.#rows === 0) return;
    if (this.#rows === this.#rowsPerStatement) this.#full.run(...this.values);
    else this.#raw.prepare(this.#sql(this.#rows)).run(this.values.slice(0, this.#rows * this.#width));
    this.#rows = 0;
  }
}
