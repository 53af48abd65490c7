// The web modeler page: sign in, open models (engine, repository, drafts, local files), edit BPMN
// (bpmn-js + Camunda 7 properties panel + element templates), DMN (dmn-js) and forms (form-js),
// lint on every change, compare with the deployed version, save drafts, deploy through the API.
import BpmnModeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule } from 'bpmn-js-properties-panel';
import { ElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import ElementTemplateChooserModule from '@bpmn-io/element-template-chooser';
import CamundaBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import lintModule from 'bpmn-js-bpmnlint';
import { diff } from 'bpmn-js-differ';
import { BpmnModdle } from 'bpmn-moddle';
import DmnModeler from 'dmn-js/lib/Modeler';
import { FormEditor } from '@bpmn-io/form-js-editor';
import { createLintSetup } from '../../src/lint/config.ts';
import { externalRules } from './lint-rules.js';
import { translateFormEditor, translateModule } from './i18n.js';

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import '@bpmn-io/element-template-chooser/dist/element-template-chooser.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import './styles.css';

const lintSetup = createLintSetup(externalRules);
const $ = (id) => document.getElementById(id);
const state = {
  auth: null, // 'Basic …'
  session: null,
  context: null, // lint context from the server (topics, groups, forms)
  templates: [],
  docs: [], // { name, kind, content, original, origin, draftId }
  active: null, // the doc shown
  editor: null, // { kind, instance }
  issues: [], // problems of the active BPMN from the page's linter
  serverProblems: [], // the last refusal from the server
};

// --- API ------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, options = {}) {
  const headers = { 'x-requested-with': 'XMLHttpRequest', authorization: state.auth, ...(options.body ? { 'content-type': 'application/json' } : {}) };
  const res = await fetch(`/api/modeler${path}`, { ...options, headers: { ...headers, ...options.headers } });
  const text = await res.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = { message: text };
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

function status(message, bad = false) {
  const el = $('status');
  el.textContent = message;
  el.classList.toggle('bad', bad);
}

function download(name, content, type = 'application/octet-stream') {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// --- sign-in --------------------------------------------------------------------------------------

async function signIn(user, password) {
  state.auth = `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${password}`)))}`;
  try {
    state.session = await api('/session');
  } catch (err) {
    state.auth = null;
    throw err;
  }
  sessionStorage.setItem('modeler-auth', state.auth);
  $('login').hidden = true;
  $('app').hidden = false;
  $('user').textContent = `${state.session.user}${state.session.isProcessAdmin ? '（流程管理员）' : '（只读：不能部署）'}`;
  $('btn-deploy').disabled = !state.session.isProcessAdmin;
  $('btn-save-draft').disabled = !state.session.isProcessAdmin;
  [state.context, state.templates] = await Promise.all([api('/lint-context'), api('/element-templates')]);
  await refreshLists();
}

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('login-error').textContent = '';
  try {
    await signIn($('login-user').value.trim(), $('login-password').value);
  } catch (err) {
    $('login-error').textContent = err.status === 401 ? '用户名或密码错误' : `登录失败：${err.message}`;
  }
});

$('btn-logout').addEventListener('click', () => {
  sessionStorage.removeItem('modeler-auth');
  location.reload();
});

// --- open lists -----------------------------------------------------------------------------------

function item(parent, label, onClick, meta = '', extra) {
  const div = document.createElement('div');
  div.className = 'item';
  const a = document.createElement('a');
  a.textContent = label;
  a.addEventListener('click', onClick);
  div.appendChild(a);
  if (meta) {
    const span = document.createElement('span');
    span.className = 'meta';
    span.innerHTML = meta;
    div.appendChild(span);
  }
  if (extra) div.appendChild(extra);
  parent.appendChild(div);
  return div;
}

const escapeHtml = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

async function refreshLists() {
  const [models, files] = await Promise.all([api('/definitions'), api('/files')]);
  const processes = $('list-processes');
  processes.textContent = '';
  for (const p of models.processes) {
    const deployer = p.deployedBy ? ` · <span class="deployed-by">部署人 ${escapeHtml(p.deployedBy)}</span>` : '';
    const meta = `${escapeHtml(p.key)} v${p.version} · 运行中 ${p.instances}${p.incidents ? ` · <span class="incidents">事故 ${p.incidents}</span>` : ' · 事故 0'}${deployer}`;
    const el = item(processes, `${p.name || p.key}`, () => openDeployedProcess(p), meta);
    el.dataset.key = p.key;
    el.dataset.version = String(p.version);
    el.classList.add('process-version');
  }
  if (!models.processes.length) processes.textContent = '（无）';
  const decisions = $('list-decisions');
  decisions.textContent = '';
  for (const d of models.decisions) item(decisions, d.name || d.key, () => openDeployed(`/definitions/decision/${encodeURIComponent(d.id)}`, `已部署 v${d.version}`), `v${d.version}`);
  const forms = $('list-forms');
  forms.textContent = '';
  for (const f of models.forms) {
    item(forms, f.name, () => openDeployed(`/definitions/form/${encodeURIComponent(f.deploymentId)}/${encodeURIComponent(f.resourceId)}`, `已部署 ${f.deploymentTime.slice(0, 16)}`), f.deploymentTime.slice(0, 16).replace('T', ' '));
  }
  const repo = $('list-files');
  repo.textContent = '';
  for (const f of files) item(repo, `${f.dir}/${f.name}`, () => openRepositoryFile(f));
  await refreshDrafts();
}

async function refreshDrafts() {
  const list = $('list-drafts');
  list.textContent = '';
  if (!state.session.isProcessAdmin) {
    list.textContent = '（只有流程管理员可以使用草稿）';
    return;
  }
  const drafts = await api('/drafts');
  if (!drafts.length) list.textContent = '（无）';
  for (const d of drafts) {
    const del = document.createElement('button');
    del.textContent = '删除';
    del.addEventListener('click', async () => {
      if (!confirm(`删除草稿 ${d.fileName}？`)) return;
      await api(`/drafts/${d.id}`, { method: 'DELETE' });
      await refreshDrafts();
    });
    item(list, d.fileName, () => openDraft(d.id), `${escapeHtml(d.author)} · ${String(d.updatedAt).slice(0, 16).replace('T', ' ')}${d.note ? ` · ${escapeHtml(d.note)}` : ''}`, del);
  }
}

$('btn-refresh').addEventListener('click', () => refreshLists().catch(showError));

// --- documents ------------------------------------------------------------------------------------

const kindOf = (name) => (name.endsWith('.dmn') ? 'dmn' : name.endsWith('.form') || name.endsWith('.json') ? 'form' : 'bpmn');

async function openDoc(doc) {
  await saveActive();
  const existing = state.docs.find((d) => d.name === doc.name);
  if (existing) {
    if (existing.content !== existing.original && !confirm(`${doc.name} 已打开且有未部署的修改。要用新打开的版本替换吗？`)) return show(existing);
    Object.assign(existing, doc);
    return show(existing);
  }
  state.docs.push(doc);
  return show(doc);
}

async function openDeployedProcess(p) {
  const file = await api(`/definitions/process/${encodeURIComponent(p.id)}`);
  await openDoc({ name: file.name, kind: 'bpmn', content: file.content, original: file.content, origin: `已部署 ${p.key} v${p.version}` });
  status(`已打开 ${p.name || p.key} 版本 ${p.version}`);
}

async function openDeployed(path, origin) {
  const file = await api(path);
  await openDoc({ name: file.name, kind: kindOf(file.name), content: file.content, original: file.content, origin });
}

async function openRepositoryFile(f) {
  const file = await api(`/files/${f.dir}/${encodeURIComponent(f.name)}`);
  await openDoc({ name: file.name, kind: f.kind, content: file.content, original: file.content, origin: `仓库 ${f.dir}/` });
}

async function openDraft(id) {
  const d = await api(`/drafts/${id}`);
  await openDoc({ name: d.fileName, kind: d.kind, content: d.content, original: '', origin: `草稿 #${d.id}（${d.author}）`, draftId: d.id });
}

