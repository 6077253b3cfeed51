/** Per-device personalisation (src/sim/personalisation.ts, src/sim/sim-device.ts). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAll, textOf } from '../../src/xml/element.js';
import { parseXml } from '../../src/xml/parse.js';
import type { PlannedDevice } from '../../src/sim/fleet-file.js';
import { collectSerials, compileTemplate, isRealSerial, personalSerial, renderTemplate } from '../../src/sim/personalisation.js';
import { loadProfile } from '../../src/sim/profile.js';
import { SimDevice } from '../../src/sim/sim-device.js';

const TINY_MX = join(import.meta.dirname, '..', 'fixtures', 'sim', 'tiny-mx');
const profile = loadProfile(TINY_MX);

function device(name: string, personalise = true): SimDevice {
  const plan: PlannedDevice = { name, site: 's', profileDir: TINY_MX, profileRef: TINY_MX, personalise, fault: null, delayMs: 0, keyPath: 'devices[0]' };
  return new SimDevice(plan, 20000, profile);
}

function serials(xml: string): string[] {
  return findAll(parseXml(`<r>${xml}</r>`), 'serial-number').map((e) => textOf(e) ?? '');
}

describe('personalisation', () => {
  it('finds the real serials of the chassis inventory and skips placeholders', () => {
    expect(profile.tokens.serials).toEqual(['JN12AB34CDEF', 'ACRB1234', '9009ZZ0001', '9009ZZ0002', 'CAGK5678', 'ALQ1B2C3', 'ab12cd34ef']);
    for (const placeholder of ['BUILTIN', 'NONE', '', 'QCS9', 'builtin']) expect(isRealSerial(placeholder)).toBe(false);
    expect(collectSerials('<?xml version="1.0"?><chassis><serial-number> ABC123456 </serial-number><serial-number>BUILTIN</serial-number></chassis>')).toEqual([
      'ABC123456',
    ]);
  });

  it('derives serials of the same length and style, deterministically, keeping the first characters', () => {
    for (const original of ['JN12AB34CDEF', 'ACRB1234', 'ab12cd34ef', '9009ZZ0001', 'AB-1234.x9']) {
      const a = personalSerial('edge-1', original);
      expect(a).toHaveLength(original.length);
      expect(a).toBe(personalSerial('edge-1', original));
      expect(a).not.toBe(personalSerial('edge-2', original));
      expect(a.slice(0, original.length >= 10 ? 3 : 2)).toBe(original.slice(0, original.length >= 10 ? 3 : 2));
      const style = (s: string) => s.replace(/[0-9]/g, '9').replace(/[A-Z]/g, 'A').replace(/[a-z]/g, 'a');
      expect(style(a)).toBe(style(original));
    }
  });

  it('splits templates at the longest token first', () => {
    const parts = compileTemplate('<h>lab1</h><h>lab1-re1</h><s>X123456</s>', ['lab1', 'lab1-re1', 'X123456']);
    expect(renderTemplate(parts, ['A', 'B', 'C'])).toBe('<h>A</h><h>B</h><s>C</s>');
    expect(compileTemplate('plain', [''])).toEqual(['plain']);
  });

  it('maps one original serial the same way in every reply of a device, differently across devices', () => {
    const a = device('edge-1');
    const b = device('edge-2');
    const invA = serials(a.replyBody('get-chassis-inventory'));
    const reA = serials(a.replyBody('get-route-engine-information'));
    const invB = serials(b.replyBody('get-chassis-inventory'));
    // inventory order: Chassis, Midplane, RE0, RE1, FPC0, CPU(BUILTIN), PIC0(BUILTIN), Xcvr0, Xcvr1, PEM(QCS9), Fan(empty)
    expect(reA).toEqual([invA[2], invA[3]]);
    expect(invA[2]).toBe(personalSerial('edge-1', '9009ZZ0001'));
    expect(invA[0]).not.toBe('JN12AB34CDEF');
    expect(invA[0]).not.toBe(invB[0]);
    expect(invA.slice(5, 7)).toEqual(['BUILTIN', 'BUILTIN']);
    expect(invA.slice(9)).toEqual(['QCS9', '']);
    expect(new Set([...invA.slice(0, 5), ...invB.slice(0, 5)]).size).toBe(10);
  });

  it('replaces the hostname token in every reply, and leaves unpersonalised devices as the profile is', () => {
    const a = device('edge-7');
    expect(a.replyBody('get-software-information')).toContain('<host-name>edge-7</host-name>');
    expect(a.replyBody('command+show-version-invoke-on-all-routing-engines')).toContain('<host-name>edge-7-re1</host-name>');
    expect(a.replyBody('get-configuration@format=set')).toContain('set system host-name edge-7');
    expect(a.replyBody('get-software-information')).not.toContain('tinymx-lab1');
    const plain = device('mx-a', false);
    expect(plain.replyBody('get-software-information')).toContain('<host-name>tinymx-lab1</host-name>');
    expect(serials(plain.replyBody('get-chassis-inventory'))[0]).toBe('JN12AB34CDEF');
  });
});
