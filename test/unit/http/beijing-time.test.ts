import express from 'express';
import request from 'supertest';
import { beijingTimeReplacer, toBeijingIso } from '../../../src/http/beijing-time.js';

describe('every API instant is written in Beijing time (+08:00)', () => {
  test('a UTC instant becomes the same instant at +08:00, milliseconds kept when there are some', () => {
    expect(toBeijingIso('2026-11-30T17:05:09.123Z')).toBe('2026-12-01T01:05:09.123+08:00');
    expect(toBeijingIso('2026-11-30T01:00:00Z')).toBe('2026-11-30T09:00:00+08:00');
    expect(Date.parse(toBeijingIso('2026-02-28T16:00:00.000Z'))).toBe(Date.parse('2026-02-28T16:00:00.000Z'));
  });

  test('dates without a time, offsets already given and free text are left alone', () => {
    for (const text of ['2026-11-30', '2026-11-30T09:00:00+08:00', '路灯不亮 2026-11-30T01:00:00Z', 'Z']) expect(toBeijingIso(text)).toBe(text);
  });

  test('the app-wide JSON replacer rewrites Dates and ISO strings at any depth, in one place', async () => {
    const app = express();
    app.set('json replacer', beijingTimeReplacer);
    app.get('/', (_req, res) => {
      res.json({ at: new Date('2026-11-30T16:00:00.000Z'), nested: [{ dueAt: '2026-12-01T09:30:00.000Z' }], day: '2026-11-30', n: 3 });
    });
    const res = await request(app).get('/');
    expect(res.body).toEqual({ at: '2026-12-01T00:00:00.000+08:00', nested: [{ dueAt: '2026-12-01T17:30:00.000+08:00' }], day: '2026-11-30', n: 3 });
  });
});
