import * as echarts from 'echarts';
import type { DataSource } from 'typeorm';
import { AssessmentResultEntity } from '../db/entities/index.js';
import type { OrgChart } from '../identity/org-chart.js';
import { unitName } from '../identity/org-chart.js';
import { channelName } from '../events/channels.js';
import { parseScheme } from './config.js';
import type { UnitFigures } from './figures.js';
import { monthLabel, shiftMonth } from './month.js';
import { ratio } from './scoring.js';
import type { AssessmentView, StoredRanking } from './service.js';

/**
 * The bulletin (通报, S1-7) of a month's assessment: one model built from ONE stored revision, and
 * three renderings of it — the page on the platform, the printable A4 document (both handlebars,
 * HTML-escaped, with ECharts server-side SVG charts) and the Excel workbook (exceljs). Because all
 * three read the same model, they carry the same figures. Sections follow the genre
 * (/work/shared/BULLETIN-NOTES.md): overall, sources, frequent problems, left overdue, ranking by
 * group with the scheme printed, bottom three (述职), analysis and handling opinions.
 */
export interface BulletinAnalysis {
  reporter?: string | null;
  analysis?: string | null;
  conclusion?: string | null;
  opinions?: string | null;
  followUps?: Array<{ label: string; href: string }>;
}

const pct = (num: number, den: number) => {
  const r = ratio(num, den);
  return r === null ? '—' : `${(r * 100).toFixed(2)}%`;
};

export interface BulletinModel {
  title: string;
  month: string;
  monthLabel: string;
  revision: number;
  reason: string;
  status: string;
  configVersion: string;
  issuer: string;
  number: string;
  publishedDate: string | null;
  overall: Array<{ label: string; value: string }>;
  channels: Array<{ name: string; count: number }>;
  categories: Array<{ name: string; count: number }>;
  leftOverdue: Array<{ unitName: string; count: number }>;
  scheme: string;
  groups: Array<{
    name: string;
    rows: Array<{
      rank: number;
      unitName: string;
      score: string;
      grade: string;
      due: number;
      completed: number;
      completion: string;
      onTime: number;
      onTimeRate: string;
      leftOverdue: number;
      returns: string;
      reworked: number;
      satisfaction: string;
      supervision: number;
      excludedS05: number;
      recountedS06: number;
      deduction: string;
      bottom: boolean;
      bottomLastTime: boolean;
    }>;
  }>;
  bottom: Array<{ groupName: string; unitName: string; leader: string; score: string; again: boolean }>;
  accountability: Array<{ unitName: string; kind: string; itemRef: string; note: string }>;
  internal: {
    acceptance: string;
    seatOperators: Array<{ operator: string; decided: number; accepted: number; rejected: number; merged: number; onTime: number; rate: string }>;
    inspectors: Array<{ reporter: string; channel: string; reported: number; accepted: number; rate: string }>;
  };
  analysis: BulletinAnalysis;
  charts: { onTimeByUnit: string; trend: string; categories: string };
  /** Raw figures per unit, for the workbook. */
  units: Array<UnitFigures & { score: number; rank: number; groupName: string }>;
}

const KIND_NAMES: Record<string, string> = {
  'late-report': '逾期报送落实情况',
  'missing-report': '未报送落实情况',
  'not-implemented': '会商决定未落实',
  'late-material': '逾期提交会商材料',
  'missing-material': '未提交会商材料',
};

function svgChart(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: 'Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif' }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** Overall on-time rate of each of the last 12 months with a stored result (its newest published, else newest revision). */
export async function trend(db: DataSource, month: string): Promise<Array<{ month: string; rate: number | null }>> {
  const months = Array.from({ length: 12 }, (_, i) => shiftMonth(month, i - 11));
  const repo = db.getRepository(AssessmentResultEntity);
  // The revisions' keys first, then the figures of the one revision per month the trend shows
  // (every revision's figures would be read and dropped otherwise).
  const rows = await repo.createQueryBuilder('a').select(['a.id', 'a.month', 'a.revision', 'a.status']).where('a.month IN (:...months)', { months }).orderBy('a.revision', 'ASC').getMany();
  const shown = new Map<string, number>();
  for (const m of months) {
    const mine = rows.filter((r) => r.month === m);
    const row = mine.filter((r) => r.status === 'published').at(-1) ?? mine.at(-1);
    if (row) shown.set(m, row.id);
  }
  const ids = [...shown.values()];
  const figures = ids.length ? await repo.createQueryBuilder('a').select(['a.id', 'a.figures']).where('a.id IN (:...ids)', { ids }).getMany() : [];
  const figuresOf = new Map(figures.map((r) => [r.id, r.figures]));
  return months.map((m) => {
    const text = figuresOf.get(shown.get(m) ?? -1);
    if (text === undefined) return { month: m, rate: null };
    const o = (JSON.parse(text) as AssessmentView['figures']).overall;
    return { month: m, rate: ratio(o.onTime, o.due) };
  });
}

