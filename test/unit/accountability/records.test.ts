import type { DataSource } from 'typeorm';
import { accountabilityFor, recordAccountability } from '../../../src/accountability/records.js';
import { ValidationError } from '../../../src/errors.js';
import { memoryDatabase } from '../handling/support.js';

let db: DataSource;
beforeAll(async () => {
  db = await memoryDatabase();
});
afterAll(async () => {
  await db.destroy();
});

const at = new Date('2026-12-16T01:00:00Z');

test('S3-4 a unit that misses the 15th report is recorded once per item and month, however often the task is delivered', async () => {
  const input = { source: 'responsibility-consultation' as const, unitId: 'urban-management', month: '2026-12', itemRef: 'ZB-2026-0007', kind: 'missing-report' as const, note: '未按时书面报告落实情况' };
  const first = await recordAccountability(db, input, at);
  const again = await recordAccountability(db, { ...input, note: '重复投递' }, new Date(at.getTime() + 60_000));
  expect(again.id).toBe(first.id);
  expect(again.note).toBe('未按时书面报告落实情况');
  await recordAccountability(db, { ...input, kind: 'not-implemented', note: '决定未落实' }, at);
  await recordAccountability(db, { ...input, unitId: 'housing-bureau' }, at);
  await recordAccountability(db, { ...input, month: '2027-01' }, at);

  const december = await accountabilityFor(db, '2026-12');
  expect(december.map((r) => [r.unitId, r.kind])).toEqual([
    ['housing-bureau', 'missing-report'],
    ['urban-management', 'missing-report'],
    ['urban-management', 'not-implemented'],
  ]);
  expect((await accountabilityFor(db, '2026-12', 'urban-management')).map((r) => r.kind)).toEqual(['missing-report', 'not-implemented']);
});

test('a month that is not YYYY-MM is refused naming the field', async () => {
  await expect(recordAccountability(db, { source: 'supervision', unitId: 'urban-management', month: '2026-13', itemRef: 'x', kind: 'late-report' }, at)).rejects.toBeInstanceOf(ValidationError);
});
