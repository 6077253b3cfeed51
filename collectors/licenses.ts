/**
 * licenses — licensed features and their usage, and the license keys installed.
 *
 * RPC `get-license-summary-information` (`show system license`), one request `summary`:
 * `<get-license-summary-information/>`. SRX clusters answer per node (`multi-routing-engine-results`,
 * `node0`/`node1`): each record carries its `member`. A platform without licensing (the RPC is
 * unknown, or "not supported") is `not-applicable`; "permission denied" is an error.
 *
 * Record:
 *   { features: [{ member, feature, description, installed, used, needed,
 *                  validityType,      // 'permanent' | 'date-based' | 'countdown' | what the device says; null if unknown
 *                  expiry,            // ISO-8601 UTC (end-date junos:seconds), 'permanent', the device's text, or null
 *                  remainingSeconds   // countdown (trial) licenses: remaining-validity-value junos:seconds, else null
 *                }],
 *     licenses: [{ member, id, version, sku, softwareSerialNumber, customerReference,
 *                  features: [{ feature, validityType, start, expiry }] }] }   // `license-information`, when sent
 * `validityType` when absent is derived: an end-date of `permanent` (or 0 seconds) → 'permanent',
 * another end-date → 'date-based', a remaining time → 'countdown'.
 * Example: {"features":[{"member":null,"feature":"scale-subscriber","description":"Scale Subscriber","installed":16000,
 *   "used":0,"needed":0,"validityType":"date-based","expiry":"2026-01-31T00:00:00.000Z","remainingSeconds":null}],
 *   "licenses":[{"member":null,"id":"JUNOS736204602","version":"4","sku":null,"softwareSerialNumber":null,
 *   "customerReference":"Example Networks BV","features":[{"feature":"scale-subscriber","validityType":"date-based",
 *   "start":"2024-02-01T00:00:00.000Z","expiry":"2026-01-31T00:00:00.000Z"}]}]}
 */
import type { RpcIssue } from '../src/netconf/rpc-reply.js';
import { child, childrenNamed, childText } from '../src/xml/element.js';
import type { XmlElement } from '../src/xml/parse.js';
import type { Collector, CollectorReply } from './collector.js';
import { childInteger, memberData, requireData, secondsOf, type MemberData } from './reply.js';

export interface LicenseFeature {
  member: string | null;
  feature: string | null;
  description: string | null;
  installed: number | null;
  used: number | null;
  needed: number | null;
  validityType: string | null;
  expiry: string | null;
  remainingSeconds: number | null;
}

export interface InstalledLicenseFeature {
  feature: string | null;
  validityType: string | null;
  start: string | null;
  expiry: string | null;
}

export interface InstalledLicense {
  member: string | null;
  id: string | null;
  version: string | null;
  sku: string | null;
  softwareSerialNumber: string | null;
  customerReference: string | null;
  features: InstalledLicenseFeature[];
}

export interface LicensesRecords {
  features: LicenseFeature[];
  licenses: InstalledLicense[];
}

const PERMANENT = 'permanent';

