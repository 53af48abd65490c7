import ExcelJS from 'exceljs';
import Handlebars from 'handlebars';
import type { BulletinModel } from './bulletin.js';

/**
 * Renderings of one bulletin model: the platform page, the printable A4 document (same template,
 * print layout) and the Excel workbook. Handlebars escapes every value; only the charts (SVG made
 * by ECharts from our own numbers, no user text but unit and category names, which ECharts
 * escapes) are inserted raw.
 */
const hbs = Handlebars.create();

const TEMPLATE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{model.title}}</title>
<style>
  body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", sans-serif; color: #222; margin: 0; background: {{#if print}}#fff{{else}}#f4f5f7{{/if}}; }
  main { max-width: {{#if print}}180mm{{else}}1100px{{/if}}; margin: 0 auto; background: #fff; padding: {{#if print}}0{{else}}24px 32px{{/if}}; }
  header.doc { text-align: center; border-bottom: 2px solid #c00; padding-bottom: 8px; margin-bottom: 16px; }
  header.doc .issuer { color: #c00; font-size: 26px; font-weight: bold; letter-spacing: 4px; }
  header.doc .number { margin-top: 6px; }
  h1 { font-size: 22px; text-align: center; margin: 12px 0; }
  h2 { font-size: 17px; border-left: 4px solid #c00; padding-left: 8px; margin-top: 22px; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
  th, td { border: 1px solid #999; padding: 4px 6px; text-align: center; }
  th { background: #eef0f3; }
  tr.bottom td { background: #fdecea; }
  .mark { color: #c00; font-weight: bold; }
  .meta { color: #555; font-size: 13px; }
  .charts { display: flex; flex-wrap: wrap; gap: 12px; }
  .chart svg { max-width: 100%; height: auto; }
  .text { white-space: pre-wrap; }
  @page { size: A4; margin: 18mm 15mm; }
  @media print { body { background: #fff; } main { padding: 0; } h2 { break-after: avoid; } table { break-inside: auto; } tr { break-inside: avoid; } }
</style></head>
<body><main>
<header class="doc"><div class="issuer">{{model.issuer}}</div><div class="number">{{model.number}}</div></header>
<h1>{{model.title}}</h1>
<p class="meta">考核月份：{{model.monthLabel}}　状态：{{model.status}}　版本：第{{model.revision}}版（{{model.reason}}）　考核方案版本：{{model.configVersion}}{{#if model.publishedDate}}　发布日期：{{model.publishedDate}}{{/if}}</p>

<h2>一、总体情况</h2>
<table class="overall"><tbody>{{#each model.overall}}<tr><th>{{label}}</th><td data-field="{{label}}">{{value}}</td></tr>{{/each}}</tbody></table>
<div class="charts"><div class="chart">{{{model.charts.trend}}}</div></div>

<h2>二、来源分析</h2>
<table><thead><tr><th>渠道</th><th>件数</th></tr></thead><tbody>{{#each model.channels}}<tr><td>{{name}}</td><td>{{count}}</td></tr>{{else}}<tr><td colspan="2">本月无上报</td></tr>{{/each}}</tbody></table>

<h2>三、高发问题</h2>
<table><thead><tr><th>事件类别</th><th>件数</th></tr></thead><tbody>{{#each model.categories}}<tr><td>{{name}}</td><td>{{count}}</td></tr>{{else}}<tr><td colspan="2">本月无上报</td></tr>{{/each}}</tbody></table>
<div class="charts"><div class="chart">{{{model.charts.categories}}}</div></div>

<h2>四、遗留超期未处置</h2>
<table><thead><tr><th>责任单位</th><th>件数</th></tr></thead><tbody>{{#each model.leftOverdue}}<tr><td>{{unitName}}</td><td>{{count}}</td></tr>{{else}}<tr><td colspan="2">无</td></tr>{{/each}}</tbody></table>

<h2>五、考评排名</h2>
<p class="meta">{{model.scheme}}</p>
{{#each model.groups}}
<h3>{{name}}</h3>
<table class="ranking"><thead><tr><th>排名</th><th>单位</th><th>得分</th><th>等次</th><th>应结案</th><th>结案</th><th>结案率</th><th>按期结案</th><th>按期结案率</th><th>遗留超期</th><th>退单</th><th>返工</th><th>满意度</th><th>督办</th><th>决策参考不计(S0-5)</th><th>重新计入(S0-6)</th><th>问责扣分</th></tr></thead>
<tbody>{{#each rows}}<tr class="{{#if bottom}}bottom{{/if}}" data-unit="{{unitName}}"><td>{{rank}}</td><td>{{unitName}}{{#if bottomLastTime}} <span class="mark">▲上期后三位</span>{{/if}}</td><td>{{score}}</td><td>{{grade}}</td><td>{{due}}</td><td>{{completed}}</td><td>{{completion}}</td><td>{{onTime}}</td><td>{{onTimeRate}}</td><td>{{leftOverdue}}</td><td>{{returns}}</td><td>{{reworked}}</td><td>{{satisfaction}}</td><td>{{supervision}}</td><td>{{excludedS05}}</td><td>{{recountedS06}}</td><td>{{deduction}}</td></tr>{{/each}}</tbody></table>
{{/each}}
<div class="charts"><div class="chart">{{{model.charts.onTimeByUnit}}}</div></div>

<h2>六、排名后三位单位（主要领导述职）</h2>
<table><thead><tr><th>考核组</th><th>单位</th><th>主要领导</th><th>得分</th><th>备注</th></tr></thead><tbody>{{#each model.bottom}}<tr><td>{{groupName}}</td><td>{{unitName}}</td><td>{{leader}}</td><td>{{score}}</td><td>{{#if again}}<span class="mark">连续排名后三位</span>{{/if}}</td></tr>{{else}}<tr><td colspan="5">无</td></tr>{{/each}}</tbody></table>

<h2>七、问责情况（职责不清会商研判）</h2>
<table><thead><tr><th>单位</th><th>事项</th><th>情形</th><th>说明</th></tr></thead><tbody>{{#each model.accountability}}<tr><td>{{unitName}}</td><td>{{itemRef}}</td><td>{{kind}}</td><td>{{note}}</td></tr>{{else}}<tr><td colspan="4">无</td></tr>{{/each}}</tbody></table>

<h2>八、内部考核（坐席员受理及时率、巡查员上报质量）</h2>
<p>坐席员受理：{{model.internal.acceptance}}</p>
<table><thead><tr><th>坐席员</th><th>受理处理</th><th>受理立案</th><th>不予受理</th><th>合并</th><th>按时受理</th><th>按时受理率</th></tr></thead><tbody>{{#each model.internal.seatOperators}}<tr><td>{{operator}}</td><td>{{decided}}</td><td>{{accepted}}</td><td>{{rejected}}</td><td>{{merged}}</td><td>{{onTime}}</td><td>{{rate}}</td></tr>{{else}}<tr><td colspan="7">本月无坐席员受理记录</td></tr>{{/each}}</tbody></table>
<table><thead><tr><th>上报人</th><th>渠道</th><th>上报</th><th>受理立案</th><th>有效率</th></tr></thead><tbody>{{#each model.internal.inspectors}}<tr><td>{{reporter}}</td><td>{{channel}}</td><td>{{reported}}</td><td>{{accepted}}</td><td>{{rate}}</td></tr>{{else}}<tr><td colspan="5">本月无巡查员、网格员上报</td></tr>{{/each}}</tbody></table>

<h2>九、分析研判与处理意见</h2>
{{#if model.analysis.reporter}}<p>主汇报人：{{model.analysis.reporter}}</p>{{/if}}
<div class="text">{{#if model.analysis.analysis}}{{model.analysis.analysis}}{{else}}（分析研判会议后补充）{{/if}}</div>
{{#if model.analysis.conclusion}}<p><strong>会议结论：</strong><span class="text">{{model.analysis.conclusion}}</span></p>{{/if}}
{{#if model.analysis.opinions}}<p><strong>处理意见：</strong><span class="text">{{model.analysis.opinions}}</span></p>{{/if}}
{{#if model.analysis.followUps}}<p><strong>跟踪督办：</strong>{{#each model.analysis.followUps}}<a href="{{href}}">{{label}}</a>　{{/each}}</p>{{/if}}
</main></body></html>`;

const template = hbs.compile(TEMPLATE, { strict: false });

export function renderBulletinHtml(model: BulletinModel, options: { print?: boolean } = {}): string {
  return template({ model, print: options.print === true });
}

/** Ranking sheet (one block per group) and the underlying per-unit figures. */
export async function renderBulletinWorkbook(model: BulletinModel): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = model.issuer;
  wb.title = model.title;
  const rank = wb.addWorksheet('考评排名');
  rank.addRow([model.title]);
  rank.addRow([`${model.number}　第${model.revision}版（${model.reason}）　${model.status}　考核方案版本 ${model.configVersion}`]);
  rank.addRow([model.scheme]);
  const header = ['考核组', '排名', '单位', '得分', '等次', '应结案', '结案', '结案率', '按期结案', '按期结案率', '遗留超期', '退单', '返工', '满意度', '督办', 'S0-5不计', 'S0-6重新计入', '问责扣分', '后三位', '上期后三位'];
  rank.addRow(header).font = { bold: true };
  for (const g of model.groups) {
    for (const r of g.rows) {
      rank.addRow([g.name, r.rank, r.unitName, Number(r.score), r.grade, r.due, r.completed, r.completion, r.onTime, r.onTimeRate, r.leftOverdue, r.returns, r.reworked, r.satisfaction, r.supervision, r.excludedS05, r.recountedS06, r.deduction, r.bottom ? '是' : '', r.bottomLastTime ? '是' : '']);
    }
  }
  rank.columns.forEach((c, i) => (c.width = i === 2 ? 24 : 12));
  const raw = wb.addWorksheet('各单位数据');
  const keys: Array<[string, (u: BulletinModel['units'][number]) => string | number]> = [
    ['单位编码', (u) => u.unitId],
    ['单位', (u) => u.unitName],
    ['考核组', (u) => u.groupName],
    ['得分', (u) => u.score],
    ['排名', (u) => u.rank],
    ['派单', (u) => u.dispatched],
    ['应结案', (u) => u.due],
    ['结案', (u) => u.completed],
    ['按期结案', (u) => u.onTime],
    ['未按期', (u) => u.late],
    ['遗留超期', (u) => u.leftOverdue],
    ['退单', (u) => u.returns],
    ['退单获支持', (u) => u.returnsUpheld],
    ['退单未获支持', (u) => u.returnsNotUpheld],
    ['退单待定', (u) => u.returnsUndecided],
    ['返工', (u) => u.reworked],
    ['S0-6重新计入', (u) => u.recountedS06],
    ['S0-5不计', (u) => u.excludedS05],
    ['S0-5归档计入办结', (u) => u.archivedS05],
    ['满意度评价数', (u) => u.satisfactionRated],
    ['满意(4–5分)', (u) => u.satisfied],
    ['督办事项', (u) => u.supervisionItems],
    ['问责记录', (u) => u.accountabilityItems.length],
  ];
  raw.addRow(keys.map(([k]) => k)).font = { bold: true };
  for (const u of model.units) raw.addRow(keys.map(([, get]) => get(u)));
  const overall = wb.addWorksheet('总体情况');
  for (const o of model.overall) overall.addRow([o.label, o.value]);
  overall.getColumn(1).width = 18;
  overall.getColumn(2).width = 40;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
