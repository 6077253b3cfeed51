/** Junos times and durations (src/junos/junos-time.ts): ISO from junos:seconds, text kept otherwise. */
import { describe, expect, it } from 'vitest';
import { durationSeconds, durationValue, isoFromSeconds, secondsAttribute, timeValue } from '../../src/junos/junos-time.js';
import { parseXml } from '../../src/xml/parse.js';

describe('isoFromSeconds', () => {
  it('gives ISO-8601 UTC as Date.toISOString writes it', () => {
    expect(isoFromSeconds(1482338877)).toBe('2016-12-21T16:47:57.000Z');
    expect(isoFromSeconds(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoFromSeconds(1.5)).toBe('1970-01-01T00:00:01.500Z');
  });
  it('refuses what is not a time', () => {
    expect(isoFromSeconds(null)).toBeNull();
    expect(isoFromSeconds(Number.NaN)).toBeNull();
    expect(isoFromSeconds(1e15)).toBeNull();
  });
});

describe('timeValue and secondsAttribute', () => {
  it('reads junos:seconds and the unprefixed seconds attribute', () => {
    const prefixed = parseXml('<start-time xmlns:junos="x" junos:seconds="1482338877">2016-12-21 08:47:57 PST</start-time>');
    const plain = parseXml('<date-time seconds="1498780787">2017-06-29 16:59:47 PDT</date-time>');
    expect(secondsAttribute(prefixed)).toBe(1482338877);
    expect(timeValue(prefixed)).toBe('2016-12-21T16:47:57.000Z');
    expect(timeValue(plain)).toBe('2017-06-29T23:59:47.000Z');
  });
  it('keeps the device text when there is no seconds attribute, and null when empty', () => {
    expect(timeValue(parseXml('<start-time>2017-04-27 12:25:03 PDT</start-time>'))).toBe('2017-04-27 12:25:03 PDT');
    expect(timeValue(parseXml('<start-time seconds="">  </start-time>'))).toBeNull();
    expect(timeValue(null)).toBeNull();
  });
});

describe('durationSeconds', () => {
  it.each([
    ['9 days, 22 hours, 27 minutes, 12 seconds', 858432],
    ['1 day, 5 hours, 58 minutes, 55 seconds', 107935],
    ['16 hours, 52 minutes', 60720],
    ['62 days, 43 minutes, 18 seconds', 5359398],
    ['16w3d 02:33', 16 * 604800 + 3 * 86400 + 2 * 3600 + 33 * 60],
    ['2w0d 17:52', 2 * 604800 + 17 * 3600 + 52 * 60],
    ['1d 12:41', 86400 + 12 * 3600 + 41 * 60],
    ['03:57:14', 14234],
    ['3:57', 3 * 3600 + 57 * 60],
    ['163 days,  7:12', 163 * 86400 + 7 * 3600 + 12 * 60],
  ])('%s → %i', (text, seconds) => {
    expect(durationSeconds(text)).toBe(seconds);
  });
  it('refuses text that is not a duration', () => {
    expect(durationSeconds('4:59PM')).toBeNull();
    expect(durationSeconds('5 parsecs')).toBeNull();
    expect(durationSeconds('')).toBeNull();
    expect(durationSeconds(null)).toBeNull();
  });
  it('prefers the seconds attribute over the text', () => {
    expect(durationValue(parseXml('<up-time seconds="60720">16 hours, 52 minutes, 3 seconds</up-time>'))).toBe(60720);
    expect(durationValue(parseXml('<up-time>5 hours, 12 minutes, 36 seconds</up-time>'))).toBe(18756);
  });
});
