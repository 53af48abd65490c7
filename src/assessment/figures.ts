import type { InspectorMonth } from '../patrol/reports.js';
import { Brackets, type DataSource } from 'typeorm';
import { accountabilityFor } from '../accountability/records.js';
import type { AccountabilityKind } from '../db/entities/index.js';
import type { OrgChart } from '../identity/org-chart.js';
import { maskName } from '../events/masking.js';
import { EventEntity, LedgerEntryEntity, SlaRecordEntity, SupervisionItemEntity, type LedgerOutcome } from '../db/entities/index.js';
import type { AssessmentScheme } from './config.js';
import type { SeatOperatorFigures } from './internal.js';
import type { MonthRange } from './month.js';

/**
 * The month's figures per assessed unit, computed from the books the processes write — the
 * assessment ledger (`ledger_entry`, one row per handling round and unit), the events (status,
 * satisfaction recorded by the verification step), the supervision items and the accountability
 * book — never typed in by hand. Only the LEAD unit's row of a round is assessed (the lead unit
 * answers for the round; cooperating units' rows are not scored). Definitions (README "Assessment"):
 *
 *  - 应结案 `due`: counted rounds whose limit falls in the month; plus rounds completed in the month
 *    ahead of a limit in a later month; plus rounds archived as decision-reference events in the
 *    month (S0-5 "计入已办结"). Not due: rounds returned where the return was upheld (the centre
 *    gave the next round to another unit) or is still undecided, and rounds reported up as beyond the
 *    unit's authority (`cannot-handle`, S2-5.1).
 *  - 结案 `completed`: of those, completed or archived before the month's end; 按期结案 `onTime`: of
 *    those, on time by the ledger's rule; 未按期 `late` = due − onTime.
 *  - 遗留超期 `leftOverdue`: rounds past their limit still in the unit's hands at the month's end.
 *  - 退单 `returns` (returned in the month): upheld / not upheld / undecided; 返工 `reworked`: due
 *    rounds reopened by verification (S4-4.7); `recountedS06`: due rounds reopened by S0-6 (counted as
 *    not completed; the second handling is an ordinary due round).
 *  - `excludedS05`: rounds in the decision-reference archiving flow during the month (not counted).
 *  - satisfaction: events verified and closed in the month, by the final lead unit; satisfied = 4–5.
 *  - supervision: items that entered supervision in the month from the unit's rounds.
 *  - accountability (S3-4): records of the month by kind.
 */
export interface UnitFigures {
  unitId: string;
  unitName: string;
  groupId: string;
  dispatched: number;
  due: number;
  completed: number;
  onTime: number;
  late: number;
  leftOverdue: number;
  returns: number;
  returnsUpheld: number;
  returnsNotUpheld: number;
  returnsUndecided: number;
  reworked: number;
  recountedS06: number;
  excludedS05: number;
  archivedS05: number;
  satisfactionRated: number;
  satisfied: number;
  supervisionItems: number;
  accountability: Partial<Record<AccountabilityKind, number>>;
  accountabilityItems: Array<{ kind: AccountabilityKind; itemRef: string; note: string | null }>;
}

export interface OverallFigures {
  received: number;
  accepted: number;
  rejected: number;
  merged: number;
  due: number;
  completed: number;
  onTime: number;
  leftOverdue: number;
  satisfactionRated: number;
  satisfied: number;
  byChannel: Array<{ key: string; count: number }>;
  topCategories: Array<{ key: string; count: number }>;
  /**
   * Internal assessment (S4-4.9 内部考核), figures only (not scored yet): acceptance timeliness of the
   * seat operators (events received in the month that were decided, and how many missed the one
   * working day, from the SLA book), and the report quality of patrol inspectors and grid members
   * (reports by reporter, masked, and how many were accepted).
   */
  internal: {
    acceptance: { decided: number; overdue: number };
    inspectors: Array<{ reporter: string; channel: string; reported: number; accepted: number }>;
    /** Per seat operator, from the engine's history (src/assessment/internal.ts); empty when computed without the engine. */
    seatOperators: SeatOperatorFigures[];
    /** Per patrol inspector, from the graded patrol reports (src/patrol/reports.ts, S4-4.6); empty when computed without the patrol config. */
    patrolInspectors: InspectorMonth[];
  };
}

