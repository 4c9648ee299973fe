export { runConvergence } from './convergence.ts';
export type { ConvergenceOptions, ConvergenceResult, Op } from './convergence.ts';
