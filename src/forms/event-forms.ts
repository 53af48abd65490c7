import { CHANNELS } from '../events/channels.js';
import type { OrgChart } from '../identity/org-chart.js';
import { loadPatrolConfig, type PatrolConfig } from '../patrol/config.js';

/**
 * The Camunda Forms (form-js JSON) of the event process, built here so that the unit choices come
 * from the org chart and every form shows the same read-only facts. `npm run generate:forms`
 * writes them to forms/; a test fails when the committed files are out of date.
 * No arrays or objects are submitted: the engine has no JSON data format (see engine/pom.xml).
 */
type Component = Record<string, unknown>;

let seq = 0;
const id = (key: string) => `Field_${key.charAt(0).toUpperCase()}${key.slice(1)}_${++seq}`;
const readonly = (key: string, label: string, type = 'textfield'): Component => ({ id: id(key), type, key, label, readonly: true });
const hiddenUnless = (expr: string) => ({ conditional: { hide: `=not(${expr})` } });
const patrolLevels = (levels: PatrolConfig['urgency']) => levels.map((l) => ({ label: l.name, value: l.code }));

/** A code shown by its Chinese name: a read-only select whose values the deployment carries. */
const named = (key: string, label: string, values: Array<{ label: string; value: string }>): Component => ({ id: id(key), type: 'select', key, label, readonly: true, values });

function facts(): Component[] {
  return [
    readonly('eventNumber', '事件编号'),
    named('channel', '来源渠道', CHANNELS.map((c) => ({ label: c.name, value: c.id }))),
    readonly('categoryName', '事件类别'),
    readonly('title', '事件标题'),
    readonly('address', '事发地点'),
    readonly('description', '事件描述', 'textarea'),
  ];
}

function unitSelect(chart: OrgChart, key: string, label: string, required: boolean, extra: Component = {}): Component {
  const units = chart.units.filter((u) => ['department', 'platform', 'street-office', 'sub-centre'].includes(u.kind));
  return {
    id: id(key),
    type: 'select',
    key,
    label,
    searchable: true,
    validate: { required },
    values: units.map((u) => ({ label: u.name, value: u.id })),
    ...extra,
  };
}

/** S4-4.1: the street sub-centre may dispatch what a community can handle to a community or grid (its 网格长). */
function gridSelect(chart: OrgChart, extra: Component = {}): Component {
  const units = chart.units.filter((u) => u.kind === 'community' || u.kind === 'grid');
  return {
    // A fixed id (not from the running sequence), so that adding this field leaves the other fields' ids alone.
    id: 'Field_AssignedGridUnit',
    type: 'select',
    key: 'assignedLeadUnit',
    label: '交社区/网格处置（一般事件，可空；派至网格长或社区负责人，S4-4.1）',
    searchable: true,
    values: units.map((u) => ({ label: u.name, value: u.id })),
    ...extra,
  };
}

/**
 * Cooperating units are picked from the org chart, never typed: up to three selects (a form-js
 * multi-select would submit an array, which the engine cannot store without a JSON data format);
 * the dispatch joins them (workers/topics/event-dispatch.ts).
 */
export const COOPERATING_PICKS = ['assignedCooperatingUnit1', 'assignedCooperatingUnit2', 'assignedCooperatingUnit3'] as const;
const cooperatingFields = (chart: OrgChart, extra: Component = {}): Component[] =>
  COOPERATING_PICKS.map((key, i) => unitSelect(chart, key, `配合单位${'一二三'[i]}（可空）`, false, extra));

const textarea = (key: string, label: string, required: boolean, extra: Component = {}): Component => ({
  id: id(key),
  type: 'textarea',
  key,
  label,
  validate: { required, maxLength: 2000 },
  ...extra,
});

function form(formId: string, components: Component[]): Record<string, unknown> {
  return { id: formId, type: 'default', schemaVersion: 16, executionPlatform: 'Camunda Platform', executionPlatformVersion: '7.22.0', components };
}

