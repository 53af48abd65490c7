import { assertUniqueTopics } from './runner.js';
import type { TopicDefinition } from './topic.js';
import { eventDeadline } from './topics/event-deadline.js';
import { eventDispatch } from './topics/event-dispatch.js';
import { eventNotify } from './topics/event-notify.js';
import { eventRoundClose } from './topics/event-round-close.js';
import { eventSla } from './topics/event-sla.js';
import { eventStatus } from './topics/event-status.js';

/** Every worker topic, one module each. The modeler's element templates are generated from this list. */
export const topics: TopicDefinition[] = [eventDeadline, eventStatus, eventDispatch, eventRoundClose, eventSla, eventNotify];

assertUniqueTopics(topics);
