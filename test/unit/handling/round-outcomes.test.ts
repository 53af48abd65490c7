import type { LedgerEntry } from '../../../src/db/entities/index.js';
import { assistChange, REOPENED_NOTE, roundCloseChanges, WITHDRAWN_REASON } from '../../../src/handling/ledger.js';

/** Each unit's own outcome of a round in the assessment book (S4-4.9 ranks on it, S2-5.2). */
const due = new Date('2026-11-27T23:59:59+08:00');
const before = new Date('2026-11-25T10:00:00+08:00');
const after = new Date('2026-11-30T10:00:00+08:00');

function row(over: Partial<LedgerEntry>): LedgerEntry {
  return {
    id: 1,
    causeKey: 'x',
    eventNumber: 'SJ-20261120-000001',
    round: 1,
    unitId: 'changhe-platform-governance',
    role: 'lead',
    dispatchedAt: new Date('2026-11-20T10:00:00+08:00'),
    dueAt: due,
    completedAt: null,
    outcome: 'open',
    onTime: null,
    counted: true,
    excludedReason: null,
    excludedFrom: null,
    excludedUntil: null,
    note: null,
    ...over,
  };
}

const lead = row({ id: 1 });
const justiceOffice = row({ id: 2, unitId: 'justice-office', role: 'cooperating' });

describe('S4-4.9 S2-5.2 a cooperating unit books its own assist', () => {
  test('S4-4.9 the assist is booked as completed, on time, with the unit’s own feedback', () => {
    expect(assistChange(justiceOffice, '已参与调解', before)).toEqual({ outcome: 'completed', completedAt: before, onTime: true, note: '已参与调解' });
    expect(assistChange(justiceOffice, '已参与调解', after)).toMatchObject({ onTime: false });
  });

  test('a booked assist (a redelivered task) and a lead row are never touched', () => {
    expect(assistChange({ ...justiceOffice, outcome: 'completed' }, '别的话', after)).toBeNull();
    expect(assistChange(lead, '已参与调解', before)).toBeNull();
  });
});

describe('S4-4.9 S2-5.2 closing a round gives each unit its own outcome and words', () => {
  const bookedAssist = { ...justiceOffice, outcome: 'completed' as const, completedAt: before, onTime: true, note: '已参与调解' };

  test('S4-4.9 when the lead unit returns the event, a cooperating unit that completed its assist is not booked as returned', () => {
    const changes = roundCloseChanges([lead, bookedAssist], 'returned', '属物业服务纠纷，非本平台职责', after);
    expect(changes).toEqual([{ id: 1, changes: { outcome: 'returned', completedAt: after, onTime: false, note: '属物业服务纠纷，非本平台职责' } }]);
  });

  test('S4-4.9 a cooperating unit that had not reported when the lead returned it is withdrawn and not counted, with the reason', () => {
    const [, coop] = roundCloseChanges([lead, justiceOffice], 'returned', '非本平台职责', before);
    expect(coop).toEqual({ id: 2, changes: { outcome: 'withdrawn', completedAt: before, onTime: null, counted: false, excludedReason: WITHDRAWN_REASON.returned } });
    const [, reported] = roundCloseChanges([lead, justiceOffice], 'cannot-handle', '需区级协调', before);
    expect(reported.changes).toMatchObject({ outcome: 'withdrawn', excludedReason: WITHDRAWN_REASON['cannot-handle'] });
  });

  test('S2-5.1 a round escalated at the 15th working day is late for every unit still open, whatever the due date says', () => {
    const changes = roundCloseChanges([lead, justiceOffice, { ...bookedAssist, id: 3 }], 'escalated', null, before);
    expect(changes.map((c) => [c.id, c.changes.outcome, c.changes.onTime])).toEqual([
      [1, 'escalated', false],
      [2, 'escalated', false],
    ]);
  });

  test('S4-4.7 a reopened round marks every row, each keeping its own note', () => {
    const changes = roundCloseChanges([{ ...lead, outcome: 'completed', note: '已调解' }, bookedAssist], 'reopened', null, after);
    expect(changes).toEqual([
      { id: 1, changes: { outcome: 'reopened', note: '已调解' } },
      { id: 2, changes: { outcome: 'reopened', note: '已参与调解' } },
    ]);
    expect(roundCloseChanges([lead], 'reopened', null, after)[0].changes.note).toBe(REOPENED_NOTE);
  });

  test('the lead row keeps its first completion time and a late mark (a redelivered close changes nothing)', () => {
    const closed = { ...lead, outcome: 'completed' as const, completedAt: before, onTime: false, note: '已处置' };
    expect(roundCloseChanges([closed], 'completed', '另一次反馈', after)).toEqual([{ id: 1, changes: { outcome: 'completed', completedAt: before, onTime: false, note: '已处置' } }]);
  });
});
