import { randomBytes } from 'node:crypto';
import { API, type InviteView } from '@branchbook/protocol';
import { may, type Subject } from '@branchbook/model';
import type { AuthStore, OpenInvite } from '../auth/auth-store.ts';
import { HttpError } from './http-json.ts';
import { Created, requireMay, route, type ApiApp, type ApiDeps } from './route-context.ts';
import { redeemLimited } from './account-routes.ts';

function view(invite: OpenInvite): InviteView {
  return {
    id: invite.id,
    role: invite.role,
    ...(invite.name ? { name: invite.name } : {}),
    expiresAt: new Date(invite.expiresAt).toISOString(),
  };
}

/** A branch's open invites the caller may make themselves (and so revoke): the others are not theirs. */
async function openInvites(auth: AuthStore, subject: Subject, branchId: string) {
  const invites = await auth.openInvitesOfBranch(branchId, Date.now());
  return {
    branchId,
    invites: invites
      .filter((i) => may(subject, 'branch.invite', { branchId, role: i.role }))
      .map(view),
  };
}

/**
 * The institution above the branches (issue 14): the first start's setup (the institution and its
 * organiser), the organiser's branch directory and new branches, and invites from the app — the
 * secretary and the 组织委员 invite members and committee, a secretary or the organiser a secretary.
 */
export function institutionRoutes(app: ApiApp, deps: ApiDeps): void {
  const { auth, accounts } = deps;

  route(
    app,
    API.setup,
    async ({ body }) => accounts.setUp(body.code, body.institution, body.name, body.deviceName),
    // Guessing a setup code must be as slow as guessing an invite: the same budget per address.
    redeemLimited(deps),
  );

  route(app, API.institution, async ({ subject }) => {
    requireMay(
      subject,
      'institution.readDirectory',
      {},
      'not_organiser',
      "only the institution's organiser sees its branches",
    );
    return {
      name: (await auth.institution())?.name ?? '',
      branches: await auth.directory(),
    };
  });

  route(app, API.createBranch, async ({ body, subject }) => {
    requireMay(
      subject,
      'institution.createBranch',
      {},
      'not_organiser',
      "only the institution's organiser creates branches",
    );
    // A second tap (or a retry after a lost answer) must not make a second branch of that name.
    if ((await auth.directory()).some((b) => b.name === body.name)) {
      throw new HttpError(409, 'conflict', `a branch named ${body.name} exists`);
    }
    const branch = await auth.addBranch({
      id: `b${randomBytes(6).toString('hex')}`,
      name: body.name,
    });
    return new Created({ ...branch, members: 0 });
  });

  route(app, API.invites, async ({ params, subject }) => {
    requireMay(
      subject,
      'branch.readInvites',
      { branchId: params.id },
      'not_inviter',
      `only the secretary and 组织委员 of branch ${params.id} see its invites`,
    );
    return openInvites(auth, subject, params.id);
  });

  route(app, API.createInvite, async ({ params, body, subject }) => {
    const branchId = params.id;
    requireMay(
      subject,
      'branch.readInvites',
      { branchId },
      'not_inviter',
      `only the secretary and 组织委员 of branch ${branchId} invite to it`,
    );
    requireMay(
      subject,
      'branch.invite',
      { branchId, role: body.role },
      body.role === 'secretary' ? 'not_secretary' : 'not_inviter',
      body.role === 'secretary'
        ? 'only a secretary or the organiser invites a secretary'
        : "the organiser invites secretaries; the branch's secretary and 组织委员 invite the others",
    );
    const invite = await accounts.createInvite({
      branchId,
      role: body.role,
      ttlDays: body.days,
      ...(body.name ? { name: body.name } : {}),
      createdBy: subject.userId,
    });
    return new Created({
      id: invite.id,
      branchId,
      role: body.role,
      ...(body.name ? { name: body.name } : {}),
      expiresAt: invite.expiresAt,
      code: invite.code,
    });
  });

  route(app, API.revokeInvite, async ({ params, subject }) => {
    const branchId = params.id;
    requireMay(
      subject,
      'branch.readInvites',
      { branchId },
      'not_inviter',
      `only the secretary and 组织委员 of branch ${branchId} revoke its invites`,
    );
    const invite = (await auth.openInvitesOfBranch(branchId, Date.now())).find(
      (i) => i.id === params.invite,
    );
    if (!invite) throw new HttpError(404, 'not_found', 'no such open invite');
    requireMay(
      subject,
      'branch.invite',
      { branchId, role: invite.role },
      invite.role === 'secretary' ? 'not_secretary' : 'not_inviter',
      'only who may make such an invite revokes it',
    );
    if (!(await auth.revokeInvite(branchId, invite.id))) {
      throw new HttpError(404, 'not_found', 'no such open invite');
    }
    return openInvites(auth, subject, branchId);
  });
}
