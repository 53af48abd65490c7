import { DomainError } from '../errors.js';

/** A refusal of a supervision use case: a DomainError (src/errors.ts), answered by the one error handler. */
export class SupervisionError extends DomainError {
  constructor(
    httpStatus: 400 | 403 | 404 | 409 | 503,
    code: string,
    message: string,
    details?: unknown,
  ) {
    super(code, httpStatus, message, { detail: details, retryAfterSeconds: httpStatus === 503 ? 30 : undefined });
    this.name = 'SupervisionError';
  }
}

export const SUPERVISION_MESSAGES = {
  eventNotFound: '没有找到这个事件',
  alreadyActive: '该事件已在督办流程中',
  notInHandling: '该事件当前不在处置阶段：请在联动中心的待办任务（重新派单、区级平台派单或超期升级处置）中选择「提请督办联席会议」',
  itemNotFound: '没有找到这个督办事项',
  formNotFound: '没有这种审批表（可选：approval 督办事件审批表，level1 提请一级督办联席会议会商事件审批表，archive 决策参考事件终结归档审批表）',
  notWaiting: '以下事项不在待会商状态，不能列入本次会议',
  nothingWaiting: '没有待会商的事项，无需召集会议',
  level1OnlyLeader: '一级督办联席会议由区委、区政府分管领导召集',
  level2OnlyConveners: '二级督办联席会议由区纪委、区委办、区府办联合召集：临时会议由其中一家提议、另两家确认后召开。联动指挥中心负责会前准备（议程、材料），不召集会议',
  engineDown: '流程引擎暂时不可用，请稍后重试',
} as const;
