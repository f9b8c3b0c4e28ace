import type { FastifyInstance, FastifyReply } from 'fastify';
import { setSessionCookie } from '../../../platform/auth/session.ts';
import { contextFrom } from '../../../platform/context.ts';
import { safeReturnPath } from '../../../platform/http/forms.ts';
import { presentSsoProblem } from './sso.presenter.ts';
import { SIGN_IN_MINUTES } from './sso.rules.ts';
import { completeSsoSignIn, type SsoProblem, startSsoSignIn } from './sso.service.ts';

/** The cookie that binds a callback to the browser that started the sign-in (sealed state, nonce, PKCE verifier). */
const PENDING_COOKIE = 'ts_sso';
const PENDING_PATH = '/sign-in/sso';

/** The refusal page, at its status. */
function showProblem(reply: FastifyReply, problem: SsoProblem): FastifyReply {
  const view = presentSsoProblem(problem);
  if (view.status === 503) {
    reply.header('retry-after', '60');
  }
  return reply.view('accounts/sso/views/sso-problem.njk', { view }, view.status);
}

/**
 * Single sign-on with OpenID Connect: `/sign-in/sso` sends the person to the issuer, and the
 * issuer sends them back to `/sign-in/sso/callback`. Starting is a GET link, because a form
 * posting to another site is blocked by the pages' `form-action 'self'`; a forged start is
 * harmless, as the callback only completes in the browser holding the matching cookie.
 */
export async function ssoPages(app: FastifyInstance): Promise<void> {
  const config = app.services.config;
  const cookieOptions = {
    httpOnly: true,
    // Lax: the issuer's redirect back is a top-level GET from another site, which Lax lets through.
    sameSite: 'lax' as const,
    secure: config.security.secureCookies,
    path: PENDING_PATH,
  };

  app.get<{ Querystring: { returnTo?: string } }>('/sign-in/sso', async (request, reply) => {
    if (request.actor) {
      return reply.redirect(safeReturnPath(request.query.returnTo), 303);
    }
    const started = await startSsoSignIn(contextFrom(request), safeReturnPath(request.query.returnTo));
    if (!started.ok) {
      return showProblem(reply, started.problem);
    }
    reply.setCookie(PENDING_COOKIE, started.sealed, { ...cookieOptions, maxAge: SIGN_IN_MINUTES * 60 });
    return reply.redirect(started.url, 303);
  });

  app.get('/sign-in/sso/callback', async (request, reply) => {
    const outcome = await completeSsoSignIn(contextFrom(request), {
      url: callbackUrl(config.sso?.redirectUrl, request.url),
      sealed: request.cookies[PENDING_COOKIE],
      source: { ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
    });
    // The checks are single-use, whatever the outcome.
    reply.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
    if (!outcome.ok) {
      return showProblem(reply, outcome.problem);
    }
    setSessionCookie(reply, config, outcome.token);
    const returnTo = safeReturnPath(outcome.returnTo);
    return reply.redirect(
      outcome.secondFactorNeeded ? `/sign-in/two-factor?returnTo=${encodeURIComponent(returnTo)}` : returnTo,
      303,
    );
  });
}

/**
 * The address the issuer sent the person back to, as registered (behind a proxy the request's
 * own host may differ), with the query the issuer added: the token request must name it exactly.
 */
function callbackUrl(redirectUrl: string | undefined, requestUrl: string): URL {
  const url = new URL(redirectUrl ?? 'http://localhost/sign-in/sso/callback');
  const query = requestUrl.indexOf('?');
  url.search = query === -1 ? '' : requestUrl.slice(query);
  return url;
}
