import { roleLabel } from '../../../platform/auth/roles.ts';
import type { InvitationRow, OrganisationRow } from '../../../platform/db/schema.ts';

/** One person on the members page. */
export interface MemberView {
  userId: string;
  displayName: string;
  email: string;
  lastSignInAt: Date | null;
  roles: string[];
}

/** One invitation waiting to be accepted. */
export interface InvitationView {
  id: string;
  email: string;
  role: string;
  expiresAt: Date;
}

/** What the members page shows of the organisation, its people and its open invitations. */
export function presentMembers(
  organisation: Pick<OrganisationRow, 'id' | 'name'>,
  members: MemberView[],
  invitations: InvitationRow[],
) {
  return {
    organisation: { id: organisation.id, name: organisation.name },
    members: members.map(
      ({ userId, displayName, email, lastSignInAt, roles }): MemberView => ({
        userId,
        displayName,
        email,
        lastSignInAt,
        roles,
      }),
    ),
    invitations: invitations.map(
      (invitation): InvitationView => ({
        id: invitation.id,
        email: invitation.email,
        role: invitation.role,
        expiresAt: invitation.expires_at,
      }),
    ),
  };
}

/** The roles on offer as radio items. */
export function roleItems(roles: readonly string[]) {
  return roles.map((role) => ({ value: role, text: roleLabel(role) }));
}
