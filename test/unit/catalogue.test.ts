import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acceptGroupsFor, catalogueProblems, loadCatalogue, unknownUnits } from '../../src/catalogue/categories.js';
import { gradingDmn, routingDmn } from '../../src/catalogue/dmn.js';
import { loadOrgChart } from '../../src/identity/org-chart.js';

describe('S4-4.2 the responsibility list (事部件清单)', () => {
  const catalogue = loadCatalogue();

  test('S4-4.2 covers at least 20 categories across all four platforms (S2-A2)', () => {
    expect(catalogue.categories.length).toBeGreaterThanOrEqual(20);
    expect(new Set(catalogue.categories.map((c) => c.platform))).toEqual(new Set(['governance', 'market', 'enforcement', 'services']));
  });

  test('S2-4 every lead, cooperating and district unit exists in the org chart', () => {
    expect(unknownUnits(catalogue, loadOrgChart())).toEqual([]);
  });

  test('S2-5.1 no category allows more than 15 working days', () => {
    for (const c of catalogue.categories) expect(c.timeLimitDays).toBeLessThanOrEqual(15);
  });

  test('S2-5.1 no general-grade category allows more than 5 working days (a longer limit is for larger or major events)', () => {
    expect(catalogue.categories.filter((c) => c.grade === 'general' && c.timeLimitDays > 5).map((c) => c.code)).toEqual([]);
    expect(catalogue.categories.find((c) => c.code === 'counterfeit-goods')).toMatchObject({ grade: 'general', timeLimitDays: 5 });
    expect(catalogue.categories.find((c) => c.code === 'greenery-damage')).toMatchObject({ grade: 'general', timeLimitDays: 5 });
    // A longer limit stays where the grade is larger.
    expect(catalogue.categories.find((c) => c.code === 'illegal-construction')).toMatchObject({ grade: 'larger', timeLimitDays: 15 });
  });

  test('S2-5.1 the catalogue lint refuses, at load, a general-grade category with a limit over 5 working days', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-'));
    try {
      const file = path.join(dir, 'categories.yaml');
      const row = (code: string, days: number, grade: string) =>
        `  - { code: ${code}, name: 测试, platform: market, leadUnit: changhe-platform-market, districtUnit: market-regulation-bureau, timeLimitDays: ${days}, grade: ${grade} }`;
      fs.writeFileSync(file, ['streets: []', 'categories:', row('slow-general', 10, 'general'), row('slow-larger', 10, 'larger'), row('quick-general', 5, 'general')].join('\n'));
      expect(() => loadCatalogue(file)).toThrow(
        'categories.slow-general: timeLimitDays 10 is over 5 for a general event (S2-5.1: general events are completed within 5 working days; grade it larger or major, or lower the limit)',
      );
      const parsed = { streets: [], categories: [{ code: 'x', name: 'x', platform: 'market' as const, leadUnit: 'a', cooperatingUnits: [], districtUnit: 'b', timeLimitDays: 6, grade: 'general' as const }] };
      expect(catalogueProblems(parsed)).toHaveLength(1);
      expect(catalogueProblems({ ...parsed, categories: [{ ...parsed.categories[0], grade: 'major' as const }] })).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('S4-4.1 a street with a sub-centre accepts its own events beside the district centre', () => {
    expect(acceptGroupsFor(catalogue, '长河街道')).toEqual(['linkage-centre', 'changhe-sub-centre']);
    expect(acceptGroupsFor(catalogue, '西兴街道')).toEqual(['linkage-centre']);
  });

  test('the committed decision tables are generated from the catalogue (run `npm run generate:dmn`)', () => {
    expect(fs.readFileSync('processes/responsibility-routing.dmn', 'utf8')).toBe(routingDmn(catalogue));
    expect(fs.readFileSync('processes/event-grading.dmn', 'utf8')).toBe(gradingDmn(catalogue));
  });
});
