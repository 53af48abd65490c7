import request from 'supertest';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { credentialsPath, DEMO_CREDENTIALS_FILE, readCredentialsFile } from '../../src/credentials.js';
import { EventEntity, LedgerEntryEntity, NoticeEntity } from '../../src/db/entities/index.js';
import { createEngineClient } from '../../src/engine/engine-client.js';
import { developmentIntakeKeys } from '../../src/events/api-keys.js';
import type { ChannelId } from '../../src/events/channels.js';
import { EVENT_NUMBER_PATTERN } from '../../src/events/event-number.js';
import { assignEventUnits } from '../../src/events/event-units.js';
import { silentLogger } from '../../src/logger.js';
import { adminEngine, openTestDatabase, testConfig, testContext, uniqueKey } from './support/platform.js';

/**
 * The intake API against the run's real engine and app database: channels report with their key,
 * every event gets its number from one serial system and its own process; channels and staff read.
 */
let db: DataSource;
let app: Express;
let keys: Map<ChannelId, string>;
const startedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);

const key = (channel: ChannelId) => keys.get(channel) as string;

function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalId: uniqueKey('EXT'),
    category: 'manhole-cover',
    title: '人行道井盖缺失',
    description: '文一路与古墩路口东侧人行道井盖缺失，行人有踩空危险。',
    location: { address: '长河街道文一路 100 号', lat: 30.29, lng: 120.1, street: '长河街道', community: '长河社区', grid: '长河社区第一网格' },
    reporter: { name: '张三丰', phone: '13812345678' },
    attachments: ['https://files.example.gov.cn/p/1.jpg'],
    reportedAt: new Date(Date.now() - 60_000).toISOString(),
    ...overrides,
  };
}

function post(channel: ChannelId, payload: unknown) {
  // A patrol report carries its inspector's id (S4-4.6; test/integration/street-patrol.test.ts checks the rule).
  const withInspector = channel === 'patrol' && payload && typeof payload === 'object' && !('inspectorId' in payload) ? { ...payload, inspectorId: 'XC-0101' } : payload;
  return request(app).post('/api/events').set('X-Api-Key', key(channel)).send(withInspector as object);
}

function demoLogin(unitId: string): [string, string] {
  const user = `demo-${unitId}`;
  const password = readCredentialsFile(credentialsPath(testConfig(), DEMO_CREDENTIALS_FILE))[user];
  if (!password) throw new Error(`no demo password for ${user}`);
  return [user, password];
}

async function rowsFor(channel: string, externalId: string): Promise<number> {
  return db.getRepository(EventEntity).countBy({ channel, externalId });
}

async function instancesFor(businessKey: string): Promise<number> {
  return (await adminEngine().get<{ count: number }>('/history/process-instance/count', { processInstanceBusinessKey: businessKey })).count;
}

async function allInstances(): Promise<number> {
  return (await adminEngine().get<{ count: number }>('/history/process-instance/count')).count;
}

beforeAll(async () => {
  db = await openTestDatabase();
  app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });
  // The same keys the app uses: generated into the run's $DATA_DIR/intake-api-keys.
  keys = developmentIntakeKeys(testConfig());
});

afterAll(async () => {
  await db.destroy();
});

