import fs from 'node:fs';
import { stringify, parse } from 'yaml';
import { loadCatalogue } from '../../../src/catalogue/categories.js';
import { createWorkingCalendar } from '../../../src/calendar/index.js';
import { ValidationError } from '../../../src/errors.js';
import type { IntakeInput } from '../../../src/events/intake-schema.js';
import { DEFAULT_ORG_CHART_PATH, findUnit, loadOrgChart, parseOrgChart } from '../../../src/identity/org-chart.js';
import { inDutyHours, rosterProblems } from '../../../src/street/duty-roster.js';
import { gridOfAddress, tieToGrid } from '../../../src/street/grids.js';

const chart = loadOrgChart();
const catalogue = loadCatalogue();
const raw = parse(fs.readFileSync(DEFAULT_ORG_CHART_PATH, 'utf8')) as { units: Array<Record<string, unknown>> };

/** The shipped chart with one unit changed, checked again. */
function problemsWith(unitId: string, change: (unit: Record<string, unknown>) => void): string {
  const copy = structuredClone(raw);
  change(copy.units.find((u) => u.id === unitId)!);
  try {
    parseOrgChart(stringify(copy));
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('S4-4.5 the org chart levels: street → community → grid, 一长三员', () => {
  test('S4-4.5 the shipped chart passes', () => {
    expect(findUnit(chart, 'changhe-grid-changhe-1')?.parent).toBe('changhe-community-changhe');
  });

  test('S4-4.5 a grid without its 网格长, with two, or without a 参与员 is refused', () => {
    const persons = (u: Record<string, unknown>) => u.persons as Array<Record<string, unknown>>;
    expect(problemsWith('changhe-grid-changhe-1', (u) => (u.persons = persons(u).filter((p) => p.role !== 'grid-leader')))).toContain(
      'grid changhe-grid-changhe-1: needs exactly one grid-leader (网格长), has 0',
    );
    expect(problemsWith('changhe-grid-changhe-1', (u) => (persons(u)[1].role = 'grid-leader'))).toContain('has 2');
    expect(problemsWith('changhe-grid-changhe-1', (u) => (u.persons = persons(u).filter((p) => p.role !== 'grid-participant')))).toContain(
      'needs a grid-participant (网格参与员)',
    );
  });

  test('S4-4.5 a grid must sit under a community, a community under a sub-centre; person ids are unique', () => {
    expect(problemsWith('changhe-grid-changhe-1', (u) => (u.parent = 'changhe-sub-centre'))).toContain('its parent must be a community');
    expect(problemsWith('changhe-community-changhe', (u) => (u.parent = 'urban-management'))).toContain('its parent must be a street sub-centre');
    expect(problemsWith('changhe-grid-changhe-2', (u) => ((u.persons as Array<Record<string, unknown>>)[0].id = 'grid-lai-jianjun'))).toContain(
      'duplicate person id grid-lai-jianjun',
    );
  });

  test('S2-1 a stationed unit must be stationed at a sub-centre, with sane minimums and hours', () => {
    expect(problemsWith('urban-management', (u) => ((u.stationed as Record<string, unknown>).at = 'linkage-centre'))).toContain('stationed.at must be a street sub-centre');
    expect(problemsWith('urban-management', (u) => ((u.stationed as Record<string, unknown>).minEnforcement = 3))).toContain('minEnforcement exceeds minOnDuty');
    expect(problemsWith('urban-management', (u) => ((u.stationed as Record<string, unknown>).hours = { from: '17:00', to: '08:00' }))).toContain('hours.from must be before to');
  });
});

describe('S2-A3 S4-4.5 tying a report to its grid', () => {
  const input = (location: Partial<IntakeInput['location']>): IntakeInput => ({
    externalId: 'X-1',
    category: 'neighbour-dispute',
    title: 't',
    description: 'd',
    location: { address: '某地', street: undefined, community: undefined, grid: undefined, ...location },
    attachments: [],
    reportedAt: '2026-11-30T09:00:00.000Z',
  });

  test('S4-4.5 the longest matching address fragment wins; a tie ties to no grid', () => {
    expect(gridOfAddress(chart, '长河街道江虹路春波小区2幢')?.id).toBe('changhe-grid-changhe-2');
    expect(gridOfAddress(chart, '滨文路与聚才路口')?.id).toBe('changhe-grid-tangziyan-1');
    // 长河路 (第一网格) and 江虹路 (第二网格): equally long, so neither.
    expect(gridOfAddress(chart, '长河路与江虹路口')).toBeUndefined();
    // 长河老街 (4) beats 江虹路 (3).
    expect(gridOfAddress(chart, '江虹路口长河老街5号')?.id).toBe('changhe-grid-changhe-1');
    expect(gridOfAddress(chart, '文一路100号')).toBeUndefined();
  });

  test('S2-A3 a grid fills its community and street; an address guess never contradicts the street sent', () => {
    expect(tieToGrid(chart, catalogue, input({ grid: '长河社区第一网格' })).location).toMatchObject({
      street: '长河街道',
      community: 'changhe-community-changhe',
      grid: 'changhe-grid-changhe-1',
    });
    expect(tieToGrid(chart, catalogue, input({ address: '长河路1号', street: '西兴街道' })).location).toMatchObject({ street: '西兴街道', grid: undefined });
    expect(() => tieToGrid(chart, catalogue, input({ grid: '长河社区第一网格', street: '西兴街道' }))).toThrow(ValidationError);
  });
});

describe('S2-1 roster minimums and duty hours', () => {
  const um = findUnit(chart, 'urban-management')!;
  test('S2-1 城管: two on duty, one qualified; the reasons name both', () => {
    expect(rosterProblems(um, [{ enforcement: true }, { enforcement: false }])).toEqual([]);
    expect(rosterProblems(um, [{ enforcement: false }])).toEqual([
      '区城管局每个工作日须有2人以上进驻街道综合信息指挥室，现仅1人',
      '区城管局值班人员中须有1名以上具有执法资格，现有0名',
    ]);
    expect(rosterProblems(findUnit(chart, 'justice-office')!, [])).toEqual(['长河司法所每个工作日须有1人以上在平台在线值班，现仅0人']);
  });

  test('S2-1 duty hours are 08:00–17:00 Shanghai time on working days', () => {
    const calendar = createWorkingCalendar();
    expect(inDutyHours(um, calendar, new Date('2026-12-01T08:00:00+08:00'))).toBe(true);
    expect(inDutyHours(um, calendar, new Date('2026-12-01T07:59:00+08:00'))).toBe(false);
    expect(inDutyHours(um, calendar, new Date('2026-12-01T16:59:00+08:00'))).toBe(true);
    expect(inDutyHours(um, calendar, new Date('2026-12-01T17:00:00+08:00'))).toBe(false);
    // Saturday.
    expect(inDutyHours(um, calendar, new Date('2026-12-05T10:00:00+08:00'))).toBe(false);
    // Not stationed: never.
    expect(inDutyHours(findUnit(chart, 'housing-bureau')!, calendar, new Date('2026-12-01T10:00:00+08:00'))).toBe(false);
  });
});