export function bulletinModel(
  view: AssessmentView,
  chart: OrgChart,
  categoryName: (code: string) => string,
  trendRows: Array<{ month: string; rate: number | null }>,
  analysis: BulletinAnalysis = {},
): BulletinModel {
  const f = view.figures;
  const o = f.overall;
  const ranking: StoredRanking = view.ranking;
  const figuresOf = new Map(f.units.map((u) => [u.unitId, u]));
  const leader = (id: string) => {
    const u = chart.units.find((x) => x.id === id);
    return u ? `${u.leader.name}${u.leader.title ? `（${u.leader.title}）` : ''}` : '';
  };
  const groups = ranking.groups.map((g) => ({
    name: g.groupName,
    rows: g.units.map((s) => {
      const u = figuresOf.get(s.unitId) as UnitFigures;
      return {
        rank: s.rank,
        unitName: s.unitName,
        score: s.score.toFixed(2),
        grade: s.grade,
        due: u.due,
        completed: u.completed,
        completion: pct(u.completed, u.due),
        onTime: u.onTime,
        onTimeRate: pct(u.onTime, u.due),
        leftOverdue: u.leftOverdue,
        returns: `${u.returns}（未获支持${u.returnsNotUpheld}）`,
        reworked: u.reworked,
        satisfaction: u.satisfactionRated ? `${pct(u.satisfied, u.satisfactionRated)}（${u.satisfied}/${u.satisfactionRated}）` : '—',
        supervision: u.supervisionItems,
        excludedS05: u.excludedS05,
        recountedS06: u.recountedS06,
        deduction: s.deduction ? `−${s.deduction}` : '0',
        bottom: s.bottom,
        bottomLastTime: ranking.bottomLastTime.includes(s.unitId),
      };
    }),
  }));
  const allScores = ranking.groups.flatMap((g) => g.units.map((s) => ({ ...s, groupName: g.groupName })));
  const units = f.units.map((u) => {
    const s = allScores.find((x) => x.unitId === u.unitId);
    return { ...u, score: s?.score ?? 0, rank: s?.rank ?? 0, groupName: s?.groupName ?? '' };
  });
  const { scheme } = parseScheme(view.configText);
  const deductions = Object.entries(scheme.deductions)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${KIND_NAMES[k] ?? k}每件扣${n}分`)
    .join('，');
  const schemeText =
    `满分100分：按期结案${scheme.weights.onTime}分（按期结案数/应结案数）、督办${scheme.weights.supervision}分、满意度${scheme.weights.satisfaction}分（4–5分评价占比）、` +
    `退单返工${scheme.weights.returnsRework}分；问责扣分：${deductions || '无'}。${scheme.excellentScore}分及以上为优秀。各组后${scheme.bottomCount}名单位主要领导述职。`;
  const withDue = f.units.filter((u) => u.due > 0).sort((a, b) => (ratio(b.onTime, b.due) ?? 0) - (ratio(a.onTime, a.due) ?? 0));
  const onTimeByUnit = svgChart(
    {
      title: { text: '各单位按期结案率', left: 'center', textStyle: { fontSize: 14 } },
      grid: { left: 150, right: 40, top: 40, bottom: 30 },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', inverse: true, data: withDue.map((u) => u.unitName) },
      series: [{ type: 'bar', data: withDue.map((u) => Math.round((ratio(u.onTime, u.due) ?? 0) * 10000) / 100), label: { show: true, position: 'right', formatter: '{c}%' }, itemStyle: { color: '#c23531' } }],
    },
    640,
    Math.max(160, 60 + withDue.length * 28),
  );
  const trendSvg = svgChart(
    {
      title: { text: '近12个月按期结案率', left: 'center', textStyle: { fontSize: 14 } },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: trendRows.map((r) => `${Number(r.month.slice(5))}月`) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [{ type: 'line', connectNulls: false, data: trendRows.map((r) => (r.rate === null ? null : Math.round(r.rate * 10000) / 100)), label: { show: true, formatter: '{c}%' } }],
    },
    640,
    260,
  );
  const cats = o.topCategories.map((c) => ({ name: categoryName(c.key), count: c.count }));
  const catSvg = svgChart(
    {
      title: { text: '高发问题（事件类别）', left: 'center', textStyle: { fontSize: 14 } },
      grid: { left: 120, right: 40, top: 40, bottom: 30 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: cats.map((c) => c.name) },
      series: [{ type: 'bar', data: cats.map((c) => c.count), label: { show: true, position: 'right' }, itemStyle: { color: '#2f4554' } }],
    },
    640,
    Math.max(160, 60 + cats.length * 28),
  );
  const published = view.publishedAt ? new Date(new Date(view.publishedAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : null;
  return {
    title: `${monthLabel(view.month)}社会治理联动工作考核通报`,
    month: view.month,
    monthLabel: monthLabel(view.month),
    revision: view.revision,
    reason: view.reason,
    status: view.status === 'published' ? '已发布' : '草稿（未发布）',
    configVersion: view.configVersion.slice(0, 12),
    issuer: `${unitName(chart, 'linkage-centre')}分析研判工作室`,
    number: `联动通报〔${view.month.slice(0, 4)}〕${Number(view.month.slice(5))}号${view.revision > 1 ? `（第${view.revision}版）` : ''}`,
    publishedDate: published,
    overall: [
      { label: '受理（接收）', value: String(o.received) },
      { label: '受理立案', value: String(o.accepted) },
      { label: '不予受理', value: String(o.rejected) },
      { label: '应结案', value: String(o.due) },
      { label: '结案', value: `${o.completed}（结案率 ${pct(o.completed, o.due)}，${o.completed}/${o.due}）` },
      { label: '按期结案', value: `${o.onTime}（按期结案率 ${pct(o.onTime, o.due)}，${o.onTime}/${o.due}）` },
      { label: '遗留超期', value: String(o.leftOverdue) },
      { label: '满意度（4–5分）', value: o.satisfactionRated ? `${pct(o.satisfied, o.satisfactionRated)}（${o.satisfied}/${o.satisfactionRated}）` : '—' },
    ],
    channels: o.byChannel.map((c) => ({ name: channelName(c.key), count: c.count })),
    categories: cats,
    leftOverdue: f.units
      .filter((u) => u.leftOverdue > 0)
      .sort((a, b) => b.leftOverdue - a.leftOverdue || a.unitId.localeCompare(b.unitId))
      .map((u) => ({ unitName: u.unitName, count: u.leftOverdue })),
    scheme: schemeText,
    groups,
    bottom: ranking.groups.flatMap((g) =>
      g.units.filter((s) => s.bottom).map((s) => ({ groupName: g.groupName, unitName: s.unitName, leader: leader(s.unitId), score: s.score.toFixed(2), again: ranking.bottomLastTime.includes(s.unitId) })),
    ),
    accountability: f.units.flatMap((u) => u.accountabilityItems.map((a) => ({ unitName: u.unitName, kind: KIND_NAMES[a.kind] ?? a.kind, itemRef: a.itemRef, note: a.note ?? '' }))),
    internal: {
      acceptance: (() => {
        const a = o.internal?.acceptance ?? { decided: 0, overdue: 0 };
        return `受理${a.decided}件，超过1个工作日${a.overdue}件，按时受理率 ${pct(a.decided - a.overdue, a.decided)}（${a.decided - a.overdue}/${a.decided}）`;
      })(),
      seatOperators: (o.internal?.seatOperators ?? []).map((s) => ({ ...s, rate: pct(s.onTime, s.decided - s.noDueDate) })),
      inspectors: (o.internal?.inspectors ?? []).map((i) => ({ ...i, channel: channelName(i.channel), rate: pct(i.accepted, i.reported) })),
    },
    analysis,
    charts: { onTimeByUnit, trend: trendSvg, categories: catSvg },
    units,
  };
}
