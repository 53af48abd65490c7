import type { DataSource } from 'typeorm';
import { accountabilityFor } from '../accountability/records.js';
import { ConsultationMeetingEntity, ConsultationTrackingEntity, type TrackingStatus } from '../db/entities/index.js';
import type { EngineClient } from '../engine/engine-client.js';
import { variables } from '../engine/variables.js';
import { unitName, type OrgChart } from '../identity/org-chart.js';
import { agendaOf, CONSULTATION_CONVENE_MESSAGE, meetingById } from './meetings.js';

/** Read models and the ad hoc convening of the consultation API (knows nothing of HTTP). */
export const TRACKING_STATUS_NAMES: Record<TrackingStatus, string> = {
  pending: '落实中',
  implemented: '已落实',
  'not-implemented': '未落实到位',
  'missing-report': '未按期报告',
};

/** The tracking ledger (专项督导台账), optionally of one unit or status. */
export async function trackingLedger(db: DataSource, chart: OrgChart, filter: { unit?: string; status?: TrackingStatus }) {
  const where: Record<string, unknown> = {};
  if (filter.unit) where.unitId = filter.unit;
  if (filter.status) where.status = filter.status;
  const rows = await db.getRepository(ConsultationTrackingEntity).find({ where, order: { id: 'ASC' } });
  return rows.map((r) => ({ ...r, unitName: unitName(chart, r.unitId), statusName: TRACKING_STATUS_NAMES[r.status] }));
}

export async function listMeetings(db: DataSource) {
  const rows = await db.getRepository(ConsultationMeetingEntity).find({ order: { id: 'DESC' } });
  return rows.map(({ agenda: _a, minutes: _m, participants: _p, ...m }) => m);
}

export async function meetingDetail(db: DataSource, chart: OrgChart, id: number) {
  const m = await meetingById(db, id);
  return {
    ...m,
    agenda: agendaOf(m),
    participants: (m.participants ? (JSON.parse(m.participants) as string[]) : []).map((u) => ({ id: u, name: unitName(chart, u) })),
    minutes: m.minutes ? (JSON.parse(m.minutes) as unknown) : null,
  };
}

/** S3-1: 区府办 proposes an ad hoc meeting; the consultation process starts at once. */
export async function conveneAdHoc(engine: EngineClient, by: string, now: Date): Promise<{ processInstanceId: string }> {
  const businessKey = `HS-LS-${now.getTime()}`;
  const [result] = await engine.messages.correlate(CONSULTATION_CONVENE_MESSAGE, { businessKey, processVariables: variables({ meetingKind: 'ad-hoc', convenedBy: by }) });
  return { processInstanceId: result?.processInstance?.id ?? '' };
}

/** The S3-4 records of the consultation in an assessment month. */
export async function consultationAccountability(db: DataSource, chart: OrgChart, month: string) {
  return (await accountabilityFor(db, month)).filter((r) => r.source === 'responsibility-consultation').map((r) => ({ ...r, unitName: unitName(chart, r.unitId) }));
}

