import { assertUniqueTopics } from './runner.js';
import type { TopicDefinition } from './topic.js';
import { eventDeadline } from './topics/event-deadline.js';
import { eventDispatch } from './topics/event-dispatch.js';
import { eventNotify } from './topics/event-notify.js';
import { eventRoundClose } from './topics/event-round-close.js';
import { eventSla } from './topics/event-sla.js';
import { eventStatus } from './topics/event-status.js';
import { supervisionRegister } from './topics/supervision-register.js';
import { supervisionDeclare } from './topics/supervision-declare.js';
import { supervisionPreliminaryReview } from './topics/supervision-preliminary-review.js';
import { supervisionLeaderReview } from './topics/supervision-leader-review.js';
import { supervisionDecisionReference } from './topics/supervision-decision-reference.js';
import { supervisionConclude } from './topics/supervision-conclude.js';
import { supervisionMeetingSchedule } from './topics/supervision-meeting-schedule.js';
import { supervisionMeetingAgenda } from './topics/supervision-meeting-agenda.js';
import { supervisionMeetingItem } from './topics/supervision-meeting-item.js';
import { supervisionMeetingConclude } from './topics/supervision-meeting-conclude.js';
import { supervisionMeetingClose } from './topics/supervision-meeting-close.js';
import { supervisionHeadSignatures } from './topics/supervision-head-signatures.js';
import { supervisionMeetingProposal } from './topics/supervision-meeting-proposal.js';

/** Every worker topic, one module each. The modeler's element templates are generated from this list. */
export const topics: TopicDefinition[] = [eventDeadline, eventStatus, eventDispatch, eventRoundClose, eventSla, eventNotify, supervisionRegister, supervisionDeclare, supervisionPreliminaryReview, supervisionLeaderReview, supervisionDecisionReference, supervisionConclude, supervisionMeetingSchedule, supervisionMeetingAgenda, supervisionMeetingItem, supervisionMeetingConclude, supervisionMeetingClose, supervisionHeadSignatures, supervisionMeetingProposal];

assertUniqueTopics(topics);
