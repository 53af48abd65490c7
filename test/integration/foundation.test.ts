import type { DataSource } from 'typeorm';
import { NoticeEntity } from '../../src/db/entities/index.js';
import { EngineError } from '../../src/engine/engine-client.js';
import { deployModels, UnsafeModelError } from '../../src/engine/deployment.js';
import { loadOrgChart } from '../../src/identity/org-chart.js';
import { filterName, syncIdentity } from '../../src/identity/sync-identity.js';
import { credentialsPath, DEMO_CREDENTIALS_FILE, readCredentialsFile, resolveAdminPassword } from '../../src/credentials.js';
import type { Worker } from '../../workers/runner.js';
import type { TopicDefinition } from '../../workers/topic.js';
import { variables } from '../../src/engine/variables.js';
import { reportEvent } from './support/events.js';
import { adminEngine, openTestDatabase, startWorkers, testConfig, uniqueKey, unitEngine, waitFor } from './support/platform.js';

const engineBase = () => testConfig().engine.restUrl.replace(/\/engine-rest$/, '');

describe('the engine is secure by default', () => {
  test('an anonymous REST call is refused with 401, the admin gets 200', async () => {
    const { restUrl } = testConfig().engine;
    expect((await fetch(`${restUrl}/engine`)).status).toBe(401);
    expect((await fetch(`${restUrl}/process-definition`)).status).toBe(401);
    await expect(adminEngine().get('/engine')).resolves.toEqual([{ name: 'default' }]);
  });

  test('a wrong password is refused', async () => {
    // (A wrong password locks the user for a few seconds: use a user no other test signs in as.)
    const wrong = adminEngine().as({ user: 'demo-legal-office', password: 'not-the-password' });
    await expect(wrong.get('/task')).rejects.toMatchObject({ httpStatus: 401 });
  });

  test('Tasklist, Cockpit and Admin pages are served', async () => {
    for (const app of ['tasklist', 'cockpit', 'admin']) {
      const res = await fetch(`${engineBase()}/operaton/app/${app}/default/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<html');
    }
  });

  test('the admin setup page is closed once the admin exists', async () => {
    const res = await fetch(`${engineBase()}/operaton/api/admin/setup/default/user/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ profile: { id: 'intruder' }, credentials: { password: 'intruder-pass' } }),
    });
    expect(res.status).toBe(403);
    await expect(adminEngine().get('/user/intruder/profile')).rejects.toMatchObject({ httpStatus: 404 });
  });

  test('a model with a script task is refused before it reaches the engine', async () => {
    const before = await adminEngine().get<{ count: number }>('/deployment/count');
    const xml = `<?xml version="1.0"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
      <process id="evil" isExecutable="true"><scriptTask id="Run" scriptFormat="javascript"><script>java.lang.Runtime.getRuntime()</script></scriptTask></process></definitions>`;
    await expect(deployModels(adminEngine(), [{ name: 'evil.bpmn', content: xml }])).rejects.toBeInstanceOf(UnsafeModelError);
    expect(await adminEngine().get('/deployment/count')).toEqual(before);
  });
});

describe('the org chart is loaded into the engine', () => {
  const chart = loadOrgChart();

  test('every unit is an engine group with a Tasklist filter of its own', async () => {
    const engine = adminEngine();
    for (const unit of chart.units) {
      await expect(engine.get(`/group/${unit.id}`)).resolves.toMatchObject({ id: unit.id, name: unit.name });
      const filters = await engine.get<Array<{ query: { candidateGroup: string } }>>('/filter', { resourceType: 'Task', name: filterName(unit) });
      expect(filters).toHaveLength(1);
      expect(filters[0].query.candidateGroup).toBe(unit.id);
    }
  });

  test('a unit user sees its own filter and not another unit’s', async () => {
    const names = (await unitEngine('urban-management').get<Array<{ name: string }>>('/filter')).map((f) => f.name);
    expect(names).toEqual(['区城管局的任务']);
  });

  test('loading the org chart again changes nothing (idempotent)', async () => {
    const engine = adminEngine();
    const count = async () => ({
      groups: await engine.get('/group/count'),
      filters: await engine.get('/filter/count'),
      authorizations: await engine.get('/authorization/count'),
      users: await engine.get('/user/count'),
    });
    const before = await count();
    const config = testConfig();
    const demoPasswords = readCredentialsFile(credentialsPath(config, DEMO_CREDENTIALS_FILE));
    await syncIdentity(engine, chart, { adminPassword: resolveAdminPassword(config), demoPasswords });
    expect(await count()).toEqual(before);
  });

  test('centre operators see running instances and incidents (what Cockpit shows); a department sees none', async () => {
    const engine = adminEngine();
    const businessKey = uniqueKey('COCKPIT-CHECK');
    const started = await engine.processes.start('event-handling', {
      businessKey,
      variables: variables({ eventNumber: businessKey, category: 'manhole-cover', acceptGroups: 'linkage-centre' }),
    });
    const centre = unitEngine('linkage-centre');
    expect((await centre.processes.list({ businessKey })).map((p) => p.id)).toEqual([started.id]);
    await expect(centre.get('/incident')).resolves.toEqual(expect.any(Array));
    const department = unitEngine('urban-management');
    expect((await department.get<{ count: number }>('/process-instance/count', { processDefinitionKey: 'event-handling' })).count).toBe(0);
  });

  test('only process administrators may deploy', async () => {
    const form = new FormData();
    form.set('deployment-name', 'not-allowed');
    form.set('x.bpmn', new Blob(['<definitions/>']), 'x.bpmn');
    await expect(unitEngine('linkage-centre').postForm('/deployment/create', form)).rejects.toMatchObject({ httpStatus: 403 });
  });
});

