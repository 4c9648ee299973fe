import type * as Y from 'yjs';
import { isValidId } from './doc-name.ts';
import { InputRejected } from './input-rejected.ts';
import { readCount, readString, writeFields } from './scalars.ts';

/**
 * Each branch's headcount on a joint theme day (issue 15 item 2): every participating branch keeps
 * its own record of the day — its roster, its attendance, its 学时 — and the joint plan shows only
 * how many came from each. Rosters never cross branches; a count does.
 *
 * Layout: root map `headcounts` in the `plan:` document with flat keys `<branchId>/<field>`, so two
 * branches writing at once touch different keys, and two devices of one branch writing at once
 * converge field by field (a nested map per branch would let one device's map replace the
 * other's). Written from the branch's own record when it is held — the record is where the count
 * comes from — never typed.
 */

export interface BranchHeadcount {
  branchId: string;
  /** The branch's `meeting:` record of the day. */
  meetingId: string;
  expected: number;
  present: number;
}

export interface HeadcountInputError {
  code: 'bad-id' | 'bad-count';
  value: unknown;
}

export class HeadcountRejected extends InputRejected<HeadcountInputError> {
  constructor(errors: HeadcountInputError[]) {
    super('HeadcountRejected', 'headcount', errors);
  }
}

const FIELDS = ['meetingId', 'expected', 'present'] as const;

function headcountMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('headcounts');
}

export function readHeadcounts(doc: Y.Doc): BranchHeadcount[] {
  const map = headcountMap(doc);
  const branchIds = new Set<string>();
  for (const key of map.keys()) {
    const slash = key.lastIndexOf('/');
    const branchId = key.slice(0, slash);
    if (slash > 0 && isValidId(branchId)) branchIds.add(branchId);
  }
  return [...branchIds]
    .sort()
    .map((branchId) => ({
      branchId,
      meetingId: readString(map.get(`${branchId}/meetingId`)),
      expected: readCount(map.get(`${branchId}/expected`)),
      present: readCount(map.get(`${branchId}/present`)),
    }))
    .filter((count) => count.meetingId !== '');
}

/**
 * Writes one branch's count, only the fields that changed: a record reopened with the same
 * attendance writes nothing, and a second device writing the same count makes no conflict.
 */
export function writeHeadcount(doc: Y.Doc, count: BranchHeadcount): void {
  const errors: HeadcountInputError[] = [];
  for (const id of [count.branchId, count.meetingId])
    if (!isValidId(id)) errors.push({ code: 'bad-id', value: id });
  for (const n of [count.expected, count.present])
    if (!(Number.isSafeInteger(n) && n >= 0)) errors.push({ code: 'bad-count', value: n });
  if (errors.length > 0) throw new HeadcountRejected(errors);
  const map = headcountMap(doc);
  doc.transact(() =>
    writeFields(
      map,
      Object.fromEntries(FIELDS.map((field) => [`${count.branchId}/${field}`, count[field]])),
    ),
  );
}
