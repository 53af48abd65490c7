import type { DataSource } from 'typeorm';
import { ModelerDraftEntity, type ModelerDraft } from '../db/entities/index.js';
import { DomainError } from '../errors.js';
import { assertFileName, kindOf } from './model-files.js';

/** Drafts: model files saved in the app database with author and time, not deployed. */
export type DraftSummary = Omit<ModelerDraft, 'content'>;

export async function listDrafts(db: DataSource): Promise<DraftSummary[]> {
  return db.getRepository(ModelerDraftEntity).find({
    select: { id: true, fileName: true, kind: true, note: true, author: true, createdAt: true, updatedAt: true },
    order: { updatedAt: 'DESC', id: 'DESC' },
  });
}

export async function getDraft(db: DataSource, id: number): Promise<ModelerDraft> {
  const draft = await db.getRepository(ModelerDraftEntity).findOneBy({ id });
  if (!draft) throw new DomainError('NOT_FOUND', 404, `没有这个草稿：${id}`);
  return draft;
}

export async function saveDraft(db: DataSource, input: { id?: number; fileName: string; content: string; note?: string | null }, author: string): Promise<ModelerDraft> {
  assertFileName(input.fileName);
  const repo = db.getRepository(ModelerDraftEntity);
  if (input.id !== undefined) {
    const existing = await getDraft(db, input.id);
    Object.assign(existing, { fileName: input.fileName, kind: kindOf(input.fileName), content: input.content, note: input.note ?? existing.note, author });
    return repo.save(existing);
  }
  return repo.save(repo.create({ fileName: input.fileName, kind: kindOf(input.fileName), content: input.content, note: input.note ?? null, author }));
}

export async function deleteDraft(db: DataSource, id: number): Promise<void> {
  const result = await db.getRepository(ModelerDraftEntity).delete({ id });
  if (!result.affected) throw new DomainError('NOT_FOUND', 404, `没有这个草稿：${id}`);
}
