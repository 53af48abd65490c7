import request from 'supertest';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { EventEntity, EventUnitEntity, type EventRecord } from '../../src/db/entities/index.js';
import { developmentIntakeKeys } from '../../src/events/api-keys.js';
import type { ChannelId } from '../../src/events/channels.js';
import { assignEventUnits } from '../../src/events/event-units.js';
import { parseUnitList } from '../../src/events/reference-data.js';
import { silentLogger } from '../../src/logger.js';
import { reportEvent } from './support/events.js';
import { adminEngine, demoAuthHeader, openTestDatabase, testConfig, testContext, uniqueKey } from './support/platform.js';

/**
 * Issue 16 (data growth) against the real API, engine and app database: every list filter returns
 * the rows the list returned before (the old rules, written out here as the reference: lead or a
 * unit in the comma list, the SLA's overdue rule, newest first with the id breaking ties), keyset
 * pages cover a filtered set exactly once while new events arrive, a unit sees exactly what it
 * leads or cooperates on (through `event_unit`), and an event without engine history says so.
 */
let db: DataSource;
let app: Express;
let hotlineKey: string;
const token = uniqueKey('G').replace(/[^A-Za-z0-9]/g, '').slice(-8);
const STREETS = [`甲街道${token}`, `乙街道${token}`, `丙街道${token}`];
const CATEGORIES = ['manhole-cover', 'street-light', 'food-safety'];
const CHANNELS: ChannelId[] = ['hotline', 'wechat', 'web'];
const STATUSES = ['received', 'handling', 'verifying', 'closed'] as const;
const UNITS = ['urban-management', 'housing-bureau', 'police-station', 'environment-bureau'];
// A half-year no other test uses: lists are read over the whole shared database, and the assessment
// tests move their events into past months (1970–1989 and 2000–2019).
const RANGE = { from: '1993-01-01', to: '1993-06-30' };
const BASE = Date.UTC(1993, 1, 1);
const now = new Date();
let serial = 0;

async function insertEvent(i: number, receivedAt: Date, overrides: Partial<EventRecord> = {}): Promise<string> {
  serial += 1;
  const number = `GT-${token}-${String(serial).padStart(4, '0')}`;
  await db.getRepository(EventEntity).insert({
    number,
    channel: CHANNELS[i % 3],
    externalId: number,
    requestHash: '-',
    category: CATEGORIES[Math.floor(i / 3) % 3],
    title: `增长测试 ${i}`,
    description: '-',
    address: '-',
    street: STREETS[Math.floor(i / 2) % 3],
    attachments: '[]',
    reportedAt: receivedAt,
    receivedAt,
    status: STATUSES[i % 4],
    handlingRound: 0,
    returnCount: 0,
    overdue: i % 7 === 0,
    unclearResponsibility: false,
    // Past due: some still open (overdue by the clock), some closed late, some closed in time.
    dueAt: i % 5 === 0 ? new Date(receivedAt.getTime() + 86_400_000) : null,
    closedAt: i % 10 === 0 ? new Date(receivedAt.getTime() + 2 * 86_400_000) : i % 15 === 5 ? new Date(receivedAt.getTime() + 3600_000) : null,
    processInstanceId: `no-engine-${token}-${serial}`,
    ...overrides,
  });
  return number;
}

/** The list's rules before issue 16, applied to the rows themselves. */
type Viewer = { channel: ChannelId } | { units: string[] } | 'centre';
type Filters = Partial<Record<'status' | 'street' | 'category' | 'channel' | 'unit' | 'overdue' | 'from' | 'to', string>>;

function involves(row: EventRecord, units: string[]): boolean {
  return units.some((u) => row.leadUnit === u || parseUnitList(row.cooperatingUnits).includes(u));
}

async function reference(viewer: Viewer, f: Filters): Promise<string[]> {
  const rows = await db.getRepository(EventEntity).createQueryBuilder('e').where('e.number LIKE :p', { p: `GT-${token}-%` }).getMany();
  const from = new Date(`${f.from ?? RANGE.from}T00:00:00+08:00`).getTime();
  const to = new Date(`${f.to ?? RANGE.to}T00:00:00+08:00`).getTime() + 86_400_000;
  const at = Date.now();
  const overdue = (r: EventRecord) => r.overdue || (r.dueAt !== null && r.dueAt.getTime() < (r.closedAt?.getTime() ?? at));
  return rows
    .filter((r) => r.processInstanceId !== null)
    .filter((r) => (viewer === 'centre' ? true : 'channel' in viewer ? r.channel === viewer.channel : involves(r, viewer.units)))
    .filter((r) => !f.status || r.status === f.status)
    .filter((r) => !f.street || r.street === f.street)
    .filter((r) => !f.category || r.category === f.category)
    .filter((r) => !f.channel || r.channel === f.channel)
    .filter((r) => !f.unit || involves(r, [f.unit]))
    .filter((r) => f.overdue === undefined || overdue(r) === (f.overdue === 'true'))
    .filter((r) => r.receivedAt.getTime() >= from && r.receivedAt.getTime() < to)
    .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || b.id - a.id)
    .map((r) => r.number as string);
}

