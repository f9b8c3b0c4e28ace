import type { FieldErrors } from '../../../lib/errors.ts';
import type { TenancyOrganisation } from '../organisations/organisations.service.ts';

/** A refused "add a practice" form: which programme's, the practice chosen, and why. */
export interface RefusedLink {
  programmeId: string;
  practiceId: string;
  message: string;
}

/**
 * The tenancy page: every organisation, and each programme with the practices it could still
 * be asked to support. A refused choice is put back among its programme's choices, so the
 * form shows it again.
 */
export function presentTenancy(
  overview: { organisations: TenancyOrganisation[]; links: { programmeId: string; practiceId: string }[] },
  extra: { flash?: string; refused?: RefusedLink },
) {
  const linked = new Set(overview.links.map((link) => `${link.programmeId}:${link.practiceId}`));
  const practices = overview.organisations.filter((organisation) => organisation.kind === 'practice');
  const programmes = overview.organisations
    .filter((organisation) => organisation.kind === 'programme')
    .map((programme) => {
      const kept = extra.refused?.programmeId === programme.id ? extra.refused.practiceId : undefined;
      const candidates = practices
        .filter((practice) => practice.id === kept || !linked.has(`${programme.id}:${practice.id}`))
        .map((practice) => ({ value: practice.id, text: practice.name, selected: practice.id === kept }));
      return { id: programme.id, name: programme.name, candidates };
    });
  const errors: FieldErrors | undefined = extra.refused
    ? { [`practiceId-${extra.refused.programmeId}`]: extra.refused.message }
    : undefined;
  return {
    organisations: overview.organisations.map(({ id, name, kind, odsCode, parentName }) => ({
      id,
      name,
      kind,
      odsCode,
      parentName,
    })),
    programmes,
    flash: extra.flash,
    errors,
    columnClass: 'nhsuk-grid-column-full',
  };
}

/** The organisations a new one may sit inside, for the parent choice. */
export function presentParentChoices(organisations: TenancyOrganisation[]) {
  return organisations.map(({ id, name, kind }) => ({ id, name, kind }));
}