describe('S2-2 intake from many channels: POST /api/events', () => {
  test('a report is stored, numbered (S4-4.4) and its process started: 201 with the number and links', async () => {
    const payload = body();
    const res = await post('grid-app', payload);
    expect(res.status).toBe(201);
    expect(res.body.number).toMatch(EVENT_NUMBER_PATTERN);
    expect(res.body).toEqual({ number: res.body.number, status: 'received', links: { self: `/api/events/${res.body.number}` } });
    expect(res.headers.location).toBe(`/api/events/${res.body.number}`);

    const row = await db.getRepository(EventEntity).findOneByOrFail({ number: res.body.number });
    expect(row).toMatchObject({ channel: 'grid-app', externalId: payload.externalId, status: 'received', reporterName: '张三丰' });
    expect((await adminEngine().processes.list({ businessKey: res.body.number })).map((p) => p.id)).toEqual([row.processInstanceId]);
    expect(row.requestHash).toMatch(/^[0-9a-f]{64}$/);

    const engine = adminEngine();
    const instance = await engine.get<{ businessKey: string }>(`/history/process-instance/${row.processInstanceId}`);
    expect(instance.businessKey).toBe(res.body.number);
    const variables = await engine.get<Record<string, { type: string; value: unknown }>>(`/history/variable-instance`, {
      processInstanceId: row.processInstanceId,
      deserializeValues: false,
    });
    const byName = Object.fromEntries((variables as unknown as Array<{ name: string; value: unknown; type: string }>).map((v) => [v.name, v]));
    expect(byName.eventNumber.value).toBe(res.body.number);
    expect(byName.channel.value).toBe('grid-app');
    expect(byName.categoryName.value).toBe('井盖缺失破损');
    expect(byName.acceptGroups.value).toBe('linkage-centre,changhe-sub-centre');
    expect(byName.hasReporter).toMatchObject({ type: 'Boolean', value: true });
    // Personal data never reaches the engine.
    const all = JSON.stringify(variables);
    expect(all).not.toContain('张三丰');
    expect(all).not.toContain('13812345678');
  });

  test('the same channel + externalId again → 200 with the same event, nothing new created', async () => {
    const payload = body();
    const first = await post('hotline', payload);
    expect(first.status).toBe(201);
    const again = await post('hotline', { ...payload });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await rowsFor('hotline', payload.externalId as string)).toBe(1);
    expect(await instancesFor(first.body.number)).toBe(1);
  });

  test('the same channel + externalId with another body → 409, the first event untouched', async () => {
    const payload = body();
    const first = await post('wechat', payload);
    expect(first.status).toBe(201);
    const other = await post('wechat', { ...payload, title: '人行道井盖破损' });
    expect(other.status).toBe(409);
    expect(other.body.error).toBe('EXTERNAL_ID_CONFLICT');
    expect(other.body.message).toMatch(/externalId/);
    expect(await rowsFor('wechat', payload.externalId as string)).toBe(1);
    expect(await instancesFor(first.body.number)).toBe(1);
  });

  test('S4-4.4 two channels with the same externalId are two events with two numbers', async () => {
    const externalId = uniqueKey('SHARED');
    const a = await post('provincial', body({ externalId }));
    const b = await post('patrol', body({ externalId }));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.number).not.toBe(b.body.number);
  });

  test('S4-4.4 twenty reports at once from all channels get twenty distinct numbers from one serial system', async () => {
    const channels: ChannelId[] = ['grid-app', 'hotline', 'wechat', 'provincial', 'patrol', 'web'];
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => post(channels[i % channels.length], body())));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const numbers = responses.map((r) => r.body.number as string);
    expect(new Set(numbers).size).toBe(20);
    for (const n of numbers) expect(n).toMatch(EVENT_NUMBER_PATTERN);
    const serials = new Set(numbers.map((n) => n.split('-')[2]));
    expect(serials.size).toBe(20);
    for (const n of numbers) expect(await instancesFor(n)).toBe(1);
  });

  describe('a rejected request leaves nothing behind and never starts a process', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['an unknown field', { priority: 'urgent' }, 'priority'],
      ['an unknown nested field', { location: { address: '文一路 1 号', floor: 3 } }, 'location.floor'],
      ['a wrong type', { title: 42 }, 'title'],
      ['a missing field', { description: undefined }, 'description'],
      ['an oversize title', { title: '长'.repeat(201) }, 'title'],
      ['an oversize description', { description: '长'.repeat(2001) }, 'description'],
      ['an oversize address', { location: { address: '路'.repeat(301) } }, 'location.address'],
      ['too many attachments', { attachments: Array.from({ length: 11 }, (_, i) => `f${i}`) }, 'attachments'],
      ['an unknown category', { category: 'alien-landing' }, 'category'],
      ['a malformed externalId', { externalId: 'not allowed!' }, 'externalId'],
      ['a latitude out of range', { location: { address: '文一路 1 号', lat: 95, lng: 120 } }, 'location.lat'],
      ['a malformed phone', { reporter: { name: '李四', phone: 'ring ring' } }, 'reporter.phone'],
      ['a report from the future', { reportedAt: new Date(Date.now() + 3600_000).toISOString() }, 'reportedAt'],
    ];

    test.each(cases)('%s → 400 with a message for the field', async (_name, overrides, field) => {
      const instancesBefore = await allInstances();
      const payload = body(overrides);
      const res = await post('web', payload);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'VALIDATION_FAILED', message: '请求内容有误' });
      const detail = (res.body.details as Array<{ field: string; message: string }>).find((d) => d.field === field);
      expect(detail).toEqual({ field, message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
      if (typeof payload.externalId === 'string') expect(await rowsFor('web', payload.externalId)).toBe(0);
      expect(await allInstances()).toBe(instancesBefore);
    });

    test('a body over the limit → 413', async () => {
      const instancesBefore = await allInstances();
      const payload = body({ description: 'x'.repeat(300 * 1024) });
      const res = await post('web', payload);
      expect(res.status).toBe(413);
      expect(res.body.error).toBe('PAYLOAD_TOO_LARGE');
      expect(await rowsFor('web', payload.externalId as string)).toBe(0);
      expect(await allInstances()).toBe(instancesBefore);
    });

    test('a body that is not JSON → 415 with a message', async () => {
      const res = await request(app).post('/api/events').set('X-Api-Key', key('web')).set('Content-Type', 'text/plain').send('井盖缺失');
      expect(res.status).toBe(415);
      expect(res.body.message).toMatch(/JSON/);
    });

    test('without a key, with a wrong key, or as staff → 401', async () => {
      const payload = body();
      const none = await request(app).post('/api/events').send(payload);
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/X-Api-Key/);
      const wrong = await request(app).post('/api/events').set('X-Api-Key', `${key('web')}x`).send(payload);
      expect(wrong.status).toBe(401);
      const staff = await request(app).post('/api/events').auth(...demoLogin('linkage-centre')).send(payload);
      expect(staff.status).toBe(401);
      expect(await rowsFor('web', payload.externalId as string)).toBe(0);
    });

    test('when the engine cannot start the process → 503 in Chinese, and no row is kept', async () => {
      const deadEngine = createEngineClient('http://127.0.0.1:1/engine-rest', { user: 'x', password: 'y' }, 2000);
      const broken = createApp({ config: testConfig(), db, engine: deadEngine, logger: silentLogger, context: testContext() });
      const payload = body();
      const res = await request(broken).post('/api/events').set('X-Api-Key', key('hotline')).send(payload);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: 'ENGINE_UNAVAILABLE', message: '流程引擎暂时不可用，事件未受理，请稍后重试' });
      expect(res.headers['retry-after']).toBe('30');
      expect(await rowsFor('hotline', payload.externalId as string)).toBe(0);
      // …so the same report can simply be sent again once the engine is back.
      const retry = await post('hotline', payload);
      expect(retry.status).toBe(201);
    });
  });
});

