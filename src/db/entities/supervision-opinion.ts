import { EntitySchema } from 'typeorm';

/**
 * One convening unit's signed opinion on one supervision item (form 1, S0-A1): the preliminary
 * review (S0-4.2: list for consultation yes/no, reason) and the head's opinion at the level-2
 * meeting (S0-4.3), each with signer, seal and date. `causeKey` = `<itemId>:<stage>:<unitId>`
 * keeps a redelivered task from writing twice. All three opinions are kept whatever the outcome.
 */
export type OpinionStage = 'preliminary' | 'level2';

export interface SupervisionOpinion {
  id: number;
  causeKey: string;
  itemId: number;
  stage: OpinionStage;
  unitId: string;
  /** Preliminary review: list for consultation? (null at level 2). */
  listed: boolean | null;
  opinion: string;
  signer: string;
  sealed: boolean;
  /** YYYY-MM-DD as written on the form (level 2: the day the signing task was completed). */
  signedOn: string | null;
  /** Level 2 (S0-4.3): the engine account that completed the unit's own signing task (the signature). */
  signerAccount?: string | null;
  /** Level 2: when that task was completed, from the engine's history. */
  signedAt?: Date | null;
  recordedAt: Date;
}

export const SupervisionOpinionEntity = new EntitySchema<SupervisionOpinion>({
  name: 'SupervisionOpinion',
  tableName: 'supervision_opinion',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    causeKey: { name: 'cause_key', type: String, length: 191, unique: true },
    itemId: { name: 'item_id', type: Number },
    stage: { type: String, length: 16 },
    unitId: { name: 'unit_id', type: String, length: 64 },
    listed: { type: Boolean, nullable: true },
    opinion: { type: 'text' },
    signer: { type: String, length: 64 },
    sealed: { type: Boolean, default: false },
    signedOn: { name: 'signed_on', type: String, length: 10, nullable: true },
    signerAccount: { name: 'signer_account', type: String, length: 64, nullable: true },
    signedAt: { name: 'signed_at', type: Date, nullable: true },
    recordedAt: { name: 'recorded_at', type: Date, createDate: true },
  },
  indices: [{ name: 'idx_supervision_opinion_item', columns: ['itemId'] }],
});
