/**
 * Every instant the API answers with is written in Beijing time (+08:00), the time people read:
 * ONE place for the whole API, the JSON replacer of the express app (`app.set('json replacer')`),
 * not a conversion per route. Domain code keeps working in UTC `Date`s and `toISOString()`;
 * `JSON.stringify` hands the replacer each `Date` already as its UTC ISO string, and this replacer
 * rewrites every string that is exactly such an instant (`…Z`) to the same instant at +08:00,
 * keeping milliseconds when there are some. Other strings (dates without a time, free text) are
 * left alone. China has no daylight saving time, so the offset is fixed.
 */
const UTC_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

export function toBeijingIso(utcIso: string): string {
  const match = UTC_INSTANT.exec(utcIso);
  if (!match) return utcIso;
  const ms = Date.parse(utcIso);
  if (Number.isNaN(ms)) return utcIso;
  const local = new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19);
  const fraction = match[7] ?? '';
  return `${local}${fraction}+08:00`;
}

export function beijingTimeReplacer(this: unknown, _key: string, value: unknown): unknown {
  return typeof value === 'string' ? toBeijingIso(value) : value;
}
