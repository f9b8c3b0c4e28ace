import type { Scope } from '../../../platform/auth/policy.ts';

const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';

/** The organisations of a scope, never an empty list (an empty `in ()` is not valid SQL). */
export function scopeIds(scope: Scope): string[] {
  return scope.organisationIds.length > 0 ? [...scope.organisationIds] : [NO_ORGANISATION];
}
