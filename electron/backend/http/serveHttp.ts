import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Backend } from '../app/createBackend';
import { CONTENT_SECURITY_POLICY, rendererFile } from './rendererFiles';

export interface ServeOptions {
  backend: Backend;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** 0: any free port. */
  port?: number;
}

export interface Served {
  url: string;
  port: number;
  /** The socket's own address, as the operating system bound it. */
  address: AddressInfo;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

/**
 * Browser mode: the renderer and the API on 127.0.0.1 only. Every API call needs the session's random
 * token (header `x-lime-token`; the event stream takes it as `?token=`); requests whose Host is not this
 * server are refused (DNS rebinding); API calls must be JSON POSTs (no cross-site form can send one).
 */
export async function serveHttp(options: ServeOptions): Promise<Served> {
  const token = randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const validToken = (given: string | null | undefined) => {
    const g = Buffer.from(given ?? '');
    return g.length === tokenBytes.length && timingSafeEqual(g, tokenBytes);
  };
  let port = 0;
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      // A malformed percent-escape anywhere in the path is the client's error, not ours.
      error instanceof URIError
        ? send(res, 400, 'text/plain', 'malformed percent-encoding in the request path')
        : send(res, 500, 'text/plain', `internal error: ${(error as Error).message}`),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    if (req.headers.host !== `127.0.0.1:${port}` && req.headers.host !== `localhost:${port}`)
      return send(res, 421, 'text/plain', 'this server answers only at 127.0.0.1');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/api/events') {
      if (!validToken(url.searchParams.get('token')))
        return send(res, 401, 'text/plain', 'a valid session token is required');
      return events(res);
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain', 'API calls are POST');
      // A browser says where a call comes from: only this server's own page may make one.
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`)
        return send(res, 403, 'text/plain', "API calls come from this server's own page only");
      if (!validToken(req.headers['x-lime-token'] as string | undefined))
        return send(
          res,
          401,
          'application/json',
          JSON.stringify({
            ok: false,
            error: { code: 'invalid-argument', message: 'a valid session token is required' },
          }),
        );
      if (!/^application\/json(;\s*charset=utf-8)?$/i.test(String(req.headers['content-type'] ?? '')))
        return send(res, 415, 'text/plain', 'API calls take application/json');
      const body = await readBody(req);
      if (body === null) {
        res.writeHead(413, { 'Content-Type': 'text/plain', Connection: 'close' });
        return void res.end(`request body over ${MAX_BODY} bytes`);
      }
      let args: unknown;
      try {
        args = body.length ? JSON.parse(body) : {};
      } catch {
        return send(
          res,
          200,
          'application/json',
          JSON.stringify({
            ok: false,
            error: {
              code: 'invalid-argument',
              message: `${url.pathname.slice(5)}: expected a JSON body, found text that is not JSON`,
            },
          }),
        );
      }
      if (url.pathname === '/api/exportReport/download')
        return download(res, await options.backend.downloadReport(args));
      const result = await options.backend.dispatch(decodeURIComponent(url.pathname.slice(5)), args);
      return send(res, 200, 'application/json', JSON.stringify(result));
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'only GET here');
    return staticFile(url.pathname, res);
  }

  /** The report as a download: the browser saves it where the user says; nothing is written here. */
  function download(res: ServerResponse, result: Awaited<ReturnType<Backend['downloadReport']>>): void {
    if (!result.ok) return send(res, 200, 'application/json', JSON.stringify(result));
    const name = `${result.value.title.replace(/[^\w. -]+/g, '_').slice(0, 80) || 'review'} report.pdf`;
    res.writeHead(200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${name}"`,
      'X-Explanations': String(result.value.explanations),
      'X-Warnings': encodeURIComponent(JSON.stringify(result.value.warnings)),
    });
    res.end(Buffer.from(result.value.pdf));
  }

  function events(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const off = options.backend.onEvent((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    res.on('close', off);
  }

  async function staticFile(pathname: string, res: ServerResponse): Promise<void> {
    const found = await rendererFile(options.rendererDir, pathname);
    if (found.status === 404) return send(res, 404, 'text/plain', 'not found');
    if (found.type.startsWith('text/html')) res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    send(res, 200, found.type, found.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  port = address.port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    address,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type });
  res.end(body);
}

/** What the server reads past MAX_BODY (and discards) so the client, still sending, gets its 413. */
const MAX_DRAINED = 64 * 1024 * 1024;

/**
 * The request body as text, or null when it is over MAX_BODY. An oversized body is read to its end and
 * discarded (up to MAX_DRAINED, then the connection is cut), so the 413 reaches a client that is still
 * sending instead of a reset connection.
 */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
      else if (size > MAX_DRAINED) req.destroy();
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('close', () => resolve(null)); // cut off past MAX_DRAINED (a no-op after 'end')
    req.on('error', reject);
  });
}
