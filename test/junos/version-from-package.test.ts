/** Junos version extraction (src/junos/version-from-package.ts) on real software-information replies. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isEvolved, junosVersionOf } from '../../src/junos/version-from-package.js';
import { findAll } from '../../src/xml/element.js';
import { parseXml } from '../../src/xml/parse.js';
import { junosPublic } from '../support/junos-public.js';

function versionsOf(file: string): (string | null)[] {
  const root = parseXml(readFileSync(junosPublic(file), 'utf8'));
  return findAll(root, 'software-information').map((s) => junosVersionOf(s));
}

function softwareInformation(inner: string) {
  return parseXml(`<software-information>${inner}</software-information>`);
}

describe('junosVersionOf on real replies', () => {
  it.each([
    ['pyez/facts/sw_info_dual_command.xml', ['15.1F5.15-C1.12', '15.1F5.15']],
    ['pyez/facts/sw_info_ex_get-software-information.xml', ['11.4R1.6']], // JUNOS Base OS boot [11.4R1.6]
    ['pyez/rpc-reply/get-software-information.xml', ['12.1X46-D15.3']], // JUNOS Software Release [...]
    ['pyez/ofacts/get-software-information_RE0-RE0.xml', ['14.2R4', '14.2R4', '14.2R4']], // Junos: 14.2R4
    ['pyez/facts/personality_m_command.xml', ['14.1R1.10', '12.3R3.4']], // re1 has packages only
    ['pyez/facts/sw_info_jdm_get-software-information.xml', ['17.4-20170718_dev_common.1-secure', '17.4-20170718_dev_common.1-secure']],
    ['pyez/facts/sw_info_nfx_get-software-information.xml', ['15.1X53-D45.3']], // MGD release
    ['pyez/facts/sw_info_no_version_get-software-information.xml', [null]],
    ['jsnapy/configs/1.1.1.1_snap_1_show_version_invoke-on_all-routing-engines.xml', ['14.2-20141220.0']],
  ])('%s', (file, expected) => {
    expect(versionsOf(file)).toEqual(expected);
  });
});

describe('junosVersionOf precedence', () => {
  it('prefers <junos-version> to package comments', () => {
    const s = softwareInformation('<junos-version>21.4R3-S5.4</junos-version><package-information><name>junos</name><comment>JUNOS Software Release [12.1X46-D65]</comment></package-information>');
    expect(junosVersionOf(s)).toBe('21.4R3-S5.4');
  });
  it('prefers the Junos: line to bracketed package versions, and ignores look-alike comments', () => {
    const s = softwareInformation(
      '<package-information><name>vmguest</name><comment>Junos vmguest package [20170706.001121_builder_dev_common]</comment></package-information>' +
        '<package-information><name>jbase</name><comment>JUNOS Base OS Software Suite [14.2R4]</comment></package-information>' +
        '<package-information><name>junos-version</name><comment>Junos: 14.2R4-S1</comment></package-information>',
    );
    expect(junosVersionOf(s)).toBe('14.2R4-S1');
  });
  it('reads a Base OS boot comment of a package not named junos', () => {
    const s = softwareInformation('<package-information><name>jboot</name><comment>JUNOS Base OS boot [12.3R12.4]</comment></package-information>');
    expect(junosVersionOf(s)).toBe('12.3R12.4');
  });
  it('is null without any version', () => {
    expect(junosVersionOf(softwareInformation('<host-name>x</host-name>'))).toBeNull();
  });
});

describe('isEvolved', () => {
  it('knows Evolved by its -EVO version or an Evolved package', () => {
    expect(isEvolved(softwareInformation(''), '23.4R2-S3.9-EVO')).toBe(true);
    expect(isEvolved(softwareInformation('<package-information><name>junos-evo-install-ptx-fixed-x86-64</name><comment>JUNOS-EVO OS 64-bit [x]</comment></package-information>'), '21.2R1.11')).toBe(true);
    expect(isEvolved(softwareInformation('<package-information><name>junos</name><comment>JUNOS Base OS boot [12.3R12.4]</comment></package-information>'), '12.3R12.4')).toBe(false);
    expect(isEvolved(softwareInformation(''), null)).toBe(false);
  });
});
