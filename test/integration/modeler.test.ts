import fs from 'node:fs';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { credentialsPath, DEMO_CREDENTIALS_FILE, readCredentialsFile } from '../../src/credentials.js';
import { variables } from '../../src/engine/variables.js';
import { silentLogger } from '../../src/logger.js';
import { adminEngine, openTestDatabase, testConfig, testContext } from './support/platform.js';

// Issue 5: the web modeler's API. Deploying is for process administrators only, checked on the
// server; a model failing the lint rules is refused with its problems; an accepted deployment
// creates a new version in the real engine.
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const demoPassword = (user: string) => {
  const password = readCredentialsFile(credentialsPath(testConfig(), DEMO_CREDENTIALS_FILE))[user];
  if (!password) throw new Error(`no demo password for ${user}`);
  return password;
};

const PROCESS_KEY = 'modeler-api-test';
/** The event process under a key of its own, so that this test does not add versions of the real one. */
function testModel(taskName = '受理事件'): string {
  const xml = fs.readFileSync('processes/event-handling.bpmn', 'utf8').replaceAll('"event-handling"', `"${PROCESS_KEY}"`);
  return xml.replace(/(<bpmn:userTask id="UserTask_AcceptEvent" name=")[^"]*"/, `$1${taskName}"`);
}

describe('the modeler API deploys only for process administrators and only models that pass the checks', () => {
  let db: DataSource;
  let app: ReturnType<typeof createApp>;
  let admin: string;
  let nonAdmin: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });
    admin = basic('demo-process-admin', demoPassword('demo-process-admin'));
    nonAdmin = basic('demo-linkage-centre', demoPassword('demo-linkage-centre'));
  });
  afterAll(async () => {
    await db.destroy();
  });
  const afterCount: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const undo of afterCount.splice(0)) await undo();
  });
  const deploy = (auth: string | undefined, files: Array<{ name: string; content: string }>) => {
    const req = request(app).post('/api/modeler/deploy').send({ files });
    return auth ? req.set('authorization', auth) : req;
  };

  test('without sign-in the deploy is refused with 401', async () => {
    const res = await deploy(undefined, [{ name: `${PROCESS_KEY}.bpmn`, content: testModel() }]);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic/);
    // (A wrong password locks the user for a few seconds: use a user no other test signs in as.)
    const wrong = await deploy(basic('no-such-modeler-user', 'wrong-password') /* a wrong password locks a real user for seconds */, [{ name: `${PROCESS_KEY}.bpmn`, content: testModel() }]);
    expect(wrong.status).toBe(401);
  });

  test('the page’s own requests get no browser login dialog (no WWW-Authenticate)', async () => {
    const res = await request(app).get('/api/modeler/session').set('x-requested-with', 'XMLHttpRequest');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  test('a signed-in user who is not a process administrator is refused with 403', async () => {
    const res = await deploy(nonAdmin, [{ name: `${PROCESS_KEY}.bpmn`, content: testModel() }]);
    expect(res.status).toBe(403);
    const session = await request(app).get('/api/modeler/session').set('authorization', nonAdmin);
    expect(session.body).toMatchObject({ user: 'demo-linkage-centre', isProcessAdmin: false });
  });

  test('a malformed request is 400 VALIDATION_FAILED with one { field, message } per problem, like the intake API', async () => {
    const res = await request(app).post('/api/modeler/lint').set('authorization', nonAdmin).send({ files: [{ name: 'x.bpmn' }] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'VALIDATION_FAILED', message: '请求内容有误', details: [{ field: 'files.0.content', message: '必填' }] });
    const draft = await request(app).get('/api/modeler/drafts/abc').set('authorization', admin);
    expect(draft.status).toBe(400);
    expect(draft.body).toEqual({ error: 'VALIDATION_FAILED', message: '请求内容有误', details: [{ field: 'id', message: '草稿编号无效' }] });
  });

  test('a model with a script task is refused with 422 and the problems, in Chinese, and nothing is deployed', async () => {
    const before = await adminEngine().get<{ count: number }>('/deployment/count');
    const xml = testModel().replace(
      '</bpmn:process>',
      '<bpmn:scriptTask id="ScriptTask_Evil" name="脚本" scriptFormat="javascript"><bpmn:script>java.lang.System.exit(1)</bpmn:script></bpmn:scriptTask></bpmn:process>',
    );
    const res = await deploy(admin, [{ name: `${PROCESS_KEY}.bpmn`, content: xml }]);
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('LINT_FAILED');
    expect(res.body.problems).toContainEqual(
      expect.objectContaining({ file: `${PROCESS_KEY}.bpmn`, element: 'ScriptTask_Evil', rule: 'linkage/no-scripts', category: 'error', message: expect.stringContaining('不允许脚本任务') }),
    );
    expect(await adminEngine().get('/deployment/count')).toEqual(before);
  });

  test('an unknown topic and an unknown candidate group are refused too', async () => {
    const xml = testModel().replace('camunda:candidateGroups="linkage-centre"', 'camunda:candidateGroups="no-such-unit"');
    const res = await deploy(admin, [{ name: `${PROCESS_KEY}.bpmn`, content: xml }]);
    expect(res.status).toBe(422);
    expect(res.body.problems.map((p: { rule: string }) => p.rule)).toContain('linkage/candidate-groups');
  });

  test('an administrator deploys: the engine has the new version, with the forms it references in the same deployment', async () => {
    const engine = adminEngine();
    const first = await deploy(admin, [{ name: `${PROCESS_KEY}.bpmn`, content: testModel('受理事件（第一版）') }]);
    expect(first.status).toBe(201);
    const v1 = first.body.processDefinitions.find((d: { key: string }) => d.key === PROCESS_KEY);
    // The test key is new in this run's throwaway engine.
    expect(v1.version).toBe(1);
    expect(first.body.files).toEqual(expect.arrayContaining([`${PROCESS_KEY}.bpmn`, 'accept-event.form']));
    const resources = await engine.get<Array<{ name: string }>>(`/deployment/${first.body.id}/resources`);
    expect(resources.map((r) => r.name)).toEqual(expect.arrayContaining([`${PROCESS_KEY}.bpmn`, 'accept-event.form']));

    // Unchanged: duplicate-filtered, no new version.
    const again = await deploy(admin, [{ name: `${PROCESS_KEY}.bpmn`, content: testModel('受理事件（第一版）') }]);
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);

    const second = await deploy(admin, [{ name: `${PROCESS_KEY}.bpmn`, content: testModel('受理事件（改名）') }]);
    expect(second.status).toBe(201);
    const v2 = second.body.processDefinitions.find((d: { key: string }) => d.key === PROCESS_KEY);
    expect(v2.version).toBe(v1.version + 1);
    const [latest] = await engine.get<Array<{ id: string; version: number }>>('/process-definition', { key: PROCESS_KEY, latestVersion: true });
    expect(latest.version).toBe(v2.version);
    const { bpmn20Xml } = await engine.get<{ bpmn20Xml: string }>(`/process-definition/${latest.id}/xml`);
    expect(bpmn20Xml).toContain('受理事件（改名）');
    const resources2 = await engine.get<Array<{ name: string }>>(`/deployment/${second.body.id}/resources`);
    expect(resources2.map((r) => r.name)).toContain('accept-event.form');
  });

  test('the open list shows versions with running-instance and incident counts', async () => {
    const running = await adminEngine().processes.start(PROCESS_KEY, {
      businessKey: 'MODELER-COUNT',
      variables: variables({ eventNumber: 'MODELER-COUNT', category: 'manhole-cover', acceptGroups: 'linkage-centre' }),
    });
    // Only for the count: no worker of a later test file should meet it.
    afterCount.push(() => adminEngine().processes.delete(running.id));
    const res = await request(app).get('/api/modeler/definitions').set('authorization', admin);
    expect(res.status).toBe(200);
    const versions = res.body.processes.filter((p: { key: string }) => p.key === PROCESS_KEY);
    // Two versions (the unchanged redeploy made none), newest first; one instance runs on the newest.
    expect(versions.map((v: { version: number; instances: number; incidents: number }) => [v.version, v.instances, v.incidents])).toEqual([
      [2, 1, 0],
      [1, 0, 0],
    ]);
    expect(res.body.forms.map((f: { name: string }) => f.name)).toContain('accept-event.form');
    const xml = await request(app).get(`/api/modeler/definitions/process/${versions[0].id}`).set('authorization', admin);
    expect(xml.body.content).toContain('<bpmn:definitions');
    const latest = await request(app).get(`/api/modeler/definitions/process-key/${PROCESS_KEY}/latest`).set('authorization', admin);
    expect(latest.body.version).toBe(versions[0].version);
  });

  test('repository files, element templates and lint are available to signed-in users', async () => {
    const files = await request(app).get('/api/modeler/files').set('authorization', nonAdmin);
    expect(files.body).toContainEqual({ dir: 'processes', name: 'event-handling.bpmn', kind: 'bpmn' });
    const file = await request(app).get('/api/modeler/files/processes/event-handling.bpmn').set('authorization', nonAdmin);
    expect(file.body.content).toContain('event-handling');
    expect((await request(app).get('/api/modeler/files/processes/..%2Fpackage.json').set('authorization', nonAdmin)).status).toBe(400);

    const templates = await request(app).get('/api/modeler/element-templates?download').set('authorization', nonAdmin);
    expect(templates.headers['content-disposition']).toContain('linkage-element-templates.json');
    expect(templates.body.map((t: { name: string }) => t.name)).toContain('发送通知');

    const lint = await request(app)
      .post('/api/modeler/lint')
      .set('authorization', nonAdmin)
      .send({ files: [{ name: 'x.bpmn', content: testModel().replace('camunda:topic="event-notify"', 'camunda:topic="no-such-topic"') }] });
    expect(lint.body.problems).toContainEqual(expect.objectContaining({ rule: 'linkage/registered-topic', category: 'error' }));
  });

  test('drafts are saved with author and time, listed, exported and deleted — by administrators only', async () => {
    const created = await request(app).post('/api/modeler/drafts').set('authorization', admin).send({ fileName: `${PROCESS_KEY}.bpmn`, content: testModel('草稿'), note: '改名试试' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ fileName: `${PROCESS_KEY}.bpmn`, kind: 'bpmn', author: 'demo-process-admin', note: '改名试试' });
    const list = await request(app).get('/api/modeler/drafts').set('authorization', admin);
    expect(list.body[0]).toMatchObject({ id: created.body.id, author: 'demo-process-admin' });
    expect(list.body[0].content).toBeUndefined();
    const updated = await request(app).put(`/api/modeler/drafts/${created.body.id}`).set('authorization', admin).send({ fileName: `${PROCESS_KEY}.bpmn`, content: testModel('草稿二') });
    expect(updated.body.content).toContain('草稿二');
    const exported = await request(app)
      .get(`/api/modeler/drafts/${created.body.id}?download`)
      .set('authorization', admin)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    expect(exported.headers['content-disposition']).toContain(`${PROCESS_KEY}.bpmn`);
    expect(exported.body).toContain('草稿二');
    expect((await request(app).get('/api/modeler/drafts').set('authorization', nonAdmin)).status).toBe(403);
    expect((await request(app).delete(`/api/modeler/drafts/${created.body.id}`).set('authorization', admin)).status).toBe(204);
    expect((await request(app).get(`/api/modeler/drafts/${created.body.id}`).set('authorization', admin)).status).toBe(404);
  });
});
