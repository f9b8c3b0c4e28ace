import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { parseSearchQuery } from './directory-search.schemas.ts';
import { runSearch, staffSearchScope } from './directory-search.service.ts';

/** The staff search as JSON: the same search as the /directory page. */
export async function searchApi(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/directory/search',
    {
      preHandler: requireUser,
      schema: {
        tags: ['directory'],
        summary: 'Search the directory (staff)',
        description:
          'The same search as the /directory page. Query parameters: q (words; typos are corrected), near (postcode or outcode), within (miles: 1, 3, 5, 10 or 25), need (taxonomy term id), day (monday … sunday), time (morning, afternoon, evening, or HH:MM), free (yes), age, access, language, page. Bad values give 400 with `errors` naming each field.',
      },
    },
    async (request) => {
      const ctx = contextFrom(request);
      const scope = await staffSearchScope(ctx);
      const parsed = parseSearchQuery(request.query);
      if (!parsed.ok) {
        throw new ValidationError(parsed.errors);
      }
      const outcome = await runSearch(ctx.db, { kind: 'staff', scope }, parsed.query, ctx.clock.now());
      return {
        total: outcome.total,
        capped: outcome.capped,
        page: outcome.page,
        pages: outcome.pages,
        results: outcome.results,
      };
    },
  );
}