describe('reading events: GET /api/events/:number', () => {
  let number: string;
  beforeAll(async () => {
    const res = await post('hotline', body({ title: '路灯不亮', category: 'street-light' }));
    number = res.body.number;
  });

  test('the reporting channel reads its event: status, stage, units, SLA, a timeline from the engine; reporter masked', async () => {
    const res = await request(app).get(`/api/events/${number}`).set('X-Api-Key', key('hotline'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      number,
      status: 'received',
      units: { lead: null, cooperating: [] },
      dueAt: null,
      sla: 'on_time',
      category: { code: 'street-light', name: '路灯损坏' },
      channel: { id: 'hotline', name: '热线' },
      reporter: { name: '张**', phone: '138****5678' },
      timelineComplete: true,
    });
    // No stage recorded by a worker yet: it comes from where the engine is now (a Chinese name).
    expect(res.body.stage).toMatch(/[\u4e00-\u9fa5]/);
    const timeline = res.body.timeline as Array<{ at: string; source: string; label: string }>;
    expect(timeline[0]).toMatchObject({ source: 'engine', label: '事件上报' });
    expect(res.text).not.toContain('张三丰');
    expect(res.text).not.toContain('13812345678');
  });

  test('another channel gets 404, not 403 (numbers are not confirmed to exist)', async () => {
    const res = await request(app).get(`/api/events/${number}`).set('X-Api-Key', key('wechat'));
    expect(res.status).toBe(404);
    const unknown = await request(app).get('/api/events/SJ-20000101-999999').set('X-Api-Key', key('hotline'));
    expect(unknown.status).toBe(404);
    expect(res.body).toEqual(unknown.body);
  });

  test('centre staff sign in with their engine account and read every event', async () => {
    const res = await request(app).get(`/api/events/${number}`).auth(...demoLogin('linkage-centre'));
    expect(res.status).toBe(200);
    expect(res.body.number).toBe(number);
    expect(res.body.reporter).toEqual({ name: '张**', phone: '138****5678' });
  });

  test('an unrelated unit gets 404; once it is the lead or a cooperating unit it reads the event', async () => {
    expect((await request(app).get(`/api/events/${number}`).auth(...demoLogin('housing-bureau'))).status).toBe(404);
    await db.getRepository(EventEntity).update({ number }, { leadUnit: 'urban-management', cooperatingUnits: 'housing-bureau', stage: '处置中', status: 'handling' });
    const lead = await request(app).get(`/api/events/${number}`).auth(...demoLogin('urban-management'));
    expect(lead.status).toBe(200);
    expect(lead.body).toMatchObject({
      status: 'handling',
      stage: '处置中',
      units: { lead: { id: 'urban-management', name: '区城管局' }, cooperating: [{ id: 'housing-bureau', name: '区住建局' }] },
    });
    expect((await request(app).get(`/api/events/${number}`).auth(...demoLogin('housing-bureau'))).status).toBe(200);
    expect((await request(app).get(`/api/events/${number}`).auth(...demoLogin('environment-bureau'))).status).toBe(404);
  });

  test('without credentials → 401 asking for basic auth; a wrong password → 401', async () => {
    const none = await request(app).get(`/api/events/${number}`);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Basic /);
    // (A wrong password locks a real engine user for a while: use a user that does not exist.)
    const wrong = await request(app).get(`/api/events/${number}`).auth('nobody-at-all', 'wrong-password');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic /);
  });

  test('the timeline merges engine history with the books in time order; notices show only their template', async () => {
    const now = Date.now();
    await db.getRepository(LedgerEntryEntity).insert({
      causeKey: `${number}:1:urban-management`,
      eventNumber: number,
      round: 1,
      unitId: 'urban-management',
      role: 'lead',
      dispatchedAt: new Date(now + 1000),
      dueAt: new Date(now + 5 * 86_400_000),
      completedAt: new Date(now + 3000),
      outcome: 'completed',
      onTime: true,
      counted: true,
    });
    await db.getRepository(NoticeEntity).insert({
      causeKey: `event-dispatched:${number}`,
      template: 'event-dispatched',
      channel: 'none',
      recipient: 'reporter 13812345678',
      eventNumber: number,
      payload: JSON.stringify({ reporterName: '张三丰', reporterPhone: '13812345678' }),
      status: 'pending',
      attempts: 0,
    });
    const res = await request(app).get(`/api/events/${number}`).auth(...demoLogin('linkage-centre'));
    expect(res.status).toBe(200);
    const timeline = res.body.timeline as Array<{ at: string; source: string; label: string; template?: string }>;
    const sources = new Set(timeline.map((t) => t.source));
    expect(sources).toEqual(new Set(['engine', 'ledger', 'notice']));
    expect(timeline.map((t) => t.at)).toEqual([...timeline.map((t) => t.at)].sort());
    expect(timeline.filter((t) => t.source === 'ledger').map((t) => t.label)).toEqual(['派至区城管局（主办）', '区城管局办结']);
    expect(timeline.find((t) => t.source === 'notice')).toMatchObject({ template: 'event-dispatched' });
    expect(res.text).not.toContain('13812345678');
    expect(res.text).not.toContain('张三丰');
  });
});

