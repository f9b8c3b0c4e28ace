import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { staffSearchScope } from '../search/directory-search.service.ts';
import { viewServiceForStaff } from './service-view.service.ts';

type ServiceParams = { Params: { serviceId: string }; Querystring: { done?: string } };

const NOTICES: Record<string, string> = {
  edited: 'Your changes have been saved.',
  unchanged: 'Nothing was changed.',
  created: 'The service has been added to the directory.',
  proposed: 'Thank you. Your suggested change has been sent for review.',
  'link-sent': 'We have emailed the provider a link to update this entry.',
  verified: 'Thank you. The entry has been marked as checked.',
};

/** A service's page for staff, with the notice of what they just did. */
export async function serviceViewPages(app: FastifyInstance): Promise<void> {
  app.get<ServiceParams>('/directory/services/:serviceId', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    await staffSearchScope(ctx);
    const page = await viewServiceForStaff(ctx, request.params.serviceId);
    return reply.view('directory/services/views/service.njk', {
      ...page,
      flash: NOTICES[request.query.done ?? ''],
      backHref: '/directory',
    });
  });
}
