import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { DataSource } from 'typeorm';
import { ConsultationItemEntity, type ConsultationItem } from '../db/entities/index.js';
import { chineseDate, chineseDateTime } from '../formatting/chinese-dates.js';
import { unitName, type OrgChart } from '../identity/org-chart.js';
import { parseList, PRINCIPLE_NAMES, returnsOf, SOURCE_NAMES } from './items.js';
import { agendaOf, meetingById, MINUTES_STEPS } from './meetings.js';

/**
 * The printed documents of S3-3.3, A4 (handlebars; every value escaped, no triple braces):
 *   minutes        — 会议纪要, sent to all units
 *   special-report — 专题报告 on the items the meeting could not settle, to district leadership
 */
export const PRINTED_DOCUMENTS = ['minutes', 'special-report'] as const;
export type PrintedDocument = (typeof PRINTED_DOCUMENTS)[number];

const TEMPLATE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');
let compiled: Record<PrintedDocument, HandlebarsTemplateDelegate> | undefined;
function templates(): Record<PrintedDocument, HandlebarsTemplateDelegate> {
  if (compiled) return compiled;
  const hb = Handlebars.create();
  const read = (name: string) => fs.readFileSync(path.join(TEMPLATE_DIR, `${name}.hbs`), 'utf8');
  hb.registerPartial('style', read('_style'));
  compiled = { minutes: hb.compile(read('minutes')), 'special-report': hb.compile(read('special-report')) };
  return compiled;
}

const units = (chart: OrgChart, ids: string[]) => ids.map((id) => unitName(chart, id)).join('、');

function decidedRow(chart: OrgChart, i: ConsultationItem) {
  return {
    id: i.id,
    title: i.title,
    principle: PRINCIPLE_NAMES[i.principle ?? 'designated'],
    lead: unitName(chart, i.leadUnit),
    cooperating: units(chart, parseList(i.cooperatingUnits)) || '—',
    basis: i.principle === 'statutory' ? (i.citation ?? '') : (i.decisionNote ?? '会议议定'),
  };
}

export async function printMeetingDocument(db: DataSource, chart: OrgChart, meetingId: number, document: PrintedDocument, now: Date): Promise<string> {
  const meeting = await meetingById(db, meetingId);
  const items = await db.getRepository(ConsultationItemEntity).find({ where: { meetingId }, order: { id: 'ASC' } });
  const leader = items.filter((i) => i.principle === 'leader' || i.leaderSubmittedAt);
  if (document === 'special-report') {
    return templates()['special-report']({
      meeting,
      items: leader.map((i) => ({
        id: i.id,
        title: i.title,
        source: SOURCE_NAMES[i.source],
        description: i.description,
        returns: returnsOf(i).map((r) => ({ round: r.round, unit: unitName(chart, r.unitId), reason: r.reason ?? '' })),
        determination: i.determination ?? '—',
        legalAdvice: i.legalAdvice ?? '—',
        note: i.decisionNote ?? '—',
      })),
      approvedAt: meeting.specialReportApprovedAt ? chineseDate(new Date(meeting.specialReportApprovedAt)) : null,
      printedAt: chineseDate(now),
    });
  }
  const minutes = meeting.minutes ? (JSON.parse(meeting.minutes) as { steps: Array<{ no: number; title: string; record: string }>; requirements: string | null }) : null;
  const agenda = agendaOf(meeting);
  return templates().minutes({
    district: chart.district,
    meeting,
    heldAt: meeting.heldAt ? chineseDateTime(new Date(meeting.heldAt)) : meeting.meetingAt ? chineseDateTime(new Date(meeting.meetingAt)) : '待定',
    participants: (meeting.participants ? (JSON.parse(meeting.participants) as string[]) : []).map((id) => unitName(chart, id)),
    agenda: agenda?.parts.map((p) => ({ no: p.no, title: p.title, count: p.entries.length })) ?? [],
    steps: minutes?.steps ?? MINUTES_STEPS.map((title, i) => ({ no: i + 1, title, record: '' })),
    decided: items.filter((i) => i.leadUnit && (i.status === 'decided' || i.status === 'assigned')).map((i) => decidedRow(chart, i)),
    leader: leader.filter((i) => i.status === 'leader').map((i) => ({ id: i.id, title: i.title })),
    reportDue: meeting.reportDueAt ? chineseDate(new Date(meeting.reportDueAt)) : '次月15日',
    requirements: minutes?.requirements ?? null,
    printedAt: chineseDate(now),
  });
}
