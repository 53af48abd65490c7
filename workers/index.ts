import { assertUniqueTopics } from './runner.js';
import type { TopicDefinition } from './topic.js';
import { eventNotify } from './topics/event-notify.js';

/** Every worker topic, one module each. The modeler's element templates are generated from this list. */
export const topics: TopicDefinition[] = [eventNotify];

assertUniqueTopics(topics);
