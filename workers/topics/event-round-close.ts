import { EventEntity, LedgerEntryEntity, type EventRecord, type LedgerOutcome } from '../../src/db/entities/index.js';
import type { TopicDefinition } from '../topic.js';
import { optionalString, requiredString } from '../task-variables.js';

/**
 * Closes a handling round in the assessment book (S2-5.2, S4-4.9): outcome, completion time and
 * whether it was on time, for the lead unit and the cooperating units. `reopened` marks a round
 * that verification found unresolved: it does not count as completed, and the same unit gets a new
 * round. `supervision` closes a round the centre took into the supervision joint meeting by hand
 * (S0-2). A second return of the same event flags it as an unclear-responsibility item (S3).
 * Every write is an update to a known value: a redelivered task changes nothing.
 */
const OUTCOMES: LedgerOutcome[] = ['completed', 'returned', 'cannot-handle', 'escalated', 'reopened', 'supervision'];

const EVENT_AFTER: Record<string, Partial<EventRecord>> = {
  completed: { status: 'verifying', stage: '待核查回访' },
  returned: { status: 'accepted', stage: '退回待重新派单' },
  'cannot-handle': { status: 'accepted', stage: '上报区级平台' },
  escalated: { status: 'escalated', stage: '超期升级' },
  reopened: { status: 'accepted', stage: '核查未解决，重新处置' },
  supervision: { status: 'escalated', stage: '提请督办联席会议' },
};

export const UNCLEAR_RESPONSIBILITY_RETURNS = 2;

export const eventRoundClose: TopicDefinition = {
  topic: 'event-round-close',
  label: '登记处置结果',
  description: '在考核台账登记本轮处置结果（办结、退回、无法处置、超期升级、重新处置）及是否按期',
  variables: ['eventNumber', 'handlingRound', 'roundOutcome', 'leadUnit', 'cooperatingUnits', 'returnReason', 'feedback'],
  inputs: [{ name: 'roundOutcome', label: '处置结果', description: OUTCOMES.join(' / ') }],
  async handle(task, { db }) {
    const number = requiredString(task, 'eventNumber');
    const round = Number(requiredString(task, 'handlingRound'));
    const outcome = requiredString(task, 'roundOutcome') as LedgerOutcome;
    if (!OUTCOMES.includes(outcome)) throw new Error(`unknown roundOutcome ${outcome}`);
    const ledger = db.getRepository(LedgerEntryEntity);
    const rows = await ledger.findBy({ eventNumber: number, round });
    if (rows.length === 0) throw new Error(`no ledger rows for ${number} round ${round}`);

    const note = optionalString(task, outcome === 'returned' ? 'returnReason' : 'feedback') ?? null;
    for (const row of rows) {
      if (outcome === 'reopened') {
        await ledger.update({ id: row.id }, { outcome: 'reopened', note: row.note ?? '核查未解决，不计为办结，同一单位重新处置' });
        continue;
      }
      const completedAt = row.completedAt ?? new Date();
      // A round already recorded overdue by its timer stays late, whatever the clocks say now.
      const onTime = row.onTime !== false && completedAt.getTime() <= row.dueAt.getTime();
      await ledger.update({ id: row.id }, { outcome, completedAt, onTime, note: row.note ?? note });
    }

    const returnCount = await ledger.countBy({ eventNumber: number, role: 'lead', outcome: 'returned' });
    const unclear = returnCount >= UNCLEAR_RESPONSIBILITY_RETURNS;
    await db.getRepository(EventEntity).update({ number }, { ...EVENT_AFTER[outcome], returnCount, ...(unclear ? { unclearResponsibility: true } : {}) });

    const result: Record<string, unknown> = { returnCount, unclearResponsibility: unclear };
    if (outcome === 'reopened') {
      result.assignedLeadUnit = requiredString(task, 'leadUnit');
      result.assignedCooperatingUnits = optionalString(task, 'cooperatingUnits') ?? '';
    }
    return result;
  },
};
