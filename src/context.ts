import type { DataSource } from 'typeorm';
import { cachedCalendarLoader } from './calendar/calendar-store.js';
import type { WorkingCalendar } from './calendar/index.js';
import { DEFAULT_ASSESSMENT_CONFIG_PATH, loadScheme } from './assessment/config.js';
import { DEFAULT_CATALOGUE_PATH, loadCatalogue, type Catalogue } from './catalogue/categories.js';
import type { Config } from './config.js';
import { DEFAULT_ORG_CHART_PATH, loadOrgChart, type OrgChart } from './identity/org-chart.js';
import { DEFAULT_TEMPLATE_DIR, loadNoticeTemplates, type NoticeTemplates } from './notifications/templates.js';
import { DEFAULT_PATROL_CONFIG_PATH, loadPatrolConfig, type PatrolConfig } from './patrol/config.js';
import { DEFAULT_STREET_LINKAGE_PATH, loadStreetLinkage, type StreetLinkage } from './street/linkage.js';

/**
 * What the API and the workers share, built once at start by `createContext` (in `src/main.ts`,
 * `workers/main.ts`, `scripts/start.ts`' children, the tests) and handed down: the configuration,
 * the org chart (`config/org-chart.yaml`), the responsibility list (`config/categories.yaml`), the
 * notice templates and the working calendar. A broken file stops start-up, naming the file. No
 * module reads these files on its own: a function that needs one takes it as an argument.
 *
 * The working calendar lives in the app database (administrators edit overrides and official
 * arrangements at run time), so the context carries its loader: one small query per use tells
 * whether the table changed, and only then are the rows read again (`cachedCalendarLoader`).
 */
export interface PlatformContext {
  config: Config;
  orgChart: OrgChart;
  catalogue: Catalogue;
  noticeTemplates: NoticeTemplates;
  /** Category code → Chinese name (the code itself when unknown). */
  categoryName(code: string): string;
  /** The working calendar as the app database has it now. */
  calendar(db: DataSource): Promise<WorkingCalendar>;
  /** config/assessment.yaml: checked at start, read again at every monthly computation (a change applies to the next one). */
  assessmentSchemeFile: string;
  /** config/patrol.yaml: patrol inspectors and the grading of their reports (S4-4.6). */
  patrol: PatrolConfig;
  /** config/street-linkage.yaml: urgent categories and limits, platform membership (S4-4.1, S2-4). */
  streetLinkage: StreetLinkage;
}

export interface ContextSources {
  orgChartFile?: string;
  catalogueFile?: string;
  templateDir?: string;
  assessmentSchemeFile?: string;
  patrolFile?: string;
  streetLinkageFile?: string;
  /** Replaces the database calendar (unit tests with a fixed calendar). */
  calendar?: (db: DataSource) => Promise<WorkingCalendar>;
}

export function createContext(config: Config, sources: ContextSources = {}): PlatformContext {
  const orgChart = loadOrgChart(sources.orgChartFile ?? DEFAULT_ORG_CHART_PATH);
  const catalogue = loadCatalogue(sources.catalogueFile ?? DEFAULT_CATALOGUE_PATH);
  const noticeTemplates = loadNoticeTemplates(sources.templateDir ?? DEFAULT_TEMPLATE_DIR);
  const assessmentSchemeFile = sources.assessmentSchemeFile ?? DEFAULT_ASSESSMENT_CONFIG_PATH;
  loadScheme(assessmentSchemeFile);
  const names = new Map(catalogue.categories.map((c) => [c.code, c.name]));
  return {
    config,
    orgChart,
    catalogue,
    noticeTemplates,
    categoryName: (code) => names.get(code) ?? code,
    calendar: sources.calendar ?? cachedCalendarLoader(),
    assessmentSchemeFile,
    patrol: loadPatrolConfig(sources.patrolFile ?? DEFAULT_PATROL_CONFIG_PATH),
    streetLinkage: loadStreetLinkage(sources.streetLinkageFile ?? DEFAULT_STREET_LINKAGE_PATH),
  };
}
