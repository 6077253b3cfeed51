/**
 * Collector results as a collection run would record them, made by parsing a built-in simulator
 * profile's saved replies (src/sim/profiles/<p>/*.xml) with the real collectors: each request
 * takes the first body a file answers, in the simulator's own matching order, else the
 * simulator's rpc-error for an unknown RPC (an optional request is then left out).
 * `edit` may change a reply's text first (a swapped FPC, a new version, a configuration edit).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CollectorReply } from '../../collectors/collector.js';
import { collectors } from '../../collectors/index.js';
import { parseReplies } from '../../collectors/outcome.js';
import { isIbsightError } from '../../src/errors/ibsight-error.js';
import { builtinProfileDir } from '../../src/sim/builtin-profile-dir.js';
import { chooseReply } from '../../src/sim/request-match.js';
import { unknownRpcError } from '../../src/sim/rpc-reply.js';
import type { CollectorResult } from '../../src/store/store-api.js';
import { parseXml } from '../../src/xml/parse.js';

export const SCRUB_KEY = Buffer.from('ibsight-views-test-scrub-key-0001');

export type ReplyEdit = (file: string, text: string) => string;

/** What the simulator answers to one request: the first body a file answers, else its rpc-error. */
function answer(dir: string, bodies: readonly string[], edit: ReplyEdit): { text: string; refused: boolean } {
  let refusal = '';
  for (const body of bodies) {
    const choice = chooseReply(parseXml(body), (key) => existsSync(join(dir, `${key}.xml`)));
    if (choice.kind === 'file') return { text: edit(`${choice.key}.xml`, readFileSync(join(dir, `${choice.key}.xml`), 'utf8')), refused: false };
    if (choice.kind === 'unknown' && refusal === '') refusal = `<rpc-reply>${unknownRpcError(choice.badElement, choice.message)}</rpc-reply>`;
  }
  return { text: refusal, refused: true };
}

export function profileResults(profile: string, edit: ReplyEdit = (_f, t) => t): CollectorResult[] {
  const dir = builtinProfileDir(profile);
  return collectors.map((collector): CollectorResult => {
    const replies: CollectorReply[] = [];
    for (const request of collector.requests) {
      const reply = answer(dir, request.bodies, edit);
      if (reply.refused && request.optional) continue;
      replies.push({ key: request.key, root: parseXml(reply.text) });
    }
    try {
      const outcome = parseReplies(collector, replies, { scrubKey: SCRUB_KEY });
      if (outcome.status === 'ok') return { collector: collector.name, status: 'ok', durationMs: 5, error: null, reason: null, records: outcome.records };
      return { collector: collector.name, status: 'not-applicable', durationMs: 5, error: null, reason: outcome.reason, records: null };
    } catch (err) {
      if (!isIbsightError(err)) throw err;
      return { collector: collector.name, status: 'error', durationMs: 5, error: { code: err.code, message: err.message }, reason: null, records: null };
    }
  });
}
