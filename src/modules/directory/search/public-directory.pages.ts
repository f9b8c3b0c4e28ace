import type { FastifyInstance, FastifyReply } from 'fastify';
import { organisationAndBelow } from '../../../platform/auth/policy.ts';
import { contextFrom } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { hitRateLimit } from '../../../platform/http/rate-limit.repo.ts';
import { NotFoundError, TooManyRequestsError } from '../../../lib/errors.ts';
import { explainActivityListing } from '../activity-listings/activity-listings.pages.ts';
import { findOrganisationByOdsCode, findOrganisationKind } from '../shared/organisations.repo.ts';
import { findServiceOwnership, type ServiceOwnership } from '../shared/service-ownership.repo.ts';
import { parsePrintIds } from './directory-search.schemas.ts';
import { runSearch } from './directory-search.service.ts';
import { printableViews } from './print.service.ts';
import { proposeChange } from '../proposals/proposals.service.ts';
import { buildSearchPage } from './search-page.service.ts';
import { detailsToValues } from '../services/service-form.presenter.ts';
import { type FormPage, showServiceForm, submitServiceForm } from '../services/service-form.pages.ts';
import { currentDetails } from '../services/service-edit.service.ts';
import { loadServiceView } from '../services/service-view.service.ts';

/** A practice's or network's public directory: whose entries it shows. */
interface PublicDirectory {
  id: string;
  name: string;
  base: string;
  ownerIds: string[];
}

const KINDS = { practices: 'practice', networks: 'network' } as const;
type KindParams = { Params: { odsCode: string } };
type EntryParams = { Params: { odsCode: string; serviceId: string } };

/**
 * The organisations whose entries a public directory shows: a network's own and those of
 * everything below it. A practice shows its whole network's shared directory (or only its own
 * entries when it belongs to no network).
 */
async function openDirectory(db: Executor, kind: keyof typeof KINDS, odsCode: string): Promise<PublicDirectory> {
  const code = odsCode.toUpperCase();
  if (!/^[A-Z0-9]{3,10}$/.test(code)) {
    throw new NotFoundError();
  }
  const organisation = await findOrganisationByOdsCode(db, code, KINDS[kind]);
  if (!organisation) {
    throw new NotFoundError();
  }
  const parentKind = organisation.parentId ? await findOrganisationKind(db, organisation.parentId) : undefined;
  const root =
    organisation.kind === 'practice' && organisation.parentId && parentKind === 'network'
      ? organisation.parentId
      : organisation.id;
  return {
    id: organisation.id,
    name: organisation.name,
    base: `/${kind}/${code}/directory`,
    ownerIds: await organisationAndBelow(db, root),
  };
}

/** A public entry: active, published and in this directory, or NotFound. */
async function publicEntry(db: Executor, directory: PublicDirectory, serviceId: string): Promise<ServiceOwnership> {
  const service = await findServiceOwnership(db, serviceId);
  if (service?.status !== 'active' || !service.published || !directory.ownerIds.includes(service.ownerOrganisationId)) {
    throw new NotFoundError();
  }
  return service;
}

function reportPage(directory: PublicDirectory, service: ServiceOwnership): FormPage {
  return {
    heading: `Report a change to ${service.name}`,
    caption: directory.name,
    intro:
      'Correct anything that is wrong, or tell us in the comment box. We check every report before changing the directory.',
    action: `${directory.base}/services/${service.id}/report-change`,
    submitText: 'Send report',
    backHref: `${directory.base}/services/${service.id}`,
    askComment: true,
    commentLabel: 'What has changed? (optional if you corrected a detail above)',
    askContact: true,
  };
}

/** Answers alike for everyone not signed in: kept rendered, ETag and 304 (platform/http/public-cache.ts). */
const PUBLIC = { config: { publicCache: true } };

