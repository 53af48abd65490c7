import { toShanghaiDate } from '../../src/calendar/index.js';
import { itemBriefing, itemById, opinionsOf } from '../../src/supervision/items.js';
import { DISTRICT_LEADER, unitName, unitOrThrow } from '../../src/supervision/org.js';
import { int } from '../../src/supervision/variables.js';
import type { TopicDefinition } from '../topic.js';

/**
 * Puts one agenda item in front of the meeting: the read-only briefing its recording form shows
 * (the event, the scope reason, the preliminary opinions and, at level 1, the level-2 opinion and
 * the district leader's instruction) and the defaults of the form (today's date, and at level 1
 * the district leader as signer). The variables land in the item's own
 * scope of the multi-instance sub-process (declared there), so parallel items never mix.
 */
export const supervisionMeetingItem: TopicDefinition = {
  topic: 'supervision-meeting-item',
  label: '调取会商事项',
  description: '调取一项会商事项的审批表内容，预填会商记录表',
  variables: ['supervisionId', 'meetingLevel'],
  async handle(task, { db }) {
    const item = await itemById(db, int(task.variables, 'supervisionId'));
    const level = int(task.variables, 'meetingLevel');
    const today = toShanghaiDate(new Date());
    const common = {
      itemEventNumber: item.eventNumber,
      itemTitle: item.title,
      itemLeadUnit: item.leadUnit ?? '',
      itemLeadUnitName: unitName(item.leadUnit),
      itemBriefing: itemBriefing(item, await opinionsOf(db, item.id)),
    };
    if (level === 1) return { ...common, finalSigner: unitOrThrow(DISTRICT_LEADER).leader.name, finalDate: today };
    return { ...common, meetingDate: today };
  },
};
