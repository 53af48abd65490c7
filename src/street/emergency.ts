import { toIsoWithOffset } from '../calendar/index.js';
import type { StreetLinkage } from './linkage.js';

/**
 * Emergencies (S4-4.1 "遇有突发重特大紧急事件,及时掌握动态信息,按规定协调处置并上报"): an event is urgent when
 * its category is listed in `config/street-linkage.yaml` (`emergency.categories`) or its reporter
 * flags it (`urgent: true` on intake). An urgent event:
 *  - is first in the acceptance queue (the acceptance task's priority 100 instead of 50), and is due
 *    for acceptance within `acceptMinutes` instead of 1 working day;
 *  - notifies the centre and the street (its sub-centre, led by the street leader) at once, through
 *    the outbox (the event process's emergency event sub-process, template `event-emergency`);
 *  - has its handling rounds due within `handlingWorkingDays` working days.
 */
export function isUrgent(linkage: StreetLinkage, category: string, flagged: boolean | undefined): boolean {
  return flagged === true || linkage.emergency.categories.includes(category);
}

/** The acceptance due date of an urgent event: `acceptMinutes` after `from`, as ISO with offset. */
export function emergencyAcceptDue(linkage: StreetLinkage, from: Date): string {
  return toIsoWithOffset(new Date(from.getTime() + linkage.emergency.acceptMinutes * 60_000));
}

/** A handling round's limit in working days: the emergency limit for an urgent event, else the category's. */
export function roundLimitDays(linkage: StreetLinkage, urgent: boolean, categoryDays: number | undefined): number | undefined {
  return urgent ? Math.min(linkage.emergency.handlingWorkingDays, categoryDays ?? linkage.emergency.handlingWorkingDays) : categoryDays;
}
