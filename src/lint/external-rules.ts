import { createRequire } from 'node:module';
import { createLintSetup, CAMUNDA_COMPAT_CONFIG, type ExternalRules, type LintSetup } from './config.js';
import type { RuleFactory } from './types.js';

/**
 * bpmnlint and its Camunda plugin loaded with Node's own require (they are CommonJS that requires
 * ESM-only helpers such as min-dash; Node ≥ 20.19 loads those natively, Jest through
 * test/jest-esm-require-transform.cjs). The browser bundle imports the same modules statically.
 */
const require = createRequire(import.meta.url);

interface LinterInstance {
  lint(definitions: unknown): Promise<Record<string, Array<{ id?: string; message: string; category: string }>>>;
}
export const Linter = (require('bpmnlint') as { Linter: new (options: unknown) => LinterInstance }).Linter;

function loadExternalRules(): ExternalRules {
  const recommended = require('bpmnlint/config/recommended') as ExternalRules['recommended'];
  const compatPlugin = require('bpmnlint-plugin-camunda-compat') as ExternalRules['compatPlugin'] & { rules: Record<string, string> };
  const bpmnlint: Record<string, RuleFactory> = {};
  for (const name of Object.keys(recommended.rules)) bpmnlint[name] = require(`bpmnlint/rules/${name}`) as RuleFactory;
  const compat: Record<string, RuleFactory> = {};
  for (const name of Object.keys(compatPlugin.configs[CAMUNDA_COMPAT_CONFIG].rules)) {
    compat[name] = require(`bpmnlint-plugin-camunda-compat/${compatPlugin.rules[name].replace(/^\.\//, '')}`) as RuleFactory;
  }
  return { recommended, bpmnlint, compatPlugin, compat };
}

let setup: LintSetup | undefined;

/** The lint setup for Node (server and tests), loaded once. */
export function nodeLintSetup(): LintSetup {
  setup ??= createLintSetup(loadExternalRules());
  return setup;
}
