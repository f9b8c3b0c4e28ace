import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** One file served under its fingerprinted address, with its compressed copies made once at start. */
interface Asset {
  url: string;
  type: string;
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
}

/** The layout's files, by the address they have always had; each gets a fingerprinted one too. */
export interface AssetManifest {
  /** The fingerprinted address of a file (`/static/app.css` → `/static/app.1a2b3c4d5e.css`); others unchanged. */
  url(original: string): string;
  readonly assets: readonly Asset[];
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** A file's contents as served, by its usual address. */
export interface AssetSource {
  original: string;
  contents: string;
}

/** The stylesheets a module's pages add to the layout's (`{{ asset('/static/whats-on.css') }}` in their head block). */
const MODULE_STYLESHEETS = ['activities.css', 'whats-on.css', 'directory.css', 'reference-letter.css'] as const;

/**
 * The files pages load, read once: the NHS.UK stylesheet (less its web font) and script, ours, and the
 * modules' stylesheets.
 */
export function layoutAssetSources(root: string): AssetSource[] {
  const nhsuk = path.join(root, 'node_modules/nhsuk-frontend/dist/nhsuk');
  return [
    { original: '/nhsuk/nhsuk-frontend.min.css', contents: nhsukStylesheet(root) },
    {
      original: '/nhsuk/nhsuk-frontend.min.js',
      contents: readFileSync(path.join(nhsuk, 'nhsuk-frontend.min.js'), 'utf8'),
    },
    { original: '/static/app.css', contents: readFileSync(path.join(root, 'public/app.css'), 'utf8') },
    { original: '/static/app.js', contents: readFileSync(path.join(root, 'public/app.js'), 'utf8') },
    ...MODULE_STYLESHEETS.map((name) => ({
      original: `/static/${name}`,
      contents: readFileSync(path.join(root, 'public', name), 'utf8'),
    })),
  ];
}

/**
 * The design system's stylesheet loads the Frutiger web font from assets.nhs.uk, which the
 * CSP (font-src 'self') refuses and which needs an NHS England licence. It is served without
 * those @font-face rules: text uses the design system's documented fallback, Arial.
 */
export function nhsukStylesheet(root: string): string {
  return readFileSync(path.join(root, 'node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css'), 'utf8').replace(
    /@font-face\{[^}]*assets\.nhs\.uk[^}]*\}/g,
    '',
  );
}

/**
 * Fingerprints the files in order: a file naming an earlier one (app.js imports the NHS.UK
 * script) names its fingerprinted address, so its own hash changes when that file does.
 */
export function buildManifest(sources: AssetSource[]): AssetManifest {
  const byOriginal = new Map<string, Asset>();
  for (const source of sources) {
    let contents = source.contents;
    for (const [original, asset] of byOriginal) {
      contents = contents.split(`'${original}'`).join(`'${asset.url}'`);
    }
    const identity = Buffer.from(contents, 'utf8');
    const hash = createHash('sha256').update(identity).digest('base64url').slice(0, 10);
    const extension = path.extname(source.original);
    byOriginal.set(source.original, {
      url: `${source.original.slice(0, -extension.length)}.${hash}${extension}`,
      type: TYPES[extension] ?? 'application/octet-stream',
      etag: `"${hash}"`,
      identity,
      gzip: gzipSync(identity, { level: 9 }),
      br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    });
  }
  return {
    url: (original) => byOriginal.get(original)?.url ?? original,
    assets: [...byOriginal.values()],
  };
}

/** The encoding to send: brotli, then gzip, when the client accepts it (q=0 refuses). */
export function preferredEncoding(accepted: string | undefined): 'br' | 'gzip' | 'identity' {
  const offered = new Map<string, number>();
  for (const part of (accepted ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    if (name) {
      offered.set(name, q === undefined ? 1 : Number(q));
    }
  }
  const accepts = (name: string) => (offered.get(name) ?? offered.get('*') ?? 0) > 0;
  return accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : 'identity';
}

function sendAsset(asset: Asset, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // The address changes with the contents, so any copy of it may be kept for a year untouched.
  reply
    .header('cache-control', 'public, max-age=31536000, immutable')
    .header('etag', asset.etag)
    .header('vary', 'accept-encoding')
    .type(asset.type);
  if (request.headers['if-none-match'] === asset.etag) {
    return reply.code(304).send();
  }
  const encoding = preferredEncoding(request.headers['accept-encoding']);
  if (encoding !== 'identity') {
    reply.header('content-encoding', encoding);
  }
  return reply.send(encoding === 'br' ? asset.br : encoding === 'gzip' ? asset.gzip : asset.identity);
}

/** Serves each file of the manifest at its fingerprinted address (the usual addresses stay, cached briefly). */
async function assets(app: FastifyInstance, options: { manifest: AssetManifest }): Promise<void> {
  for (const asset of options.manifest.assets) {
    app.get(asset.url, { config: { csrf: false } }, async (request, reply) => sendAsset(asset, request, reply));
  }
}

export default fp(assets, { name: 'assets' });
