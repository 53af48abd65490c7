import type { DataSource } from 'typeorm';
import { toIsoWithOffset, type WorkingCalendar } from '../calendar/index.js';
import { EventEntity, JointActionEntity, LedgerEntryEntity, type JointAction, type LedgerEntry } from '../db/entities/index.js';
import type { EngineClient } from '../engine/engine-client.js';
import { variables } from '../engine/variables.js';
import { engineUnavailable, invalidField, notFound } from '../errors.js';
import { districtDate } from '../events/event-number.js';
import { roundDeadlines } from '../handling/deadlines.js';
import { ledgerCauseKey, openRoundRows, type RoundUnit } from '../handling/ledger.js';
import { findUnit, type OrgChart } from '../identity/org-chart.js';
import type { Logger } from '../logger.js';

/**
 * Joint enforcement (联合执法, S2-4 "执法联管", S4-4.8 "对社会管理中的疑难复杂问题，加强联合执法力度"): the
 * centre or a street sub-centre starts a joint action naming a lead unit and the other units; each
 * unit reports its part (its own task in the `joint-enforcement` process); each unit's part is ONE
 * round in the assessment ledger — round 1 of the action's number, the lead unit `lead`, the others
 * `cooperating` — due after the action's time limit in working days, on time if reported by then.
 */
export const JOINT_PROCESS_KEY = 'joint-enforcement';
export const JOINT_ROUND = 1;
export const DEFAULT_JOINT_LIMIT_DAYS = 5;

export interface StartJointInput {
  title: string;
  description: string;
  leadUnit: string;
  /** The other units taking part (at least one). */
  units: string[];
  eventNumber?: string;
  timeLimitDays?: number;
}

export interface JointDeps {
  db: DataSource;
  engine: EngineClient;
  orgChart: OrgChart;
  logger: Logger;
}

export function formatJointNumber(at: Date, serial: number): string {
  return `LH-${districtDate(at).replaceAll('-', '')}-${String(serial).padStart(6, '0')}`;
}

export function unitsOf(action: Pick<JointAction, 'units'>): string[] {
  return action.units.split(',').filter((u) => u !== '');
}

/** Starts a joint action: checks the units, stores the action, starts its process. Engine down → 503 and nothing kept. */
export async function startJointAction(deps: JointDeps, input: StartJointInput, startedBy: string, now: Date): Promise<JointAction> {
  const { db, engine, orgChart } = deps;
  if (!findUnit(orgChart, input.leadUnit)) throw invalidField('leadUnit', `未知的单位：${input.leadUnit}`);
  input.units.forEach((u, i) => {
    if (!findUnit(orgChart, u)) throw invalidField(`units.${i}`, `未知的单位：${u}`);
    if (u === input.leadUnit) throw invalidField(`units.${i}`, '牵头单位不必再列入参加单位');
  });
  const others = [...new Set(input.units)];
  if (others.length < 1) throw invalidField('units', '联合执法至少需要牵头单位之外的一个参加单位');
  if (input.eventNumber && !(await db.getRepository(EventEntity).findOneBy({ number: input.eventNumber }))) {
    throw invalidField('eventNumber', `没有找到事件：${input.eventNumber}`);
  }
  const repo = db.getRepository(JointActionEntity);
  const inserted = await repo.insert({
    number: null,
    title: input.title,
    description: input.description,
    eventNumber: input.eventNumber ?? null,
    leadUnit: input.leadUnit,
    units: [input.leadUnit, ...others].join(','),
    timeLimitDays: input.timeLimitDays ?? DEFAULT_JOINT_LIMIT_DAYS,
    status: 'open',
    startedBy,
    startedAt: now,
    completedAt: null,
    processInstanceId: null,
  });
  const id = Number(inserted.identifiers[0].id);
  const number = formatJointNumber(now, id);
  await repo.update({ id }, { number });
  const all = [input.leadUnit, ...others];
  try {
    const started = await engine.processes.start(JOINT_PROCESS_KEY, {
      businessKey: number,
      variables: variables({ actionNumber: number, title: input.title, leadUnit: input.leadUnit, units: all.join(','), unitCount: all.length }),
    });
    await repo.update({ id }, { processInstanceId: started.id });
  } catch (err) {
    deps.logger.error('the engine did not start the joint action; nothing kept', { actionNumber: number, error: (err as Error).message });
    await repo.delete({ id });
    throw engineUnavailable();
  }
  return repo.findOneByOrFail({ id });
}

async function actionOrThrow(db: DataSource, number: string): Promise<JointAction> {
  const action = await db.getRepository(JointActionEntity).findOneBy({ number });
  if (!action) throw notFound('JOINT_ACTION_NOT_FOUND', '没有找到这次联合执法');
  return action;
}

const roleOf = (action: JointAction, unitId: string): RoundUnit => ({ unitId, role: unitId === action.leadUnit ? 'lead' : 'cooperating' });

/** Opens the action's ledger round: one row per unit, due after the time limit counted from the start (idempotent). */
export async function openJointAction(db: DataSource, calendar: WorkingCalendar, number: string): Promise<{ dueAt: string }> {
  const action = await actionOrThrow(db, number);
  const { dueAt } = roundDeadlines(calendar, action.startedAt, action.timeLimitDays);
  await openRoundRows(db, { eventNumber: number, round: JOINT_ROUND, units: unitsOf(action).map((u) => roleOf(action, u)), dispatchedAt: action.startedAt, dueAt: new Date(dueAt) });
  return { dueAt: toIsoWithOffset(new Date(dueAt)) };
}

/** A unit reports its part: its ledger row is completed (on time if by the due date), with the report as note. Idempotent. */
export async function bookJointPart(db: DataSource, number: string, unitId: string, report: string | null, now: Date): Promise<boolean> {
  const action = await actionOrThrow(db, number);
  const ledger = db.getRepository(LedgerEntryEntity);
  const row = await ledger.findOneBy({ causeKey: ledgerCauseKey(number, JOINT_ROUND, roleOf(action, unitId)) });
  if (!row) throw new Error(`joint action ${number} has no ledger row for ${unitId}`);
  if (row.outcome !== 'open') return false;
  await ledger.update({ id: row.id }, { outcome: 'completed', completedAt: now, onTime: now.getTime() <= row.dueAt.getTime(), note: report });
  return true;
}

export async function closeJointAction(db: DataSource, number: string, now: Date): Promise<void> {
  const action = await actionOrThrow(db, number);
  if (action.status !== 'completed') await db.getRepository(JointActionEntity).update({ id: action.id }, { status: 'completed', completedAt: now });
}

export interface JointActionView extends JointAction {
  parts: Array<Pick<LedgerEntry, 'unitId' | 'role' | 'round' | 'dueAt' | 'outcome' | 'completedAt' | 'onTime' | 'note'>>;
}

export async function getJointAction(db: DataSource, number: string): Promise<JointActionView> {
  const action = await actionOrThrow(db, number);
  const rows = await db.getRepository(LedgerEntryEntity).find({ where: { eventNumber: number }, order: { id: 'ASC' } });
  return { ...action, parts: rows.map(({ unitId, role, round, dueAt, outcome, completedAt, onTime, note }) => ({ unitId, role, round, dueAt, outcome, completedAt, onTime, note })) };
}

