/**
 * The summary that travels with a delivery of reports (issue 7): a small JSON object the caller
 * builds (report kinds, time, key numbers). The e-mail shows it as lines, the webhook sends it as
 * is. Rules: it must serialise to a JSON object of at most MAX_SUMMARY_BYTES; a summary that does
 * not is a failure of the channel that needed it, never a crash.
 */

/**
 * `kinds` (report kinds) and `generatedAt` (ISO time) go into the e-mail subject; every other key
 * is a number or short text shown as is (accuracy %, findings by severity...).
 */
export interface DeliverySummary {
  kinds?: string[];
  generatedAt?: string;
  [key: string]: unknown;
}

export const MAX_SUMMARY_BYTES = 64 * 1024;

/** The summary as JSON text, or the reason it cannot be sent. */
export function summaryJson(summary: DeliverySummary): { json: string } | { problem: string } {
  let json: string | undefined;
  try {
    json = JSON.stringify(summary);
  } catch (err) {
    return { problem: `the summary cannot be written as JSON (${(err as Error).message})` };
  }
  if (json === undefined || !json.startsWith('{')) return { problem: 'the summary is not a JSON object' };
  if (Buffer.byteLength(json) > MAX_SUMMARY_BYTES) return { problem: `the summary is larger than ${MAX_SUMMARY_BYTES} bytes` };
  return { json };
}