describe('listing events: GET /api/events', () => {
  const from = startedAt.toISOString();
  const mine: Record<string, string> = {};

  beforeAll(async () => {
    mine.food = (await post('web', body({ category: 'food-safety', title: '餐馆后厨卫生差' }))).body.number;
    mine.noise = (await post('web', body({ category: 'construction-noise', title: '夜间施工噪声', location: { address: '西湖区某路 8 号', street: '西溪街道' } }))).body.number;
    mine.parking = (await post('web', body({ category: 'illegal-parking', title: '小区门口违章停车' }))).body.number;
    // The deadline worker's doing: the parking event is past its time limit.
    // (Units through their one writer, which keeps a unit's list, event_unit, in step.)
    await assignEventUnits(db, mine.parking, { leadUnit: 'changhe-platform-enforcement', cooperatingUnits: ['police-station'] }, { dueAt: new Date(Date.now() - 3600_000), warnAt: new Date(Date.now() - 7200_000) });
  });

  const list = (query: Record<string, string | number>, auth: { key?: ChannelId; login?: [string, string] } = { key: 'web' }) => {
    const r = request(app).get('/api/events').query({ from, ...query });
    if (auth.key) r.set('X-Api-Key', key(auth.key));
    if (auth.login) r.auth(...auth.login);
    return r;
  };

  test('a channel lists only its own events, newest first, reporter masked', async () => {
    const res = await list({ pageSize: 100 });
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{ number: string; channel: { id: string }; reporter: unknown; sla: string }>;
    expect(items.every((i) => i.channel.id === 'web')).toBe(true);
    expect(items.map((i) => i.number)).toEqual(expect.arrayContaining(Object.values(mine)));
    expect(items.every((i) => JSON.stringify(i.reporter) === JSON.stringify({ name: '张**', phone: '138****5678' }))).toBe(true);
    const received = items.map((i) => (i as unknown as { receivedAt: string }).receivedAt);
    expect(received).toEqual([...received].sort().reverse());
  });

  test('filters: category, street, status, unit, overdue, date range', async () => {
    const numbers = async (q: Record<string, string | number>) => ((await list(q)).body.items as Array<{ number: string }>).map((i) => i.number);
    expect(await numbers({ category: 'food-safety' })).toEqual([mine.food]);
    expect(await numbers({ street: '西溪街道' })).toEqual([mine.noise]);
    expect(await numbers({ category: 'food-safety', status: 'closed' })).toEqual([]);
    expect(await numbers({ unit: 'police-station' })).toEqual([mine.parking]);
    expect(await numbers({ overdue: 'true' })).toEqual([mine.parking]);
    expect(await numbers({ overdue: 'false', category: 'illegal-parking' })).toEqual([]);
    const overdue = (await list({ overdue: 'true' })).body.items[0];
    expect(overdue.sla).toBe('overdue');
    expect(await numbers({ to: startedAt.toISOString(), category: 'food-safety' })).toEqual([]);
  });

  test('paging: pageSize and page, with the total', async () => {
    const all = ((await list({ pageSize: 100 })).body.items as Array<{ number: string }>).map((i) => i.number);
    expect(all).toEqual(expect.arrayContaining([mine.food, mine.noise, mine.parking]));
    const first = await list({ pageSize: 2, page: 1 });
    const second = await list({ pageSize: 2, page: 2 });
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: all.length });
    expect((first.body.items as Array<{ number: string }>).map((i) => i.number)).toEqual(all.slice(0, 2));
    expect((second.body.items as Array<{ number: string }>).map((i) => i.number)).toEqual(all.slice(2, 4));
  });

  test('bad filters → 400 naming each one', async () => {
    const res = await list({ status: 'lost', colour: 'red' });
    expect(res.status).toBe(400);
    expect((res.body.details as Array<{ field: string }>).map((d) => d.field).sort()).toEqual(['colour', 'status']);
  });

  test('centre staff list every channel; a unit lists only what it leads or cooperates on', async () => {
    const centre = await list({ pageSize: 100 }, { login: demoLogin('linkage-centre') });
    expect(centre.status).toBe(200);
    const channels = new Set((centre.body.items as Array<{ channel: { id: string } }>).map((i) => i.channel.id));
    expect(channels.size).toBeGreaterThan(1);
    const police = await list({ pageSize: 100 }, { login: demoLogin('police-station') });
    expect((police.body.items as Array<{ number: string }>).map((i) => i.number)).toEqual([mine.parking]);
    const none = await request(app).get('/api/events');
    expect(none.status).toBe(401);
  });
});

describe('GET /api/categories', () => {
  test('lists the responsibility catalogue with Chinese names, platform and unit', async () => {
    const res = await request(app).get('/api/categories');
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{ code: string; name: string; platform: { name: string }; unit: { id: string; name: string } }>;
    expect(items.length).toBeGreaterThanOrEqual(20);
    for (const c of items) {
      expect(c.name).toMatch(/[\u4e00-\u9fa5]/);
      expect(c.platform.name).toMatch(/^(综合治理|市场监管|综合执法|便民服务)$/);
      expect(c.unit.name).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(items.find((c) => c.code === 'manhole-cover')).toMatchObject({ name: '井盖缺失破损', unit: { id: 'urban-management', name: '区城管局' } });
  });
});
