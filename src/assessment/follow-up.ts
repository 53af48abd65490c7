import type { DataSource } from 'typeorm';
import type { EngineClient } from '../engine/engine-client.js';
import type { WorkingCalendar } from '../calendar/index.js';
import { DomainError } from '../errors.js';
import type { OrgChart } from '../identity/org-chart.js';
import { declareByHand } from '../supervision/service.js';
import { meetingOf, recordMeeting, type MeetingRecord } from './analysis-meeting.js';
import { getMonth, publishAndNotify } from './service.js';

/**
 * After the analysis meeting (S1-6 … S1-9): the record is kept; the events the meeting names are
 * declared into the EXISTING supervision process through its own use case (`declareByHand`, the
 * same as `POST /api/supervision`): for special supervision (S1-8), or marked as proposed for the
 * level-1 meeting (S1-9), where the supervision process's own steps (preliminary review, level-2
 * consultation, the district leader's review, S0-4.2 … S0-4.5) take it; a monthly meeting
 * publishes the month's assessment (S1-7) and names the bottom three for 述职 (S4-4.9).
 */
export interface HoldDeps {
  db: DataSource;
  engine: EngineClient;
  orgChart: OrgChart;
  categoryName(code: string): string;
  schemeFile?: string;
}

export interface HoldInput {
  processInstanceId: string;
  kind: 'monthly' | 'special';
  month: string;
  record: Omit<MeetingRecord, 'followUps'>;
  specialSupervisionEvents?: string;
  level1Events?: string;
}

/**
 * The bottom three's leaders report in person (述职, S4-4.9) within this many working days of the
 * bulletin: seed 004 sets no limit, this is the platform's default (Tasklist sorts and flags by it).
 */
export const REPORT_IN_PERSON_WORKING_DAYS = 10;

export function reportInPersonDueAt(calendar: WorkingCalendar, publishedAt: Date): Date {
  return calendar.addWorkingDays(publishedAt, REPORT_IN_PERSON_WORKING_DAYS);
}

export const MEETING_STAFF = { userId: 'analysis-meeting', groups: ['linkage-centre'] };

const list = (value: string | undefined) => [...new Set((value ?? '').split(/[\s,，、;；]+/).map((s) => s.trim()).filter(Boolean))];

export async function holdAnalysisMeeting(deps: HoldDeps, input: HoldInput, now: Date): Promise<{ reportInPerson: string[]; summary: string }> {
  const existing = await meetingOf(deps.db, input.processInstanceId);
  let followUps: MeetingRecord['followUps'] = existing.followUps ? (JSON.parse(existing.followUps) as MeetingRecord['followUps']) : [];
  if (existing.status !== 'held') {
    followUps = [];
    const declare = async (kind: 'special-supervision' | 'level1', eventNumber: string) => {
      const scopeReason =
        kind === 'level1'
          ? `【动态分析研判会议提请一级督办联席会议（S1-9）】${input.record.conclusion}`
          : `【动态分析研判会议提议专项督办（S1-8）】${input.record.conclusion}`;
      try {
        const result = await declareByHand(deps, MEETING_STAFF, { eventNumber, scopeReason: scopeReason.slice(0, 2000), scopeType: 'other' });
        followUps.push({ kind, eventNumber, ok: true, detail: result.via, href: `/api/supervision?eventNumber=${encodeURIComponent(eventNumber)}` });
      } catch (err) {
        // Already in supervision (e.g. a redelivered task) counts as done; any other refusal is recorded.
        const code = err instanceof DomainError ? err.code : 'ERROR';
        if (err instanceof DomainError && err.httpStatus < 500) followUps.push({ kind, eventNumber, ok: code === 'SUPERVISION_ACTIVE', detail: err.message });
        else throw err;
      }
    };
    for (const n of list(input.specialSupervisionEvents)) await declare('special-supervision', n);
    for (const n of list(input.level1Events)) await declare('level1', n);
    await recordMeeting(deps.db, input.processInstanceId, { ...input.record, followUps }, now);
  }
  let reportInPerson: string[] = [];
  if (input.kind === 'monthly') {
    let view = await getMonth(deps.db, input.month);
    if (view.status !== 'published') view = await publishAndNotify(deps, input.month, MEETING_STAFF.userId, now, `/api/assessment/months/${input.month}/bulletin`);
    reportInPerson = view.ranking.groups.flatMap((g) => g.bottom);
  }
  const summary = followUps.length ? followUps.map((f) => `${f.kind === 'level1' ? '提请一级督办' : '专项督办'} ${f.eventNumber}：${f.ok ? '已转入督办流程' : f.detail}`).join('；') : '无转办事项';
  return { reportInPerson, summary };
}
