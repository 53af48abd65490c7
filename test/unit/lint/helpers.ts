import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter, nodeLintSetup } from '../../../src/lint/external-rules.js';

const require = createRequire(import.meta.url);
const camundaModdle = require('camunda-bpmn-moddle/resources/camunda.json') as Record<string, unknown>;

/** A process (without diagram) around the given flow elements; `attrs` go on <bpmn:process>. */
export function processXml(body: string, attrs = 'camunda:historyTimeToLive="P30D"'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_Test" targetNamespace="http://linkage.gov/bpmn">
  <bpmn:process id="test-process" name="测试" isExecutable="true" ${attrs}>
    ${body}
  </bpmn:process>
</bpmn:definitions>`;
}

/** Runs ONE rule (e.g. `linkage/no-scripts`) with its config and returns the messages by element. */
export async function runRule(rule: string, xml: string, config?: unknown): Promise<Array<{ id?: string; message: string }>> {
  const { rootElement } = await new BpmnModdle({ camunda: camundaModdle }).fromXML(xml, 'bpmn:Definitions', { lax: true });
  const linter = new Linter({ config: { rules: { [rule]: config === undefined ? 'error' : ['error', config] } }, resolver: nodeLintSetup().resolver });
  const reports = await linter.lint(rootElement);
  return Object.values(reports).flat().map((r) => ({ id: r.id, message: r.message }));
}
