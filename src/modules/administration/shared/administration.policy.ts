import type { ServiceContext } from '../../../platform/context.ts';
import { ForbiddenError } from '../../../lib/errors.ts';

/** Administration is for system administrators only: anyone else is refused. */
export function requireAdmin(ctx: ServiceContext): void {
  if (!ctx.actor?.isSystemAdmin) {
    throw new ForbiddenError();
  }
}
