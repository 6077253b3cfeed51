/**
 * Calendar dates of an installed-base file, in the layout the column mapping names (`dateFormat`),
 * turned into `YYYY-MM-DD`. Rules kept: only real calendar dates (no 2023-02-29, no month 13),
 * years 1900 to 2999, nothing around the date (no time of day); `YYYY-MM-DD` takes exactly two
 * digits for month and day, the other layouts also take one (`5/3/2024`), as spreadsheets write
 * them. Month names of `DD-MMM-YYYY` are English, any case (`15-Mar-2024`, `15-MAR-2024`).
 */

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY', 'DD-MMM-YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
export const DEFAULT_DATE_FORMAT: DateFormat = 'YYYY-MM-DD';

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Each layout: its pattern and which capture group holds year, month and day. */
const LAYOUTS: Record<Exclude<DateFormat, 'YYYY-MM-DD'>, { pattern: RegExp; year: number; month: number; day: number }> = {
  'DD/MM/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, year: 3, month: 2, day: 1 },
  'MM/DD/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, year: 3, month: 1, day: 2 },
  'DD.MM.YYYY': { pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, year: 3, month: 2, day: 1 },
  'DD-MMM-YYYY': { pattern: /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/, year: 3, month: 2, day: 1 },
};

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isRealDate(year: number, month: number, day: number): boolean {
  return year >= 1900 && year <= 2999 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** The number written by the digits value[from..to), -1 if any is not a digit. */
function digitsAt(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/** YYYY-MM-DD as the number yyyymmdd, checked without a regular expression or any allocation: the layout of most cells. */
function isoDay(value: string): number {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return -1;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  return isRealDate(year, month, day) ? year * 10_000 + month * 100 + day : -1;
}

/** The date `value` written in `format` as the number yyyymmdd; -1 when it is not a real date in that layout. */
export function calendarDay(value: string, format: DateFormat): number {
  if (format === 'YYYY-MM-DD') return isoDay(value);
  const layout = LAYOUTS[format];
  const match = layout.pattern.exec(value);
  if (match === null) return -1;
  const year = Number(match[layout.year]);
  const monthText = match[layout.month]!;
  const month = format === 'DD-MMM-YYYY' ? MONTH_NAMES.indexOf(monthText.toLowerCase()) + 1 : Number(monthText);
  const day = Number(match[layout.day]);
  return isRealDate(year, month, day) ? year * 10_000 + month * 100 + day : -1;
}

/** `YYYY-MM-DD` of a calendarDay number. */
export function isoDateOfDay(day: number): string {
  const year = Math.floor(day / 10_000);
  return `${year}-${twoDigits(Math.floor(day / 100) % 100)}-${twoDigits(day % 100)}`;
}

/** `YYYY-MM-DD` for a date written in `format`, or null when it is not a real date in that layout. */
export function parseCalendarDate(value: string, format: DateFormat): string | null {
  const day = calendarDay(value, format);
  if (day < 0) return null;
  return format === 'YYYY-MM-DD' ? value : isoDateOfDay(day);
}
