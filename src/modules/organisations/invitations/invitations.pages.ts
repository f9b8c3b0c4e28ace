import type { FastifyInstance } from 'fastify';
import { roleLabel } from '../../../platform/auth/roles.ts';
import { setSessionCookie } from '../../../platform/auth/session.ts';
import { contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import { AcceptInvitationForm } from '../shared/organisations.schemas.ts';
import { acceptAsNewPerson, acceptAsSignedIn, findInvitation } from './invitations.service.ts';

type TokenParams = { Params: { token: string } };

const EXPIRED = 'organisations/invitations/views/invitation-expired.njk';

/** Where someone who already has an account goes to accept: sign in first, then back to the link. */
function signInFirst(token: string): string {
  return `/sign-in?returnTo=${encodeURIComponent(`/invitations/${token}`)}`;
}

/** Accepting an invitation: as a new person (choose a name and password) or signed in. */
export async function invitationPages(app: FastifyInstance): Promise<void> {
  app.get<TokenParams>('/invitations/:token', async (request, reply) => {
    const invitation = await findInvitation(contextFrom(request), request.params.token);
    if (!invitation) {
      return reply.view(EXPIRED, {}, 404);
    }
    return reply.view('organisations/invitations/views/invitation.njk', {
      invitation,
      roleText: roleLabel(invitation.role),
      token: request.params.token,
      values: {},
    });
  });

  app.post<TokenParams>('/invitations/:token', async (request, reply) => {
    const ctx = contextFrom(request);
    const token = request.params.token;
    const invitation = await findInvitation(ctx, token);
    if (!invitation) {
      return reply.view(EXPIRED, {}, 404);
    }
    if (request.actor) {
      const accepted = await acceptAsSignedIn(ctx, token);
      return accepted ? reply.redirect(`/organisations/${accepted.organisationId}`, 303) : reply.view(EXPIRED, {}, 404);
    }
    if (invitation.hasAccount) {
      return reply.redirect(signInFirst(token), 303);
    }
    return submitForm(reply, {
      schema: AcceptInvitationForm,
      body: request.body,
      submit: (form) =>
        acceptAsNewPerson(ctx, token, form, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null }),
      done: (outcome) => {
        if (outcome.kind === 'accepted') {
          setSessionCookie(reply, ctx.config, outcome.sessionToken);
          return reply.redirect(`/organisations/${outcome.organisationId}`, 303);
        }
        return outcome.kind === 'has-account' ? reply.redirect(signInFirst(token), 303) : reply.view(EXPIRED, {}, 404);
      },
      show: ({ errors, values }, status) =>
        reply.view(
          'organisations/invitations/views/invitation.njk',
          {
            invitation,
            roleText: roleLabel(invitation.role),
            token,
            values: { displayName: values.displayName },
            errors,
          },
          status,
        ),
    });
  });
}