export function eventForms(chart: OrgChart, patrol: Pick<PatrolConfig, 'urgency' | 'safety'> = loadPatrolConfig()): Record<string, Record<string, unknown>> {
  seq = 0;
  const grades = [
    { label: '一般事件', value: 'general' },
    { label: '较大事件', value: 'larger' },
    { label: '重大事件', value: 'major' },
  ];
  return {
    'accept-event': form('accept-event', [
      ...facts(),
      readonly('acceptDueAt', '受理期限'),
      { id: id('acceptDecision'), type: 'radio', key: 'acceptDecision', label: '受理意见', validate: { required: true }, values: [
        { label: '受理', value: 'accept' },
        { label: '不予受理', value: 'reject' },
        { label: '与已有事件合并办理', value: 'merge' },
      ] },
      { id: id('suggestedGrade'), type: 'select', key: 'suggestedGrade', label: '系统建议分级', readonly: true, values: grades },
      { id: id('grade'), type: 'select', key: 'grade', label: '事件分级（可调整系统建议）', values: grades, validate: { required: true }, ...hiddenUnless('acceptDecision = "accept"') },
      gridSelect(chart, hiddenUnless('acceptDecision = "accept" and grade = "general"')),
      // Patrol reports (S4-4.6): graded by urgency and safety risk on acceptance (config/patrol.yaml). Fixed ids: the
      // sequence of the other fields (and of the later forms) stays as it was.
      // The channel is shown once, above (Field_Channel_2): form-js refuses a form binding one key twice.
      { id: 'Field_PatrolUrgency_31', type: 'select', key: 'patrolUrgency', label: '巡查上报定级：紧急程度（S4-4.6）', values: patrolLevels(patrol.urgency), validate: { required: true }, ...hiddenUnless('acceptDecision = "accept" and channel = "patrol"') },
      { id: 'Field_PatrolSafety_32', type: 'select', key: 'patrolSafety', label: '巡查上报定级：安全风险（S4-4.6）', values: patrolLevels(patrol.safety), validate: { required: true }, ...hiddenUnless('acceptDecision = "accept" and channel = "patrol"') },
      textarea('rejectReason', '不予受理理由（将告知上报人）', true, hiddenUnless('acceptDecision = "reject"')),
      { id: id('mergeInto'), type: 'textfield', key: 'mergeInto', label: '合并到事件编号（如 SJ-20261122-000123）', validate: { required: true, maxLength: 32, pattern: '^SJ-[0-9]{8}-[0-9]{6,}$' }, ...hiddenUnless('acceptDecision = "merge"') },
    ]),
    'street-coordination': form('street-coordination', [
      ...facts(),
      { id: id('intro'), type: 'text', text: '较大事件：由街道平安建设办提交街道“基层治理四平台”联席会议研究，或由街道领导牵头召集相关单位协调，确定责任主体和配合单位（S2-3、S2-4）。' },
      { id: 'Field_LeadPlatform_21', type: 'textfield', key: 'coordinationLeadPlatformName', label: '牵头平台（S2-4：跨平台事件由平安建设办协调，本平台牵头）', readonly: true },
      unitSelect(chart, 'assignedLeadUnit', '责任主体', true),
      ...cooperatingFields(chart),
      textarea('coordinationNote', '协调意见', true),
    ]),
    'report-major': form('report-major', [
      ...facts(),
      readonly('reportUpDueAt', '上报期限'),
      { id: id('intro'), type: 'text', text: '重大事件：1个工作日内报区级职能部门（S2-3、S2-5.1）。' },
      unitSelect(chart, 'assignedLeadUnit', '区级职能部门', true),
      textarea('reportNote', '上报说明', true),
    ]),
    'handle-event': form('handle-event', [
      ...facts(),
      readonly('dueAt', '办理期限'),
      { id: id('handlingOutcome'), type: 'radio', key: 'handlingOutcome', label: '处置结果', validate: { required: true }, values: [
        { label: '已处置，反馈结果', value: 'completed' },
        { label: '不属于本单位职责，退回', value: 'returned' },
        { label: '本级无法处置（随后1个工作日内上报区级平台）', value: 'cannot-handle' },
      ] },
      textarea('feedback', '处置情况反馈', true, hiddenUnless('handlingOutcome = "completed"')),
      { id: id('feedbackAttachments'), type: 'textfield', key: 'feedbackAttachments', label: '附件（链接或编号，逗号分隔，可空）', validate: { maxLength: 1000 }, ...hiddenUnless('handlingOutcome = "completed"') },
      textarea('returnReason', '退回理由', true, hiddenUnless('handlingOutcome = "returned"')),
      textarea('scopeReason', '无法处置的原因（如属法律政策未覆盖、历史遗留等督办范围，请说明）', true, hiddenUnless('handlingOutcome = "cannot-handle"')),
    ]),
    'assist-event': form('assist-event', [
      ...facts(),
      named('leadUnit', '责任主体', chart.units.map((u) => ({ label: u.name, value: u.id }))),
      readonly('dueAt', '办理期限'),
      textarea('assistFeedback', '配合处置情况', true),
    ]),
    'report-up': form('report-up', [
      ...facts(),
      readonly('scopeReason', '无法处置的原因', 'textarea'),
      readonly('reportUpDueAt', '上报期限'),
      { id: id('intro'), type: 'text', text: '本级无法处置的事件，应在1个工作日内上报区级平台（S2-5.1）；逾期由本单位登记上报超时。' },
      textarea('reportUpNote', '上报说明（已采取的措施、无法处置的原因、需区级协调解决的事项）', true),
    ]),
    'redispatch-event': form('redispatch-event', [
      ...facts(),
      named('leadUnit', '原责任主体', chart.units.map((u) => ({ label: u.name, value: u.id }))),
      readonly('returnReason', '退回理由', 'textarea'),
      // Shown as text, not as a field: the form binds `scopeReason` below (form-js refuses a key bound twice).
      { id: id('scopeReasonShown'), type: 'text', text: '**无法处置原因：** {{scopeReason}}', ...hiddenUnless('scopeReason != null and scopeReason != ""') },
      readonly('reportUpNote', '上报说明', 'textarea'),
      readonly('returnCount', '退回次数', 'number'),
      { id: id('redispatchChoice'), type: 'radio', key: 'redispatchChoice', label: '处理方式', validate: { required: true }, values: [
        { label: '派单给责任单位', value: 'dispatch' },
        { label: '提请督办联席会议（法律政策未覆盖、无法解决或历史遗留）', value: 'supervision' },
      ] },
      unitSelect(chart, 'assignedLeadUnit', '责任主体', true, hiddenUnless('redispatchChoice = "dispatch"')),
      ...cooperatingFields(chart, hiddenUnless('redispatchChoice = "dispatch"')),
      textarea('scopeReason', '提请督办的理由（S0-2）', true, hiddenUnless('redispatchChoice = "supervision"')),
    ]),
    'verify-event': form('verify-event', [
      ...facts(),
      readonly('feedback', '处置情况反馈', 'textarea'),
      { id: id('resolved'), type: 'radio', key: 'resolved', label: '核查回访结果', validate: { required: true }, values: [
        { label: '问题已解决', value: 'yes' },
        { label: '未解决，退回原单位重新处置', value: 'no' },
      ] },
      { id: id('satisfaction'), type: 'number', key: 'satisfaction', label: '上报人满意度（1–5）', validate: { required: true, min: 1, max: 5 }, decimalDigits: 0 },
      textarea('verifyNote', '回访记录', false),
    ]),
  };
}

export function serializeForm(formJson: Record<string, unknown>): string {
  return `${JSON.stringify(formJson, null, 2)}\n`;
}
