import fs from 'node:fs';
import path from 'node:path';
import { submitTasklistLogin } from './support/tasklist-login.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { credentialsPath, DEMO_CREDENTIALS_FILE, readCredentialsFile } from '../../src/credentials.js';
import { silentLogger } from '../../src/logger.js';
import type { Worker } from '../../workers/runner.js';
import { complete, reportEvent, taskFor } from '../integration/support/events.js';
import { adminEngine, demoAuthHeader, openTestDatabase, startWorkers, testConfig, testContext } from '../integration/support/platform.js';

// A convening unit's clerk at work in Operaton Tasklist, in Chinese: the unit's filter lists each
// review task with its event number and title, most urgent first; the clerk opens one, claims it,
// says 是 with a reason and completes it; the centre then reads that decision on the event's
// timeline, with the signer and a Beijing time. Debian's Chromium, browser language English on
// purpose: Chinese is the only locale the engine offers.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RESULTS = path.resolve('test-results');
const CLERK_UNIT = 'government-office';
const CENTRE = 'linkage-centre';

describe('S0-4.2 the 区府办 clerk reviews supervision items in a Chinese Tasklist', () => {
  let db: DataSource;
  let worker: Worker;
  let browser: Browser;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
    db = await openTestDatabase();
    worker = startWorkers(db);
    app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    fs.mkdirSync(RESULTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await db?.destroy();
  });

  /** An event in handling, declared for supervision by the centre, form 1 sent to the three convening units. */
  async function itemUnderReview(category: string): Promise<{ number: string; title: string }> {
    const { number } = await reportEvent(db, category);
    await complete('changhe-sub-centre', number, 'UserTask_AcceptEvent', { acceptDecision: 'accept', grade: 'general' });
    // Both categories are handled by 长河街道's enforcement platform (config/categories.yaml).
    await taskFor('changhe-platform-enforcement', number, 'UserTask_HandleEvent');
    const declared = await request(app).post('/api/supervision').set('authorization', demoAuthHeader(CENTRE)).send({ eventNumber: number, scopeType: 'historical-legacy', scopeReason: '属历史遗留问题，现行政策下无法解决' });
    expect(declared.status).toBe(202);
    await complete(CENTRE, number, 'UserTask_Declare', { dispatchDate: '2026-11-02', scopeType: 'historical-legacy', scopeReason: '属历史遗留问题，现行政策下无法解决' });
    const task = await taskFor(CLERK_UNIT, number, 'UserTask_PreliminaryReviewGovernmentOffice');
    return { number, title: (task.name ?? '').split(' ').slice(1).join(' ') };
  }

  async function signIn(unitId: string): Promise<Page> {
    // An English browser: the engine offers Chinese only, so Tasklist is Chinese whatever it asks for.
    const page = await browser.newPage({ viewport: { width: 1500, height: 1100 }, locale: 'en-US', timezoneId: 'Asia/Shanghai' });
    const user = `demo-${unitId}`;
    const password = readCredentialsFile(credentialsPath(testConfig(), DEMO_CREDENTIALS_FILE))[user];
    const base = testConfig().engine.restUrl.replace(/\/engine-rest$/, '');
    await page.goto(`${base}/operaton/app/tasklist/default/`);
    await page.locator('input[ng-model="username"]').waitFor();
    // The login page in Chinese.
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(await page.getByPlaceholder('用户名').count()).toBe(1);
    expect(await page.getByPlaceholder('密码').count()).toBe(1);
    await page.screenshot({ path: path.join(RESULTS, 'tasklist-zh-login.png') });
    await submitTasklistLogin(page, user, password);
    return page;
  }

  test('the list shows each review task with its event number and title, by due date; 是 with a reason reaches the timeline with signer and +08:00 time', async () => {
    const first = await itemUnderReview('illegal-construction');
    const second = await itemUnderReview('road-occupation');
    // The second item is due first (an earlier due date set in Tasklist's "设置办理期限"): it must be listed first.
    const secondTask = await taskFor(CLERK_UNIT, second.number, 'UserTask_PreliminaryReviewGovernmentOffice');
    const firstTask = await taskFor(CLERK_UNIT, first.number, 'UserTask_PreliminaryReviewGovernmentOffice');
    expect(firstTask.due).not.toBeNull();
    const earlier = new Date(new Date(firstTask.due as string).getTime() - 86_400_000);
    await adminEngine().put(`/task/${secondTask.id}`, { name: secondTask.name, priority: 50, due: earlier.toISOString().replace('Z', '+0000') });

    const page = await signIn(CLERK_UNIT);
    try {
      await listAndReview(page, { ...first, due: firstTask.due as string }, { ...second, due: earlier.toISOString() });
    } catch (err) {
      await page.screenshot({ path: path.join(RESULTS, 'tasklist-zh-failure.png'), fullPage: true });
      throw err;
    }

    // The centre operator reads the event's timeline: the decision, the reason, who signed, when (Beijing time).
    const res = await request(app).get(`/api/events/${first.number}`).set('authorization', demoAuthHeader(CENTRE));
    expect(res.status).toBe(200);
    const review = (res.body.timeline as Array<Record<string, unknown>>).find((e) => e.activityId === 'UserTask_PreliminaryReviewGovernmentOffice' && e.reason);
    expect(review).toMatchObject({ label: '区府办初审', decision: '同意列为会商', reason: reasonFor(first.number), by: { user: 'demo-government-office', signer: '区府办王主任', unit: { id: 'government-office', name: '区府办' } } });
    expect(review?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+08:00$/);
    expect(review?.endedAt).toMatch(/\+08:00$/);
  }, 300_000);

  const reasonFor = (number: string) => `区府办意见：涉及多部门职责，需联席会议商定（${number}）`;

  /** How Tasklist writes a date in Chinese (zh.json: LLL = YYYY年M月D日 HH:mm), in Beijing time. */
  function chineseDateTime(instant: string): string {
    const t = new Date(new Date(instant).getTime() + 8 * 3_600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
  }

  type Listed = { number: string; title: string; due: string };

  async function listAndReview(page: Page, first: Listed, second: Listed): Promise<void> {
    await page.getByText('区府办的任务').first().waitFor();
    // Most urgent first. Tasklist sorts by the address's `sorting` (it ignores the filter's own sorting
    // and defaults to 创建时间); the platform's custom script gives the list 到期日期 ascending by itself.
    await page.waitForURL((url) => decodeURIComponent(url.hash).includes('"sortBy":"dueDate","sortOrder":"asc"'));
    const firstName = `区府办初审：${first.number} ${first.title}`;
    const secondName = `区府办初审：${second.number} ${second.title}`;
    await page.getByText(firstName).first().waitFor();
    await page.getByText(secondName).first().waitFor();
    const listText = await page.locator('body').innerText();
    expect(listText.indexOf(secondName)).toBeLessThan(listText.indexOf(firstName));
    expect(listText).toMatch(/到期 \d+ 天后/);
    expect(listText).not.toMatch(/\b(Claim|Created|Follow-up|Due date)\b/);
    // Issue 10: under each task the list itself shows the filter's list variables (the engine's
    // task-local copies): event number, title, street and due date, each beside its label.
    for (const [item, name] of [[first, firstName], [second, secondName]] as const) {
      const card = page.locator('li.task', { hasText: name }).locator('[cam-tasklist-variables]');
      await card.getByText(item.number, { exact: true }).waitFor();
      const text = (await card.innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(`事件编号: ${item.number}`);
      expect(text).toContain(`事件标题: ${item.title}`);
      expect(text).toContain('所属街道: 长河街道');
      expect(text).toContain(`办理期限: ${chineseDateTime(item.due)}`);
      // Visible in the list, not folded away behind Tasklist's "show more" shutter.
      const details = page.locator('li.task', { hasText: name }).locator('.task-card-details');
      expect(await details.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
      await card.getByText('长河街道', { exact: true }).waitFor({ state: 'visible' });
    }
    await page.screenshot({ path: path.join(RESULTS, 'tasklist-zh-list.png'), fullPage: true });

    // Open the first item's task from the list, claim it, say 是 with a reason.
    await page.getByText(firstName).first().click();
    await page.getByRole('button', { name: '认领' }).click();
    const reason = reasonFor(first.number);
    await page.getByLabel('是', { exact: true }).check();
    // Issue 10: each option's label sits beside its control (styles/user-styles.css), not under it.
    const option = page.locator('.fjs-inline-label', { has: page.getByLabel('是', { exact: true }) }).first();
    const control = (await option.locator('input').boundingBox())!;
    const label = (await option.locator('label').boundingBox())!;
    expect(label.x).toBeGreaterThan(control.x + control.width - 1);
    expect(Math.abs(label.y + label.height / 2 - (control.y + control.height / 2))).toBeLessThan(control.height);
    // (A required field's accessible name ends in the star form-js draws after its label.)
    await page.getByLabel(/^理由\*?$/).fill(reason);
    await page.getByLabel('已加盖单位公章').check();
    await page.getByLabel('负责人签名').fill('区府办王主任');
    const date = page.getByLabel('日期');
    await date.fill('11/05/2026');
    await date.press('Enter');
    await page.screenshot({ path: path.join(RESULTS, 'tasklist-zh-review-form.png'), fullPage: true });
    await page.getByRole('button', { name: '办结' }).click();
    // Completed: the task leaves the unit's list.
    await page.getByText(firstName).first().waitFor({ state: 'detached' });
    await page.getByText(secondName).first().waitFor();
    await page.screenshot({ path: path.join(RESULTS, 'tasklist-zh-after-complete.png'), fullPage: true });
    await page.close();
  }
});
