import { loadCatalogue } from '../../../src/catalogue/categories.js';
import { loadOrgChart } from '../../../src/identity/org-chart.js';
import { streetCoordinationGroup } from '../../../src/handling/street-coordination.js';

describe('S2-3 S2-4 the street, never the district centre, coordinates a larger event', () => {
  const catalogue = loadCatalogue();
  const chart = loadOrgChart();

  test('S2-3 S2-4 长河街道: its 平安建设办', () => {
    expect(streetCoordinationGroup(catalogue, chart, '长河街道')).toBe('changhe-safety-office');
  });

  test('S2-3 a street whose sub-centre has no 平安建设办 in the org chart: its sub-centre, never the centre', () => {
    const withoutOffice = { units: chart.units.filter((u) => u.id !== 'changhe-safety-office') };
    expect(streetCoordinationGroup(catalogue, withoutOffice, '长河街道')).toBe('changhe-sub-centre');
  });

  test('S2-3 a street without a sub-centre on the platform: nobody on the platform (dispatched by the responsibility list)', () => {
    expect(streetCoordinationGroup(catalogue, chart, '西兴街道')).toBeNull();
    expect(streetCoordinationGroup(catalogue, chart, undefined)).toBeNull();
  });
});
