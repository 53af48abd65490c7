import { Between, type DataSource } from 'typeorm';
import { parseInstant } from '../calendar/civil-date.js';
import { toShanghaiDate, type WorkingCalendar } from '../calendar/index.js';
import { AnalysisMeetingEntity, EventEntity, LedgerEntryEntity, type AnalysisMeeting, type AnalysisMeetingKind } from '../db/entities/index.js';
import { DomainError } from '../errors.js';
import { maskPhone } from '../events/masking.js';
import type { OrgChart } from '../identity/org-chart.js';
import { decisionReferenceAnalysis } from '../supervision/analysis.js';
import { monthlyMeetingTimes } from '../supervision/meeting-schedule.js';
import type { BulletinAnalysis } from './bulletin.js';
import { monthLabel, monthOf, monthRange, shiftMonth } from './month.js';
import { publishedResult, type StoredRanking } from './service.js';

/**
 * The dynamic analysis meeting (seed 001). The monthly one is prepared from the first working day
 * of the month (its process's timer) and sits the same day as that month's level-2 supervision
 * meeting (S1-4: "与二级督办联席会议联合举行"; its day from `SUPERVISION_MEETING_DAY`, the same rule the
 * supervision meeting process uses), analysing the month before; special meetings (S1-4 专题) sit
 * when convened, with their reason, analysing the month so far.
 */
export const PREPARE_TIME = '08:30:00';

