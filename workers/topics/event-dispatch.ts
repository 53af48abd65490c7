import { loadWorkingCalendar } from '../../src/calendar/calendar-store.js';
import { EventEntity, LedgerEntryEntity } from '../../src/db/entities/index.js';
import { roundDeadlines } from '../../src/handling/deadlines.js';
import { firstDispatchOf } from '../../src/handling/event-horizon.js';
import { defaultOrgChart } from '../../src/events/reference-data.js';
import type { TopicDefinition } from '../topic.js';
import { csv, optionalNumber, optionalString, requiredString } from '../task-variables.js';

/**
 * Dispatch (派单) of one handling round, S4-4.2 / S2-4 / S2-5.1: the responsibility list (DMN
 * `responsibility-routing`) names the platform, lead unit, cooperating units and time limit for the
 * category and street, unless the centre or a street meeting assigned units by hand. Writes one
 * ledger row per unit for the round and hands the deadlines to the process timers.
 * Idempotent: a redelivered task finds the round's rows already written and reuses their times.
 */
interface Route {
  platform: string;
  leadUnit: string;
  cooperatingUnits: string;
  timeLimitDays: number;
  districtUnit: string;
}

type DmnResult = Array<Record<string, { value: unknown }>>;

export const eventDispatch: TopicDefinition = {
  topic: 'event-dispatch',
  label: '派单',
  description: '按事部件责任清单（或人工指定）确定责任主体、配合单位与办理期限，登记考核台账',
  variables: ['eventNumber', 'category', 'street', 'grade', 'handlingRound', 'assignedLeadUnit', 'assignedCooperatingUnits', 'supervisionOutcome', 'leadUnit'],
  async handle(task, { db, engine }) {
    const number = requiredString(task, 'eventNumber');
    const category = requiredString(task, 'category');
    const [result] = await engine.post<DmnResult>('/decision-definition/key/responsibility-routing/evaluate', {
      variables: { category: { value: category, type: 'String' }, street: { value: optionalString(task, 'street') ?? '', type: 'String' } },
    });
    if (!result) throw new Error(`the responsibility list has no row for category ${category}`);
    const route = Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v.value])) as unknown as Route;

    // After supervision returned the item unchanged, the same lead unit handles it again (S0-4.2).
    const assigned = optionalString(task, 'assignedLeadUnit') ?? (optionalString(task, 'supervisionOutcome') === 'returned' ? optionalString(task, 'leadUnit') : undefined);
    const major = optionalString(task, 'grade') === 'major';
    const lead = assigned ?? (major ? route.districtUnit : route.leadUnit);
    const cooperating = (assigned ? csv(optionalString(task, 'assignedCooperatingUnits')) : major ? [] : csv(route.cooperatingUnits)).filter((u) => u !== lead);
    const knownUnits = new Set(defaultOrgChart().units.map((u) => u.id));
    for (const unit of [lead, ...cooperating]) if (!knownUnits.has(unit)) throw new Error(`unit ${unit} is not in the org chart`);

    const round = (optionalNumber(task, 'handlingRound') ?? 0) + 1;
    const ledger = db.getRepository(LedgerEntryEntity);
    const existing = await ledger.findOneBy({ causeKey: `${number}:${round}:${lead}:lead` });
    const dispatchedAt = existing?.dispatchedAt ?? new Date();
    // S2-5.1: the event's 15 working days count from its FIRST dispatch, whatever the round.
    const firstDispatchedAt = (await firstDispatchOf(db, number)) ?? dispatchedAt;
    const deadlines = roundDeadlines(await loadWorkingCalendar(db), dispatchedAt, route.timeLimitDays, firstDispatchedAt);

    const rows = [{ unitId: lead, role: 'lead' as const }, ...cooperating.map((unitId) => ({ unitId, role: 'cooperating' as const }))].map((r) => ({
      causeKey: `${number}:${round}:${r.unitId}:${r.role}`,
      eventNumber: number,
      round,
      unitId: r.unitId,
      role: r.role,
      dispatchedAt,
      dueAt: new Date(deadlines.dueAt),
      outcome: 'open' as const,
      counted: true,
    }));
    // A redelivered task finds the rows there; MySQL reports no insert id for ignored rows, so do not read ids back.
    await ledger.createQueryBuilder().insert().values(rows).orIgnore().updateEntity(false).execute();
    await db.getRepository(EventEntity).update(
      { number },
      {
        status: 'handling',
        stage: '处置中',
        leadUnit: lead,
        cooperatingUnits: cooperating.join(',') || null,
        handlingRound: round,
        dueAt: new Date(deadlines.dueAt),
        warnAt: new Date(deadlines.warnAt),
        overdue: false,
      },
    );
    return {
      handlingRound: round,
      platform: route.platform,
      leadUnit: lead,
      cooperatingUnits: cooperating.join(','),
      cooperatingCount: cooperating.length,
      districtUnit: route.districtUnit,
      timeLimitDays: deadlines.timeLimitDays,
      dueAt: deadlines.dueAt,
      warnAt: deadlines.warnAt,
      escalateAt: deadlines.escalateAt,
      firstDispatchedAt: firstDispatchedAt.toISOString(),
      // Consumed: the next round starts from a clean slate.
      assignedLeadUnit: '',
      assignedCooperatingUnits: '',
      supervisionOutcome: '',
      handlingOutcome: '',
    };
  },
};
