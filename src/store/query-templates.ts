/**
 * Kysely queries compiled once and executed many times with new values (e.g. the multi-row
 * inserts of an import; the per-device statements of a run go further: better-sqlite3
 * statements prepared once per store, record-device.ts). Building and compiling a query costs
 * more than SQLite executing it (a 57-row insert compiles in ~0.5 ms); a template is built once
 * with placeholder values, compiled, and each execution only swaps the parameters (the SQL text
 * is then also a prepared-statement cache hit, see statement-cache.ts). The SQL still comes from
 * Kysely's typed builder.
 *
 * A placeholder (`slot(i)`) must end up as a bound parameter: a template whose compiled
 * parameters do not hold every slot exactly once is refused when first compiled.
 */
import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './store-transaction.js';

const MARK = '\u0000ibsight-slot:';

/** The placeholder of value number `i` (typed `never` so it fits any column). */
export type Slot = (i: number) => never;

const slot: Slot = (i) => `${MARK}${i}` as never;

interface Compiled<R> {
  query: CompiledQuery<R>;
  /** For each compiled parameter: the value index it takes, or null for a constant of the query. */
  sources: (number | null)[];
}

function compileTemplate<R>(query: Compilable<R>, count: number): Compiled<R> {
  const compiled = query.compile();
  const found = new Set<number>();
  const sources = compiled.parameters.map((p) => {
    if (typeof p !== 'string' || !p.startsWith(MARK)) return null;
    const index = Number(p.slice(MARK.length));
    if (found.has(index)) throw new Error(`query template: slot ${index} bound twice in ${compiled.sql}`);
    found.add(index);
    return index;
  });
  if (found.size !== count) throw new Error(`query template: ${count - found.size} slot(s) not bound as parameters in ${compiled.sql}`);
  return { query: compiled, sources };
}

async function executeCompiled<R>(db: Db, compiled: Compiled<R>, values: readonly unknown[]): Promise<R[]> {
  const parameters = compiled.sources.map((s, i) => (s === null ? compiled.query.parameters[i] : values[s]));
  const result = await db.executeQuery<R>({ ...compiled.query, parameters });
  return result.rows;
}

/** A query with a fixed number of values. */
export class QueryTemplate<R = unknown> {
  readonly #count: number;
  readonly #build: (db: Db, slot: Slot) => Compilable<R>;
  #compiled: Compiled<R> | undefined;

  constructor(count: number, build: (db: Db, slot: Slot) => Compilable<R>) {
    this.#count = count;
    this.#build = build;
  }

  execute(db: Db, values: readonly unknown[]): Promise<R[]> {
    this.#compiled ??= compileTemplate(this.#build(db, slot), this.#count);
    return executeCompiled(db, this.#compiled, values);
  }
}

/** A multi-row statement (INSERT ... VALUES, upserts), compiled per chunk size. */
export class RowsTemplate<Row extends object, R = unknown> {
  readonly #columns: readonly (keyof Row & string)[];
  readonly #build: (db: Db, rows: Row[]) => Compilable<R>;
  readonly #chunk: number;
  readonly #bySize = new Map<number, Compiled<R>>();

  constructor(columns: readonly (keyof Row & string)[], build: (db: Db, rows: Row[]) => Compilable<R>, chunk = 64) {
    this.#columns = columns;
    this.#build = build;
    this.#chunk = chunk;
  }

  async execute(db: Db, rows: readonly Row[]): Promise<R[]> {
    const out: R[] = [];
    const width = this.#columns.length;
    for (let start = 0; start < rows.length; start += this.#chunk) {
      const part = rows.slice(start, start + this.#chunk);
      let compiled = this.#bySize.get(part.length);
      if (compiled === undefined) {
        const placeholders = part.map((_, r) => Object.fromEntries(this.#columns.map((c, k) => [c, slot(r * width + k)])) as Row);
        compiled = compileTemplate(this.#build(db, placeholders), part.length * width);
        this.#bySize.set(part.length, compiled);
      }
      const values: unknown[] = [];
      for (const row of part) {
        for (const c of this.#columns) {
          const v = row[c];
          values.push(v === undefined ? null : v);
        }
      }
      out.push(...(await executeCompiled(db, compiled, values)));
    }
    return out;
  }
}
