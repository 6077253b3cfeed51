/**
 * Typed reads from parsed JSON of unknown shape (CVE records are untrusted input): each accessor
 * returns the value when it has the expected type, else null. No exceptions, no coercion beyond
 * trimming where a caller asks for it; strings are cut at a caller-given length.
 */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function objectAt(parent: unknown, key: string): JsonObject | null {
  if (!isJsonObject(parent)) return null;
  const value = parent[key];
  return isJsonObject(value) ? value : null;
}

export function arrayAt(parent: unknown, key: string): unknown[] | null {
  if (!isJsonObject(parent)) return null;
  const value = parent[key];
  return Array.isArray(value) ? value : null;
}

/** A string field, or null (also for the empty string). */
export function stringAt(parent: unknown, key: string): string | null {
  if (!isJsonObject(parent)) return null;
  const value = parent[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function numberAt(parent: unknown, key: string): number | null {
  if (!isJsonObject(parent)) return null;
  const value = parent[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The strings of an array field (other members skipped). */
export function stringsAt(parent: unknown, key: string): string[] {
  const array = arrayAt(parent, key);
  if (!array) return [];
  return array.filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/** `text` cut to `max` characters (with an ellipsis), whitespace runs folded to one space. */
export function shortText(text: string, max: number): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded.length > max ? `${folded.slice(0, max - 1).trimEnd()}…` : folded;
}