$('local-file').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  const content = await file.text();
  const name = file.name.replace(/\.xml$/, '.bpmn').replace(/\.json$/, '.form');
  await openDoc({ name, kind: kindOf(name), content, original: '', origin: '本地文件' }).catch(showError);
  e.target.value = '';
});

$('btn-new').addEventListener('click', async () => {
  const key = prompt('新流程的编号（英文小写和横线，例如 street-patrol）：');
  if (!key || !/^[a-z][a-z0-9-]*$/.test(key)) return;
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${key}" targetNamespace="http://linkage.gov/bpmn">
  <bpmn:process id="${key}" name="新流程" isExecutable="true" camunda:historyTimeToLive="P1825D">
    <bpmn:startEvent id="StartEvent_1" name="开始" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1"><bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${key}">
    <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
  await openDoc({ name: `${key}.bpmn`, kind: 'bpmn', content, original: '', origin: '新建' }).catch(showError);
});

function renderTabs() {
  const tabs = $('tabs');
  tabs.textContent = '';
  for (const doc of state.docs) {
    const b = document.createElement('button');
    b.textContent = `${doc.name}${doc.content !== doc.original ? ' *' : ''}`;
    b.className = doc === state.active ? 'active' : '';
    b.title = doc.origin;
    b.addEventListener('click', () => saveActive().then(() => show(doc)).catch(showError));
    tabs.appendChild(b);
  }
  $('doc-title').textContent = state.active ? `${state.active.name}（${state.active.origin}）` : '未打开文件';
}

