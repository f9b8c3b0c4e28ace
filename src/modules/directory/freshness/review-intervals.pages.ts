import type { FastifyInstance } from 'fastify';
import { requireSystemAdmin } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import {
  REVIEW_MONTHS_RANGE,
  ReviewIntervalForm,
  findTaxonomyInterval,
  listTaxonomyIntervals,
  setReviewInterval,
} from './review-intervals.service.ts';

type TaxonomyParams = { Params: { taxonomyId: string } };

const guard = { preHandler: requireSystemAdmin };

/** System administrators set how often each taxonomy's entries are checked. */
export async function reviewIntervalPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { done?: string } }>('/directory/taxonomies', guard, async (request, reply) => {
    const taxonomies = await listTaxonomyIntervals(contextFrom(request));
    return reply.view('directory/freshness/views/taxonomies.njk', {
      taxonomies,
      flash: request.query.done === 'saved' ? 'The review interval has been saved.' : undefined,
      columnClass: 'nhsuk-grid-column-full',
    });
  });

  app.get<TaxonomyParams>('/directory/taxonomies/:taxonomyId', guard, async (request, reply) => {
    const taxonomy = await findTaxonomyInterval(contextFrom(request), request.params.taxonomyId);
    return reply.view('directory/freshness/views/taxonomy-interval.njk', {
      taxonomy,
      range: REVIEW_MONTHS_RANGE,
      values: { reviewMonths: taxonomy.reviewMonths },
      backHref: '/directory/taxonomies',
    });
  });

  app.post<TaxonomyParams>('/directory/taxonomies/:taxonomyId', guard, async (request, reply) => {
    const ctx = contextFrom(request);
    const taxonomy = await findTaxonomyInterval(ctx, request.params.taxonomyId);
    return submitForm(reply, {
      schema: ReviewIntervalForm,
      body: request.body,
      submit: (form) => setReviewInterval(ctx, taxonomy.id, form),
      redirect: () => '/directory/taxonomies?done=saved',
      show: ({ values, errors }, status) =>
        reply.view(
          'directory/freshness/views/taxonomy-interval.njk',
          { taxonomy, range: REVIEW_MONTHS_RANGE, values, errors, backHref: '/directory/taxonomies' },
          status,
        ),
    });
  });
}
