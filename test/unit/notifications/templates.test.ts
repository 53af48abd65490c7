import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_TEMPLATE_DIR,
  formatChineseDateTime,
  loadNoticeTemplates,
  TemplateError,
  type NoticeContext,
  type NoticeRecipientView,
} from '../../../src/notifications/templates.js';
import { NOTICE_TYPE_NAMES, type NoticeType } from '../../../src/notifications/types.js';

const templates = loadNoticeTemplates();
const DUE = new Date('2026-11-27T09:00:00Z'); // 17:00 in Beijing

function context(recipient: Partial<NoticeRecipientView> = {}, over: Partial<NoticeContext> = {}): NoticeContext {
  const view: NoticeRecipientView = { kind: 'unit', role: 'lead', name: '区城管局', unitName: '区城管局', ...recipient };
  return {
    district: '上城区',
    centreName: '区社会治理联动指挥中心',
    eventNumber: 'SJ-20261120-000042',
    title: '人行道井盖缺失',
    category: 'manhole-cover',
    categoryName: '井盖缺失破损',
    address: '长河街道江南大道100号',
    leadUnit: 'urban-management',
    leadUnitName: '区城管局',
    cooperatingUnitNames: '区住建局、长河街道综合执法平台',
    dueAt: DUE,
    handlingRound: 2,
    returnReason: '不属于本单位职责',
    rejectReason: '重复上报且信息不全',
    mergeInto: 'SJ-20261119-000007',
    unitName: '区城管局',
    now: new Date('2026-11-20T02:30:00Z'),
    isLead: view.role === 'lead',
    isCooperating: view.role === 'cooperating',
    isCentre: view.role === 'centre',
    isLiaison: view.role === 'liaison',
    isReporter: view.role === 'reporter',
    ...over,
    recipient: view,
  };
}

const reporter = { kind: 'reporter', role: 'reporter', name: '您', unitName: null } as const;
const centre = { kind: 'unit', role: 'centre', name: '区社会治理联动指挥中心', unitName: '区社会治理联动指挥中心' } as const;

/** For each type: who reads it, and the facts they must find in it. */
const cases: Record<NoticeType, { recipient: Partial<NoticeRecipientView>; facts: string[] }> = {
  'event-accepted': { recipient: reporter, facts: ['已受理'] },
  'event-rejected': { recipient: reporter, facts: ['未予受理', '重复上报且信息不全'] },
  'event-merged': { recipient: reporter, facts: ['合并', 'SJ-20261119-000007'] },
  'event-dispatched': { recipient: {}, facts: ['主办单位', '区城管局', '区住建局、长河街道综合执法平台', '井盖缺失破损', '长河街道江南大道100号', '2026年11月27日 17:00', '第2轮'] },
  'event-dispatched-after-hours': { recipient: { kind: 'liaison', role: 'liaison', name: '沈洋（区城管局联络员）', unitName: '区城管局' }, facts: ['非值班时间', '区城管局', '2026年11月27日 17:00'] },
  'event-warning': { recipient: {}, facts: ['即将到期', '2026年11月27日 17:00'] },
  'event-overdue': { recipient: {}, facts: ['超期', '2026年11月27日 17:00'] },
  'event-escalated': { recipient: centre, facts: ['15个工作日', '区城管局'] },
  'event-returned': { recipient: centre, facts: ['退回', '区城管局', '不属于本单位职责'] },
  'event-unclear-responsibility': { recipient: { kind: 'unit', role: 'unit', name: '区社管办', unitName: '区社管办' }, facts: ['职责不清', '会商研判', '不属于本单位职责'] },
  'event-reopened': { recipient: {}, facts: ['核查', '第2轮', '2026年11月27日 17:00'] },
  'event-closed': { recipient: reporter, facts: ['办结', '满意度'] },
  'event-accept-overdue': { recipient: centre, facts: ['1个工作日', '受理'] },
  'event-report-overdue': { recipient: centre, facts: ['1个工作日', '上报'] },
  'event-reported-up': { recipient: { kind: 'unit', role: 'unit', name: '区住建局', unitName: '区住建局' }, facts: ['上报', '区住建局'] },
  'event-emergency': { recipient: centre, facts: ['紧急事件', '立即', '井盖缺失破损'] },
};

