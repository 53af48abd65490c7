import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const camundaModdle = require('camunda-bpmn-moddle/resources/camunda.json') as Record<string, unknown>;

interface Element {
  $type: string;
  id?: string;
  name?: string;
  get(name: string): unknown;
  flowElements?: Element[];
  rootElements?: Element[];
}

/** Every user task of a model, inside sub-processes too. */
function userTasks(container: Element): Element[] {
  return (container.flowElements ?? []).flatMap((e) => [
    ...(e.$type === 'bpmn:UserTask' ? [e] : []),
    ...(e.$type === 'bpmn:SubProcess' ? userTasks(e) : []),
  ]);
}

// Issue 10: every task has a due date from the working-day calendar, so that each unit's Tasklist
// filter can sort by it and flag what is overdue. A user task added to a shipped model without one
// fails here (the due date is an expression naming the variable a service task computed before it).
describe('S2-5.1 every user task of every shipped process has a due date', () => {
  const models = fs.readdirSync('processes').filter((f) => f.endsWith('.bpmn'));

  test.each(models)('%s: every user task has camunda:dueDate', async (file) => {
    const xml = fs.readFileSync(path.join('processes', file), 'utf8');
    const { rootElement } = await new BpmnModdle({ camunda: camundaModdle }).fromXML(xml, 'bpmn:Definitions');
    const processes = ((rootElement as unknown as Element).rootElements ?? []).filter((e) => e.$type === 'bpmn:Process');
    const tasks = processes.flatMap(userTasks);
    expect(tasks.length).toBeGreaterThan(0);
    const withoutDue = tasks.filter((t) => !/^\$\{[A-Za-z][A-Za-z0-9]*\}$/.test(String(t.get('camunda:dueDate') ?? ''))).map((t) => `${t.id} ${t.name ?? ''}`);
    expect(withoutDue).toEqual([]);
  });

  test('the check reads the models (the street coordination task is among them and carries its own deadline)', async () => {
    const xml = fs.readFileSync(path.join('processes', 'event-handling.bpmn'), 'utf8');
    const { rootElement } = await new BpmnModdle({ camunda: camundaModdle }).fromXML(xml, 'bpmn:Definitions');
    const tasks = ((rootElement as unknown as Element).rootElements ?? []).filter((e) => e.$type === 'bpmn:Process').flatMap(userTasks);
    const dues = Object.fromEntries(tasks.map((t) => [t.id, t.get('camunda:dueDate')]));
    expect(dues).toMatchObject({
      UserTask_StreetCoordination: '${coordinationDueAt}',
      UserTask_EscalationDecision: '${escalationDueAt}',
      UserTask_VerifyEvent: '${verifyDueAt}',
      UserTask_Redispatch: '${redispatchDueAt}',
      UserTask_DistrictDispatch: '${districtDispatchDueAt}',
      UserTask_AssistHandling: '${dueAt}',
    });
  });
});
