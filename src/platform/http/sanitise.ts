import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * A copy of a parsed request value with every NUL character (U+0000) removed from its strings.
 * PostgreSQL cannot store NUL in text, nobody types one on purpose, and leaving it in would
 * turn a harmless form into a database error. Buffers (uploads) are left alone.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') {
    return (value.includes('\u0000') ? value.replace(/\u0000/g, '') : value) as T;
  }
  if (Array.isArray(value)) {
    return value.map((item) => withoutNul(item)) as T;
  }
  // Parsed query strings and bodies are plain records (some with a bare prototype); binary
  // data and dates are not text.
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !(value instanceof Date)) {
    const cleaned: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === '__proto__') {
        continue;
      }
      cleaned[withoutNul(key)] = withoutNul(item);
    }
    return cleaned as T;
  }
  return value;
}

async function sanitise(app: FastifyInstance): Promise<void> {
  app.addHook('preValidation', async (request) => {
    request.query = withoutNul(request.query);
    request.params = withoutNul(request.params);
    if (request.body !== undefined && request.body !== null) {
      request.body = withoutNul(request.body);
    }
  });
}

export default fp(sanitise, { name: 'sanitise' });
