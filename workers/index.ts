import { TOPIC_MANIFEST } from '../src/topics/manifest.js';
import { pairWithManifest } from './runner.js';
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
import { analysisMeetingSchedule } from './topics/analysis-meeting-schedule.js';
import { assessmentCompute } from './topics/assessment-compute.js';
import { analysisDraft } from './topics/analysis-draft.js';
import { analysisMeetingPublish } from './topics/analysis-meeting-publish.js';
import {
  consultationAgenda,
  consultationAgendaOverdue,
  consultationFollowUp,
  consultationItemFromEvent,
  consultationLeaderClose,
  consultationMeetingClose,
  consultationReportRecord,
  consultationSchedule,
  consultationUnitOverdue,
} from './topics/consultation.js';
import { jointActionClose, jointActionOpen, jointActionPart } from './topics/joint-action.js';
import { streetMeetingMinutes, streetMeetingSchedule } from './topics/street-meeting.js';

/**
 * Every worker topic: the handlers, one module each, paired with the topic manifest
 * (src/topics/manifest.ts). A manifest entry without a handler, or a handler without an entry,
 * stops the workers at start.
 */
export const topics: TopicDefinition[] = pairWithManifest(TOPIC_MANIFEST, [
  eventDeadline,
  eventStatus,
  eventDispatch,
  eventRoundClose,
  eventSla,
  eventNotify,
  supervisionRegister,
  supervisionDeclare,
  supervisionPreliminaryReview,
  supervisionLeaderReview,
  supervisionDecisionReference,
  supervisionConclude,
  supervisionMeetingSchedule,
  supervisionMeetingAgenda,
  supervisionMeetingItem,
  supervisionMeetingConclude,
  supervisionMeetingClose,
  supervisionHeadSignatures,
  supervisionMeetingProposal,
  analysisMeetingSchedule,
  assessmentCompute,
  analysisDraft,
  analysisMeetingPublish,
  consultationSchedule,
  consultationAgendaOverdue,
  consultationAgenda,
  consultationUnitOverdue,
  consultationMeetingClose,
  consultationLeaderClose,
  consultationFollowUp,
  consultationReportRecord,
  consultationItemFromEvent,
  jointActionOpen,
  jointActionPart,
  jointActionClose,
  streetMeetingSchedule,
  streetMeetingMinutes,
]);