function get(path: string, viewer: Viewer, query: Record<string, string | number> = {}) {
  const r = request(app).get(path).query(query);
  if (viewer === 'centre') return r.set('Authorization', demoAuthHeader('linkage-centre'));
  if ('channel' in viewer) return r.set('X-Api-Key', hotlineKey);
  return r.set('Authorization', demoAuthHeader(viewer.units[0]));
}

/** Every page by `links.next`; `between` runs after each page (e.g. new events arriving). */
async function walk(viewer: Viewer, f: Filters, pageSize: number, between: () => Promise<void> = async () => undefined): Promise<string[]> {
  const seen: string[] = [];
  let res = await get('/api/events', viewer, { ...RANGE, ...f, pageSize });
  for (let pages = 0; ; pages += 1) {
    expect(res.status).toBe(200);
    seen.push(...(res.body.items as Array<{ number: string }>).map((i) => i.number));
    const next = res.body.links.next as string | null;
    if (!next) break;
    if (pages > 200) throw new Error('more pages than rows');
    await between();
    res = await get(next, viewer);
  }
  return seen;
}

beforeAll(async () => {
  db = await openTestDatabase();
  app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });
  hotlineKey = developmentIntakeKeys(testConfig()).get('hotline') as string;
  // 60 events, two at each instant (the id breaks the tie), one still in intake (no process).
  for (let i = 0; i < 60; i += 1) {
    const number = await insertEvent(i, new Date(BASE + Math.floor(i / 2) * 3600_000), i === 13 ? { processInstanceId: null } : {});
    if (i % 4 === 1) continue;
    const lead = UNITS[i % 4];
    const cooperating = i % 3 === 0 ? [UNITS[(i + 1) % 4]] : i % 3 === 1 ? [UNITS[(i + 1) % 4], UNITS[(i + 2) % 4]] : [];
    await assignEventUnits(db, number, { leadUnit: lead, cooperatingUnits: cooperating }, { status: 'handling', dueAt: new Date(now.getTime() + (i % 2 ? -1 : 1) * 86_400_000) });
  }
});

afterAll(async () => {
  await db.destroy();
});

describe('issue 16: GET /api/events at any size returns the rows it returned before', () => {
  const cases: Array<[string, Viewer, Filters]> = [
    ['everything (centre)', 'centre', {}],
    ['status', 'centre', { status: 'handling' }],
    ['street', 'centre', { street: STREETS[1] }],
    ['street with no match', 'centre', { street: `无此街道${token}` }],
    ['category', 'centre', { category: 'street-light' }],
    ['channel', 'centre', { channel: 'wechat' }],
    ['overdue', 'centre', { overdue: 'true' }],
    ['not overdue', 'centre', { overdue: 'false' }],
    ['unit', 'centre', { unit: 'housing-bureau' }],
    ['date range', 'centre', { from: '1993-02-01', to: '1993-02-01' }],
    ['street + status', 'centre', { street: STREETS[0], status: 'handling' }],
    ['unit + category', 'centre', { unit: 'police-station', category: 'manhole-cover' }],
    ['a channel its own', { channel: 'hotline' }, {}],
    ['a channel, overdue', { channel: 'hotline' }, { overdue: 'true' }],
    ['a unit its own', { units: ['police-station'] }, {}],
    ['a unit, another unit filter', { units: ['police-station'] }, { unit: 'urban-management' }],
    ['a unit, street', { units: ['environment-bureau'] }, { street: STREETS[2] }],
  ];

  test.each(cases)('%s: every page by links.next = the old rule, newest first, each once', async (_name, viewer, filters) => {
    const expected = await reference(viewer, filters);
    expect(await walk(viewer, filters, 7)).toEqual(expected);
  });

  test('the reference is not empty where it should not be (the cases test something)', async () => {
    for (const [name, viewer, filters] of cases) {
      if (name.includes('no match')) expect(await reference(viewer, filters)).toEqual([]);
      else expect((await reference(viewer, filters)).length).toBeGreaterThan(0);
    }
  });

  test('page and pageSize still work (OFFSET) and agree with the cursor pages; total counts the matches', async () => {
    const expected = await reference('centre', {});
    const second = await get('/api/events', 'centre', { ...RANGE, pageSize: 7, page: 2 });
    expect(second.body).toMatchObject({ page: 2, pageSize: 7, total: expected.length, totalCapped: false });
    expect((second.body.items as Array<{ number: string }>).map((i) => i.number)).toEqual(expected.slice(7, 14));
    const exact = await get('/api/events', 'centre', { ...RANGE, pageSize: 7, count: 'true' });
    expect(exact.body.total).toBe(expected.length);
    expect(exact.body.links.next).toMatch(/^\/api\/events\?.*cursor=/);
    expect(exact.body.links.next).toContain('pageSize=7');
  });

  test('keyset pages cover the filtered set exactly once while new events arrive between pages', async () => {
    const filters = { street: STREETS[0] };
    const before = await reference('centre', filters);
    let arrivals = 0;
    const seen = await walk('centre', filters, 4, async () => {
      arrivals += 1;
      // Newer than everything listed so far, matching the same filter.
      await insertEvent(arrivals * 6, new Date(Date.UTC(1993, 5, 20) + arrivals * 60_000), { street: STREETS[0] });
    });
    expect(arrivals).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(before);
    // The arrivals are there for whoever starts again from the top.
    const again = await walk('centre', filters, 50);
    expect(again.length).toBe(before.length + arrivals);
    expect(again.slice(arrivals)).toEqual(before);
  });

  test('a malformed cursor → 400 naming the field', async () => {
    const res = await get('/api/events', 'centre', { cursor: 'not-a-cursor' });
    expect(res.status).toBe(400);
    expect((res.body.details as Array<{ field: string }>).map((d) => d.field)).toEqual(['cursor']);
  });
});

