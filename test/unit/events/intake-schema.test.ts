import { loadCatalogue } from '../../../src/catalogue/categories.js';
import { requestHash } from '../../../src/events/canonical.js';
import { parseIntake } from '../../../src/events/intake-schema.js';

const catalogue = loadCatalogue();
const now = () => new Date('2026-11-22T02:00:00Z');

function valid(): Record<string, unknown> {
  return {
    externalId: 'HL-2026-000001',
    category: 'manhole-cover',
    title: '人行道井盖缺失',
    description: '文一路与古墩路口东侧人行道井盖缺失，已有行人差点踩空。',
    location: { address: '长河街道文一路 100 号', lat: 30.29, lng: 120.1, street: '长河街道', community: '江一社区', grid: '江一-03' },
    reporter: { name: '张三', phone: '13812345678' },
    attachments: ['https://files.example.gov.cn/a.jpg'],
    reportedAt: '2026-11-22T09:55:00+08:00',
  };
}

function problems(body: unknown) {
  const r = parseIntake(catalogue, body, now);
  if (r.ok) throw new Error('expected a validation failure');
  return r.problems;
}

describe('the intake schema (S2-2)', () => {
  test('a complete report passes; text is trimmed and the time normalised to UTC', () => {
    const body = valid();
    body.title = '  人行道井盖缺失  ';
    const r = parseIntake(catalogue, body, now);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.title).toBe('人行道井盖缺失');
    expect(r.value.reportedAt).toBe('2026-11-22T01:55:00.000Z');
  });

  test('the minimum: no reporter, no attachments, no coordinates', () => {
    const rest = valid();
    delete rest.reporter;
    delete rest.attachments;
    const r = parseIntake(catalogue, { ...rest, location: { address: '文一路 1 号' } }, now);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.attachments).toEqual([]);
  });

  test('unknown fields are refused, each named, at every level', () => {
    const body = { ...valid(), priority: 'high', location: { ...(valid().location as object), floor: 3 } };
    expect(problems(body)).toEqual(
      expect.arrayContaining([
        { field: 'priority', message: '不允许的字段' },
        { field: 'location.floor', message: '不允许的字段' },
      ]),
    );
  });

  test('wrong types and missing fields are named with a Chinese message', () => {
    const body = { ...valid(), title: 42, location: { lat: 'north' } };
    delete (body as Record<string, unknown>).description;
    const found = problems(body);
    const fields = found.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'description', 'location.address', 'location.lat']));
    expect(found.find((p) => p.field === 'description')?.message).toBe('必填');
    expect(found.find((p) => p.field === 'title')?.message).toMatch(/文本/);
  });

  test('oversize text and too many attachments are refused with the limit', () => {
    const body = { ...valid(), title: '长'.repeat(201), description: '长'.repeat(2001), attachments: Array.from({ length: 11 }, (_, i) => `a${i}`) };
    const found = problems(body);
    expect(found).toEqual(
      expect.arrayContaining([
        { field: 'title', message: '不能超过 200 个字符' },
        { field: 'description', message: '不能超过 2000 个字符' },
        { field: 'attachments', message: '最多 10 项' },
      ]),
    );
    expect(problems({ ...valid(), location: { address: '路'.repeat(301) } })).toEqual([{ field: 'location.address', message: '不能超过 300 个字符' }]);
    expect(problems({ ...valid(), attachments: ['x'.repeat(501)] })).toEqual([{ field: 'attachments.0', message: '不能超过 500 个字符' }]);
  });

  test('an unknown category is refused (the catalogue is the list of codes)', () => {
    expect(problems({ ...valid(), category: 'alien-landing' })).toEqual([{ field: 'category', message: '未知的事件类别：alien-landing' }]);
  });

  test('externalId, coordinates, phone and reportedAt follow their formats', () => {
    expect(problems({ ...valid(), externalId: 'has space' })[0].field).toBe('externalId');
    expect(problems({ ...valid(), externalId: 'x'.repeat(129) })[0].field).toBe('externalId');
    expect(problems({ ...valid(), externalId: '' })[0].field).toBe('externalId');
    expect(problems({ ...valid(), location: { address: 'a', lat: 91, lng: 0 } })[0].field).toBe('location.lat');
    expect(problems({ ...valid(), location: { address: 'a', lat: 0, lng: -181 } })[0].field).toBe('location.lng');
    expect(problems({ ...valid(), location: { address: 'a', lat: 30 } })[0]).toEqual({ field: 'location.lat', message: '经度和纬度须同时提供' });
    expect(problems({ ...valid(), reporter: { phone: 'call me' } })[0].field).toBe('reporter.phone');
    expect(problems({ ...valid(), reportedAt: '2026-11-22 09:55' })[0].field).toBe('reportedAt');
    expect(problems({ ...valid(), reportedAt: '2026-11-22T09:55:00' })[0].field).toBe('reportedAt');
  });

  test('reportedAt may be at most five minutes in the future (clock skew), not more', () => {
    expect(parseIntake(catalogue, { ...valid(), reportedAt: '2026-11-22T10:04:00+08:00' }, now).ok).toBe(true);
    expect(problems({ ...valid(), reportedAt: '2026-11-22T10:06:00+08:00' })).toEqual([{ field: 'reportedAt', message: '上报时间不能晚于当前时间' }]);
  });

  test('a body that is not an object is refused as a whole', () => {
    expect(problems([1, 2])[0].field).toBe('body');
  });

  test('the request hash ignores key order and spacing but not content', () => {
    const a = parseIntake(catalogue, valid(), now);
    const reordered = Object.fromEntries(Object.entries(valid()).reverse());
    const b = parseIntake(catalogue, { ...reordered, title: ' 人行道井盖缺失 ' }, now);
    const c = parseIntake(catalogue, { ...valid(), title: '人行道井盖破损' }, now);
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected valid bodies');
    expect(requestHash(a.value)).toBe(requestHash(b.value));
    expect(requestHash(a.value)).not.toBe(requestHash(c.value));
    expect(requestHash(a.value)).toMatch(/^[0-9a-f]{64}$/);
  });
});
