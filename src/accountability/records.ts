import type { DataSource } from 'typeorm';
import { AccountabilityRecordEntity, type AccountabilityKind, type AccountabilityRecord, type AccountabilitySource } from '../db/entities/index.js';
import { invalidField } from '../errors.js';

/**
 * The accountability book (S3-4: non-implementation and buck-passing enter the dynamic
 * assessment; S1-8; S2-5.3). Processes record; the monthly assessment reads by month and unit.
 */
export interface AccountabilityInput {
  source: AccountabilitySource;
  unitId: string;
  month: string;
  itemRef: string;
  kind: AccountabilityKind;
  note?: string | null;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function accountabilityCauseKey(input: Pick<AccountabilityInput, 'source' | 'unitId' | 'month' | 'itemRef' | 'kind'>): string {
  return [input.source, input.itemRef, input.unitId, input.month, input.kind].join(':');
}

/** Records once per unit, item, month and kind; a second call (redelivery) changes nothing. */
export async function recordAccountability(db: DataSource, input: AccountabilityInput, now: Date): Promise<AccountabilityRecord> {
  if (!MONTH.test(input.month)) throw invalidField('month', `月份应为 YYYY-MM：${input.month}`);
  const causeKey = accountabilityCauseKey(input);
  await db
    .createQueryBuilder()
    .insert()
    .into(AccountabilityRecordEntity)
    .values({ causeKey, source: input.source, unitId: input.unitId, month: input.month, itemRef: input.itemRef, kind: input.kind, note: input.note ?? null, recordedAt: now })
    .orIgnore()
    // A row ignored as a duplicate has no id to reload (MySQL): do not reload.
    .updateEntity(false)
    .execute();
  return db.getRepository(AccountabilityRecordEntity).findOneByOrFail({ causeKey });
}

/** The records of one assessment month, optionally of one unit, in a stable order. */
export async function accountabilityFor(db: DataSource, month: string, unitId?: string): Promise<AccountabilityRecord[]> {
  return db.getRepository(AccountabilityRecordEntity).find({
    where: unitId ? { month, unitId } : { month },
    order: { unitId: 'ASC', itemRef: 'ASC', kind: 'ASC' },
  });
}
