/**
 * Navigation over parsed XML elements (see parse.ts), by local name, so `nc:rpc-reply` and
 * `rpc-reply` match alike. Every helper accepts a missing element: a missing element or blank
 * text is `null` (or `[]`), never an exception, so a field the device did not send stays null.
 */
import type { XmlElement } from './parse.js';

/** First child with that local name, or null. */
export function child(element: XmlElement | null | undefined, name: string): XmlElement | null {
  if (!element) return null;
  for (const c of element.children) if (c.name === name) return c;
  return null;
}

/** Every child with that local name, in document order. */
export function childrenNamed(element: XmlElement | null | undefined, name: string): XmlElement[] {
  if (!element) return [];
  return element.children.filter((c) => c.name === name);
}

/** Trimmed text of the element, or null when it is absent or blank. */
export function textOf(element: XmlElement | null | undefined): string | null {
  if (!element) return null;
  const t = element.text.trim();
  return t.length > 0 ? t : null;
}

/** Trimmed text of the first child with that local name, or null. */
export function childText(element: XmlElement | null | undefined, name: string): string | null {
  return textOf(child(element, name));
}

/** Depth-first search for the first descendant (or the element itself) with that local name. */
export function findFirst(element: XmlElement | null | undefined, name: string): XmlElement | null {
  if (!element) return null;
  const stack: XmlElement[] = [element];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.name === name) return current;
    for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]!);
  }
  return null;
}

/** Every descendant (or the element itself) with that local name, in document order. */
export function findAll(element: XmlElement | null | undefined, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  if (!element) return found;
  // iterative pre-order walk: no recursion, whatever the depth of the tree
  const stack: XmlElement[] = [element];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.name === name) found.push(current);
    for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]!);
  }
  return found;
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };
const XML_SPECIAL = /[<>&"']/;
const XML_SPECIAL_ALL = /[<>&"']/g;

/** Escapes text for use in XML content or attribute values. */
export function escapeXml(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIAL_ALL, (c) => XML_ESCAPES[c]!) : text;
}
