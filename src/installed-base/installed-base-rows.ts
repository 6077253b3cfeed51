/**
 * The row rules of an installed-base file (SPEC §4): each data row is checked, then the rows of
 * one serial are merged into one IbRecord. Rules kept:
 * - a row of another cell count than the header, or with a used cell over 4 KiB, is `bad-row`;
 *   no serial is `missing-serial`; no site is `missing-site`; a date that is not a real calendar
 *   date in the file's layout is `bad-date` (naming every bad column and value). Such a row is
 *   refused; the other rows of its serial still merge. A row whose cells are all empty is a blank
 *   line (skipped, not counted).
 * - the good rows of a serial must agree on site and SKU (an empty SKU agrees with any); if they
 *   do not, every good row of that serial is refused (`conflicting-rows`, naming the two values,
 *   their lines and all the rows refused). Other fields: the first non-empty value wins.
 * - a row holding any of contract_id, service_level, contract_start, contract_end adds a contract;
 *   identical contracts are kept once.
 * - a serial none of whose rows was kept is listed in `rejectedSerials` (its stored record stays);
 *   `sites` lists the site of every row, kept or refused. Serials are compared as written (trimmed).
 * Memory stays per serial (one record under construction each) plus one string per distinct
 * repeated value of a column (ValuePool, DatePool); rows themselves are not kept, and every cell
 * kept is a copy of its own (keptCopy: a cell may be a view into a whole chunk of the file).
 * Speed (1M rows): the previous good row's record is checked before the map of records, and a
 * serial above every serial seen so far needs no lookup (files sorted by serial).
 */
import { parseCalendarDate, type DateFormat } from './calendar-date.js';
import type { NativeColumn } from './column-mapping.js';
import type { ColumnLayout } from './installed-base-header.js';
import type { IbContract, IbFileContents, IbRecord, IbRejection } from './installed-base-types.js';
import { DatePool, keptCopy, ValuePool } from './value-pool.js';

/** A used cell longer than this (UTF-8 bytes) refuses its row. */
export const MAX_CELL_BYTES = 4096;

/** Lines named in one conflicting-rows reason. */
const MAX_LINES_NAMED = 20;

