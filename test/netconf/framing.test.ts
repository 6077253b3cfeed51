/**
 * NETCONF framing on real Junos replies: end-of-message and chunked framing, bytes split at every
 * boundary and fed byte by byte, back-to-back messages, malformed chunk headers, size limits, and
 * the hello-then-chunked switch through takeRemainder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JUNOS_PUBLIC } from '../support/junos-public.js';
import { ChunkedDecoder, createDecoder, encodeMessage, EomDecoder, type Framing } from '../../src/netconf/framing.js';

const DATA = JUNOS_PUBLIC;
const read = (p: string): string => readFileSync(join(DATA, p), 'utf8');

/** Small real replies: split exhaustively at every byte boundary. */
const SMALL = [
  'pyez/facts/cluster_false_get-chassis-cluster-status.xml',
  'pyez/facts/domain_file_get-configuration.xml',
  'pyez/rpc-reply/get-rpc-error.xml',
  'napalm/test_get_environment/issue1183_srx_multi_node/get-environment-information.xml',
  'pyez/facts/re_info_dual_get-route-engine-information.xml',
];
/** Large real replies: byte by byte, and split at a spread of boundaries. */
const LARGE = [
  'jsnapy/configs/1.1.1.1_snap_1_show_version_invoke-on_all-routing-engines.xml',
  'pyez/facts/sw_info_dual_other_re_off.xml',
  'pyez/facts/chassis_serialnumber_get-chassis-inventory.xml',
  'pyez/facts/sw_info_bsys_get-software-information.xml',
];
/** Multi-byte UTF-8 (none of the public replies has any): 2-, 3- and 4-byte characters. */
const UTF8 =
  '<rpc-reply xmlns:junos="http://xml.juniper.net/junos/21.4R3/junos"><chassis-inventory><chassis>' +
  '<name>Chassis</name><description>Überwachung — Zürich 東京 データセンター 🚀🛰️</description>' +
  '</chassis></chassis-inventory></rpc-reply>';
const SECOND = '<rpc-reply message-id="2"><ok/></rpc-reply>';

interface Wire {
  label: string;
  framing: Framing;
  bytes: Buffer;
  expected: string[];
}

function wires(text: string): Wire[] {
  const out: Wire[] = [
    {
      label: 'eom',
      framing: 'eom',
      bytes: Buffer.concat([encodeMessage('eom', text), encodeMessage('eom', SECOND)]),
      expected: [`${text}\n`, `${SECOND}\n`],
    },
  ];
  for (const size of [1, 7, 4096, 65536]) {
    out.push({
      label: `chunked/${size}`,
      framing: 'chunked',
      bytes: Buffer.concat([encodeMessage('chunked', text, size), encodeMessage('chunked', SECOND, size)]),
      expected: [text, SECOND],
    });
  }
  return out;
}

function decodeInTwo(w: Wire, at: number): string[] {
  const d = createDecoder(w.framing);
  return [...d.push(w.bytes.subarray(0, at)), ...d.push(w.bytes.subarray(at))];
}

function decodeByteByByte(w: Wire): string[] {
  const d = createDecoder(w.framing);
  const out: string[] = [];
  for (let i = 0; i < w.bytes.length; i++) out.push(...d.push(w.bytes.subarray(i, i + 1)));
  return out;
}

function expectCode(fn: () => unknown, code: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect((caught as { code?: string } | undefined)?.code).toBe(code);
}

describe('framing of real replies', () => {
  for (const file of [...SMALL, 'utf8 sample']) {
    const text = file === 'utf8 sample' ? UTF8 : read(file);
    for (const w of wires(text)) {
      it(`${file} ${w.label}: split at every byte boundary (1-byte chunks: 1000 spread), and byte by byte`, () => {
        expect(createDecoder(w.framing).push(w.bytes)).toEqual(w.expected);
        // 1-byte chunks make the wire 5x longer: split those at a spread of boundaries only
        const step = w.label === 'chunked/1' ? Math.max(1, Math.floor(w.bytes.length / 1000)) : 1;
        for (let at = 0; at <= w.bytes.length; at += step) {
          const got = decodeInTwo(w, at);
          if (got.length !== 2 || got[0] !== w.expected[0] || got[1] !== w.expected[1]) {
            throw new Error(`split at byte ${at} decoded differently`);
          }
        }
        expect(decodeByteByByte(w)).toEqual(w.expected);
      });
    }
  }

  for (const file of LARGE) {
    const text = read(file);
    for (const w of wires(text).filter((x) => x.label !== 'chunked/1')) {
      it(`${file} ${w.label}: byte by byte and at 100 spread boundaries`, () => {
        expect(decodeByteByByte(w)).toEqual(w.expected);
        const step = Math.max(1, Math.floor(w.bytes.length / 100));
        for (let at = 0; at <= w.bytes.length; at += step) expect(decodeInTwo(w, at)).toEqual(w.expected);
      });
    }
  }
});

