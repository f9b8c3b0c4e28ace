import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import { explainActivityListing } from '../activity-listings/activity-listings.pages.ts';
import { authoriseOnService } from '../shared/directory.policy.ts';
import { detailsToValues } from '../services/service-form.presenter.ts';
import { type FormPage, showServiceForm, submitServiceForm } from '../services/service-form.pages.ts';
import { currentDetails } from '../services/service-edit.service.ts';
import {
  PROVIDER_LINK_DAYS,
  createProviderLink,
  findProviderLink,
  providerConfirms,
  providerProposes,
} from './provider-links.service.ts';

type ServiceParams = { Params: { serviceId: string } };
type TokenParams = { Params: { token: string } };

/** The provider's email address, for sending the update link. */
const ProviderLinkForm = z.object({
  email: z
    .string({ error: "Enter the provider's email address" })
    .trim()
    .min(1, "Enter the provider's email address")
    .max(254, 'Email address must be 254 characters or fewer')
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.com' })),
});

const EXPIRED = {
  heading: 'This link has expired or has already been used',
  text: 'Ask the practice that sent it for a new link.',
};

/** Staff send a provider a one-time update link; the provider uses it without an account. */
export async function providerLinkPages(app: FastifyInstance): Promise<void> {
  app.get<ServiceParams>(
    '/directory/services/:serviceId/provider-link',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const service = await authoriseOnService(ctx, 'directory:edit', request.params.serviceId);
      const refused = await explainActivityListing(ctx, reply, service, `/directory/services/${service.id}`);
      if (refused) {
        return refused;
      }
      const current = await currentDetails(ctx.db, service.id);
      return reply.view('directory/provider-links/views/provider-link-new.njk', {
        service,
        values: { email: current.email },
        days: PROVIDER_LINK_DAYS,
        backHref: `/directory/services/${service.id}`,
      });
    },
  );

  app.post<ServiceParams>(
    '/directory/services/:serviceId/provider-link',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const service = await authoriseOnService(ctx, 'directory:edit', request.params.serviceId);
      const refused = await explainActivityListing(ctx, reply, service, `/directory/services/${service.id}`);
      if (refused) {
        return refused;
      }
      return submitForm(reply, {
        schema: ProviderLinkForm,
        body: request.body,
        submit: (form) => createProviderLink(ctx, service.id, form.email),
        redirect: () => `/directory/services/${service.id}?done=link-sent`,
        show: ({ values, errors }, status) =>
          reply.view(
            'directory/provider-links/views/provider-link-new.njk',
            { service, values, errors, days: PROVIDER_LINK_DAYS, backHref: `/directory/services/${service.id}` },
            status,
          ),
      });
    },
  );

  const providerPage = (token: string, name: string): FormPage => ({
    heading: `Check your entry: ${name}`,
    intro:
      'This is how your service appears in the directory used by local GP practices. Correct anything that is wrong and send it to us: the practice checks changes before they are published.',
    action: `/directory/provider/${token}`,
    submitText: 'Send my changes',
    askComment: true,
    secondaryForm: {
      heading: 'Nothing has changed?',
      text: 'If every detail is still right, tell us so and we will mark the entry as checked.',
      action: `/directory/provider/${token}/confirm`,
      button: 'Everything is correct',
    },
  });

  app.get<TokenParams>('/directory/provider/:token', async (request, reply) => {
    const ctx = contextFrom(request);
    const link = await findProviderLink(ctx, request.params.token);
    if (!link) {
      return reply.view('directory/shared/views/thanks.njk', EXPIRED, 404);
    }
    const refused = await explainActivityListing(ctx, reply, link.service, null);
    if (refused) {
      return refused;
    }
    return showServiceForm(
      ctx.db,
      reply,
      providerPage(request.params.token, link.service.name),
      detailsToValues(await currentDetails(ctx.db, link.service.id)),
    );
  });

  app.post<TokenParams>('/directory/provider/:token', async (request, reply) => {
    const ctx = contextFrom(request);
    const link = await findProviderLink(ctx, request.params.token);
    if (!link) {
      return reply.view('directory/shared/views/thanks.njk', EXPIRED, 404);
    }
    const refused = await explainActivityListing(ctx, reply, link.service, null);
    if (refused) {
      return refused;
    }
    return submitServiceForm(ctx.db, reply, {
      body: request.body,
      page: () => providerPage(request.params.token, link.service.name),
      submit: async ({ details, extras }) =>
        (await providerProposes(ctx, request.params.token, details, extras.comment))
          ? '/directory/provider-thanks?sent=changes'
          : '/directory/provider-thanks?sent=expired',
    });
  });

  app.post<TokenParams>('/directory/provider/:token/confirm', async (request, reply) => {
    const confirmed = await providerConfirms(contextFrom(request), request.params.token);
    return reply.redirect(`/directory/provider-thanks?sent=${confirmed ? 'confirmed' : 'expired'}`, 303);
  });

  app.get<{ Querystring: { sent?: string } }>('/directory/provider-thanks', async (request, reply) => {
    const pages: Record<string, { heading: string; text: string }> = {
      changes: {
        heading: 'Thank you: your changes have been sent',
        text: 'The practice will check them and update the directory. The link you used no longer works.',
      },
      confirmed: {
        heading: 'Thank you: your entry is marked as checked',
        text: 'We will ask you to check it again in a few months.',
      },
      expired: EXPIRED,
    };
    const page = pages[request.query.sent ?? ''] ?? pages.expired;
    return reply.view(
      'directory/shared/views/thanks.njk',
      page,
      request.query.sent === 'expired' || !pages[request.query.sent ?? ''] ? 404 : 200,
    );
  });
}
