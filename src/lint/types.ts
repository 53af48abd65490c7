/**
 * Shared types of the model checks. Everything in src/lint except `lint-files.ts` and `context.ts`
 * runs in the browser as well (bundled into the web modeler), so it imports no Node module.
 */

/** What the project's own rules need to know about the platform, handed in as data. */
export interface LintContext {
  /** The worker topics of the topic manifest (src/topics/manifest.ts). */
  topics: Array<{ topic: string; label: string }>;
  /** Engine group ids (the units of config/org-chart.yaml). */
  groups: string[];
  /** Ids of the Camunda Forms that exist (forms/ plus those deployed together). */
  forms: string[];
}

export type LintCategory = 'error' | 'warn' | 'info';

/** One problem found in one file, as shown in the modeler's list and returned by the API. */
export interface LintProblem {
  file: string;
  /** The element's id, or the file name for file-level problems. */
  element: string;
  /** e.g. `linkage/no-scripts`, `bpmnlint/label-required`, `model-safety/SCRIPT`. */
  rule: string;
  category: LintCategory;
  /** In Chinese. */
  message: string;
}

/** The part of a moddle element the rules use. */
export interface ModdleElement {
  $type: string;
  $parent?: ModdleElement;
  $instanceOf(type: string): boolean;
  id?: string;
  get(name: string): unknown;
  [key: string]: unknown;
}

export interface Reporter {
  report(id: string, message: string, path?: unknown): void;
}

export type RuleCheck = ((node: ModdleElement, reporter: Reporter) => boolean | void) | {
  enter?: (node: ModdleElement, reporter: Reporter) => boolean | void;
  leave?: (node: ModdleElement, reporter: Reporter) => void;
};

export interface Rule {
  check: RuleCheck;
  meta?: { documentation?: { url?: string; description?: string } };
}

export type RuleFactory = (config?: unknown) => Rule;