describe('issue 16: a unit sees exactly the events it leads or cooperates on (event_unit)', () => {
  test('after a redispatch the old lead no longer sees the event, the new lead and cooperating units do', async () => {
    const number = await insertEvent(1, new Date(BASE + 40 * 3600_000));
    await assignEventUnits(db, number, { leadUnit: 'urban-management', cooperatingUnits: ['housing-bureau', 'police-station'] });
    // The same dispatch delivered twice changes nothing.
    await assignEventUnits(db, number, { leadUnit: 'urban-management', cooperatingUnits: ['housing-bureau', 'police-station'] });
    const event = await db.getRepository(EventEntity).findOneByOrFail({ number });
    const rows = async () => (await db.getRepository(EventUnitEntity).findBy({ eventId: event.id })).map((r) => `${r.unitId}:${r.role}`).sort();
    expect(await rows()).toEqual(['housing-bureau:cooperating', 'police-station:cooperating', 'urban-management:lead']);
    for (const unit of ['urban-management', 'housing-bureau', 'police-station']) expect(await walk({ units: [unit] }, {}, 100)).toContain(number);

    // Redispatched: environment-bureau leads, housing-bureau still cooperates.
    await assignEventUnits(db, number, { leadUnit: 'environment-bureau', cooperatingUnits: ['housing-bureau'] });
    expect(await rows()).toEqual(['environment-bureau:lead', 'housing-bureau:cooperating']);
    for (const unit of UNITS) {
      const listed = await walk({ units: [unit] }, {}, 100);
      expect(listed).toEqual(await reference({ units: [unit] }, {}));
      expect(listed.includes(number)).toBe(unit === 'environment-bureau' || unit === 'housing-bureau');
    }
    // The event page agrees (it reads the event row).
    const page = await get(`/api/events/${number}`, { units: ['urban-management'] });
    expect(page.status).toBe(404);
  });
});

describe('issue 16: the event page says when the engine holds no history of the event', () => {
  test('an event whose process history is gone → timelineComplete false with the reason; the books still show', async () => {
    const number = await insertEvent(2, new Date(BASE + 41 * 3600_000));
    await assignEventUnits(db, number, { leadUnit: 'urban-management', cooperatingUnits: [] });
    const res = await get(`/api/events/${number}`, 'centre');
    expect(res.status).toBe(200);
    expect(res.body.timelineComplete).toBe(false);
    expect(res.body.timelineIncomplete).toEqual({ reason: 'engine-history-missing', message: expect.stringMatching(/流程历史/) });
    expect(res.body.timeline.every((t: { source: string }) => t.source !== 'engine')).toBe(true);
  });

  test('an event with its process in the engine → timelineComplete true, no reason', async () => {
    const reported = await reportEvent(db, 'street-light');
    const res = await get(`/api/events/${reported.number}`, 'centre');
    expect(res.status).toBe(200);
    expect(res.body.timelineComplete).toBe(true);
    expect(res.body.timelineIncomplete).toBeUndefined();
    expect(res.body.timeline.some((t: { source: string }) => t.source === 'engine')).toBe(true);
  });
});
