import type { DataSource } from 'typeorm';
import { CONSULTATION_HOLD_NOTE, createItemFromEvent, decide, returnsOf } from '../../../src/consultation/items.js';
import { LedgerEntryEntity } from '../../../src/db/entities/index.js';
import { DomainError } from '../../../src/errors.js';
import { loadOrgChart } from '../../../src/identity/org-chart.js';
import { calendar, ledgerOf, memoryDatabase, seedEvent } from '../handling/support.js';

let db: DataSource;
beforeAll(async () => {
  db = await memoryDatabase();
});
afterAll(async () => {
  await db.destroy();
});

const chart = loadOrgChart();
const at = new Date('2026-12-03T02:00:00Z');

async function returnedTwice(): Promise<string> {
  const event = await seedEvent(db, { category: 'construction-noise', street: '长河街道', returnCount: 2, unclearResponsibility: true });
  const number = event.number!;
  const row = (round: number, unitId: string, note: string) => ({
    causeKey: `${number}:${round}:${unitId}:lead`,
    eventNumber: number,
    round,
    unitId,
    role: 'lead' as const,
    dispatchedAt: new Date('2026-12-01T01:00:00Z'),
    dueAt: new Date('2026-12-08T09:30:00Z'),
    completedAt: new Date(`2026-12-0${round + 1}T03:00:00Z`),
    outcome: 'returned' as const,
    counted: true,
    note,
  });
  await db.getRepository(LedgerEntryEntity).insert([row(1, 'changhe-platform-enforcement', '夜间施工噪声属环保部门职责'), row(2, 'environment-bureau', '建筑工地施工管理属城管执法')]);
  return number;
}

describe('S3-3.2 an event returned twice becomes an item holding the event', () => {
  test('S3-3.2 the item carries both returns with their reasons; the returning units’ rows note that their clock stopped', async () => {
    const number = await returnedTwice();
    const item = await createItemFromEvent(db, { calendar, categoryName: () => '夜间施工噪声' }, { eventNumber: number, processInstanceId: 'pi-1' }, at);
    expect(item).toMatchObject({ source: 'event', status: 'collected', month: '2026-12', eventNumber: number, eventProcessInstanceId: 'pi-1', category: 'construction-noise', street: '长河街道' });
    expect(returnsOf(item).map((r) => [r.round, r.unitId, r.reason])).toEqual([
      [1, 'changhe-platform-enforcement', '夜间施工噪声属环保部门职责'],
      [2, 'environment-bureau', '建筑工地施工管理属城管执法'],
    ]);
    expect((await ledgerOf(db, number)).map((r) => r.note)).toEqual([`夜间施工噪声属环保部门职责；${CONSULTATION_HOLD_NOTE}`, `建筑工地施工管理属城管执法；${CONSULTATION_HOLD_NOTE}`]);
    // Delivered again: the same item, the notes not doubled.
    const again = await createItemFromEvent(db, { calendar, categoryName: () => '夜间施工噪声' }, { eventNumber: number, processInstanceId: 'pi-1' }, at);
    expect(again.id).toBe(item.id);
    expect((await ledgerOf(db, number))[0].note).toBe(`夜间施工噪声属环保部门职责；${CONSULTATION_HOLD_NOTE}`);
  });

  test('S3-3.2 after the 18th (working-day adjusted) an item is collected for the next month', async () => {
    const number = await returnedTwice();
    const item = await createItemFromEvent(db, { calendar, categoryName: (c) => c }, { eventNumber: number, processInstanceId: 'pi-2' }, new Date('2026-12-18T10:00:00Z'));
    expect(item.month).toBe('2027-01');
  });

  test('S3-3.1 a decision on an item not on the agenda is refused', async () => {
    const number = await returnedTwice();
    const item = await createItemFromEvent(db, { calendar, categoryName: (c) => c }, { eventNumber: number, processInstanceId: 'pi-3' }, at);
    await expect(decide(db, chart, item.id, { principle: 'designated', leadUnit: 'environment-bureau' }, { userId: 'u', groups: ['social-management-office'] }, at)).rejects.toMatchObject({ httpStatus: 409 } as Partial<DomainError>);
  });
});
