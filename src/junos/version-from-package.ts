/**
 * The Junos version of one `<software-information>`, wherever the release put it:
 *  1. `<junos-version>` (15.1 and later);
 *  2. a package comment `Junos: 14.2R4` (the `junos-version` package of 14.x, TX Matrix, MX);
 *  3. the `junos` package's comment in brackets: `JUNOS Base OS boot [12.3R12.4]`,
 *     `JUNOS Software Release [12.1X46-D15.3]` (older releases, SRX branch);
 *  4. any package comment `JUNOS Base OS boot [...]` / `JUNOS Software Release [...]`;
 *  5. Junos Node Slicing JDM: `JUNOS version : 17.4-20170718_dev_common.1-secure`;
 *  6. NFX JDM: `<version-information>` of component MGD, `15.1X53-D45.3.secure [dc-builder]`
 *     → `15.1X53-D45.3`.
 * Returns the version text as the device wrote it (builds such as `16.1-20160720.0` included:
 * ordering versions is another module's job), or null when the reply carries none.
 * Also tells Junos OS Evolved (`-EVO` versions, `junos-evo` packages) from Junos OS.
 */
import { childrenNamed, childText } from '../xml/element.js';
import type { XmlElement } from '../xml/parse.js';

interface Package {
  name: string | null;
  comment: string | null;
}

function packagesOf(softwareInformation: XmlElement): Package[] {
  return childrenNamed(softwareInformation, 'package-information').map((p) => ({
    name: childText(p, 'name'),
    comment: childText(p, 'comment'),
  }));
}

/** The text between the last `[` and the `]` after it, trimmed, or null. */
function bracketed(comment: string): string | null {
  const open = comment.lastIndexOf('[');
  const close = open === -1 ? -1 : comment.indexOf(']', open);
  if (close === -1) return null;
  const inside = comment.slice(open + 1, close).trim();
  return inside.length > 0 ? inside : null;
}

/** The text after the first colon, trimmed, or null. */
function afterColon(comment: string): string | null {
  const colon = comment.indexOf(':');
  if (colon === -1) return null;
  const rest = comment.slice(colon + 1).trim();
  return rest.length > 0 ? rest : null;
}

const RELEASE_PHRASES = ['junos base os boot [', 'junos software release ['];

function isReleaseComment(comment: string): boolean {
  const lower = comment.toLowerCase();
  return RELEASE_PHRASES.some((phrase) => lower.startsWith(phrase));
}

/** `15.1X53-D45.3.secure [dc-builder]` → `15.1X53-D45.3`: first word, cut after its last digit. */
function mgdRelease(release: string): string | null {
  const word = release.trim().split(/\s+/)[0] ?? '';
  let end = word.length;
  while (end > 0 && !(word.charCodeAt(end - 1) >= 48 && word.charCodeAt(end - 1) <= 57)) end--;
  return end > 0 ? word.slice(0, end) : null;
}

export function junosVersionOf(softwareInformation: XmlElement): string | null {
  const direct = childText(softwareInformation, 'junos-version');
  if (direct !== null) return direct;
  const packages = packagesOf(softwareInformation);
  for (const p of packages) {
    if (p.comment !== null && /^junos:\s*\S/i.test(p.comment)) return afterColon(p.comment);
  }
  for (const p of packages) {
    if (p.name === 'junos' && p.comment !== null) {
      const version = bracketed(p.comment);
      if (version !== null) return version;
    }
  }
  for (const p of packages) {
    if (p.comment !== null && isReleaseComment(p.comment)) {
      const version = bracketed(p.comment);
      if (version !== null) return version;
    }
  }
  for (const p of packages) {
    if (p.name !== null && p.name.toLowerCase() === 'junos version' && p.comment !== null) {
      const version = afterColon(p.comment);
      if (version !== null) return version;
    }
  }
  for (const info of childrenNamed(softwareInformation, 'version-information')) {
    if (childText(info, 'component') === 'MGD') {
      const release = childText(info, 'release');
      if (release !== null) return mgdRelease(release);
    }
  }
  return null;
}

const EVO_WORD = /(?:^|[^a-z])evo(?:lved)?(?:[^a-z]|$)/i;

/** Whether this software-information is Junos OS Evolved: `-EVO` version, or an Evolved package. */
export function isEvolved(softwareInformation: XmlElement, version: string | null): boolean {
  if (version !== null && version.toUpperCase().endsWith('-EVO')) return true;
  for (const p of packagesOf(softwareInformation)) {
    if ((p.name !== null && EVO_WORD.test(p.name)) || (p.comment !== null && EVO_WORD.test(p.comment))) return true;
  }
  return false;
}
