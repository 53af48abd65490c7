import { engineDate, parseEngineDate, readVariables, typed, variables } from '../../../src/engine/variables.js';

describe('one builder for the engine typed variables', () => {
  test('plain values get the engine type that fits them', () => {
    expect(variables({ s: '长河街道', i: 3, l: 2 ** 40, d: 1.5, b: false, n: null, skipped: undefined })).toEqual({
      s: { value: '长河街道', type: 'String' },
      i: { value: 3, type: 'Integer' },
      l: { value: 2 ** 40, type: 'Long' },
      d: { value: 1.5, type: 'Double' },
      b: { value: false, type: 'Boolean' },
      n: { value: null, type: 'Null' },
    });
  });

  test('a date travels in the engine format, in Beijing time', () => {
    expect(engineDate(new Date('2026-11-30T01:30:05.120Z'))).toBe('2026-11-30T09:30:05.120+0800');
    expect(variables({ at: new Date('2026-12-31T16:00:00Z') })).toEqual({ at: { value: '2027-01-01T00:00:00.000+0800', type: 'Date' } });
    expect(parseEngineDate('2027-01-01T00:00:00.000+0800').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  test('an explicit type is kept, and a value that does not fit its type is refused', () => {
    expect(variables({ round: typed.long(2) })).toEqual({ round: { value: 2, type: 'Long' } });
    expect(() => typed.integer(1.5)).toThrow(RangeError);
    expect(() => typed.integer(2 ** 31)).toThrow(RangeError);
    expect(() => typed.double(Number.NaN)).toThrow(RangeError);
  });
});

describe('one reader for process variables', () => {
  const dtos = {
    eventNumber: { value: ' SJ-20261130-000001 ', type: 'String' },
    handlingRound: { value: 2, type: 'Integer' },
    formRound: { value: '3', type: 'String' },
    accepted: { value: 'true', type: 'String' },
    again: { value: false, type: 'Boolean' },
    dueAt: { value: '2026-12-07T17:30:00.000+0800', type: 'Date' },
    blank: { value: '', type: 'String' },
    nothing: { value: null, type: 'Null' },
    level: { value: 'level1', type: 'String' },
  };
  const vars = readVariables(dtos);

  test('reads each type, trimming text and taking form text for numbers and booleans', () => {
    expect(vars.string('eventNumber')).toBe('SJ-20261130-000001');
    expect(vars.integer('handlingRound')).toBe(2);
    expect(vars.integer('formRound')).toBe(3);
    expect(vars.boolean('accepted')).toBe(true);
    expect(vars.boolean('again')).toBe(false);
    expect(vars.date('dueAt').toISOString()).toBe('2026-12-07T09:30:00.000Z');
    expect(vars.oneOf('level', ['level1', 'level2'] as const)).toBe('level1');
  });

  test('an empty or null value counts as missing', () => {
    expect(vars.optionalString('blank')).toBeUndefined();
    expect(vars.has('nothing')).toBe(false);
    expect(() => vars.string('blank')).toThrow('process variable blank is missing');
    expect(() => vars.integer('unknown')).toThrow('process variable unknown is missing');
  });

  test('a mistyped value is an error naming the variable', () => {
    expect(() => vars.integer('eventNumber')).toThrow('process variable eventNumber is not a number');
    expect(() => vars.boolean('level')).toThrow('process variable level is not a boolean');
    expect(() => vars.oneOf('level', ['level2'])).toThrow('process variable level is not one of level2: level1');
  });

  test('reads a worker task.variables the same way', () => {
    const source = new Map<string, unknown>([['handlingRound', 4], ['street', '长河街道']]);
    const fromTask = readVariables({ get: (name: string) => source.get(name) });
    expect(fromTask.integer('handlingRound')).toBe(4);
    expect(fromTask.string('street')).toBe('长河街道');
  });
});
