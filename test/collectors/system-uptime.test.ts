/**
 * system-uptime on the real reply (junos-public), the built-in simulator profiles and the golden
 * fixtures: ISO times from junos:seconds, uptime, last configuration time and user, per member.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { systemUptimeCollector as collector } from '../../collectors/system-uptime.js';
import { junosPublic } from '../support/junos-public.js';
import { BUILTIN_PROFILES, errorCodeOf, goldenDocument, goldenPairs, parseFile, parseText, profileFile, recordsOf } from './per-re-replies.js';

describe('system-uptime on real replies', () => {
  it('the PyEZ reply (unprefixed seconds attributes)', () => {
    expect(recordsOf(parseFile(collector, junosPublic('pyez/rpc-reply/get-system-uptime-information.xml'))).members).toEqual([
      {
        member: null, currentTime: '2017-06-29T23:59:47.000Z', timeSource: 'NTP CLOCK', bootTime: '2017-06-29T20:02:33.000Z', uptimeSeconds: 14234,
        protocolsStartedTime: '2017-06-29T20:04:52.000Z', lastConfiguredTime: '2017-06-29T20:04:11.000Z', lastConfiguredBy: 'root',
        activeUserCount: 1, loadAverage1: 4.29, loadAverage5: 3.81, loadAverage15: 3.72, error: null,
      },
    ]);
  });
  it('an RPC echo (`| display xml rpc`) is not data: PARSE_ERROR', () => {
    expect(errorCodeOf(() => parseFile(collector, junosPublic('pyez/rpc-reply/show-system-uptime-rpc.xml')))).toBe('PARSE_ERROR');
  });
});

describe('system-uptime: edge cases', () => {
  it('uptime from current − boot when the lengths have no seconds', () => {
    const text =
      '<system-uptime-information><current-time><date-time seconds="1000">x</date-time></current-time>' +
      '<system-booted-time><date-time seconds="400">y</date-time><time-length>garbled</time-length></system-booted-time></system-uptime-information>';
    expect(recordsOf(parseText(collector, text)).members[0]).toMatchObject({ currentTime: '1970-01-01T00:16:40.000Z', bootTime: '1970-01-01T00:06:40.000Z', uptimeSeconds: 600 });
  });
  it('a member with an <output> note is kept with the note as its error', () => {
    const text =
      '<rpc-reply><multi-routing-engine-results><multi-routing-engine-item><re-name>re1</re-name><output>\n  re1 is rebooting\n</output></multi-routing-engine-item>' +
      '<multi-routing-engine-item><re-name>re0</re-name><system-uptime-information><last-configured-time><user>ops</user></last-configured-time>' +
      '</system-uptime-information></multi-routing-engine-item></multi-routing-engine-results></rpc-reply>';
    const members = recordsOf(parseText(collector, text)).members;
    expect(members.map((m) => [m.member, m.error, m.lastConfiguredBy])).toEqual([['re1', 're1 is rebooting', null], ['re0', null, 'ops']]);
  });
  it('a backup RE note is RE_NOT_MASTER', () => {
    expect(errorCodeOf(() => parseText(collector, '<rpc-reply><output>This command can only be used on the master routing engine</output></rpc-reply>'))).toBe('RE_NOT_MASTER');
  });
});

describe('system-uptime: the built-in simulator profiles', () => {
  it.each(BUILTIN_PROFILES)('%s: plain and invoke-on replies agree per member', (profile) => {
    const plain = recordsOf(parseFile(collector, profileFile(profile, 'get-system-uptime-information.xml'))).members;
    let all = plain;
    try {
      all = recordsOf(parseFile(collector, profileFile(profile, 'get-system-uptime-information+invoke-on.xml'))).members;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    for (const m of [...plain, ...all]) {
      expect(m.error).toBeNull();
      expect(m.bootTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
      expect(m.lastConfiguredTime).toMatch(/Z$/);
      expect(m.lastConfiguredBy).toMatch(/^(netops|noc-admin)$/);
      expect(m.uptimeSeconds).toBe((Date.parse(m.currentTime!) - Date.parse(m.bootTime!)) / 1000);
    }
    // the connected RE's plain answer is one of the invoke-on members (named there, unnamed when plain)
    const withoutMember = ({ member: _member, ...rest }: (typeof plain)[number]) => rest;
    expect(all.map(withoutMember)).toContainEqual(withoutMember(plain[0]!));
    expect(all.length).toBeGreaterThanOrEqual(plain.length);
  });
  it('dual-RE profiles give both REs with invoke-on', () => {
    for (const profile of ['mx480', 'mx960']) {
      const all = recordsOf(parseFile(collector, profileFile(profile, 'get-system-uptime-information+invoke-on.xml'))).members;
      expect(all.map((m) => m.member)).toEqual(['re0', 're1']);
    }
  });
});

describe('system-uptime golden fixtures', () => {
  const pairs = goldenPairs(collector.name);
  it('exist', () => expect(pairs.length).toBeGreaterThanOrEqual(3));
  it.each(pairs.map((p) => [p.xml.split('/fixtures/')[1]!, p] as const))('%s', (_name, pair) => {
    expect(goldenDocument(collector, pair.xml)).toEqual(JSON.parse(readFileSync(pair.json, 'utf8')));
  });
});
