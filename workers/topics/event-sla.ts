import { EventEntity, LedgerEntryEntity, SlaRecordEntity } from '../../src/db/entities/index.js';
import type { TopicDefinition } from '../topic.js';
import { optionalNumber, optionalString, requiredString } from '../task-variables.js';

/**
 * Timeout checks fired by the process timers: a warning before the due date, overdue at it, a
 * late acceptance, and a late report up to the district (S2-5.1: each within 1 working day).
 * One record per round and kind; the notices follow in the process.
 */
const KINDS = ['accept-overdue', 'report-overdue', 'warning', 'overdue'] as const;
type Kind = (typeof KINDS)[number];

export const eventSla: TopicDefinition = {
  topic: 'event-sla',
  label: '超期预警登记',
  description: '登记受理超时、处置预警或处置超期记录（同一轮次同一类型只登记一次）',
  variables: ['eventNumber', 'slaKind', 'slaUnit', 'handlingRound', 'leadUnit', 'dueAt', 'acceptDueAt', 'reportUpDueAt'],
  inputs: [
    { name: 'slaKind', label: '类型', description: KINDS.join(' / ') },
    { name: 'slaUnit', label: '责任单位（可选）', description: '超时记在哪个单位；缺省：受理、上报记联动中心，其余记责任主体' },
  ],
  async handle(task, { db }) {
    const number = requiredString(task, 'eventNumber');
    const kind = requiredString(task, 'slaKind') as Kind;
    if (!KINDS.includes(kind)) throw new Error(`unknown slaKind ${kind}`);
    const round = kind === 'accept-overdue' ? 0 : (optionalNumber(task, 'handlingRound') ?? 0);
    // Accepting and reporting up are the centre's (or sub-centre's) duties; the rest the lead unit's.
    const centreDuty = kind === 'accept-overdue' || kind === 'report-overdue';
    // `slaUnit` names the unit that owed the step when the model says so (S2-5.1: the unit that reports up).
    const unitId = optionalString(task, 'slaUnit') ?? (centreDuty ? 'linkage-centre' : requiredString(task, 'leadUnit'));
    const due = optionalString(task, { 'accept-overdue': 'acceptDueAt', 'report-overdue': 'reportUpDueAt', warning: 'dueAt', overdue: 'dueAt' }[kind]);
    await db
      .getRepository(SlaRecordEntity)
      .createQueryBuilder()
      .insert()
      .values({ causeKey: `${number}:${round}:${kind}`, eventNumber: number, round, unitId, kind, dueAt: due ? new Date(due) : null })
      .orIgnore()
      .updateEntity(false)
      .execute();
    if (kind === 'overdue') {
      await db.getRepository(EventEntity).update({ number }, { overdue: true });
      await db.getRepository(LedgerEntryEntity).update({ eventNumber: number, round, role: 'lead', outcome: 'open' }, { onTime: false });
    }
  },
};
