/**
 * The State Council's yearly holiday arrangement (放假安排, with 调休) as shipped by `chinese-days`.
 *
 * We read the package's published data file (dist/chinese-days.json, documented in its README)
 * instead of calling its isWorkday/getDayDetail: those parse 'YYYY-MM-DD' as UTC but read the
 * result back in the server's local zone, so on a server west of UTC they answer for the day before.
 */
import { createRequire } from 'node:module';

export interface OfficialDay {
  working: boolean;
  /** Chinese name of the holiday the day belongs to, e.g. 国庆节. */
  name: string;
}

/** Values look like "National Day,国庆节,3": English name, Chinese name, statutory day count. */
interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json') as PackageData;

const chineseName = (value: string): string => value.split(',')[1] ?? value;

const days = new Map<string, OfficialDay>();
for (const [date, value] of Object.entries(data.holidays)) days.set(date, { working: false, name: chineseName(value) });
for (const [date, value] of Object.entries(data.workdays)) days.set(date, { working: true, name: chineseName(value) });

/**
 * A year counts as covered when the package has both its 春节 and its 国庆节. A package that only
 * carries a stray 31 December for next year's 元旦 does not cover next year.
 */
const years = (() => {
  const has = (name: string) =>
    new Set(
      Object.entries(data.holidays)
        .filter(([, value]) => chineseName(value) === name)
        .map(([date]) => Number(date.slice(0, 4))),
    );
  const spring = has('春节');
  return [...has('国庆节')].filter((year) => spring.has(year)).sort((a, b) => a - b);
})();

export function packageOfficialDay(date: string): OfficialDay | undefined {
  return days.get(date);
}

/** Years whose official arrangement the installed `chinese-days` carries. */
export function packageOfficialYears(): number[] {
  return [...years];
}
