import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import type { Server } from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { In, type DataSource } from 'typeorm';
import { loadConfig } from '../../src/config.js';
import { EventEntity } from '../../src/db/entities/index.js';
import { developmentIntakeKeys } from '../../src/events/api-keys.js';
import type { ChannelId } from '../../src/events/channels.js';
import { silentLogger } from '../../src/logger.js';
import { startWebServer, stopWebServer } from '../../src/server.js';
import { adminEngine, openTestDatabase, testConfig, testContext, uniqueKey } from './support/platform.js';

/**
 * Issue 13 point 1 on the real engine and the real app database: one channel floods two API
 * instances; its per-channel limit (kept in the database) holds across both, the flood is refused
 * with 429 and Retry-After, and another channel's accepted requests are not slowed: hotline's p99
 * under the flood stays within 2× of its quiet p99.
 *
 * The measurement: the flood comes from a process of its own (test/integration/support/flooder.mjs:
 * node:http on keep-alive connections, a fixed rate, so generating it takes little of the machine),
 * while this process — both API instances — times hotline's reports one after another. Quiet and
 * flood phases alternate (PHASES times PHASE_SAMPLES reports each), so both see the same background
 * load of the machine, and the p99 of ALL quiet samples is compared with the p99 of ALL samples
 * under the flood (400 each: the p99 is the 5th slowest, not one outlier).
 *
 * The bound is asserted by default; `SECURITY_ASSERT_FLOOD_P99=0` only prints it (for a machine
 * busy with other work, where neither phase measures the API).
 */
const FLOOD_RATE = 200;
const PHASES = 10;
const PHASE_SAMPLES = 40;
const WARM_UP_SAMPLES = 20;
const ASSERT_P99 = process.env.SECURITY_ASSERT_FLOOD_P99 !== '0';

interface PhaseReport {
  sent: number;
  statuses: Record<string, number>;
  retryAfter: Array<string | null>;
  connections: number;
  cpuMs: number;
  seconds: number;
}

function intakeReport(): Record<string, unknown> {
  return {
    externalId: uniqueKey('FLOOD'),
    category: 'road-damage',
    title: '路面坑洼',
    description: '长河路中段路面坑洼，车辆经过颠簸。',
    location: { address: '长河街道长河路 200 号', street: '长河街道' },
    reportedAt: new Date(Date.now() - 60_000).toISOString(),
  };
}

const quantile = (samples: number[], q: number) => [...samples].sort((a, b) => a - b)[Math.ceil(samples.length * q) - 1];
const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

let db: DataSource;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

