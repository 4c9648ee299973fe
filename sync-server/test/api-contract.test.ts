import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { API, API_ERRORS, type Endpoint } from '@branchbook/protocol';
import { apiApp, DEFAULT_MAX_API_BODY_BYTES } from '../src/api/api-routes.ts';
import type { AuthStore } from '../src/auth/auth-store.ts';
import type { Accounts } from '../src/auth/accounts.ts';
import { startAuthServer, type AuthTestServer } from './helpers.ts';

/** Issue 13, item 3: one typed HTTP contract — README, packages/protocol and the routes agree. */

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** `METHOD /api/path` of every row of README's "HTTP API" table, `<id>` written as `:id`. */
function documentedEndpoints(): string[] {
  const text = readFileSync(README, 'utf8');
  const section = /^### HTTP API\n([\s\S]*?)(?=\n#{2,3} )/m.exec(text)?.[1] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.map((row) => {
    const match = /^\| `([A-Z]+) (\/api\/[^`?\s]*)[^`]*`/.exec(row);
    if (!match) throw new Error(`README API row without "METHOD /api/…": ${row}`);
    return `${match[1]} ${match[2]!.replace(/<([a-z]+)>/gi, ':$1')}`;
  });
}

const contract = (Object.values(API) as Endpoint[]).map((e) => `${e.method} ${e.path}`);

function routed(): string[] {
  const app = apiApp({ auth: {} as AuthStore, accounts: {} as Accounts });
  const methods = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);
  return [
    ...new Set(app.routes.filter((r) => methods.has(r.method)).map((r) => `${r.method} ${r.path}`)),
  ];
}

describe("README's API table", () => {
  it('documents every endpoint the contract has and the server routes, and nothing else', () => {
    const documented = documentedEndpoints();
    expect(documented.length).toBeGreaterThan(0);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...contract].sort());
    expect(routed().sort()).toEqual([...contract].sort());
  });

  it('lists every error code with its status', () => {
    const text = readFileSync(README, 'utf8');
    for (const [code, status] of Object.entries(API_ERRORS)) {
      expect(text, code).toMatch(new RegExp(`\\| ${status} +\\| \`${code}\``));
    }
    // And no code the server does not have.
    const listed = [...text.matchAll(/^\| \d{3} +\| `([a-z_]+)`/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(Object.keys(API_ERRORS).sort());
  });
});

async function call(
  s: AuthTestServer,
  method: string,
  path: string,
  init: { token?: string; body?: string; type?: string } = {},
) {
  const res = await fetch(`${s.server.url}${path}`, {
    method,
    headers: {
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { 'Content-Type': init.type ?? 'application/json' }),
    },
    body: init.body,
  });
  const text = await res.text();
  return {
    status: res.status,
    allow: res.headers.get('allow'),
    body: text === '' ? null : (JSON.parse(text) as { error?: { code: string; message: string } }),
  };
}

/** Streams `bytes` of body without announcing its length, and resolves with the first answer. */
function streamBody(s: AuthTestServer, token: string, bytes: number) {
  return new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
    const url = new URL('/api/plans', s.server.url);
    const req = httpRequest(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    });
    let sent = 0;
    let status = 0;
    let body = '';
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status, body, sent }));
    });
    // The server closes the connection after its answer; writing on then fails.
    req.on('error', (error) => (status && body ? resolve({ status, body, sent }) : reject(error)));
    const chunk = Buffer.alloc(16 * 1024, ' ');
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      // Never ended: the server must answer from what it has read.
    };
    pump();
  });
}

