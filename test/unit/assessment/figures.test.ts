import type { DataSource } from 'typeorm';
import { parseScheme } from '../../../src/assessment/config.js';
import { computeFigures } from '../../../src/assessment/figures.js';
import { monthRange } from '../../../src/assessment/month.js';
import { rankMonth } from '../../../src/assessment/scoring.js';
import { closeRoundRows, excludeForDecisionReference, markRoundLate, openRoundRows, reopenForOriginalUnit } from '../../../src/handling/ledger.js';
import { loadOrgChart } from '../../../src/identity/org-chart.js';
import { memoryDatabase } from '../handling/support.js';
import fs from 'node:fs';

let db: DataSource;
beforeAll(async () => {
  db = await memoryDatabase();
});
afterAll(async () => {
  await db.destroy();
});

const chart = loadOrgChart();
const { scheme } = parseScheme(fs.readFileSync('config/assessment.yaml', 'utf8'));
const at = (day: number, hour = 10) => new Date(`2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const lead = (unitId: string) => [{ unitId, role: 'lead' as const }];

test('S4-4.9 S0-5 S0-6 a unit month from ledger rows: due, completed, on time, rework, S0-6 recount, S0-5 exclusion, returns upheld or not', async () => {
  const U = 'changhe-platform-enforcement';
  // A: on time.
  await openRoundRows(db, { eventNumber: 'A', round: 1, units: lead(U), dispatchedAt: at(2), dueAt: at(9) });
  await closeRoundRows(db, { eventNumber: 'A', round: 1, outcome: 'completed', note: null }, at(5));
  // B: late (timer), completed.
  await openRoundRows(db, { eventNumber: 'B', round: 1, units: lead(U), dispatchedAt: at(2), dueAt: at(9) });
  await markRoundLate(db, 'B', 1);
  await closeRoundRows(db, { eventNumber: 'B', round: 1, outcome: 'completed', note: null }, at(12));
  // C: S0-6 — round 1 reopened for the original unit, round 2 on time.
  await openRoundRows(db, { eventNumber: 'C', round: 1, units: lead(U), dispatchedAt: at(3), dueAt: at(10) });
  expect(await reopenForOriginalUnit(db, { eventNumber: 'C', handlingRound: 1, leadUnit: U })).toBe(1);
  await openRoundRows(db, { eventNumber: 'C', round: 2, units: lead(U), dispatchedAt: at(11), dueAt: at(18) });
  await closeRoundRows(db, { eventNumber: 'C', round: 2, outcome: 'completed', note: null }, at(16));
  // D: rework — reopened by verification, round 2 still open past its limit.
  await openRoundRows(db, { eventNumber: 'D', round: 1, units: lead(U), dispatchedAt: at(3), dueAt: at(10) });
  await closeRoundRows(db, { eventNumber: 'D', round: 1, outcome: 'reopened', note: null }, at(8));
  await openRoundRows(db, { eventNumber: 'D', round: 2, units: lead(U), dispatchedAt: at(8), dueAt: at(20) });
  // E: S0-5 — in the decision-reference flow: not counted.
  await openRoundRows(db, { eventNumber: 'E', round: 1, units: lead(U), dispatchedAt: at(3), dueAt: at(10) });
  await excludeForDecisionReference(db, { eventNumber: 'E', handlingRound: 1 }, at(6));
  // F: returned, upheld (next round to another unit); G: returned, not upheld (same unit again, completed on time).
  await openRoundRows(db, { eventNumber: 'F', round: 1, units: lead(U), dispatchedAt: at(3), dueAt: at(10) });
  await closeRoundRows(db, { eventNumber: 'F', round: 1, outcome: 'returned', note: '非本单位' }, at(3, 15));
  await openRoundRows(db, { eventNumber: 'F', round: 2, units: lead('urban-management'), dispatchedAt: at(4), dueAt: at(11) });
  await openRoundRows(db, { eventNumber: 'G', round: 1, units: lead(U), dispatchedAt: at(3), dueAt: at(10) });
  await closeRoundRows(db, { eventNumber: 'G', round: 1, outcome: 'returned', note: '非本单位' }, at(3, 15));
  await openRoundRows(db, { eventNumber: 'G', round: 2, units: lead(U), dispatchedAt: at(4), dueAt: at(11) });
  await closeRoundRows(db, { eventNumber: 'G', round: 2, outcome: 'completed', note: null }, at(9));

  const figures = await computeFigures(db, chart, scheme, monthRange('2026-03'));
  const u = figures.units.find((x) => x.unitId === U)!;
  // Due: A B C1 C2 D1 D2 G1 G2 = 8 (E excluded, F1 upheld). Completed: A B C2 G2 = 4; on time A C2 G2 = 3.
  expect(u).toMatchObject({ due: 8, completed: 4, onTime: 3, late: 5, recountedS06: 1, reworked: 1, excludedS05: 1, returns: 2, returnsUpheld: 1, returnsNotUpheld: 1, leftOverdue: 1 });
  // 60×3/8 = 22.5; 10; 20 (no rating); 10×(1 − (1 + 1 + 1)/8) = 6.25 → 58.75.
  const ranking = rankMonth(figures, scheme);
  expect(ranking.groups[0].units.find((x) => x.unitId === U)).toMatchObject({ score: 58.75, parts: { onTime: 22.5, supervision: 10, satisfaction: 20, returnsRework: 6.25 } });
});
