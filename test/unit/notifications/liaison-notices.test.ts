import { describe, expect, it } from '@jest/globals';
import type { Unit } from '../../../src/identity/org-chart.js';
import { liaisonNotice, noticeRenderer } from '../../../src/notifications/liaison-notices.js';

const render = noticeRenderer({ hello: { subject: '事件 {{n}}\n通知', body: '{{liaisonName}}：{{unitName}}请处理 {{n}}' } });

function unit(liaison: Partial<Unit['liaison']>): Unit {
  return { id: 'urban-management', name: '区城管局', kind: 'department', leader: { name: '朱海', title: '副局长' }, liaison: { name: '沈洋', ...liaison } } as Unit;
}

describe('liaison notices (S0-7)', () => {
  it('S0-7 a liaison with a phone gets an SMS, keyed by type, cause and unit', () => {
    const n = liaisonNotice(unit({ phone: '0571-1', email: 'a@b.cn' }), 'hello', 'pi-1', (names) => render('hello', { ...names, n: '<SJ-1>' }), 'SJ-1');
    expect(n).toMatchObject({ causeKey: 'hello:pi-1:liaison:urban-management', channel: 'webhook', recipient: 'liaison:urban-management', eventNumber: 'SJ-1' });
    expect(n.payload).toEqual({
      to: '0571-1',
      toName: '沈洋（区城管局联络员）',
      subject: '事件 <SJ-1> 通知',
      text: '沈洋：区城管局请处理 <SJ-1>',
      html: '<div style="font-family:sans-serif;line-height:1.6">沈洋：区城管局请处理 &lt;SJ-1&gt;</div>',
    });
  });

  it('S0-7 without a phone the e-mail, without either the row is recorded with channel none', () => {
    expect(liaisonNotice(unit({ email: 'a@b.cn' }), 'hello', 'c', () => render('hello', {})).channel).toBe('email');
    expect(liaisonNotice(unit({}), 'hello', 'c', () => render('hello', {}))).toMatchObject({ channel: 'none', payload: { to: null } });
  });
});
