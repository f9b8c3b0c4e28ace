import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor, ActorMembership } from '../auth/policy.ts';

/** One link in the header navigation, shown when `visible` says so. */
export interface NavigationItem {
  text: string;
  /** The link, given the active organisation's id (null when the person has none). */
  href: (activeOrganisationId: string | null) => string;
  visible: (actor: Actor, active: ActorMembership | null) => boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Modules add their links to the header navigation with this. */
    addNavigationItem(item: NavigationItem): void;
  }
}

function activeMembershipOf(actor: Actor): ActorMembership | null {
  return actor.memberships.find((membership) => membership.organisationId === actor.activeOrganisationId) ?? null;
}

async function navigation(app: FastifyInstance): Promise<void> {
  const items: NavigationItem[] = [];
  app.decorate('addNavigationItem', (item: NavigationItem) => {
    items.push(item);
  });
  app.addPageLocals((request: FastifyRequest) => {
    const actor = request.actor;
    if (!actor) {
      return { navigation: [] };
    }
    const active = activeMembershipOf(actor);
    const path = request.url.split('?')[0] ?? '';
    const links = items
      .filter((item) => item.visible(actor, active))
      .map((item) => {
        const href = item.href(actor.activeOrganisationId);
        return { text: item.text, href, current: path === href, active: href !== '/' && path.startsWith(href) };
      });
    return { navigation: links };
  });
}

export default fp(navigation, { name: 'navigation', dependencies: ['views', 'authentication'] });
