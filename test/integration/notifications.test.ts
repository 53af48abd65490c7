import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';
import { EventEntity, NoticeEntity, type Notice } from '../../src/db/entities/index.js';
import { deployModels } from '../../src/engine/deployment.js';
import { silentLogger } from '../../src/logger.js';
import { createNoticeDelivery, type NoticeDelivery, type NoticeDeliveryOptions } from '../../src/notifications/delivery.js';
import { enqueueNotices, type NewNotice } from '../../src/notifications/outbox.js';
import type { Worker } from '../../workers/runner.js';
import type { TopicDefinition } from '../../workers/topic.js';
import { eventNotify } from '../../workers/topics/event-notify.js';
import { adminEngine, openTestDatabase, startWorkers, uniqueKey, waitFor } from './support/platform.js';

/**
 * Notifications end to end with real parts: a real SMTP server (smtp-server) and a real HTTP
 * receiver standing in for the SMS gateway, the real outbox table, the real engine and worker client.
 */

// ---------------------------------------------------------------- a real SMTP server and webhook
interface Mail {
  rcptTo: string[];
  user: string | undefined;
  subject: string;
  text: string;
  raw: string;
}

interface Hook {
  idempotencyKey: string | undefined;
  body: { causeKey: string; eventNumber: string; to: string | null; subject: string; text: string; recipient: string };
}

/** Just enough MIME to read what nodemailer writes: encoded-word headers, base64 / quoted-printable parts. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

function splitMessage(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body: raw.slice(at + 4) };
}

function textPart(raw: string): string {
  const { headers, body } = splitMessage(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(headers['content-type'] ?? '')?.[1];
  if (boundary) {
    for (const part of body.split(`--${boundary}`)) {
      if (/content-type:\s*text\/plain/i.test(part)) return textPart(part.replace(/^\r\n/, ''));
    }
    return '';
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

async function startSmtp(): Promise<{ server: SMTPServer; port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'notify' && auth.password === 's3cret') callback(null, { user: auth.username });
      else callback(new Error('invalid credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        mails.push({
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          subject: decodeWords(splitMessage(raw).headers.subject ?? ''),
          text: textPart(raw),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, mails };
}

/** The SMS gateway: answers 200, or the statuses planned for an event number, in turn. */
async function startWebhook(): Promise<{ server: http.Server; url: string; hooks: Hook[]; plan: Map<string, number[]> }> {
  const hooks: Hook[] = [];
  const plan = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Hook['body'];
      hooks.push({ idempotencyKey: req.headers['idempotency-key'] as string | undefined, body });
      const status = plan.get(body.eventNumber)?.shift() ?? 200;
      // Like many gateways, it echoes the number it was given.
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status < 300, to: body.to }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, hooks, plan };
}

// ---------------------------------------------------------------- shared set-up
let db: DataSource;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let webhook: Awaited<ReturnType<typeof startWebhook>>;
const deliveries: NoticeDelivery[] = [];

function delivery(over: Partial<NoticeDeliveryOptions> & { maxAttempts?: number; smtp?: boolean; hook?: boolean } = {}): NoticeDelivery {
  const { maxAttempts = 3, smtp: withSmtp = true, hook = true, ...options } = over;
  const d = createNoticeDelivery({
    db,
    logger: silentLogger,
    config: {
      notify: {
        smtpUrl: withSmtp ? `smtp://notify:s3cret@127.0.0.1:${smtp.port}` : undefined,
        from: '上城区联动指挥中心 <noreply@linkage.test>',
        webhookUrl: hook ? webhook.url : undefined,
        maxAttempts,
        intervalMs: 200,
      },
    },
    webhookTimeoutMs: 5000,
    ...options,
  });
  deliveries.push(d);
  return d;
}

const noticesOf = (eventNumber: string): Promise<Notice[]> => db.getRepository(NoticeEntity).find({ where: { eventNumber }, order: { id: 'ASC' } });

function smsNotice(eventNumber: string, n = 1): NewNotice {
  return {
    causeKey: `event-closed:${eventNumber}:0:reporter:test${n}`,
    template: 'event-closed',
    channel: 'webhook',
    recipient: 'reporter',
    eventNumber,
    payload: { to: '13900000000', toName: '您', subject: `您反映的问题已办结（${eventNumber}）`, text: '您好！已办结。', html: '<div>您好！已办结。</div>' },
  };
}

