// Chinese for the editors' own texts. bpmn-js, its properties panel and dmn-js ask the `translate`
// service for every text they show; the base is the community package bpmn-js-i18n-zh (bpmn-js,
// properties panel, Camunda 7 properties panel). On top of it, in this file, only:
//   - `corrections`: where the community text is wrong or the project's glossary says otherwise,
//   - `missing`: texts the package does not cover (bpmnlint overlays, element templates, …),
//   - `dmn`: dmn-js (the package has no dmn-js texts),
//   - `form`: the form editor (form-js has no translate service: its palette and properties panel
//     are translated in the page by `translateFormEditor`).
// A translator fixes a text here; what is listed nowhere stays English.
import bpmnZh from 'bpmn-js-i18n-zh/lib/bpmn-js/index.js';
import panelZh from 'bpmn-js-i18n-zh/lib/properties-panel/index.js';
import camundaPanelZh from 'bpmn-js-i18n-zh/lib/camunda-properties-panel/index.js';

const corrections = {
  Delete: '删除',
  Remove: '删除',
  'Connect using sequence/message flow or association': '连线（顺序流、消息流或关联）',
  Topic: '主题',
  Priority: '优先级',
  'Call activity': '调用活动',
  'Business rule task': '业务规则任务',
  'Exclusive gateway': '排他网关',
  'User assignment': '办理人',
  'Activate hand tool': '抓手工具',
  'Activate lasso tool': '套索工具',
  'Activate create/remove space tool': '插入/删除空间',
  'Activate global connect tool': '连线工具',
  'Create pool/participant': '创建泳池',
  'Create expanded sub-process': '创建展开的子流程',
  'Time to live': '保留期',
};

const missing = {
  'Search in diagram': '在图中搜索',
  'Input mapping': '输入映射',
  'Output mapping': '输出映射',
  Assignee: '办理人',
  'Candidate groups': '候选单位',
  'Candidate users': '候选用户',
  'Due date': '到期时间',
  'Follow up date': '跟进时间',
  Form: '表单',
  Template: '模板',
  Select: '选择',
  Unlink: '取消关联',
  'Select template': '选择模板',
  Search: '搜索',
  // bpmnlint
  'Toggle linting overlays': '显示/隐藏检查结果',
  '{errors} Errors, {warnings} Warnings': '{errors} 个错误，{warnings} 个警告',
  'No Issues': '没有问题',
  'Issues for child elements': '子元素的问题',
};

const dmn = {
  'View DRD': '查看决策需求图',
  'Hit policy': '命中策略',
  'Hit policy:': '命中策略：',
  'Add rule': '添加规则',
  'Add rule above': '在上方添加规则',
  'Add rule below': '在下方添加规则',
  'Remove rule': '删除规则',
  'Copy rule': '复制规则',
  'Cut rule': '剪切规则',
  'Paste rule above': '粘贴到上方',
  'Paste rule below': '粘贴到下方',
  'Move rule': '移动规则',
  'Add input': '添加输入',
  'Add output': '添加输出',
  'Add input column left': '在左侧添加输入列',
  'Add input column right': '在右侧添加输入列',
  'Add output column left': '在左侧添加输出列',
  'Add output column right': '在右侧添加输出列',
  'Remove input column': '删除输入列',
  'Remove output column': '删除输出列',
  'Copy input column': '复制输入列',
  'Copy output column': '复制输出列',
  'Cut input column': '剪切输入列',
  'Cut output column': '剪切输出列',
  'Paste input column left': '粘贴到左侧',
  'Paste input column right': '粘贴到右侧',
  'Paste output column left': '粘贴到左侧',
  'Paste output column right': '粘贴到右侧',
  'Add cell description': '添加单元格说明',
  'Remove cell description': '删除单元格说明',
  Input: '输入',
  Output: '输出',
  Annotation: '注释',
  Annotations: '注释',
  When: '当',
  And: '且',
  Then: '则',
  'Input label': '输入名称',
  'Input expression': '输入表达式',
  'Input type': '输入类型',
  'Input values': '输入取值',
  'Output label': '输出名称',
  'Output name': '输出变量名',
  'Output type': '输出类型',
  'Output values': '输出取值',
  'Expression language': '表达式语言',
  'Expression language:': '表达式语言：',
  Expression: '表达式',
  'Enter expression': '输入表达式',
  'Predefined values': '预定义取值',
  'Add predefined values': '添加预定义取值',
  'Clear predefined values': '清除预定义取值',
  'Custom values': '自定义取值',
  'Add values': '添加取值',
  'No values': '无取值',
  Values: '取值',
  Value: '值',
  'Set value': '设置值',
  'String value': '字符串值',
  'Boolean value': '布尔值',
  Yes: '是',
  No: '否',
  'Match one': '匹配其一',
  'Match none': '都不匹配',
  Comparison: '比较',
  'Comparison operator': '比较运算符',
  Equals: '等于',
  Less: '小于',
  'Less or equals': '小于等于',
  Greater: '大于',
  'Greater or equals': '大于等于',
  Range: '范围',
  'Range start value': '范围起始值',
  'Range end value': '范围结束值',
  Include: '包含',
  Exclude: '不包含',
  'Strings must be in double quotes': '字符串必须用英文双引号括起',
  'Decision name': '决策名称',
  'Definition ID': '定义编号',
  'Definition name': '定义名称',
  'Create decision': '创建决策',
  'Create input data': '创建输入数据',
  'Create knowledge model': '创建知识模型',
  'Create knowledge source': '创建知识来源',
  'Append decision': '追加决策',
  'Append input data': '追加输入数据',
  'Append knowledge source': '追加知识来源',
  'Append business knowledge model': '追加业务知识模型',
  'Variable name': '变量名',
  'Variable type': '变量类型',
  'Literal expression editor': '文字表达式编辑器',
  Edit: '编辑',
  Type: '类型',
  Date: '日期',
  Time: '时间',
  'Date and time': '日期时间',
};

