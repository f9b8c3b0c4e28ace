import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { rolesGrant } from '../../platform/auth/roles.ts';
import { auditLogApi } from './audit-log/audit-log.api.ts';
import { auditLogPages } from './audit-log/audit-log.pages.ts';
import { invitationPages } from './invitations/invitations.pages.ts';
import { membersApi } from './members/members.api.ts';
import { memberPages } from './members/members.pages.ts';
import { organisationApi } from './organisation/organisation.api.ts';
import { organisationPages } from './organisation/organisation.pages.ts';

export { inviteMember, rolesOnOffer } from './members/members.service.ts';
export { roleItems } from './members/members.presenter.ts';
export { addProgrammePractice, createOrganisation } from './setup/setup.service.ts';
export { SUPPRESSION_THRESHOLD, suppressed } from './shared/organisations.rules.ts';
export {
  CreateOrganisationForm,
  InviteMemberBody,
  KIND_LABELS,
  PARENT_KINDS,
  SUBTYPES,
} from './shared/organisations.schemas.ts';

/** Areas, networks, practices, settings and programmes; membership, roles, invitations and audit. */
async function organisations(app: FastifyInstance): Promise<void> {
  await organisationPages(app);
  await memberPages(app);
  await auditLogPages(app);
  await invitationPages(app);
  await organisationApi(app);
  await membersApi(app);
  await auditLogApi(app);
  app.addNavigationItem({
    text: 'Organisations',
    href: () => '/organisations',
    visible: (actor) => actor.memberships.length > 0,
  });
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

// Read contracts for other modules
export { listEveryOrganisation, listProgrammeLinks } from './contracts/tenancy.repo.ts';
