/**
 * Typed reads of process variables handed to a worker (`task.variables.get`). A missing required
 * value is a modelling or form error: the handler throws, the task fails and, when its retries
 * run out, Cockpit shows an incident naming the variable.
 */
export interface VariableSource {
  get(name: string): unknown;
}

export function optText(vars: VariableSource, name: string): string | undefined {
  const v = vars.get(name);
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

export function text(vars: VariableSource, name: string): string {
  const v = optText(vars, name);
  if (v === undefined) throw new Error(`process variable ${name} is missing`);
  return v;
}

export function optInt(vars: VariableSource, name: string): number | undefined {
  const v = optText(vars, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`process variable ${name} is not an integer: ${v}`);
  return n;
}

export function int(vars: VariableSource, name: string): number {
  const n = optInt(vars, name);
  if (n === undefined) throw new Error(`process variable ${name} is missing`);
  return n;
}

export function bool(vars: VariableSource, name: string): boolean {
  const v = vars.get(name);
  return v === true || v === 'true' || v === 'yes' || v === 1;
}

export function oneOf<T extends string>(vars: VariableSource, name: string, allowed: readonly T[]): T {
  const v = text(vars, name);
  if (!(allowed as readonly string[]).includes(v)) throw new Error(`process variable ${name} must be one of ${allowed.join(', ')}, not ${v}`);
  return v as T;
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