function iso(seconds: number | null): string | null {
  if (seconds === null || seconds <= 0) return null;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A date element: ISO from junos:seconds, 'permanent' as sent, else the device's text. */
function dateOf(element: XmlElement | null): string | null {
  if (!element) return null;
  const text = element.text.trim();
  if (text.toLowerCase() === PERMANENT) return PERMANENT;
  return iso(secondsOf(element)) ?? (text.length > 0 ? text : null);
}

function validityOf(summary: XmlElement, endDate: XmlElement | null, remaining: XmlElement | null): string | null {
  const stated = childText(summary, 'validity-type') ?? childText(summary, 'license-type');
  if (stated) return stated.toLowerCase();
  if (endDate) return endDate.text.trim().toLowerCase() === PERMANENT || secondsOf(endDate) === 0 ? PERMANENT : 'date-based';
  return remaining ? 'countdown' : null;
}

function featureOf(member: string | null, summary: XmlElement): LicenseFeature {
  const endDate = child(summary, 'end-date');
  const remaining = child(child(summary, 'remaining-time'), 'remaining-validity-value');
  const validityType = validityOf(summary, endDate, remaining);
  const expiry = validityType === PERMANENT ? PERMANENT : endDate && secondsOf(endDate) !== 0 ? dateOf(endDate) : null;
  return {
    member,
    feature: childText(summary, 'name'),
    description: childText(summary, 'description'),
    // older schema: licenses-installed / licenses-used / licenses-needed
    installed: childInteger(summary, 'licensed') ?? childInteger(summary, 'licenses-installed'),
    used: childInteger(summary, 'used-licensed') ?? childInteger(summary, 'licenses-used'),
    needed: childInteger(summary, 'needed') ?? childInteger(summary, 'licenses-needed'),
    validityType,
    expiry,
    remainingSeconds: secondsOf(remaining),
  };
}

function installedOf(member: string | null, license: XmlElement): InstalledLicense {
  const features: InstalledLicenseFeature[] = [];
  for (const block of childrenNamed(license, 'feature-block')) {
    for (const f of childrenNamed(block, 'feature')) {
      const validityType = childText(f, 'validity-type')?.toLowerCase() ?? null;
      features.push({
        feature: childText(f, 'name'),
        validityType,
        start: dateOf(child(f, 'start-date')),
        expiry: validityType === PERMANENT ? PERMANENT : dateOf(child(f, 'end-date')),
      });
    }
  }
  return {
    member,
    id: childText(license, 'name'),
    version: childText(license, 'license-version'),
    sku: childText(license, 'license-sku'),
    softwareSerialNumber: childText(license, 'software-sn'),
    customerReference: childText(license, 'customer-reference'),
    features,
  };
}

/** Per member, the `license-summary-information` (or a bare `license-usage-summary` saved on its own). */
function membersOf(root: XmlElement): MemberData[] {
  const members = memberData(root, 'license-summary-information');
  if (members.length > 0) return members;
  return memberData(root, 'license-usage-summary');
}

export function parseLicenses(replies: readonly CollectorReply[]): LicensesRecords {
  const records: LicensesRecords = { features: [], licenses: [] };
  for (const reply of replies) {
    const members = membersOf(reply.root);
    requireData(reply.root, 'license-summary-information', members);
    for (const { member, data } of members) {
      if (!data) continue;
      const usage = data.name === 'license-usage-summary' ? data : child(data, 'license-usage-summary');
      // feature-summary sits in license-usage-summary; some releases put it directly in license-summary-information
      for (const s of [...childrenNamed(usage, 'feature-summary'), ...(usage === data ? [] : childrenNamed(data, 'feature-summary'))]) {
        records.features.push(featureOf(member, s));
      }
      for (const l of childrenNamed(child(data, 'license-information'), 'license')) records.licenses.push(installedOf(member, l));
    }
  }
  return records;
}

const NO_LICENSING = /syntax error|unrecognized command|not supported|unknown command|license.*not (running|available|enabled)/i;

/** The RPC is unknown or unsupported here: the platform has no licensing to report. */
export function licensesNotApplicable(errors: readonly RpcIssue[]): string | null {
  for (const e of errors) {
    const text = `${e.message ?? ''} ${e.badElement ?? ''}`;
    if (NO_LICENSING.test(text) || e.badElement === 'get-license-summary-information') {
      return `the device has no license information (${e.message ?? e.badElement ?? 'refused'})`;
    }
  }
  return null;
}

export const licensesCollector: Collector<LicensesRecords> = {
  name: 'licenses',
  rpc: 'get-license-summary-information',
  summary: 'licensed features (installed, used, needed, validity, expiry) and installed license keys',
  requests: [{ key: 'summary', bodies: ['<get-license-summary-information/>'] }],
  notApplicable: licensesNotApplicable,
  parse: parseLicenses,
};
