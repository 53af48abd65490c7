import type { SupervisionItem, SupervisionOpinion } from '../../../src/db/entities/index.js';
import { loadOrgChart } from '../../../src/identity/org-chart.js';
import { renderPrintedForm } from '../../../src/supervision/printed-forms.js';

const chart = loadOrgChart();

// S0-A1 / S0-A2: the printed forms follow attachments 1 and 2 of seed 000 and show what was recorded.
const item = {
  id: 7,
  eventNumber: 'SJ-20261102-000001',
  title: '老旧小区违章搭建',
  category: 'illegal-construction',
  categoryName: '违法建筑',
  street: '长河街道',
  leadUnit: 'urban-management',
  handlingRound: 1,
  dispatchDate: '2026-11-02',
  handlingDetail: JSON.stringify({ event: null, rounds: [{ round: 1, unitId: 'urban-management', unitName: '区城管局', role: 'lead', dispatchedAt: '2026-10-01T01:00:00Z', dueAt: '2026-10-10T15:59:59Z', completedAt: null, outcome: 'escalated', onTime: false, note: null }], steps: [] }),
  level2Conclusion: 'unsolvable',
  level2Opinion: '确需区领导协调',
  level2Date: '2026-11-20',
  reviewDecision: 'level1',
  reviewInstruction: '提交一级会商',
  reviewSigner: '吴明',
  reviewDate: '2026-11-25',
  level1MeetingId: 3,
  level1Opinion: '列为决策参考',
  finalDecision: 'decision-reference',
  finalSigner: '吴明',
  finalDate: '2026-12-05',
  communication: JSON.stringify({ parties: '王某', date: '2026-12-01', method: '面谈', content: '已沟通', response: '同意' }),
  archiveForm: JSON.stringify({ summary: '概况', reason: '依据', centreOpinion: '同意归档', handler: '林晓', signer: '周建国', sealed: true, date: '2026-12-02' }),
} as unknown as SupervisionItem;

const op = (unitId: string, stage: 'preliminary' | 'level2', listed: boolean | null, opinion: string, sealed = true): SupervisionOpinion =>
  ({ id: 0, causeKey: '', itemId: 7, stage, unitId, listed, opinion, signer: `${unitId}-签名`, sealed, signedOn: '2026-11-05', recordedAt: new Date() }) as SupervisionOpinion;

const opinions = [
  op('discipline-commission', 'preliminary', false, '纪委理由'),
  op('party-office', 'preliminary', true, '委办理由', false),
  op('government-office', 'preliminary', false, '府办理由 <b>'),
  op('discipline-commission', 'level2', null, '纪委负责人意见'),
];

describe('S0-A1 S0-A2 printed forms', () => {
  test('form 1 ticks yes or no for each convening unit, with reason, seal, signature and date', () => {
    const html = renderPrintedForm('approval', item, opinions, chart);
    expect(html).toContain('<h1>督办事件审批表</h1>');
    expect(html).toContain('2026年11月2日');
    expect(html).toMatch(/区纪委意见[\s\S]*是 □[\s\S]*否 ☑[\s\S]*纪委理由[\s\S]*（区纪委公章）[\s\S]*discipline-commission-签名[\s\S]*2026年11月5日/);
    expect(html).toMatch(/区委办意见[\s\S]*是 ☑[\s\S]*否 □[\s\S]*委办理由/);
    expect(html).not.toContain('（区委办公章）');
    expect(html).toContain('府办理由 &lt;b&gt;');
    expect(html).toContain('确属无法解决');
    expect(html).toContain('纪委负责人意见');
    expect(html).toContain('2026年11月20日');
    expect(html).toContain('超期升级');
    expect(html).not.toContain('区领导批示意见');
  });

  test('form 2 adds the district leader’s instruction and the level-1 opinion', () => {
    const html = renderPrintedForm('level1', item, opinions, chart);
    expect(html).toContain('提请一级督办联席会议会商事件审批表');
    expect(html).toMatch(/区领导批示意见[\s\S]*提交一级会商[\s\S]*吴明[\s\S]*2026年11月25日/);
    expect(html).toMatch(/一级督办联席会议会商意见[\s\S]*列为决策参考[\s\S]*同意列为决策参考事件[\s\S]*2026年12月5日/);
  });

  test('the archiving form shows the communication with the parties and the centre’s approval', () => {
    const html = renderPrintedForm('archive', item, opinions, chart);
    expect(html).toContain('决策参考事件终结归档审批表');
    for (const t of ['王某', '面谈', '已沟通', '同意归档', '周建国', '林晓', '2026年12月2日', '（区社会治理联动指挥中心公章）', '一级督办联席会议终审：同意列为决策参考事件']) expect(html).toContain(t);
  });

  test('an empty form prints blank date lines, like the paper form', () => {
    const blank = { ...item, dispatchDate: null, level2Conclusion: null, reviewDecision: null, level1MeetingId: null, communication: null, archiveForm: null } as SupervisionItem;
    const html = renderPrintedForm('level1', blank, [], chart);
    expect(html).toContain('年&nbsp;&nbsp;&nbsp;&nbsp;月');
    expect(html).toContain('是 □');
  });
});
