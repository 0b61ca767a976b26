import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

/** The Content-Security-Policy of the app's page: nothing but itself. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** A file of the built renderer, as both hosts send it. */
export type RendererFile = { status: 200; type: string; body: Buffer } | { status: 404 };

/**
 * The renderer's file at a URL path (`/` is index.html), for the desktop app's app:// protocol and browser
 * mode's HTTP server alike: nothing outside `rendererDir` (a `..` or an encoded separator finds nothing),
 * nothing that does not exist. A malformed percent-escape throws URIError, which callers answer with 400.
 */
export async function rendererFile(rendererDir: string, urlPath: string): Promise<RendererFile> {
  const relative = urlPath === '/' ? 'index.html' : normalize(decodeURIComponent(urlPath)).replace(/^[/\\]+/, '');
  const file = join(rendererDir, relative);
  if (!file.startsWith(rendererDir + sep)) return { status: 404 };
  try {
    return { status: 200, type: TYPES[extname(file)] ?? 'application/octet-stream', body: await readFile(file) };
  } catch {
    return { status: 404 };
  }
}
