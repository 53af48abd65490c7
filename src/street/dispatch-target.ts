import type { DataSource } from 'typeorm';
import type { WorkingCalendar } from '../calendar/index.js';
import { findUnit, firstResponsible, type OrgChart } from '../identity/org-chart.js';
import { dutyAt, type DutyMode } from './duty-roster.js';

/**
 * Who, besides the lead unit's group, gets a round's 处置事件 task (its assignee):
 *  - a grid or a community (S4-4.1: the sub-centre dispatches to village/community grid leaders):
 *    its first responsible person, the grid's 网格长 or the community's leader (S4-4.5);
 *  - a unit stationed at the street's command room (S2-1): during duty hours the person on duty;
 *    outside them, on a non-working day, or with nobody on the day's roster, nobody — the task
 *    stays with the group and the unit's liaison is told in person (`notifyLiaison`);
 *  - any other unit: nobody (the group, as before).
 * Time limits, rounds and ledger rows do not depend on it: they are the round's, per unit.
 */
export type DispatchMode = DutyMode | 'first-responsible';

export interface DispatchTarget {
  /** Engine user id of the assignee; '' = none (the group only). */
  assignee: string;
  mode: DispatchMode;
  notifyLiaison: boolean;
}

export async function dispatchTarget(db: DataSource, chart: OrgChart, calendar: WorkingCalendar, leadUnit: string, now: Date): Promise<DispatchTarget> {
  const unit = findUnit(chart, leadUnit);
  const responsible = unit ? firstResponsible(unit) : undefined;
  if (responsible) return { assignee: responsible.id, mode: 'first-responsible', notifyLiaison: false };
  const duty = await dutyAt(db, chart, calendar, leadUnit, now);
  switch (duty.mode) {
    case 'on-duty':
      return { assignee: duty.userId ?? '', mode: duty.mode, notifyLiaison: false };
    case 'after-hours':
    case 'nobody-on-duty':
      return { assignee: '', mode: duty.mode, notifyLiaison: true };
    case 'not-stationed':
      return { assignee: '', mode: duty.mode, notifyLiaison: false };
  }
}

/** The notice the liaison of a stationed unit gets when a dispatch finds nobody on duty. */
export const AFTER_HOURS_NOTICE = 'event-dispatched-after-hours';
