import { findUnit, type OrgChart, type Unit } from '../identity/org-chart.js';
import type { NoticeRecipientView } from './templates.js';

/**
 * Who a notice goes to. The service task's `noticeRecipient` input is a comma list of:
 *
 *   reporter            the person who reported the event (SMS via the webhook; phone from the event table)
 *   lead-unit           the unit in the `leadUnit` variable
 *   cooperating-units   every unit in the `cooperatingUnits` variable (comma string); none is fine
 *   centre              the linkage centre (unit `linkage-centre`)
 *   notice-unit         the unit in the `noticeUnit` variable (e.g. the district unit an event is reported up to)
 *   unit:<unitId>       a unit of the org chart
 *   liaison:<unitId>    that unit's liaison (联络员) in person: SMS to the liaison's phone, else e-mail
 *
 * In `unit:` and `liaison:` the unit id may also be `lead-unit` or `notice-unit`, so an overdue
 * notice can say `lead-unit,liaison:lead-unit,centre`; an expression such as `liaison:${leadUnit}`
 * works as well. A unit is reached by e-mail at its liaison's address: the org chart keeps no other
 * mailbox, and notices about a unit's items go to its liaison (S0-7).
 * The same person or address named twice gets one notice.
 */
export const CENTRE_UNIT_ID = 'linkage-centre';

export type RecipientToken =
  | { kind: 'reporter' }
  | { kind: 'cooperating-units' }
  | { kind: 'unit'; ref: string }
  | { kind: 'liaison'; ref: string };

export type Channel = 'email' | 'webhook' | 'none';

export interface Recipient {
  /** Stable id, part of the cause key: `reporter`, `unit:<id>`, `liaison:<id>`. */
  id: string;
  view: NoticeRecipientView;
  unitId: string | null;
  channel: Channel;
  /** E-mail address or phone number; null when there is none (the notice is then skipped). */
  address: string | null;
}

export class RecipientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipientError';
  }
}

const UNIT_ID = /^[a-z][a-z0-9-]*$/;

export function parseRecipientSpec(spec: string): RecipientToken[] {
  const parts = spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) throw new RecipientError('noticeRecipient is empty');
  return parts.map((part): RecipientToken => {
    switch (part) {
      case 'reporter':
        return { kind: 'reporter' };
      case 'cooperating-units':
        return { kind: 'cooperating-units' };
      case 'lead-unit':
      case 'notice-unit':
        return { kind: 'unit', ref: part };
      case 'centre':
        return { kind: 'unit', ref: CENTRE_UNIT_ID };
    }
    const m = /^(unit|liaison):(.*)$/.exec(part);
    if (m && UNIT_ID.test(m[2])) return { kind: m[1] as 'unit' | 'liaison', ref: m[2] };
    throw new RecipientError(
      `noticeRecipient: "${part}" is not one of reporter, lead-unit, cooperating-units, centre, notice-unit, unit:<unitId>, liaison:<unitId>`,
    );
  });
}

export interface RecipientFacts {
  leadUnit: string | null;
  cooperatingUnits: string[];
  noticeUnit: string | null;
  /** From the event table, never from engine variables. Null: no phone, the notice is skipped. */
  reporterPhone: string | null;
}

function unitRole(unitId: string, facts: RecipientFacts): NoticeRecipientView['role'] {
  if (unitId === CENTRE_UNIT_ID) return 'centre';
  if (unitId === facts.leadUnit) return 'lead';
  if (facts.cooperatingUnits.includes(unitId)) return 'cooperating';
  return 'unit';
}

export function resolveRecipients(tokens: RecipientToken[], facts: RecipientFacts, chart: OrgChart): Recipient[] {
  const unitOf = (ref: string): Unit => {
    let id = ref;
    if (ref === 'lead-unit') {
      if (!facts.leadUnit) throw new RecipientError('noticeRecipient names the lead unit, but the process has no leadUnit variable');
      id = facts.leadUnit;
    } else if (ref === 'notice-unit') {
      if (!facts.noticeUnit) throw new RecipientError('noticeRecipient names the notice unit, but the process has no noticeUnit variable');
      id = facts.noticeUnit;
    }
    const unit = findUnit(chart, id);
    if (!unit) throw new RecipientError(`noticeRecipient: unit ${id} is not in the org chart`);
    return unit;
  };

  const asUnit = (unit: Unit): Recipient => {
    const email = unit.liaison.email ?? null;
    return {
      id: `unit:${unit.id}`,
      unitId: unit.id,
      view: { kind: 'unit', role: unitRole(unit.id, facts), name: unit.name, unitName: unit.name },
      channel: email ? 'email' : 'none',
      address: email,
    };
  };

  const asLiaison = (unit: Unit): Recipient => {
    const { phone, email } = unit.liaison;
    const [channel, address]: [Channel, string | null] = phone ? ['webhook', phone] : email ? ['email', email] : ['none', null];
    return {
      id: `liaison:${unit.id}`,
      unitId: unit.id,
      view: { kind: 'liaison', role: 'liaison', name: `${unit.liaison.name}（${unit.name}联络员）`, unitName: unit.name },
      channel,
      address,
    };
  };

  const resolved: Recipient[] = [];
  for (const token of tokens) {
    switch (token.kind) {
      case 'reporter':
        resolved.push({
          id: 'reporter',
          unitId: null,
          view: { kind: 'reporter', role: 'reporter', name: '您', unitName: null },
          channel: facts.reporterPhone ? 'webhook' : 'none',
          address: facts.reporterPhone,
        });
        break;
      case 'cooperating-units':
        for (const id of facts.cooperatingUnits) resolved.push(asUnit(unitOf(id)));
        break;
      case 'unit':
        resolved.push(asUnit(unitOf(token.ref)));
        break;
      case 'liaison':
        resolved.push(asLiaison(unitOf(token.ref)));
        break;
    }
  }

  const ids = new Set<string>();
  const addresses = new Set<string>();
  return resolved.filter((r) => {
    if (ids.has(r.id)) return false;
    ids.add(r.id);
    if (r.address === null) return true;
    const key = `${r.channel}:${r.address.toLowerCase()}`;
    if (addresses.has(key)) return false;
    addresses.add(key);
    return true;
  });
}

/** "a, b,,c" → ["a","b","c"]. */
export function splitUnitList(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(/[,，、\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
