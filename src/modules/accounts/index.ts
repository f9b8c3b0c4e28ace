import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { accountApi } from './account/account.api.ts';
import { accountPages } from './account/account.pages.ts';
import { passwordResetPages } from './password-reset/password-reset.pages.ts';
import { signInPages } from './sign-in/sign-in.pages.ts';
import { ssoPages } from './sso/sso.pages.ts';
import { twoFactorPages } from './two-factor/two-factor.pages.ts';

export { createAccount } from './account/account.service.ts';
export { issuePasswordLink } from './password-reset/password-reset.service.ts';
export { hashPassword, passwordProblem } from './shared/passwords.rules.ts';
export { currentTotpCode } from './two-factor/totp.rules.ts';

/** People with log-ins: sign-in (password or single sign-on), sessions, passwords, two-factor authentication. */
async function accounts(app: FastifyInstance): Promise<void> {
  await signInPages(app);
  await ssoPages(app);
  await passwordResetPages(app);
  await accountPages(app);
  await twoFactorPages(app);
  await accountApi(app);
}

export default fp(accounts, { name: 'accounts', dependencies: ['authentication', 'views', 'security'] });

// Read contracts for other modules
export { findUserByEmail, normaliseEmail } from './contracts/users.repo.ts';