export interface MonthFigures {
  month: string;
  units: UnitFigures[];
  overall: OverallFigures;
}

type Row = {
  id: number;
  eventNumber: string;
  round: number;
  unitId: string;
  dueAt: Date;
  completedAt: Date | null;
  outcome: LedgerOutcome;
  onTime: boolean | null;
  note: string | null;
};

const COMPLETION: LedgerOutcome[] = ['completed', 'archived'];
const t = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());
const asBool = (v: unknown) => (v === null || v === undefined ? null : v === true || v === 1 || v === '1');

function emptyUnit(unitId: string, unitName: string, groupId: string): UnitFigures {
  return {
    unitId,
    unitName,
    groupId,
    dispatched: 0,
    due: 0,
    completed: 0,
    onTime: 0,
    late: 0,
    leftOverdue: 0,
    returns: 0,
    returnsUpheld: 0,
    returnsNotUpheld: 0,
    returnsUndecided: 0,
    reworked: 0,
    recountedS06: 0,
    excludedS05: 0,
    archivedS05: 0,
    satisfactionRated: 0,
    satisfied: 0,
    supervisionItems: 0,
    accountability: {},
    accountabilityItems: [],
  };
}

/** The units assessed under a scheme: every org-chart unit whose kind one of its groups ranks. */
export function assessedUnits(chart: OrgChart, scheme: AssessmentScheme): Array<{ unitId: string; unitName: string; groupId: string }> {
  const groupOf = new Map<string, string>(scheme.groups.flatMap((g) => g.kinds.map((k) => [k, g.id] as const)));
  return chart.units.filter((u) => groupOf.has(u.kind)).map((u) => ({ unitId: u.id, unitName: u.name, groupId: groupOf.get(u.kind) as string }));
}

const ROW_COLUMNS: Array<[string, keyof Row]> = [
  ['l.id', 'id'],
  ['l.event_number', 'eventNumber'],
  ['l.round', 'round'],
  ['l.unit_id', 'unitId'],
  ['l.due_at', 'dueAt'],
  ['l.completed_at', 'completedAt'],
  ['l.outcome', 'outcome'],
  ['l.on_time', 'onTime'],
];

/** A raw row (SQLite answers dates as UTC text, MySQL as Date): typeorm's entity hydration costs more than the query. */
function normalise(r: Record<string, unknown>): Row {
  const date = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(/Z|[+-]\d\d:?\d\d$/.test(String(v)) ? String(v) : `${String(v).replace(' ', 'T')}Z`));
  return {
    id: Number(r.id),
    eventNumber: String(r.eventNumber),
    round: Number(r.round),
    unitId: String(r.unitId),
    dueAt: date(r.dueAt) as Date,
    completedAt: date(r.completedAt),
    outcome: r.outcome as LedgerOutcome,
    onTime: asBool(r.onTime),
    note: null,
  };
}

/** Lead rows, counted, matching `where` (`l` is the ledger alias). */
async function leadRows(db: DataSource, where: Brackets, params: Record<string, unknown>): Promise<Row[]> {
  const qb = db.getRepository(LedgerEntryEntity).createQueryBuilder('l').select([]);
  for (const [column, alias] of ROW_COLUMNS) qb.addSelect(column, alias);
  const rows = (await qb.where('l.role = :lead', { lead: 'lead' }).andWhere('l.counted = :counted', { counted: true }).andWhere(where).setParameters(params).getRawMany<Record<string, unknown>>()).map(normalise);
  // The note (S0-6 marks its rounds there) only for the few reopened rows: the rest is read from the indexes.
  const reopened = rows.filter((r) => r.outcome === 'reopened');
  for (let i = 0; i < reopened.length; i += 500) {
    const chunk = reopened.slice(i, i + 500);
    const notes = await db
      .getRepository(LedgerEntryEntity)
      .createQueryBuilder('l')
      .select('l.id', 'id')
      .addSelect('l.note', 'note')
      .where('l.id IN (:...ids)', { ids: chunk.map((r) => r.id) })
      .getRawMany<{ id: number | string; note: string | null }>();
    const byId = new Map(notes.map((n) => [Number(n.id), n.note]));
    for (const r of chunk) r.note = byId.get(r.id) ?? null;
  }
  return rows;
}

