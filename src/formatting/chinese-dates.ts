/** Dates as people in the centre write them, in Beijing time whatever the server's zone. */
const PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(value: Date | string | null | undefined): Record<string, string> | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return Object.fromEntries(PARTS.formatToParts(date).map((p) => [p.type, p.value]));
}

/** `2026年11月3日 09:30` */
export function chineseDateTime(value: Date | string | null | undefined): string {
  const p = parts(value);
  return p ? `${p.year}年${p.month}月${p.day}日 ${p.hour}:${p.minute}` : '';
}

/** `2026年11月3日`; a bare `YYYY-MM-DD` is taken as that calendar day. */
export function chineseDate(value: Date | string | null | undefined): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return `${y}年${m}月${d}日`;
  }
  const p = parts(value);
  return p ? `${p.year}年${p.month}月${p.day}日` : '';
}
