import { checkModelSafety } from '../../../src/engine/model-safety.js';

const bpmn = (body: string) => `<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true" camunda:historyTimeToLive="P1D">${body}</bpmn:process>
</bpmn:definitions>`;
const codes = (xml: string) => checkModelSafety('m.bpmn', xml).map((p) => p.code);

describe('models that would run code on the engine are refused before deploy', () => {
  test('a model with only external tasks, user tasks and JUEL conditions passes', () => {
    const xml = bpmn(`<bpmn:serviceTask id="T" camunda:type="external" camunda:topic="event-notify"/>
      <bpmn:userTask id="U" camunda:candidateGroups="linkage-centre"/>
      <bpmn:sequenceFlow id="f" sourceRef="T" targetRef="U"><bpmn:conditionExpression>\${accepted}</bpmn:conditionExpression></bpmn:sequenceFlow>`);
    expect(codes(xml)).toEqual([]);
  });
  test('a script task is refused', () => {
    expect(codes(bpmn('<bpmn:scriptTask id="S" scriptFormat="groovy"><bpmn:script>x</bpmn:script></bpmn:scriptTask>'))).toContain('SCRIPT_TASK');
  });
  test('a script in a listener is refused', () => {
    const xml = bpmn(`<bpmn:userTask id="U"><bpmn:extensionElements><camunda:taskListener event="create">
      <camunda:script scriptFormat="javascript">1</camunda:script></camunda:taskListener></bpmn:extensionElements></bpmn:userTask>`);
    expect(codes(xml)).toEqual(['SCRIPT']);
  });
  test('a script condition is refused', () => {
    const xml = bpmn('<bpmn:sequenceFlow id="f" sourceRef="a" targetRef="b"><bpmn:conditionExpression language="groovy">true</bpmn:conditionExpression></bpmn:sequenceFlow>');
    expect(codes(xml)).toEqual(['SCRIPT_CONDITION']);
  });
  test('Java delegates by class, delegate expression or expression are refused', () => {
    expect(codes(bpmn('<bpmn:serviceTask id="A" camunda:class="java.lang.Runtime"/>'))).toEqual(['JAVA_DELEGATE']);
    expect(codes(bpmn('<bpmn:serviceTask id="B" camunda:delegateExpression="${bean}"/>'))).toEqual(['JAVA_DELEGATE']);
    expect(codes(bpmn('<bpmn:serviceTask id="C" camunda:expression="${bean.run()}"/>'))).toEqual(['EXPRESSION_DELEGATE']);
  });
  test('a Java class or delegate expression on a listener is refused', () => {
    const listener = (attr: string) =>
      bpmn(`<bpmn:userTask id="U"><bpmn:extensionElements><camunda:taskListener event="create" ${attr}/></bpmn:extensionElements></bpmn:userTask>`);
    expect(codes(listener('class="org.example.Evil"'))).toEqual(['JAVA_DELEGATE']);
    expect(codes(listener('delegateExpression="${evil}"'))).toEqual(['JAVA_DELEGATE']);
    expect(codes(listener('expression="${evil.run()}"'))).toEqual(['EXPRESSION_DELEGATE']);
  });
  test('the operaton namespace is checked like the camunda one', () => {
    const xml = bpmn('<bpmn:serviceTask id="A" xmlns:operaton="http://operaton.org/schema/1.0/bpmn" operaton:class="x.Y"/>');
    expect(codes(xml)).toEqual(['JAVA_DELEGATE']);
  });
  test('a DMN table in a script language is refused, FEEL passes', () => {
    const dmn = (lang: string) => `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="n">
      <decision id="x"><decisionTable id="t"><input id="i"><inputExpression id="e" typeRef="string" expressionLanguage="${lang}"><text>a</text></inputExpression></input></decisionTable></decision></definitions>`;
    expect(checkModelSafety('d.dmn', dmn('javascript')).map((p) => p.code)).toEqual(['SCRIPT_EXPRESSION_LANGUAGE']);
    expect(checkModelSafety('d.dmn', dmn('feel'))).toEqual([]);
  });
  test('malformed XML is reported, not deployed', () => {
    expect(codes('<bpmn:definitions><unclosed>')).toContain('MALFORMED_XML');
  });
  test('every problem message is in Chinese and names the element', () => {
    const [problem] = checkModelSafety('m.bpmn', bpmn('<bpmn:scriptTask id="Evil"/>'));
    expect(problem.element).toContain('scriptTask#Evil');
    expect(problem.message).toMatch(/不允许/);
  });
});

test('every model in processes/ passes the safety check', async () => {
  const { readModelFiles } = await import('../../../src/engine/deployment.js');
  const files = readModelFiles('processes');
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) expect(checkModelSafety(f.name, f.content)).toEqual([]);
});
