import crypto from 'node:crypto';
import fs from 'node:fs';
import type { DataSource } from 'typeorm';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { credentialsPath, DEMO_CREDENTIALS_FILE, readCredentialsFile, resolveAdminPassword } from '../../src/credentials.js';
import { EventEntity, NoticeEntity } from '../../src/db/entities/index.js';
import { developmentIntakeKeys } from '../../src/events/api-keys.js';
import { eraseExpiredReporterData } from '../../src/events/retention.js';
import { Resource } from '../../src/identity/engine-permissions.js';
import type { Logger } from '../../src/logger.js';
import { silentLogger } from '../../src/logger.js';
import type { Worker } from '../../workers/runner.js';
import { complete, endedAt, taskFor } from './support/events.js';
import { adminEngine, openTestDatabase, startWorkers, testConfig, testContext, uniqueKey, waitFor } from './support/platform.js';

/**
 * Issue 13 on the real engine and the real app database: password guessing slowed by the engine
 * (the platform's sign-in included), the audit trail of deployments with who deployed each version,
 * and reporters' personal data kept out of engine history, logs and other units' notices. The flood
 * (point 1) has a file of its own: flood.test.ts.
 */
let db: DataSource;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const demoPassword = (user: string) => readCredentialsFile(credentialsPath(testConfig(), DEMO_CREDENTIALS_FILE))[user] as string;
const adminAuth = () => basic(testConfig().engine.adminUser, resolveAdminPassword(testConfig()));

function report(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalId: uniqueKey('SEC'),
    category: 'road-damage',
    title: '路面坑洼',
    description: '长河路中段路面坑洼，车辆经过颠簸。',
    location: { address: '长河街道长河路 200 号', street: '长河街道' },
    reportedAt: new Date(Date.now() - 60_000).toISOString(),
    ...overrides,
  };
}

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

describe('password guessing is slowed down by the engine, for its webapps, its REST API and the platform sign-in', () => {
  test('after a wrong password even the right one is refused for a while, through the API and the engine REST alike; then accepted', async () => {
    const engine = adminEngine();
    const user = `sec-guess-${process.pid}-${Date.now() % 100000}`;
    const password = crypto.randomBytes(12).toString('base64url');
    await engine.identity.createUser({ id: user, firstName: '测试', lastName: '用户', email: `${user}@example.invalid` }, password);
    const app = createApp({ config: testConfig(), db, engine, logger: silentLogger, context: testContext() });
    try {
      const session = (pw: string) => request(app).get('/api/modeler/session').set('Authorization', basic(user, pw));
      expect((await session('wrong-password')).status).toBe(401);
      // Locked for loginDelayBase = 3 s: the right password is refused too, by the API and by the engine.
      expect((await session(password)).status).toBe(401);
      expect(await engine.identity.verify(user, password)).toBe(false);
      await expect(engine.as({ user, password }).get(`/user/${user}/profile`)).rejects.toMatchObject({ httpStatus: 401 });
      const refusedUntil = Date.now();
      // After the delay the right password works again (polled, not slept).
      const ok = await waitFor(async () => (await session(password)).status === 200, 'the login delay to pass', 20_000);
      expect(ok).toBe(true);
      expect(Date.now() - refusedUntil).toBeLessThan(20_000);
    } finally {
      await engine.identity.deleteUser(user);
    }
  });

  test('wrong passwords for the platform\'s service account are refused by the API without reaching the engine, so guessing cannot lock it', async () => {
    const app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });
    const admin = testConfig().engine.adminUser;
    for (let i = 0; i < 3; i += 1) {
      expect((await request(app).get('/api/modeler/session').set('Authorization', basic(admin, `guess-${i}`))).status).toBe(401);
    }
    // Not locked: the right password works at once, in the API and in the engine.
    expect((await request(app).get('/api/modeler/session').set('Authorization', adminAuth())).status).toBe(200);
    expect(await adminEngine().identity.verify(admin, resolveAdminPassword(testConfig()))).toBe(true);
  });
});

describe('the engine webapps keep their CSRF protection', () => {
  test('a state-changing webapp API call without the XSRF token is refused with 403; the webapp hands out the token', async () => {
    const webapps = testConfig().engine.restUrl.replace(/\/engine-rest$/, '');
    const page = await fetch(`${webapps}/operaton/app/tasklist/default/`, { redirect: 'manual' });
    await page.arrayBuffer();
    expect(page.headers.getSetCookie().some((c) => c.startsWith('XSRF-TOKEN='))).toBe(true);
    const forged = await fetch(`${webapps}/operaton/api/admin/auth/user/default/logout`, { method: 'POST' });
    await forged.arrayBuffer();
    expect(forged.status).toBe(403);
    expect(forged.headers.get('x-xsrf-token')).toBe('Required');
  });
});

