import fs from 'node:fs';
import { loadPatrolConfig, parsePatrolConfig, rewardGradeFor } from '../../../src/patrol/config.js';
import { checkPatrolIntake } from '../../../src/patrol/reports.js';
import { isUrgent, roundLimitDays } from '../../../src/street/emergency.js';
import { loadStreetLinkage } from '../../../src/street/linkage.js';

describe('S4-4.6 the grading scheme of patrol reports (config/patrol.yaml)', () => {
  const cfg = loadPatrolConfig();

  test.each([
    ['routine', 'low', 'grade-3', 2],
    ['routine', 'medium', 'grade-2', 5],
    ['pressing', 'low', 'grade-2', 5],
    ['pressing', 'high', 'grade-1', 10],
    ['urgent', 'low', 'grade-1', 10],
  ])('S4-4.6 urgency %s + safety %s → the higher rank: %s, %i points', (urgency, safety, code, points) => {
    expect(rewardGradeFor(cfg, urgency, safety)).toMatchObject({ code, points });
  });

  test('S4-4.6 a code outside the scale has no grade', () => {
    expect(rewardGradeFor(cfg, 'extreme', 'low')).toBeUndefined();
    expect(rewardGradeFor(cfg, 'routine', 'none')).toBeUndefined();
  });

  test('S4-4.6 the accept form offers exactly the configured scales', () => {
    const form = JSON.parse(fs.readFileSync('forms/accept-event.form', 'utf8')) as { components: Array<{ key?: string; values?: Array<{ value: string }> }> };
    const options = (key: string) => form.components.find((c) => c.key === key)?.values?.map((v) => v.value);
    expect(options('patrolUrgency')).toEqual(cfg.urgency.map((l) => l.code));
    expect(options('patrolSafety')).toEqual(cfg.safety.map((l) => l.code));
  });

  test('a level whose rank has no reward grade stops start-up, naming it', () => {
    expect(() =>
      parsePatrolConfig('inspectors: [{ id: XC-1, name: 甲, street: 长河街道 }]\nurgency: [{ code: a, name: A, rank: 4 }]\nsafety: [{ code: b, name: B, rank: 1 }]\nrewardGrades: [{ code: g, name: G, rank: 1, points: 1 }]'),
    ).toThrow(/no reward grade has rank 4/);
  });

  test('S4-4.6 intake: inspectorId required and registered on the patrol channel, refused elsewhere', () => {
    expect(() => checkPatrolIntake(cfg, 'patrol', undefined)).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ field: 'inspectorId' })] }));
    expect(() => checkPatrolIntake(cfg, 'patrol', 'XC-0000')).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ field: 'inspectorId' })] }));
    expect(() => checkPatrolIntake(cfg, 'hotline', 'XC-0101')).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ field: 'inspectorId' })] }));
    expect(() => checkPatrolIntake(cfg, 'patrol', 'XC-0101')).not.toThrow();
    expect(() => checkPatrolIntake(cfg, 'hotline', undefined)).not.toThrow();
  });
});

describe('S4-4.1 emergencies (config/street-linkage.yaml)', () => {
  const linkage = loadStreetLinkage();
  test('S4-4.1 urgent by category or by the reporter’s flag; its rounds get the short limit', () => {
    expect(isUrgent(linkage, 'fire-hazard', undefined)).toBe(true);
    expect(isUrgent(linkage, 'manhole-cover', true)).toBe(true);
    expect(isUrgent(linkage, 'manhole-cover', false)).toBe(false);
    expect(roundLimitDays(linkage, true, 3)).toBe(1);
    expect(roundLimitDays(linkage, false, 3)).toBe(3);
  });
});
