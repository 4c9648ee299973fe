/**
 * What another feature may use of the branch feature (the lint rule `app-layers/boundaries`
 * allows no other file of it): the shape of a row of the branch's 学时 table — the binder prints
 * that table for its period.
 */
export type { BranchTableRow } from './branch-table.ts';
