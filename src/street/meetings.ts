import type { DataSource } from 'typeorm';
import { firstWorkingDayAt } from '../assessment/analysis-meeting.js';
import { monthOf } from '../assessment/month.js';
import type { WorkingCalendar } from '../calendar/index.js';
import { StreetMeetingEntity, type StreetMeeting, type StreetMeetingKind } from '../db/entities/index.js';

/**
 * The street's collective consultation (集体会商, seed 002 附件1, S2-A1): "会商原则上每月召开一次,于每月月初
 * 进行,如有特殊事项可临时召集". The monthly one is started by its process's timer on the 1st and sits on
 * the month's first working day (the same `firstWorkingDayAt` the analysis meeting uses); a special
 * one sits when convened, with its reason. The street's command room (its sub-centre, where the
 * leading group's office works) records attendance, topics, minutes and decisions.
 */
export const STREET_SPECIAL_MESSAGE = 'street-consultation-special';
export const STREET_MEETING_PROCESS_KEY = 'street-consultation';
/** Seed 002 附件1 三: the leading group and the heads of the stationed agencies. */
export const DEFAULT_ATTENDEES = '组长：卜征；成员：张红祥、王环阳、倪涤明、潘杰、胡建平';
/** Seed 002 附件1 四: what the consultation covers. */
export const CONSULTATION_SCOPE = [
  '研究、拟定综治维稳工作计划、阶段性工作方案和措施',
  '分析社会治安、社会稳定形势和工作动态',
  '组织开展矛盾纠纷排查调处工作',
  '排查突出治安问题，组织协调专项整治和重点治理',
  '流动人口管理服务、预防青少年违法犯罪、安置帮教、禁毒、扫黄、打非',
  '对严重危害社会治安、社会稳定的单位和个人提出责任查究和“一票否决”意见建议',
  '组织开展基层平安创建',
  '其他需要会商的工作',
] as const;

export interface OpenStreetMeeting {
  processInstanceId: string;
  street: string;
  kind: StreetMeetingKind;
  reason?: string | null;
  requestedBy?: string | null;
}

/** Registers the meeting of one process instance (idempotent). */
export async function openStreetMeeting(db: DataSource, calendar: WorkingCalendar, input: OpenStreetMeeting, now: Date): Promise<StreetMeeting> {
  const repo = db.getRepository(StreetMeetingEntity);
  const meetingAt = input.kind === 'monthly' ? firstWorkingDayAt(now, calendar) : now;
  await repo
    .createQueryBuilder()
    .insert()
    .values({
      processInstanceId: input.processInstanceId,
      street: input.street,
      kind: input.kind,
      month: monthOf(meetingAt),
      reason: input.reason ?? null,
      requestedBy: input.requestedBy ?? null,
      meetingAt,
      status: 'scheduled',
      createdAt: now,
    })
    .orIgnore()
    .updateEntity(false)
    .execute();
  return repo.findOneByOrFail({ processInstanceId: input.processInstanceId });
}

export interface StreetMinutes {
  attendees: string | null;
  topics: string | null;
  minutes: string;
  decisions: string | null;
}

/** Files the minutes of a held meeting; a redelivery changes nothing. */
export async function recordStreetMinutes(db: DataSource, processInstanceId: string, record: StreetMinutes, now: Date): Promise<StreetMeeting> {
  const repo = db.getRepository(StreetMeetingEntity);
  const meeting = await repo.findOneByOrFail({ processInstanceId });
  if (meeting.status !== 'held') await repo.update({ id: meeting.id }, { ...record, status: 'held', heldAt: now });
  return repo.findOneByOrFail({ id: meeting.id });
}

export function listStreetMeetings(db: DataSource, month?: string): Promise<StreetMeeting[]> {
  return db.getRepository(StreetMeetingEntity).find({ where: month ? { month } : {}, order: { meetingAt: 'ASC', id: 'ASC' } });
}
