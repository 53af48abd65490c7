import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, validatePlatformConfig } from '../../../src/config.js';

/**
 * docker-compose.yml without a container engine (none on the development machines): the file against
 * the official Compose Specification JSON schema, every environment variable it sets against what the
 * service reads, every build path, the required secrets, the health checks the start order relies on,
 * and the API's interpolated environment through the platform's own configuration check.
 *
 * The schema is vendored, unchanged, in test/fixtures/compose-spec.json (source and commit in
 * test/fixtures/compose-spec.SOURCE.md). It declares draft-07 under the https address, which ajv 6
 * knows under its http address: the draft-07 meta-schema that ships with ajv is registered under
 * the https address too, so the vendored schema is itself checked against its meta-schema.
 */
const ROOT = path.resolve('.');
const text = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(text, { merge: true }) as Record<string, unknown>;

const COMPOSE_SPEC = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/compose-spec.json'), 'utf8')) as Record<string, unknown>;
const DRAFT_07 = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/ajv/lib/refs/json-schema-draft-07.json'), 'utf8')) as Record<string, unknown>;

function composeValidator(): Ajv.ValidateFunction {
  const ajv = new Ajv({ allErrors: true });
  ajv.addMetaSchema({ ...DRAFT_07, $id: 'https://json-schema.org/draft-07/schema' });
  return ajv.compile(COMPOSE_SPEC);
}

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: Record<string, unknown>;
  profiles?: string[];
}
const services = compose.services as Record<string, Service>;
const nodeServices = ['bootstrap', 'api', 'workers', 'workers-2'];
const engineServices = ['engine', 'engine-2'];

/** What the engine reads: application.yaml's placeholders and the variables EngineApplication reads itself. */
function engineVariables(): Set<string> {
  const yaml = fs.readFileSync(path.join(ROOT, 'engine/src/main/resources/application.yaml'), 'utf8');
  const names = new Set([...yaml.matchAll(/\$\{([A-Z][A-Z0-9_]*)[:}]/g)].map((m) => m[1]));
  const javaDir = path.join(ROOT, 'engine/src/main/java');
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const f of walk(javaDir)) for (const m of fs.readFileSync(f, 'utf8').matchAll(/(?:getenv|envOr)\("([A-Z_]+)"/g)) names.add(m[1]);
  names.add('ENGINE_JAVA_OPTS'); // the image's entrypoint
  return names;
}

