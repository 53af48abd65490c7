import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter((l) => l !== ''));
      done();
    },
  });
  return { lines, destination: destination as unknown as NodeJS.WritableStream & { write(s: string): boolean } };
}

describe('logs: one-line JSON through pino, event number on event lines, never personal data', () => {
  test('a line is one JSON object with time, level, component and message', () => {
    const out = capture();
    const log = createLogger('api', 'info', { destination: out.destination });
    log.info('API listening', { url: 'http://localhost:3000' });
    expect(out.lines).toHaveLength(1);
    const line = JSON.parse(out.lines[0]) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', component: 'api', msg: 'API listening', url: 'http://localhost:3000' });
    expect(typeof line.time).toBe('string');
    expect(Number.isNaN(Date.parse(line.time as string))).toBe(false);
  });

  test('a line about a process instance carries the event number taken from its business key', () => {
    const out = capture();
    createLogger('workers', 'info', { destination: out.destination }).warn('task failed', { topic: 'event-dispatch', businessKey: 'SJ-20261122-000123' });
    expect(JSON.parse(out.lines[0])).toMatchObject({ level: 'warn', eventNumber: 'SJ-20261122-000123', topic: 'event-dispatch' });
  });

  test('personal data passed by mistake is redacted, at the top and one level down', () => {
    const out = capture();
    createLogger('api', 'info', { destination: out.destination }).info('intake', {
      eventNumber: 'SJ-20261122-000001',
      reporter: { name: '张三', phone: '13800000000' },
      payload: { to: 'zhangsan@example.com', phone: '13900000000', subject: '通知' },
      reporterPhone: '13700000000',
    });
    const text = out.lines[0];
    expect(text).not.toMatch(/张三|13800000000|13900000000|13700000000|zhangsan@example\.com/);
    const line = JSON.parse(text) as { reporter: string; payload: { to: string; subject: string }; eventNumber: string };
    expect(line.reporter).toBe('[redacted]');
    expect(line.payload).toEqual({ to: '[redacted]', phone: '[redacted]', subject: '通知' });
    expect(line.eventNumber).toBe('SJ-20261122-000001');
  });

  test('lines below the configured level are not written', () => {
    const out = capture();
    const log = createLogger('api', 'warn', { destination: out.destination });
    log.info('quiet');
    log.debug('quieter');
    log.error('loud');
    expect(out.lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['loud']);
  });
});