describe('delimiters split across reads', () => {
  it('finds ]]>]]> split at each of its positions', () => {
    for (let cut = 1; cut < 6; cut++) {
      const d = new EomDecoder();
      const wire = '<a/>]]>]]><b/>]]>]]>';
      expect(d.push(Buffer.from(wire.slice(0, 4 + cut)))).toEqual([]);
      expect(d.push(Buffer.from(wire.slice(4 + cut)))).toEqual(['<a/>', '<b/>']);
    }
  });

  it('does not take a partial ]]>]] for a delimiter', () => {
    const d = new EomDecoder();
    expect(d.push(Buffer.from('<a>]]>]]</a>'))).toEqual([]);
    expect(d.push(Buffer.from(']]>]]>'))).toEqual(['<a>]]>]]</a>']);
  });

  it('reads \\n#123\\n split at each of its positions', () => {
    const body = 'x'.repeat(123);
    const wire = `\n#123\n${body}\n##\n`;
    for (let cut = 0; cut <= 6; cut++) {
      const d = new ChunkedDecoder();
      expect(d.push(Buffer.from(wire.slice(0, cut)))).toEqual([]);
      expect(d.push(Buffer.from(wire.slice(cut)))).toEqual([body]);
    }
  });

  it('decodes two messages back to back in one read', () => {
    const wire = Buffer.concat([encodeMessage('chunked', '<a/>'), encodeMessage('chunked', '<b/>')]);
    expect(new ChunkedDecoder().push(wire)).toEqual(['<a/>', '<b/>']);
    expect(new EomDecoder().push(Buffer.from('<a/>]]>]]>\n<b/>]]>]]>'))).toEqual(['<a/>', '\n<b/>']);
  });
});

describe('malformed chunked framing', () => {
  const bad = ['#5\nhello\n##\n', '\n#0\n', '\n#012\nx', '\n#abc\n', '\n#-1\n', '\n#12345678901\n', '\n#4294967296\n', '\n#3\nabcX', '\n#3\nabc\n##x', '\n# 3\nabc'];
  for (const wire of bad) {
    it(`refuses ${JSON.stringify(wire)} with NETCONF_FRAMING`, () => {
      expectCode(() => new ChunkedDecoder().push(Buffer.from(wire)), 'NETCONF_FRAMING');
    });
  }

  it('tolerates blank lines between messages, not inside one', () => {
    expect(new ChunkedDecoder().push(Buffer.from('\n\n\n#3\nabc\n##\n'))).toEqual(['abc']);
    expectCode(() => new ChunkedDecoder().push(Buffer.from('\n#3\nabc\n\n#1\nd\n##\n')), 'NETCONF_FRAMING');
  });
});

describe('size limits', () => {
  it('accepts a message of exactly the limit and refuses one byte more (chunked)', () => {
    expect(new ChunkedDecoder({ maxMessageBytes: 10 }).push(encodeMessage('chunked', '0123456789', 4))).toEqual(['0123456789']);
    expectCode(() => new ChunkedDecoder({ maxMessageBytes: 10 }).push(encodeMessage('chunked', '0123456789A', 4)), 'REPLY_TOO_LARGE');
  });

  it('refuses an oversized end-of-message reply before its delimiter arrives', () => {
    const d = new EomDecoder({ maxMessageBytes: 1000 });
    d.push(Buffer.alloc(600, 0x41));
    expectCode(() => d.push(Buffer.alloc(600, 0x41)), 'REPLY_TOO_LARGE');
  });

  it('refuses a chunk header announcing more than the limit at once', () => {
    expectCode(() => new ChunkedDecoder({ maxMessageBytes: 1000 }).push(Buffer.from('\n#5000\n')), 'REPLY_TOO_LARGE');
  });
});

describe('hello then chunked framing', () => {
  const hello = read('pyez/facts/cluster_false_get-chassis-cluster-status.xml').replace(/rpc-reply/g, 'hello');
  const replies = [read('pyez/facts/domain_file_get-configuration.xml'), SECOND];
  const wire = Buffer.concat([encodeMessage('eom', hello), ...replies.map((r) => encodeMessage('chunked', r, 50))]);

  /** What a session does: hello with maxMessages 1, then the remainder into the chunked decoder. */
  function run(pieces: Buffer[]): { hello: string[]; messages: string[] } {
    const eom = new EomDecoder();
    let chunked: ChunkedDecoder | null = null;
    const got = { hello: [] as string[], messages: [] as string[] };
    for (const piece of pieces) {
      let data = piece;
      if (!chunked) {
        got.hello.push(...eom.push(data, 1));
        if (got.hello.length === 0) continue;
        chunked = new ChunkedDecoder();
        data = eom.takeRemainder();
      }
      got.messages.push(...chunked.push(data));
    }
    return got;
  }

  it('switches at every split point', () => {
    for (let at = 0; at <= wire.length; at++) {
      const got = run([wire.subarray(0, at), wire.subarray(at)]);
      expect(got.hello).toEqual([`${hello}\n`]);
      expect(got.messages).toEqual(replies);
    }
  });

  it('switches when everything arrives in one read, and tolerates a newline after the hello', () => {
    expect(run([wire]).messages).toEqual(replies);
    const withNewline = Buffer.concat([encodeMessage('eom', hello), Buffer.from('\n'), encodeMessage('chunked', SECOND)]);
    expect(run([withNewline]).messages).toEqual([SECOND]);
  });

  it('never writes bytes after the end-of-message delimiter', () => {
    expect(encodeMessage('eom', '<hello/>').toString()).toBe('<hello/>\n]]>]]>');
  });
});
