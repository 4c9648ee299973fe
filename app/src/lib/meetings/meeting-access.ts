import {
  MEETING_KINDS,
  may,
  rights,
  type MeetingFacts,
  type MeetingKind,
  type Rights,
  type Subject,
} from '@branchbook/model';
import type { GroupsResponse } from '@branchbook/protocol';
import type { MeetingListItem } from './meeting-index.ts';

/**
 * The registry facts of a record as this device knows them (the list entry and the branch's
 * cached groups), for which buttons to show. The server decides again on every write.
 */
export function meetingFacts(
  item: Pick<MeetingListItem, 'branchId' | 'kind' | 'groupId' | 'participantIds'>,
  groups: GroupsResponse | null,
): MeetingFacts {
  const group = groups?.groups.find((g) => g.id === item.groupId);
  return {
    branchId: item.branchId,
    kind: item.kind,
    groupLeaderId: group?.leaderId ?? null,
    groupMemberIds: group?.memberIds ?? [],
    participantIds: item.participantIds,
  };
}

/** What `subject` may do with the record `id`. */
export function meetingRights(subject: Subject, id: string, facts: MeetingFacts): Rights {
  return rights(subject, { kind: 'meeting', id }, facts);
}

/**
 * The kinds of record `subject` may start in `branchId`, by the access rule: the committee every
 * kind; a group leader their group's meetings; anyone a talk they take part in (the form then
 * asks again with the two people chosen).
 */
export function creatableKinds(
  subject: Subject,
  branchId: string,
  groups: GroupsResponse | null,
): MeetingKind[] {
  if (branchId === '') return [];
  return MEETING_KINDS.filter((kind) => {
    const base = meetingFacts({ branchId, kind, groupId: '', participantIds: [] }, null);
    if (kind === 'group')
      return (groups?.groups ?? []).some((g) =>
        may(subject, 'meeting.register', {
          ...base,
          groupLeaderId: g.leaderId ?? null,
          groupMemberIds: g.memberIds ?? [],
        }),
      );
    if (kind === 'talk')
      return may(subject, 'meeting.register', { ...base, participantIds: [subject.userId] });
    return may(subject, 'meeting.register', base);
  });
}
