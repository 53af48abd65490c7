/**
 * Reporter data is personal: the API only ever shows it masked — the family name and stars
 * (`张**`), the phone's first three and last four digits (`138****5678`).
 */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  const chars = Array.from(name.trim());
  if (chars.length === 0) return null;
  if (chars.length === 1) return '*';
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[^0-9+]/g, '');
  if (digits.length === 0) return null;
  if (digits.length >= 8) return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
  // Short numbers (extensions, short codes): only the last two digits stay visible.
  return `${'*'.repeat(Math.max(digits.length - 2, 1))}${digits.slice(-2)}`;
}

export interface MaskedReporter {
  name: string | null;
  phone: string | null;
}

export function maskReporter(name: string | null | undefined, phone: string | null | undefined): MaskedReporter | null {
  if (!name && !phone) return null;
  return { name: maskName(name), phone: maskPhone(phone) };
}
