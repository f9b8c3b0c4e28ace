import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { currentActor, requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { type FormState, submitForm } from '../../../platform/http/forms.ts';
import { SecondFactorForm } from '../shared/accounts.schemas.ts';
import { disableTwoFactor, enableTwoFactor, twoFactorState } from './two-factor.service.ts';

const allowBeforeSecondFactor = { allowBeforeSecondFactor: true };

/** The set-up page (or the turn-off form when two-factor is on), with any errors. */
async function showSetup(
  request: FastifyRequest,
  reply: FastifyReply,
  errors?: FormState['errors'],
  status = 200,
): Promise<FastifyReply> {
  const state = await twoFactorState(contextFrom(request), currentActor(request).userId);
  return reply.view('accounts/two-factor/views/two-factor-setup.njk', { state, errors }, status);
}

/** Setting up, and turning off, two-factor authentication on the person's own account. */
export async function twoFactorPages(app: FastifyInstance): Promise<void> {
  app.get('/account/two-factor', { preHandler: requireUser, config: allowBeforeSecondFactor }, async (request, reply) =>
    showSetup(request, reply),
  );

  app.post(
    '/account/two-factor',
    { preHandler: requireUser, config: allowBeforeSecondFactor },
    async (request, reply) =>
      submitForm(reply, {
        schema: SecondFactorForm,
        body: request.body,
        submit: (form) => enableTwoFactor(contextFrom(request), currentActor(request).userId, form.code),
        redirect: () => '/account?done=two-factor-on',
        show: ({ errors }, status) => showSetup(request, reply, errors, status),
      }),
  );

  app.post('/account/two-factor/turn-off', { preHandler: requireUser }, async (request, reply) =>
    submitForm(reply, {
      schema: SecondFactorForm,
      body: request.body,
      submit: (form) => disableTwoFactor(contextFrom(request), currentActor(request).userId, form.code),
      redirect: () => '/account?done=two-factor-off',
      show: ({ errors }, status) => showSetup(request, reply, errors, status),
    }),
  );
}
