import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createWorkingCalendar, toIsoWithOffset } from '../../../src/calendar/index.js';
import { datesFrom } from './helpers.js';

// chinese-days' own date functions answer for the wrong day on a server west of UTC; the calendar
// must not. Jest cannot change the zone of its own process, so each zone runs in a child node.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const sample = [...datesFrom('2025-01-20', '2025-02-15'), ...datesFrom('2026-09-15', '2026-10-15'), ...datesFrom('2029-01-01', '2029-12-31')];

function answers(calendarModule: string): string {
  return `
    import { createWorkingCalendar, toIsoWithOffset } from '${calendarModule}';
    const calendar = createWorkingCalendar();
    const sample = ${JSON.stringify(sample)};
    console.log(JSON.stringify({
      days: sample.map((d) => calendar.dayInfo(d)),
      due: toIsoWithOffset(calendar.addWorkingDays('2026-09-30T16:55:00+08:00', 5)),
    }));`;
}

describe('the server’s own time zone does not matter', () => {
  const calendar = createWorkingCalendar();
  const expected = {
    days: sample.map((d) => calendar.dayInfo(d)),
    due: toIsoWithOffset(calendar.addWorkingDays('2026-09-30T16:55:00+08:00', 5)),
  };

  test.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai', 'UTC'])(
    'on a server in %s every day and deadline comes out the same',
    (zone) => {
      const script = answers(new URL('src/calendar/index.ts', `file://${root}`).href);
      const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: root,
        env: { ...process.env, TZ: zone },
        encoding: 'utf8',
      });
      expect(JSON.parse(output)).toEqual(expected);
    },
    30_000,
  );
});
