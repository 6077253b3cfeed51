/**
 * The scanner's internal failure: what is wrong and at which character offset. parseXml turns it
 * into an IbsightError (XML_MALFORMED or XML_DTD_REFUSED) with the line number, which is only
 * computed then, so well-formed documents never pay for line counting.
 */
export type ScanErrorCode = 'XML_MALFORMED' | 'XML_DTD_REFUSED';

export class ScanError extends Error {
  constructor(
    readonly code: ScanErrorCode,
    message: string,
    /** Offset (UTF-16 units) in the document where the error was found. */
    readonly position: number,
    /** Offset whose line is reported, when not `position` (the end of a refused DOCTYPE). */
    readonly linePosition: number = position,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ScanError';
  }
}

/** A well-formedness error at `position`. */
export function malformedAt(position: number, message: string): ScanError {
  return new ScanError('XML_MALFORMED', message, position);
}

/**
 * 1-based line of `position`: line ends are LF, CR LF and a lone CR (each counts once), as the
 * XML end-of-line handling sees them.
 */
export function lineAt(text: string, position: number): number {
  const end = Math.min(position, text.length);
  let line = 1;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    else if (c === 0x0d) {
      line++;
      if (i + 1 < end && text.charCodeAt(i + 1) === 0x0a) i++;
    }
  }
  return line;
}
