import fs from 'node:fs';
import { parseScheme, WEIGHT_TOTAL } from '../../../src/assessment/config.js';
import { endedMonth, monthRange, shiftMonth } from '../../../src/assessment/month.js';

const text = fs.readFileSync('config/assessment.yaml', 'utf8');

test('S4-4.9 the shipped scheme: weights 60/10/20/10 summing to 100, two external groups, bottom three', () => {
  const { scheme, version } = parseScheme(text);
  expect(scheme.weights).toEqual({ onTime: 60, supervision: 10, satisfaction: 20, returnsRework: 10 });
  expect(Object.values(scheme.weights).reduce((a, b) => a + b, 0)).toBe(WEIGHT_TOTAL);
  expect(scheme.groups.map((g) => [g.id, g.external])).toEqual([
    ['streets', true],
    ['departments', true],
  ]);
  expect(scheme.bottomCount).toBe(3);
  expect(version).toMatch(/^[0-9a-f]{64}$/);
  // Any change to the text is a new version.
  expect(parseScheme(`${text}\n# changed\n`).version).not.toBe(version);
});

test('S4-4.9 weights that do not sum to 100, or a kind in two groups, are refused with the field named', () => {
  expect(() => parseScheme(text.replace('onTime: 60', 'onTime: 70'))).toThrow(expect.objectContaining({ code: 'ASSESSMENT_CONFIG_INVALID', httpStatus: 422, field: 'weights' }));
  expect(() => parseScheme(text.replace('kinds: [department]', 'kinds: [department, platform]'))).toThrow(expect.objectContaining({ field: 'groups' }));
  expect(() => parseScheme('weights: [')).toThrow(expect.objectContaining({ code: 'ASSESSMENT_CONFIG_INVALID' }));
});

test('S4-4.9 months are Beijing months; only an ended month can be assessed', () => {
  const march = monthRange('2026-03');
  expect([march.start.toISOString(), march.end.toISOString()]).toEqual(['2026-02-28T16:00:00.000Z', '2026-03-31T16:00:00.000Z']);
  expect(shiftMonth('2026-01', -1)).toBe('2025-12');
  expect(shiftMonth('2026-12', 2)).toBe('2027-02');
  expect(() => monthRange('2026-13')).toThrow(expect.objectContaining({ httpStatus: 400 }));
  // 2026-03-31 23:59 Beijing: March has not ended; one minute later it has.
  expect(() => endedMonth('2026-03', new Date('2026-03-31T15:59:00Z'))).toThrow(expect.objectContaining({ code: 'MONTH_NOT_ENDED' }));
  expect(endedMonth('2026-03', new Date('2026-03-31T16:00:00Z')).month).toBe('2026-03');
});
