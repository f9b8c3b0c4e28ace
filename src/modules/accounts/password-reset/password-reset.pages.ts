import type { FastifyInstance } from 'fastify';
import { contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import { NewPasswordForm, PasswordResetRequestForm } from '../shared/accounts.schemas.ts';
import { findResetLink, requestPasswordReset, resetPassword } from './password-reset.service.ts';

type TokenParams = { Params: { token: string } };

/** "I have forgotten my password": ask for a link, then choose a new password through it. */
export async function passwordResetPages(app: FastifyInstance): Promise<void> {
  app.get('/password-reset', async (_request, reply) =>
    reply.view('accounts/password-reset/views/password-reset-request.njk', { values: {} }),
  );

  app.post('/password-reset', async (request, reply) =>
    submitForm(reply, {
      schema: PasswordResetRequestForm,
      body: request.body,
      submit: async (form) => {
        await requestPasswordReset(contextFrom(request), form.email);
        return form.email;
      },
      // The same page whether or not the email has an account, so it reveals nothing.
      done: (email) => reply.view('accounts/password-reset/views/password-reset-sent.njk', { email }),
      show: ({ errors, values }, status) =>
        reply.view('accounts/password-reset/views/password-reset-request.njk', { errors, values }, status),
    }),
  );

  app.get<TokenParams>('/password-reset/:token', async (request, reply) => {
    const link = await findResetLink(contextFrom(request), request.params.token);
    if (!link) {
      return reply.view('accounts/password-reset/views/password-reset-expired.njk', {}, 404);
    }
    return reply.view('accounts/password-reset/views/password-reset-choose.njk', { token: request.params.token });
  });

  app.post<TokenParams>('/password-reset/:token', async (request, reply) => {
    const { token } = request.params;
    const link = await findResetLink(contextFrom(request), token);
    if (!link) {
      return reply.view('accounts/password-reset/views/password-reset-expired.njk', {}, 404);
    }
    return submitForm(reply, {
      schema: NewPasswordForm,
      body: request.body,
      submit: (form) => resetPassword(contextFrom(request), link, token, form.password),
      done: (reset) =>
        reset
          ? reply.redirect('/sign-in?notice=password-reset', 303)
          : reply.view('accounts/password-reset/views/password-reset-expired.njk', {}, 404),
      show: ({ errors }, status) =>
        reply.view('accounts/password-reset/views/password-reset-choose.njk', { token, errors }, status),
    });
  });
}
