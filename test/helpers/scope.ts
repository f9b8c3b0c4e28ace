import { type Scope, trustedScope } from '../../src/platform/auth/policy.ts';

/** A scope for tests that call repositories directly, standing where a command would. */
export function scopeOf(...organisationIds: string[]): Scope {
  return trustedScope(organisationIds, 'command');
}
