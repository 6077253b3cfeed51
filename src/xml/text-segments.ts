/**
 * The direct text of the elements still open, kept on one stack as offsets into the document (or,
 * for a segment that needed decoding or is CDATA, as a string), and turned into each element's
 * `text` once, when it closes: one flat string per element instead of one concatenation per
 * segment; in a large document, a shared one for an element holding only indentation
 * (IndentJoinCache).
 */
import { IndentJoinCache, MAX_INDENT } from './string-cache.js';

export class TextSegments {
  /** Number of segments on the stack. */
  top = 0;
  private readonly starts: number[] = [];
  /** Segment length, or -1 for a segment given as a string. */
  private readonly lengths: number[] = [];
  /** The segment's string when it is not a plain range of the document. */
  private readonly strings: string[] = [];
  /** Set when sharing strings (a large document). */
  private readonly indents: IndentJoinCache | undefined;

  constructor(
    private readonly text: string,
    sharing: boolean,
  ) {
    this.indents = sharing ? new IndentJoinCache(text.length) : undefined;
  }

  /** A segment that is `text[start, end)` as it is (non-empty). */
  pushRange(start: number, end: number): void {
    const k = this.top++;
    this.starts[k] = start;
    this.lengths[k] = end - start;
  }

  /** A segment given as a string (decoded text, CDATA). */
  pushString(value: string): void {
    if (value.length === 0) return;
    const k = this.top++;
    this.starts[k] = 0;
    this.lengths[k] = -1;
    this.strings[k] = value;
  }

  /** True when segment k is a line feed and spaces only (looked at only when sharing strings). */
  private isIndent(k: number): boolean {
    const length = this.lengths[k]!;
    if (length <= 0 || length > MAX_INDENT) return false;
    const text = this.text;
    const start = this.starts[k]!;
    if (text.charCodeAt(start) !== 0x0a) return false;
    for (let q = start + 1, end = start + length; q < end; q++) if (text.charCodeAt(q) !== 0x20) return false;
    return true;
  }

  /** The text made of the segments from `base` to the top, which are then dropped. */
  popText(base: number): string {
    const top = this.top;
    this.top = base;
    if (top === base) return '';
    if (top === base + 1) {
      const length = this.lengths[base]!;
      if (length < 0) return this.strings[base]!;
      const start = this.starts[base]!;
      return this.text.slice(start, start + length);
    }
    const indents = this.indents;
    if (indents !== undefined) {
      let allIndents = true;
      for (let k = base; k < top && allIndents; k++) allIndents = this.isIndent(k);
      if (allIndents) return indents.get(this.lengths, base, top);
    }
    const parts = new Array<string>(top - base);
    for (let k = base; k < top; k++) {
      const length = this.lengths[k]!;
      const start = this.starts[k]!;
      parts[k - base] = length < 0 ? this.strings[k]! : this.text.slice(start, start + length);
    }
    return parts.join('');
  }
}
