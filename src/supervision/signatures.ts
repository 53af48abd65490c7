import type { DataSource } from 'typeorm';
import { toShanghaiDate } from '../calendar/index.js';
import { SupervisionOpinionEntity, type SupervisionItem, type SupervisionOpinion } from '../db/entities/index.js';
import type { EngineClient } from '../engine/engine-client.js';
import { level2HeadsSummary, LEVEL2_CONCLUSIONS, opinionsOf, type Level2Conclusion } from './items.js';
import { CONVENING_UNITS, type ConveningUnit } from './org.js';
import { bool, optText, type VariableSource } from './variables.js';

/**
 * S0-4.3: "对列入会商的事项，必须由二级督办联席会议召集单位的主要负责人在《督办事件审批表》相应栏目内签署
 * 意见，并加盖单位公章". After the level-2 meeting each convening unit signs in its OWN task of the
 * item's process (`UserTask_SignLevel2<Key>`, candidate group = that unit, so no other unit sees it).
 * The unit writes its opinion and confirms the seal; nobody types a name: the signature is the
 * engine account that completed the task, and the date is when it did, both read from the engine's
 * history (the user operation log's `Complete` entry, else the task's assignee).
 */
export const signTaskId = (u: ConveningUnit) => `UserTask_SignLevel2${u.key}`;
export const signOpinionVar = (u: ConveningUnit) => `level2${u.key}Opinion`;
export const signSealedVar = (u: ConveningUnit) => `level2${u.key}Sealed`;

export interface EngineSignature {
  /** The engine user id that completed the task. */
  account: string;
  /** The user's name from the engine's user profile (the account when it has none). */
  name: string;
  at: Date;
}

const CJK_NAME_PART = /^[\u4e00-\u9fa5]{1,3}$/;

/** A person's name from the engine profile: Chinese order (family name first) for Chinese names. */
export function personName(profile: { firstName?: string | null; lastName?: string | null }, account: string): string {
  const first = (profile.firstName ?? '').trim();
  const last = (profile.lastName ?? '').trim();
  if (!first && !last) return account;
  if (CJK_NAME_PART.test(first) && CJK_NAME_PART.test(last)) return `${last}${first}`;
  return [first, last].filter(Boolean).join(' ');
}

async function displayName(engine: EngineClient, account: string): Promise<string> {
  const profile = await engine.identity.user(account);
  return profile ? personName(profile, account) : account;
}

/**
 * Who completed the newest finished task `taskDefinitionKey` of this process instance, and when,
 * from the engine's history: the account is the signature.
 */
export async function completedBy(engine: EngineClient, processInstanceId: string, taskDefinitionKey: string): Promise<EngineSignature | null> {
  const tasks = await engine.history.taskInstances({
    processInstanceId,
    taskDefinitionKey,
    finished: true,
    sortBy: 'endTime',
    sortOrder: 'desc',
  });
  // A task cancelled by the process (e.g. the other unit declined first) has a delete reason other than "completed".
  const task = tasks.find((t) => t.endTime && (t.deleteReason ?? 'completed') === 'completed');
  if (!task?.endTime) return null;
  const log = await engine.history.userOperations({ taskId: task.id, operationType: 'Complete' });
  const account = log.find((e) => e.userId)?.userId ?? task.assignee;
  if (!account) throw new Error(`the engine recorded no user completing ${taskDefinitionKey} (${task.id}): a signature needs a signed-in user`);
  return { account, name: await displayName(engine, account), at: new Date(task.endTime) };
}

/** Who completed the unit's signing task of this process instance, and when (engine history). */
export async function signatureFromHistory(engine: EngineClient, processInstanceId: string, unit: ConveningUnit): Promise<EngineSignature> {
  const signature = await completedBy(engine, processInstanceId, signTaskId(unit));
  if (!signature) throw new Error(`no finished ${signTaskId(unit)} in process instance ${processInstanceId}`);
  return signature;
}

/** The unit's opinion and seal as submitted in its task (the model refuses a completion without them). */
export function signedOpinion(v: VariableSource, unit: ConveningUnit): { opinion: string; sealed: true } {
  const opinion = optText(v, signOpinionVar(unit));
  if (!opinion) throw new Error(`process variable ${signOpinionVar(unit)} is missing`);
  if (!bool(v, signSealedVar(unit))) throw new Error(`${unit.label} did not confirm the seal (${signSealedVar(unit)})`);
  return { opinion, sealed: true };
}

/**
 * Records the three signed opinions of the level-2 stage. Idempotent: one row per item and unit
 * (`<itemId>:level2:<unitId>`); a redelivered task finds them written.
 */
export async function recordLevel2Signatures(db: DataSource, engine: EngineClient, item: SupervisionItem, processInstanceId: string, v: VariableSource): Promise<SupervisionOpinion[]> {
  const rows = [];
  for (const unit of CONVENING_UNITS) {
    const { opinion, sealed } = signedOpinion(v, unit);
    const signature = await signatureFromHistory(engine, processInstanceId, unit);
    rows.push({
      causeKey: `${item.id}:level2:${unit.id}`,
      itemId: item.id,
      stage: 'level2' as const,
      unitId: unit.id,
      listed: null,
      opinion,
      signer: signature.name.slice(0, 64),
      signerAccount: signature.account,
      signedAt: signature.at,
      sealed,
      signedOn: toShanghaiDate(signature.at),
    });
  }
  await db
    .createQueryBuilder()
    .insert()
    .into(SupervisionOpinionEntity)
    .values(rows)
    .orIgnore()
    // A row ignored as a duplicate has no id to reload defaults by (MySQL): do not reload.
    .updateEntity(false)
    .execute();
  return (await opinionsOf(db, item.id)).filter((o) => o.stage === 'level2');
}

/** The level-2 column of form 1 as text: the meeting's conclusion and the heads' signed opinions. */
export function level2SummaryText(item: Pick<SupervisionItem, 'level2Conclusion' | 'level2Date' | 'level2Opinion'>, opinions: SupervisionOpinion[]): string {
  const conclusion = LEVEL2_CONCLUSIONS[item.level2Conclusion as Level2Conclusion] ?? item.level2Conclusion ?? '';
  return `${conclusion}（${item.level2Date ?? ''}）：${item.level2Opinion ?? ''}\n召集单位负责人意见：${level2HeadsSummary(opinions)}`;
}