/** Public directory pages for each practice and network: search, entries, report a change, print. */
export async function publicDirectoryPages(app: FastifyInstance): Promise<void> {
  for (const kind of Object.keys(KINDS) as (keyof typeof KINDS)[]) {
    app.get<KindParams>(`/${kind}/:odsCode/directory`, PUBLIC, async (request, reply) => {
      const ctx = contextFrom(request);
      const directory = await openDirectory(ctx.db, kind, request.params.odsCode);
      const page = await buildSearchPage(ctx.db, request.query, {
        action: directory.base,
        context: { directory, serviceHref: `${directory.base}/services/`, printAction: `${directory.base}/print` },
        run: (query) => runSearch(ctx.db, { kind: 'public', ownerIds: directory.ownerIds }, query, ctx.clock.now()),
      });
      return reply.view('directory/search/views/public-search.njk', page.context, page.status);
    });

    app.get<EntryParams>(`/${kind}/:odsCode/directory/services/:serviceId`, PUBLIC, async (request, reply) => {
      const ctx = contextFrom(request);
      const directory = await openDirectory(ctx.db, kind, request.params.odsCode);
      const service = await publicEntry(ctx.db, directory, request.params.serviceId);
      const view = await loadServiceView(ctx.db, service.id, ctx.clock.now());
      return reply.view('directory/search/views/public-entry.njk', { directory, view, backHref: directory.base });
    });

    app.get<EntryParams>(`/${kind}/:odsCode/directory/services/:serviceId/report-change`, async (request, reply) => {
      const ctx = contextFrom(request);
      const directory = await openDirectory(ctx.db, kind, request.params.odsCode);
      const service = await publicEntry(ctx.db, directory, request.params.serviceId);
      const refused = await explainActivityListing(ctx, reply, service, `${directory.base}/services/${service.id}`);
      if (refused) {
        return refused;
      }
      return showServiceForm(
        ctx.db,
        reply,
        reportPage(directory, service),
        detailsToValues(await currentDetails(ctx.db, service.id)),
      );
    });

    app.post<EntryParams>(`/${kind}/:odsCode/directory/services/:serviceId/report-change`, async (request, reply) => {
      const ctx = contextFrom(request);
      const directory = await openDirectory(ctx.db, kind, request.params.odsCode);
      const service = await publicEntry(ctx.db, directory, request.params.serviceId);
      const refused = await explainActivityListing(ctx, reply, service, `${directory.base}/services/${service.id}`);
      if (refused) {
        return refused;
      }
      // Anyone can report; a generous limit per address keeps the review queue usable.
      if (await hitRateLimit(app.db, `directory-report:${request.ip}`, 20, 3600)) {
        throw new TooManyRequestsError('You have sent a lot of reports. Try again in an hour.', 3600);
      }
      return submitServiceForm(ctx.db, reply, {
        body: request.body,
        page: () => reportPage(directory, service),
        submit: async ({ details, extras }) => {
          await proposeChange(ctx, service, details, {
            source: 'public',
            comment: extras.comment,
            proposerName: extras.proposerName,
            proposerEmail: extras.proposerEmail,
          });
          return `${directory.base}/services/${service.id}/report-sent`;
        },
      });
    });

    app.get<EntryParams>(`/${kind}/:odsCode/directory/services/:serviceId/report-sent`, async (request, reply) => {
      const ctx = contextFrom(request);
      const directory = await openDirectory(ctx.db, kind, request.params.odsCode);
      const service = await publicEntry(ctx.db, directory, request.params.serviceId);
      return reply.view('directory/shared/views/thanks.njk', {
        heading: 'Thank you for your report',
        text: 'Someone who keeps the directory will check it. If you gave an email address, we will tell you what happened.',
        nextHref: `${directory.base}/services/${service.id}`,
        nextText: `Back to ${service.name}`,
      });
    });

    app.get<KindParams & { Querystring: { ids?: string | string[] } }>(
      `/${kind}/:odsCode/directory/print`,
      async (request, reply: FastifyReply) => {
        const ctx = contextFrom(request);
        const directory = await openDirectory(ctx.db, kind, request.params.odsCode);
        const canSee = (id: string) =>
          publicEntry(ctx.db, directory, id).then(
            () => true,
            () => false,
          );
        const services = await printableViews(parsePrintIds(request.query.ids), canSee, (id) =>
          loadServiceView(ctx.db, id, ctx.clock.now()),
        );
        const context = {
          services,
          heading: `Local services from ${directory.name}`,
          footer: `From ${directory.name}'s directory`,
          printedAt: ctx.clock.now(),
          backHref: directory.base,
        };
        return reply.view('directory/search/views/print.njk', context, services.length === 0 ? 400 : 200);
      },
    );
  }
}
