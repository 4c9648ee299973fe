/**
 * What another feature may use of the plans feature (the lint rule `app-layers/boundaries` allows
 * no other file of it): reading a joint plan once from its document — the ledger and the monthly
 * report list held and scheduled plans — and laying it out as its print view does, for the binder.
 */
export { loadedPlan } from './plan-list.svelte.ts';
/** The pairings this device keeps (the year plan's joint days name their paired branches). */
export { monthLead, readCachedPairings, type Pairing } from './pairings.ts';
export { planDocument, type PlanDocContext, type PlanSections } from './plan-document.ts';
