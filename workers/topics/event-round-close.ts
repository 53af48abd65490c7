import { EventEntity, LedgerEntryEntity, type EventRecord } from '../../src/db/entities/index.js';
import { closeRound, isRoundOutcome, recordAssist, ROUND_OUTCOMES } from '../../src/handling/round-outcomes.js';
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
  variables: ['eventNumber', 'handlingRound', 'roundOutcome', 'leadUnit', 'cooperatingUnits', 'returnReason', 'feedback', 'assistUnit', 'assistFeedback'],
  inputs: [
    { name: 'roundOutcome', label: '处置结果', description: `${ROUND_OUTCOMES.join(' / ')} / assisted（协办单位完成协助，配合 assistUnit）` },
    { name: 'assistUnit', label: '协办单位（assisted 时）' },
  ],
  async handle(task, { db }) {
    const number = requiredString(task, 'eventNumber');
    const round = Number(requiredString(task, 'handlingRound'));
    const outcome = requiredString(task, 'roundOutcome');
    // A cooperating unit completed its assist: its own row, its own words (src/handling/round-outcomes.ts).
    if (outcome === 'assisted') {
      await recordAssist(db, number, round, requiredString(task, 'assistUnit'), optionalString(task, 'assistFeedback') ?? null);
      return {};
    }
    if (!isRoundOutcome(outcome)) throw new Error(`unknown roundOutcome ${outcome}`);
    const ledger = db.getRepository(LedgerEntryEntity);
    const note = optionalString(task, outcome === 'returned' ? 'returnReason' : 'feedback') ?? null;
    await closeRound(db, number, round, outcome, note);

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
