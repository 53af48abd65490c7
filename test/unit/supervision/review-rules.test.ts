import fs from 'node:fs';
import type { SupervisionItem } from '../../../src/db/entities/index.js';
import { loadOrgChart } from '../../../src/identity/org-chart.js';
import { renderPrintedForm } from '../../../src/supervision/printed-forms.js';
import { LeaderReviewRefused, readLeaderReview, REVIEW_MESSAGES, reviewPath } from '../../../src/supervision/review.js';
import { confirmingUnits, needsConfirmation, proposingUnit } from '../../../src/supervision/meeting-proposal.js';
import { personName } from '../../../src/supervision/signatures.js';

const vars = (values: Record<string, unknown>) => ({ get: (name: string) => values[name] });
const anyUnit = () => true;
const chart = loadOrgChart();
const base = { reviewInstruction: '批示', reviewSigner: '吴明', reviewDate: '2026-11-25' };

describe('S0-4.4 S0-4.5 the district leader’s review', () => {
  test('S0-4.5 decision-reference is not a review decision: it needs the level-1 meeting', () => {
    expect(() => readLeaderReview(vars({ ...base, reviewDecision: 'decision-reference' }), anyUnit)).toThrow(new LeaderReviewRefused(REVIEW_MESSAGES.decisionReferenceNeedsLevel1));
  });

  test('S0-4.4 not submitting to level 1 requires the leader’s reason', () => {
    expect(() => readLeaderReview(vars({ ...base, reviewDecision: 'continue' }), anyUnit)).toThrow(LeaderReviewRefused);
    expect(readLeaderReview(vars({ ...base, reviewDecision: 'continue', reviewReason: '无需一级会商' }), anyUnit)).toMatchObject({ decision: 'continue', reason: '无需一级会商', leadUnit: null });
    expect(readLeaderReview(vars({ ...base, reviewDecision: 'level1', reviewReason: '多余' }), anyUnit)).toMatchObject({ decision: 'level1', reason: null });
    expect(() => readLeaderReview(vars({ ...base, reviewDecision: 'x' }), anyUnit)).toThrow(LeaderReviewRefused);
  });

  test('S0-4.4 the review form offers only level 1 or not, and requires the reason', () => {
    const form = JSON.parse(fs.readFileSync('forms/supervision-leader-review.form', 'utf8')) as { components: Array<{ key?: string; values?: Array<{ value: string }>; validate?: { required?: boolean } }> };
    expect(form.components.find((c) => c.key === 'reviewDecision')?.values?.map((v) => v.value)).toEqual(['level1', 'continue']);
    expect(form.components.find((c) => c.key === 'reviewReason')?.validate?.required).toBe(true);
  });

  test('S0-4.4 the printed forms show which way the item went after level 2', () => {
    const item = { id: 1, eventNumber: 'SJ-1', title: 't', leadUnit: 'urban-management', handlingDetail: null, level2Conclusion: 'unsolvable', level2Date: '2026-11-20', reviewDecision: 'continue', reviewInstruction: '继续处置', reviewReason: '区级可协调', reviewSigner: '吴明', reviewDate: '2026-11-25', level1MeetingId: null } as unknown as SupervisionItem;
    expect(reviewPath(item)).toEqual({ submitted: false, label: '未提交一级会商', reason: '区级可协调' });
    expect(renderPrintedForm('level1', item, [], chart)).toMatch(/一级督办联席会议会商意见[\s\S]*未提交一级会商[\s\S]*区领导理由：区级可协调/);
    expect(renderPrintedForm('approval', item, [], chart)).toMatch(/区领导审核[\s\S]*未提交一级会商[\s\S]*理由：区级可协调/);
    const submitted = { ...item, reviewDecision: 'level1', reviewReason: null, level1MeetingId: 3, level1Opinion: '一级意见', finalDecision: 'continue' } as SupervisionItem;
    expect(reviewPath(submitted)?.submitted).toBe(true);
    const html = renderPrintedForm('level1', submitted, [], chart);
    expect(html).toContain('一级意见');
    expect(html).not.toContain('未提交一级会商');
  });
});

describe('S0-4.3 S0-3 the convening units sign and confirm with their own accounts', () => {
  test('S0-4.3 the signer’s name comes from the engine profile (family name first for Chinese names)', () => {
    expect(personName({ firstName: '立', lastName: '陈' }, 'u1')).toBe('陈立');
    expect(personName({ firstName: '区纪委', lastName: '演示用户' }, 'demo-discipline-commission')).toBe('区纪委 演示用户');
    expect(personName({}, 'u2')).toBe('u2');
  });

  test('S0-3 an ad hoc level-2 meeting is proposed by one convening unit and confirmed by the other two; the centre proposes none', () => {
    expect(needsConfirmation('ad-hoc', 2)).toBe(true);
    expect(needsConfirmation('monthly', 2)).toBe(false);
    expect(needsConfirmation('ad-hoc', 1)).toBe(false);
    expect(proposingUnit(['linkage-centre'])).toBeNull();
    expect(proposingUnit(['party-office'])?.id).toBe('party-office');
    expect(confirmingUnits('party-office').map((u) => u.id)).toEqual(['discipline-commission', 'government-office']);
  });

  test('S0-4.3 S0-3 the signing and confirming forms ask for no typed name, and require the opinion and the seal', () => {
    for (const [id, key] of [['discipline-commission', 'Discipline'], ['party-office', 'PartyOffice'], ['government-office', 'GovernmentOffice']]) {
      const sign = JSON.parse(fs.readFileSync(`forms/supervision-sign-${id}.form`, 'utf8')) as { components: Array<{ key?: string; type: string; validate?: { required?: boolean } }> };
      expect(sign.components.find((c) => c.key === `level2${key}Sealed`)).toMatchObject({ type: 'checkbox', validate: { required: true } });
      expect(sign.components.find((c) => c.key === `level2${key}Opinion`)?.validate?.required).toBe(true);
      expect(sign.components.some((c) => /Signer$/.test(c.key ?? ''))).toBe(false);
      const confirm = JSON.parse(fs.readFileSync(`forms/supervision-meeting-confirm-${id}.form`, 'utf8')) as { components: Array<{ key?: string; validate?: { required?: boolean } }> };
      expect(confirm.components.find((c) => c.key === `confirm${key}Decision`)?.validate?.required).toBe(true);
    }
  });
});
