import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration is read once and validated', () => {
  test('an empty environment gives the embedded defaults', () => {
    const c = loadConfig({});
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(c.engine.port).toBe(8080);
    expect(c.apiPort).toBe(3000);
    expect(c.engine.restUrl).toBe('http://localhost:8080/engine-rest');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.engine.adminPassword).toBeUndefined();
    expect(c.worker.workerId).not.toBe('some-random-id');
  });
  test('ports and data directory follow the environment (a second copy can run beside the first)', () => {
    const c = loadConfig({ ENGINE_PORT: '18080', API_PORT: '13000', DATA_DIR: '/tmp/copy2' });
    expect(c.engine.restUrl).toBe('http://localhost:18080/engine-rest');
    expect(c.apiPort).toBe(13000);
    expect(c.dataDir).toBe('/tmp/copy2');
  });
  test('a malformed value stops start-up with a message naming the variable', () => {
    expect(() => loadConfig({ ENGINE_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ ENGINE_PORT: 'eighty' })).toThrow(/ENGINE_PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
  });
  test('an empty value counts as unset', () => {
    expect(loadConfig({ ENGINE_ADMIN_PASSWORD: '', DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });
});