/** A unit's counts of its lead rounds in the month (the part of UnitFigures read from the ledger's rounds). */
export type RoundCounts = Pick<
  UnitFigures,
  'unitId' | 'due' | 'completed' | 'onTime' | 'late' | 'leftOverdue' | 'returns' | 'returnsUpheld' | 'returnsNotUpheld' | 'returnsUndecided' | 'reworked' | 'recountedS06' | 'archivedS05'
>;

const ROUND_COUNT_KEYS = ['due', 'completed', 'onTime', 'late', 'leftOverdue', 'returns', 'returnsUpheld', 'returnsNotUpheld', 'returnsUndecided', 'reworked', 'recountedS06', 'archivedS05'] as const;

function emptyCounts(unitId: string): RoundCounts {
  return { unitId, ...(Object.fromEntries(ROUND_COUNT_KEYS.map((k) => [k, 0])) as Omit<RoundCounts, 'unitId'>) };
}

/**
 * The round counts of every unit with lead rounds in the month, row by row in JavaScript: the
 * first implementation, kept as the reference the SQL aggregation (`roundCountsInSql`) is checked
 * against (integration test) and measured against (`npm run bench`, BENCH_ASSESSMENT=1).
 */
export async function roundCountsByRows(db: DataSource, range: MonthRange): Promise<RoundCounts[]> {
  const { start, end } = range;
  const p = { ms: start, me: end };
  const all = new Map<string, RoundCounts>();
  const countsOf = (unitId: string) => {
    const c = all.get(unitId) ?? emptyCounts(unitId);
    all.set(unitId, c);
    return c;
  };

  // Candidate due rows: limit in the month, or completed/archived in the month (two range reads,
  // each on its own index, merged by id: one OR over both columns would scan the table).
  const byId = new Map<number, Row>();
  for (const r of await leadRows(db, new Brackets((w) => w.where('l.dueAt >= :ms AND l.dueAt < :me')), p)) byId.set(r.id, r);
  for (const r of await leadRows(db, new Brackets((w) => w.where('l.completedAt >= :ms AND l.completedAt < :me')), p)) byId.set(r.id, r);
  const candidates = [...byId.values()];
  // The next round of each returned event decides whether the return was upheld.
  const returned = candidates.filter((r) => r.outcome === 'returned');
  const nextLead = new Map<string, string>();
  if (returned.length > 0) {
    const numbers = [...new Set(returned.map((r) => r.eventNumber))];
    for (let i = 0; i < numbers.length; i += 500) {
      const next = await db
        .getRepository(LedgerEntryEntity)
        .createQueryBuilder('l')
        .select(['l.eventNumber', 'l.round', 'l.unitId'])
        .where('l.role = :lead', { lead: 'lead' })
        .andWhere('l.eventNumber IN (:...numbers)', { numbers: numbers.slice(i, i + 500) })
        .getMany();
      for (const n of next) nextLead.set(`${n.eventNumber}:${n.round}`, n.unitId);
    }
  }
  const returnVerdict = (r: Row): 'upheld' | 'not-upheld' | 'undecided' => {
    const next = nextLead.get(`${r.eventNumber}:${r.round + 1}`);
    return next === undefined ? 'undecided' : next === r.unitId ? 'not-upheld' : 'upheld';
  };

  for (const r of candidates) {
    const u = countsOf(r.unitId);
    const done = t(r.completedAt);
    const dueIn = t(r.dueAt)! >= start.getTime() && t(r.dueAt)! < end.getTime();
    const doneIn = done !== null && done >= start.getTime() && done < end.getTime();
    if (r.outcome === 'returned' && doneIn) {
      u.returns += 1;
      const v = returnVerdict(r);
      if (v === 'upheld') u.returnsUpheld += 1;
      else if (v === 'not-upheld') u.returnsNotUpheld += 1;
      else u.returnsUndecided += 1;
    }
    const isDue =
      dueIn ||
      (doneIn && COMPLETION.includes(r.outcome) && t(r.dueAt)! >= end.getTime()) ||
      (doneIn && r.outcome === 'archived' && t(r.dueAt)! < start.getTime());
    if (!isDue) continue;
    if (r.outcome === 'cannot-handle') continue;
    if (r.outcome === 'returned' && returnVerdict(r) !== 'not-upheld') continue;
    const completed = COMPLETION.includes(r.outcome) && done !== null && done < end.getTime();
    const onTime = completed && r.onTime === true;
    u.due += 1;
    if (completed) u.completed += 1;
    if (onTime) u.onTime += 1;
    if (!onTime) u.late += 1;
    if (r.outcome === 'archived' && doneIn) u.archivedS05 += 1;
    if (r.outcome === 'reopened') {
      if (r.note?.includes('S0-6')) u.recountedS06 += 1;
      else u.reworked += 1;
    }
  }


  // Left overdue at the month's end: past the limit, still in the unit's hands then.
  // Two reads again: still open (by outcome and limit), or ended after the month's end.
  const leftById = new Map<number, Row>();
  for (const r of await leadRows(db, new Brackets((w) => w.where('l.outcome = :open AND l.dueAt < :me')), { ...p, open: 'open' })) leftById.set(r.id, r);
  for (const r of await leadRows(db, new Brackets((w) => w.where('l.completedAt >= :me AND l.dueAt < :me')), p)) leftById.set(r.id, r);
  const left = [...leftById.values()];
  for (const r of left) countsOf(r.unitId).leftOverdue += 1;

  // A unit whose rows of the month count nothing (e.g. only a cannot-handle round) has no figures,
  // as in the SQL aggregation.
  return [...all.values()].filter((c) => ROUND_COUNT_KEYS.some((k) => c[k] !== 0));
}

