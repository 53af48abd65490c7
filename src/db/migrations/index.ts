import { CreateNotice1700000000000 } from './1700000000000-create-notice.js';
import { CreateEventLedgerCalendar1700000000100 } from './1700000000100-create-event-ledger-calendar.js';
import { CreateSlaRecord1700000000200 } from './1700000000200-create-sla-record.js';
import { NoticeDelivery1700000000300 } from './1700000000300-notice-delivery.js';
import { CreateSupervision1700000000460 } from './1700000000460-create-supervision.js';
import { CreateModelerDraft1700000000550 } from './1700000000550-create-modeler-draft.js';
import { SupervisionSignatures1700000000700 } from './1700000000700-supervision-signatures.js';
import { CreateAccountabilityRecord1700000000800 } from './1700000000800-create-accountability-record.js';
import { CreateAssessment1700000000810 } from './1700000000810-create-assessment.js';
import { AssessmentMonthIndexes1700000000850 } from './1700000000850-assessment-month-indexes.js';
import { Security1700000001300 } from './1700000001300-security.js';
import { CreateConsultation1700000001700 } from './1700000001700-create-consultation.js';
import { CreateDutyRoster1700000001110 } from './1700000001110-create-duty-roster.js';
import { CreatePatrolReport1700000001150 } from './1700000001150-create-patrol-report.js';
import { CreateJointAction1700000001151 } from './1700000001151-create-joint-action.js';
import { CreateStreetMeeting1700000001152 } from './1700000001152-create-street-meeting.js';
import { EventReporterFlags1700000001153 } from './1700000001153-event-reporter-flags.js';
import { DataGrowth1700000001600 } from './1700000001600-data-growth.js';
import { StreetStatusIndex1700000001610 } from './1700000001610-street-status-index.js';

/**
 * Every migration, in timestamp order (one file each, one line each here so parallel work merges).
 * Each must run on SQLite and on MySQL/MariaDB.
 */
export const migrations = [
  CreateNotice1700000000000,
  CreateEventLedgerCalendar1700000000100,
  CreateSlaRecord1700000000200,
  NoticeDelivery1700000000300,
  CreateSupervision1700000000460,
  CreateModelerDraft1700000000550,
  SupervisionSignatures1700000000700,
  CreateAccountabilityRecord1700000000800,
  CreateAssessment1700000000810,
  Security1700000001300,
  CreateConsultation1700000001700,
  CreateDutyRoster1700000001110,
  CreatePatrolReport1700000001150,
  CreateJointAction1700000001151,
  CreateStreetMeeting1700000001152,
  DataGrowth1700000001600,
  StreetStatusIndex1700000001610,
  EventReporterFlags1700000001153,
  AssessmentMonthIndexes1700000000850,
];
