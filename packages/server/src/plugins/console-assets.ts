import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from '../lib/api-error.ts';

/**
 * The web console (packages/console, built by `npm run build` with Vite) at /console/.
 * Hashed files under assets/ never change, so browsers keep them a year; index.html is
 * revalidated on every load so a new release is picked up at once. Any other path under
 * /console without a file extension is a page of the console's own router (a deep link,
 * a reload): it gets index.html. Only plain relative names are looked up on disk.
 */
export interface ConsoleAssetsOptions {
  /** Where the built console is; default: found beside the running code (see consoleDirCandidates). */
  dir?: string;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Where a built console may be, first match wins: the shipped package keeps it in dist/console
 * beside the platform bundle (dist/bundle/cardepass.js or dist/bundle/chunks/*.js, so one or two
 * levels up); a source checkout runs the server from packages/server/{src,dist}/plugins, beside
 * packages/console/dist.
 */
export const consoleDirCandidates = (from = here) => [
  resolve(from, '../console'),
  resolve(from, '../../console'),
  resolve(from, '../../../console/dist'),
];

export const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
// A name of the built output: letters, digits, dot, dash, underscore per segment, no segment starting with a dot
// (so no `..`, no hidden files, no backslash or encoded separators).
const FILE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
function isTraversal(path: string): boolean {
  let decoded: string;
  try { decoded = decodeURIComponent(path); } catch { return true; }
  return decoded.includes('\0') || decoded.split(/[\\/]/).some((segment) => segment === '.' || segment === '..');
}
const hasExtension = (path: string) => /\.[A-Za-z0-9]+$/.test(path.slice(path.lastIndexOf('/') + 1));

export default async function consoleAssets(app: FastifyInstance, options: ConsoleAssetsOptions = {}): Promise<void> {
  // serve: false: no routes of its own; we call sendFile (ETag, Last-Modified, HEAD, ranges, safe joins).
  await app.register(fastifyStatic, { serve: false });
  const candidates = options.dir ? [resolve(options.dir)] : consoleDirCandidates();
  // Looked up until found, not only at start-up: `npm run build` may run while the server is up.
  let found: string | undefined;
  const consoleDir = () => found ??= candidates.find((dir) => existsSync(join(dir, 'index.html')));

  const send = (reply: FastifyReply, file: string, cacheControl: string) => {
    const dir = consoleDir();
    if (!dir) throw new ApiError('CONSOLE_NOT_BUILT');
    return reply.header('cache-control', cacheControl).sendFile(file, dir, { cacheControl: false, dotfiles: 'deny', index: false });
  };

  app.get('/console', async (_request, reply) => send(reply, 'index.html', REVALIDATE));
  app.get('/console/*', async (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    if (path === '' || path === 'index.html') return send(reply, 'index.html', REVALIDATE);
    // `.` and `..` segments, however encoded (the router leaves %2e%2e as it is), are never a console page.
    if (isTraversal(path)) return reply.callNotFound();
    // A page of the console (no extension): its router reads the path.
    if (!hasExtension(path)) return send(reply, 'index.html', REVALIDATE);
    if (!FILE_PATH.test(path)) return reply.callNotFound();
    return send(reply, path, path.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
  });
  // Nothing else answers at the root: a browser opening the server's address lands in the console.
  app.get('/', async (_request, reply) => reply.redirect('/console/', 302));
}
