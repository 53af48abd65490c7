import { z } from 'zod';
import { CalendarError } from '../../../src/calendar/index.js';
import { EngineError } from '../../../src/engine/engine-client.js';
import { DomainError, ValidationError } from '../../../src/errors.js';
import { toProblem } from '../../../src/http/errors.js';
import { SupervisionError } from '../../../src/supervision/errors.js';
import { checkInput, parseBody } from '../../../src/validation.js';

describe('one error contract: every refusal becomes { error, message, field?, details? }', () => {
  test('a domain error answers with its own code, status, field and detail', () => {
    const err = new DomainError('EXTERNAL_ID_CONFLICT', 409, '该渠道已用同一 externalId 上报过内容不同的事件', { detail: { number: 'SJ-1' }, field: 'externalId' });
    expect(toProblem(err)).toEqual({
      status: 409,
      body: { error: 'EXTERNAL_ID_CONFLICT', message: '该渠道已用同一 externalId 上报过内容不同的事件', field: 'externalId', details: { number: 'SJ-1' } },
      retryAfterSeconds: undefined,
      unexpected: false,
    });
  });

  test('the supervision and calendar errors are domain errors answered the same way', () => {
    expect(new SupervisionError(409, 'NOTHING_WAITING', '没有待会商的事项')).toBeInstanceOf(DomainError);
    expect(toProblem(new SupervisionError(409, 'NOTHING_WAITING', '没有待会商的事项')).body).toEqual({ error: 'NOTHING_WAITING', message: '没有待会商的事项' });
    expect(toProblem(new CalendarError('INVALID_DATE', '日期无效', { value: '2026-02-30' }))).toMatchObject({
      status: 400,
      body: { error: 'INVALID_DATE', message: '日期无效', details: { value: '2026-02-30' } },
    });
  });

  test('an engine that is down is 503 ENGINE_UNAVAILABLE with Retry-After, its own message never shown', () => {
    const p = toProblem(new EngineError('engine unreachable at http://localhost:1/engine-rest: fetch failed', 503));
    expect(p).toEqual({ status: 503, body: { error: 'ENGINE_UNAVAILABLE', message: '流程引擎暂时不可用，请稍后重试' }, retryAfterSeconds: 30, unexpected: true });
  });

  test('an engine refusal the platform did not expect is a 500 without the engine text', () => {
    expect(toProblem(new EngineError('POST /message → 400: No process definition or execution matches', 400))).toEqual({
      status: 500,
      body: { error: 'INTERNAL', message: '服务器内部错误，请稍后重试' },
      unexpected: true,
    });
  });

  test('body-parser errors: malformed JSON 400, too large 413, unsupported charset 415', () => {
    expect(toProblem(Object.assign(new Error('Unexpected token'), { status: 400, type: 'entity.parse.failed' })).body.error).toBe('MALFORMED_JSON');
    expect(toProblem(Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' }))).toMatchObject({ status: 413, body: { error: 'PAYLOAD_TOO_LARGE' } });
    expect(toProblem(Object.assign(new Error('unsupported charset "LATIN1"'), { status: 415, type: 'charset.unsupported' }))).toMatchObject({
      status: 415,
      body: { error: 'UNSUPPORTED_MEDIA_TYPE' },
    });
  });

  test('anything else is a logged 500 with no stack trace or internal message', () => {
    const p = toProblem(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(p).toEqual({ status: 500, body: { error: 'INTERNAL', message: '服务器内部错误，请稍后重试' }, unexpected: true });
    expect(JSON.stringify(p.body)).not.toContain('reading');
  });
});

describe('one parseBody, one shape for validation problems', () => {
  const schema = z.strictObject({ title: z.string().min(1).max(5), location: z.object({ address: z.string() }) });

  test('each problem is { field, message } with a dotted field and a Chinese message', () => {
    let caught: unknown;
    try {
      parseBody(schema, { title: '太长的标题文字', location: {}, colour: 'red' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect(toProblem(caught).status).toBe(400);
    expect(toProblem(caught).body).toEqual({
      error: 'VALIDATION_FAILED',
      message: '请求内容有误',
      details: [
        { field: 'title', message: '不能超过 5 个字符' },
        { field: 'location.address', message: '必填' },
        { field: 'colour', message: '不允许的字段' },
      ],
    });
  });

  test('a zod error thrown anywhere is answered in the same shape', () => {
    const result = schema.safeParse({ title: '', location: { address: 'x' } });
    if (result.success) throw new Error('expected a failure');
    expect(toProblem(result.error).body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'title' }] });
  });

  test('a valid input comes back parsed', () => {
    expect(parseBody(schema, { title: '标题', location: { address: '长河路1号' } })).toEqual({ title: '标题', location: { address: '长河路1号' } });
    expect(checkInput(schema, {})).toMatchObject({ ok: false });
  });
});
