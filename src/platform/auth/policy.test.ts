import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Actor, administratorScope, joinScopes, narrowScope, requireInScope, trustedScope } from './policy.ts';

const A = '0190a000-0000-7000-8000-00000000000a';
const B = '0190a000-0000-7000-8000-00000000000b';
const C = '0190a000-0000-7000-8000-00000000000c';

function person(isSystemAdmin: boolean): Actor {
  return {
    userId: 'u',
    sessionId: 's',
    email: 'e@example.invalid',
    displayName: 'E',
    isSystemAdmin,
    totpEnabled: true,
    memberships: [],
    activeOrganisationId: null,
  };
}

test('narrowing a scope never adds an organisation it did not hold', () => {
  const scope = trustedScope([A, B], 'job');
  assert.deepEqual(narrowScope(scope, [B, C]).organisationIds, [B]);
  assert.deepEqual(narrowScope(scope, [C]).organisationIds, []);
});

test('joining scopes holds each organisation once', () => {
  assert.deepEqual(joinScopes(trustedScope([A, B], 'job'), trustedScope([B, C], 'job')).organisationIds, [A, B, C]);
});

test('a write outside the scope is refused as not found', () => {
  const scope = trustedScope([A], 'job');
  assert.doesNotThrow(() => requireInScope(scope, A));
  assert.throws(() => requireInScope(scope, B), { code: 'not_found' });
});

test('only a system administrator gets an administrator’s scope', () => {
  assert.deepEqual(administratorScope(person(true), [A]).organisationIds, [A]);
  assert.throws(() => administratorScope(person(false), [A]), { code: 'forbidden' });
});