/** Receives the time of each query of a month's computation (`npm run bench` prints the split). */
export type PhaseTimer = (phase: string, ms: number) => void;

/** Runs `run`, telling `timer` (when given) how long it took under `phase`. */
export async function timed<T>(timer: PhaseTimer | undefined, phase: string, run: () => Promise<T>): Promise<T> {
  if (!timer) return run();
  const t0 = performance.now();
  try {
    return await run();
  } finally {
    timer(phase, performance.now() - t0);
  }
}

/** Named parameters (`:ms`) through the driver's own escaping (dates as the column stores them, on SQLite and MariaDB). */
async function rawQuery<T>(db: DataSource, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [query, values] = db.driver.escapeQueryWithParameters(sql, params);
  return (await db.query(query, values)) as T[];
}

const DUE_IN = '(r.due_at >= :ms AND r.due_at < :me)';
const DONE_IN = '(r.completed_at >= :ms AND r.completed_at < :me)';
const VERDICT_NOT_UPHELD = 'r.next_unit = r.unit_id';
const IS_DUE = `((${DUE_IN} OR (${DONE_IN} AND r.outcome IN ('completed', 'archived') AND r.due_at >= :me) OR (${DONE_IN} AND r.outcome = 'archived' AND r.due_at < :ms))
  AND r.outcome <> 'cannot-handle' AND (r.outcome <> 'returned' OR (r.next_unit IS NOT NULL AND ${VERDICT_NOT_UPHELD})))`;
const COMPLETED = "(r.outcome IN ('completed', 'archived') AND r.completed_at < :me)";
const ON_TIME = `(${COMPLETED} AND r.on_time = 1)`;
const RETURNED_IN = `(r.outcome = 'returned' AND ${DONE_IN})`;
const sum = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

/**
 * The lead, counted rounds of the month (limit in the month, or ended in it), each with the lead
 * unit of the event's next round when it was returned: looked up for returned rounds only (CASE
 * evaluates its subquery only when the round was returned; one dive into
 * `(event_number, round, role, id, unit_id)` each), the newest row when a round had two lead rows, as
 * the row-by-row reference keeps the last one read. A LEFT JOIN probed the ledger for every round
 * of the month and read each match's row from the table.
 */
const MONTH_ROUNDS = (where: string) => `SELECT l.unit_id, l.outcome, l.due_at, l.completed_at, l.on_time,
    CASE WHEN l.outcome = 'returned' THEN (SELECT n.unit_id FROM ledger_entry n WHERE n.event_number = l.event_number AND n.round = l.round + 1 AND n.role = 'lead' ORDER BY n.id DESC LIMIT 1) END AS next_unit
  FROM ledger_entry l
  WHERE l.role = 'lead' AND l.counted = 1 AND ${where}`;

