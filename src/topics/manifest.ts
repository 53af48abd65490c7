import { COOPERATING_PICKS } from '../forms/event-forms.js';
import { EVENT_STATUSES } from '../handling/transitions.js';
import { ROUND_OUTCOMES } from '../handling/rounds.js';
import { SLA_KINDS } from '../handling/sla.js';
import { NOTICE_TYPE_NAMES } from '../notifications/types.js';
import { confirmDecisionVar, confirmOpinionVar, PROPOSAL_OUTCOMES } from '../supervision/meeting-proposal.js';
import { CONVENING_UNITS } from '../supervision/org.js';
import { signOpinionVar, signSealedVar } from '../supervision/signatures.js';
import { SUPERVISION_CONCLUSIONS } from '../supervision/workflow.js';

/**
 * Every external-task topic of the platform, one entry each: what a process administrator sees
 * (Chinese label, description), the process variables the worker fetches, the inputs a modeler
 * user sets on the service task, and the variables the worker sets on completion. The workers
 * (`workers/index.ts` pairs each entry with its handler), the lint rule `registered-topic` and the
 * modeler's element templates all read this list; nothing else lists topics.
 */
export interface TopicInput {
  name: string;
  label: string;
  description?: string;
}

export interface TopicManifestEntry {
  /** kebab-case with a domain prefix, e.g. `event-notify`. */
  topic: string;
  /** Chinese name shown to process administrators (e.g. in modeler element templates). */
  label: string;
  description: string;
  /** The process variables the handler reads: only these are fetched. */
  variables: string[];
  /** Inputs a modeler user sets on the service task (element template fields). */
  inputs?: TopicInput[];
  /** Variables the handler sets on completion (`${name}` = named by an input). */
  outputs: string[];
  lockDurationMs?: number;
}

const reviewFields = (fields: string[]) => CONVENING_UNITS.flatMap((u) => fields.map((f) => `review${u.key}${f}`));

