import type { FastifyInstance } from 'fastify';
import { currentActor, requireUser } from '../../platform/auth/plugin.ts';
import { contextFrom } from '../../platform/context.ts';
import { readForm } from '../../platform/http/forms.ts';
import { ChangePasswordForm, SecondFactorForm } from './accounts.schemas.ts';
import { changePassword } from './account.service.ts';
import { disableTwoFactor, enableTwoFactor, twoFactorState } from './two-factor.service.ts';

const allowBeforeSecondFactor = { allowBeforeSecondFactor: true };

/** The signed-in person's own account: details, password and two-factor authentication. */
export async function accountPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { done?: string } }>('/account', { preHandler: requireUser }, async (request, reply) => {
    const flash = { 'password-changed': 'Your password has been changed.', 'two-factor-on': 'Two-factor authentication is now on.', 'two-factor-off': 'Two-factor authentication is now off.' }[request.query.done ?? ''];
    return reply.view('accounts/views/account.njk', { flash });
  });

  app.get('/account/password', { preHandler: requireUser }, async (_request, reply) => reply.view('accounts/views/change-password.njk', {}));

  app.post('/account/password', { preHandler: requireUser }, async (request, reply) => {
    const actor = currentActor(request);
    const form = readForm(ChangePasswordForm, request.body);
    if (!form.ok) {
      return reply.view('accounts/views/change-password.njk', { errors: form.errors }, 400);
    }
    const errors = await changePassword(contextFrom(request), actor.userId, form.data.currentPassword, form.data.password);
    if (errors) {
      return reply.view('accounts/views/change-password.njk', { errors }, 400);
    }
    return reply.redirect('/account?done=password-changed', 303);
  });

  app.get('/account/two-factor', { preHandler: requireUser, config: allowBeforeSecondFactor }, async (request, reply) => {
    const actor = currentActor(request);
    return reply.view('accounts/views/two-factor-setup.njk', { state: await twoFactorState(contextFrom(request), actor.userId) });
  });

  app.post('/account/two-factor', { preHandler: requireUser, config: allowBeforeSecondFactor }, async (request, reply) => {
    const actor = currentActor(request);
    const ctx = contextFrom(request);
    const form = readForm(SecondFactorForm, request.body);
    const enabled = form.ok && (await enableTwoFactor(ctx, actor.userId, form.data.code));
    if (!enabled) {
      const errors = form.ok ? { code: 'The code is not correct. Enter the latest code from your authenticator app' } : form.errors;
      return reply.view('accounts/views/two-factor-setup.njk', { state: await twoFactorState(ctx, actor.userId), errors }, 400);
    }
    return reply.redirect('/account?done=two-factor-on', 303);
  });

  app.post('/account/two-factor/turn-off', { preHandler: requireUser }, async (request, reply) => {
    const actor = currentActor(request);
    const ctx = contextFrom(request);
    const form = readForm(SecondFactorForm, request.body);
    const disabled = form.ok && (await disableTwoFactor(ctx, actor.userId, form.data.code));
    if (!disabled) {
      const errors = form.ok ? { code: 'The code is not correct. Enter the latest code from your authenticator app' } : form.errors;
      return reply.view('accounts/views/two-factor-setup.njk', { state: await twoFactorState(ctx, actor.userId), errors }, 400);
    }
    return reply.redirect('/account?done=two-factor-off', 303);
  });
}
