import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { accountPages } from './account.pages.ts';
import { accountsApi } from './accounts.api.ts';
import { passwordResetPages } from './password-reset.pages.ts';
import { signInPages } from './sign-in.pages.ts';

export { createAccount } from './account.service.ts';
export { findUserByEmail, normaliseEmail, updatePassword } from './accounts.repo.ts';
export { hashPassword, passwordProblem } from './passwords.ts';
export { currentTotpCode } from './totp.ts';

/** People with log-ins: sign-in, sessions, passwords, two-factor authentication. */
async function accounts(app: FastifyInstance): Promise<void> {
  await signInPages(app);
  await passwordResetPages(app);
  await accountPages(app);
  await accountsApi(app);
}

export default fp(accounts, { name: 'accounts', dependencies: ['authentication', 'views', 'security'] });
