/**
 * The CLI banner Junos puts in a reply (`<cli><banner>{master:0}</banner></cli>`): the mastership
 * state of the routing engine / member / node the session is on, and which one it is.
 *   `{master:0}` VC or switch member 0 is master · `{backup:1}` member 1 is backup ·
 *   `{master:member0-re0}` MX-VC · `{primary:node0}` / `{secondary:node1}` SRX cluster ·
 *   `{master}` / `{backup}` dual RE (which slot is not said) · empty or `[edit]`: nothing known.
 */
import { child, childText } from '../xml/element.js';
import type { XmlElement } from '../xml/parse.js';

export interface BannerRole {
  /** Lower-cased state: `master`, `backup`, `primary`, `secondary`, `disabled`, `hold`... */
  state: string;
  /** What follows the colon (`0`, `node0`, `member0-re0`), or null. */
  member: string | null;
}

/** The `{state:member}` part of a banner text, or null when there is none. */
export function parseBanner(text: string | null): BannerRole | null {
  if (text === null) return null;
  const open = text.indexOf('{');
  const close = open === -1 ? -1 : text.indexOf('}', open);
  if (close === -1) return null;
  const inside = text.slice(open + 1, close).trim();
  if (inside.length === 0) return null;
  const colon = inside.indexOf(':');
  const state = (colon === -1 ? inside : inside.slice(0, colon)).trim().toLowerCase();
  const member = colon === -1 ? null : inside.slice(colon + 1).trim() || null;
  return state.length > 0 ? { state, member } : null;
}

/** The banner of a reply root (`<rpc-reply>` with a `<cli>` child), or null. */
export function replyBanner(root: XmlElement): BannerRole | null {
  return parseBanner(childText(child(root, 'cli'), 'banner'));
}

/** Names a multi-RE item may carry for the member a banner names (`0` → `fpc0`, `member0`). */
function namesFor(member: string): string[] {
  if (/^\d+$/.test(member)) return [`fpc${member}`, `member${member}`, member];
  const dash = member.indexOf('-re');
  return dash > 0 ? [member, member.slice(0, dash)] : [member];
}

/**
 * Which of `members` (multi-RE item names, as reported) is the master / primary one according to
 * the banner, or null when the banner does not say. A secondary SRX node implies that the other
 * node of the two is primary; a backup (or any other state) says nothing about who is master.
 */
export function masterMember(banner: BannerRole | null, members: readonly string[]): string | null {
  if (!banner || banner.member === null) return null;
  if (banner.state === 'master' || banner.state === 'primary') {
    for (const name of namesFor(banner.member)) if (members.includes(name)) return name;
    return null;
  }
  if (banner.state === 'secondary' && banner.member.startsWith('node')) {
    const nodes = members.filter((m) => m.startsWith('node'));
    if (nodes.length === 2 && nodes.includes(banner.member)) return nodes.find((m) => m !== banner.member)!;
  }
  return null;
}
