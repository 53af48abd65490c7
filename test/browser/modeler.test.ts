import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { credentialsPath, DEMO_CREDENTIALS_FILE, readCredentialsFile } from '../../src/credentials.js';
import { silentLogger } from '../../src/logger.js';
import { deployFromModeler } from '../../src/modeler/deploy.js';
import { startWebServer, stopWebServer } from '../../src/server.js';
import { adminEngine, openTestDatabase, testConfig, testContext, waitFor } from '../integration/support/platform.js';

// Issue 5, as a process administrator uses it: Debian's Chromium driven by playwright-core against
// the API running in-process on the run's real engine. The screenshot stays in test-results/.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RESULTS = path.resolve('test-results');
const NEW_NAME = '受理事件（浏览器改名）';

describe('a process administrator changes the event process in the web modeler', () => {
  let db: DataSource;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;
  let page: Page;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync('web-modeler/dist/index.html')) execFileSync(process.execPath, ['web-modeler/build.mjs'], { stdio: 'inherit' });
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
    db = await openTestDatabase();
    const started = await startWebServer({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() }, 0);
    server = started.server;
    baseUrl = `http://127.0.0.1:${started.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
    page.on('pageerror', (err) => console.error('page error:', err.message));
    // The page runs under the API's Content-Security-Policy (helmet): any violation is recorded.
    page.on('console', (msg) => {
      if (/Content.Security.Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
    fs.mkdirSync(RESULTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (server) await stopWebServer(server);
    // Leave the engine's newest event process as the repository has it, for the other tests.
    await deployFromModeler(adminEngine(), [{ name: 'event-handling.bpmn', content: fs.readFileSync('processes/event-handling.bpmn', 'utf8') }], testContext().orgChart);
    await db?.destroy();
  });

  const status = () => page.locator('#status');

  afterEach(async () => {
    await page?.screenshot({ path: path.join(RESULTS, 'modeler-last.png') }).catch(() => undefined);
  });

  test('sign in, open, rename, add a script task (refused), remove it, deploy, find the new version in the engine', async () => {
    const engine = adminEngine();
    const [before] = await engine.get<Array<{ version: number }>>('/process-definition', { key: 'event-handling', latestVersion: true });

    // Sign in as an administrator (the page is served with a Content-Security-Policy).
    const response = await page.goto(`${baseUrl}/modeler/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    const password = readCredentialsFile(credentialsPath(testConfig(), DEMO_CREDENTIALS_FILE))['demo-process-admin'];
    await page.fill('#login-user', 'demo-process-admin');
    await page.fill('#login-password', password);
    await page.click('#login-submit');
    await page.locator('#app').waitFor({ state: 'visible' });
    await page.locator('#user', { hasText: '流程管理员' }).waitFor();

    // Open the deployed event process (newest version first).
    await page.locator('.process-version[data-key="event-handling"] a').first().click();
    const acceptTask = page.locator('.djs-element[data-element-id="UserTask_AcceptEvent"]');
    await acceptTask.waitFor();
    await page.locator('#problem-count').waitFor();

    // The editors speak Chinese (issue 10): palette and context pad from bpmn-js-i18n-zh, the
    // properties panel with the project's words (办理人, 候选单位).
    expect(await page.locator('.djs-palette .entry[data-action="create.start-event"]').getAttribute('aria-label')).toBe('创建开始事件');
    expect(await page.locator('.djs-palette .entry[data-action="create.exclusive-gateway"]').getAttribute('aria-label')).toBe('创建网关');
    await acceptTask.click();
    expect(await page.locator('.djs-context-pad .entry[data-action="delete"]').getAttribute('title')).toBe('删除');
    await page.locator('#properties .bio-properties-panel-group-header-title', { hasText: '办理人' }).first().waitFor();
    await page.locator('#properties .bio-properties-panel-group-header-title', { hasText: '办理人' }).first().click();
    await page.locator('#properties .bio-properties-panel-label', { hasText: '候选单位' }).first().waitFor();
    expect(await page.locator('#properties .bio-properties-panel-group-header-title', { hasText: /^General$/ }).count()).toBe(0);
    await page.screenshot({ path: path.join(RESULTS, 'modeler-zh.png') });
    await page.keyboard.press('Escape');

    // Rename a task with direct editing on the diagram.
    await acceptTask.dblclick();
    const editing = page.locator('.djs-direct-editing-parent');
    await editing.waitFor({ state: 'visible' });
    await page.keyboard.press('Control+A');
    await page.keyboard.type(NEW_NAME);
    const box = (await page.locator('#editor').boundingBox())!;
    await page.mouse.click(box.x + 15, box.y + box.height - 15); // empty canvas: ends the editing
    await page.locator('.djs-element[data-element-id="UserTask_AcceptEvent"] text', { hasText: '浏览器改名' }).first().waitFor();

    // Add a script task: append a task from the context pad, change it into a script task.
    await acceptTask.click();
    await page.locator('.djs-context-pad .entry[data-action="append.append-task"]').click();
    await page.keyboard.press('Escape');
    await page.locator('.djs-context-pad .entry[data-action="replace"]').click();
    await page.locator('.djs-popup [data-id="replace-with-script-task"]').click();

    // The page's lint shows the problem on the diagram and in the list, in Chinese.
    const problem = page.locator('#problems li.error[data-rule="linkage/no-scripts"]');
    await problem.first().waitFor();
    expect(await problem.first().textContent()).toContain('不允许脚本任务');
    await page.locator('.bjsl-overlay').first().waitFor();
    await page.screenshot({ path: path.join(RESULTS, 'modeler-lint.png') });

    // The server refuses the deploy the same way.
    await page.click('#btn-deploy');
    await status().filter({ hasText: '部署被拒绝' }).waitFor();
    expect(await page.locator('#problems li.error[data-rule="linkage/no-scripts"]').count()).toBeGreaterThanOrEqual(2);

    // Remove the script task again.
    await problem.first().click();
    await page.locator('.djs-context-pad .entry[data-action="delete"]').click();
    await waitFor(async () => (await page.locator('#problems li.error').count()) === 0, 'the lint errors to go away');
    expect(await page.locator('.djs-element.djs-shape[data-element-id^="Activity_"]').count()).toBe(0);

    // Deploy: accepted, with the new version.
    await page.click('#btn-deploy');
    await status().filter({ hasText: '已部署' }).waitFor({ timeout: 30_000 });
    const text = (await status().textContent()) ?? '';
    const version = Number(/event-handling 版本 (\d+)/.exec(text)?.[1]);
    expect(version).toBe(before.version + 1);
    expect(await page.locator('#problems li.error').count()).toBe(0);

    // Compare with the deployed version: the same now.
    await page.click('#btn-compare');
    await page.locator('#diff li', { hasText: '与已部署版本相同' }).waitFor();

    await page.screenshot({ path: path.join(RESULTS, 'modeler.png') });

    // The version list names who deployed the new version (from the audit trail).
    await page.click('#btn-refresh');
    await page.locator(`.process-version[data-key="event-handling"][data-version="${version}"] .deployed-by`, { hasText: 'demo-process-admin' }).waitFor();
    expect(cspViolations).toEqual([]);

    // The engine has the new version with the new name.
    const [latest] = await engine.get<Array<{ id: string; version: number }>>('/process-definition', { key: 'event-handling', latestVersion: true });
    expect(latest.version).toBe(version);
    const { bpmn20Xml } = await engine.get<{ bpmn20Xml: string }>(`/process-definition/${latest.id}/xml`);
    expect(bpmn20Xml).toContain(NEW_NAME);
    expect(bpmn20Xml).not.toContain('scriptTask');
  });

  test('the decision table and form editors show their menus in Chinese (issue 10)', async () => {
    // Signed in by the test above; open a decision table and a form from the repository.
    await page.locator('#list-files a', { hasText: 'event-grading.dmn' }).click();
    // It opens on its decision requirements diagram: the palette speaks Chinese.
    await page.locator('.dmn-drd-container .djs-palette .entry[aria-label="创建决策"]').waitFor();
    expect(await page.locator('.dmn-drd-container .djs-palette .entry[aria-label="Create decision"]').count()).toBe(0);
    await page.screenshot({ path: path.join(RESULTS, 'modeler-dmn-zh.png') });
    await page.keyboard.press('Escape');

    await page.locator('#list-files a', { hasText: 'supervision-review-government-office.form' }).click();
    const palette = page.locator('.fjs-palette-container');
    await palette.locator('.fjs-palette-field', { hasText: '单选按钮组' }).waitFor();
    expect(await palette.locator('.fjs-palette-group-title', { hasText: '选择' }).count()).toBe(1);
    expect(await palette.locator('input.fjs-palette-search').getAttribute('placeholder')).toBe('搜索组件');
    expect(await palette.locator('.fjs-palette-field', { hasText: /^Text field$/ }).count()).toBe(0);
    // Select a field: its properties panel groups are Chinese too.
    await page.locator('.fjs-form-container .fjs-element').nth(1).click();
    await page.locator('.fjs-properties-container .bio-properties-panel-group-header-title', { hasText: '常规' }).first().waitFor();
    await page.screenshot({ path: path.join(RESULTS, 'modeler-form-zh.png') });
  });
});
