import type { ExternalTask } from 'camunda-external-task-client-js';

/** Typed reads of a task's variables; a missing required one is a modelling error (→ incident). */
export function optionalString(task: ExternalTask, name: string): string | undefined {
  const v = task.variables.get(name);
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

export function requiredString(task: ExternalTask, name: string): string {
  const v = optionalString(task, name);
  if (v === undefined) throw new Error(`process variable ${name} is missing`);
  return v;
}

export function optionalNumber(task: ExternalTask, name: string): number | undefined {
  const v = task.variables.get(name);
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`process variable ${name} is not a number: ${String(v)}`);
  return n;
}

export function csv(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}
