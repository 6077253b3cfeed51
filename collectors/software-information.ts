/**
 * software-information: hostname, model, OS and Junos version of every routing engine, VC member
 * and cluster node (SPEC §2.1).
 *
 * Requests (first one the device accepts wins, as PyEZ does):
 *   1. `<command>show version invoke-on all-routing-engines</command>` — every RE / member / node;
 *   2. `<get-software-information><all-servers/></get-software-information>` — JDM (node slicing);
 *   3. `<get-software-information/>` — the connected RE only.
 *
 * Record:
 *   {"hostname": "baku", "model": "mx480", "os": "junos", "version": "15.1F5.15-C1.12",
 *    "members": [{"member": "re0", "hostname": "baku", "model": "mx480", "version": "15.1F5.15-C1.12", "error": null},
 *                {"member": "re1", "hostname": "baku1", "model": "mx480", "version": "15.1F5.15", "error": null}],
 *    "selectedMember": "re0", "selectedBy": "first-member"}
 * - `members`: one per `multi-routing-engine-item`, `member` = its `re-name` as reported (`re0`,
 *   `fpc1`, `member0`, `node0`, `lcc0-re0`, `bsys-re0`, `gnf1-re0`, `server0`), or one entry with
 *   `member: null` for a plain reply. A member that could not answer (its own `rpc-error`, a note
 *   in `<output>`, or named by a top-level "Could not connect to re0") is kept with null fields
 *   and the reason in `error`; `error` is null for every member that answered.
 * - Top-level `hostname`/`model`/`version` are those of `selectedMember`: the master / primary
 *   member when the reply's CLI banner says which (`{master:0}` → `fpc0`/`member0`,
 *   `{master:member0-re0}` → `member0`, `{primary:node0}` → `node0`, `{secondary:node1}` → the
 *   other node) — `selectedBy: "cli-banner"`; otherwise the first member that answered —
 *   `selectedBy: "first-member"` (dual-RE `{master}` banners do not say which slot; see the
 *   route-engine collector's `mastershipState` for that).
 * - `version`: `<junos-version>`, else from package comments (src/junos/version-from-package.ts).
 * - `model`: `product-model` lower-cased (else `product-name`). `os`: `junos-evolved` when a
 *   member's version ends `-EVO` or it lists an Evolved package, else `junos`.
 */
import { IbsightError } from '../src/errors/ibsight-error.js';
import { memberErrorText, withUnreachable } from '../src/junos/member-error.js';
import { masterMember, replyBanner } from '../src/junos/cli-banner.js';
import { isEvolved, junosVersionOf } from '../src/junos/version-from-package.js';
import { childText } from '../src/xml/element.js';
import type { XmlElement } from '../src/xml/parse.js';
import type { Collector, CollectorReply } from './collector.js';
import { memberData, requireData } from './reply.js';

export interface SoftwareMember {
  member: string | null;
  hostname: string | null;
  model: string | null;
  version: string | null;
  /** Why this member sent no software information; null when it answered. */
  error: string | null;
}

export interface SoftwareInformation {
  hostname: string | null;
  model: string | null;
  os: 'junos' | 'junos-evolved';
  version: string | null;
  members: SoftwareMember[];
  /** The member the top-level fields come from. */
  selectedMember: string | null;
  /** `cli-banner`: the reply's banner named the master/primary; `first-member`: it did not. */
  selectedBy: 'cli-banner' | 'first-member';
}

const ELEMENT = 'software-information';

function modelOf(data: XmlElement): string | null {
  const model = childText(data, 'product-model') ?? childText(data, 'product-name');
  return model === null ? null : model.toLowerCase();
}

interface ReplyMembers {
  members: SoftwareMember[];
  evolved: boolean;
  master: string | null;
}

function readReply(root: XmlElement): ReplyMembers {
  const members: SoftwareMember[] = [];
  let evolved = false;
  for (const m of memberData(root, ELEMENT)) {
    if (m.data) {
      const version = junosVersionOf(m.data);
      if (isEvolved(m.data, version)) evolved = true;
      members.push({ member: m.member, hostname: childText(m.data, 'host-name'), model: modelOf(m.data), version, error: null });
    } else {
      members.push({ member: m.member, hostname: null, model: null, version: null, error: memberErrorText(m, ELEMENT) });
    }
  }
  // an RE Junos could not reach is named only in a top-level rpc-error: keep it as a member
  const all = withUnreachable(root, members, (m) => m.member, (member, error) => ({ member, hostname: null, model: null, version: null, error }));
  const answered = all.filter((m) => m.error === null && m.member !== null).map((m) => m.member!);
  return { members: all, evolved, master: masterMember(replyBanner(root), answered) };
}

function parseSoftwareInformation(replies: readonly CollectorReply[]): SoftwareInformation {
  if (replies.length === 0) throw new IbsightError('PARSE_ERROR', 'no reply to parse');
  const members: SoftwareMember[] = [];
  let evolved = false;
  let master: string | null = null;
  for (const reply of replies) {
    const read = readReply(reply.root);
    members.push(...read.members);
    evolved ||= read.evolved;
    master ??= read.master;
  }
  const answered = members.filter((m) => m.error === null);
  if (answered.length === 0) {
    // nothing usable: say why (a backup RE's note → RE_NOT_MASTER, else PARSE_ERROR)
    for (const reply of replies) requireData(reply.root, ELEMENT, memberData(reply.root, ELEMENT));
    throw new IbsightError('PARSE_ERROR', `no member sent <${ELEMENT}>`, { context: { element: ELEMENT } });
  }
  const selected = (master !== null ? answered.find((m) => m.member === master) : undefined) ?? answered[0]!;
  return {
    hostname: selected.hostname,
    model: selected.model,
    os: evolved ? 'junos-evolved' : 'junos',
    version: selected.version,
    members,
    selectedMember: selected.member,
    selectedBy: master !== null && selected.member === master ? 'cli-banner' : 'first-member',
  };
}

export const softwareInformationCollector: Collector<SoftwareInformation> = {
  name: 'software-information',
  rpc: 'get-software-information',
  summary: 'hostname, model, OS and Junos version of every routing engine, VC member and cluster node',
  requests: [
    {
      key: 'software-information',
      bodies: [
        '<command>show version invoke-on all-routing-engines</command>',
        '<get-software-information><all-servers/></get-software-information>',
        '<get-software-information/>',
      ],
    },
  ],
  parse: (replies) => parseSoftwareInformation(replies),
};
