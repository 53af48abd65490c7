import { toShanghaiDate } from '../../../src/calendar/index.js';

test('instants from the engine REST API (basic offset +0000) are read like extended offsets', () => {
  expect(toShanghaiDate('2026-11-22T17:52:31.257+0000')).toBe('2026-11-23');
  expect(toShanghaiDate('2026-11-22T17:52:31.257+00:00')).toBe('2026-11-23');
  expect(toShanghaiDate('2026-11-22T01:00:00+0800')).toBe('2026-11-22');
});