describe('the first process runs through the whole chain', () => {
  let db: DataSource;
  let worker: Worker;
  beforeAll(async () => {
    db = await openTestDatabase();
    worker = startWorkers(db);
  });
  afterAll(async () => {
    await worker.stop();
    await db.destroy();
  });

  test('a centre user completes the acceptance task, the worker notifies, the process ends', async () => {
    const engine = adminEngine();
    const { number: businessKey, processInstanceId } = await reportEvent(db, 'manhole-cover');
    const started = { id: processInstanceId };

    const centre = unitEngine('linkage-centre');
    type Task = { id: string; taskDefinitionKey: string; operatonFormRef: { key: string; binding: string } };
    const tasks = await waitFor(async () => {
      const found = await centre.get<Task[]>('/task', { processInstanceBusinessKey: businessKey });
      return found.length > 0 ? found : undefined;
    }, 'the acceptance task');
    expect(tasks).toHaveLength(1);
    expect(tasks[0].taskDefinitionKey).toBe('UserTask_AcceptEvent');
    expect(tasks[0].operatonFormRef).toMatchObject({ key: 'accept-event', binding: 'deployment' });
    const form = await centre.get<{ id: string; components: unknown[] }>(`/task/${tasks[0].id}/deployed-form`);
    expect(form.id).toBe('accept-event');

    // Another unit does not see the task, and cannot complete it.
    const other = unitEngine('urban-management');
    expect(await other.get('/task', { processInstanceBusinessKey: businessKey })).toEqual([]);
    await expect(other.post(`/task/${tasks[0].id}/complete`, { variables: {} })).rejects.toMatchObject({ httpStatus: 403 });

    await centre.post(`/task/${tasks[0].id}/complete`, { variables: { acceptDecision: { value: 'reject' }, rejectReason: { value: '重复上报' } } });

    const ended = await waitFor(
      async () => {
        const h = await engine.get<{ state: string }>(`/history/process-instance/${started.id}`);
        return h.state === 'COMPLETED' ? h : undefined;
      },
      'the process to end',
    );
    expect(ended.state).toBe('COMPLETED');
    const ends = await engine.get<Array<{ activityId: string }>>('/history/activity-instance', { processInstanceId: started.id, activityType: 'noneEndEvent' });
    expect(ends.map((a) => a.activityId)).toEqual(['EndEvent_Rejected']);
    const notices = await db.getRepository(NoticeEntity).findBy({ eventNumber: businessKey });
    expect(notices.map((n) => n.template)).toEqual(['event-rejected']);
  });
});

