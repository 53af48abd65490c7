import { loadCatalogue } from '../../../src/catalogue/categories.js';
import { loadOrgChart } from '../../../src/identity/org-chart.js';
import { streetCoordination, streetCoordinationGroup } from '../../../src/handling/street-coordination.js';
import { loadStreetLinkage } from '../../../src/street/linkage.js';

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

describe('S2-4 one platform → its lead unit coordinates; several platforms → the street 平安建设办, naming the lead platform', () => {
  const catalogue = loadCatalogue();
  const chart = loadOrgChart();
  const linkage = loadStreetLinkage();

  test('S2-4 消防安全隐患 spans 综合治理 (平台, 派出所) and 综合执法: the 平安建设办, lead platform 综合治理', () => {
    expect(streetCoordination(catalogue, chart, linkage, '长河街道', 'fire-hazard')).toEqual({
      group: 'changhe-safety-office',
      scope: 'multi-platform',
      leadPlatform: 'governance',
      leadPlatformName: '综合治理',
    });
  });

  test('S2-4 食品安全 stays on 市场监管: the 市场监管平台 coordinates', () => {
    expect(streetCoordination(catalogue, chart, linkage, '长河街道', 'food-safety')).toEqual({
      group: 'changhe-platform-market',
      scope: 'single-platform',
      leadPlatform: 'market',
      leadPlatformName: '市场监管',
    });
  });

  test('S2-4 违法建筑: 综合执法平台 with 区城管局 (综合执法) and 区住建局 (便民服务) → two platforms', () => {
    expect(streetCoordination(catalogue, chart, linkage, '长河街道', 'illegal-construction')?.group).toBe('changhe-safety-office');
  });

  test('S2-3 a street without a sub-centre: nobody; unknown category: the 平安建设办', () => {
    expect(streetCoordination(catalogue, chart, linkage, '西兴街道', 'food-safety')).toBeNull();
    expect(streetCoordination(catalogue, chart, linkage, '长河街道', undefined)?.group).toBe('changhe-safety-office');
  });
});
