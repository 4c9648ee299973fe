export { runConvergence } from './convergence.ts';
export type { ConvergenceOptions, ConvergenceResult, Op } from './convergence.ts';
export { studyEntry } from './study-entry.ts';
export {
  MATRIX_DOCS,
  MATRIX_GROUP,
  MATRIX_PEOPLE,
  MATRIX_TALK,
  accessMatrix,
} from './access-matrix.ts';
export type { MatrixCell, MatrixMember, MatrixOrganiser, MatrixPerson } from './access-matrix.ts';
