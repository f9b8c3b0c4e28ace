/**
 * The tenancy rule, checked over the code: every exported repository function that reads or
 * writes an organisation's data takes the caller's Scope (or a directory audience, which holds
 * one). The exceptions are listed here by name with the reason they need none, so a new
 * repository function without a scope fails this test until someone decides which it is.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Reason =
  /** the signed-in person's own account, keyed by their user id or email */
  | 'account'
  /** data every organisation shares: taxonomies, terms, HMRC rates, the words the search knows */
  | 'shared'
  /** the published directory, which anyone may read (ORUK feed) */
  | 'public'
  /** finds which organisation keeps a record, so the caller can authorise before reading it */
  | 'lookup'
  /** run by a nightly job across every organisation */
  | 'job'
  /** works on a row the caller has already reached through a scope (a claim, a service, a session) */
  | 'follows'
  /** no database at all */
  | 'pure'
  /** the system administrators' tenancy view of every organisation (callers check the person is one) */
  | 'administration';

const UNSCOPED: Record<string, Reason> = {
  'accounts/contracts/users.repo.ts normaliseEmail': 'pure',
  'accounts/contracts/users.repo.ts findUserByEmail': 'account',
  'accounts/shared/accounts.repo.ts findUserById': 'account',
  'accounts/shared/accounts.repo.ts insertUser': 'account',
  'accounts/shared/accounts.repo.ts updatePassword': 'account',
  'accounts/shared/accounts.repo.ts recordFailedSignIn': 'account',
  'accounts/shared/accounts.repo.ts recordSuccessfulSignIn': 'account',
  'accounts/shared/accounts.repo.ts insertSignInAttempt': 'account',
  'accounts/shared/accounts.repo.ts countRecentFailures': 'account',
  'accounts/shared/accounts.repo.ts updateTotp': 'account',
  'accounts/shared/accounts.repo.ts updateTotpLastStep': 'account',
  'accounts/shared/accounts.repo.ts clearLockout': 'account',
  'accounts/sso/sso.repo.ts findIdentity': 'account',
  'accounts/sso/sso.repo.ts findIdentityOfUser': 'account',
  'accounts/sso/sso.repo.ts insertIdentity': 'account',
  'accounts/sso/sso.repo.ts touchIdentity': 'account',
  'accounts/password-reset/password-reset.repo.ts insertResetToken': 'account',
  'accounts/password-reset/password-reset.repo.ts findLiveResetLink': 'account',
  'accounts/password-reset/password-reset.repo.ts spendResetToken': 'account',
  'organisations/setup/setup.repo.ts odsCodeInUse': 'lookup',
  'organisations/invitations/invitations.repo.ts findLiveInvitation': 'lookup',
  'organisations/contracts/tenancy.repo.ts listEveryOrganisation': 'administration',
  'organisations/contracts/tenancy.repo.ts listProgrammeLinks': 'administration',
  'administration/outbox/outbox.repo.ts countOutbox': 'administration',
  'administration/outbox/outbox.repo.ts listOutboxPage': 'administration',
  'administration/outbox/outbox.repo.ts findOutboxMessage': 'administration',
  'champions/expenses/expenses.repo.ts listMileageRates': 'shared',
  'champions/expenses/expenses.repo.ts mileageLinesOf': 'follows',
  'champions/expenses/expenses.repo.ts waitingClaimsAfter': 'follows',
  'champions/expenses/expenses.repo.ts repriceLine': 'follows',
  'activities/lifecycle/activities.repo.ts findUserName': 'follows',
  'activities/reviews/reviews.repo.ts dueWithoutReminder': 'job',
  'activities/schedules/schedules.repo.ts sessionInUse': 'follows',
  'activities/session-record/session-record.repo.ts findSessionForRecord': 'lookup',
  'activities/session-record/session-record.repo.ts isConnectedToSession': 'follows',
  'activities/session-record/session-record.repo.ts findSubmission': 'follows',
  'activities/session-record/session-record.repo.ts networkOf': 'lookup',
  'activities/whats-on/whats-on.repo.ts findOrganisationByOdsCode': 'public',
  'activities/introductions/introductions.repo.ts findActivityForIntroductions': 'lookup',
  'activities/reviews/review-figures.repo.ts findActivityOrganisation': 'lookup',
  'activities/rota/rota.repo.ts findActivityOrganisation': 'lookup',
  'activities/rota/rota.repo.ts overlappingPlaces': 'follows',
  'activities/rota/rota.repo.ts listHeldPlacesAhead': 'job',
  'activities/introductions/introductions.repo.ts activeUserEmails': 'follows',
  'champions/contracts/champion-people.repo.ts championsOfUser': 'account',
  'champions/contracts/champion-people.repo.ts championsSharingLogIn': 'follows',
  'champions/contracts/role-names.repo.ts roleTemplateNames': 'follows',
  'champions/contracts/session-time.repo.ts sessionHasTime': 'follows',
  'champions/contracts/session-time.repo.ts expensesOnSessionDays': 'follows',
  'directory/search/directory-search.repo.ts searchWords': 'pure',
  'directory/search/directory-search.repo.ts correctWords': 'shared',
  'directory/search/directory-search.repo.ts wantedHours': 'pure',
  'directory/search/directory-search.repo.ts loadResultRows': 'follows',
  'directory/shared/taxonomies.repo.ts termAndDescendants': 'shared',
  'directory/shared/taxonomies.repo.ts listTerms': 'shared',
  'directory/freshness/freshness.repo.ts rescheduleReviews': 'job',
  'directory/freshness/freshness.repo.ts rescheduleReview': 'follows',
  'directory/freshness/freshness.repo.ts sweepFreshness': 'job',
  'directory/freshness/freshness.repo.ts recordVerification': 'follows',
  'directory/oruk/oruk.repo.ts listPublicOrganizations': 'public',
  'directory/oruk/oruk.repo.ts findPublicOrganization': 'public',
  'directory/oruk/oruk.repo.ts listTaxonomies': 'shared',
  'directory/oruk/oruk.repo.ts findTaxonomy': 'shared',
  'directory/oruk/oruk.repo.ts listTaxonomyTerms': 'shared',
  'directory/oruk/oruk.repo.ts findTaxonomyTerm': 'shared',
  'directory/oruk/oruk.repo.ts termsOfTaxonomy': 'shared',
  'directory/oruk/oruk.repo.ts listServiceAtLocations': 'public',
  'directory/oruk/oruk.repo.ts findPublicServiceAtLocation': 'public',
  'directory/oruk/oruk.repo.ts isPublicLocation': 'public',
  'directory/services/service-edit.repo.ts loadServiceDetails': 'follows',
  'directory/services/service-edit.repo.ts refreshSearchText': 'follows',
  'directory/shared/taxonomies.repo.ts termNames': 'shared',
  'directory/services/service-history.repo.ts insertHistory': 'follows',
  'directory/services/service-history.repo.ts serviceVersion': 'follows',
  'directory/shared/taxonomies.repo.ts countTermsIn': 'shared',
  'directory/shared/services.repo.ts filterConditions': 'pure',
  'directory/shared/services.repo.ts findServiceOwner': 'lookup',
  'directory/oruk/oruk-import-links.repo.ts newPendingLinks': 'pure',
  'directory/oruk/oruk-import-links.repo.ts ensureTerms': 'shared',
  'directory/oruk/oruk-import-links.repo.ts notePendingOrganizationParent': 'follows',
  'directory/oruk/oruk-import-links.repo.ts unresolvedLinkWarnings': 'follows',
  'directory/shared/service-parts.repo.ts scheduleFrom': 'pure',
  'directory/shared/service-parts.repo.ts loadLocations': 'follows',
  'directory/shared/service-parts.repo.ts loadNestedParts': 'follows',
  'directory/shared/service-write.repo.ts newServiceContent': 'pure',
  'directory/shared/service-write.repo.ts insertAll': 'follows',
  'directory/shared/taxonomies.repo.ts seedTaxonomies': 'shared',
  'directory/freshness/review-intervals.repo.ts listTaxonomyIntervalRows': 'shared',
  'directory/freshness/review-intervals.repo.ts findTaxonomyIntervalRow': 'shared',
  'directory/freshness/review-intervals.repo.ts updateReviewMonths': 'shared',
  'directory/freshness/tasks.repo.ts findTaskOwner': 'lookup',
  'directory/freshness/tasks.repo.ts findServiceTask': 'lookup',
  'directory/freshness/tasks.repo.ts findTaskCheck': 'follows',
  'directory/proposals/proposals.repo.ts insertProposal': 'follows',
  'directory/proposals/proposals.repo.ts findProposalOwner': 'lookup',
  'directory/provider-links/provider-links.repo.ts findLiveProviderLink': 'lookup',
  'directory/provider-links/provider-links.repo.ts spendProviderLink': 'follows',
  'directory/shared/organisations.repo.ts findOrganisationName': 'follows',
  'directory/shared/organisations.repo.ts findOrganisationByOdsCode': 'public',
  'directory/shared/organisations.repo.ts findOrganisationKind': 'public',
  'directory/shared/organisations.repo.ts findOrganisationByIdOrOdsCode': 'lookup',
  'directory/shared/organisations.repo.ts listOrganisationIds': 'job',
  'directory/shared/services.repo.ts findServiceOwnership': 'lookup',
  'directory/services/service-locations.repo.ts firstLocation': 'follows',
  'directory/services/service-locations.repo.ts ensureOwnLocation': 'follows',
  'directory/oruk/oruk-import-links.repo.ts ownedLocationIds': 'follows',
  'directory/oruk/oruk-import-links.repo.ts knownTermIds': 'shared',
  'directory/oruk/oruk-import-links.repo.ts isKnownOrganization': 'shared',
  'directory/postcodes/postcodes.repo.ts findUnitPoint': 'shared',
  'directory/postcodes/postcodes.repo.ts findOutcodePoint': 'shared',
  'directory/postcodes/postcodes.repo.ts hasOutcodes': 'shared',
  'directory/postcodes/postcodes.repo.ts insertOutcodes': 'shared',
  'directory/postcodes/postcodes.repo.ts upsertUnits': 'shared',
  'directory/services/service-view.repo.ts findServiceMeta': 'follows',
  'directory/services/service-view.repo.ts listHistoryRows': 'follows',
  'directory/services/service-view.repo.ts countPendingProposals': 'follows',
};

function repositoryFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.repo.ts'))
    .map((file) => path.join(dir, file));
}

/** Each exported function of a repository file with the text of its parameter list. */
function exportedFunctions(file: string): { name: string; params: string }[] {
  const text = readFileSync(file, 'utf8');
  const found: { name: string; params: string }[] = [];
  for (const match of text.matchAll(/^export (?:async )?function\*? ?(\w+)\s*(?:<[^(]*>)?\(/gm)) {
    // The parameter list runs to the bracket that closes the one after the name.
    let depth = 1;
    let index = (match.index ?? 0) + match[0].length;
    const start = index;
    while (depth > 0 && index < text.length) {
      const char = text[index];
      depth += char === '(' ? 1 : char === ')' ? -1 : 0;
      index += 1;
    }
    found.push({ name: match[1] ?? '', params: text.slice(start, index - 1) });
  }
  return found;
}

const all = repositoryFiles(path.join(src, 'modules')).flatMap((file) =>
  exportedFunctions(file).map((fn) => ({
    ...fn,
    key: `${path.relative(path.join(src, 'modules'), file).split(path.sep).join('/')} ${fn.name}`,
  })),
);

test('the scan finds the repositories (so the rule below cannot pass by finding nothing)', () => {
  assert.ok(all.length > 100, `only ${all.length} repository functions found`);
  assert.ok(all.some((fn) => fn.key === 'champions/recruitment/recruitment.repo.ts findChampion'));
});

test('every repository function takes the caller’s scope, or is listed with the reason it needs none', () => {
  const unscoped = all.filter((fn) => !/\bScope\b|Audience|SearchVisibility/.test(fn.params)).map((fn) => fn.key);
  const unexplained = unscoped.filter((key) => !(key in UNSCOPED));
  assert.deepEqual(unexplained, [], 'take a Scope, or add the function to UNSCOPED with its reason');
});

test('the list of exceptions holds only functions that exist and still take no scope', () => {
  const unscoped = new Set(
    all.filter((fn) => !/\bScope\b|Audience|SearchVisibility/.test(fn.params)).map((fn) => fn.key),
  );
  assert.deepEqual(
    Object.keys(UNSCOPED).filter((key) => !unscoped.has(key)),
    [],
  );
});

test('no code outside the policy layer writes a scope by hand', () => {
  const offenders = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('policy.ts'))
    .filter((file) => /organisationIds:\s*\[/.test(readFileSync(path.join(src, file), 'utf8')));
  assert.deepEqual(offenders, []);
});
