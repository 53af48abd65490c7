import { z } from 'zod';
import type { Catalogue } from '../catalogue/categories.js';
import { checkInput, type ParseResult } from '../validation.js';

/**
 * What a channel may send to `POST /api/events`. Strict at every level: an unknown field is an
 * error, not silently dropped. Text is trimmed before the limits apply; the output is what gets
 * hashed (`requestHash`) and stored.
 */
export const LIMITS = {
  title: 200,
  description: 2000,
  address: 300,
  place: 64,
  attachments: 10,
  attachment: 500,
  externalId: 128,
  reporterName: 64,
  futureSkewMs: 5 * 60_000,
} as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => (v === '' ? undefined : v));

export function intakeSchema(catalogue: Catalogue, now: () => Date = () => new Date()) {
  const codes = new Set(catalogue.categories.map((c) => c.code));
  return z.strictObject({
    externalId: z
      .string()
      .min(1)
      .max(LIMITS.externalId)
      .regex(/^[A-Za-z0-9._:-]+$/, { error: '只能包含字母、数字和 . _ : -' }),
    category: z.string().refine((code) => codes.has(code), { error: (iss) => `未知的事件类别：${String(iss.input)}` }),
    title: text(LIMITS.title),
    description: text(LIMITS.description),
    location: z
      .strictObject({
        address: text(LIMITS.address),
        lat: z.number().min(-90).max(90).optional(),
        lng: z.number().min(-180).max(180).optional(),
        street: optionalText(LIMITS.place),
        community: optionalText(LIMITS.place),
        grid: optionalText(LIMITS.place),
      })
      .refine((l) => (l.lat === undefined) === (l.lng === undefined), { error: '经度和纬度须同时提供', path: ['lat'] }),
    reporter: z
      .strictObject({
        name: optionalText(LIMITS.reporterName),
        phone: z
          .string()
          .regex(/^[0-9+\- ]{5,20}$/, { error: '电话号码格式不正确（5–20 位数字，可含 + - 空格）' })
          .optional(),
      })
      .optional(),
    attachments: z.array(z.string().trim().min(1).max(LIMITS.attachment)).max(LIMITS.attachments).default([]),
    // Patrol inspectors (S4-4.6): required on the `patrol` channel, refused on others (checkPatrolIntake).
    inspectorId: z.string().trim().min(1).max(32).optional(),
    // The reporter flags an emergency (S4-4.1); urgent categories are flagged by the platform itself.
    urgent: z.boolean().optional(),
    reportedAt: z.iso
      .datetime({ offset: true })
      .refine((s) => new Date(s).getTime() <= now().getTime() + LIMITS.futureSkewMs, { error: '上报时间不能晚于当前时间' })
      .transform((s) => new Date(s).toISOString()),
  });
}

export type IntakeInput = z.output<ReturnType<typeof intakeSchema>>;

export type { ParseResult };

export function parseIntake(catalogue: Catalogue, body: unknown, now?: () => Date): ParseResult<IntakeInput> {
  return checkInput(intakeSchema(catalogue, now), body);
}
