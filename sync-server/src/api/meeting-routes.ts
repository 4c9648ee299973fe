import { rights, type MeetingFacts } from '@branchbook/model';
import { API, type Meeting } from '@branchbook/protocol';
import type { RegisteredMeeting } from '../auth/auth-store.ts';
import { HttpError } from './http-json.ts';
import { Created, requireMay, route, type ApiApp, type ApiDeps } from './route-context.ts';

function view({ id, branchId, kind, groupId, participantIds }: RegisteredMeeting): Meeting {
  return {
    id,
    branchId,
    kind,
    ...(groupId ? { groupId } : {}),
    participantIds: [...participantIds],
  };
}

/**
 * The meeting registry (issue 15): a record `meeting:<id>` is created on a device — offline if
 * need be — and registered here with the facts that decide who may read it (its branch and kind;
 * a group meeting's group; a talk's two people). The kind is fixed once registered.
 */
export function meetingRoutes(app: ApiApp, { auth }: ApiDeps): void {
  route(app, API.meetings, async ({ subject }) => {
    const all = await auth.meetingsOfBranches(subject.memberships.map((m) => m.branchId));
    return {
      meetings: all.filter((m) => rights(subject, { kind: 'meeting', id: m.id }, m).read).map(view),
    };
  });

  route(app, API.registerMeeting, async ({ body, subject }) => {
    const { id, branch, kind } = body;
    const participants = body.participants;
    if ((kind === 'group') !== (body.group !== undefined)) {
      throw new HttpError(400, 'invalid_body', 'group: needed for a group meeting, and only then');
    }
    if (
      (kind === 'talk') !== participants.length > 0 ||
      (kind === 'talk' && participants.length !== 2)
    ) {
      throw new HttpError(
        400,
        'invalid_body',
        'participants: the two people of a talk, and only then',
      );
    }
    // The facts as they will be: a group of this branch, people who are its members.
    let facts: MeetingFacts = {
      branchId: branch,
      kind,
      groupLeaderId: null,
      groupMemberIds: [],
      participantIds: participants,
    };
    if (body.group !== undefined) {
      const group = (await auth.groupsOfBranch(branch)).find((g) => g.id === body.group);
      if (!group)
        throw new HttpError(400, 'invalid_request', `no party group ${body.group} in ${branch}`);
      facts = { ...facts, groupLeaderId: group.leaderUserId, groupMemberIds: group.memberIds };
    }
    if (participants.length > 0) {
      const members = new Set((await auth.membersOfBranch(branch)).map((m) => m.userId));
      const outsiders = participants.filter((u) => !members.has(u));
      if (outsiders.length > 0)
        throw new HttpError(
          400,
          'not_branch_members',
          `not members of ${branch}: ${outsiders.join(', ')}`,
        );
    }
    requireMay(
      subject,
      'meeting.register',
      facts,
      'not_recorder',
      'only who may write this record registers it: the committee; for a group meeting its leader; for a talk its two people and the secretary',
    );
    const existing = await auth.getMeeting(id);
    if (existing) {
      // A device retrying a registration whose answer it never saw gets the same answer again.
      const same =
        existing.branchId === branch &&
        existing.kind === kind &&
        (existing.groupId ?? undefined) === body.group &&
        [...existing.participantIds].sort().join() === [...participants].sort().join();
      if (!same)
        throw new HttpError(409, 'conflict', `meeting ${id} is already registered differently`);
      return view(existing);
    }
    await auth.addMeeting({
      id,
      branchId: branch,
      kind,
      groupId: body.group ?? null,
      participantIds: participants,
      createdBy: subject.userId,
    });
    const registered = await auth.getMeeting(id);
    if (!registered) throw new Error(`meeting ${id} vanished right after it was written`);
    return new Created(view(registered));
  });
}
