/**
 * The advisory model (issue 6, SPEC §7): one shape for Juniper's CVE JSON 5 records and for our own
 * YAML catalog of targeted bug notices, and the shape of a match against one device.
 *
 * Rules it keeps:
 *  - Plain data only (strings, numbers, booleans, arrays, plain objects, null): an Advisory goes
 *    through JSON.stringify/JSON.parse unchanged, so the store can keep it as JSON.
 *  - Version bounds stay strings here, normalised for their product ('21.2-EVO', '22.4R3-EVO'); they
 *    are parsed once when an advisory is compiled for matching (src/analysis/advisory-match.ts).
 *  - Nothing read is silently dropped: what could not be understood is an AdvisoryWarning naming the
 *    file, the advisory and the entry.
 */

/** Junos OS and Junos OS Evolved (the `product` of a parsed Junos version). */
export type AdvisoryProduct = 'junos' | 'junos-evolved';

export const ADVISORY_PRODUCTS: readonly AdvisoryProduct[] = ['junos', 'junos-evolved'];

export type AdvisorySeverity = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';

export const ADVISORY_SEVERITIES: readonly AdvisorySeverity[] = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];

/** CVE JSON 5 `defaultStatus`: the status of versions outside every listed range. Absent = 'unknown'. */
export type DefaultStatus = 'affected' | 'unaffected' | 'unknown';

export type CvssVersion = '3.0' | '3.1' | '4.0';

export interface AdvisoryCvss {
  version: CvssVersion;
  /** Base score, 0.0 to 10.0. */
  score: number;
  /** 'CVSS:3.1/AV:N/...' when the source gives it. */
  vector: string | null;
}

/** Lower bound of a range (CVE `version`). */
export type LowerBound =
  /** '0', 'unspecified', '*' or empty: no lower bound. */
  | { kind: 'none' }
  /** A train ('21.2', '21.4-EVO', '15.1X49', '15.1F'): the range holds versions of that train only. */
  | { kind: 'train'; train: string }
  /** A release ('23.4R2-S3'): the range starts there (a regression window). */
  | { kind: 'release'; version: string };

/** Upper bound of a range (CVE `lessThan` / `lessThanOrEqual`, or none). */
export type UpperBound =
  /**
   * `lessThan` with one or more fixed releases ('22.4R2-S2, 22.4R3'). A version is fixed (outside
   * the range) when it is at or above every fix it can be ordered against (the highest), or on the
   * maintenance line of one fix (same train and R number: 22.4R2) and at or above it.
   */
  | { kind: 'fixed-in'; fixes: string[] }
  /** `lessThan: '21.1*'`: every version up to and including the whole train (no fix). */
  | { kind: 'whole-train'; train: string }
  /** `lessThanOrEqual` with a release: up to and including it. */
  | { kind: 'at-most'; version: string }
  /** No upper bound: the lower bound alone (one release, or one whole train). */
  | { kind: 'only' };

export interface VersionRange {
  /** `unaffected` ranges win over overlapping `affected` ones. */
  status: 'affected' | 'unaffected';
  from: LowerBound;
  to: UpperBound;
  /** Readable form used in match reasons: '21.2 before 21.2R3-S6', 'all versions before 20.4R3-S9', 'all of 21.1'. */
  text: string;
  /** Where it came from: 'affected[0].versions[3]' (CVE record) or 'advisories[2].affected[0].versions[1]' (catalog). */
  entry: string;
}

/** What a platform rule names. Models are lower case, as devices report them ('mx960', 'ex4300-48t'). */
export type PlatformTarget =
  /** 'SRX Series' → family 'srx': every model 'srx' + digits (srx345, srx5800). */
  | { kind: 'series'; family: string }
  /** 'SRX5000 series' → family 'srx', prefix '5', digits 4: srx5400, srx5600, srx5800. */
  | { kind: 'sub-series'; family: string; prefix: string; digits: number }
  /** 'MX304', 'ACX7100-32C', 'vMX': that model (and its variants: 'ex4300' covers 'ex4300-48t'). */
  | { kind: 'model'; model: string; virtual: boolean }
  /** A phrase not understood ('SRX Branch', 'Junos Fusion'): matching reports doubt, never a guess. */
  | { kind: 'unrecognised'; term: string };

export interface PlatformRule {
  /** The phrase as written ('MX Series with MPC10 MPC11 or LC9600'); one phrase may give several rules. */
  phrase: string;
  target: PlatformTarget;
  /** A hardware condition the device model cannot show ('MPC10 MPC11 or LC9600'): a match is only potential. */
  condition: string | null;
  /** 'record' (affected[].platforms), 'title' (read from the record's title), 'catalog'. */
  origin: 'record' | 'title' | 'catalog';
}

/**
 * One product block (CVE `affected[i]`, catalog `affected[i]`): the product, the platforms it
 * names, its version ranges and the status of versions outside them. Two blocks of one product
 * (say Junos OS on SRX with one set of fixes, Junos OS on EX with another) stay apart.
 */
export interface ProductScope {
  product: AdvisoryProduct;
  /** Outside every range. CVE records without `defaultStatus` are 'unknown' (read as not affected). */
  defaultStatus: DefaultStatus;
  /** Empty = all platforms. */
  platforms: PlatformRule[];
  ranges: VersionRange[];
  /** A condition in the product name that cannot be checked ('with BGP enabled'), shown in reasons; else null. */
  condition: string | null;
}

export interface Advisory {
  /** 'CVE-2024-21591', or a catalog id ('TSB-J-WEB-2023'). */
  id: string;
  source: 'cve' | 'catalog';
  /** The file it was read from (as named on the command line). */
  file: string;
  /** Juniper Security Advisory id ('JSA75729'), else null. */
  jsa: string | null;
  /** Juniper problem report numbers ('1747984'). */
  prs: string[];
  title: string;
  /** A short description (first sentence or so), or null. */
  description: string | null;
  severity: AdvisorySeverity;
  cvss: AdvisoryCvss | null;
  /** In CISA's Known Exploited Vulnerabilities catalog. */
  kev: boolean;
  /** ISO date or date-time as the source gives it. */
  published: string | null;
  url: string | null;
  /** One scope per product block of the source (CVE `affected[]`); a product with no scope is never affected. */
  products: ProductScope[];
  /** Catalog only: `set` line patterns ('set system services web-management http*'); null = no condition. */
  configCondition: string[] | null;
  /** With a configCondition: 'any' = one pattern present is enough, 'all' = every pattern must be present. */
  configMatch: 'any' | 'all';
}

export interface AdvisoryWarning {
  file: string;
  /** The advisory id when known. */
  id: string | null;
  /** The entry inside the file ('affected[0].versions[5]', 'advisories[2].title'), else null. */
  entry: string | null;
  message: string;
}

export type ExposureStatus = 'affected' | 'potentially-affected' | 'affected-not-exposed';

/** One advisory that applies to one device (SPEC §7 `affected[]`). */
export interface ExposureMatch {
  id: string;
  status: ExposureStatus;
  title: string;
  severity: AdvisorySeverity;
  cvss: { version: CvssVersion; score: number } | null;
  kev: boolean;
  /** Why: the range that holds the version, the platform rule, the doubt, the config condition. */
  reason: string;
}
