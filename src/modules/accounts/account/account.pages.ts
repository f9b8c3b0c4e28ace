import type { FastifyInstance } from 'fastify';
import { currentActor, requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import { ChangePasswordForm } from '../shared/accounts.schemas.ts';
import { changePassword } from './account.service.ts';

const FLASHES: Record<string, string> = {
  'password-changed': 'Your password has been changed.',
  'two-factor-on': 'Two-factor authentication is now on.',
  'two-factor-off': 'Two-factor authentication is now off.',
};

/** The signed-in person's own account: their details and changing their password. */
export async function accountPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { done?: string } }>('/account', { preHandler: requireUser }, async (request, reply) => {
    return reply.view('accounts/account/views/account.njk', { flash: FLASHES[request.query.done ?? ''] });
  });

  app.get('/account/password', { preHandler: requireUser }, async (_request, reply) =>
    reply.view('accounts/account/views/change-password.njk', {}),
  );

  app.post('/account/password', { preHandler: requireUser }, async (request, reply) => {
    const actor = currentActor(request);
    return submitForm(reply, {
      schema: ChangePasswordForm,
      body: request.body,
      submit: (form) => changePassword(contextFrom(request), actor.userId, form.currentPassword, form.password),
      redirect: () => '/account?done=password-changed',
      show: ({ errors }, status) => reply.view('accounts/account/views/change-password.njk', { errors }, status),
    });
  });
}