async function saveActive() {
  const { editor, active } = state;
  if (!editor || !active) return;
  if (editor.kind === 'bpmn' || editor.kind === 'dmn') {
    const { xml } = await editor.instance.saveXML({ format: true });
    active.content = xml;
  } else if (editor.kind === 'form') {
    active.content = `${JSON.stringify(editor.instance.saveSchema(), null, 2)}\n`;
  }
}

function destroyEditor() {
  if (!state.editor) return;
  state.editor.stopTranslation?.();
  state.editor.instance.destroy();
  state.editor = null;
  $('editor').textContent = '';
  $('properties').textContent = '';
  state.issues = [];
  renderProblems();
  clearDiff();
}

async function show(doc) {
  destroyEditor();
  state.active = doc;
  if (doc.kind === 'bpmn') await showBpmn(doc);
  else if (doc.kind === 'dmn') await showDmn(doc);
  else await showForm(doc);
  renderTabs();
}

function lintOptions() {
  // Forms deployed with the process count as existing, like on the server.
  const formIds = state.docs.filter((d) => d.kind === 'form').map((d) => {
    try {
      return JSON.parse(d.content).id;
    } catch {
      return undefined;
    }
  });
  const context = { ...state.context, forms: [...new Set([...state.context.forms, ...formIds.filter(Boolean)])] };
  return lintSetup.linterOptions(context);
}

async function showBpmn(doc) {
  const modeler = new BpmnModeler({
    container: $('editor'),
    propertiesPanel: { parent: $('properties') },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      CamundaPlatformPropertiesProviderModule,
      ElementTemplatesPropertiesProviderModule,
      ElementTemplateChooserModule,
      CamundaBehaviorsModule,
      lintModule,
      translateModule,
    ],
    moddleExtensions: { camunda: camundaModdle },
    elementTemplates: state.templates,
    linting: { bpmnlint: lintOptions(), active: true },
  });
  state.editor = { kind: 'bpmn', instance: modeler };
  window.linkageModeler = { bpmn: modeler, state };
  modeler.on('linting.completed', ({ issues }) => {
    state.issues = Object.entries(issues).flatMap(([id, list]) => list.map((i) => ({ file: doc.name, element: id, rule: i.rule, category: i.category, message: i.message })));
    renderProblems();
  });
  modeler.on('commandStack.changed', () => {
    // The server's last answer is about the model as it was: the page's lint speaks for the change.
    if (state.serverProblems.length) {
      state.serverProblems = [];
      renderProblems();
    }
    saveActive().then(renderTabs).catch(() => undefined);
  });
  const { warnings } = await modeler.importXML(doc.content);
  modeler.get('canvas').zoom('fit-viewport');
  if (warnings.length) status(`已打开，有 ${warnings.length} 条导入警告（例如：${warnings[0].message}）`);
}

async function showDmn(doc) {
  // dmn-js replaces `common.additionalModules` by each view's own list: the translation goes to every view.
  const translated = { additionalModules: [translateModule] };
  const modeler = new DmnModeler({ container: $('editor'), drd: translated, decisionTable: translated, literalExpression: translated, boxedExpression: translated });
  state.editor = { kind: 'dmn', instance: modeler };
  await modeler.importXML(doc.content);
  status(`已打开决策表 ${doc.name}（不在页面中检查；部署时服务器检查）`);
}

