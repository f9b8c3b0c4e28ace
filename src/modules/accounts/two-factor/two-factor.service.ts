import { recordAudit } from '../../../platform/audit/audit.ts';
import { inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { decryptSecret, encryptSecret } from '../../../platform/crypto.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { findUserById, updateTotp } from '../shared/accounts.repo.ts';
import { checkTotp, newTotpSecret, totpEnrolment } from './totp.rules.ts';

/** What a wrong or replayed code is told, next to the code field. */
const WRONG_CODE = { code: 'The code is not correct. Enter the latest code from your authenticator app' };

/** What the two-factor page shows. */
export type TwoFactorState =
  | { enabled: true; required: boolean }
  | { enabled: false; required: boolean; secret: string; uri: string; qrDataUrl: string };

/**
 * The person's two-factor state. When it is off, a secret is made (or the one already
 * waiting is reused) and kept encrypted until they prove their app has it.
 */
export async function twoFactorState(ctx: ServiceContext, userId: string): Promise<TwoFactorState> {
  const user = await findUserById(ctx.db, userId);
  if (!user) {
    throw new NotFoundError();
  }
  const required = user.is_system_admin;
  if (user.totp_enabled_at) {
    return { enabled: true, required };
  }
  let secret: string;
  if (user.totp_secret_enc) {
    secret = decryptSecret(ctx.config.security.encryptionKey, user.totp_secret_enc);
  } else {
    secret = newTotpSecret();
    await updateTotp(ctx.db, userId, encryptSecret(ctx.config.security.encryptionKey, secret), null);
  }
  return { enabled: false, required, secret, ...(await totpEnrolment(secret, user.email)) };
}

/** Turns two-factor on once the person types a code from their app; a wrong code is a ValidationError. */
export async function enableTwoFactor(ctx: ServiceContext, userId: string, code: string): Promise<void> {
  const user = await findUserById(ctx.db, userId);
  if (!user?.totp_secret_enc || user.totp_enabled_at) {
    throw new ValidationError(WRONG_CODE);
  }
  const secret = decryptSecret(ctx.config.security.encryptionKey, user.totp_secret_enc);
  const step = checkTotp(secret, code, null);
  if (step === null) {
    throw new ValidationError(WRONG_CODE);
  }
  await inTransaction(ctx, async (tx) => {
    await updateTotp(tx.db, userId, user.totp_secret_enc, tx.clock.now(), step);
    await recordAudit(
      tx.db,
      { ...tx.audit, actorUserId: userId },
      { action: 'two-factor.enabled', subjectType: 'user', subjectId: userId },
    );
  });
}

/** Turns two-factor off after a valid code; system administrators must keep it. */
export async function disableTwoFactor(ctx: ServiceContext, userId: string, code: string): Promise<void> {
  const user = await findUserById(ctx.db, userId);
  if (!user?.totp_secret_enc || !user.totp_enabled_at) {
    throw new ValidationError(WRONG_CODE);
  }
  if (user.is_system_admin) {
    throw new ForbiddenError('System administrators must keep two-factor authentication turned on');
  }
  const secret = decryptSecret(ctx.config.security.encryptionKey, user.totp_secret_enc);
  if (checkTotp(secret, code, user.totp_last_step) === null) {
    throw new ValidationError(WRONG_CODE);
  }
  await inTransaction(ctx, async (tx) => {
    await updateTotp(tx.db, userId, null, null);
    await recordAudit(
      tx.db,
      { ...tx.audit, actorUserId: userId },
      { action: 'two-factor.disabled', subjectType: 'user', subjectId: userId },
    );
  });
}
