import type { FastifyInstance } from 'fastify';
import { setSessionCookie } from '../../platform/auth/session.ts';
import { contextFrom } from '../../platform/context.ts';
import { readForm } from '../../platform/http/forms.ts';
import { roleLabel } from '../../platform/auth/roles.ts';
import { acceptAsNewPerson, acceptAsSignedIn, findInvitation } from './members.service.ts';
import { AcceptInvitationForm } from './organisations.schemas.ts';

type TokenParams = { Params: { token: string } };

/** Accepting an invitation: as a new person (choose a name and password) or signed in. */
export async function invitationPages(app: FastifyInstance): Promise<void> {
  app.get<TokenParams>('/invitations/:token', async (request, reply) => {
    const invitation = await findInvitation(contextFrom(request), request.params.token);
    if (!invitation) {
      return reply.view('organisations/views/invitation-expired.njk', {}, 404);
    }
    return reply.view('organisations/views/invitation.njk', { invitation, roleText: roleLabel(invitation.role), token: request.params.token, values: {} });
  });

  app.post<TokenParams>('/invitations/:token', async (request, reply) => {
    const ctx = contextFrom(request);
    const token = request.params.token;
    const invitation = await findInvitation(ctx, token);
    if (!invitation) {
      return reply.view('organisations/views/invitation-expired.njk', {}, 404);
    }
    if (request.actor) {
      const accepted = await acceptAsSignedIn(ctx, token);
      if (!accepted) {
        return reply.view('organisations/views/invitation-expired.njk', {}, 404);
      }
      await ctx.db.updateTable('sessions').set({ active_organisation_id: accepted.organisationId }).where('id', '=', request.actor.sessionId).execute();
      return reply.redirect(`/organisations/${accepted.organisationId}`, 303);
    }
    if (invitation.hasAccount) {
      return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(`/invitations/${token}`)}`, 303);
    }
    const form = readForm(AcceptInvitationForm, request.body);
    const again = (errors: Record<string, string>) =>
      reply.view('organisations/views/invitation.njk', { invitation, roleText: roleLabel(invitation.role), token, values: form.ok ? { displayName: form.data.displayName } : form.values, errors }, 400);
    if (!form.ok) {
      return again(form.errors);
    }
    const outcome = await acceptAsNewPerson(ctx, token, form.data, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
    switch (outcome.kind) {
      case 'accepted':
        setSessionCookie(reply, ctx.config, outcome.sessionToken);
        return reply.redirect(`/organisations/${outcome.organisationId}`, 303);
      case 'invalid':
        return again(outcome.errors);
      case 'has-account':
        return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(`/invitations/${token}`)}`, 303);
      default:
        return reply.view('organisations/views/invitation-expired.njk', {}, 404);
    }
  });
}