export const TOPIC_MANIFEST: readonly TopicManifestEntry[] = [
  {
    topic: 'event-deadline',
    label: '计算办理期限',
    description: '按工作日历（含法定节假日与调休）计算期限，写入流程变量供定时器使用',
    variables: ['deadlineWorkingDays', 'deadlineVariable', 'deadlineFrom', 'urgent'],
    inputs: [
      { name: 'deadlineWorkingDays', label: '工作日数', description: '例如 1（受理）、5（处置）' },
      { name: 'deadlineVariable', label: '结果变量名', description: '例如 acceptDueAt' },
      { name: 'deadlineFrom', label: '起算时间（可选）', description: 'ISO 时间；缺省为当前时间' },
    ],
    outputs: ['${deadlineVariable}'],
  },
  {
    topic: 'event-status',
    label: '登记事件状态',
    description: '在业务库登记事件状态与阶段（受理、不予受理、合并、办结、归档）',
    variables: ['eventNumber', 'eventStatus', 'eventStage', 'grade', 'rejectReason', 'mergeInto', 'satisfaction', 'verifyNote', 'supervisionSummary', 'street', 'category', 'channel', 'inspectorId', 'patrolUrgency', 'patrolSafety'],
    inputs: [
      { name: 'eventStatus', label: '状态', description: EVENT_STATUSES.join(' / ') },
      { name: 'eventStage', label: '阶段（中文）' },
    ],
    // On acceptance: who holds the street joint coordination of a larger event (S2-3; '' = none).
    outputs: ['streetCoordinationGroup', 'coordinationScope', 'coordinationLeadPlatform', 'coordinationLeadPlatformName'],
  },
  {
    topic: 'event-dispatch',
    label: '派单',
    description: '按事部件责任清单（或人工指定）确定责任主体、配合单位与办理期限，登记考核台账',
    variables: ['eventNumber', 'category', 'street', 'grade', 'handlingRound', 'assignedLeadUnit', 'assignedCooperatingUnits', ...COOPERATING_PICKS, 'supervisionOutcome', 'leadUnit', 'urgent'],
    outputs: [
      'handlingRound',
      'platform',
      'leadUnit',
      'cooperatingUnits',
      'cooperatingCount',
      'districtUnit',
      'timeLimitDays',
      'dueAt',
      'warnAt',
      'escalateAt',
      'firstDispatchedAt',
      'assignedLeadUnit',
      'assignedCooperatingUnits',
      ...COOPERATING_PICKS,
      'supervisionOutcome',
      'handlingOutcome',
      // S4-4.1 / S2-1: the 处置事件 task's assignee besides the group ('' = none) and why.
      'leadAssignee',
      'dispatchMode',
    ],
  },
  {
    topic: 'event-round-close',
    label: '登记处置结果',
    description: '在考核台账登记本轮处置结果（办结、退回、无法处置、超期升级、重新处置）及是否按期',
    variables: ['eventNumber', 'handlingRound', 'roundOutcome', 'leadUnit', 'cooperatingUnits', 'returnReason', 'feedback', 'assistUnit', 'assistFeedback'],
    inputs: [
      { name: 'roundOutcome', label: '处置结果', description: `${ROUND_OUTCOMES.join(' / ')} / assisted（协办单位完成协助，配合 assistUnit）` },
      { name: 'assistUnit', label: '协办单位（assisted 时）' },
    ],
    outputs: ['returnCount', 'unclearResponsibility', 'assignedLeadUnit', 'assignedCooperatingUnits'],
  },
  {
    topic: 'event-sla',
    label: '超期预警登记',
    description: '登记受理超时、处置预警或处置超期记录（同一轮次同一类型只登记一次）',
    variables: ['eventNumber', 'slaKind', 'slaUnit', 'handlingRound', 'leadUnit', 'dueAt', 'acceptDueAt', 'reportUpDueAt'],
    inputs: [
      { name: 'slaKind', label: '类型', description: SLA_KINDS.join(' / ') },
      { name: 'slaUnit', label: '责任单位（可选）', description: '超时记在哪个单位；缺省：受理、上报记联动中心，其余记责任主体' },
    ],
    outputs: [],
  },
  {
    topic: 'event-notify',
    label: '发送通知',
    description: '按模板为每个接收人生成通知写入发件箱（邮件或短信网关），同一原因只发一次',
    variables: [
      'eventNumber',
      'title',
      'category',
      'categoryName',
      'address',
      'leadUnit',
      'cooperatingUnits',
      'dueAt',
      'handlingRound',
      'returnReason',
      'rejectReason',
      'mergeInto',
      'noticeTemplate',
      'noticeRecipient',
      'noticeUnit',
    ],
    inputs: [
      { name: 'noticeTemplate', label: '通知模板', description: NOTICE_TYPE_NAMES.join(', ') },
      {
        name: 'noticeRecipient',
        label: '接收人',
        description: 'reporter, lead-unit, cooperating-units, centre, notice-unit, unit:<单位id>, liaison:<单位id>，可用逗号分隔多个',
      },
    ],
    outputs: [],
  },
  {
    topic: 'supervision-register',
    label: '登记督办事项',
    description: '登记督办事项，自动附上事件处置详情表（考核台账与流程历史），预填督办事件审批表',
    variables: ['eventNumber', 'title', 'category', 'categoryName', 'street', 'leadUnit', 'handlingRound', 'supervisionEntry', 'scopeReason'],
    outputs: [
      'supervisionId',
      'eventNumber',
      'title',
      'categoryName',
      'leadUnitName',
      'supervisionEntryName',
      'handlingDetailText',
      'dispatchDate',
      'scopeReason',
      ...reviewFields(['Signer']),
      'reviewSigner',
      'declareDueAt',
    ],
  },
  {
    topic: 'supervision-declare',
    label: '报送督办事件审批表',
    description: '登记中心填写的审批表表头，分别转至区纪委、区委办、区府办初审并通知其联络员',
    variables: ['supervisionId', 'eventNumber', 'title', 'dispatchDate', 'scopeType', 'scopeReason'],
    outputs: ['reviewDueAt'],
  },
  {
    topic: 'supervision-preliminary-review',
    label: '汇总初审意见',
    description: '登记三家召集单位的初审意见；任一家同意即列入二级督办联席会议会商，均不同意则退回',
    variables: ['supervisionId', ...reviewFields(['Listed', 'Reason', 'Sealed', 'Signer', 'Date'])],
    outputs: ['listedForConsultation', 'preliminarySummary'],
  },
  {
    topic: 'supervision-leader-review',
    label: '登记区领导审核意见',
    description: '登记区领导审核意见：提交一级督办联席会议，或写明理由不提交、继续处置',
    variables: ['supervisionId', 'reviewDecision', 'reviewLeadUnit', 'reviewInstruction', 'reviewReason', 'reviewSigner', 'reviewDate'],
    outputs: ['reviewDecision', 'reviewProblem'],
  },
  {
    topic: 'supervision-decision-reference',
    label: '进入决策参考归档流程',
    description: '列为决策参考事件：自即日起至归档不计入处置单位考核时间（S0-5），通知相关单位联络员',
    variables: ['supervisionId'],
    outputs: ['archiveSummary', 'archiveReason', 'communicateDueAt', 'archiveDueAt'],
  },
  {
    topic: 'supervision-conclude',
    label: '督办办结',
    description: '督办结果交回事件流程：退回、重新派遣（原单位时按 S0-6 计入未办结）或决策参考事件归档（S0-5）',
    variables: [
      'supervisionId',
      'supervisionConclusion',
      'communicationParties',
      'communicationDate',
      'communicationMethod',
      'communicationContent',
      'partiesResponse',
      'archiveSummary',
      'archiveReason',
      'centreOpinion',
      'archiveHandler',
      'archiveSigner',
      'archiveSealed',
      'archiveDate',
    ],
    inputs: [{ name: 'supervisionConclusion', label: '督办结果', description: SUPERVISION_CONCLUSIONS.join(' / ') }],
    outputs: ['supervisionOutcome', 'assignedLeadUnit', 'assignedCooperatingUnits', 'supervisionSummary'],
  },
  {
    topic: 'supervision-meeting-schedule',
    label: '安排督办联席会议',
    description: '登记会议（每月例会按配置日期，或临时召集），确定会议时间与议程截止时间',
    variables: ['meetingLevel', 'meetingKind', 'meetingAt', 'place', 'requestedItems', 'convenedBy', 'proposedBy'],
    outputs: [
      'meetingId',
      'meetingLevel',
      'meetingKind',
      'meetingName',
      'meetingAt',
      'agendaAt',
      'waitForAgenda',
      'needsConfirmation',
      'proposedBy',
      'proposedByName',
      'meetingTimeText',
      'proposalAgenda',
    ],
  },
  {
    topic: 'supervision-meeting-agenda',
    label: '确定会议议程并通知参会单位',
    description: '汇总待会商事项形成议程，通知召集单位、联动中心及事项相关单位的联络员',
    variables: ['meetingId'],
    outputs: ['agendaIds', 'agendaCount', 'agendaNumbers'],
  },
  {
    topic: 'supervision-meeting-item',
    label: '调取会商事项',
    description: '调取一项会商事项的审批表内容，预填会商记录表',
    variables: ['supervisionId', 'meetingLevel', 'meetingAt'],
    outputs: ['itemEventNumber', 'itemTitle', 'itemLeadUnit', 'itemLeadUnitName', 'itemBriefing', 'finalSigner', 'finalDate', 'meetingDate', 'meetingRecordDueAt'],
  },
  {
    topic: 'supervision-meeting-conclude',
    label: '送达会商结论',
    description: '登记会议对该事项的结论，并以消息关联送达事项流程（召集单位负责人随后在本单位任务中签署意见）',
    variables: [
      'supervisionId',
      'meetingId',
      'meetingLevel',
      'meetingConclusion',
      'meetingLeadUnit',
      'meetingCooperatingUnits',
      'meetingOpinion',
      'meetingDate',
      'level1Opinion',
      'finalDecision',
      'finalLeadUnit',
      'finalSigner',
      'finalDate',
    ],
    outputs: [],
  },
  {
    topic: 'supervision-meeting-close',
    label: '会议结束归档',
    description: '全部议程事项形成结论后，登记会议已召开及结论汇总',
    variables: ['meetingId'],
    outputs: ['meetingSummary'],
  },
  {
    topic: 'supervision-head-signatures',
    label: '登记召集单位签署意见',
    description: '登记三家召集单位主要负责人在本单位任务中签署的意见与盖章确认，签署人和日期取自引擎历史',
    variables: ['supervisionId', ...CONVENING_UNITS.flatMap((u) => [signOpinionVar(u), signSealedVar(u)])],
    outputs: ['level2Summary', 'leaderReviewDueAt'],
  },
  {
    topic: 'supervision-meeting-proposal',
    label: '登记临时会议确认结果',
    description: '登记另两家召集单位对临时召开二级督办联席会议的确认或不同意（办理人取自引擎历史）；不同意则通知各方',
    variables: ['meetingId', 'proposalOutcome', ...CONVENING_UNITS.flatMap((u) => [confirmDecisionVar(u), confirmOpinionVar(u)])],
    inputs: [{ name: 'proposalOutcome', label: '确认结果', description: PROPOSAL_OUTCOMES.join(' / ') }],
    outputs: [],
  },
  {
    topic: 'analysis-meeting-schedule',
    label: '安排动态分析研判会议',
    description: '登记分析研判会议（每月例会：每月首个工作日开始准备，与当月二级督办联席会议同日召开；专题会议：随时召开并写明事由）',
    variables: ['meetingKind', 'meetingReason', 'requestedBy', 'analysisMonth'],
    outputs: ['analysisMeetingId', 'analysisMonth', 'prepareAt', 'meetingAt', 'waitForPrepare'],
  },
  {
    topic: 'assessment-compute',
    label: '计算月度考核',
    description: '按台账和流程历史计算上月各单位考核指标、得分和分组排名（每月例会；专题会议不计算）',
    variables: ['meetingKind', 'analysisMonth'],
    outputs: ['assessmentRevision'],
  },
  {
    topic: 'analysis-draft',
    label: '生成分析研判初稿',
    description: '根据台账生成初步分析研判意见：重复反映、处置不力、满意度、意见建议、决策参考事件（S1-5、S1-6、S0-8）',
    variables: ['analysisMonth'],
    outputs: ['draftAnalysis'],
  },
  {
    topic: 'analysis-meeting-publish',
    label: '会议记录归档并发布通报',
    description: '登记会议纪要和统一结论；每月例会发布考核通报并通知各单位；会议提议的事项转入专项督办或提请一级督办联席会议（S1-7、S1-8、S1-9）',
    variables: ['meetingKind', 'analysisMonth', 'analysis', 'mainReporter', 'minutes', 'conclusion', 'opinions', 'specialSupervisionEvents', 'level1Events'],
    outputs: ['reportInPersonUnits', 'reportInPersonCount', 'followUpSummary', 'reportInPersonDueAt'],
  },
  // --- SPEC S3: responsibility consultation (processes/responsibility-consultation.bpmn) ---
  {
    topic: 'consultation-schedule',
    label: '安排会商研判周期',
    description: '按工作日历确定议题收集截止（18日）与议题确定期限（21日），登记本期会议',
    variables: ['meetingKind', 'meetingMonth'],
    outputs: ['meetingId', 'meetingRef', 'collectionCloseAt', 'agendaDueAt', 'waitForCollection'],
  },
  {
    topic: 'consultation-agenda-overdue',
    label: '登记议题确定逾期',
    description: '21日（或其前最后一个工作日）仍未确定议题：登记逾期',
    variables: ['meetingId'],
    outputs: [],
  },
  {
    topic: 'consultation-agenda',
    label: '确定会商研判议程',
    description: '按六项工作内容生成议程（含专项督导台账中未落实事项），确定参会单位与材料提交期限',
    variables: ['meetingId', 'meetingDate', 'meetingPlace', 'leadershipRequirements'],
    outputs: ['involvedUnits', 'involvedCount', 'itemCount', 'materialDueAt', 'meetingAt'],
  },
  {
    topic: 'consultation-unit-overdue',
    label: '登记单位逾期（材料或落实报告）',
    description: '未按期提交书面材料或落实情况书面报告：记入问责台账（S3-4）',
    variables: ['meetingId', 'unitId', 'overdueKind'],
    inputs: [{ name: 'overdueKind', label: '逾期类型', description: 'missing-material / missing-report' }],
    outputs: [],
  },
  {
    topic: 'consultation-meeting-close',
    label: '会议议定事项交办',
    description: '议定事项：发布新版派单规则、建立专项督导台账、向等待中的事件派单；未议定事项转下月',
    variables: ['meetingId', 'heldAt', 'leadershipRequirements', 'minutesStep1', 'minutesStep2', 'minutesStep3', 'minutesStep4', 'minutesStep5', 'minutesStep6', 'minutesStep7'],
    outputs: ['leaderItems', 'reportDueAt', 'conveners', 'specialReportDueAt', 'leaderDecisionDueAt'],
  },
  {
    topic: 'consultation-leader-close',
    label: '区领导决定交办',
    description: '区领导研究决定的事项按议定事项交办',
    variables: ['meetingId'],
    outputs: ['leaderItems'],
  },
  {
    topic: 'consultation-follow-up',
    label: '确定落实情况报告单位',
    description: '专项督导台账中未办结事项的落实单位，须于次月15日前书面报告',
    variables: ['meetingId'],
    outputs: ['reportingUnits', 'reportingCount', 'reportDueAt'],
  },
  {
    topic: 'consultation-report-record',
    label: '登记落实情况书面报告',
    description: '登记落实单位的书面报告；未落实到位或逾期报送记入问责台账（S3-4）',
    variables: ['meetingId', 'unitId', 'reportImplemented', 'reportText'],
    outputs: [],
  },
  {
    topic: 'consultation-item-from-event',
    label: '提交职责不清会商研判',
    description: '二次退回的事件列为会商研判议题（含各次退回理由），事件等待会议议定',
    variables: ['eventNumber'],
    outputs: ['consultationItemId', 'consultationMonth', 'consultationWaiting'],
  },
  {
    topic: 'joint-action-open',
    label: '登记联合执法',
    description: '联合执法：为牵头单位和每个参加单位各登记一行考核台账（一轮），计算办结期限（S4-4.8）',
    variables: ['actionNumber'],
    outputs: ['dueAt'],
  },
  {
    topic: 'joint-action-part',
    label: '登记单位执法情况',
    description: '参加单位报告本单位承担部分，台账行办结并判定是否按时（S4-4.8）',
    variables: ['actionNumber', 'partUnit', 'partReport'],
    outputs: [],
  },
  {
    topic: 'joint-action-close',
    label: '联合执法办结',
    description: '各单位均已报告，联合执法办结（S4-4.8）',
    variables: ['actionNumber'],
    outputs: [],
  },
  {
    topic: 'street-meeting-schedule',
    label: '安排街道集体会商',
    description: '登记街道“基层治理四平台”集体会商：每月月初（当月首个工作日）召开，特殊事项临时召集（S2-A1）',
    variables: ['street', 'meetingKind', 'meetingReason', 'requestedBy'],
    outputs: ['streetMeetingId', 'meetingKind', 'meetingMonth', 'meetingAt', 'attendees'],
  },
  {
    topic: 'street-meeting-minutes',
    label: '归档集体会商纪要',
    description: '归档街道集体会商的参会人员、会商内容、会议纪要和议定事项（S2-A1）',
    variables: ['attendees', 'topics', 'minutes', 'decisions'],
    outputs: [],
  },
];

/** The manifest entry of a topic; a topic missing from the manifest is a programming error. */
export function manifestEntry(topic: string, manifest: readonly TopicManifestEntry[] = TOPIC_MANIFEST): TopicManifestEntry {
  const entry = manifest.find((t) => t.topic === topic);
  if (!entry) throw new Error(`topic ${topic} is not in the topic manifest (src/topics/manifest.ts)`);
  return entry;
}

/** Topic names and labels, as the lint rule `registered-topic` takes them. */
export function topicLabels(manifest: readonly TopicManifestEntry[] = TOPIC_MANIFEST): Array<{ topic: string; label: string }> {
  return manifest.map((t) => ({ topic: t.topic, label: t.label }));
}
