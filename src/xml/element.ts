/** Navigation over parsed XML elements, by local name. A missing element or empty text is `null`. */
import type { XmlElement } from './parse.js';

export function child(element: XmlElement | null | undefined, name: string): XmlElement | null {
  if (!element) return null;
  for (const c of element.children) if (c.name === name) return c;
  return null;
}

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
  const visit = (e: XmlElement): void => {
    if (e.name === name) found.push(e);
    for (const c of e.children) visit(c);
  };
  visit(element);
  return found;
}

/** Escapes text for use in XML content or attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