const zh = { ...bpmnZh, ...panelZh, ...camundaPanelZh, ...corrections, ...missing, ...dmn };

export function translate(template, replacements = {}) {
  const text = zh[template] ?? template;
  return text.replace(/{([^}]+)}/g, (_, key) => (key in replacements ? replacements[key] : `{${key}}`));
}

export const translateModule = { translate: ['value', translate] };

// The form editor: palette (groups, field types, search) and properties panel (groups, entries).
export const form = {
  Input: '输入',
  Selection: '选择',
  Presentation: '展示',
  Containers: '容器',
  Action: '操作',
  'Search components': '搜索组件',
  'Clear content': '清除',
  Components: '组件',
  Button: '按钮',
  Checkbox: '复选框',
  'Checkbox group': '复选框组',
  'Date time': '日期时间',
  Group: '分组',
  iFrame: '内嵌网页',
  'Image view': '图片',
  Number: '数字',
  'Radio group': '单选按钮组',
  Select: '下拉选择',
  Separator: '分隔线',
  Spacer: '空白',
  'Dynamic list': '动态列表',
  'Tag list': '标签列表',
  'Text view': '文本',
  'HTML view': 'HTML',
  Expression: '表达式',
  'Text field': '文本框',
  'Text area': '多行文本框',
  Table: '表格',
  'Document preview': '文档预览',
  'File picker': '文件选择',
  General: '常规',
  Condition: '条件',
  Validation: '校验',
  Layout: '布局',
  Appearance: '外观',
  'Custom properties': '自定义属性',
  Serialization: '序列化',
  'Options source': '选项来源',
  'Static options': '固定选项',
  'Dynamic options': '动态选项',
  'Field label': '字段标签',
  'Field description': '字段说明',
  Label: '标签',
  Key: '键（变量名）',
  ID: '编号（ID）',
  Description: '说明',
  'Default value': '默认值',
  Required: '必填',
  Disabled: '禁用',
  'Read only': '只读',
  Text: '文本',
  Value: '值',
  Type: '类型',
  Columns: '列宽',
  Auto: '自动',
  Checked: '选中',
  'Not checked': '未选中',
  '<none>': '（无）',
  'Minimum length': '最小长度',
  'Maximum length': '最大长度',
  Minimum: '最小值',
  Maximum: '最大值',
  'Validation pattern': '校验格式',
  'Custom regular expression': '自定义正则表达式',
  'Custom error message': '自定义错误提示',
  Searchable: '可搜索',
  Submit: '提交',
  Reset: '重置',
  'Hide if': '隐藏条件',
  'Select an element to edit its properties.': '选择要编辑属性的元素。',
  'Form definition': '表单定义',
};

const FORM_ATTRIBUTES = ['placeholder', 'title', 'aria-label'];

function translateNode(node) {
  if (node.nodeType === Node.TEXT_NODE) {
    const text = node.data.trim();
    if (text && form[text] !== undefined) node.data = node.data.replace(text, form[text]);
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  for (const attr of FORM_ATTRIBUTES) {
    const value = node.getAttribute(attr);
    if (value && form[value] !== undefined) node.setAttribute(attr, form[value]);
  }
  for (const child of node.childNodes) translateNode(child);
}

// Translates the form editor's palette and properties panel (never the form being edited) now and
// whenever they re-render; returns a function that stops it.
export function translateFormEditor(container) {
  const run = () => container.querySelectorAll('.fjs-palette-container, .fjs-properties-container').forEach(translateNode);
  const observer = new MutationObserver(() => {
    observer.disconnect();
    run();
    observe();
  });
  const observe = () => observer.observe(container, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: FORM_ATTRIBUTES });
  run();
  observe();
  return () => observer.disconnect();
}
