import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { rolesGrant } from '../../platform/auth/roles.ts';
import { auditLogPages } from './audit-log.pages.ts';
import { invitationPages } from './invitations.pages.ts';
import { memberPages } from './members.pages.ts';
import { organisationsApi } from './organisations.api.ts';
import { organisationPages } from './organisations.pages.ts';

export { addProgrammePractice, createOrganisation, SUPPRESSION_THRESHOLD, suppressed } from './organisations.service.ts';
export { inviteMember, rolesOnOffer } from './members.service.ts';
export { CreateOrganisationForm, KIND_LABELS, PARENT_KINDS, SUBTYPES } from './organisations.schemas.ts';

/** Areas, networks, practices, settings and programmes; membership, roles, invitations and audit. */
async function organisations(app: FastifyInstance): Promise<void> {
  await organisationPages(app);
  await memberPages(app);
  await auditLogPages(app);
  await invitationPages(app);
  await organisationsApi(app);
  app.addNavigationItem({ text: 'Organisations', href: () => '/organisations', visible: (actor) => actor.memberships.length > 0 });
  app.addNavigationItem({
    text: 'People',
    href: (active) => `/organisations/${active}/members`,
    visible: (_actor, active) => active !== null && rolesGrant(active.roles, 'members:view'),
  });
  app.addNavigationItem({
    text: 'Audit log',
    href: (active) => `/organisations/${active}/audit`,
    visible: (_actor, active) => active !== null && rolesGrant(active.roles, 'audit:view'),
  });
}

export default fp(organisations, { name: 'organisations', dependencies: ['accounts', 'navigation'] });
