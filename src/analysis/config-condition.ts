/**
 * Catalog config conditions: `set` line patterns checked against a device's configuration in set
 * form (`show configuration | display set`).
 *
 * A pattern is words separated by spaces ("double quoted" words may hold spaces):
 *  - a plain word matches the same word;
 *  - `*` matches exactly one word, whatever it is;
 *  - a word ending in `*` matches words starting with what comes before it (`http*` matches http
 *    and https).
 * A pattern matches a configuration line when its words match the line's first words: the line
 * may go on ("set system services web-management http*" matches
 * "set system services web-management https system-generated-certificate").
 * A line made inactive by a `deactivate` line of the same or a shorter path
 * ("deactivate system services web-management") does not count.
 * Matching is exact on case, as Junos configuration is.
 */

export interface CompiledPattern {
  readonly text: string;
  /** The literal start of the pattern, up to the first wildcard word (a quick startsWith filter). */
  readonly prefix: string;
  readonly words: readonly PatternWord[];
}

type PatternWord = { kind: 'word'; text: string } | { kind: 'any' } | { kind: 'prefix'; text: string };

/** Splits a configuration line (or pattern) into words; double quotes group. */
export function configWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) words.push(m[1] !== undefined ? `"${m[1]}"` : m[2]!);
  return words;
}

export function compilePattern(text: string): CompiledPattern {
  const words: PatternWord[] = configWords(text).map((w) =>
    w === '*' ? { kind: 'any' } : w.endsWith('*') && !w.startsWith('"') ? { kind: 'prefix', text: w.slice(0, -1) } : { kind: 'word', text: w },
  );
  const literal: string[] = [];
  for (const w of words) {
    if (w.kind !== 'word') break;
    literal.push(w.text);
  }
  const partial = words[literal.length];
  const prefix = literal.join(' ') + (partial?.kind === 'prefix' ? ` ${partial.text}` : '');
  return { text, prefix: prefix.trimStart(), words };
}

function wordsMatch(pattern: CompiledPattern, lineWords: readonly string[]): boolean {
  if (lineWords.length < pattern.words.length) return false;
  for (let i = 0; i < pattern.words.length; i++) {
    const p = pattern.words[i]!;
    const w = lineWords[i]!;
    if (p.kind === 'word' ? w !== p.text : p.kind === 'prefix' ? !w.startsWith(p.text) : false) return false;
  }
  return true;
}

/** Paths made inactive by `deactivate` lines (their words after "deactivate"). */
function deactivatedPaths(lines: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const line of lines) if (line.startsWith('deactivate ')) out.push(configWords(line).slice(1));
  return out;
}

function isDeactivated(lineWords: readonly string[], deactivated: readonly string[][]): boolean {
  return deactivated.some((path) => path.length <= lineWords.length - 1 && path.every((w, i) => lineWords[i + 1] === w));
}

/** The first active configuration line matching the pattern, or null. */
export function findMatchingLine(pattern: CompiledPattern, lines: readonly string[]): string | null {
  let deactivated: string[][] | null = null;
  for (const line of lines) {
    if (!line.startsWith(pattern.prefix)) continue;
    const words = configWords(line);
    if (!wordsMatch(pattern, words)) continue;
    deactivated ??= deactivatedPaths(lines);
    if (!isDeactivated(words, deactivated)) return line;
  }
  return null;
}
