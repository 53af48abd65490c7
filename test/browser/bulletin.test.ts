import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { shiftMonth } from '../../src/assessment/month.js';
import { computeMonth, publishMonth } from '../../src/assessment/service.js';
import { EventEntity } from '../../src/db/entities/index.js';
import { closeRoundRows, markRoundLate, openRoundRows } from '../../src/handling/ledger.js';
import { silentLogger } from '../../src/logger.js';
import { startWebServer, stopWebServer } from '../../src/server.js';
import { adminEngine, demoAuthHeader, openTestDatabase, testConfig, testContext } from '../integration/support/platform.js';

// S1-7: the bulletin page as a unit's staff see it in Chromium — charts drawn, Chinese readable.
// The month's books are written with the ledger's own functions (the integration test builds one
// through the real event process); the screenshot stays in test-results/bulletin.png.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RESULTS = path.resolve('test-results');
const MONTH = shiftMonth('1990-01', Math.floor(Date.now() / 60_000) % 120);

let db: DataSource;
let server: Server;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  db = await openTestDatabase();
  const started = await startWebServer({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() }, 0);
  server = started.server;
  baseUrl = `http://127.0.0.1:${started.port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  fs.mkdirSync(RESULTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  if (server) await stopWebServer(server);
  await db?.destroy();
});

const at = (day: number) => new Date(`${MONTH}-${String(day).padStart(2, '0')}T10:00:00+08:00`);

async function month() {
  const units = ['urban-management', 'changhe-platform-enforcement', 'changhe-platform-services', 'market-regulation-bureau', 'housing-bureau'];
  const cats = ['road-damage', 'garbage-dumping', 'water-supply', 'food-safety', 'road-damage'];
  let n = 0;
  for (const [i, unit] of units.entries()) {
    for (let k = 0; k <= i; k += 1) {
      n += 1;
      const number = `BT-${MONTH}-${n}`;
      await db.getRepository(EventEntity).insert({
        number, channel: k % 2 ? 'wechat' : 'hotline', externalId: number, requestHash: '-', category: cats[i], title: '测试', description: '测试', address: '长河街道', street: '长河街道',
        attachments: '[]', reportedAt: at(2), receivedAt: at(2), status: 'closed', leadUnit: unit, satisfaction: 5 - (k % 3), closedAt: at(8),
      });
      await openRoundRows(db, { eventNumber: number, round: 1, units: [{ unitId: unit, role: 'lead' }], dispatchedAt: at(2), dueAt: at(9) });
      if (k % 2 === 1) await markRoundLate(db, number, 1);
      await closeRoundRows(db, { eventNumber: number, round: 1, outcome: 'completed', note: null }, at(k % 2 ? 12 : 6));
    }
  }
}

test('S1-7 the bulletin page in Chromium: ranking tables, three charts drawn, Chinese text rendered', async () => {
  await month();
  const deps = { db, orgChart: testContext().orgChart, schemeFile: testContext().assessmentSchemeFile };
  await computeMonth(deps, { month: MONTH, cause: 'browser' }, new Date());
  await publishMonth(db, MONTH, 'browser', new Date());
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 }, locale: 'zh-CN', extraHTTPHeaders: { authorization: demoAuthHeader('urban-management') } });
  const res = await page.goto(`${baseUrl}/api/assessment/months/${MONTH}/bulletin`);
  expect(res?.status()).toBe(200);
  await expect(page.locator('h1').innerText()).resolves.toContain('社会治理联动工作考核通报');
  const charts = page.locator('.chart svg');
  expect(await charts.count()).toBe(3);
  for (let i = 0; i < 3; i += 1) {
    const box = await charts.nth(i).boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(100);
  }
  // The bars of the on-time chart: one per unit with rounds due (five).
  const bars = await page.locator('.chart').nth(2).locator('svg path[fill="#c23531"]').count();
  expect(bars).toBe(5);
  // Chinese glyphs are drawn with a CJK font (not tofu): the title is as wide as its characters need.
  const width = await page.evaluate<number>('(() => { const r = document.createRange(); r.selectNodeContents(document.querySelector("h1")); return r.getBoundingClientRect().width; })()');
  expect(width).toBeGreaterThan(200);
  const fontOk = await page.evaluate<boolean>(`document.fonts.check('16px "WenQuanYi Micro Hei"') || document.fonts.check('16px "Noto Sans CJK SC"')`);
  expect(fontOk).toBe(true);
  await page.screenshot({ path: path.join(RESULTS, 'bulletin.png'), fullPage: true });
  await page.close();
});
