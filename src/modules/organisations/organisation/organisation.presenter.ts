import { subtypeLabel } from '../shared/organisations.rules.ts';
import type { OrganisationView } from './organisation.service.ts';

/** An organisation's page: its details, where it sits, what is in it and what the person may do there. */
export function presentOrganisation(view: OrganisationView) {
  const { organisation } = view;
  return {
    organisation: {
      id: organisation.id,
      name: organisation.name,
      kind: organisation.kind,
      odsCode: organisation.ods_code,
      postcode: organisation.postcode,
    },
    typeLabel: subtypeLabel(organisation.kind, organisation.subtype),
    parent: view.parent ? { name: view.parent.name } : undefined,
    children: view.children.map((child) => ({ name: child.name, odsCode: child.ods_code })),
    yourRoles: view.yourRoles,
    aggregatesOnly: view.aggregatesOnly,
    roleCounts: view.roleCounts,
    abilities: view.abilities,
  };
}
