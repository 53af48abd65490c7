import { TOPIC_MANIFEST } from '../../../src/topics/manifest.js';
import { assertUniqueTopics, nextRetries, pairWithManifest } from '../../../workers/runner.js';
import { topics } from '../../../workers/index.js';
import { defineTopic } from '../../../workers/topic.js';

describe('the worker registry and retry counting', () => {
  test('a topic registered twice is refused', () => {
    const t = { topic: 'x', label: 'x', description: 'x', variables: [], handle: async () => undefined };
    expect(() => assertUniqueTopics([t, t])).toThrow(/registered twice/);
  });
  test('every registered topic is kebab-case with a domain prefix and has a Chinese label', () => {
    for (const t of topics) {
      expect(t.topic).toMatch(/^[a-z]+(-[a-z]+)+$/);
      expect(t.label).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
  test('the workers run exactly the topics of the manifest, with the manifest\'s variables and labels', () => {
    expect(topics.map((t) => t.topic)).toEqual(TOPIC_MANIFEST.map((t) => t.topic));
    for (const t of topics) expect(t).toMatchObject(TOPIC_MANIFEST.find((m) => m.topic === t.topic)!);
  });
  test('a manifest topic without a handler, or a handler without a manifest entry, is refused', () => {
    const handle = async () => undefined;
    const entry = { topic: 'event-x', label: '甲', description: 'x', variables: [], outputs: [] };
    expect(() => pairWithManifest([entry], [])).toThrow(/manifest topics without a handler: event-x/);
    expect(() => pairWithManifest([], [{ ...entry, handle }])).toThrow(/handlers without a manifest entry .*: event-x/);
    expect(() => defineTopic('event-not-in-manifest', handle)).toThrow(/not in the topic manifest/);
    expect(pairWithManifest([entry], [{ ...entry, handle }])[0]).toMatchObject({ topic: 'event-x', handle });
  });
  test('retries count down from the configured number, and never below zero', () => {
    expect(nextRetries({ retries: null }, 3)).toBe(2);
    expect(nextRetries({ retries: 2 }, 3)).toBe(1);
    expect(nextRetries({ retries: 0 }, 3)).toBe(0);
  });
});
