import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createContext } from '../../src/context.js';
import { unitName } from '../../src/identity/org-chart.js';

// One context built at start: the org chart, the responsibility list and the notice templates are
// read once, and a broken file stops start-up naming the file.
describe('the shared context', () => {
  const config = loadConfig({});

  test('built from the repository\'s config files: org chart, responsibility list, notice templates, category names', () => {
    const context = createContext(config);
    expect(unitName(context.orgChart, 'urban-management')).toBe('区城管局');
    expect(unitName(context.orgChart, 'no-such-unit')).toBe('no-such-unit');
    expect(unitName(context.orgChart, null)).toBe('');
    expect(context.catalogue.categories.length).toBeGreaterThan(10);
    const first = context.catalogue.categories[0];
    expect(context.categoryName(first.code)).toBe(first.name);
    expect(context.categoryName('unknown-code')).toBe('unknown-code');
    expect(context.noticeTemplates.has('event-dispatched')).toBe(true);
  });

  test('a broken org chart stops start-up, naming the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'context-'));
    const file = path.join(dir, 'org-chart.yaml');
    fs.writeFileSync(file, 'district: 上城区\nunits: []\n');
    expect(() => createContext(config, { orgChartFile: file })).toThrow(file);
    fs.rmSync(dir, { recursive: true });
  });
});