/** Every unit's counts of the month's due and returned rounds: GROUP BY unit with SUM(CASE …). */
const ROUNDS_OF_THE_MONTH = `SELECT r.unit_id,
       ${sum(IS_DUE)} AS due,
       ${sum(`${IS_DUE} AND ${COMPLETED}`)} AS completed,
       ${sum(`${IS_DUE} AND ${ON_TIME}`)} AS on_time,
       ${sum(`${IS_DUE} AND r.outcome = 'archived' AND ${DONE_IN}`)} AS archived,
       ${sum(`${IS_DUE} AND r.outcome = 'reopened'`)} AS reopened,
       ${sum(RETURNED_IN)} AS returns,
       ${sum(`${RETURNED_IN} AND r.next_unit IS NOT NULL AND r.next_unit <> r.unit_id`)} AS upheld,
       ${sum(`${RETURNED_IN} AND r.next_unit IS NOT NULL AND ${VERDICT_NOT_UPHELD}`)} AS not_upheld,
       ${sum(`${RETURNED_IN} AND r.next_unit IS NULL`)} AS undecided
     FROM (${MONTH_ROUNDS('l.due_at >= :ms AND l.due_at < :me')}
           UNION ALL
           ${MONTH_ROUNDS('l.completed_at >= :ms AND l.completed_at < :me AND NOT (l.due_at >= :ms AND l.due_at < :me)')}) r
     GROUP BY r.unit_id`;

/** Rounds past their limit still in the unit's hands at the month's end: still open, or ended after it. */
const LEFT_OVERDUE = `SELECT r.unit_id, COUNT(*) AS n FROM (
       SELECT l.unit_id FROM ledger_entry l WHERE l.role = 'lead' AND l.counted = 1 AND l.outcome = 'open' AND l.due_at < :me
       UNION ALL
       SELECT l.unit_id FROM ledger_entry l WHERE l.role = 'lead' AND l.counted = 1 AND l.completed_at >= :me AND l.due_at < :me AND l.outcome <> 'open'
     ) r GROUP BY r.unit_id`;

/** The month's due rounds reopened by S0-6 (marked in their note; the few reopened rows only). */
const RECOUNTED_S06 = `SELECT l.unit_id, COUNT(*) AS n FROM ledger_entry l
     WHERE l.role = 'lead' AND l.counted = 1 AND l.outcome = 'reopened' AND l.due_at >= :ms AND l.due_at < :me AND l.note LIKE '%S0-6%'
     GROUP BY l.unit_id`;

/**
 * The round counts of every unit with lead rounds in the month, counted by the database: one
 * aggregation (GROUP BY unit with SUM(CASE …)) over the month's rounds, read as two disjoint ranges
 * on their own indexes (limit in the month; ended in the month with the limit outside it) joined by
 * UNION ALL, one for the rounds left overdue, and one for the few reopened rounds' S0-6 mark (in
 * their note). The same definitions as `roundCountsByRows`, which the integration test compares it with.
 */
export async function roundCountsInSql(db: DataSource, range: MonthRange, timer?: PhaseTimer): Promise<RoundCounts[]> {
  const p = { ms: range.start, me: range.end };
  type Num = string | number | null;
  const rounds = await timed(timer, 'rounds of the month', () => rawQuery<Record<string, Num> & { unit_id: string }>(db, ROUNDS_OF_THE_MONTH, p));
  const left = await timed(timer, 'left overdue', () => rawQuery<{ unit_id: string; n: Num }>(db, LEFT_OVERDUE, p));
  const recounted = await timed(timer, 'S0-6 recounts', () => rawQuery<{ unit_id: string; n: Num }>(db, RECOUNTED_S06, p));
  const all = new Map<string, RoundCounts>();
  const countsOf = (unitId: string) => {
    const c = all.get(unitId) ?? emptyCounts(unitId);
    all.set(unitId, c);
    return c;
  };
  const n = (v: Num) => Number(v ?? 0);
  for (const r of rounds) {
    const c = countsOf(r.unit_id);
    c.due = n(r.due);
    c.completed = n(r.completed);
    c.onTime = n(r.on_time);
    c.late = c.due - c.onTime;
    c.archivedS05 = n(r.archived);
    c.reworked = n(r.reopened);
    c.returns = n(r.returns);
    c.returnsUpheld = n(r.upheld);
    c.returnsNotUpheld = n(r.not_upheld);
    c.returnsUndecided = n(r.undecided);
  }
  for (const r of recounted) {
    const c = countsOf(r.unit_id);
    c.recountedS06 = n(r.n);
    c.reworked -= c.recountedS06;
  }
  for (const r of left) countsOf(r.unit_id).leftOverdue = n(r.n);
  return [...all.values()].filter((c) => ROUND_COUNT_KEYS.some((k) => c[k] !== 0));
}

