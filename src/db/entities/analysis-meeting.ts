import { EntitySchema } from 'typeorm';

/**
 * One dynamic analysis meeting (动态分析研判例会, seed 001): the monthly one, held the same day as the
 * month's level-2 supervision meeting (S1-4) and linked to it by month, or a special one (专题) with
 * its reason. One row per `analysis-meeting` process instance. `month` is the month analysed (for a
 * monthly meeting, the month before the one it sits in).
 */
export type AnalysisMeetingKind = 'monthly' | 'special';
export type AnalysisMeetingStatus = 'preparing' | 'prepared' | 'held';

export interface AnalysisMeeting {
  id: number;
  processInstanceId: string;
  kind: AnalysisMeetingKind;
  month: string;
  reason: string | null;
  requestedBy: string | null;
  meetingAt: Date;
  status: AnalysisMeetingStatus;
  /** The draft generated from the data (S1-5 / S1-6), kept as generated. */
  draft: string | null;
  /** The analysis office's edited analysis. */
  analysis: string | null;
  mainReporter: string | null;
  minutes: string | null;
  conclusion: string | null;
  opinions: string | null;
  /** JSON: [{ kind: 'special-supervision' | 'level1', eventNumber, ok, detail }] (S1-8, S1-9). */
  followUps: string | null;
  createdAt: Date;
  heldAt: Date | null;
}

export const AnalysisMeetingEntity = new EntitySchema<AnalysisMeeting>({
  name: 'AnalysisMeeting',
  tableName: 'analysis_meeting',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    processInstanceId: { name: 'process_instance_id', type: String, length: 64, unique: true },
    kind: { type: String, length: 16 },
    month: { type: String, length: 7 },
    reason: { type: String, length: 500, nullable: true },
    requestedBy: { name: 'requested_by', type: String, length: 64, nullable: true },
    meetingAt: { name: 'meeting_at', type: Date },
    status: { type: String, length: 16 },
    draft: { type: 'text', nullable: true },
    analysis: { type: 'text', nullable: true },
    mainReporter: { name: 'main_reporter', type: String, length: 64, nullable: true },
    minutes: { type: 'text', nullable: true },
    conclusion: { type: 'text', nullable: true },
    opinions: { type: 'text', nullable: true },
    followUps: { name: 'follow_ups', type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: Date },
    heldAt: { name: 'held_at', type: Date, nullable: true },
  },
  indices: [{ name: 'idx_analysis_meeting_month', columns: ['month', 'kind'] }],
});
