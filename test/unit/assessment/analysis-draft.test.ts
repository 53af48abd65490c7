import { DataSource } from 'typeorm';
import { DRAFT_MAX_CHARS, draftAnalysis, fitDraft } from '../../../src/assessment/analysis-meeting.js';
import { entities } from '../../../src/db/entities/index.js';
import { migrations } from '../../../src/db/migrations/index.js';
import { loadOrgChart } from '../../../src/identity/org-chart.js';
import { seedEvent } from '../handling/support.js';

/**
 * S1-5: the monthly draft analysis is handed to the engine as a String variable, which holds at most
 * 4,000 characters. A busy month (hundreds of repeat reports from one number) once made the draft
 * step fail on every retry, so the meeting never reached its preparation task.
 */
describe('S1-5 the draft analysis of a busy month', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities, migrations, migrationsRun: true, synchronize: false, logging: false });
    await db.initialize();
    // 300 reports from one phone, about the same manhole on the same street, in November 2026.
    for (let i = 1; i <= 300; i += 1) await seedEvent(db, { number: `SJ-20261102-${String(i).padStart(6, '0')}`, receivedAt: new Date(Date.UTC(2026, 10, 2, 1, 0, i)) });
  });
  afterAll(async () => {
    await db.destroy();
  });

  test('S1-5 names ten example numbers and the count per repeat line, and fits the engine', async () => {
    const draft = await draftAnalysis(db, loadOrgChart(), (code) => (code === 'manhole-cover' ? '井盖' : code), '2026-11');
    expect(draft.length).toBeLessThanOrEqual(DRAFT_MAX_CHARS);
    expect(draft).toContain('同类同地重复反映：长河街道井盖 300件（SJ-20261102-000001、');
    expect(draft).toContain('SJ-20261102-000010 等300件）');
    expect(draft).not.toContain('SJ-20261102-000011');
    expect(draft).toContain('同一反映人重复反映：138****0000 300次');
  });

  test('S1-5 a draft longer than the engine keeps is cut at a line end with a note', () => {
    const long = Array.from({ length: 400 }, (_, i) => `第${i + 1}行：${'内容'.repeat(10)}`).join('\n');
    const fitted = fitDraft(long);
    expect(fitted.length).toBeLessThanOrEqual(DRAFT_MAX_CHARS);
    expect(fitted.endsWith('……（初稿较长，以下内容从略，详见事件台账和考核台账）')).toBe(true);
    // Whole lines only: the line before the note is a complete line of the original.
    const lines = fitted.split('\n');
    expect(long.split('\n')).toContain(lines[lines.length - 2]);
    expect(fitDraft('短稿')).toBe('短稿');
  });
});
