import { EntitySchema } from 'typeorm';

/**
 * A model file saved from the web modeler without deploying it: BPMN, DMN or a Camunda Form,
 * with who saved it and when. Deploying reads drafts like any other file; nothing here runs.
 */
export type DraftKind = 'bpmn' | 'dmn' | 'form';

export interface ModelerDraft {
  id: number;
  /** The file name it deploys as, e.g. `event-handling.bpmn`. */
  fileName: string;
  kind: DraftKind;
  content: string;
  /** Free note by the author (what changed and why). */
  note: string | null;
  author: string;
  createdAt: Date;
  updatedAt: Date;
}

export const ModelerDraftEntity = new EntitySchema<ModelerDraft>({
  name: 'ModelerDraft',
  tableName: 'modeler_draft',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    fileName: { name: 'file_name', type: String, length: 200 },
    kind: { type: String, length: 8 },
    content: { type: 'text' },
    note: { type: String, length: 300, nullable: true },
    author: { type: String, length: 64 },
    createdAt: { name: 'created_at', type: Date, createDate: true },
    updatedAt: { name: 'updated_at', type: Date, updateDate: true },
  },
  indices: [{ name: 'idx_modeler_draft_file', columns: ['fileName'] }],
});
