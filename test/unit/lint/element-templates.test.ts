import fs from 'node:fs';
import { elementTemplates } from '../../../src/modeler/element-templates.js';
import { TOPIC_MANIFEST, type TopicManifestEntry } from '../../../src/topics/manifest.js';
import { topics } from '../../../workers/index.js';

// One source: the modeler's element templates come from the topic manifest, which the workers also read.
describe('element templates are generated from the topic manifest', () => {
  const templates = elementTemplates(TOPIC_MANIFEST);

  test('one template per registered topic, named by its Chinese label', () => {
    expect(topics.map((t) => t.topic).sort()).toEqual(TOPIC_MANIFEST.map((t) => t.topic).sort());
    expect(templates.map((t) => t.id).sort()).toEqual(topics.map((t) => `linkage.topic.${t.topic}`).sort());
    const notify = templates.find((t) => t.id === 'linkage.topic.event-notify')!;
    expect(notify.name).toBe('发送通知');
    expect(notify.appliesTo).toContain('bpmn:ServiceTask');
    expect(notify.properties).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ binding: { type: 'property', name: 'camunda:type' }, value: 'external' }),
        expect.objectContaining({ binding: { type: 'property', name: 'camunda:topic' }, value: 'event-notify', editable: false }),
        expect.objectContaining({ label: '通知模板', binding: { type: 'camunda:inputParameter', name: 'noticeTemplate' } }),
      ]),
    );
  });

  test('a new worker appears without editing a second list', () => {
    const extra: TopicManifestEntry = { topic: 'event-test', label: '测试工作程序', description: '测试', variables: [], inputs: [{ name: 'a', label: '甲' }], outputs: [] };
    const more = elementTemplates([...TOPIC_MANIFEST, extra]);
    expect(more.find((t) => t.id === 'linkage.topic.event-test')).toMatchObject({ name: '测试工作程序' });
  });

  test('every template is valid for the Camunda 7 element-templates schema (also used by the desktop Camunda Modeler)', async () => {
    const { validateAll } = await import('@bpmn-io/element-templates-validator');
    const result = validateAll(templates);
    expect(result.results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test('the browser bundle lists every bpmnlint rule of the recommended config', () => {
    const source = fs.readFileSync('web-modeler/src/lint-rules.js', 'utf8');
    const recommended = fs.readFileSync('node_modules/bpmnlint/config/recommended.js', 'utf8').match(/'([a-z-]+)':/g)!.map((m) => m.slice(1, -2));
    expect(recommended.length).toBeGreaterThan(20);
    for (const name of recommended) expect(source).toContain(`'bpmnlint/rules/${name}.js'`);
  });
});
