import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** What is worth compressing: pages, stylesheets, scripts, JSON (ORUK, FHIR, the API) and iCalendar. */
export const COMPRESSIBLE =
  /^(?:text\/(?:html|css|javascript|calendar|plain|csv)|application\/(?:[\w.+-]+\+)?json)(?:;|$)/;

/**
 * Brotli (quality 4, cheap enough per request) or gzip for every compressible response over
 * 1 KB; request bodies are not decompressed (no client sends them compressed). Registered
 * before any route, because the plugin adds itself to each route as it is declared.
 */
async function compression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    customTypes: COMPRESSIBLE,
    globalDecompression: false,
  });
}

export default fp(compression, { name: 'compression' });
