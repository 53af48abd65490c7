import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, validatePlatformConfig } from '../../src/config.js';

const key = (c: string) => `${c}-0123456789abcdef`;

/** The ConfigError message `fn` throws. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('not refused');
}

describe('the whole configuration is checked before anything starts (C-4)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-check-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('a key under 16 characters is refused when the configuration is read, naming the variable and the rule', () => {
    const message = refusal(() => loadConfig({ DATA_DIR: dataDir, INTAKE_API_KEYS: 'hotline:short' }));
    expect(message).toContain('INTAKE_API_KEYS: the key of hotline is shorter than 16 characters');
  });

  test.each([
    ['fax:0123456789abcdefgh', 'INTAKE_API_KEYS: unknown channel "fax"'],
    [`hotline:${key('a')},hotline:${key('a')}`, 'INTAKE_API_KEYS: channel hotline lists the same key twice'],
    [`hotline:${key('a')},hotline:${key('b')},hotline:${key('c')}`, 'INTAKE_API_KEYS: channel hotline has more than 2 keys'],
    [`hotline:${key('a')},wechat:${key('a')}`, "INTAKE_API_KEYS: channel wechat reuses another channel's key"],
    ['hotline', 'INTAKE_API_KEYS: every entry must be channel:key'],
    [',', 'INTAKE_API_KEYS: no channel:key entries'],
  ])('INTAKE_API_KEYS=%j is refused: %s', (value, expected) => {
    expect(refusal(() => validatePlatformConfig({ DATA_DIR: dataDir, INTAKE_API_KEYS: value }))).toContain(expected);
  });

  test('well-formed keys pass', () => {
    expect(validatePlatformConfig({ DATA_DIR: dataDir, INTAKE_API_KEYS: `hotline:${key('h')},grid-app:${key('g')}` }).intakeApiKeys).toBe(
      `hotline:${key('h')},grid-app:${key('g')}`,
    );
  });

  test('production without INTAKE_API_KEYS is refused before start-up (the API would refuse it only later)', () => {
    const admin = { ENGINE_ADMIN_PASSWORD: 'a-long-admin-password' };
    expect(refusal(() => validatePlatformConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', ...admin }))).toContain('INTAKE_API_KEYS: required in production');
    expect(() => validatePlatformConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', INTAKE_API_KEYS: `web:${key('w')}`, ...admin })).not.toThrow();
  });

  test('in development a broken key file kept from an earlier start is refused, naming the file', () => {
    const file = path.join(dataDir, 'intake-api-keys');
    fs.writeFileSync(file, 'INTAKE_API_KEYS=hotline:short\n');
    const message = refusal(() => validatePlatformConfig({ DATA_DIR: dataDir }));
    expect(message).toContain(`INTAKE_API_KEYS (kept in ${file}; fix or delete the file): the key of hotline is shorter than 16 characters`);
  });

  test('in development with no keys and no key file the configuration passes (keys are generated at the API start)', () => {
    expect(validatePlatformConfig({ DATA_DIR: dataDir }).intakeApiKeys).toBeUndefined();
  });

  test('the engine’s own variables are checked too', () => {
    expect(refusal(() => validatePlatformConfig({ DATA_DIR: dataDir, ENGINE_TIMEZONE: 'Mars/Olympus' }))).toContain('ENGINE_TIMEZONE: must be a time-zone id');
    expect(refusal(() => validatePlatformConfig({ DATA_DIR: dataDir, ENGINE_DB_URL: 'mariadb://db/engine' }))).toContain('ENGINE_DB_URL');
  });

  test('`npm start` (scripts/start.ts) with a short key exits 1 before launching the engine, naming the variable', () => {
    const env = { ...process.env, DATA_DIR: dataDir, ENGINE_PORT: '1', API_PORT: '1', INTAKE_API_KEYS: 'hotline:short', NODE_ENV: 'development' };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('✖ start-up refused, nothing was started.');
    expect(run.stderr).toContain('INTAKE_API_KEYS: the key of hotline is shorter than 16 characters');
    expect(run.stdout).not.toContain('Starting the engine');
    expect(fs.readdirSync(dataDir)).toEqual([]);
  }, 60_000);
});
