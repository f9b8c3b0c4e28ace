import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { foldDataChanges, readDataVersion } from './data-version.repo.ts';
import { preferredEncoding } from './assets.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route answers everyone who is not signed in alike (public pages, feeds, ORUK, FHIR):
     * its answers carry a strong ETag, get 304 for If-None-Match, may be kept by a shared cache,
     * and are kept rendered until the data changes. Signed-in people get `private, no-store`.
     */
    publicCache?: boolean;
  }
  interface FastifyRequest {
    /** How this request is answered by the public cache, when its route has `publicCache`. */
    publicCacheState: PublicCacheState | null;
  }
}

/** A public request's cache key and data version; `hit` when the kept answer was sent. */
interface PublicCacheState {
  key: string;
  version: number;
  hit: boolean;
}

/** A kept answer: the body as rendered for nobody in particular, its headers and compressed copies. */
interface Entry {
  version: number;
  body: string;
  etag: string;
  headers: Record<string, string | number | string[]>;
  /** The body holds a form: the CSRF token is put in per request, and the answer is private. */
  hasForm: boolean;
  compressed: Partial<Record<'br' | 'gzip', Buffer>>;
}

/**
 * Stands in for the CSRF token while a public page is rendered for nobody in particular; each
 * answer gets the visitor's own token in its place. Letters only, so escaping leaves it alone.
 */
export const CSRF_PLACEHOLDER = 'csrfTokenPlaceholderZq7Xw3Kv9Tr2';

/** Headers of the handler's answer that are the visitor's own, never kept. */
const UNKEPT_HEADERS = new Set([
  'set-cookie',
  'content-length',
  'content-encoding',
  'x-request-id',
  'content-security-policy',
  'etag',
  'vary',
]);

/** What a public answer may be kept as by browsers and shared caches: always revalidated. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

const MAX_ENTRIES = 2000;
const MAX_BYTES = 64 * 1024 * 1024;
const FOLD_EVERY_MS = 30_000;

/** True when a request is rendered for nobody in particular: a public route, nobody signed in. */
export function isSharedRender(request: FastifyRequest): boolean {
  return request.publicCacheState !== null;
}

/** Kept answers by address, each for one data version; the oldest go first when it is full. */
class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  get(key: string, version: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version) {
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: Entry): void {
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    for (const [oldest] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.bytes <= MAX_BYTES) {
        break;
      }
      this.delete(oldest);
    }
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry) {
      this.bytes -= entry.body.length + (entry.compressed.br?.length ?? 0) + (entry.compressed.gzip?.length ?? 0);
      this.entries.delete(key);
    }
  }

  /** Keeps a compressed copy, counted against the size limit. */
  compress(entry: Entry, encoding: 'br' | 'gzip'): Buffer {
    let copy = entry.compressed[encoding];
    if (!copy) {
      copy =
        encoding === 'br'
          ? brotliCompressSync(entry.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 6 } })
          : gzipSync(entry.body);
      entry.compressed[encoding] = copy;
      this.bytes += copy.length;
    }
    return copy;
  }
}

function keptHeaders(reply: FastifyReply): Entry['headers'] {
  const headers: Entry['headers'] = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined && !UNKEPT_HEADERS.has(name)) {
      headers[name] = value;
    }
  }
  return headers;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  return header !== undefined && (header.trim() === '*' || header.split(',').some((tag) => tag.trim() === etag));
}

async function publicCache(app: FastifyInstance): Promise<void> {
  const cache = new ResponseCache();
  let lastFold = 0;
  app.decorateRequest('publicCacheState', null);

  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config?.publicCache || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return;
    }
    if (request.actor || request.pendingSession) {
      return;
    }
    const version = await readDataVersion(app.db);
    if (Date.now() - lastFold > FOLD_EVERY_MS) {
      lastFold = Date.now();
      foldDataChanges(app.db).catch((error: unknown) =>
        request.log.warn({ err: error }, 'folding data changes failed'),
      );
    }
    // Pages show what is on from now: an answer is kept for the minute it was made in, at most.
    const key = `${Math.floor(app.services.clock.now().getTime() / 60_000)} ${request.url}`;
    const entry = cache.get(key, version);
    request.publicCacheState = { key, version, hit: entry !== undefined };
    if (entry) {
      return reply.code(200).headers(entry.headers).send(entry.body);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.routeOptions.config?.publicCache) {
      return payload;
    }
    const state = request.publicCacheState;
    if (!state) {
      // Someone signed in: what they see may name them, so no cache anywhere keeps it.
      reply.header('cache-control', 'private, no-store');
      return payload;
    }
    if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
      if (!reply.hasHeader('cache-control')) {
        reply.header('cache-control', 'no-store');
      }
      return payload;
    }
    let entry = cache.get(state.key, state.version);
    if (!entry) {
      const body = typeof payload === 'string' ? payload : payload.toString('utf8');
      entry = {
        version: state.version,
        body,
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
        headers: keptHeaders(reply),
        hasForm: body.includes(CSRF_PLACEHOLDER),
        compressed: {},
      };
      cache.set(state.key, entry);
    }
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string') {
      reply.header('content-security-policy', csp.replace(/ 'nonce-[^']*'/g, ''));
    }
    if (entry.hasForm) {
      // The form's token is the visitor's own (and may set their CSRF cookie): kept here, never shared.
      reply.header('cache-control', 'private, no-store');
      return entry.body.split(CSRF_PLACEHOLDER).join(reply.generateCsrf());
    }
    reply.header('etag', entry.etag);
    if (!reply.hasHeader('cache-control')) {
      reply.header('cache-control', PUBLIC_CACHE_CONTROL);
    }
    if (etagMatches(request.headers['if-none-match'], entry.etag)) {
      reply.code(304);
      return '';
    }
    const encoding = entry.body.length >= 1024 ? preferredEncoding(request.headers['accept-encoding']) : 'identity';
    reply.header('vary', 'accept-encoding');
    if (encoding === 'identity') {
      return entry.body;
    }
    reply.header('content-encoding', encoding);
    return cache.compress(entry, encoding);
  });
}

export default fp(publicCache, { name: 'public-cache', dependencies: ['database', 'authentication'] });
