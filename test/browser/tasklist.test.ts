import fs from 'node:fs';
import path from 'node:path';
import { submitTasklistLogin } from './support/tasklist-login.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { EventEntity } from '../../src/db/entities/index.js';
import type { Worker } from '../../workers/runner.js';
import { endedAt, reportEvent, taskFor } from '../integration/support/events.js';
import { openTestDatabase, startWorkers, testConfig } from '../integration/support/platform.js';
import { credentialsPath, DEMO_CREDENTIALS_FILE, readCredentialsFile } from '../../src/credentials.js';

// Staff work in Operaton Tasklist: the unit's own filter, the Chinese Camunda Form with the event's
// facts read-only, claim, complete. Debian's Chromium driven by playwright-core against the run's engine.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RESULTS = path.resolve('test-results');

describe('S2-5.1 a centre operator accepts or rejects a report in Tasklist', () => {
  let db: DataSource;
  let worker: Worker;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
    db = await openTestDatabase();
    worker = startWorkers(db);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    fs.mkdirSync(RESULTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await db?.destroy();
  });

  async function signIn(unitId: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1100 }, locale: 'zh-CN' });
    const user = `demo-${unitId}`;
    const password = readCredentialsFile(credentialsPath(testConfig(), DEMO_CREDENTIALS_FILE))[user];
    const base = testConfig().engine.restUrl.replace(/\/engine-rest$/, '');
    await page.goto(`${base}/operaton/app/tasklist/default/`);
    await submitTasklistLogin(page, user, password);
    return page;
  }

  test('S2-5.1 the rejection is made in the form, with its reason, and the process ends; another unit never sees the task', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'price-complaint');
    const task = await taskFor('linkage-centre', number, 'UserTask_AcceptEvent');

    const page = await signIn('linkage-centre');
    await page.getByText('区社会治理联动指挥中心的任务').first().waitFor();
    // Open the task as a link to it would (other tests leave tasks in the same filter).
    await page.goto(`${page.url().split('#')[0]}#/?task=${task.id}`);
    // The facts are shown read-only from the process.
    await page.locator('input[readonly]').first().waitFor();
    expect(await page.getByLabel('事件编号').inputValue()).toBe(number);
    expect(await page.getByLabel('事件类别').inputValue()).toBe('价格投诉');
    await page.getByText('受理意见').first().waitFor();

    await page.getByRole('button', { name: '认领' }).click();
    await page.getByLabel('不予受理', { exact: true }).check();
    await page.getByLabel('不予受理理由（将告知上报人）').fill('系商家价格标示问题，已告知拨打12315');
    await page.screenshot({ path: path.join(RESULTS, 'tasklist-accept-event.png'), fullPage: true });
    await page.getByRole('button', { name: '办结' }).click();

    expect(await endedAt(processInstanceId)).toBe('EndEvent_Rejected');
    expect(await db.getRepository(EventEntity).findOneByOrFail({ number })).toMatchObject({ status: 'rejected', outcomeNote: '系商家价格标示问题，已告知拨打12315' });
    await page.close();

    const other = await signIn('urban-management');
    await other.getByText('区城管局的任务').first().waitFor();
    expect(await other.getByText(number).count()).toBe(0);
    await other.close();
  });
});