async function showForm(doc) {
  const editor = new FormEditor({ container: $('editor') });
  state.editor = { kind: 'form', instance: editor, stopTranslation: translateFormEditor($('editor')) };
  await editor.importSchema(JSON.parse(doc.content));
  status(`已打开表单 ${doc.name}`);
}

// --- problems -------------------------------------------------------------------------------------

function renderProblems() {
  const list = $('problems');
  list.textContent = '';
  const all = [...state.serverProblems, ...state.issues];
  const order = { error: 0, warn: 1, info: 2 };
  all.sort((a, b) => (order[a.category] ?? 3) - (order[b.category] ?? 3));
  for (const p of all) {
    const li = document.createElement('li');
    li.className = p.category;
    li.dataset.rule = p.rule ?? '';
    li.dataset.element = p.element;
    li.textContent = `${p.file && p.file !== state.active?.name ? `${p.file} · ` : ''}${p.element}：${p.message}`;
    li.addEventListener('click', () => selectElement(p.element));
    list.appendChild(li);
  }
  const errors = all.filter((p) => p.category === 'error').length;
  $('problem-count').textContent = all.length ? `（${errors} 个错误，${all.length - errors} 个警告/提示）` : '（没有问题）';
}

function selectElement(id) {
  if (state.editor?.kind !== 'bpmn') return;
  const element = state.editor.instance.get('elementRegistry').get(id);
  if (!element) return;
  state.editor.instance.get('selection').select(element);
  state.editor.instance.get('canvas').scrollToElement(element);
}

$('btn-lint').addEventListener('click', async () => {
  await saveActive();
  const files = state.docs.map(({ name, content }) => ({ name, content }));
  if (!files.length) return;
  const { problems } = await api('/lint', { method: 'POST', body: JSON.stringify({ files }) });
  state.serverProblems = problems.filter((p) => p.file !== state.active?.name || state.editor?.kind !== 'bpmn');
  renderProblems();
  const errors = problems.filter((p) => p.category === 'error').length;
  status(errors ? `检查完成：${errors} 个错误，不能部署` : '检查完成：没有错误', errors > 0);
});

// --- compare --------------------------------------------------------------------------------------

const DIFF_MARKERS = ['diff-added', 'diff-changed', 'diff-layout-changed'];

function clearDiff() {
  $('diff').innerHTML = '<li class="muted">点击“与已部署版本对比”</li>';
  if (state.editor?.kind !== 'bpmn') return;
  const canvas = state.editor.instance.get('canvas');
  for (const el of state.editor.instance.get('elementRegistry').getAll()) for (const m of DIFF_MARKERS) canvas.removeMarker(el, m);
}

$('btn-compare').addEventListener('click', async () => {
  if (state.editor?.kind !== 'bpmn') return status('只能对比流程图（BPMN）', true);
  const modeler = state.editor.instance;
  const key = modeler.getDefinitions().rootElements.find((e) => e.$type === 'bpmn:Process')?.id;
  let deployed;
  try {
    deployed = await api(`/definitions/process-key/${encodeURIComponent(key)}/latest`);
  } catch (err) {
    if (err.status === 404) return status(`流程 ${key} 还没有部署过，没有可对比的版本`, true);
    throw err;
  }
  clearDiff();
  const moddle = new BpmnModdle({ camunda: camundaModdle });
  const { rootElement: oldDefinitions } = await moddle.fromXML(deployed.content);
  const { xml } = await modeler.saveXML();
  const { rootElement: newDefinitions } = await moddle.fromXML(xml);
  const changes = diff(oldDefinitions, newDefinitions);
  const canvas = modeler.get('canvas');
  const registry = modeler.get('elementRegistry');
  const list = $('diff');
  list.textContent = '';
  const add = (cls, label, id, element, detail = '') => {
    const li = document.createElement('li');
    li.className = cls;
    li.dataset.element = id;
    li.textContent = `${label}：${element?.name ? `「${element.name}」` : ''}${id}${detail}`;
    li.addEventListener('click', () => selectElement(id));
    list.appendChild(li);
  };
  const mark = (id, marker) => registry.get(id) && canvas.addMarker(id, marker);
  for (const [id, el] of Object.entries(changes._added)) {
    add('added', '新增', id, el);
    mark(id, 'diff-added');
  }
  for (const [id, el] of Object.entries(changes._removed)) add('removed', '删除', id, el);
  for (const [id, change] of Object.entries(changes._changed)) {
    const attrs = Object.entries(change.attrs).map(([name, v]) => `${name}: ${JSON.stringify(v.oldValue)} → ${JSON.stringify(v.newValue)}`);
    add('changed', '修改', id, change.model, attrs.length ? `（${attrs.join('；')}）` : '');
    mark(id, 'diff-changed');
  }
  for (const [id, el] of Object.entries(changes._layoutChanged)) {
    if (changes._changed[id] || changes._added[id]) continue;
    add('layout', '位置变化', id, el);
    mark(id, 'diff-layout-changed');
  }
  if (!list.children.length) list.innerHTML = '<li class="muted">与已部署版本相同</li>';
  status(`已与引擎中 ${key} 版本 ${deployed.version} 对比`);
});

