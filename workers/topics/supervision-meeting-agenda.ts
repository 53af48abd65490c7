import { In } from 'typeorm';
import { LedgerEntryEntity, SupervisionMeetingEntity } from '../../src/db/entities/index.js';
import { chineseDateTime } from '../../src/formatting/chinese-dates.js';
import { closeAgenda, EMPTY_AGENDA, meetingName } from '../../src/supervision/meetings.js';
import { notifyLiaisons } from '../../src/supervision/notices.js';
import { CENTRE, CONVENING_UNITS, DISTRICT_LEADER } from '../../src/supervision/org.js';
import { int } from '../../src/supervision/variables.js';
import type { TopicDefinition } from '../topic.js';

/**
 * S0-3 / S0-4.3: closes the meeting's agenda — every item waiting for this level (or the items the
 * conveners named) — and notifies the participants through their liaisons (S0-7): the conveners
 * (level 2: 区纪委, 区委办, 区府办; level 1: the district leader, with the three), the centre,
 * and the parties of the listed items (their lead and cooperating units).
 */
export const supervisionMeetingAgenda: TopicDefinition = {
  topic: 'supervision-meeting-agenda',
  label: '确定会议议程并通知参会单位',
  description: '汇总待会商事项形成议程，通知召集单位、联动中心及事项相关单位的联络员',
  variables: ['meetingId'],
  async handle(task, { db }) {
    const meetingId = int(task.variables, 'meetingId');
    const agenda = await closeAgenda(db, meetingId);
    const meeting = await db.getRepository(SupervisionMeetingEntity).findOneByOrFail({ id: meetingId });
    {
      // The meeting sits even with an empty supervision agenda (S0-3): the participants are told either way.
      const ledger = agenda.length ? await db.getRepository(LedgerEntryEntity).findBy({ eventNumber: In(agenda.map((i) => i.eventNumber)) }) : [];
      const parties = agenda.flatMap((item) => [
        item.leadUnit,
        ...ledger.filter((r) => r.eventNumber === item.eventNumber && r.round === item.handlingRound).map((r) => r.unitId),
      ]);
      const conveners = [...(meeting.level === 1 ? [DISTRICT_LEADER] : []), ...CONVENING_UNITS.map((u) => u.id)];
      await notifyLiaisons(
        db,
        'supervision-meeting',
        `meeting-${meeting.id}`,
        [...conveners, CENTRE, ...parties],
        {
          meetingName: meetingName(meeting),
          meetingTime: chineseDateTime(meeting.meetingAt),
          place: meeting.place ?? '',
          agenda: agenda.length ? agenda.map((i, n) => `${n + 1}. ${i.eventNumber} ${i.title}`).join('；') : EMPTY_AGENDA,
        },
        null,
      );
    }
    return {
      agendaIds: agenda.map((i) => i.id).join(','),
      agendaCount: agenda.length,
      agendaNumbers: agenda.map((i) => i.eventNumber).join(','),
    };
  },
};
