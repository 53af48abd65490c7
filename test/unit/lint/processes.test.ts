import fs from 'node:fs';
import path from 'node:path';
import { checkModelSafety } from '../../../src/engine/model-safety.js';
import { readModelFiles } from '../../../src/engine/deployment.js';
import { loadOrgChart } from '../../../src/identity/org-chart.js';
import { buildLintContext } from '../../../src/lint/context.js';
import { lintFiles } from '../../../src/lint/lint-files.js';
import { completeDeployment } from '../../../src/modeler/model-files.js';
import { processXml } from './helpers.js';

// The same checks as every deployment, over every model in the repository: `npm test` fails when
// a model in processes/ would be refused by the modeler's deploy.
const files = readModelFiles(path.resolve('processes'), path.resolve('forms'));
const context = buildLintContext({ orgChart: loadOrgChart(), extraFiles: files });

describe('every model in processes/ passes the deploy checks', () => {
  const models = fs.readdirSync('processes').filter((f) => /\.(bpmn|dmn)$/.test(f));
  test('there are models to check', () => {
    expect(models.length).toBeGreaterThan(0);
  });
  // Errors block a deploy; a shipped model has no warning either (what an administrator sees when
  // opening it in the web modeler): explicit joins, named start events, no gateway that joins and forks.
  test.each(models)('%s has no lint errors and no lint warnings', async (name) => {
    const file = files.find((f) => f.name === name)!;
    // Checked as the modeler deploys it: with the forms and decisions it references.
    const { files: deployment } = completeDeployment([file]);
    const problems = await lintFiles(deployment, context);
    expect(problems.map((p) => `${p.category} ${p.rule} ${p.element}: ${p.message}`)).toEqual([]);
  });
});

describe('the lint rules cover what model-safety refuses (the diagram shows it before the server does)', () => {
  const cases = {
    'script task': ['<bpmn:scriptTask id="X" scriptFormat="javascript"><bpmn:script>1</bpmn:script></bpmn:scriptTask>', ['SCRIPT_TASK', 'SCRIPT']],
    'listener script': ['<bpmn:task id="X"><bpmn:extensionElements><camunda:executionListener event="start"><camunda:script scriptFormat="groovy">1</camunda:script></camunda:executionListener></bpmn:extensionElements></bpmn:task>', ['SCRIPT']],
    'Java class': ['<bpmn:serviceTask id="X" camunda:class="a.B" />', ['JAVA_DELEGATE']],
    'delegate expression': ['<bpmn:serviceTask id="X" camunda:delegateExpression="${b}" />', ['JAVA_DELEGATE']],
    'expression implementation': ['<bpmn:serviceTask id="X" camunda:expression="${b.c()}" />', ['EXPRESSION_DELEGATE']],
    'script condition': ['<bpmn:task id="A" /><bpmn:task id="B" /><bpmn:sequenceFlow id="X" sourceRef="A" targetRef="B"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="groovy">true</bpmn:conditionExpression></bpmn:sequenceFlow>', ['SCRIPT_CONDITION']],
  } as const;
  test.each(Object.entries(cases))('%s: model-safety refuses it and a project rule marks element X', async (_what, [body, codes]) => {
    const xml = processXml(body);
    expect(checkModelSafety('x.bpmn', xml).map((p) => p.code)).toEqual(codes);
    const problems = await lintFiles([{ name: 'x.bpmn', content: xml }], context);
    expect(problems).toContainEqual(expect.objectContaining({ element: 'X', rule: expect.stringMatching(/^linkage\/no-(scripts|java-delegates)$/), category: 'error' }));
  });
});

describe('the server lint reports in Chinese', () => {
  test('bpmnlint’s recommended rules are translated', async () => {
    const xml = processXml('<bpmn:task id="Task_Lonely" />');
    const problems = await lintFiles([{ name: 'x.bpmn', content: xml }], context);
    const disconnected = problems.find((p) => p.rule === 'bpmnlint/no-disconnected');
    expect(disconnected).toMatchObject({ element: 'Task_Lonely', category: 'error', message: '元素没有连线（孤立元素）' });
    for (const p of problems) expect(p.message).toMatch(/[\u4e00-\u9fff]/);
  });
});
