import { SupervisionMeetingEntity, SupervisionMeetingItemEntity } from '../../src/db/entities/index.js';
import { FINAL_DECISIONS, LEVEL2_CONCLUSIONS } from '../../src/supervision/items.js';
import { EMPTY_AGENDA } from '../../src/supervision/meetings.js';
import { int } from '../../src/supervision/variables.js';
import type { TopicDefinition } from '../topic.js';

/** Closes a meeting once every agenda item is concluded: status `held` and a one-line record. */
export const supervisionMeetingClose: TopicDefinition = {
  topic: 'supervision-meeting-close',
  label: '会议结束归档',
  description: '全部议程事项形成结论后，登记会议已召开及结论汇总',
  variables: ['meetingId'],
  async handle(task, { db }) {
    const meetingId = int(task.variables, 'meetingId');
    const meetings = db.getRepository(SupervisionMeetingEntity);
    const meeting = await meetings.findOneByOrFail({ id: meetingId });
    const rows = await db.getRepository(SupervisionMeetingItemEntity).findBy({ meetingId });
    const names: Record<string, string> = { ...LEVEL2_CONCLUSIONS, ...FINAL_DECISIONS };
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.conclusion ?? '未记录', (counts.get(r.conclusion ?? '未记录') ?? 0) + 1);
    const summary = rows.length ? `会商事项 ${rows.length} 项：${[...counts].map(([c, n]) => `${names[c] ?? c} ${n} 项`).join('，')}` : EMPTY_AGENDA;
    if (meeting.status !== 'held') await meetings.update({ id: meetingId }, { status: 'held', heldAt: new Date(), summary });
    return { meetingSummary: meeting.summary ?? summary };
  },
};
