import { loadConfig } from '../../../src/config.js';
import { loadOrgChart } from '../../../src/identity/org-chart.js';
import { backoffDelay } from '../../../src/notifications/delivery.js';
import { parseRecipientSpec, RecipientError, resolveRecipients, type RecipientFacts } from '../../../src/notifications/recipients.js';
import { NOTICE_TYPE_NAMES } from '../../../src/notifications/types.js';
import { noticeCauseKey } from '../../../workers/topics/event-notify.js';

const chart = loadOrgChart();
const facts: RecipientFacts = {
  leadUnit: 'urban-management',
  cooperatingUnits: ['housing-bureau', 'changhe-platform-enforcement'],
  noticeUnit: 'environment-bureau',
  reporterPhone: '13800001111',
};
const resolve = (spec: string, over: Partial<RecipientFacts> = {}) => resolveRecipients(parseRecipientSpec(spec), { ...facts, ...over }, chart);

describe('who a notice goes to (noticeRecipient)', () => {
  test('the reporter is reached by SMS through the webhook, with the phone from the event table', () => {
    expect(resolve('reporter')).toEqual([expect.objectContaining({ id: 'reporter', channel: 'webhook', address: '13800001111' })]);
  });

  test('a reporter without a phone number gets no notice (recorded as skipped, channel none)', () => {
    expect(resolve('reporter', { reporterPhone: null })).toEqual([expect.objectContaining({ id: 'reporter', channel: 'none', address: null })]);
  });

  test('the lead unit and the cooperating units are reached by e-mail at their liaison’s address', () => {
    const r = resolve('lead-unit,cooperating-units');
    expect(r.map((x) => [x.id, x.channel, x.address, x.view.role])).toEqual([
      ['unit:urban-management', 'email', 'liaison.cg@example.gov.cn', 'lead'],
      ['unit:housing-bureau', 'email', 'liaison.zj@example.gov.cn', 'cooperating'],
      ['unit:changhe-platform-enforcement', 'email', 'liaison.zf@example.gov.cn', 'cooperating'],
    ]);
    expect(r[0].view.name).toBe('区城管局');
  });

  test('an overdue notice reaches the unit, its liaison in person and the centre (S2-5.1)', () => {
    const r = resolve('lead-unit, liaison:lead-unit, centre');
    expect(r.map((x) => [x.id, x.channel, x.address, x.view.role])).toEqual([
      ['unit:urban-management', 'email', 'liaison.cg@example.gov.cn', 'lead'],
      ['liaison:urban-management', 'webhook', '0571-80000011', 'liaison'],
      ['unit:linkage-centre', 'email', 'liaison.centre@example.gov.cn', 'centre'],
    ]);
    expect(r[1].view.name).toBe('沈洋（区城管局联络员）');
  });

  test('unit:<id>, liaison:<id> and notice-unit name units of the org chart', () => {
    expect(resolve('unit:social-management-office')[0]).toMatchObject({ id: 'unit:social-management-office', address: 'liaison.sgb@example.gov.cn' });
    expect(resolve('notice-unit')[0].id).toBe('unit:environment-bureau');
    expect(resolve('liaison:housing-bureau')[0]).toMatchObject({ id: 'liaison:housing-bureau', address: '0571-80000013' });
  });

  test('the same recipient named twice gets one notice', () => {
    expect(resolve('centre,unit:linkage-centre,lead-unit,unit:urban-management').map((r) => r.id)).toEqual(['unit:linkage-centre', 'unit:urban-management']);
  });

  test('no cooperating units is not an error', () => {
    expect(resolve('lead-unit,cooperating-units', { cooperatingUnits: [] }).map((r) => r.id)).toEqual(['unit:urban-management']);
  });

  test('a modelling mistake is an error (the task fails and Cockpit shows an incident)', () => {
    expect(() => parseRecipientSpec('')).toThrow(RecipientError);
    expect(() => parseRecipientSpec('reporter,mayor')).toThrow(/"mayor"/);
    expect(() => parseRecipientSpec('unit:')).toThrow(RecipientError);
    expect(() => resolve('unit:no-such-unit')).toThrow(/no-such-unit is not in the org chart/);
    expect(() => resolve('lead-unit', { leadUnit: null })).toThrow(/leadUnit/);
    expect(() => resolve('notice-unit', { noticeUnit: null })).toThrow(/noticeUnit/);
  });
});

describe('a notice is never produced twice for the same cause', () => {
  const task = { processInstanceId: 'b6c5f1d2-8a8e-11f0-9d3c-0242ac120002', activityId: 'ServiceTask_NotifyOverdue' };

  test('the cause key is the same for a redelivered task, and differs for another round, recipient or step', () => {
    const key = noticeCauseKey('event-overdue', 'SJ-20261120-000042', 1, 'unit:urban-management', task);
    expect(noticeCauseKey('event-overdue', 'SJ-20261120-000042', 1, 'unit:urban-management', { ...task })).toBe(key);
    expect(key).toMatch(/^event-overdue:SJ-20261120-000042:1:unit:urban-management:[0-9a-f]{16}$/);
    expect(noticeCauseKey('event-overdue', 'SJ-20261120-000042', 2, 'unit:urban-management', task)).not.toBe(key);
    expect(noticeCauseKey('event-overdue', 'SJ-20261120-000042', 1, 'liaison:urban-management', task)).not.toBe(key);
    expect(noticeCauseKey('event-overdue', 'SJ-20261120-000042', 1, 'unit:urban-management', { ...task, activityId: 'ServiceTask_Other' })).not.toBe(key);
  });

  test('the longest cause key fits the 191-character unique column', () => {
    const longestType = [...NOTICE_TYPE_NAMES].sort((a, b) => b.length - a.length)[0];
    const longestUnit = [...chart.units].sort((a, b) => b.id.length - a.id.length)[0].id;
    const key = noticeCauseKey(longestType, 'X'.repeat(32), 999, `liaison:${longestUnit}`, task);
    expect(key.length).toBeLessThanOrEqual(191);
  });
});

describe('delivery retries back off exponentially', () => {
  test('30 s, 1 min, 2 min, 4 min … never more than an hour', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffDelay(30, 30_000)).toBe(3_600_000);
  });

  test('the notification settings have working defaults and are validated', () => {
    const c = loadConfig({});
    expect(c.notify).toEqual({ smtpUrl: undefined, from: '联动指挥中心 <noreply@localhost>', webhookUrl: undefined, maxAttempts: 5, intervalMs: 5000 });
    expect(loadConfig({ SMTP_URL: 'smtp://u:p@mail.local:25', NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/sms' }).notify.smtpUrl).toBe('smtp://u:p@mail.local:25');
    expect(() => loadConfig({ SMTP_URL: 'mail.local' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ NOTIFY_WEBHOOK_URL: 'not a url' })).toThrow(/NOTIFY_WEBHOOK_URL/);
    expect(() => loadConfig({ NOTIFY_MAX_ATTEMPTS: '0' })).toThrow(/NOTIFY_MAX_ATTEMPTS/);
  });
});
