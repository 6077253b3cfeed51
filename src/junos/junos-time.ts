/**
 * Times and durations as Junos prints them. A time with a `junos:seconds` attribute (seconds since
 * the epoch) becomes an ISO-8601 UTC string as `Date.toISOString` writes it (`2016-12-21T16:47:57.000Z`,
 * the form every collector uses); without
 * it the device's text is kept as is (its time zone is the device's, unknown to us). Durations are
 * read from the attribute too, else from the text in any of the forms Junos uses:
 * `9 days, 22 hours, 27 minutes, 12 seconds`, `16w3d 02:33`, `1d 12:41`, `03:57:14`, `163 days,  7:12`.
 */
import { textOf } from '../xml/element.js';
import type { XmlElement } from '../xml/parse.js';

/** Largest epoch second a JavaScript Date holds (year 275760). */
const MAX_EPOCH_SECONDS = 8.64e12;

/** The `junos:seconds` (or unprefixed `seconds`) attribute as a number, or null. */
export function secondsAttribute(element: XmlElement | null): number | null {
  if (!element) return null;
  const raw = element.attrs['junos:seconds'] ?? element.attrs.seconds;
  if (raw === undefined || raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

/** Seconds since the epoch as `YYYY-MM-DDTHH:MM:SS.sssZ`, or null. */
export function isoFromSeconds(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds) || Math.abs(seconds) > MAX_EPOCH_SECONDS) return null;
  return new Date(seconds * 1000).toISOString();
}

/** A time element: ISO-8601 UTC from its `junos:seconds`, else its trimmed text, else null. */
export function timeValue(element: XmlElement | null): string | null {
  const iso = isoFromSeconds(secondsAttribute(element));
  return iso ?? textOf(element);
}

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  week: 604800, weeks: 604800, w: 604800,
  day: 86400, days: 86400, d: 86400,
  hour: 3600, hours: 3600, hr: 3600, hrs: 3600, h: 3600,
  minute: 60, minutes: 60, min: 60, mins: 60, m: 60,
  second: 1, seconds: 1, sec: 1, secs: 1, s: 1,
};

const COMPACT = /^(?:(\d+)w)?(?:(\d+)d)?$/;
const CLOCK = /^(\d+):(\d{1,2})(?::(\d{1,2}))?$/;
const NUMBER = /^\d+$/;

/**
 * Seconds of a Junos duration text, or null when the text is not one (a word it does not know).
 * `h:mm` and `hh:mm:ss` are clock forms: `3:57` is 3 hours 57 minutes.
 */
export function durationSeconds(text: string | null): number | null {
  if (text === null) return null;
  const tokens = text.toLowerCase().split(/[\s,]+/).filter((t) => t.length > 0);
  if (tokens.length === 0) return null;
  let total = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (NUMBER.test(token)) {
      const unit = UNIT_SECONDS[tokens[i + 1] ?? ''];
      if (unit === undefined) return null;
      total += Number(token) * unit;
      i++;
      continue;
    }
    const clock = CLOCK.exec(token);
    if (clock) {
      total += Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3] ?? 0);
      continue;
    }
    const compact = COMPACT.exec(token);
    if (compact && (compact[1] !== undefined || compact[2] !== undefined)) {
      total += Number(compact[1] ?? 0) * 604800 + Number(compact[2] ?? 0) * 86400;
      continue;
    }
    return null;
  }
  return total;
}

/** A duration element: its `junos:seconds`, else its text read as a duration, else null. */
export function durationValue(element: XmlElement | null): number | null {
  return secondsAttribute(element) ?? durationSeconds(textOf(element));
}
