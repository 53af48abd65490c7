export {
  createWorkingCalendar,
  MAX_YEAR,
  MIN_YEAR,
  type CalendarStatus,
  type DayEntry,
  type DayInfo,
  type DaySource,
  type OfficialArrangement,
  type StatusOptions,
  type WorkingCalendar,
  type WorkingCalendarOptions,
} from './working-calendar.js';
export { toIsoWithOffset, toShanghaiDate } from './civil-date.js';
export { packageOfficialYears } from './official-package.js';
export { CalendarError, type CalendarErrorCode } from './errors.js';
