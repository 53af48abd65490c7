import type { z } from 'zod';
import { ValidationError, type FieldProblem } from './errors.js';

/**
 * ONE way to validate what a request brings (body, query, path parameters) with zod, and ONE shape
 * for its problems: one `{ field, message }` per problem, the field as a dotted path
 * (`location.address`, `attachments.3`, `body` for the whole body), the message in Chinese.
 * Schemas may set their own message on a check; `chineseErrorMap` covers the rest.
 */
export type { FieldProblem };

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

const typeNames: Record<string, string> = {
  string: '文本',
  number: '数字',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
  date: '日期',
};

export const chineseErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '必填';
      return `类型错误：应为${typeNames[issue.expected] ?? issue.expected}`;
    case 'too_big':
      if (issue.origin === 'string') return `不能超过 ${issue.maximum} 个字符`;
      if (issue.origin === 'array') return `最多 ${issue.maximum} 项`;
      return `不能大于 ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '不能为空' : `至少 ${issue.minimum} 个字符`;
      if (issue.origin === 'array') return `至少 ${issue.minimum} 项`;
      return `不能小于 ${issue.minimum}`;
    case 'invalid_format':
      return issue.format === 'datetime' ? '应为带时区的 ISO 8601 日期时间，例如 2026-11-22T09:30:00+08:00' : '格式不正确';
    case 'invalid_value':
      return `取值无效，可选：${issue.values.map(String).join('、')}`;
    case 'unrecognized_keys':
      return '不允许的字段';
    default:
      return '取值无效';
  }
};

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0 ? 'body' : path.map(String).join('.');
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // One entry per unknown field, so the caller sees exactly which ones to drop.
      for (const key of issue.keys) problems.push({ field: fieldPath([...issue.path, key]), message: '不允许的字段' });
    } else {
      problems.push({ field: fieldPath(issue.path), message: issue.message });
    }
  }
  return problems;
}

/** Validates without throwing: the value, or the problems. */
export function checkInput<S extends z.ZodType>(schema: S, value: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(value, { error: chineseErrorMap });
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: fieldProblems(result.error) };
}

/** Validates a request's input; a problem is a 400 `VALIDATION_FAILED` (ValidationError). */
export function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = checkInput(schema, value);
  if (!result.ok) throw new ValidationError(result.problems);
  return result.value;
}
