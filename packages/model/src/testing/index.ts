export { runConvergence } from './convergence.ts';
export type { ConvergenceOptions, ConvergenceResult, Op } from './convergence.ts';
export { studyEntry } from './study-entry.ts';
