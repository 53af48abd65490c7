import { NoticeEntity } from './notice.js';

export const entities = [NoticeEntity];
export { NoticeEntity };
export type { Notice } from './notice.js';
