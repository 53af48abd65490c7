import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { keyDigest } from '../../../src/events/api-key-rules.js';
import { channelForKey, developmentIntakeKeys, INTAKE_API_KEYS_FILE, parseIntakeApiKeys, resolveIntakeApiKeys } from '../../../src/events/api-keys.js';
import { CHANNEL_IDS } from '../../../src/events/channels.js';
import { EVENT_NUMBER_PATTERN, formatEventNumber } from '../../../src/events/event-number.js';
import { parseListQuery } from '../../../src/events/list-query.js';
import { parseUnitList } from '../../../src/events/reference-data.js';
import { slaOf } from '../../../src/events/sla.js';

describe('S4-4.4 the event number: one serial system for every channel', () => {
  test('SJ-<day of receipt in Asia/Shanghai>-<6-digit serial>', () => {
    expect(formatEventNumber(new Date('2026-11-22T03:00:00Z'), 123)).toBe('SJ-20261122-000123');
    // 23:30 UTC is already the next morning in the district.
    expect(formatEventNumber(new Date('2026-11-21T16:30:00Z'), 7)).toBe('SJ-20261122-000007');
    expect(formatEventNumber(new Date('2026-11-22T03:00:00Z'), 1234567)).toBe('SJ-20261122-1234567');
    expect(formatEventNumber(new Date(), 1)).toMatch(EVENT_NUMBER_PATTERN);
    expect(() => formatEventNumber(new Date(), 0)).toThrow(RangeError);
  });
});

describe('intake API keys', () => {
  const key = (c: string) => `${c}-key-0123456789abcdef`;
  const all = CHANNEL_IDS.map((c) => `${c}:${key(c)}`).join(',');

  test('INTAKE_API_KEYS is a comma list of channel:key', () => {
    const keys = parseIntakeApiKeys(` grid-app:${key('grid-app')} , hotline:${key('hotline')}`);
    expect([...keys.keys()]).toEqual(['grid-app', 'hotline']);
    expect(parseIntakeApiKeys(all).size).toBe(6);
  });

  test('unknown channels, short, duplicated or shared keys stop start-up naming INTAKE_API_KEYS', () => {
    expect(() => parseIntakeApiKeys(`fax:${key('fax')}`)).toThrow(/INTAKE_API_KEYS.*unknown channel "fax"/);
    expect(() => parseIntakeApiKeys('hotline:short')).toThrow(/shorter than 16/);
    expect(() => parseIntakeApiKeys(`hotline:${key('a')},hotline:${key('a')}`)).toThrow(/twice/);
    expect(() => parseIntakeApiKeys(`hotline:${key('a')},hotline:${key('b')},hotline:${key('c')}`)).toThrow(/more than 2 keys/);
    expect(() => parseIntakeApiKeys(`hotline:${key('a')},wechat:${key('a')}`)).toThrow(/reuses/);
    expect(() => parseIntakeApiKeys('hotline')).toThrow(ConfigError);
  });

  test('a presented key finds its channel; anything else finds none', () => {
    const keys = parseIntakeApiKeys(all);
    expect(channelForKey(keys, key('wechat'))).toBe('wechat');
    expect(channelForKey(keys, key('wechat').slice(0, -1))).toBeUndefined();
    expect(channelForKey(keys, '')).toBeUndefined();
  });

  test('production without INTAKE_API_KEYS is a start-up error naming the variable', () => {
    const config = loadConfig({ NODE_ENV: 'production', ENGINE_ADMIN_PASSWORD: 'a-long-admin-password', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'keys-')) });
    expect(() => resolveIntakeApiKeys(config)).toThrow(/INTAKE_API_KEYS/);
  });

  test('in development the keys are generated once into $DATA_DIR/intake-api-keys (0600) and reused', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-'));
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
    const first = resolveIntakeApiKeys(config);
    expect([...first.keys()].sort()).toEqual([...CHANNEL_IDS].sort());
    const file = path.join(dataDir, INTAKE_API_KEYS_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^INTAKE_API_KEYS=grid-app:/);
    expect(resolveIntakeApiKeys(config)).toEqual(first);
    // The API holds digests only; the plain keys stay in the 0600 file for the developer.
    const plain = developmentIntakeKeys(config);
    expect(channelForKey(first, plain.get('hotline') as string)).toBe('hotline');
    expect(JSON.stringify([...first])).not.toContain(plain.get('hotline'));
  });

  test('INTAKE_API_KEYS, when set, wins over the file', () => {
    const config = loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'keys-')), INTAKE_API_KEYS: `web:${key('web')}` });
    expect([...resolveIntakeApiKeys(config).entries()]).toEqual([['web', [keyDigest(key('web'))]]]);
  });
});

describe('SLA state (S2-5.1)', () => {
  const now = new Date('2026-11-22T10:00:00Z');
  const base = { dueAt: null, warnAt: null, overdue: false, closedAt: null };
  test('no time limit yet → on time', () => expect(slaOf(base, now)).toBe('on_time'));
  test('before the warning time → on time', () =>
    expect(slaOf({ ...base, dueAt: new Date('2026-11-23T00:00:00Z'), warnAt: new Date('2026-11-22T12:00:00Z') }, now)).toBe('on_time'));
  test('past the warning time → warning', () =>
    expect(slaOf({ ...base, dueAt: new Date('2026-11-23T00:00:00Z'), warnAt: new Date('2026-11-22T09:00:00Z') }, now)).toBe('warning'));
  test('past the time limit, or flagged by the deadline worker → overdue', () => {
    expect(slaOf({ ...base, dueAt: new Date('2026-11-22T09:00:00Z') }, now)).toBe('overdue');
    expect(slaOf({ ...base, overdue: true }, now)).toBe('overdue');
  });
  test('a closed event is judged at its closing time', () => {
    const dueAt = new Date('2026-11-20T00:00:00Z');
    expect(slaOf({ ...base, dueAt, warnAt: new Date('2026-11-19T00:00:00Z'), closedAt: new Date('2026-11-19T12:00:00Z') }, now)).toBe('on_time');
    expect(slaOf({ ...base, dueAt, closedAt: new Date('2026-11-21T00:00:00Z') }, now)).toBe('overdue');
  });
});

describe('list filters', () => {
  test('dates mean whole days in Asia/Shanghai; paging has defaults and limits', () => {
    const r = parseListQuery({ from: '2026-11-22', to: '2026-11-22', overdue: 'true', page: '2' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.receivedFrom?.toISOString()).toBe('2026-11-21T16:00:00.000Z');
    expect(r.value.receivedTo).toEqual({ at: new Date('2026-11-22T16:00:00.000Z'), inclusive: false });
    expect(r.value).toMatchObject({ overdue: true, page: 2, pageSize: 20 });
  });

  test('unknown filters, bad values and reversed ranges are named', () => {
    const r = parseListQuery({ colour: 'red', status: 'lost', pageSize: '1000', from: '2026-11-23', to: '2026-11-22' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field).sort()).toEqual(['colour', 'pageSize', 'status']);
    const reversed = parseListQuery({ from: '2026-11-23', to: '2026-11-22' });
    expect(reversed.ok ? [] : reversed.problems).toEqual([{ field: 'from', message: '开始时间不能晚于结束时间' }]);
    expect(parseListQuery({ from: '2026-13-45' }).ok).toBe(false);
  });

  test('cooperating units are read from a comma list or a JSON array', () => {
    expect(parseUnitList('a,b')).toEqual(['a', 'b']);
    expect(parseUnitList('["a","b"]')).toEqual(['a', 'b']);
    expect(parseUnitList(null)).toEqual([]);
  });
});
