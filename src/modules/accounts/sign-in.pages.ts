import type { FastifyInstance } from 'fastify';
import { currentActor } from '../../platform/auth/plugin.ts';
import { clearSessionCookie, setSessionCookie } from '../../platform/auth/session.ts';
import { contextFrom } from '../../platform/context.ts';
import { readForm, safeReturnPath } from '../../platform/http/forms.ts';
import { SecondFactorForm, SignInForm } from './accounts.schemas.ts';
import { completeSecondFactor, signIn, signOut } from './sign-in.service.ts';

const NOTICES: Record<string, string> = {
  'signed-out': 'You have signed out.',
  'password-reset': 'Your password has been changed. Sign in with your new password.',
  'session-ended': 'For your security, you have been signed out. Sign in again to continue.',
};

/** Sign-in (password, then a second factor when set up) and sign-out. */
export async function signInPages(app: FastifyInstance): Promise<void> {
  const config = app.services.config;

  app.get<{ Querystring: { returnTo?: string; notice?: string } }>('/sign-in', async (request, reply) => {
    if (request.actor) {
      return reply.redirect(safeReturnPath(request.query.returnTo), 303);
    }
    return reply.view('accounts/views/sign-in.njk', {
      values: { returnTo: safeReturnPath(request.query.returnTo) },
      flash: NOTICES[request.query.notice ?? ''],
    });
  });

  app.post('/sign-in', async (request, reply) => {
    const form = readForm(SignInForm, request.body);
    if (!form.ok) {
      return reply.view('accounts/views/sign-in.njk', { errors: form.errors, values: form.values }, 400);
    }
    const outcome = await signIn(contextFrom(request), form.data.email, form.data.password, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
    const values = { email: form.data.email, returnTo: form.data.returnTo };
    switch (outcome.kind) {
      case 'signed-in':
        setSessionCookie(reply, config, outcome.token);
        return reply.redirect(safeReturnPath(form.data.returnTo), 303);
      case 'second-factor-needed':
        setSessionCookie(reply, config, outcome.token);
        return reply.redirect(`/sign-in/two-factor?returnTo=${encodeURIComponent(safeReturnPath(form.data.returnTo))}`, 303);
      case 'locked':
        return reply.view('accounts/views/sign-in.njk', { errors: { email: `There have been too many failed attempts. Wait ${outcome.minutes} minutes and try again, or reset your password` }, values }, 429);
      case 'throttled':
        return reply.view('accounts/views/sign-in.njk', { errors: { email: `There have been too many failed attempts from your network. Wait ${config.security.loginLockoutMinutes} minutes and try again` }, values }, 429);
      default:
        return reply.view('accounts/views/sign-in.njk', { errors: { email: 'Enter a correct email address and password' }, values }, 401);
    }
  });

  app.get<{ Querystring: { returnTo?: string } }>('/sign-in/two-factor', async (request, reply) => {
    if (!request.pendingSession) {
      return reply.redirect('/sign-in', 303);
    }
    return reply.view('accounts/views/two-factor-challenge.njk', { values: { returnTo: safeReturnPath(request.query.returnTo) } });
  });

  app.post<{ Querystring: { returnTo?: string } }>('/sign-in/two-factor', async (request, reply) => {
    const pending = request.pendingSession;
    if (!pending) {
      return reply.redirect('/sign-in?notice=session-ended', 303);
    }
    const returnTo = safeReturnPath(request.query.returnTo);
    const form = readForm(SecondFactorForm, request.body);
    if (!form.ok) {
      return reply.view('accounts/views/two-factor-challenge.njk', { errors: form.errors, values: { returnTo } }, 400);
    }
    const outcome = await completeSecondFactor(contextFrom(request), { sessionId: pending.id, userId: pending.userId }, form.data.code, {
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
    });
    if (outcome.kind === 'signed-in') {
      setSessionCookie(reply, config, outcome.token);
      return reply.redirect(returnTo, 303);
    }
    if (outcome.kind === 'locked') {
      clearSessionCookie(reply);
      return reply.view('accounts/views/sign-in.njk', { errors: { email: `There have been too many failed attempts. Wait ${outcome.minutes} minutes and try again` }, values: {} }, 429);
    }
    return reply.view('accounts/views/two-factor-challenge.njk', { errors: { code: 'The code is not correct. Enter the latest code from your authenticator app' }, values: { returnTo } }, 401);
  });

  app.post('/sign-out', async (request, reply) => {
    const session = request.actor ?? (request.pendingSession ? { sessionId: request.pendingSession.id, userId: request.pendingSession.userId } : null);
    if (session) {
      await signOut(contextFrom(request), session.sessionId, session.userId);
    }
    clearSessionCookie(reply);
    return reply.redirect('/sign-in?notice=signed-out', 303);
  });

  app.get('/sign-out', async (request, reply) => {
    // Signing out changes state, so it is a POST; a bookmarked link gets a button to press.
    currentActor(request);
    return reply.view('accounts/views/sign-out.njk', {});
  });
}