describe('notice templates: one per notice type, in Chinese', () => {
  test.each(NOTICE_TYPE_NAMES)('the %s notice names the event and its key facts', (type) => {
    const { recipient, facts } = cases[type];
    const out = templates.render(type, context(recipient));
    expect(out.subject).toMatch(/[\u4e00-\u9fa5]/);
    expect(out.subject).not.toContain('\n');
    expect(out.subject).toContain('SJ-20261120-000042');
    for (const text of [out.text, out.html]) {
      expect(text).toContain('SJ-20261120-000042');
      expect(text).toContain('人行道井盖缺失');
      for (const fact of facts) expect(text).toContain(fact);
    }
    expect(out.text).not.toMatch(/\n{3,}/);
  });

  test('a unit-addressed notice greets the unit by name; a reporter notice is short enough for one or two SMS', () => {
    expect(templates.render('event-dispatched', context()).text.startsWith('区城管局：')).toBe(true);
    for (const type of ['event-accepted', 'event-rejected', 'event-merged', 'event-closed'] as const) {
      expect(templates.render(type, context(reporter)).text.length).toBeLessThanOrEqual(140);
    }
  });

  test('the dispatch notice tells the lead unit to lead and a cooperating unit to cooperate', () => {
    expect(templates.render('event-dispatched', context()).text).toContain('你单位为主办单位');
    const coop = templates.render('event-dispatched', context({ role: 'cooperating', name: '区住建局' }));
    expect(coop.text).toContain('你单位为配合单位');
    expect(coop.text).not.toContain('你单位为主办单位');
  });

  test('the overdue notice asks the centre to supervise and the unit to act (S2-5.1)', () => {
    expect(templates.render('event-overdue', context(centre)).text).toContain('请予督办');
    expect(templates.render('event-overdue', context({ kind: 'liaison', role: 'liaison', name: '沈洋（区城管局联络员）' })).text).toContain('请立即处置');
  });

  test('a <script> in a title is escaped in the HTML part', () => {
    const out = templates.render('event-dispatched', context({}, { title: '<script>alert(1)</script>井盖', address: '"><img src=x>' }));
    expect(out.html).not.toContain('<script>');
    expect(out.html).not.toContain('<img');
    expect(out.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;井盖');
    // Subject and text part are plain text (e-mail text/plain, SMS): never interpreted as HTML.
    expect(out.text).toContain('<script>alert(1)</script>井盖');
  });

  test('missing values never print "undefined" or "null"', () => {
    const sparse = context({}, { dueAt: null, returnReason: null, rejectReason: null, mergeInto: null, cooperatingUnitNames: '', unitName: null, handlingRound: 1 });
    for (const type of NOTICE_TYPE_NAMES) {
      const out = templates.render(type, sparse);
      expect(`${out.subject}${out.text}`).not.toMatch(/undefined|null|NaN/);
    }
    expect(templates.render('event-dispatched', sparse).text).toContain('配合单位：无');
    expect(templates.render('event-dispatched', sparse).text).not.toContain('办理轮次');
  });
});

describe('dates are shown in Beijing time as YYYY年M月D日 HH:mm', () => {
  test('whatever the server time zone', () => {
    expect(formatChineseDateTime(new Date('2026-11-03T01:05:00Z'))).toBe('2026年11月3日 09:05');
    expect(formatChineseDateTime('2026-12-31T16:30:00Z')).toBe('2027年1月1日 00:30');
    expect(formatChineseDateTime('2026-05-01T12:00:00+08:00')).toBe('2026年5月1日 12:00');
    expect(formatChineseDateTime(null)).toBe('（未定）');
    expect(formatChineseDateTime('not a date')).toBe('（未定）');
  });
});

describe('a broken template set stops start-up', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notice-templates-'));
    for (const f of fs.readdirSync(DEFAULT_TEMPLATE_DIR)) fs.copyFileSync(path.join(DEFAULT_TEMPLATE_DIR, f), path.join(dir, f));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a missing template is named', () => {
    fs.rmSync(path.join(dir, 'event-overdue.hbs'));
    expect(() => loadNoticeTemplates(dir)).toThrow(TemplateError);
    expect(() => loadNoticeTemplates(dir)).toThrow(/event-overdue\.hbs/);
  });

  test('a template for an unknown type is refused (a typo would otherwise never be used)', () => {
    fs.writeFileSync(path.join(dir, 'event-overdeu.hbs'), 'subject: x\nbody');
    expect(() => loadNoticeTemplates(dir)).toThrow(/event-overdeu/);
  });

  test('a template without a subject line, with a syntax error or with unescaped output is refused', () => {
    const file = path.join(dir, 'event-closed.hbs');
    fs.writeFileSync(file, '您好\n正文');
    expect(() => loadNoticeTemplates(dir)).toThrow(/subject/);
    fs.writeFileSync(file, 'subject: x\n{{#if title}}未闭合');
    expect(() => loadNoticeTemplates(dir)).toThrow(/event-closed\.hbs/);
    fs.writeFileSync(file, 'subject: x\n{{{title}}}');
    expect(() => loadNoticeTemplates(dir)).toThrow(/unescaped/);
  });
});