function mailNotice(eventNumber: string, n = 1): NewNotice {
  return {
    causeKey: `event-warning:${eventNumber}:1:unit:urban-management:test${n}`,
    template: 'event-warning',
    channel: 'email',
    recipient: 'unit:urban-management',
    eventNumber,
    payload: { to: 'liaison.cg@example.gov.cn', toName: '区城管局', subject: `【预警】事件${eventNumber}即将到期`, text: '请抓紧处置。', html: '<div>请抓紧处置。</div>' },
  };
}

beforeAll(async () => {
  db = await openTestDatabase();
  // The test database is shared by the whole run: notices left pending by other test files would
  // fill this file's delivery batches. Set them aside so these tests see only their own notices.
  await db.getRepository(NoticeEntity).update({ status: 'pending' }, { status: 'skipped', lastError: 'set aside by notifications.test.ts' });
  smtp = await startSmtp();
  webhook = await startWebhook();
});

afterAll(async () => {
  for (const d of deliveries) await d.stop();
  await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  await new Promise<void>((resolve) => webhook.server.close(() => resolve()));
  await db.destroy();
});

// ---------------------------------------------------------------- through the real engine
const NOTIFY_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="test-notify" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="S"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="ServiceTask_NotifyAccepted" name="通知受理结果" camunda:type="external" camunda:topic="event-notify">
      <bpmn:extensionElements><camunda:inputOutput>
        <camunda:inputParameter name="noticeTemplate">event-accepted</camunda:inputParameter>
        <camunda:inputParameter name="noticeRecipient">reporter</camunda:inputParameter>
      </camunda:inputOutput></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:exclusiveGateway id="G_Join"><bpmn:incoming>f2</bpmn:incoming><bpmn:incoming>f5</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:serviceTask id="ServiceTask_NotifyDispatched" name="通知责任单位" camunda:type="external" camunda:topic="event-notify">
      <bpmn:extensionElements><camunda:inputOutput>
        <camunda:inputParameter name="noticeTemplate">event-dispatched</camunda:inputParameter>
        <camunda:inputParameter name="noticeRecipient">lead-unit,cooperating-units</camunda:inputParameter>
      </camunda:inputOutput></bpmn:extensionElements>
      <bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:userTask id="UserTask_NextRound" name="下一轮"><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f4b</bpmn:outgoing></bpmn:userTask>
    <bpmn:exclusiveGateway id="G_Again"><bpmn:incoming>f4b</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing><bpmn:outgoing>f6</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:endEvent id="E"><bpmn:incoming>f6</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="ServiceTask_NotifyAccepted"/>
    <bpmn:sequenceFlow id="f2" sourceRef="ServiceTask_NotifyAccepted" targetRef="G_Join"/>
    <bpmn:sequenceFlow id="f3" sourceRef="G_Join" targetRef="ServiceTask_NotifyDispatched"/>
    <bpmn:sequenceFlow id="f4" sourceRef="ServiceTask_NotifyDispatched" targetRef="UserTask_NextRound"/>
    <bpmn:sequenceFlow id="f4b" sourceRef="UserTask_NextRound" targetRef="G_Again"/>
    <bpmn:sequenceFlow id="f5" sourceRef="G_Again" targetRef="G_Join"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${again}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f6" sourceRef="G_Again" targetRef="E"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${!again}</bpmn:conditionExpression></bpmn:sequenceFlow>
  </bpmn:process></bpmn:definitions>`;

describe('the event-notify topic through the real engine and worker client', () => {
  let worker: Worker;
  /** Handler calls per (process instance, activity). */
  const calls = new Map<string, number>();
  /** The real handler; the first call of each step "loses the engine" after writing, so the engine redelivers the task. */
  const flakyNotify: TopicDefinition = {
    ...eventNotify,
    async handle(task, deps) {
      const key = `${task.processInstanceId}/${task.activityId}`;
      const n = (calls.get(key) ?? 0) + 1;
      calls.set(key, n);
      const result = await eventNotify.handle(task, deps);
      if (n === 1) throw new Error('connection to the engine lost before complete');
      return result;
    },
  };

  beforeAll(async () => {
    await deployModels(adminEngine(), [{ name: 'test-notify.bpmn', content: NOTIFY_BPMN }], 'test-notify');
    worker = startWorkers(db, [flakyNotify], { retries: 3 });
  });
  afterAll(async () => {
    await worker.stop();
  });

  test('given an event with a reporter phone, when a redelivered notify task runs twice, then each recipient has one notice; a second round gives new ones', async () => {
    const engine = adminEngine();
    const eventNumber = uniqueKey('SJ');
    await db.getRepository(EventEntity).insert({
      number: eventNumber,
      channel: 'hotline',
      externalId: eventNumber,
      requestHash: 'x'.repeat(64),
      category: 'manhole-cover',
      title: '人行道井盖缺失',
      description: '江南大道100号门口井盖缺失',
      address: '长河街道江南大道100号',
      reporterName: '张三',
      reporterPhone: '13812345678',
      attachments: '[]',
      reportedAt: new Date(),
      receivedAt: new Date(),
      status: 'handling',
    });
    const started = await engine.post<{ id: string }>('/process-definition/key/test-notify/start', {
      businessKey: eventNumber,
      variables: {
        eventNumber: { value: eventNumber },
        title: { value: '人行道井盖缺失' },
        leadUnit: { value: 'urban-management' },
        cooperatingUnits: { value: 'housing-bureau' },
        dueAt: { value: '2026-11-27T17:00:00+08:00' },
        handlingRound: { value: 1, type: 'Integer' },
      },
    });
    type Task = { id: string };
    const nextRoundTask = () =>
      waitFor(async () => (await engine.get<Task[]>('/task', { processInstanceId: started.id, taskDefinitionKey: 'UserTask_NextRound' }))[0], 'the next-round task');

    const first = await nextRoundTask();
    expect(calls.get(`${started.id}/ServiceTask_NotifyAccepted`)).toBe(2);
    expect(calls.get(`${started.id}/ServiceTask_NotifyDispatched`)).toBe(2);
    let notices = await noticesOf(eventNumber);
    expect(notices.map((n) => [n.template, n.recipient, n.channel, n.status])).toEqual([
      ['event-accepted', 'reporter', 'webhook', 'pending'],
      ['event-dispatched', 'unit:urban-management', 'email', 'pending'],
      ['event-dispatched', 'unit:housing-bureau', 'email', 'pending'],
    ]);
    // The phone stays in the payload for the gateway; the recipient column names the role.
    expect(notices.every((n) => !n.recipient.includes('138'))).toBe(true);
    expect(notices[1].causeKey).toMatch(new RegExp(`^event-dispatched:${eventNumber}:1:unit:urban-management:[0-9a-f]{16}$`));

    // A new handling round at the same step is a new cause.
    await engine.post(`/task/${first.id}/complete`, { variables: { handlingRound: { value: 2, type: 'Integer' }, again: { value: true } } });
    await waitFor(async () => ((await noticesOf(eventNumber)).length === 5 ? true : undefined), 'the round-2 notices');
    const second = await nextRoundTask();
    await engine.post(`/task/${second.id}/complete`, { variables: { again: { value: false } } });
    await waitFor(async () => ((await engine.get<{ state: string }>(`/history/process-instance/${started.id}`)).state === 'COMPLETED' ? true : undefined), 'the process to end');
    notices = await noticesOf(eventNumber);
    expect(notices.filter((n) => n.template === 'event-dispatched').map((n) => n.causeKey.split(':')[2])).toEqual(['1', '1', '2', '2']);

    // Then delivery sends them: the units by e-mail with a Chinese subject, the reporter by SMS webhook.
    const run = await delivery().runOnce();
    expect(run.sent).toBeGreaterThanOrEqual(5);
    const mails = smtp.mails.filter((m) => m.subject.includes(eventNumber));
    expect(mails).toHaveLength(4);
    const toLead = mails.filter((m) => m.rcptTo.includes('liaison.cg@example.gov.cn'));
    expect(toLead).toHaveLength(2);
    expect(toLead[0].subject).toBe(`【派单】${eventNumber} 人行道井盖缺失`);
    expect(toLead[0].user).toBe('notify');
    expect(toLead[0].text).toContain('区城管局：');
    expect(toLead[0].text).toContain('你单位为主办单位');
    expect(toLead[0].text).toContain('2026年11月27日 17:00');
    expect(toLead[0].text).toContain('区住建局');
    const sms = webhook.hooks.filter((h) => h.body.eventNumber === eventNumber);
    expect(sms).toHaveLength(1);
    expect(sms[0].idempotencyKey).toBe(notices[0].causeKey);
    expect(sms[0].body).toMatchObject({ to: '13812345678', recipient: 'reporter', subject: `您反映的问题已受理（${eventNumber}）` });
    expect(sms[0].body.text).toContain('人行道井盖缺失');
    const after = await noticesOf(eventNumber);
    expect(after.map((n) => n.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(after.every((n) => n.attempts === 1 && n.sentAt instanceof Date)).toBe(true);
  });

  test('a reporter without a phone number gets no SMS: the notice is recorded as skipped', async () => {
    const engine = adminEngine();
    const eventNumber = uniqueKey('SJ');
    const started = await engine.post<{ id: string }>('/process-definition/key/test-notify/start', {
      businessKey: eventNumber,
      variables: { eventNumber: { value: eventNumber }, title: { value: '噪音扰民' }, leadUnit: { value: 'environment-bureau' } },
    });
    await waitFor(async () => (await engine.get<unknown[]>('/task', { processInstanceId: started.id })).length > 0, 'the next-round task');
    const notices = await noticesOf(eventNumber);
    expect(notices.map((n) => [n.recipient, n.channel, n.status])).toEqual([
      ['reporter', 'none', 'skipped'],
      ['unit:environment-bureau', 'email', 'pending'],
    ]);
    await engine.delete(`/process-instance/${started.id}`);
  });
});

// ---------------------------------------------------------------- delivery, retries, claims
describe('delivery retries and claims', () => {
  test('when the SMS gateway answers 500 twice and then 200, the notice is delivered once, after backoff, with its attempts recorded', async () => {
    const eventNumber = uniqueKey('SJ');
    webhook.plan.set(eventNumber, [500, 500, 200]);
    await enqueueNotices(db, [smsNotice(eventNumber)]);
    let clock = Date.now();
    const logged: unknown[] = [];
    const capture = (msg: string, fields?: Record<string, unknown>) => void logged.push({ msg, ...fields });
    const logger = { debug: capture, info: capture, warn: capture, error: capture };
    const d = delivery({ now: () => new Date(clock), backoffBaseMs: 30_000, maxAttempts: 5, logger });
    const hooksFor = () => webhook.hooks.filter((h) => h.body.eventNumber === eventNumber);

    await d.runOnce();
    let [row] = await noticesOf(eventNumber);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.lastError).toContain('webhook answered HTTP 500');
    expect(row.lastError).toContain('13900000000');
    expect(row.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(clock + 29_000);

    await d.runOnce(); // not due yet: backoff
    expect(hooksFor()).toHaveLength(1);

    clock += 31_000;
    await d.runOnce();
    [row] = await noticesOf(eventNumber);
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    expect(row.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(clock + 59_000); // doubled

    clock += 61_000;
    await d.runOnce();
    [row] = await noticesOf(eventNumber);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(row.sentAt).toBeInstanceOf(Date);

    clock += 3_600_000;
    await d.runOnce();
    const hooks = hooksFor();
    expect(hooks).toHaveLength(3);
    expect(new Set(hooks.map((h) => h.idempotencyKey))).toEqual(new Set([row.causeKey]));
    // The gateway's answer (with the phone number) is kept in the table for diagnosis, never logged.
    expect(JSON.stringify(logged)).toContain('notice delivery failed, will retry');
    expect(JSON.stringify(logged)).not.toContain('13900000000');
  });

  test('when the gateway keeps failing, the notice is marked failed after NOTIFY_MAX_ATTEMPTS and not tried again', async () => {
    const eventNumber = uniqueKey('SJ');
    webhook.plan.set(eventNumber, [503, 500, 502, 500, 500]);
    await enqueueNotices(db, [smsNotice(eventNumber)]);
    let clock = Date.now();
    const d = delivery({ now: () => new Date(clock), backoffBaseMs: 1000, maxAttempts: 3 });
    for (let i = 0; i < 5; i += 1) {
      await d.runOnce();
      clock += 3_600_000;
    }
    const [row] = await noticesOf(eventNumber);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, sentAt: null });
    expect(row.lastError).toContain('HTTP 502');
    expect(webhook.hooks.filter((h) => h.body.eventNumber === eventNumber)).toHaveLength(3);
  });

  test('when the SMTP server is unreachable, the e-mail is retried, not lost', async () => {
    const eventNumber = uniqueKey('SJ');
    await enqueueNotices(db, [mailNotice(eventNumber)]);
    const closed = await startSmtp();
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    const d = createNoticeDelivery({
      db,
      logger: silentLogger,
      config: { notify: { smtpUrl: `smtp://127.0.0.1:${closed.port}`, from: 'x <x@localhost>', maxAttempts: 5, intervalMs: 1000 } },
    });
    deliveries.push(d);
    await d.runOnce();
    const [row] = await noticesOf(eventNumber);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    // The real server delivers it on a later try.
    await delivery({ now: () => new Date(Date.now() + 3_600_000) }).runOnce();
    expect((await noticesOf(eventNumber))[0].status).toBe('sent');
    expect(smtp.mails.filter((m) => m.subject.includes(eventNumber))).toHaveLength(1);
  });

  test('two replicas delivering at the same time send every notice exactly once', async () => {
    const eventNumber = uniqueKey('SJ');
    const batch = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? smsNotice(eventNumber, i) : mailNotice(eventNumber, i)));
    await enqueueNotices(db, batch);
    const otherConnection = await openTestDatabase();
    try {
      const a = delivery({ claimant: 'replica-a' });
      const b = delivery({ db: otherConnection, claimant: 'replica-b' });
      const results = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
      expect(results.reduce((sum, r) => sum + r.sent, 0)).toBeGreaterThanOrEqual(12);
    } finally {
      await otherConnection.destroy();
    }
    const rows = await noticesOf(eventNumber);
    expect(rows.map((r) => r.status)).toEqual(Array(12).fill('sent'));
    expect(rows.every((r) => r.attempts === 1 && r.claimedBy === null)).toBe(true);
    const hooks = webhook.hooks.filter((h) => h.body.eventNumber === eventNumber).map((h) => h.idempotencyKey);
    const mails = smtp.mails.filter((m) => m.subject.includes(eventNumber));
    expect(hooks).toHaveLength(6);
    expect(new Set(hooks).size).toBe(6);
    expect(mails).toHaveLength(6);
    const causes = mails.map((m) => splitMessage(m.raw).headers['x-notice-cause']);
    expect(new Set(causes).size).toBe(6);
    expect(causes.every((c) => c?.startsWith(`event-warning:${eventNumber}:`))).toBe(true);
  });

  test('writing the same cause twice keeps one outbox row', async () => {
    const eventNumber = uniqueKey('SJ');
    await enqueueNotices(db, [smsNotice(eventNumber)]);
    await enqueueNotices(db, [smsNotice(eventNumber), smsNotice(eventNumber, 2)]);
    expect((await noticesOf(eventNumber)).map((n) => n.causeKey)).toEqual([smsNotice(eventNumber).causeKey, smsNotice(eventNumber, 2).causeKey]);
  });

  test('a channel that is not configured leaves its notices pending (no SMTP in development)', async () => {
    const eventNumber = uniqueKey('SJ');
    await enqueueNotices(db, [mailNotice(eventNumber), smsNotice(eventNumber)]);
    await delivery({ smtp: false }).runOnce();
    const rows = await noticesOf(eventNumber);
    expect(rows.map((r) => [r.channel, r.status])).toEqual([
      ['email', 'pending'],
      ['webhook', 'sent'],
    ]);
    expect(smtp.mails.filter((m) => m.subject.includes(eventNumber))).toHaveLength(0);
  });

  test('a notice claimed by a replica that died is released and sent after the claim timeout', async () => {
    const eventNumber = uniqueKey('SJ');
    await enqueueNotices(db, [smsNotice(eventNumber)]);
    const [row] = await noticesOf(eventNumber);
    await db.getRepository(NoticeEntity).update({ id: row.id }, { status: 'sending', claimedBy: 'dead-replica', claimedAt: new Date(Date.now() - 60_000) });
    await delivery({ claimTimeoutMs: 3_600_000 }).runOnce();
    expect((await noticesOf(eventNumber))[0].status).toBe('sending');
    await delivery({ claimTimeoutMs: 30_000 }).runOnce();
    const [after] = await noticesOf(eventNumber);
    expect(after).toMatchObject({ status: 'sent', attempts: 2 });
  });

  test('the loop started by the worker process delivers by itself and stops cleanly', async () => {
    const eventNumber = uniqueKey('SJ');
    await enqueueNotices(db, [smsNotice(eventNumber)]);
    const d = delivery();
    d.start();
    await waitFor(async () => ((await noticesOf(eventNumber))[0].status === 'sent' ? true : undefined), 'the loop to deliver', 10_000);
    await d.stop();
  });
});