function shiftDay(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 08:30 Beijing time on the first working day of the month `now` is in. */
export function firstWorkingDayAt(now: Date, calendar: WorkingCalendar): Date {
  let day = `${monthOf(now)}-01`;
  while (!calendar.isWorkingDay(day)) day = shiftDay(day, 1);
  return parseInstant(`${day}T${PREPARE_TIME}+08:00`);
}

export interface OpenInput {
  processInstanceId: string;
  kind: AnalysisMeetingKind;
  reason?: string | null;
  requestedBy?: string | null;
  /** A monthly meeting re-run by hand for a past month: prepared and held when convened. */
  month?: string | null;
}

export async function openAnalysisMeeting(db: DataSource, calendar: WorkingCalendar, meetingDay: number, input: OpenInput, now: Date): Promise<AnalysisMeeting & { prepareAt: Date }> {
  const repo = db.getRepository(AnalysisMeetingEntity);
  const existing = await repo.findOneBy({ processInstanceId: input.processInstanceId });
  const timed = input.kind === 'monthly' && !input.month;
  const prepareAt = timed ? firstWorkingDayAt(now, calendar) : now;
  if (existing) return { ...existing, prepareAt };
  const meetingAt = timed ? monthlyMeetingTimes(prepareAt, meetingDay, calendar, 0).meetingAt : now;
  await repo
    .createQueryBuilder()
    .insert()
    .values({
      processInstanceId: input.processInstanceId,
      kind: input.kind,
      month: input.month ?? (input.kind === 'monthly' ? shiftMonth(monthOf(prepareAt), -1) : monthOf(now)),
      reason: input.reason ?? null,
      requestedBy: input.requestedBy ?? null,
      meetingAt,
      status: 'preparing',
      createdAt: now,
    })
    .orIgnore()
    .updateEntity(false)
    .execute();
  return { ...(await repo.findOneByOrFail({ processInstanceId: input.processInstanceId })), prepareAt };
}

export async function meetingOf(db: DataSource, processInstanceId: string): Promise<AnalysisMeeting> {
  const m = await db.getRepository(AnalysisMeetingEntity).findOneBy({ processInstanceId });
  if (!m) throw new DomainError('ANALYSIS_MEETING_NOT_FOUND', 404, '没有找到这次分析研判会议');
  return m;
}

/**
 * The draft analysis (S1-6 "提前收集情况并形成初步分析研判意见"), with the five points of S1-5, from
 * the books of the month analysed: (1) demands reported often or again (same category and street;
 * same reporter, shown masked) and their trend against the month before; (2) events handled poorly
 * (late, reopened, returned twice, low satisfaction) and which to propose for level 1 (unclear
 * responsibility after two returns, or reopened more than once); (3) satisfaction; (4) suggestions
 * from the ranking; (5) other, with the decision-reference events grouped for S0-8.
 */
export async function draftAnalysis(db: DataSource, chart: OrgChart, categoryName: (code: string) => string, month: string): Promise<string> {
  const range = monthRange(month);
  const prev = monthRange(shiftMonth(month, -1));
  const events = await db.getRepository(EventEntity).findBy({ receivedAt: Between(range.start, new Date(range.end.getTime() - 1)) });
  const before = await db.getRepository(EventEntity).findBy({ receivedAt: Between(prev.start, new Date(prev.end.getTime() - 1)) });
  const lines: string[] = [`${monthLabel(month)}动态分析研判初步意见（系统根据台账生成，请分析研判工作室修改完善）`, ''];

  // (1) frequent and repeated demands.
  const tally = <T>(items: T[], key: (x: T) => string) => {
    const m = new Map<string, T[]>();
    for (const i of items) m.set(key(i), [...(m.get(key(i)) ?? []), i]);
    return [...m.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  };
  lines.push('一、群众反映较多或重复反映的诉求');
  const byCategory = tally(events, (e) => e.category);
  if (byCategory.length === 0) lines.push('本月无上报事件。');
  for (const [cat, list] of byCategory.slice(0, 5)) {
    const last = before.filter((e) => e.category === cat).length;
    const trendText = last === 0 ? '上月无' : list.length > last ? `较上月（${last}件）上升` : list.length < last ? `较上月（${last}件）下降` : `与上月（${last}件）持平`;
    lines.push(`- ${categoryName(cat)}：${list.length}件，${trendText}`);
  }
  for (const [key, list] of tally(events, (e) => `${e.category}|${e.street ?? ''}`).filter(([, l]) => l.length >= 2)) {
    const [cat, street] = key.split('|');
    lines.push(`- 同类同地重复反映：${street || '区级'}${categoryName(cat)} ${list.length}件（${someNumbers(list)}）`);
  }
  for (const [phone, list] of tally(
    events.filter((e) => e.reporterPhone),
    (e) => e.reporterPhone as string,
  ).filter(([, l]) => l.length >= 2)) {
    lines.push(`- 同一反映人重复反映：${maskPhone(phone)} ${list.length}次（${someNumbers(list)}）`);
  }
  lines.push('');

  // (2) poorly handled.
  lines.push('二、上一阶段联动处置不力的事件');
  const rows = await db
    .getRepository(LedgerEntryEntity)
    .createQueryBuilder('l')
    .where('l.role = :lead', { lead: 'lead' })
    .andWhere('l.dueAt >= :ms AND l.dueAt < :me', { ms: range.start, me: range.end })
    .getMany();
  const poor = new Map<string, string[]>();
  const add = (n: string, why: string) => poor.set(n, [...new Set([...(poor.get(n) ?? []), why])]);
  for (const r of rows) {
    if (r.onTime === false) add(r.eventNumber, '超期');
    if (r.outcome === 'reopened') add(r.eventNumber, '核查未解决返工');
    if (r.outcome === 'returned') add(r.eventNumber, '退单');
  }
  const closedIn = await db.getRepository(EventEntity).findBy({ closedAt: Between(range.start, new Date(range.end.getTime() - 1)) });
  for (const e of closedIn) if (e.satisfaction !== null && e.satisfaction <= 2) add(e.number as string, `满意度${e.satisfaction}分`);
  const eventsByNumber = new Map([...events, ...closedIn].map((e) => [e.number, e]));
  if (poor.size === 0) lines.push('本月无超期、返工、退单或低满意度事件。');
  for (const [n, why] of [...poor.entries()].sort()) {
    const e = eventsByNumber.get(n) ?? (await db.getRepository(EventEntity).findOneBy({ number: n }));
    const level1 = e && (e.unclearResponsibility || e.returnCount >= 2 || why.filter((w) => w.includes('返工')).length > 0 && e.handlingRound > 2);
    lines.push(`- ${n}${e ? ` ${e.title}` : ''}：${why.join('、')}${level1 ? '；建议提请一级督办联席会议' : ''}`);
  }
  lines.push('');

  // (3) satisfaction.
  lines.push('三、群众满意度评价情况及反映的突出问题');
  const rated = closedIn.filter((e) => e.satisfaction !== null);
  const ok = rated.filter((e) => (e.satisfaction as number) >= 4).length;
  lines.push(rated.length ? `回访评价${rated.length}件，满意（4–5分）${ok}件，满意率${((ok / rated.length) * 100).toFixed(2)}%。` : '本月无回访评价。');
  for (const e of rated.filter((x) => (x.satisfaction as number) <= 2)) lines.push(`- ${e.number} ${e.title}：${e.satisfaction}分${e.outcomeNote ? `，${e.outcomeNote}` : ''}`);
  lines.push('');

  // (4) suggestions from the ranking.
  lines.push('四、意见建议及下一阶段重点工作');
  const published = await publishedResult(db, month);
  const draftRanking = published ? (JSON.parse(published.ranking) as StoredRanking) : null;
  const bottom = draftRanking?.groups.flatMap((g) => g.units.filter((u) => u.bottom).map((u) => `${u.unitName}（${g.groupName}，${u.score.toFixed(2)}分）`)) ?? [];
  lines.push(bottom.length ? `- 考核排名后三位单位：${bottom.join('、')}，请主要领导述职并提出整改措施。` : '- 请各单位对照考核指标查找薄弱环节。');
  if (byCategory[0]) lines.push(`- 针对高发问题“${categoryName(byCategory[0][0])}”，建议相关职能部门开展专项整治。`);
  lines.push('');

  // (5) other, with S0-8.
  lines.push('五、其他需要讨论的事项');
  const dr = await decisionReferenceAnalysis(db, month, month);
  if (dr.total === 0) lines.push('本月无新列入决策参考的事件。');
  else {
    lines.push(`本月列入决策参考并归档的事件${dr.total}件（S0-8），按类别：${dr.byCategory.map((g) => `${g.label}${g.count}件`).join('、')}；按街道：${dr.byStreet.map((g) => `${g.label}${g.count}件`).join('、')}。建议对反映集中的问题开展专题调研，向区领导提出建议。`);
  }
  void chart;
  return fitDraft(lines.join('\n'));
}

/** Event numbers named in one line of the draft: a reader wants examples, the ledger has them all. */
const NUMBERS_PER_LINE = 10;
function someNumbers(list: Array<{ number: string | null }>): string {
  const named = list.slice(0, NUMBERS_PER_LINE).map((e) => e.number).join('、');
  return list.length > NUMBERS_PER_LINE ? `${named} 等${list.length}件` : named;
}

/**
 * The engine keeps a String variable in at most 4,000 characters (Camunda 7 / Operaton; 2,000 on
 * Oracle): a longer draft made the draft step fail on every retry and the meeting never reached
 * its preparation task. A busy month's draft is cut at a line end with a note where the rest is.
 */
export const DRAFT_MAX_CHARS = 3900;
const CUT_NOTE = '……（初稿较长，以下内容从略，详见事件台账和考核台账）';
export function fitDraft(draft: string): string {
  if (draft.length <= DRAFT_MAX_CHARS) return draft;
  const room = DRAFT_MAX_CHARS - CUT_NOTE.length - 1;
  const cut = draft.lastIndexOf('\n', room);
  return `${draft.slice(0, cut > 0 ? cut : room)}\n${CUT_NOTE}`;
}

export async function saveDraft(db: DataSource, processInstanceId: string, draft: string): Promise<void> {
  await db.getRepository(AnalysisMeetingEntity).update({ processInstanceId, status: 'preparing' }, { draft, analysis: draft, status: 'prepared' });
}

export interface MeetingRecord {
  analysis: string;
  mainReporter: string;
  minutes: string;
  conclusion: string;
  opinions: string | null;
  followUps: Array<{ kind: 'special-supervision' | 'level1'; eventNumber: string; ok: boolean; detail: string; href?: string }>;
}

export async function recordMeeting(db: DataSource, processInstanceId: string, record: MeetingRecord, now: Date): Promise<AnalysisMeeting> {
  const repo = db.getRepository(AnalysisMeetingEntity);
  const m = await meetingOf(db, processInstanceId);
  if (m.status !== 'held') {
    await repo.update(
      { id: m.id },
      {
        analysis: record.analysis,
        mainReporter: record.mainReporter,
        minutes: record.minutes,
        conclusion: record.conclusion,
        opinions: record.opinions,
        followUps: JSON.stringify(record.followUps),
        status: 'held',
        heldAt: now,
      },
    );
  }
  return meetingOf(db, processInstanceId);
}

/** The bulletin's analysis section: the month's held monthly meeting. */
export async function analysisForBulletin(db: DataSource, month: string): Promise<BulletinAnalysis | undefined> {
  const m = await db.getRepository(AnalysisMeetingEntity).findOne({ where: { month, kind: 'monthly', status: 'held' }, order: { id: 'DESC' } });
  if (!m) return undefined;
  const followUps = (JSON.parse(m.followUps ?? '[]') as MeetingRecord['followUps']).map((f) => ({
    label: `${f.kind === 'level1' ? '提请一级督办' : '专项督办'} ${f.eventNumber}${f.ok ? '' : `（${f.detail}）`}`,
    href: f.href ?? `/api/supervision?eventNumber=${encodeURIComponent(f.eventNumber)}`,
  }));
  return { reporter: m.mainReporter, analysis: m.analysis, conclusion: m.conclusion, opinions: m.opinions, followUps };
}

export function meetingDateText(m: Pick<AnalysisMeeting, 'meetingAt'>): string {
  return toShanghaiDate(m.meetingAt);
}

export const SPECIAL_MESSAGE = 'analysis-meeting-special';

export async function listAnalysisMeetings(db: DataSource, month?: string): Promise<AnalysisMeeting[]> {
  return db.getRepository(AnalysisMeetingEntity).find({ where: month ? { month } : {}, order: { id: 'DESC' }, take: 100 });
}