describe('the API refuses what is not in the contract, each with its code', () => {
  it('405 with Allow for a wrong method on a known path; 404 for an unknown path', async () => {
    const s = await startAuthServer();
    const token = await s.member('a', 'a1', 'secretary');
    expect(await call(s, 'DELETE', '/api/plans', { token })).toMatchObject({
      status: 405,
      allow: 'GET, POST, HEAD',
      body: { error: { code: 'method_not_allowed' } },
    });
    expect(await call(s, 'GET', '/api/redeem')).toMatchObject({
      status: 405,
      allow: 'POST',
      body: { error: { code: 'method_not_allowed' } },
    });
    expect(await call(s, 'POST', '/api/branches/a/members', { token, body: '{}' })).toMatchObject({
      status: 405,
      allow: 'GET, HEAD',
    });
    expect(await call(s, 'GET', '/api/pairings/p1/leads/2026-05', { token })).toMatchObject({
      status: 405,
      allow: 'PUT',
    });
    for (const path of ['/api/nope', '/api/plans/p1/extra', '/api/']) {
      expect({ path, ...(await call(s, 'GET', path, { token })) }).toMatchObject({
        path,
        status: 404,
        body: { error: { code: 'not_found', message: 'no such API' } },
      });
    }
    expect((await call(s, 'HEAD', '/api/me', { token })).status).toBe(200);
    expect(await call(s, 'GET', '/api/me')).toMatchObject({
      status: 401,
      body: { error: { code: 'sign_in_required' } },
    });
  });

  it('400 invalid_json, 415 for a body that is not JSON, 400 invalid_body naming the field', async () => {
    const s = await startAuthServer();
    const token = await s.member('a', 'a1', 'committee');
    expect(await call(s, 'POST', '/api/plans', { token, body: '{"id": ' })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_json' } },
    });
    expect(await call(s, 'POST', '/api/plans', { token, body: '' })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_json' } },
    });
    expect(
      await call(s, 'POST', '/api/plans', { token, body: 'id=p1', type: 'text/plain' }),
    ).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
    const wrong = await call(s, 'POST', '/api/plans', {
      token,
      body: JSON.stringify({ id: 'p1', leadBranch: 'a', branches: ['ok', 'not ok'] }),
    });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'invalid_body' } } });
    expect(wrong.body?.error?.message).toContain('branches.1');
    expect(await call(s, 'POST', '/api/plans', { token, body: '[]' })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_body' } },
    });
  });

  it('413 body_too_large past MAX_API_BODY_BYTES, announced or streamed, and stays healthy', async () => {
    const s = await startAuthServer();
    const token = await s.member('a', 'a1', 'committee');
    const big = JSON.stringify({
      id: 'p1',
      leadBranch: 'a',
      branches: [],
      pad: 'x'.repeat(70_000),
    });
    expect(big.length).toBeGreaterThan(DEFAULT_MAX_API_BODY_BYTES);
    expect(await call(s, 'POST', '/api/plans', { token, body: big })).toMatchObject({
      status: 413,
      body: { error: { code: 'body_too_large' } },
    });
    // 8 MiB offered, never finished: the answer comes from the first 64 KiB.
    const streamed = await streamBody(s, token, 8 * 1024 * 1024);
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ error: { code: 'body_too_large' } });
    expect(streamed.sent).toBeLessThan(8 * 1024 * 1024);
    // Just under the limit is read (and judged by its content).
    const under = JSON.stringify({
      id: 'p1',
      leadBranch: 'a',
      branches: [],
      pad: 'x'.repeat(60_000),
    });
    expect((await call(s, 'POST', '/api/plans', { token, body: under })).status).toBe(201);
    expect((await fetch(`${s.server.url}/healthz`)).status).toBe(200);
    expect((await call(s, 'GET', '/api/plans', { token })).status).toBe(200);
  });

  it('gives redemptions their codes: invalid_body, not_found, invalid_request, rate_limited', async () => {
    const s = await startAuthServer();
    await s.auth.addBranch({ id: 'b1', name: '第一支部' });
    const { code } = await s.accounts.createInvite({ branchId: 'b1', role: 'member' });
    const redeem = (body: unknown) =>
      call(s, 'POST', '/api/redeem', { body: JSON.stringify(body) });
    expect((await redeem({ nope: 1 })).body?.error?.code).toBe('invalid_body');
    expect((await redeem({ code, name: 'x'.repeat(65) })).body?.error?.code).toBe('invalid_body');
    expect(await redeem({ code })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request' } },
    });
    expect(await redeem({ code: 'WRONG-1' })).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    let last = await redeem({ code: 'WRONG-2' });
    for (let i = 0; i < 30 && last.status !== 429; i++) last = await redeem({ code: 'WRONG-3' });
    expect(last).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
  });
});
