import fs from 'node:fs';
import path from 'node:path';
import { topics } from '../../../workers/index.js';
import { loadOrgChart } from '../../../src/identity/org-chart.js';
import { handlingUnits } from '../../../src/supervision/org.js';
import { renderSupervisionNotice, SUPERVISION_NOTICES } from '../../../src/supervision/notices.js';

// The supervision models and forms agree with the workers and the org chart.
type Component = { key?: string; type: string; values?: Array<{ value: string }>; components?: Component[] };
const forms = fs
  .readdirSync('forms')
  .filter((f) => f.startsWith('supervision-'))
  .map((f) => JSON.parse(fs.readFileSync(path.join('forms', f), 'utf8')) as { id: string; components: Component[] });
const keysOf = (id: string) => forms.find((f) => f.id === id)!.components.map((c) => c.key).filter(Boolean);
const bpmn = ['supervision.bpmn', 'supervision-meeting.bpmn'].map((f) => fs.readFileSync(path.join('processes', f), 'utf8')).join('\n');

describe('supervision forms and models', () => {
  test('every form a supervision user task references exists, with the same id as its file', () => {
    const refs = [...bpmn.matchAll(/camunda:formRef="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThanOrEqual(9);
    for (const ref of refs) expect(forms.map((f) => f.id)).toContain(ref);
    for (const f of fs.readdirSync('forms').filter((x) => x.startsWith('supervision-'))) {
      expect(JSON.parse(fs.readFileSync(path.join('forms', f), 'utf8')).id).toBe(f.replace(/\.form$/, ''));
    }
  });

  test('every external task topic of the supervision models is a registered worker', () => {
    const used = [...bpmn.matchAll(/camunda:topic="([^"]+)"/g)].map((m) => m[1]);
    const registered = topics.map((t) => t.topic);
    for (const topic of used) expect(registered).toContain(topic);
  });

  test('each convening unit writes its own variables (all three opinions are kept)', () => {
    for (const [id, key] of [['discipline-commission', 'Discipline'], ['party-office', 'PartyOffice'], ['government-office', 'GovernmentOffice']]) {
      const keys = keysOf(`supervision-review-${id}`);
      for (const field of ['Listed', 'Reason', 'Sealed', 'Signer', 'Date']) expect(keys).toContain(`review${key}${field}`);
    }
  });

  test('the unit choices in the forms are handling units of the org chart', () => {
    const units = new Set(handlingUnits(loadOrgChart()).map((u) => u.id));
    const selects = forms.flatMap((f) => f.components).filter((c) => c.type === 'select' && /LeadUnit$/.test(c.key ?? ''));
    expect(selects.length).toBe(3);
    for (const s of selects) {
      expect(s.values!.map((v) => v.value).sort()).toEqual([...units].sort());
    }
  });

  test('every form label shown to users is Chinese', () => {
    for (const f of forms) for (const c of f.components) if ('label' in c) expect(String((c as { label: string }).label)).toMatch(/[\u4e00-\u9fa5]/);
  });

  test('S0-7 notices render in Chinese, escaped in HTML', () => {
    for (const type of Object.keys(SUPERVISION_NOTICES) as Array<keyof typeof SUPERVISION_NOTICES>) {
      const r = renderSupervisionNotice(type, { eventNumber: 'SJ-1', title: '<井盖>', liaisonName: '王芳', unitName: '区纪委', summary: 's', instruction: 'i', leadUnitName: '区城管局', meetingName: 'm', meetingTime: 't', place: 'p', agenda: 'a', scopeReason: 'r' });
      expect(r.subject).toMatch(/[\u4e00-\u9fa5]/);
      expect(r.text).toContain('王芳');
      expect(r.html).not.toContain('<井盖>');
    }
  });
});
