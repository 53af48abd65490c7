import { assertUniqueTopics, nextRetries } from '../../../workers/runner.js';
import { topics } from '../../../workers/index.js';

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
  test('retries count down from the configured number, and never below zero', () => {
    expect(nextRetries({ retries: null }, 3)).toBe(2);
    expect(nextRetries({ retries: 2 }, 3)).toBe(1);
    expect(nextRetries({ retries: 0 }, 3)).toBe(0);
  });
});
