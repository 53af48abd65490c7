// bpmnlint-plugin-camunda-compat's timer helpers and bpmn-moddle's entry point ship without typings
// usable here; these declarations cover exactly what src/lint uses.
declare module 'bpmnlint-plugin-camunda-compat/rules/utils/iso8601.js' {
  const iso8601: { validateDate(v: string): boolean; validateDuration(v: string): boolean; validateCycle(v: string): boolean };
  export default iso8601;
}
declare module 'bpmnlint-plugin-camunda-compat/rules/utils/cron.js' {
  const cron: { validateCronExpression(v: string): boolean };
  export default cron;
}
declare module 'bpmn-moddle' {
  export interface FromXmlResult {
    rootElement: unknown;
    warnings: Array<{ message: string }>;
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<FromXmlResult>;
  }
}
declare module '@bpmn-io/element-templates-validator' {
  export function validateAll(templates: unknown[]): { valid: boolean; results: Array<{ valid: boolean; errors?: unknown[] }> };
}
