import fs from 'node:fs';
import { loadCatalogue } from '../../../src/catalogue/categories.js';
import { routingDmn } from '../../../src/catalogue/dmn.js';

const catalogue = loadCatalogue();

describe('S3 settled answers as an overlay of the routing table', () => {
  test('without decisions the routing table is the committed base generated from the yaml catalogue', () => {
    expect(routingDmn(catalogue, [])).toBe(fs.readFileSync('processes/responsibility-routing.dmn', 'utf8'));
  });

  test('a decision comes before the catalogue rules (FIRST hit), names the decided units and carries its annotation', () => {
    const xml = routingDmn(catalogue, [{ category: 'construction-noise', street: '长河街道', leadUnit: 'environment-bureau', cooperatingUnits: ['changhe-platform-enforcement'], annotation: '法定（议题 7）· 依据：《噪声污染防治法》第八条 · 2026年12月28日' }]);
    const firstRule = xml.slice(xml.indexOf('<rule id="Rule_1">'), xml.indexOf('<rule id="Rule_2">'));
    expect(firstRule).toContain('<description>法定（议题 7）· 依据：《噪声污染防治法》第八条 · 2026年12月28日</description>');
    expect(firstRule).toContain('&quot;construction-noise&quot;');
    expect(firstRule).toContain('&quot;环境&quot;'.replace('环境', '长河街道'));
    expect(firstRule).toContain('&quot;environment-bureau&quot;');
    expect(firstRule).toContain('&quot;changhe-platform-enforcement&quot;');
    // The base rules follow unchanged: one more rule than the base.
    const count = (s: string) => (s.match(/<rule id=/g) ?? []).length;
    expect(count(xml)).toBe(count(routingDmn(catalogue, [])) + 1);
  });

  test('a decision for a category not in the catalogue is left out (it could not be routed anyway)', () => {
    expect(routingDmn(catalogue, [{ category: 'no-such', street: null, leadUnit: 'urban-management', cooperatingUnits: [], annotation: 'x' }])).toBe(routingDmn(catalogue, []));
  });
});