interface Conflict {
  /** Lines of the serial's good rows, all refused. */
  lines: number[];
  /** What disagreed: `site "A" on line 2, "B" on line 5`. */
  what: string;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/** `cell` without white space around it; a cell starting and ending in printable ASCII is returned as is (no call). */
function trimmed(cell: string): string {
  const length = cell.length;
  if (length === 0) return cell;
  const first = cell.charCodeAt(0);
  const last = cell.charCodeAt(length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? cell : cell.trim();
}

/** Whether `value` is over MAX_CELL_BYTES in UTF-8 (a UTF-16 unit is 1 to 3 bytes: count only when it may be). */
function oversize(value: string): boolean {
  return value.length * 3 > MAX_CELL_BYTES && Buffer.byteLength(value) > MAX_CELL_BYTES;
}

export class InstalledBaseRows {
  rowsRead = 0;
  private readonly records = new Map<string, IbRecord>();
  /** Serial → line its SKU came from, when that is not the record's first line. */
  private readonly skuLines = new Map<string, number>();
  private readonly conflicts = new Map<string, Conflict>();
  private readonly refusedSerials = new Set<string>();
  private readonly rejected: IbRejection[] = [];
  /**
   * A pool per repeating column (contract ids repeat too: one contract covers many serials). The
   * site pool, unbounded, is also the set of sites seen on any row (`sites`).
   */
  private readonly pools = {
    sku: new ValuePool(),
    description: new ValuePool(),
    site: new ValuePool(Number.POSITIVE_INFINITY),
    siteName: new ValuePool(),
    contractId: new ValuePool(),
    serviceLevel: new ValuePool(),
  };
  private readonly dates: DatePool;
  private readonly at: Record<NativeColumn, number>;
  /** The record of the previous good row: rows of one serial mostly come one after the other. */
  private last: IbRecord | null = null;
  /** The highest serial with a record or a conflict: a higher one is new (no lookup; files sorted by serial). */
  private highest = '';
  /** The used columns' indices, checked for size on every row. */
  private readonly used: { native: NativeColumn; index: number }[];

  constructor(
    private readonly layout: ColumnLayout,
    private readonly dateFormat: DateFormat,
  ) {
    this.at = layout.index;
    this.dates = new DatePool(dateFormat);
    this.used = (Object.keys(layout.index) as NativeColumn[]).filter((n) => layout.index[n] >= 0).map((native) => ({ native, index: layout.index[native] }));
  }

  /** `contract_end ("Coverage End")` for a mapped column, `contract_end` otherwise. */
  private columnName(native: NativeColumn): string {
    const source = this.layout.source[native];
    return source === undefined || source.toLowerCase() === native ? native : `${native} (${quote(source)})`;
  }

  /** The trimmed cell; null when empty, absent or over the size bound (such a row is refused anyway). */
  private read(cells: string[], native: NativeColumn): string | null {
    const index = this.at[native];
    if (index < 0 || index >= cells.length) return null;
    const value = trimmed(cells[index]!);
    if (value.length === 0) return null;
    return oversize(value) ? null : value;
  }

  private refuse(line: number, serial: string | null, site: string | null, code: IbRejection['code'], reason: string): void {
    const serialNumber = serial === null ? null : keptCopy(serial);
    this.rejected.push({ line, serialNumber, code, reason });
    if (serialNumber !== null) this.refusedSerials.add(serialNumber);
    if (site !== null) this.pools.site.share(site);
  }

  /** Checks one data row (its cells as parsed, `line` where it starts) and merges it. */
  addRow(cells: string[], line: number): void {
    let blank = true;
    for (let i = 0; i < cells.length && blank; i++) blank = trimmed(cells[i]!).length === 0;
    if (blank) return;
    this.rowsRead++;
    const serial = this.read(cells, 'serial_number');
    const site = this.read(cells, 'site_id');
    if (cells.length !== this.layout.width) {
      this.refuse(line, serial, site, 'bad-row', `${cells.length} cells where the header has ${this.layout.width}`);
      return;
    }
    for (const { native, index } of this.used) {
      const cell = cells[index]!;
      if (cell.length * 3 > MAX_CELL_BYTES && oversize(cell.trim())) {
        this.refuse(line, serial, site, 'bad-row', `${this.columnName(native)}: a cell of ${Buffer.byteLength(cell.trim())} bytes (at most ${MAX_CELL_BYTES})`);
        return;
      }
    }
    if (serial === null) {
      this.refuse(line, null, site, 'missing-serial', `${this.columnName('serial_number')} is empty`);
      return;
    }
    if (site === null) {
      this.refuse(line, serial, null, 'missing-site', `${this.columnName('site_id')} is empty`);
      return;
    }
    const contractStart = this.date(cells, 'contract_start');
    const contractEnd = this.date(cells, 'contract_end');
    const warrantyEnd = this.date(cells, 'warranty_end');
    const shipDate = this.date(cells, 'ship_date');
    if (contractStart === undefined || contractEnd === undefined || warrantyEnd === undefined || shipDate === undefined) {
      this.refuse(line, serial, site, 'bad-date', this.badDates(cells));
      return;
    }
    const contractId = this.read(cells, 'contract_id');
    const serviceLevel = this.read(cells, 'service_level');
    const hasContract = contractId !== null || serviceLevel !== null || contractStart !== null || contractEnd !== null;
    const sku = this.read(cells, 'sku');
    const last = this.last;
    const higher = serial > this.highest;
    const record = last !== null && last.serialNumber === serial ? last : higher ? undefined : this.records.get(serial);
    if (record === undefined) {
      // every row's site is pooled once (the site pool is the file's set of sites): here, or kept by the record
      const pooledSite = this.pools.site.share(site)!;
      const conflict = higher || this.conflicts.size === 0 ? undefined : this.conflicts.get(serial);
      if (conflict !== undefined) {
        conflict.lines.push(line);
        return;
      }
      // Values go through the pool only when kept: a row merging into a record mostly adds nothing.
      const pools = this.pools;
      const serialNumber = keptCopy(serial);
      const created: IbRecord = {
        serialNumber,
        sku: pools.sku.share(sku),
        description: pools.description.share(this.read(cells, 'description')),
        siteId: pooledSite,
        siteName: pools.siteName.share(this.read(cells, 'site_name')),
        shipDate,
        warrantyEnd,
        parentSerial: this.parentSerial(cells),
        contracts: hasContract ? [this.contract(contractId, serviceLevel, contractStart, contractEnd)] : [],
        lines: [line],
      };
      this.records.set(serialNumber, created);
      this.last = created;
      if (higher) this.highest = serialNumber;
      return;
    }
    this.last = record;
    if (record.siteId !== site) {
      this.pools.site.share(site);
      this.conflict(record, line, `site ${quote(record.siteId)} on line ${record.lines[0]}, ${quote(site)} on line ${line}`);
      return;
    }
    if (sku !== null && record.sku !== null && record.sku !== sku) {
      const skuLine = this.skuLines.get(serial) ?? record.lines[0];
      this.conflict(record, line, `SKU ${quote(record.sku)} on line ${skuLine}, ${quote(sku)} on line ${line}`);
      return;
    }
    record.lines = grown(record.lines, line);
    if (record.sku === null && sku !== null) {
      record.sku = this.pools.sku.share(sku);
      this.skuLines.set(record.serialNumber, line);
    }
    record.description ??= this.pools.description.share(this.read(cells, 'description'));
    record.siteName ??= this.pools.siteName.share(this.read(cells, 'site_name'));
    record.shipDate ??= shipDate;
    record.warrantyEnd ??= warrantyEnd;
    record.parentSerial ??= this.parentSerial(cells);
    if (hasContract && !record.contracts.some((c) => c.contractId === contractId && c.serviceLevel === serviceLevel && c.start === contractStart && c.end === contractEnd)) {
      record.contracts = grown(record.contracts, this.contract(contractId, serviceLevel, contractStart, contractEnd));
    }
  }

  private parentSerial(cells: string[]): string | null {
    const value = this.read(cells, 'parent_serial');
    return value === null ? null : keptCopy(value);
  }

  private contract(contractId: string | null, serviceLevel: string | null, start: string | null, end: string | null): IbContract {
    const pools = this.pools;
    return { contractId: pools.contractId.share(contractId), serviceLevel: pools.serviceLevel.share(serviceLevel), start, end };
  }

  /** The date in `native` as a shared YYYY-MM-DD, null when empty, undefined when not a date. */
  private date(cells: string[], native: NativeColumn): string | null | undefined {
    const value = this.read(cells, native);
    if (value === null) return null;
    return this.dates.share(value) ?? undefined;
  }

  private badDates(cells: string[]): string {
    const bad: string[] = [];
    for (const native of ['contract_start', 'contract_end', 'warranty_end', 'ship_date'] as const) {
      const value = this.read(cells, native);
      if (value !== null && parseCalendarDate(value, this.dateFormat) === null) bad.push(`${this.columnName(native)}: ${quote(value)}`);
    }
    return `${bad.join('; ')}: not a date in the layout ${this.dateFormat}`;
  }

  private conflict(record: IbRecord, line: number, what: string): void {
    this.last = null;
    this.records.delete(record.serialNumber);
    this.skuLines.delete(record.serialNumber);
    this.conflicts.set(record.serialNumber, { lines: [...record.lines, line], what });
  }

  /** Everything read, records sorted by serial and rejections by line. */
  result(file: string): IbFileContents {
    for (const [serial, { lines, what }] of this.conflicts) {
      const named = lines.slice(0, MAX_LINES_NAMED).join(', ') + (lines.length > MAX_LINES_NAMED ? `, ... (${lines.length} rows)` : '');
      const reason = `the rows of serial ${quote(serial)} disagree: ${what}; all of them are refused (lines ${named})`;
      for (const line of lines) this.rejected.push({ line, serialNumber: serial, code: 'conflicting-rows', reason });
      this.refusedSerials.add(serial);
    }
    const records = [...this.records.values()].sort((a, b) => compareText(a.serialNumber, b.serialNumber));
    const rejectedSerials = [...this.refusedSerials].filter((serial) => !this.records.has(serial)).sort(compareText);
    return {
      file,
      rowsRead: this.rowsRead,
      records,
      rejected: this.rejected.sort((a, b) => a.line - b.line),
      sites: this.pools.site.values().sort(compareText),
      rejectedSerials,
    };
  }
}

/**
 * `list` with `item` added. Short lists are copied to their exact size: a push would give them room
 * for 17 (V8's first growth step), which for 600k records of two lines is most of their memory.
 * (Copied by hand: `concat` took 0.3 s of a 1M-row file in its generic spreading path.)
 */
function grown<T>(list: T[], item: T): T[] {
  const length = list.length;
  if (length >= 8) {
    list.push(item);
    return list;
  }
  const copy: T[] = new Array<T>(length + 1);
  for (let i = 0; i < length; i++) copy[i] = list[i]!;
  copy[length] = item;
  return copy;
}

/** Plain code-unit order: the same on every machine, whatever the locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