describe('a failing handler ends in an incident, not an endless refetch', () => {
  const failingTopic: TopicDefinition & { calls: number } = {
    topic: 'test-always-fails',
    label: '测试',
    description: 'always throws',
    variables: [],
    calls: 0,
    async handle() {
      failingTopic.calls += 1;
      throw new Error('the SMTP server refused the connection');
    },
  };

  test('after its retries run out the engine shows an incident with the handler’s message', async () => {
    const engine = adminEngine();
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="test-failing" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="S"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="ServiceTask_Fails" camunda:type="external" camunda:topic="test-always-fails"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="E"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="ServiceTask_Fails"/><bpmn:sequenceFlow id="f2" sourceRef="ServiceTask_Fails" targetRef="E"/>
  </bpmn:process></bpmn:definitions>`;
    await deployModels(engine, [{ name: 'test-failing.bpmn', content: xml }], 'test-failing');
    const db = await openTestDatabase();
    const worker = startWorkers(db, [failingTopic], { retries: 3 });
    try {
      const started = await engine.post<{ id: string }>('/process-definition/key/test-failing/start', {});
      const incidents = await waitFor(
        async () => {
          const found = await engine.get<Array<{ incidentType: string; incidentMessage: string }>>('/incident', { processInstanceId: started.id });
          return found.length > 0 ? found : undefined;
        },
        'an incident',
      );
      expect(incidents[0].incidentType).toBe('failedExternalTask');
      expect(incidents[0].incidentMessage).toContain('SMTP server refused');
      const [task] = await engine.get<Array<{ retries: number }>>('/external-task', { processInstanceId: started.id });
      expect(task.retries).toBe(0);
      // With retries at 0 the engine no longer hands the task out: exactly 3 attempts were made.
      const fetched = await engine.post<unknown[]>('/external-task/fetchAndLock', {
        workerId: 'probe',
        maxTasks: 1,
        topics: [{ topicName: 'test-always-fails', lockDuration: 1000 }],
      });
      expect(fetched).toEqual([]);
      expect(failingTopic.calls).toBe(3);
    } finally {
      await worker.stop();
      await db.destroy();
    }
  });
});

test('EngineError carries the HTTP status', () => {
  expect(new EngineError('x', 404).httpStatus).toBe(404);
});

describe('the typed engine facade', () => {
  const PROCESS = 'facade-check';
  const xml = `<?xml version="1.0"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="x">
    <process id="${PROCESS}" name="接口检查" isExecutable="true" camunda:historyTimeToLive="P1D">
      <startEvent id="Start" /><sequenceFlow id="f1" sourceRef="Start" targetRef="Wait" />
      <userTask id="Wait" name="等待" camunda:candidateGroups="linkage-centre" /><sequenceFlow id="f2" sourceRef="Wait" targetRef="End" />
      <endEvent id="End" />
    </process></definitions>`;

  test('writes every variable type the way the engine reads it, reads them back, and completes a task', async () => {
    const engine = adminEngine();
    const deployment = await engine.deployments.create({ name: 'facade-check', source: 'test', files: [{ name: `${PROCESS}.bpmn`, content: xml }] });
    expect(Object.values(deployment.deployedProcessDefinitions ?? {}).map((d) => d.key)).toEqual([PROCESS]);
    const businessKey = uniqueKey('FACADE');
    const dueAt = new Date('2026-12-07T09:30:00.000Z');
    const started = await engine.processes.start(PROCESS, {
      businessKey,
      variables: variables({ title: '井盖缺失', round: 2, big: 2 ** 40, ratio: 1.5, urgent: true, dueAt }),
    });
    await engine.processes.setVariables(started.id, variables({ note: '已核实' }));

    const vars = await engine.processes.variables(started.id);
    expect([vars.string('title'), vars.integer('round'), vars.number('big'), vars.number('ratio'), vars.boolean('urgent'), vars.string('note')]).toEqual([
      '井盖缺失',
      2,
      2 ** 40,
      1.5,
      true,
      '已核实',
    ]);
    expect(vars.date('dueAt').toISOString()).toBe(dueAt.toISOString());
    expect(await engine.processes.variable(started.id, 'dueAt')).toMatchObject({ type: 'Date' });
    expect(await engine.processes.variable(started.id, 'big')).toMatchObject({ type: 'Long', value: 2 ** 40 });

    const [task] = await engine.tasks.list({ processInstanceBusinessKey: businessKey });
    expect(task).toMatchObject({ taskDefinitionKey: 'Wait', name: '等待', processInstanceId: started.id });
    await engine.tasks.claim(task.id, 'demo-linkage-centre');
    await engine.tasks.complete(task.id, variables({ done: true }));

    expect(await engine.history.processInstance(started.id)).toMatchObject({ businessKey, state: 'COMPLETED' });
    const ended = await engine.history.activityInstances({ processInstanceId: started.id, activityType: 'noneEndEvent' });
    expect(ended.map((a) => a.activityId)).toEqual(['End']);
    const history = await engine.history.variables({ processInstanceId: started.id });
    expect([history.boolean('done'), history.integer('round')]).toEqual([true, 2]);
    const tasks = await engine.history.taskInstances({ processInstanceId: started.id });
    expect(tasks.map((t) => [t.taskDefinitionKey, t.assignee])).toEqual([['Wait', 'demo-linkage-centre']]);
  });

  test('what does not exist is undefined, not an error', async () => {
    const engine = adminEngine();
    expect(await engine.definitions.process('no-such-definition')).toBeUndefined();
    expect(await engine.history.processInstance('no-such-instance')).toBeUndefined();
    expect(await engine.identity.group('no-such-group')).toBeUndefined();
    expect(await engine.identity.group('linkage-centre')).toMatchObject({ id: 'linkage-centre', name: '区社会治理联动指挥中心' });
    // (A wrong password would lock a real user for seconds: ask about one that does not exist.)
    expect(await engine.identity.verify('no-such-facade-user', 'any-password')).toBe(false);
  });
});
