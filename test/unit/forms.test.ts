import fs from 'node:fs';
import { eventForms, serializeForm } from '../../src/forms/event-forms.js';
import { loadOrgChart } from '../../src/identity/org-chart.js';

type Component = { key?: string; type: string; readonly?: boolean; validate?: { required?: boolean }; values?: Array<{ value: string }> };

describe('the event process forms', () => {
  const chart = loadOrgChart();
  const forms = eventForms(chart);

  test('the committed forms are generated from src/forms/event-forms.ts (run `npm run generate:forms`)', () => {
    for (const [name, json] of Object.entries(forms)) expect(fs.readFileSync(`forms/${name}.form`, 'utf8')).toBe(serializeForm(json));
  });

  test('every user task of the event process has a form that exists', () => {
    const bpmn = fs.readFileSync('processes/event-handling.bpmn', 'utf8');
    const refs = [...bpmn.matchAll(/camunda:formRef="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThanOrEqual(9);
    for (const ref of refs) expect(fs.existsSync(`forms/${ref}.form`)).toBe(true);
  });

  test('every form shows the event’s facts read-only: number, category, location, description', () => {
    for (const json of Object.values(forms)) {
      const components = json.components as Component[];
      for (const key of ['eventNumber', 'categoryName', 'address', 'description']) {
        expect(components.find((c) => c.key === key)).toMatchObject({ readonly: true });
      }
    }
  });

  test('every decision a user makes is a required field, labelled in Chinese', () => {
    const required = (form: string, key: string) => (forms[form].components as Component[]).find((c) => c.key === key)?.validate?.required;
    expect(required('accept-event', 'acceptDecision')).toBe(true);
    expect(required('accept-event', 'rejectReason')).toBe(true);
    expect(required('handle-event', 'handlingOutcome')).toBe(true);
    expect(required('handle-event', 'returnReason')).toBe(true);
    expect(required('verify-event', 'satisfaction')).toBe(true);
    expect(required('redispatch-event', 'redispatchChoice')).toBe(true);
    for (const json of Object.values(forms)) {
      for (const c of json.components as Array<{ label?: string }>) if (c.label) expect(c.label).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  test('S2-4 the lead-unit choices are the org chart’s handling units', () => {
    const select = (forms['redispatch-event'].components as Component[]).find((c) => c.key === 'assignedLeadUnit');
    const ids = new Set(chart.units.map((u) => u.id));
    expect(select?.values?.length).toBeGreaterThan(5);
    for (const v of select!.values!) expect(ids.has(v.value)).toBe(true);
  });
});

describe('every shipped form', () => {
  // form-js refuses to render a form that binds one key twice ("binding path … is already claimed"):
  // Tasklist then shows no form at all for the task.
  test('binds each key at most once, so Tasklist and the form editor can open it', () => {
    const twice: string[] = [];
    for (const file of fs.readdirSync('forms').filter((f) => f.endsWith('.form'))) {
      const seen = new Set<string>();
      const walk = (c: { key?: string; components?: unknown[] }) => {
        for (const child of (c.components ?? []) as Array<{ key?: string; components?: unknown[] }>) {
          if (child.key) {
            if (seen.has(child.key)) twice.push(`${file}: ${child.key}`);
            seen.add(child.key);
          }
          walk(child);
        }
      };
      walk(JSON.parse(fs.readFileSync(`forms/${file}`, 'utf8')) as { components?: unknown[] });
    }
    expect(twice).toEqual([]);
  });

  // The engine stores a String variable in at most 4,000 characters: a text field that allowed more
  // let a clerk type an answer the engine then refused when the task was completed.
  test('lets no text field take more than the engine keeps in a String variable (4,000 characters)', () => {
    const tooLong: string[] = [];
    const unbounded: string[] = [];
    for (const file of fs.readdirSync('forms').filter((f) => f.endsWith('.form'))) {
      type Field = { key?: string; type?: string; readonly?: boolean; validate?: { maxLength?: number }; components?: Field[] };
      const walk = (c: Field) => {
        for (const child of c.components ?? []) {
          if ((child.type === 'textarea' || child.type === 'textfield') && child.key && !child.readonly) {
            const max = child.validate?.maxLength;
            if (max === undefined) unbounded.push(`${file}: ${child.key}`);
            else if (max > 4000) tooLong.push(`${file}: ${child.key} ${max}`);
          }
          walk(child);
        }
      };
      walk(JSON.parse(fs.readFileSync(`forms/${file}`, 'utf8')) as Field);
    }
    expect(tooLong).toEqual([]);
    expect(unbounded).toEqual([]);
  });
});
