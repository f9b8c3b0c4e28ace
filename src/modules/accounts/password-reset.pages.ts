import type { FastifyInstance } from 'fastify';
import { contextFrom } from '../../platform/context.ts';
import { readForm } from '../../platform/http/forms.ts';
import { NewPasswordForm, PasswordResetRequestForm } from './accounts.schemas.ts';
import { passwordProblem } from './passwords.ts';
import { findResetLink, requestPasswordReset, resetPassword } from './password-reset.service.ts';

/** "I have forgotten my password": ask for a link, then choose a new password through it. */
export async function passwordResetPages(app: FastifyInstance): Promise<void> {
  app.get('/password-reset', async (_request, reply) => reply.view('accounts/views/password-reset-request.njk', { values: {} }));

  app.post('/password-reset', async (request, reply) => {
    const form = readForm(PasswordResetRequestForm, request.body);
    if (!form.ok) {
      return reply.view('accounts/views/password-reset-request.njk', { errors: form.errors, values: form.values }, 400);
    }
    await requestPasswordReset(contextFrom(request), form.data.email);
    return reply.view('accounts/views/password-reset-sent.njk', { email: form.data.email });
  });

  app.get<{ Params: { token: string } }>('/password-reset/:token', async (request, reply) => {
    const link = await findResetLink(contextFrom(request), request.params.token);
    if (!link) {
      return reply.view('accounts/views/password-reset-expired.njk', {}, 404);
    }
    return reply.view('accounts/views/password-reset-choose.njk', { token: request.params.token });
  });

  app.post<{ Params: { token: string } }>('/password-reset/:token', async (request, reply) => {
    const ctx = contextFrom(request);
    const link = await findResetLink(ctx, request.params.token);
    if (!link) {
      return reply.view('accounts/views/password-reset-expired.njk', {}, 404);
    }
    const form = readForm(NewPasswordForm, request.body);
    const problem = form.ok ? passwordProblem(form.data.password, link.email) : null;
    if (!form.ok || problem) {
      const errors = form.ok ? { password: problem as string } : form.errors;
      return reply.view('accounts/views/password-reset-choose.njk', { token: request.params.token, errors }, 400);
    }
    if (!(await resetPassword(ctx, request.params.token, form.data.password))) {
      return reply.view('accounts/views/password-reset-expired.njk', {}, 404);
    }
    return reply.redirect('/sign-in?notice=password-reset', 303);
  });
}
