/** The CLI banner of a reply (src/junos/cli-banner.ts): who is master / primary. */
import { describe, expect, it } from 'vitest';
import { masterMember, parseBanner, replyBanner } from '../../src/junos/cli-banner.js';
import { parseXml } from '../../src/xml/parse.js';

describe('parseBanner', () => {
  it('reads state and member', () => {
    expect(parseBanner('{master:0}')).toEqual({ state: 'master', member: '0' });
    expect(parseBanner('{primary:node0}')).toEqual({ state: 'primary', member: 'node0' });
    expect(parseBanner('{master:member0-re0}')).toEqual({ state: 'master', member: 'member0-re0' });
    expect(parseBanner('{master}')).toEqual({ state: 'master', member: null });
    expect(parseBanner('{Backup:1}[edit]')).toEqual({ state: 'backup', member: '1' });
  });
  it('says nothing for empty or edit-only banners', () => {
    expect(parseBanner('')).toBeNull();
    expect(parseBanner('[edit]')).toBeNull();
    expect(parseBanner('{}')).toBeNull();
    expect(parseBanner(null)).toBeNull();
  });
  it('finds the banner of a reply root', () => {
    const root = parseXml('<rpc-reply><x/><cli><banner>{secondary:node1}</banner></cli></rpc-reply>');
    expect(replyBanner(root)).toEqual({ state: 'secondary', member: 'node1' });
    expect(replyBanner(parseXml('<rpc-reply><cli><banner></banner></cli></rpc-reply>'))).toBeNull();
  });
});

describe('masterMember', () => {
  it('maps member numbers to fpcN / memberN items', () => {
    expect(masterMember(parseBanner('{master:1}'), ['fpc0', 'fpc1'])).toBe('fpc1');
    expect(masterMember(parseBanner('{master:1}'), ['member0', 'member1'])).toBe('member1');
    expect(masterMember(parseBanner('{master:member1-re0}'), ['member0', 'member1'])).toBe('member1');
  });
  it('names the primary node, or the other node of a secondary', () => {
    expect(masterMember(parseBanner('{primary:node1}'), ['node0', 'node1'])).toBe('node1');
    expect(masterMember(parseBanner('{secondary:node1}'), ['node0', 'node1'])).toBe('node0');
    expect(masterMember(parseBanner('{secondary:node1}'), ['node1'])).toBeNull();
  });
  it('does not guess from backup, slot-less or unknown banners', () => {
    expect(masterMember(parseBanner('{backup:1}'), ['fpc0', 'fpc1'])).toBeNull();
    expect(masterMember(parseBanner('{master}'), ['re0', 're1'])).toBeNull();
    expect(masterMember(parseBanner('{disabled:node0}'), ['node0', 'node1'])).toBeNull();
    expect(masterMember(parseBanner('{master:3}'), ['fpc0', 'fpc1'])).toBeNull();
    expect(masterMember(null, ['re0'])).toBeNull();
  });
});