describe('the audit trail: every deployment with who, when, from where, which files and their hashes', () => {
  test('start-up recorded its deployment with each file\'s SHA-256, the org-chart sync and the units\' authorizations', async () => {
    const app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });
    const startUp = await request(app).get('/api/admin/audit').query({ action: 'deployment', actor: testConfig().engine.adminUser, pageSize: 200 }).set('Authorization', adminAuth());
    expect(startUp.status).toBe(200);
    const first = startUp.body.items.find((i: { source: string }) => i.source === 'start-up');
    const expected = crypto.createHash('sha256').update(fs.readFileSync('processes/event-handling.bpmn', 'utf8'), 'utf8').digest('hex');
    expect(first.detail.files).toContainEqual({ name: 'event-handling.bpmn', sha256: expected });
    const sync = await request(app).get('/api/admin/audit').query({ action: 'org-chart.sync' }).set('Authorization', adminAuth());
    expect(sync.body.items[0]).toMatchObject({ source: 'start-up', detail: { units: testContext().orgChart.units.length } });
    const grants = await request(app).get('/api/admin/audit').query({ action: 'authorization.changed', subject: 'process-admin', pageSize: 200 }).set('Authorization', adminAuth());
    expect(grants.body.items.map((i: { detail: unknown }) => i.detail)).toContainEqual({
      groupId: 'process-admin',
      change: 'created',
      resourceType: Resource.DEPLOYMENT,
      resourceId: '*',
      permissions: ['ALL'],
    });
  });

  test('a modeler deployment is listed for administrators with its deployer, files and hashes; the modeler shows who deployed the version', async () => {
    const app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });
    const name = `审计探针 ${uniqueKey('P')}`;
    const content = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Definitions_SecAuditProbe" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="sec-audit-probe" name="${name}" isExecutable="true" camunda:historyTimeToLive="P30D">
    <bpmn:startEvent id="StartEvent_Probe" name="开始"><bpmn:outgoing>Flow_Probe</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_Probe" sourceRef="StartEvent_Probe" targetRef="EndEvent_Probe" />
    <bpmn:endEvent id="EndEvent_Probe" name="结束"><bpmn:incoming>Flow_Probe</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_Probe">
    <bpmndi:BPMNPlane id="BPMNPlane_Probe" bpmnElement="sec-audit-probe">
      <bpmndi:BPMNShape id="Shape_Start" bpmnElement="StartEvent_Probe"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Shape_End" bpmnElement="EndEvent_Probe"><dc:Bounds x="200" y="100" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Edge_Flow" bpmnElement="Flow_Probe"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
    const processAdmin = basic('demo-process-admin', demoPassword('demo-process-admin'));
    const deployed = await request(app).post('/api/modeler/deploy').set('Authorization', processAdmin).send({ files: [{ name: 'sec-audit-probe.bpmn', content }] });
    expect(deployed.status).toBe(201);

    const audit = await request(app).get('/api/admin/audit').query({ action: 'deployment', subject: deployed.body.id }).set('Authorization', adminAuth());
    expect(audit.status).toBe(200);
    expect(audit.body.items).toHaveLength(1);
    const entry = audit.body.items[0];
    expect(entry).toMatchObject({ actor: 'demo-process-admin', action: 'deployment', source: 'modeler', subject: deployed.body.id });
    expect(entry.detail.files).toEqual([{ name: 'sec-audit-probe.bpmn', sha256: crypto.createHash('sha256').update(content, 'utf8').digest('hex') }]);
    expect(Math.abs(Date.parse(entry.at) - Date.now())).toBeLessThan(60_000);

    // Admin-only: a process administrator may deploy but not read the trail; nobody anonymous.
    expect((await request(app).get('/api/admin/audit').set('Authorization', processAdmin)).status).toBe(403);
    expect((await request(app).get('/api/admin/audit')).status).toBe(401);

    const definitions = await request(app).get('/api/modeler/definitions').set('Authorization', processAdmin);
    const version = definitions.body.processes.find((p: { deploymentId: string }) => p.deploymentId === deployed.body.id);
    expect(version).toMatchObject({ key: 'sec-audit-probe', deployedBy: 'demo-process-admin' });
  });
});

