import type { FastifyInstance } from 'fastify';
import { currentActor } from '../../../platform/auth/plugin.ts';
import { clearSessionCookie, setSessionCookie } from '../../../platform/auth/session.ts';
import { contextFrom } from '../../../platform/context.ts';
import { safeReturnPath, submitForm } from '../../../platform/http/forms.ts';
import { TooManyRequestsError, UnauthenticatedError, type AppError } from '../../../lib/errors.ts';
import { SecondFactorForm, SignInForm } from '../shared/accounts.schemas.ts';
import { signOutAtIssuer } from '../sso/sso.service.ts';
import { completeSecondFactor, signIn, signOut } from './sign-in.service.ts';

const NOTICES: Record<string, string> = {
  'signed-out': 'You have signed out.',
  'password-reset': 'Your password has been changed. Sign in with your new password.',
  'session-ended': 'For your security, you have been signed out. Sign in again to continue.',
};

/** A refused sign-in (401) or a lockout (429), shown next to the field it is about. */
function refusedAt(field: string) {
  return (error: AppError) =>
    error instanceof UnauthenticatedError || error instanceof TooManyRequestsError
      ? { [field]: error.message }
      : undefined;
}

/** Sign-in (password, then a second factor when set up) and sign-out. */
export async function signInPages(app: FastifyInstance): Promise<void> {
  const config = app.services.config;
  /** The single sign-on button, shown only when an issuer is configured. */
  const sso = config.sso ? { label: config.sso.buttonLabel } : null;

  app.get<{ Querystring: { returnTo?: string; notice?: string } }>('/sign-in', async (request, reply) => {
    if (request.actor) {
      return reply.redirect(safeReturnPath(request.query.returnTo), 303);
    }
    return reply.view('accounts/sign-in/views/sign-in.njk', {
      values: { returnTo: safeReturnPath(request.query.returnTo) },
      flash: NOTICES[request.query.notice ?? ''],
      sso,
    });
  });

  app.post('/sign-in', async (request, reply) =>
    submitForm(reply, {
      schema: SignInForm,
      body: request.body,
      submit: async (form) => {
        const signedIn = await signIn(contextFrom(request), form.email, form.password, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        });
        setSessionCookie(reply, config, signedIn.token);
        const returnTo = safeReturnPath(form.returnTo);
        return signedIn.secondFactorNeeded ? `/sign-in/two-factor?returnTo=${encodeURIComponent(returnTo)}` : returnTo;
      },
      redirect: (next) => next,
      refusal: refusedAt('email'),
      show: ({ errors, values }, status) =>
        reply.view('accounts/sign-in/views/sign-in.njk', { errors, values, sso }, status),
    }),
  );

  app.get<{ Querystring: { returnTo?: string } }>('/sign-in/two-factor', async (request, reply) => {
    if (!request.pendingSession) {
      return reply.redirect('/sign-in', 303);
    }
    return reply.view('accounts/sign-in/views/two-factor-challenge.njk', {
      values: { returnTo: safeReturnPath(request.query.returnTo) },
    });
  });

  app.post<{ Querystring: { returnTo?: string } }>('/sign-in/two-factor', async (request, reply) => {
    const pending = request.pendingSession;
    if (!pending) {
      return reply.redirect('/sign-in?notice=session-ended', 303);
    }
    const returnTo = safeReturnPath(request.query.returnTo);
    return submitForm(reply, {
      schema: SecondFactorForm,
      body: request.body,
      submit: async (form) => {
        const token = await completeSecondFactor(
          contextFrom(request),
          { sessionId: pending.id, userId: pending.userId },
          form.code,
          { ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
        );
        setSessionCookie(reply, config, token);
      },
      redirect: () => returnTo,
      refusal: (error) => (error instanceof TooManyRequestsError ? { email: error.message } : refusedAt('code')(error)),
      show: ({ errors }, status) => {
        if (status === 429) {
          // Locked out: the pending session has ended, so the person starts again at sign-in.
          clearSessionCookie(reply);
          return reply.view('accounts/sign-in/views/sign-in.njk', { errors, values: {}, sso }, 429);
        }
        return reply.view('accounts/sign-in/views/two-factor-challenge.njk', { errors, values: { returnTo } }, status);
      },
    });
  });

  app.post('/sign-out', async (request, reply) => {
    const session =
      request.actor ??
      (request.pendingSession ? { sessionId: request.pendingSession.id, userId: request.pendingSession.userId } : null);
    const issuerSignOut = session ? await signOutAtIssuer(contextFrom(request), session.userId) : null;
    if (session) {
      await signOut(contextFrom(request), session.sessionId, session.userId);
    }
    clearSessionCookie(reply);
    return reply.redirect(issuerSignOut ?? '/sign-in?notice=signed-out', 303);
  });

  app.get('/sign-out', async (request, reply) => {
    // Signing out changes state, so it is a POST; a bookmarked link gets a button to press.
    currentActor(request);
    return reply.view('accounts/sign-in/views/sign-out.njk', {});
  });
}
