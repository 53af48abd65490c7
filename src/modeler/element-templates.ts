import type { TopicManifestEntry } from '../topics/manifest.js';

/**
 * Camunda 7 element templates, one per worker topic, generated from the topic manifest
 * (src/topics/manifest.ts): a new worker appears in the modeler without editing a second list. The same
 * JSON works in the desktop Camunda Modeler (put it in `resources/element-templates/`).
 */
export const ELEMENT_TEMPLATE_SCHEMA = 'https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json';
export const TEMPLATE_ID_PREFIX = 'linkage.topic.';

export interface ElementTemplate {
  $schema: string;
  id: string;
  name: string;
  description: string;
  version: number;
  appliesTo: string[];
  category: { id: string; name: string };
  properties: Array<Record<string, unknown>>;
}

type TemplateSource = Pick<TopicManifestEntry, 'topic' | 'label' | 'description' | 'inputs'>;

export function elementTemplateFor(topic: TemplateSource): ElementTemplate {
  return {
    $schema: ELEMENT_TEMPLATE_SCHEMA,
    id: `${TEMPLATE_ID_PREFIX}${topic.topic}`,
    name: topic.label,
    description: topic.description,
    version: 1,
    appliesTo: ['bpmn:ServiceTask', 'bpmn:SendTask'],
    category: { id: 'linkage-workers', name: '联动平台工作程序' },
    properties: [
      { label: '实现方式', type: 'Hidden', value: 'external', binding: { type: 'property', name: 'camunda:type' } },
      {
        label: '工作程序主题',
        description: `由工作程序「${topic.label}」处理`,
        type: 'String',
        value: topic.topic,
        editable: false,
        binding: { type: 'property', name: 'camunda:topic' },
      },
      ...(topic.inputs ?? []).map((input) => ({
        label: input.label,
        ...(input.description ? { description: input.description } : {}),
        type: 'String',
        binding: { type: 'camunda:inputParameter', name: input.name },
        constraints: { notEmpty: true },
      })),
    ],
  };
}

export function elementTemplates(topics: readonly TemplateSource[]): ElementTemplate[] {
  return [...topics].sort((a, b) => a.topic.localeCompare(b.topic)).map(elementTemplateFor);
}
