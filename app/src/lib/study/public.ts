/**
 * What another feature may use of the study feature (the lint rule `app-layers/boundaries` allows
 * no other file of it): a member's study log — the branch screens read every member's log.
 */
export { StudyLogState } from './study-log.svelte.ts';
