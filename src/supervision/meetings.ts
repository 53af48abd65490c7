import { In, IsNull, type DataSource } from 'typeorm';
import {
  SupervisionItemEntity,
  SupervisionMeetingEntity,
  SupervisionMeetingItemEntity,
  type SupervisionItem,
  type SupervisionMeeting,
} from '../db/entities/index.js';

/**
 * Supervision meetings (S0-3, S0-4.3, S0-4.5). A meeting's agenda is every item waiting for its
 * level — level 2: listed by the preliminary review; level 1: submitted by the district leader —
 * that no other open meeting holds, or, for an ad hoc meeting, the items its conveners named.
 */
export const MEETING_PROCESS = 'supervision-meeting';
export const LEVEL2_MESSAGE = 'supervision-level2-concluded';
export const LEVEL1_MESSAGE = 'supervision-level1-decided';

/** What the notice and the record say when no supervision item waits: the meeting still sits. */
export const EMPTY_AGENDA = '本期无待会商的督办事项，会议照常召开（与动态分析研判例会联合举行）';

export function meetingName(m: Pick<SupervisionMeeting, 'level' | 'kind'>): string {
  return `${m.level === 1 ? '一级' : '二级'}督办联席会议（${m.kind === 'monthly' ? '月度例会' : '临时召集'}）`;
}

export function waitingStatus(level: number): SupervisionItem['status'] {
  return level === 1 ? 'level1' : 'listed';
}

export function parseIdList(value: string | null | undefined): number[] {
  return (value ?? '')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** Items a meeting of this level could take now. */
export async function waitingItems(db: DataSource, level: number, ids?: number[]): Promise<SupervisionItem[]> {
  return db.getRepository(SupervisionItemEntity).find({
    where: { status: waitingStatus(level), pendingMeetingId: IsNull(), ...(ids ? { id: In(ids) } : {}) },
    order: { listedAt: 'ASC', id: 'ASC' },
  });
}

/**
 * Closes the agenda (an empty agenda does not cancel the meeting): claims the waiting items for this meeting (a conditional update, so two
 * meetings never take the same item) and writes the agenda rows. Idempotent: a meeting whose
 * agenda is closed returns the items it already holds.
 */
export async function closeAgenda(db: DataSource, meetingId: number): Promise<SupervisionItem[]> {
  const meetings = db.getRepository(SupervisionMeetingEntity);
  const agendaRows = db.getRepository(SupervisionMeetingItemEntity);
  const items = db.getRepository(SupervisionItemEntity);
  const meeting = await meetings.findOneByOrFail({ id: meetingId });
  if (!meeting.agendaClosedAt) {
    const requested = meeting.requestedItems ? parseIdList(meeting.requestedItems) : undefined;
    const candidates = await waitingItems(db, meeting.level, requested);
    if (candidates.length > 0) {
      await items.update(
        { id: In(candidates.map((c) => c.id)), pendingMeetingId: IsNull(), status: waitingStatus(meeting.level) },
        { pendingMeetingId: meeting.id },
      );
    }
    const claimed = await items.find({ where: { pendingMeetingId: meeting.id }, order: { listedAt: 'ASC', id: 'ASC' } });
    if (claimed.length > 0) {
      await agendaRows
        .createQueryBuilder()
        .insert()
        .values(claimed.map((item, position) => ({ causeKey: `${meeting.id}:${item.id}`, meetingId: meeting.id, itemId: item.id, position })))
        .orIgnore()
        // A row ignored as a duplicate has no id to reload defaults by (MySQL): do not reload.
        .updateEntity(false)
        .execute();
    }
    // S0-3: the meeting sits even with no supervision item waiting (held with the analysis meeting, S1-4).
    await meetings.update({ id: meeting.id }, { agendaClosedAt: new Date(), status: 'in-session' });
  }
  const rows = await agendaRows.find({ where: { meetingId: meeting.id }, order: { position: 'ASC' } });
  if (rows.length === 0) return [];
  const byId = new Map((await items.findBy({ id: In(rows.map((r) => r.itemId)) })).map((i) => [i.id, i]));
  return rows.map((r) => byId.get(r.itemId)).filter((i): i is SupervisionItem => Boolean(i));
}