export async function computeFigures(
  db: DataSource,
  chart: OrgChart,
  scheme: AssessmentScheme,
  range: MonthRange,
  options: { rounds?: 'sql' | 'rows'; timer?: PhaseTimer } = {},
): Promise<MonthFigures> {
  const timer = options.timer;
  const { start, end } = range;
  const units = new Map(assessedUnits(chart, scheme).map((u) => [u.unitId, emptyUnit(u.unitId, u.unitName, u.groupId)]));
  const p = { ms: start, me: end };

  // The rounds of the month per unit (counted by the database; row by row only for the reference).
  const overall = { due: 0, completed: 0, onTime: 0, leftOverdue: 0 };
  for (const c of await (options.rounds === 'rows' ? timed(timer, 'rounds row by row', () => roundCountsByRows(db, range)) : roundCountsInSql(db, range, timer))) {
    overall.due += c.due;
    overall.completed += c.completed;
    overall.onTime += c.onTime;
    overall.leftOverdue += c.leftOverdue;
    const u = units.get(c.unitId);
    if (u) for (const k of ROUND_COUNT_KEYS) u[k] = c[k];
  }

  // Dispatched in the month (lead rounds received by the unit).
  for (const d of await timed(timer, 'dispatched', () => leadRoundsByUnit(db, 'l.dispatchedAt >= :ms AND l.dispatchedAt < :me', p))) {
    const u = units.get(d.unitId);
    if (u) u.dispatched = Number(d.n);
  }

  // S0-5: rounds in the decision-reference archiving flow during the month.
  for (const e of await timed(timer, 'S0-5 exclusions', () => leadRoundsByUnit(db, 'l.excludedFrom < :me AND (l.excludedUntil IS NULL OR l.excludedUntil >= :ms)', p))) {
    const u = units.get(e.unitId);
    if (u) u.excludedS05 = Number(e.n);
  }

  // Satisfaction (verification, 1–5), events closed in the month, by their final lead unit.
  const rated = await timed(timer, 'satisfaction', () =>
    db
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .select('e.leadUnit', 'unitId')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(CASE WHEN e.satisfaction >= 4 THEN 1 ELSE 0 END)', 'ok')
      .where('e.closedAt >= :ms AND e.closedAt < :me', p)
      .andWhere('e.satisfaction IS NOT NULL')
      .groupBy('e.leadUnit')
      .getRawMany<{ unitId: string | null; n: string | number; ok: string | number }>(),
  );
  let satisfactionRated = 0;
  let satisfied = 0;
  for (const r of rated) {
    satisfactionRated += Number(r.n);
    satisfied += Number(r.ok);
    const u = r.unitId ? units.get(r.unitId) : undefined;
    if (u) {
      u.satisfactionRated = Number(r.n);
      u.satisfied = Number(r.ok);
    }
  }

  // Supervision items entered in the month from the unit's rounds.
  const supervised = await timed(timer, 'supervision items', () =>
    db
      .getRepository(SupervisionItemEntity)
      .createQueryBuilder('s')
      .select('s.leadUnit', 'unitId')
      .addSelect('COUNT(*)', 'n')
      .where('s.enteredAt >= :ms AND s.enteredAt < :me', p)
      .groupBy('s.leadUnit')
      .getRawMany<{ unitId: string | null; n: string | number }>(),
  );
  for (const s of supervised) {
    const u = s.unitId ? units.get(s.unitId) : undefined;
    if (u) u.supervisionItems = Number(s.n);
  }

  // S3-4: the accountability book.
  for (const rec of await timed(timer, 'accountability', () => accountabilityFor(db, range.month))) {
    const u = units.get(rec.unitId);
    if (!u) continue;
    u.accountability[rec.kind] = (u.accountability[rec.kind] ?? 0) + 1;
    u.accountabilityItems.push({ kind: rec.kind, itemRef: rec.itemRef, note: rec.note });
  }

  // Intake: events received in the month.
  const intake = await timed(timer, 'intake', () =>
    db
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .select('e.status', 'status')
      .addSelect('e.channel', 'channel')
      .addSelect('e.category', 'category')
      .addSelect('COUNT(*)', 'n')
      .where('e.receivedAt >= :ms AND e.receivedAt < :me', p)
      .groupBy('e.status')
      .addGroupBy('e.channel')
      .addGroupBy('e.category')
      .getRawMany<{ status: string; channel: string; category: string; n: string | number }>(),
  );
  const count = (pick: (r: (typeof intake)[number]) => boolean) => intake.filter(pick).reduce((a, r) => a + Number(r.n), 0);
  const tally = (key: (r: (typeof intake)[number]) => string) => {
    const m = new Map<string, number>();
    for (const r of intake) m.set(key(r), (m.get(key(r)) ?? 0) + Number(r.n));
    return [...m.entries()].map(([k, n]) => ({ key: k, count: n })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  };
  const received = count(() => true);
  const rejected = count((r) => r.status === 'rejected');
  const merged = count((r) => r.status === 'merged');
  const pending = count((r) => r.status === 'received');

  // Internal: acceptance within one working day (S2-5.1) and inspectors' report quality.
  const acceptOverdue = await timed(timer, 'acceptance overdue', () =>
    db
      .getRepository(SlaRecordEntity)
      .createQueryBuilder('s')
      .innerJoin('event', 'e', 'e.number = s.event_number')
      .where('s.kind = :kind', { kind: 'accept-overdue' })
      .andWhere('e.received_at >= :ms AND e.received_at < :me', p)
      .getCount(),
  );
  const inspectorRows = await timed(timer, 'inspectors', () =>
    db
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .select('e.reporterName', 'reporter')
      .addSelect('e.channel', 'channel')
      .addSelect('COUNT(*)', 'n')
      .addSelect("SUM(CASE WHEN e.status IN ('rejected', 'merged', 'received') THEN 0 ELSE 1 END)", 'ok')
      .where('e.receivedAt >= :ms AND e.receivedAt < :me', p)
      .andWhere('e.channel IN (:...inspectorChannels)', { inspectorChannels: ['patrol', 'grid-app'] })
      .groupBy('e.reporterName')
      .addGroupBy('e.channel')
      .getRawMany<{ reporter: string | null; channel: string; n: string | number; ok: string | number }>(),
  );

  return {
    month: range.month,
    units: [...units.values()],
    overall: {
      received,
      accepted: received - rejected - merged - pending,
      rejected,
      merged,
      ...overall,
      satisfactionRated,
      satisfied,
      byChannel: tally((r) => r.channel),
      topCategories: tally((r) => r.category).slice(0, 5),
      internal: {
        acceptance: { decided: received - pending, overdue: acceptOverdue },
        inspectors: inspectorRows
          .map((r) => ({ reporter: maskName(r.reporter) ?? '（未署名）', channel: r.channel, reported: Number(r.n), accepted: Number(r.ok) }))
          .sort((a, b) => b.reported - a.reported || a.reporter.localeCompare(b.reporter)),
        seatOperators: [],
        patrolInspectors: [],
      },
    },
  };
}

/** Lead rounds per unit among the ledger rows (alias `l`) that match `condition`. */
function leadRoundsByUnit(db: DataSource, condition: string, params: Record<string, unknown>): Promise<Array<{ unitId: string; n: string | number }>> {
  return db
    .getRepository(LedgerEntryEntity)
    .createQueryBuilder('l')
    .select('l.unitId', 'unitId')
    .addSelect('COUNT(*)', 'n')
    .where('l.role = :lead', { lead: 'lead' })
    .andWhere(condition, params)
    .groupBy('l.unitId')
    .getRawMany<{ unitId: string; n: string | number }>();
}
