/**
 * The vendor's installed base as ibsight holds it (SPEC §4), and what an import of it produced.
 * Shared by the CSV reader (this folder), the store (src/store/installed-base-*.ts), the
 * reconciliation (src/analysis/reconcile*.ts) and the reports.
 *
 * Dates are calendar dates `YYYY-MM-DD` (as in the CSV); times are ISO-8601 UTC.
 */

/** One contract / service line covering a serial. */
export interface IbContract {
  contractId: string | null;
  serviceLevel: string | null;
  /** `YYYY-MM-DD` or null (no start given). */
  start: string | null;
  /** `YYYY-MM-DD` or null (no end given). */
  end: string | null;
}

/** One serial number of the installed base: the rows of that serial merged (SPEC §4). */
export interface IbRecord {
  serialNumber: string;
  sku: string | null;
  description: string | null;
  siteId: string;
  siteName: string | null;
  shipDate: string | null;
  warrantyEnd: string | null;
  parentSerial: string | null;
  /** One per row that named a contract (contract_id, service_level or a date); empty = no contract. */
  contracts: IbContract[];
  /** The file's line numbers this record came from (1-based, the header is line 1). */
  lines: number[];
}

/** A CSV row (or every row of one serial) refused, with the reason. */
export interface IbRejection {
  /** 1-based line number in the file (a quoted cell spanning lines: the line it starts on). */
  line: number;
  serialNumber: string | null;
  /** Stable reason code. */
  code: 'missing-serial' | 'missing-site' | 'bad-date' | 'conflicting-rows' | 'bad-row';
  reason: string;
}

/** What reading one installed-base file gives, before it is stored. */
export interface IbFileContents {
  file: string;
  rowsRead: number;
  records: IbRecord[];
  rejected: IbRejection[];
  /** Every site id that appeared on a row of the file (good or rejected), sorted. */
  sites: string[];
  /** Serials whose rows were ALL refused: their previously stored record is kept as it was. */
  rejectedSerials: string[];
}

/** `--replace sites` (default): only the sites present in the file are replaced; `all`: everything. */
export type IbReplaceMode = 'sites' | 'all';

/** The record of one import, as stored and as printed by `ib import --json`. */
export interface IbImportSummary {
  importId: number;
  file: string;
  importedAt: string;
  replace: IbReplaceMode;
  rowsRead: number;
  /** Serial numbers stored by this import. */
  records: number;
  rejectedRows: number;
  /** The sites whose installed base this import replaced. */
  sitesReplaced: string[];
  /** Stored records that this import removed (their site was replaced and the file no longer lists them). */
  recordsRemoved: number;
}