describe('reporters\' names and phones stay out of engine variables, logs and other units\' notices', () => {
  let worker: Worker;
  const lines: string[] = [];
  const capture = (component: string): Logger => {
    const log = (level: string) => (msg: string, fields: Record<string, unknown> = {}) => lines.push(JSON.stringify({ level, component, msg, ...fields }));
    return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  };
  beforeAll(() => {
    worker = startWorkers(db, undefined, {}, capture('workers'));
  });
  afterAll(async () => {
    await worker.stop();
  });

  test('a closed event\'s reporter phone is in no engine history variable, no log line, no unit notice; retention then erases it', async () => {
    const phone = `139${String(Date.now()).slice(-8)}`;
    const name = '测试上报人甲';
    const app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: capture('api'), context: testContext() });
    const created = await request(app)
      .post('/api/events')
      .set('X-Api-Key', developmentIntakeKeys(testConfig()).get('web') as string)
      .send(report({ reporter: { name, phone } }));
    expect(created.status).toBe(201);
    const number = created.body.number as string;
    const row = await db.getRepository(EventEntity).findOneByOrFail({ number });
    const processInstanceId = row.processInstanceId as string;

    await complete('linkage-centre', number, 'UserTask_AcceptEvent', { acceptDecision: 'accept', grade: 'general' });
    await taskFor('urban-management', number, 'UserTask_HandleEvent');
    await complete('housing-bureau', number, 'UserTask_AssistHandling', { assistFeedback: '已配合' });
    await complete('urban-management', number, 'UserTask_HandleEvent', { handlingOutcome: 'completed', feedback: '已修复' });
    await complete('linkage-centre', number, 'UserTask_VerifyEvent', { resolved: 'yes', satisfaction: 5, verifyNote: '回访满意' });
    expect(await endedAt(processInstanceId)).toBe('EndEvent_Closed');
    const notices = () => db.getRepository(NoticeEntity).findBy({ eventNumber: number });
    await waitFor(async () => (await notices()).some((n) => n.template === 'event-closed' && n.recipient === 'reporter'), 'the closing notice to the reporter');

    // Positive control: the reporter's own notice has the phone (the SMS needs it).
    const all = await notices();
    expect(all.filter((n) => n.recipient === 'reporter').map((n) => (JSON.parse(n.payload) as { to: string }).to)).toContain(phone);

    // Engine history: every variable instance and every value ever set (history detail).
    const engine = adminEngine();
    const variables = await engine.get<unknown[]>('/history/variable-instance', { processInstanceId, deserializeValues: false });
    const details = await engine.get<unknown[]>('/history/detail', { processInstanceId, deserializeValues: false });
    expect(variables.length).toBeGreaterThan(10);
    expect(details.length).toBeGreaterThan(10);
    for (const text of [JSON.stringify(variables), JSON.stringify(details)]) {
      expect(text).not.toContain(phone);
      expect(text).not.toContain(name);
    }
    // The logs of this run (API and workers).
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.filter((l) => l.includes(phone) || l.includes(name))).toEqual([]);
    // Notices to units: none carries the reporter.
    const unitNotices = all.filter((n) => n.recipient !== 'reporter');
    expect(unitNotices.length).toBeGreaterThan(0);
    expect(unitNotices.filter((n) => n.payload.includes(phone) || n.payload.includes(name))).toEqual([]);
    // What staff read through the API is masked.
    const asCentre = await request(app).get(`/api/events/${number}`).set('Authorization', basic('demo-linkage-centre', demoPassword('demo-linkage-centre')));
    expect(asCentre.status).toBe(200);
    expect(asCentre.text).not.toContain(phone);
    expect(asCentre.body.reporter).toEqual({ name: '测*****', phone: `139****${phone.slice(-4)}` });

    // Seven months later the retention rule erases name and phone, from the event and the notice.
    const later = new Date(Date.now() + 214 * 86_400_000);
    const erased = await eraseExpiredReporterData(db, later, 6);
    expect(erased.events).toBeGreaterThanOrEqual(1);
    expect(await db.getRepository(EventEntity).findOneByOrFail({ number })).toMatchObject({ reporterName: null, reporterPhone: null, status: 'closed' });
    expect(JSON.stringify(await notices())).not.toContain(phone);
  });
});
