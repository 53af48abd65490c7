import { readVariables, type VariableSource } from '../engine/variables.js';

/**
 * Typed reads of process variables handed to a worker (`task.variables.get`), through the one
 * variable reader (src/engine/variables.ts). A missing required value is a modelling or form
 * error: the handler throws, the task fails and, when its retries run out, Cockpit shows an
 * incident naming the variable.
 */
export type { VariableSource };

export function optText(vars: VariableSource, name: string): string | undefined {
  return readVariables(vars).optionalString(name);
}

export function text(vars: VariableSource, name: string): string {
  return readVariables(vars).string(name);
}

export function optInt(vars: VariableSource, name: string): number | undefined {
  return readVariables(vars).optionalInteger(name);
}

export function int(vars: VariableSource, name: string): number {
  return readVariables(vars).integer(name);
}

export function bool(vars: VariableSource, name: string): boolean {
  const v = vars.get(name);
  return v === true || v === 'true' || v === 'yes' || v === 1;
}

export function oneOf<T extends string>(vars: VariableSource, name: string, allowed: readonly T[]): T {
  return readVariables(vars).oneOf(name, allowed);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A form date field (`YYYY-MM-DD`); a date-time is cut to its date. */
export function optDate(vars: VariableSource, name: string): string | undefined {
  const v = optText(vars, name);
  if (v === undefined) return undefined;
  const d = v.slice(0, 10);
  if (!DATE.test(d)) throw new Error(`process variable ${name} is not a date (YYYY-MM-DD): ${v}`);
  return d;
}
