/**
 * What a Junos physical interface is, from its name: the type (the name's prefix: `ge`, `xe`,
 * `et`, `mge`, `ae`, `lo`, `fxp`, `t1`, Evolved's `re0:mgmt-0` → `mgmt`) and the kind:
 *  - `port`: a network port on a line card or fixed chassis (ge, xe, et, mge, fe, so, t1, ...,
 *    VC ports `vcp`); any `type-fpc/pic/port` name not known to be internal counts as a port;
 *  - `aggregate`: ae (LAG), reth (SRX cluster redundant Ethernet);
 *  - `management`: fxp, em, me, vme, mgmt (out-of-band management and RE links);
 *  - `internal`: software and PFE-internal interfaces a network engineer does not count as ports
 *    (lo, irb, vlan, dsc, gre, ipip, lsi, mtun, pimd, pime, tap, vtep, esi, cbp, demux, fti, pip,
 *    pp, rbeb, jsrv, bme, lc-, pfe-, pfh-, services PIC interfaces gr-/ip-/lt-/mt-/sp-/lsq-/vt-/ms-,
 *    SRX fab/swfab/st/ppd/ppe/dl, `.local.`, ...); any name without a slot and not listed above.
 */

export type InterfaceKind = 'port' | 'aggregate' | 'management' | 'internal';

const AGGREGATE = new Set(['ae', 'reth']);
const MANAGEMENT = new Set(['fxp', 'em', 'me', 'vme', 'mgmt']);
const INTERNAL = new Set([
  'lo', 'irb', 'vlan', 'dsc', 'gre', 'ipip', 'lsi', 'mtun', 'pimd', 'pime', 'tap', 'vtep', 'esi', 'cbp', 'demux',
  'fti', 'pip', 'pp', 'ppd', 'ppe', 'rbeb', 'jsrv', 'bme', 'lc', 'pfe', 'pfh', 'gr', 'ip', 'lt', 'mt', 'sp', 'lsq',
  'rlsq', 'vt', 'ms', 'ams', 'mams', 'rms', 'rsp', 'si', 'pd', 'pe', 'ps', 'umd', 'fab', 'swfab', 'st', 'dl', 'sxe',
  'ut', 'vms', 'local',
]);

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/**
 * The type of an interface: the part before the first `-` (`ge-0/0/0` → `ge`, `t1-1/0/0` → `t1`),
 * else its leading letters (`ae12` → `ae`, `irb` → `irb`); `re0:mgmt-0` → `mgmt`; `.local.` → `local`.
 */
export function interfaceType(name: string): string {
  const dash = name.indexOf('-');
  const colon = name.indexOf(':');
  if (colon !== -1 && (dash === -1 || colon < dash)) return interfaceType(name.slice(colon + 1));
  if (dash > 0) return name.slice(0, dash).toLowerCase();
  let i = 0;
  while (i < name.length && !isLetter(name.charCodeAt(i))) i++;
  const start = i;
  while (i < name.length && isLetter(name.charCodeAt(i))) i++;
  return (i > start ? name.slice(start, i) : name).toLowerCase();
}

export function interfaceKind(name: string, type: string): InterfaceKind {
  if (AGGREGATE.has(type)) return 'aggregate';
  if (MANAGEMENT.has(type)) return 'management';
  if (INTERNAL.has(type)) return 'internal';
  return name.includes('/') ? 'port' : 'internal';
}
