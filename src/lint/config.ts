import { translateMessage } from './messages.js';
import candidateGroups from './rules/candidate-groups.js';
import historyTimeToLive from './rules/history-time-to-live.js';
import noJavaDelegates from './rules/no-java-delegates.js';
import noScripts from './rules/no-scripts.js';
import registeredTopic from './rules/registered-topic.js';
import userTaskForm from './rules/user-task-form.js';
import validTimers from './rules/valid-timers.js';
import type { LintContext, Reporter, Rule, RuleCheck, RuleFactory } from './types.js';

/**
 * The one bpmnlint configuration, used by the browser (bpmn-js-bpmnlint) and by the server before
 * every deployment: `bpmnlint:recommended`, the Camunda 7 compatibility rules of
 * bpmnlint-plugin-camunda-compat (the engine speaks the Camunda 7.24 API), and the project's own
 * rules (plugin `linkage`). Rules are resolved from a static table, never by `require` at lint
 * time: the browser hands in bpmnlint's rule modules imported by the bundler
 * (web-modeler/src/lint-rules.js), Node loads the same modules with its own require
 * (`external-rules.ts`). Every reported message is turned into Chinese on the way out.
 */
export const CAMUNDA_COMPAT_CONFIG = 'camunda-platform-7-24';

/** The project's own rules, by name (referred to as `linkage/<name>`). */
export const projectRules: Record<string, RuleFactory> = {
  'no-scripts': noScripts,
  'no-java-delegates': noJavaDelegates,
  'registered-topic': registeredTopic as RuleFactory,
  'candidate-groups': candidateGroups as RuleFactory,
  'user-task-form': userTaskForm as RuleFactory,
  'history-time-to-live': historyTimeToLive,
  'valid-timers': validTimers,
};

type AnyRuleFactory = (config?: unknown) => unknown;
type RuleValue = string | [string, unknown];

/** bpmnlint's and camunda-compat's own modules, handed in by the environment (browser or Node). */
export interface ExternalRules {
  /** `bpmnlint/config/recommended`. */
  recommended: { rules: Record<string, string> };
  /** bpmnlint's rules by name (at least every rule of `recommended`). */
  bpmnlint: Record<string, AnyRuleFactory>;
  /** bpmnlint-plugin-camunda-compat's exports (`configs`). */
  compatPlugin: { configs: Record<string, { rules: Record<string, RuleValue> }> };
  /** camunda-compat's rules by name (at least every rule of CAMUNDA_COMPAT_CONFIG). */
  compat: Record<string, AnyRuleFactory>;
}

/** Wraps a rule so that what it reports reaches the reporter in Chinese. */
function translated(ruleName: string, factory: AnyRuleFactory): RuleFactory {
  return (config) => {
    const rule = factory(config) as Rule;
    const wrapReporter = (reporter: Reporter): Reporter => ({
      report: (id, message, path) => reporter.report(id, translateMessage(ruleName, message), path),
    });
    const check: RuleCheck =
      typeof rule.check === 'function'
        ? ((fn) => (node, reporter) => fn(node, wrapReporter(reporter)))(rule.check)
        : {
            enter: rule.check.enter && ((fn) => (node, reporter) => fn(node, wrapReporter(reporter)))(rule.check.enter),
            leave: rule.check.leave && ((fn) => (node, reporter) => fn(node, wrapReporter(reporter)))(rule.check.leave),
          };
    return { ...rule, check } as Rule;
  };
}

/**
 * Rules the project turns down from error to warning: they judge style, not whether the engine
 * can run the model (a start event of a sub-process needs no name; a gateway that joins and
 * forks runs fine in Camunda 7). Warnings are shown; only errors block a deployment.
 */
export const DOWNGRADED_TO_WARNING = ['label-required', 'no-gateway-join-fork'];

export interface LintSetup {
  resolver: { resolveRule(pkg: string, ruleName: string): RuleFactory; resolveConfig(pkg: string, configName: string): never };
  /** The flat rule configuration for a given platform context. */
  config(context: LintContext): { rules: Record<string, RuleValue> };
  /** What bpmn-js-bpmnlint and bpmnlint's Linter take: `{ config, resolver }`. */
  linterOptions(context: LintContext): { config: { rules: Record<string, RuleValue> }; resolver: LintSetup['resolver'] };
}

export function createLintSetup(external: ExternalRules): LintSetup {
  const packages: Record<string, Record<string, AnyRuleFactory>> = {
    bpmnlint: external.bpmnlint,
    'bpmnlint-plugin-camunda-compat': external.compat,
    'bpmnlint-plugin-linkage': projectRules,
  };
  const resolver = {
    resolveRule(pkg: string, ruleName: string): RuleFactory {
      const factory = packages[pkg]?.[ruleName];
      if (!factory) throw new Error(`unknown rule <${pkg}/${ruleName}>`);
      return translated(`${pkg}/${ruleName}`, factory);
    },
    resolveConfig(pkg: string, configName: string): never {
      throw new Error(`unknown config <${pkg}/${configName}>: the linkage lint configuration is flat`);
    },
  };
  const config = (context: LintContext) => {
    const rules: Record<string, RuleValue> = {};
    for (const [name, level] of Object.entries(external.recommended.rules)) {
      rules[`bpmnlint/${name}`] = DOWNGRADED_TO_WARNING.includes(name) ? 'warn' : level;
    }
    // Its Camunda 7 set is one hint, history-time-to-live, kept at its level "info"; the project's
    // own rule makes a missing or malformed value an error, since the engine refuses it at deploy.
    for (const [name, value] of Object.entries(external.compatPlugin.configs[CAMUNDA_COMPAT_CONFIG].rules)) rules[`camunda-compat/${name}`] = value;
    Object.assign(rules, {
      'linkage/no-scripts': 'error',
      'linkage/no-java-delegates': 'error',
      'linkage/registered-topic': ['error', { topics: context.topics }],
      'linkage/candidate-groups': ['error', { groups: context.groups }],
      'linkage/user-task-form': ['error', { forms: context.forms }],
      'linkage/history-time-to-live': 'error',
      'linkage/valid-timers': 'error',
    });
    return { rules };
  };
  return { resolver, config, linterOptions: (context) => ({ config: config(context), resolver }) };
}
