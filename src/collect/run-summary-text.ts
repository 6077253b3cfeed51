/**
 * The human-readable form of a run summary (what `ibsight collect` / `ingest` print without
 * `--json`): one line of counts, then one row per failure. Messages are printed in full (the last
 * column): an unknown host key's message carries the fingerprint and the command to accept it.
 */
import type { RunReport } from './run-summary.js';

export function runSummaryText(report: RunReport, label: string, extra: string[] = []): string {
  const { total, ok, partial, failed } = report.devices;
  const lines = [`${label} ${report.runId}: ${total} device(s) in ${(report.durationMs / 1000).toFixed(1)} s: ${ok} ok, ${partial} partial, ${failed} failed`];
  if (report.failures.length > 0) {
    const rows = report.failures.map((f) => [f.device, f.collector ?? '-', f.code, f.message.replace(/\s+/g, ' ')]);
    const header = ['DEVICE', 'COLLECTOR', 'CODE', 'MESSAGE'];
    const widths = [0, 1, 2].map((i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
    const format = (r: string[]): string => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd();
    lines.push('', format(header), ...rows.map(format));
  }
  lines.push(...extra);
  return `${lines.join('\n')}\n`;
}