describe('a flood from one channel is throttled across API instances and does not slow another channel', () => {
  test('wechat floods two API instances: only its limit is accepted, the flood is 429 with Retry-After; hotline is never refused and its p99 stays within 2× of quiet', async () => {
    // A window of its own: a fixed clock ten minutes into an hour far from now, an hour no other
    // test (nor an earlier run on the same database) counts in.
    const at = new Date(Date.UTC(2031, 0, 1) + crypto.randomInt(100_000) * 3_600_000 + 600_000);
    const now = () => at;
    const config = loadConfig({ ...process.env, INTAKE_RATE_LIMIT: '10000', INTAKE_RATE_LIMITS: 'wechat:5', INTAKE_RATE_WINDOW_SECONDS: '3600' });
    const keys = developmentIntakeKeys(testConfig());
    // Two API instances with their own database connections, as two processes would have.
    const secondDb = await openTestDatabase();
    const servers: Server[] = [];
    const urls: string[] = [];
    for (const instanceDb of [db, secondDb]) {
      const started = await startWebServer({ config, db: instanceDb, engine: adminEngine(), logger: silentLogger, context: testContext(), now }, 0);
      servers.push(started.server);
      urls.push(`http://127.0.0.1:${started.port}`);
    }
    const created: string[] = [];
    const post = async (channel: ChannelId, instance: number) => {
      const t0 = performance.now();
      const res = await fetch(`${urls[instance]}/api/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Api-Key': keys.get(channel) as string },
        body: JSON.stringify(intakeReport()),
      });
      const text = await res.text();
      const ms = performance.now() - t0;
      if (res.status === 201) created.push((JSON.parse(text) as { number: string }).number);
      return { status: res.status, ms };
    };
    const sequential = async (channel: ChannelId, n: number) => {
      const out = [];
      for (let i = 0; i < n; i += 1) out.push(await post(channel, i % 2));
      return out;
    };
    const flooder = spawn(process.execPath, [path.join('test/integration/support/flooder.mjs'), JSON.stringify({ urls, key: keys.get('wechat'), rate: FLOOD_RATE, body: intakeReport() })], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = readline.createInterface({ input: flooder.stdout });
    const waiting: Array<(line: string) => void> = [];
    lines.on('line', (line) => waiting.shift()?.(line));
    const nextLine = () => new Promise<string>((resolve) => waiting.push(resolve));
    const command = (c: string) => flooder.stdin.write(`${c}\n`);
    const floodFor = async (ms: number) => {
      const done = nextLine();
      command('on');
      await new Promise((r) => setTimeout(r, ms));
      command('off');
      return JSON.parse(await done) as PhaseReport;
    };
    try {
      const ready = nextLine();
      // Warm both instances (connections, compiled paths, the engine's caches).
      await sequential('hotline', WARM_UP_SAMPLES);
      expect(await ready).toBe('ready');

      // wechat first uses up its limit of 5 (spread over both instances, in parallel) …
      const withinLimit = await Promise.all(Array.from({ length: 5 }, (_, i) => post('wechat', i % 2)));
      // … then floods: first alone (the refusal path warms up, then what a refused request costs
      // this process — both API instances, otherwise idle — and the flooder is measured) …
      const warmUp = await floodFor(500);
      const cpuBefore = process.cpuUsage();
      const alone = await floodFor(1500);
      const apiCpuMs = cpuMsSince(cpuBefore);
      // … then in alternating phases: hotline reports PHASE_SAMPLES events quietly, then as many
      // under the flood, PHASES times over.
      const quiet: Array<Awaited<ReturnType<typeof post>>> = [];
      const underFlood: Array<Awaited<ReturnType<typeof post>>> = [];
      const phases: PhaseReport[] = [];
      const measuredFrom = performance.now();
      for (let phase = 0; phase < PHASES; phase += 1) {
        quiet.push(...(await sequential('hotline', PHASE_SAMPLES)));
        const done = nextLine();
        command('on');
        await new Promise((r) => setTimeout(r, 100));
        underFlood.push(...(await sequential('hotline', PHASE_SAMPLES)));
        command('off');
        phases.push(JSON.parse(await done) as PhaseReport);
      }

      const seconds = (performance.now() - measuredFrom) / 1000;
      const all = [warmUp, alone, ...phases];
      const sent = all.reduce((n, p) => n + p.sent, 0);
      const throttled = all.reduce((n, p) => n + (p.statuses['429'] ?? 0), 0);
      const floodSeconds = phases.reduce((s, p) => s + p.seconds, 0);
      const floodSent = phases.reduce((n, p) => n + p.sent, 0);
      const ms = (samples: Array<{ ms: number }>) => samples.map((r) => r.ms);
      const quietP99 = quantile(ms(quiet), 0.99);
      const floodP99 = quantile(ms(underFlood), 0.99);
      const ratio = floodP99 / quietP99;
      const us = (cpuMs: number, n: number) => `${((cpuMs * 1000) / n).toFixed(0)} µs`;
      console.log(
        `flood: wechat sent ${sent + 5} requests, accepted ${withinLimit.filter((r) => r.status === 201).length}, throttled ${throttled} (429) ` +
          `at ${(floodSent / floodSeconds).toFixed(0)}/s from its own process over ${all.reduce((n, p) => n + p.connections, 0)} keep-alive connections; ` +
          `hotline p99 quiet ${quietP99.toFixed(1)} ms, under flood ${floodP99.toFixed(1)} ms: ratio ${ratio.toFixed(2)} (target ≤ 2${ASSERT_P99 ? '' : ', not asserted'}); ` +
          `p50 ${quantile(ms(quiet), 0.5).toFixed(1)} → ${quantile(ms(underFlood), 0.5).toFixed(1)} ms, p90 ${quantile(ms(quiet), 0.9).toFixed(1)} → ${quantile(ms(underFlood), 0.9).toFixed(1)} ms ` +
          `(${quiet.length} + ${underFlood.length} samples in ${PHASES} alternating phases, ${seconds.toFixed(1)} s); ` +
          `CPU per refused request: API ${us(apiCpuMs, alone.sent)}, flooder ${us(alone.cpuMs, alone.sent)}`,
      );
      // The limit holds across both instances: the 5 within the limit accepted, every one of the flood refused.
      expect(withinLimit.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      // The flood really ran at its rate through the measured phases (a starved flooder would prove nothing).
      expect(floodSent / floodSeconds).toBeGreaterThan(0.8 * FLOOD_RATE);
      expect(throttled).toBe(sent);
      // Retry-After: seconds to the end of the hour-long window, ten minutes in → 50 minutes.
      expect(new Set(all.flatMap((p) => p.retryAfter))).toEqual(new Set(['3000']));
      // The other channel: every request accepted, none throttled, and not slowed by the flood.
      expect([...quiet, ...underFlood].map((r) => r.status)).toEqual(Array(2 * PHASES * PHASE_SAMPLES).fill(201));
      if (ASSERT_P99) expect(ratio).toBeLessThanOrEqual(2);
    } finally {
      command('quit');
      for (const s of servers) await stopWebServer(s);
      await secondDb.destroy();
      // The ~850 reports' processes wait for workers this test never starts: delete them, so that a
      // later test file's workers do not first work through them.
      const engine = adminEngine();
      const rows = await db.getRepository(EventEntity).findBy({ number: In(created) });
      const ids = rows.map((r) => r.processInstanceId).filter((id): id is string => !!id);
      for (let i = 0; i < ids.length; i += 8) await Promise.all(ids.slice(i, i + 8).map((id) => engine.processes.delete(id).catch(() => undefined)));
    }
  }, 600_000);
});
