/**
 * Scrubbing secrets from a Junos XML `<configuration>` (rules: config-secrets.ts) while writing
 * it out in a canonical form for change detection: local element names, attributes sorted,
 * whitespace-only text dropped, leaf text trimmed, and the attributes that change on every
 * commit (`junos:commit-*`, `junos:changed-*`) left out. The input tree is not modified.
 */
import { escapeXml } from '../xml/element.js';
import type { XmlElement } from '../xml/parse.js';
import { isDigits, isEncodedSecret, PRE_SHARED_KEY, PRE_SHARED_KEY_FORMS, SECRET_STATEMENTS, SNMP, SNMP_NAMED_SECRETS } from './config-secrets.js';
import type { ConfigScrubResult } from './config-text.js';
import { scrubPrivateKeyBlocks } from './private-key-blocks.js';
import { DEVICE_MASK, secretMarker } from './secret-marker.js';

function isCommitAttribute(name: string): boolean {
  const colon = name.indexOf(':');
  const local = colon === -1 ? name : name.slice(colon + 1);
  return local.startsWith('commit-') || local.startsWith('changed-');
}

function isSecretLeaf(name: string, text: string, parent: string | null, grandparent: string | null): boolean {
  if (isEncodedSecret(text)) return true;
  if (SECRET_STATEMENTS.has(name)) return !(name.endsWith('authentication-key') && isDigits(text));
  if (PRE_SHARED_KEY_FORMS.has(name)) return parent === PRE_SHARED_KEY;
  return name === 'name' && parent !== null && SNMP_NAMED_SECRETS.has(parent) && grandparent === SNMP;
}

class CanonicalWriter {
  readonly parts: string[] = [];
  scrubbed = 0;
  maskedByDevice = 0;

  constructor(private readonly key: Buffer) {}

  write(element: XmlElement, parent: string | null, grandparent: string | null): void {
    const parts = this.parts;
    parts.push('<', element.name);
    const names = Object.keys(element.attrs)
      .filter((a) => a !== 'xmlns' && !a.startsWith('xmlns:') && !isCommitAttribute(a))
      .sort();
    for (const a of names) parts.push(' ', a, '="', escapeXml(element.attrs[a]!), '"');
    parts.push('>');
    if (element.children.length === 0) {
      parts.push(escapeXml(this.leafText(element, parent, grandparent)));
    } else {
      for (const c of element.children) this.write(c, element.name, parent);
      const text = element.text.trim();
      if (text.length > 0) parts.push(escapeXml(text));
    }
    parts.push('</', element.name, '>');
  }

  private leafText(element: XmlElement, parent: string | null, grandparent: string | null): string {
    const text = element.text.trim();
    if (text.length === 0) return text;
    if (text === DEVICE_MASK) {
      this.maskedByDevice++;
      return text;
    }
    if (isSecretLeaf(element.name, text, parent, grandparent)) {
      this.scrubbed++;
      return secretMarker(text, this.key);
    }
    const keys = scrubPrivateKeyBlocks(text, this.key);
    this.scrubbed += keys.scrubbed;
    return keys.text;
  }
}

/** The canonical XML of a `<configuration>` element with every secret replaced by a marker. */
export function scrubConfigXml(configuration: XmlElement, key: Buffer): ConfigScrubResult {
  const writer = new CanonicalWriter(key);
  writer.write(configuration, null, null);
  return { text: writer.parts.join(''), scrubbed: writer.scrubbed, maskedByDevice: writer.maskedByDevice };
}