/** Compose interpolation (`${VAR}`, `${VAR:-default}`, `${VAR:?message}`) of one value. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)(?:(:\?|:-)((?:[^{}]|\{[^}]*\})*))?\}/g, (_all, name: string, op?: string, arg?: string) => {
    const set = env[name] !== undefined && env[name] !== '';
    if (op === ':?' && !set) throw new Error(`${name}: ${arg}`);
    if (op === ':-' && !set) return arg ?? '';
    return env[name] ?? '';
  });
}

function environmentOf(name: string, env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(services[name].environment ?? {}).map(([k, v]) => [k, interpolate(String(v ?? ''), env)]));
}

const SECRETS = {
  DB_ROOT_PASSWORD: 'root-secret-123456',
  APP_DB_PASSWORD: 'app-secret-123456',
  ENGINE_DB_PASSWORD: 'engine-secret-123456',
  ENGINE_ADMIN_PASSWORD: 'admin-secret-123456',
  INTAKE_API_KEYS: 'grid-app:grid-key-0123456789ab,hotline:hotline-key-0123456789',
  METRICS_TOKEN: 'metrics-token-0123456789',
};

describe('docker-compose.yml: the production stack, checked without a container engine', () => {
  test('the file is valid against the official Compose Specification JSON schema (vendored)', () => {
    const validate = composeValidator();
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('the schema check can fail: an unknown service key, a wrong depends_on condition and a non-string image are refused', () => {
    const validate = composeValidator();
    const broken = JSON.parse(JSON.stringify(compose)) as { services: Record<string, Record<string, unknown>> };
    broken.services.api.restart_policy = 'always';
    broken.services.workers.depends_on = { db: { condition: 'service_ready' } };
    broken.services.db.image = 11;
    expect(validate(broken)).toBe(false);
    const messages = (validate.errors ?? []).map((e) => `${e.dataPath} ${e.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/services\['api'\].*additional properties/),
        expect.stringMatching(/services\['workers'\]\.depends_on.*condition.*allowed values/),
        expect.stringMatching(/services\['db'\]\.image should be string/),
      ]),
    );
  });

  test('the services are db, engine, bootstrap, api and workers, plus a second engine node and its workers in the cluster profile', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'bootstrap', 'db', 'engine', 'engine-2', 'workers', 'workers-2']);
    expect(services.db.image).toMatch(/^mariadb:11\.4/);
    expect(services['engine-2'].profiles).toEqual(['cluster']);
    expect(services['workers-2'].profiles).toEqual(['cluster']);
    expect(services.db.command).toEqual(expect.arrayContaining(['--character-set-server=utf8mb4', '--transaction-isolation=READ-COMMITTED']));
    expect(services.db.volumes).toContain('db-data:/var/lib/mysql');
  });

  test('every build context and Dockerfile, and every mounted host path, exists', () => {
    for (const [name, s] of Object.entries(services)) {
      if (!s.build) continue;
      const context = path.resolve(ROOT, s.build.context);
      expect([name, fs.existsSync(context)]).toEqual([name, true]);
      expect([name, fs.existsSync(path.join(context, s.build.dockerfile ?? 'Dockerfile'))]).toEqual([name, true]);
    }
    for (const s of Object.values(services)) {
      for (const volume of s.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('.') || source.startsWith('/')) expect([volume, fs.existsSync(path.resolve(ROOT, source))]).toEqual([volume, true]);
      }
    }
    for (const s of [...nodeServices, 'api']) expect((services[s].command as string[]).at(-1)).toMatch(/\.ts$/);
    for (const s of nodeServices) {
      const script = (services[s].command as string[]).at(-1) as string;
      expect([script, fs.existsSync(path.join(ROOT, script))]).toEqual([script, true]);
    }
  });

  test('every environment variable a service sets is one that service reads', () => {
    const engineReads = engineVariables();
    for (const s of engineServices) {
      const unknown = Object.keys(services[s].environment ?? {}).filter((k) => !engineReads.has(k));
      expect([s, unknown]).toEqual([s, []]);
    }
    for (const s of nodeServices) {
      const unknown = Object.keys(services[s].environment ?? {}).filter((k) => !CONFIG_VARIABLES.includes(k));
      expect([s, unknown]).toEqual([s, []]);
    }
    // The official MariaDB image's variables, TZ, and the engine password read by deploy/mariadb's init script.
    const initScript = fs.readFileSync(path.join(ROOT, 'deploy/mariadb/10-engine-database.sh'), 'utf8');
    for (const k of Object.keys(services.db.environment ?? {})) {
      expect([k, k.startsWith('MARIADB_') || k === 'TZ' || initScript.includes(`\${${k}}`)]).toEqual([k, true]);
    }
  });

  test('no default passwords: every secret is required with ${VAR:?message}, and up refuses to start without it', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [k, v] of Object.entries(s.environment ?? {})) {
        if (/PASSWORD|TOKEN|API_KEYS/.test(k)) expect([name, k, String(v)]).toEqual([name, k, expect.stringMatching(/^\$\{[A-Z_]+:\?.+\}$/)]);
        if (k === 'DATABASE_URL') expect(String(v)).toMatch(/\$\{APP_DB_PASSWORD:\?/);
      }
    }
    for (const secret of Object.keys(SECRETS)) {
      const without = { ...SECRETS, [secret]: '' };
      const failures = Object.keys(services).flatMap((s) => {
        try {
          environmentOf(s, without);
          return [];
        } catch (err) {
          return [(err as Error).message];
        }
      });
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.every((m) => m.startsWith(`${secret}: set ${secret} in .env`))).toBe(true);
    }
  });

  test('.env.example lists every variable the compose file reads', () => {
    const example = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const used = new Set([...text.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]));
    expect([...used].filter((v) => !listed.has(v))).toEqual([]);
  });

  test('start order: the app services wait for a healthy database and engine and a finished bootstrap; every service waited on has a health check', () => {
    for (const s of ['api', 'workers']) {
      expect(services[s].depends_on).toEqual({
        db: { condition: 'service_healthy' },
        engine: { condition: 'service_healthy' },
        bootstrap: { condition: 'service_completed_successfully' },
      });
    }
    expect(services['workers-2'].depends_on?.['engine-2']).toEqual({ condition: 'service_healthy' });
    expect(services.engine.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    for (const s of Object.values(services)) {
      for (const [target, dep] of Object.entries(s.depends_on ?? {})) {
        if (dep.condition === 'service_healthy') expect([target, services[target].healthcheck !== undefined]).toEqual([target, true]);
      }
    }
    for (const s of ['db', 'engine', 'engine-2', 'api', 'workers', 'workers-2']) expect([s, services[s].healthcheck !== undefined]).toEqual([s, true]);
  });

  test('the Node services run with NODE_ENV=production and their interpolated environment passes the platform configuration check', () => {
    for (const s of nodeServices) {
      const env = environmentOf(s, SECRETS);
      expect(env.NODE_ENV).toBe('production');
      const config = validatePlatformConfig(env);
      expect(config.isProduction).toBe(true);
      expect(config.databaseUrl).toBe('mysql://app:app-secret-123456@db:3306/app');
      expect(config.operations.metricsToken).toBe(SECRETS.METRICS_TOKEN);
    }
    expect(validatePlatformConfig(environmentOf('workers-2', SECRETS)).engine.restUrl).toBe('http://engine-2:8080/engine-rest');
    expect(validatePlatformConfig(environmentOf('api', SECRETS)).engine.restUrl).toBe('http://engine:8080/engine-rest');
  });

  test('the engine image: multi-stage Maven build, JRE 17 runtime, non-root user, management port not published', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'engine/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM maven:\S+ AS build$/m);
    expect(dockerfile).toMatch(/^FROM eclipse-temurin:17-jre$/m);
    expect(dockerfile).toMatch(/^USER engine$/m);
    const node = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(node).toMatch(/^USER node$/m);
    expect(node).toMatch(/NODE_ENV=production/);
    for (const s of engineServices) expect(services[s].ports ?? []).not.toContainEqual(expect.stringContaining('8081'));
    expect(services.engine.ports).toEqual(['${ENGINE_PUBLISH_PORT:-8080}:8080']);
    expect(services.db.ports).toBeUndefined();
    expect(environmentOf('engine', SECRETS)).toMatchObject({ ENGINE_DB_URL: 'jdbc:mariadb://db:3306/engine', ENGINE_MANAGEMENT_PORT: '8081' });
  });
});
