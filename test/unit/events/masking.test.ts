import { maskName, maskPhone, maskReporter } from '../../../src/events/masking.js';

describe('reporter data is only ever shown masked', () => {
  test('a name keeps its first character: 张三丰 → 张**, 李四 → 李*', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('王')).toBe('*');
  });

  test('a mobile number keeps its first three and last four digits: 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
    expect(maskPhone('0571-8888-1234')).toBe('057*****1234');
  });

  test('a short number shows only its last two digits', () => {
    expect(maskPhone('12345')).toBe('***45');
  });

  test('nothing reported → nothing shown; the masked form never contains the middle digits', () => {
    expect(maskReporter(null, null)).toBeNull();
    expect(maskReporter('', undefined)).toBeNull();
    const masked = maskReporter('张三丰', '13812345678');
    expect(masked).toEqual({ name: '张**', phone: '138****5678' });
    expect(JSON.stringify(masked)).not.toContain('1234');
    expect(JSON.stringify(masked)).not.toContain('三丰');
  });
});
