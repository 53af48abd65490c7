import { onTimeWhenArchived, S0_5_REASON, s0_6Note } from '../../../src/handling/ledger.js';

describe('S0-5 and S0-6 ledger rules', () => {
  test('S0-5 an archived row is on time iff the event entered supervision by its due date', () => {
    const dueAt = new Date('2026-11-10T15:59:59Z');
    expect(onTimeWhenArchived({ dueAt }, new Date('2026-11-09T00:00:00Z'))).toBe(true);
    expect(onTimeWhenArchived({ dueAt }, dueAt)).toBe(true);
    expect(onTimeWhenArchived({ dueAt }, new Date('2026-11-30T00:00:00Z'))).toBe(false);
  });

  test('S0-5 the exclusion reason names the rule; S0-6 the note names both rounds', () => {
    expect(S0_5_REASON).toMatch(/^S0-5 /);
    expect(S0_5_REASON.length).toBeLessThanOrEqual(200);
    expect(s0_6Note(2)).toBe('S0-6 申请决策参考的事件经审核重新派发至原处置单位：第2轮计入未办结，第3轮二次办理重新计入考核');
  });
});
