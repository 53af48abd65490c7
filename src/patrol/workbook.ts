import ExcelJS from 'exceljs';
import { monthLabel } from '../assessment/month.js';
import type { PatrolConfig } from './config.js';
import type { InspectorMonth } from './reports.js';

/**
 * The monthly reward table of the patrol inspectors as an Excel workbook (S4-4.6): one row per
 * inspector, the count of valid reports per reward grade, the points, and the invalid/duplicate
 * reports that earned nothing; a second sheet prints the grading scheme the points come from.
 */
export const REWARD_SHEET = '巡查员奖励';
export const SCHEME_SHEET = '分级标准';

export async function renderRewardWorkbook(cfg: PatrolConfig, month: string, rows: InspectorMonth[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'linkage-platform';
  const sheet = wb.addWorksheet(REWARD_SHEET);
  const grades = [...cfg.rewardGrades].sort((a, b) => b.rank - a.rank);
  sheet.addRow([`${monthLabel(month)}巡查员有效上报奖励表`]);
  sheet.addRow(['巡查员编号', '姓名', '街道', '上报数', '有效', ...grades.map((g) => `${g.name}（${g.points}分）`), '待定级', '无效', '重复', '待受理', '有效率', '奖励积分']);
  sheet.getRow(2).font = { bold: true };
  for (const r of rows) {
    sheet.addRow([
      r.inspectorId,
      r.name,
      r.street,
      r.reports,
      r.valid,
      ...grades.map((g) => r.byGrade[g.code] ?? 0),
      r.ungraded,
      r.invalid,
      r.duplicate,
      r.pending,
      r.validRate === null ? '—' : `${(r.validRate * 100).toFixed(2)}%`,
      r.points,
    ]);
  }
  sheet.columns.forEach((c) => (c.width = 14));

  const scheme = wb.addWorksheet(SCHEME_SHEET);
  scheme.addRow(['奖励等级取紧急程度与安全风险两者中较高的一级（S4-4.6）']);
  scheme.addRow(['紧急程度', ...cfg.urgency.map((l) => `${l.name}（${l.rank}）`)]);
  scheme.addRow(['安全风险', ...cfg.safety.map((l) => `${l.name}（${l.rank}）`)]);
  for (const g of grades) scheme.addRow([g.name, `等级 ${g.rank}`, `${g.points} 分`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
