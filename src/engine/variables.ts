/**
 * Process variables as the engine's REST API writes and reads them: `{ value, type }`.
 * ONE builder (`typed`, `variables`) for what the platform sends, and ONE reader (`readVariables`)
 * for what the engine answers (`GET /process-instance/{id}/variables`, message results, history).
 */
export type EngineValueType = 'String' | 'Integer' | 'Long' | 'Boolean' | 'Date' | 'Double' | 'Null';

export interface TypedValue {
  value: string | number | boolean | null;
  type: EngineValueType;
}

/** Variables by name, as the engine's DTOs carry them. */
export type VariableMap = Record<string, TypedValue>;

/** The engine's variable DTO as it answers (type may be any of its types, e.g. `Json`, `Object`). */
export interface VariableDto {
  value: unknown;
  type?: string;
  valueInfo?: Record<string, unknown>;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);

/**
 * A date as the engine's default date format expects it: `yyyy-MM-dd'T'HH:mm:ss.SSSZ`
 * (`2026-11-30T09:30:00.000+0800`), in Beijing time like the engine (ENGINE_TIMEZONE).
 */
export function engineDate(instant: Date): string {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new TypeError(`not a date: ${String(instant)}`);
  return `${new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 23)}+0800`;
}

/** The engine writes `2026-11-22T10:00:00.000+0800`; make the offset one every parser reads. */
export function parseEngineDate(value: string): Date {
  return new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** One typed value each. Integers outside 32 bits must be `long`. */
export const typed = {
  string: (value: string): TypedValue => ({ value, type: 'String' }),
  integer: (value: number): TypedValue => {
    if (!Number.isInteger(value) || value > INT_MAX || value < INT_MIN) throw new RangeError(`not a 32-bit integer: ${value}`);
    return { value, type: 'Integer' };
  },
  long: (value: number): TypedValue => {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`);
    return { value, type: 'Long' };
  },
  boolean: (value: boolean): TypedValue => ({ value, type: 'Boolean' }),
  double: (value: number): TypedValue => {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return { value, type: 'Double' };
  },
  date: (value: Date): TypedValue => ({ value: engineDate(value), type: 'Date' }),
  null: (): TypedValue => ({ value: null, type: 'Null' }),
} as const;

export type PlainValue = string | number | boolean | Date | null;

/** The type a plain value travels as: integers as Integer (Long beyond 32 bits), other numbers Double. */
export function typedValue(value: PlainValue): TypedValue {
  if (value === null) return typed.null();
  if (value instanceof Date) return typed.date(value);
  switch (typeof value) {
    case 'string':
      return typed.string(value);
    case 'boolean':
      return typed.boolean(value);
    case 'number':
      if (!Number.isInteger(value)) return typed.double(value);
      return value > INT_MAX || value < INT_MIN ? typed.long(value) : typed.integer(value);
  }
}

/**
 * Variables from plain values (`variables({ eventNumber: 'SJ-…', handlingRound: 1 })`); a value
 * that is already a `TypedValue` (e.g. `typed.long(3)`) is kept; `undefined` is left out.
 */
export function variables(values: Record<string, PlainValue | TypedValue | undefined>): VariableMap {
  const out: VariableMap = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    out[name] = isTypedValue(value) ? value : typedValue(value);
  }
  return out;
}

function isTypedValue(value: unknown): value is TypedValue {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && 'type' in value && 'value' in value;
}

/** Anything that hands out variable values by name: the external-task client's `task.variables`. */
export interface VariableSource {
  get(name: string): unknown;
}

/**
 * A typed view of process variables; a missing or mistyped required variable is a clear error
 * naming it (in a worker: the task fails and, when retries run out, Cockpit shows it).
 * Form values arrive as text: strings are trimmed and an empty string counts as missing; a number
 * may come as a numeric string, a boolean as `'true'`/`'false'`.
 */
export interface VariableReader {
  has(name: string): boolean;
  /** The raw value (any type), or undefined. */
  raw(name: string): unknown;
  string(name: string): string;
  optionalString(name: string): string | undefined;
  oneOf<T extends string>(name: string, allowed: readonly T[]): T;
  integer(name: string): number;
  optionalInteger(name: string): number | undefined;
  number(name: string): number;
  optionalNumber(name: string): number | undefined;
  boolean(name: string): boolean;
  optionalBoolean(name: string): boolean | undefined;
  date(name: string): Date;
  optionalDate(name: string): Date | undefined;
}

function isSource(from: unknown): from is VariableSource {
  return typeof (from as VariableSource).get === 'function';
}

/** Reads the engine's variable DTOs (`{ name: { value, type } }`) or a worker's `task.variables`. */
export function readVariables(from: Record<string, VariableDto | undefined> | VariableSource): VariableReader {
  const valueOf = (name: string): unknown => {
    const v = isSource(from) ? from.get(name) : from[name]?.value;
    if (v === null || v === undefined) return undefined;
    if (typeof v === 'string' && v.trim() === '') return undefined;
    return typeof v === 'string' ? v.trim() : v;
  };
  const fail = (name: string, what: string, v: unknown): never => {
    throw new TypeError(`process variable ${name} is not ${what}: ${String(v)}`);
  };
  const required = <T>(name: string, value: T | undefined): T => {
    if (value === undefined) throw new TypeError(`process variable ${name} is missing`);
    return value;
  };
  const optString = (name: string): string | undefined => {
    const v = valueOf(name);
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    // The external-task client hands Date variables over as Date objects.
    return v instanceof Date ? v.toISOString() : fail(name, 'text', v);
  };
  const optNumber = (name: string): number | undefined => {
    const v = valueOf(name);
    if (v === undefined) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
    return Number.isFinite(n) ? n : fail(name, 'a number', v);
  };
  const optInteger = (name: string): number | undefined => {
    const n = optNumber(name);
    return n === undefined || Number.isInteger(n) ? n : fail(name, 'an integer', n);
  };
  const optBoolean = (name: string): boolean | undefined => {
    const v = valueOf(name);
    if (v === undefined) return undefined;
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    return fail(name, 'a boolean', v);
  };
  const optDate = (name: string): Date | undefined => {
    const v = valueOf(name);
    if (v === undefined) return undefined;
    const d = typeof v === 'string' ? parseEngineDate(v) : v instanceof Date ? v : undefined;
    return d && !Number.isNaN(d.getTime()) ? d : fail(name, 'a date', v);
  };
  return {
    has: (name) => valueOf(name) !== undefined,
    raw: valueOf,
    string: (name) => required(name, optString(name)),
    optionalString: optString,
    oneOf: <T extends string>(name: string, allowed: readonly T[]): T => {
      const v = required(name, optString(name));
      return (allowed as readonly string[]).includes(v) ? (v as T) : fail(name, `one of ${allowed.join(', ')}`, v);
    },
    integer: (name) => required(name, optInteger(name)),
    optionalInteger: optInteger,
    number: (name) => required(name, optNumber(name)),
    optionalNumber: optNumber,
    boolean: (name) => required(name, optBoolean(name)),
    optionalBoolean: optBoolean,
    date: (name) => required(name, optDate(name)),
    optionalDate: optDate,
  };
}
