import Handlebars from 'handlebars';
import type { Unit } from '../identity/org-chart.js';
import type { NewNotice } from './outbox.js';

/** A notice table: per notice type a Chinese subject and body, both Handlebars templates. */
export type NoticeTemplates<T extends string> = Record<T, { subject: string; body: string }>;

export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
}

/**
 * Compiles a notice table once and returns its renderer. The subject is one line; the text is
 * rendered without escaping (SMS, plain e-mail), the HTML part with escaping.
 */
export function noticeRenderer<T extends string>(table: NoticeTemplates<T>): (type: T, context: Record<string, unknown>) => RenderedNotice {
  const hb = Handlebars.create();
  const compiled = new Map(
    (Object.keys(table) as T[]).map((type) => [
      type,
      {
        subject: hb.compile(table[type].subject, { noEscape: true }),
        text: hb.compile(table[type].body, { noEscape: true }),
        html: hb.compile(table[type].body),
      },
    ]),
  );
  return (type, context) => {
    const t = compiled.get(type);
    if (!t) throw new Error(`unknown notice type ${type}`);
    return {
      subject: t.subject(context).replace(/\s+/g, ' ').trim(),
      text: t.text(context).trim(),
      html: `<div style="font-family:sans-serif;line-height:1.6">${t.html(context).trim()}</div>`,
    };
  };
}

/**
 * One outbox row for a unit's liaison (联络员, S0-7): by SMS to the phone, else by e-mail; with
 * neither the row is kept as the record that the notice was due. `render` receives the liaison's
 * and the unit's names. Type, cause and unit together are the idempotency key, so a redelivered
 * task writes nothing new.
 */
export function liaisonNotice(
  unit: Unit,
  type: string,
  cause: string,
  render: (names: { liaisonName: string; unitName: string; leaderName: string }) => RenderedNotice,
  eventNumber: string | null = null,
): NewNotice {
  const { phone, email, name } = unit.liaison;
  const [channel, to] = phone ? (['webhook', phone] as const) : email ? (['email', email] as const) : (['none', null] as const);
  return {
    causeKey: `${type}:${cause}:liaison:${unit.id}`.slice(0, 191),
    template: type,
    channel,
    recipient: `liaison:${unit.id}`,
    eventNumber,
    payload: { to, toName: `${name}（${unit.name}联络员）`, ...render({ liaisonName: name, unitName: unit.name, leaderName: unit.leader.name }) },
  };
}
