/** Validation lives in src/validation.ts (one shape for every API); kept here for existing imports. */
export { checkInput, chineseErrorMap, fieldProblems, parseBody, type FieldProblem, type ParseResult } from '../validation.js';
