import { call, startAuthServer, type AuthTestServer, type ConfigOverrides } from './helpers.ts';

/** One caller of a role world: a branch member, the institution's organiser, or signed out. */
export type Caller =
  | {
      branch: string;
      user: string;
      role: 'secretary' | 'committee' | 'member';
      duty?: 'organisation' | 'publicity';
      /** The member's name; their user id when absent. */
      name?: string;
    }
  | 'organiser'
  | 'signedOut';

export interface RoleWorld<Who extends string> {
  s: AuthTestServer;
  /** Each caller's token; undefined for the signed-out caller. */
  tokens: Record<Who, string | undefined>;
}

export interface RoleWorldOptions {
  server?: ConfigOverrides;
  /** Each member's name; their own `name`, else their user id, when absent. */
  name?: (userId: string) => string;
  /** The device each token is issued for; none when absent. */
  device?: (userId: string) => string;
}

/** The organiser every role world has (user id and name). */
export const ORGANISER = { id: 'org', name: '组织员' };

/** The two branches most role worlds hold. */
export const HOME_AND_OTHER = { home: '第一支部', other: '第二支部' };

/**
 * The usual callers: `home`'s secretary, 组织委员, another committee member (宣传委员) and a
 * member; `other`'s secretary and member; the organiser; signed out.
 */
export const USUAL_CAST = {
  organiser: 'organiser',
  secretary: { branch: 'home', user: 'sec', role: 'secretary' },
  organisation: { branch: 'home', user: 'zz', role: 'committee', duty: 'organisation' },
  committee: { branch: 'home', user: 'xc', role: 'committee', duty: 'publicity' },
  member: { branch: 'home', user: 'mem', role: 'member' },
  otherSecretary: { branch: 'other', user: 'so', role: 'secretary' },
  otherMember: { branch: 'other', user: 'mo', role: 'member' },
  signedOut: 'signedOut',
} as const satisfies Record<string, Caller>;

/** The callers `who`, in that order: each from `extra` if there, else from the usual cast. */
export function castOf<Who extends string>(
  who: readonly Who[],
  extra: Partial<Record<Who, Caller>> = {},
): Record<Who, Caller> {
  const cast = {} as Record<Who, Caller>;
  for (const w of who) {
    const caller = extra[w] ?? (USUAL_CAST as Partial<Record<string, Caller>>)[w];
    if (!caller) throw new Error(`no caller "${w}" in the usual cast`);
    cast[w] = caller;
  }
  return cast;
}

/**
 * A real auth server holding `branches` (id → name) and one token per caller of `cast`, issued in
 * the cast's order — so every endpoint can be asked by every role.
 * @example const { s, tokens } = await roleWorld({ home: '第一支部' }, { secretary: { branch: 'home', user: 'sec', role: 'secretary' }, signedOut: 'signedOut' });
 */
export async function roleWorld<Who extends string>(
  branches: Record<string, string>,
  cast: Record<Who, Caller>,
  options: RoleWorldOptions = {},
): Promise<RoleWorld<Who>> {
  const s = await startAuthServer(options.server);
  for (const [id, name] of Object.entries(branches)) await s.auth.addBranch({ id, name });
  await s.auth.addOrganiser(ORGANISER);
  const issue = (userId: string) => s.accounts.issueToken(userId, 'test', options.device?.(userId));
  const tokens = {} as Record<Who, string | undefined>;
  for (const who of Object.keys(cast) as Who[]) {
    const caller = cast[who];
    if (caller === 'signedOut') tokens[who] = undefined;
    else if (caller === 'organiser') tokens[who] = await issue(ORGANISER.id);
    else {
      const { branch, user, role, duty, name } = caller;
      await s.auth.addMember({
        branchId: branch,
        userId: user,
        role,
        name: name ?? options.name?.(user) ?? user,
        ...(duty ? { duty } : {}),
      });
      tokens[who] = await issue(user);
    }
  }
  return { s, tokens };
}

/** `status`, or `status code` when the answer is a refusal. */
export function outcome(answer: { status: number; body: { error?: { code: string } } | null }) {
  return answer.body?.error ? `${answer.status} ${answer.body.error.code}` : String(answer.status);
}

/** Each caller's outcome of the same request, asked in turn (all callers, in cast order) in one world. */
export async function outcomes<Who extends string>(
  w: RoleWorld<Who>,
  method: string,
  path: string,
  body?: unknown,
  who: readonly Who[] = Object.keys(w.tokens) as Who[],
): Promise<Record<string, string>> {
  const got: Record<string, string> = {};
  for (const caller of who) {
    got[caller] = outcome(await call(w.s, method, path, { token: w.tokens[caller], body }));
  }
  return got;
}
