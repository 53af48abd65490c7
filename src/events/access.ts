import type { EventRecord } from '../db/entities/index.js';
import { parseUnitList } from './reference-data.js';

/**
 * Who may read an event. A channel reads only what it reported; centre staff (and process and
 * engine administrators) read everything; any other unit reads the events it leads or cooperates
 * on. Anything else is "not found" rather than "forbidden", so numbers are not confirmed to exist.
 */
export type Viewer = { kind: 'channel'; channel: string } | { kind: 'staff'; groups: readonly string[]; seesAll: boolean };

export function unitsOf(row: Pick<EventRecord, 'leadUnit' | 'cooperatingUnits'>): string[] {
  return [...(row.leadUnit ? [row.leadUnit] : []), ...parseUnitList(row.cooperatingUnits)];
}

export function canSee(viewer: Viewer, row: Pick<EventRecord, 'channel' | 'leadUnit' | 'cooperatingUnits'>): boolean {
  if (viewer.kind === 'channel') return row.channel === viewer.channel;
  if (viewer.seesAll) return true;
  const units = unitsOf(row);
  return viewer.groups.some((g) => units.includes(g));
}
