import type { ServiceContext } from '../../../platform/context.ts';
import { listEveryOrganisation, listProgrammeLinks } from '../../organisations/index.ts';
import { requireAdmin } from '../shared/administration.policy.ts';

/** One organisation in the tenancy view, with its parent's name. */
export type TenancyOrganisation = Awaited<ReturnType<typeof listEveryOrganisation>>[number];

/** Every organisation with its parent's name: the tenancy view for system administrators. */
export async function listAllOrganisations(ctx: ServiceContext): Promise<TenancyOrganisation[]> {
  requireAdmin(ctx);
  return listEveryOrganisation(ctx.db);
}

/** Every organisation and which practices each programme supports. */
export async function tenancyOverview(
  ctx: ServiceContext,
): Promise<{ organisations: TenancyOrganisation[]; links: { programmeId: string; practiceId: string }[] }> {
  requireAdmin(ctx);
  return { organisations: await listEveryOrganisation(ctx.db), links: await listProgrammeLinks(ctx.db) };
}