// --- drafts, export, templates ----------------------------------------------------------------------

$('btn-save-draft').addEventListener('click', async () => {
  if (!state.active) return;
  await saveActive();
  const doc = state.active;
  const note = prompt('草稿说明（可不填）：', '') ?? null;
  const body = JSON.stringify({ fileName: doc.name, content: doc.content, note });
  const saved = doc.draftId ? await api(`/drafts/${doc.draftId}`, { method: 'PUT', body }) : await api('/drafts', { method: 'POST', body });
  doc.draftId = saved.id;
  doc.origin = `草稿 #${saved.id}（${saved.author}）`;
  renderTabs();
  await refreshDrafts();
  status(`已保存草稿 #${saved.id}`);
});

$('btn-export').addEventListener('click', async () => {
  if (!state.active) return;
  await saveActive();
  download(state.active.name, state.active.content);
});

$('btn-templates').addEventListener('click', async () => {
  const templates = await api('/element-templates');
  download('linkage-element-templates.json', `${JSON.stringify(templates, null, 2)}\n`, 'application/json');
  status('已下载元素模板：放到桌面版 Camunda Modeler 的 resources/element-templates/ 目录即可使用');
});

// --- deploy ---------------------------------------------------------------------------------------

$('btn-deploy').addEventListener('click', async () => {
  if (!state.active) return;
  await saveActive();
  // The shown file and every other open file with changes; the server adds the forms and
  // decisions the BPMN references from the repository.
  const files = state.docs.filter((d) => d === state.active || d.content !== d.original).map(({ name, content }) => ({ name, content }));
  status('正在部署…');
  try {
    const result = await api('/deploy', { method: 'POST', body: JSON.stringify({ files }) });
    state.serverProblems = [];
    renderProblems();
    const versions = [...result.processDefinitions, ...result.decisionDefinitions].map((d) => `${d.key} 版本 ${d.version}`).join('，');
    for (const d of state.docs) {
      if (!files.some((f) => f.name === d.name)) continue;
      d.original = d.content;
      if (result.created) d.origin = `已部署 ${new Date().toLocaleString('zh-CN')}（${versions}）`;
    }
    renderTabs();
    status(result.created ? `已部署：${versions}（部署 ${result.id}，包含 ${result.files.join('、')}）` : result.message);
    await refreshLists();
  } catch (err) {
    if (err.status === 422) {
      state.serverProblems = err.body.problems;
      renderProblems();
      status(`部署被拒绝：模型未通过检查（${err.body.problems.filter((p) => p.category === 'error').length} 个错误，见下方问题列表）`, true);
    } else if (err.status === 403) {
      status('部署被拒绝：只有流程管理员可以部署', true);
    } else throw err;
  }
});

function showError(err) {
  console.error(err);
  status(`出错了：${err.message}`, true);
}
window.addEventListener('unhandledrejection', (e) => showError(e.reason));

// Resume a session of this tab.
const saved = sessionStorage.getItem('modeler-auth');
if (saved) {
  state.auth = saved;
  api('/session')
    .then(() => {
      const [user, ...rest] = new TextDecoder().decode(Uint8Array.from(atob(saved.slice(6)), (c) => c.charCodeAt(0))).split(':');
      return signIn(user, rest.join(':'));
    })
    .catch(() => sessionStorage.removeItem('modeler-auth'));
}
