import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiErrorCode } from '@branchbook/protocol';

/**
 * A refusal the API answers as `{"error": {"code", "message"}}` with `status`: `code` is a stable
 * snake_case name clients branch on (packages/protocol's API_ERRORS), the message is for people.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** 413 `body_too_large`; the connection is closed after it, so the rest is never read. */
export function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'body_too_large', `the body is larger than ${maxBytes} bytes`, {
    Connection: 'close',
  });
}

/** The whole body as text, reading at most `maxBytes`: past that, 413 and the rest stays unread. */
export async function readBodyText(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const JSON_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
};

/** An API answer: JSON, never cached, with its length (so only large answers are compressed). */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  return new Response(bytes, {
    status,
    headers: { ...JSON_HEADERS, 'Content-Length': String(bytes.byteLength), ...headers },
  });
}

export function errorResponse(error: HttpError): Response {
  return jsonResponse(
    error.status,
    { error: { code: error.code, message: error.message } },
    error.headers,
  );
}

/** For the server's own answers outside the API (health, metrics, static files). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, JSON_HEADERS);
  res.end(JSON.stringify(body));
}

/** The bearer token of a request: the Authorization header (never the URL, which gets logged). */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}
