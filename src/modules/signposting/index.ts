import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { rolesGrant } from '../../platform/auth/roles.ts';
import './audit-actions.ts';
import { figuresPages } from './figures/figures.pages.ts';
import { navigationPages } from './navigation/navigation.pages.ts';
import { peoplePages } from './people/people.pages.ts';
import { unmetNeedPages } from './unmet-needs/unmet-needs.pages.ts';

// ---- What other modules (and the CLI) may use ----
export { SIGNPOSTING_ENCRYPTED_COLUMNS } from './shared/person-keys.rules.ts';
export { type IntroductionContact, introductionContactOf } from './people/people.service.ts';
export { normaliseNhsNumber } from './shared/nhs-number.rules.ts';

/**
 * Signposting: the store of people being helped (kept apart, sealed, every access audited),
 * care navigation at reception with the directory search inline, unmet needs and the
 * figures. The only file that registers the module's routes and navigation (see README.md).
 */
async function signposting(app: FastifyInstance): Promise<void> {
  await peoplePages(app);
  await navigationPages(app);
  await unmetNeedPages(app);
  await figuresPages(app);

  app.addNavigationItem({
    text: 'Signpost',
    href: (active) => `/organisations/${active}/signposting/navigate`,
    visible: (_actor, active) => active !== null && rolesGrant(active.roles, 'signposting:navigate'),
  });
  app.addNavigationItem({
    text: 'People',
    href: (active) => `/organisations/${active}/people`,
    visible: (_actor, active) => active !== null && rolesGrant(active.roles, 'people:view'),
  });
}

export default fp(signposting, {
  name: 'signposting',
  dependencies: ['activities', 'champions', 'directory', 'navigation', 'organisations'],
});
