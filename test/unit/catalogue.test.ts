import fs from 'node:fs';
import { acceptGroupsFor, loadCatalogue, unknownUnits } from '../../src/catalogue/categories.js';
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

  test('S4-4.1 a street with a sub-centre accepts its own events beside the district centre', () => {
    expect(acceptGroupsFor(catalogue, '长河街道')).toEqual(['linkage-centre', 'changhe-sub-centre']);
    expect(acceptGroupsFor(catalogue, '西兴街道')).toEqual(['linkage-centre']);
  });

  test('the committed decision tables are generated from the catalogue (run `npm run generate:dmn`)', () => {
    expect(fs.readFileSync('processes/responsibility-routing.dmn', 'utf8')).toBe(routingDmn(catalogue));
    expect(fs.readFileSync('processes/event-grading.dmn', 'utf8')).toBe(gradingDmn(catalogue));
  });
});
