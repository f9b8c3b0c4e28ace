/**
 * The scope rule: every exported function of a `*.repo.ts` takes the caller's `Scope`, so a query
 * cannot forget the tenancy filter. The exceptions are named below with the reason they need none;
 * a new repository function without a scope fails until someone decides which it is. Keys are
 * `<module>/<file name> <function>`, so moving a file into a capability folder keeps its entry.
 */
import { test } from 'node:test';
import { assertNone, filesUnder, lineAt, moduleOf, read, type Violation, withoutComments } from './source.ts';

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
  /** system administrators' views across every organisation (callers check the person is one) */
  | 'admin'
  /** found by a one-time link's hash: the link is the credential (password reset, invitation, provider link) */
  | 'link'
  /** run from the command line (import, export), for the organisation the command names */
  | 'command'
  /** takes an audience: the published directory, or the caller's Scope inside it */
  | 'audience';

const UNSCOPED: Record<string, Reason> = {
  'accounts/accounts.repo.ts findUserById': 'account',
  'accounts/accounts.repo.ts insertUser': 'account',
  'accounts/accounts.repo.ts updatePassword': 'account',
  'accounts/accounts.repo.ts recordFailedSignIn': 'account',
  'accounts/accounts.repo.ts recordSuccessfulSignIn': 'account',
  'accounts/accounts.repo.ts insertSignInAttempt': 'account',
  'accounts/accounts.repo.ts countRecentFailures': 'account',
  'accounts/accounts.repo.ts updateTotp': 'account',
  'accounts/accounts.repo.ts updateTotpLastStep': 'account',
  'accounts/sso.repo.ts findIdentity': 'account',
  'accounts/sso.repo.ts findIdentityOfUser': 'account',
  'accounts/sso.repo.ts insertIdentity': 'account',
  'accounts/sso.repo.ts touchIdentity': 'account',
  'accounts/accounts.repo.ts clearLockout': 'account',
  'accounts/users.repo.ts normaliseEmail': 'pure',
  'accounts/users.repo.ts findUserByEmail': 'account',
  'accounts/password-reset.repo.ts insertResetToken': 'account',
  'accounts/password-reset.repo.ts findLiveResetLink': 'link',
  'accounts/password-reset.repo.ts spendResetToken': 'link',
  'administration/outbox.repo.ts countOutbox': 'admin',
  'administration/outbox.repo.ts listOutboxPage': 'admin',
  'administration/outbox.repo.ts findOutboxMessage': 'admin',
  'activities/activities.repo.ts findUserName': 'follows',
  'activities/activities.repo.ts takenIdeaIds': 'follows',
  'activities/activity-records.repo.ts findActivity': 'lookup',
  'activities/activity-records.repo.ts findActivityOrganisation': 'lookup',
  'activities/activity-records.repo.ts hostOrganisationIds': 'lookup',
  'activities/introductions.repo.ts activeUserEmails': 'follows',
  'activities/publishing.repo.ts lockActivityForListing': 'follows',
  'activities/reviews.repo.ts dueWithoutReminder': 'job',
  'activities/clearance-lapse.repo.ts listHeldPlacesAhead': 'job',
  'activities/rota.repo.ts overlappingPlaces': 'follows',
  'activities/schedules.repo.ts sessionInUse': 'follows',
  'activities/session-generation.repo.ts schedulesBehind': 'job',
  'activities/session-record.repo.ts findSessionForRecord': 'lookup',
  'activities/sessions-today.repo.ts listChampionsSessions': 'account',
  'activities/session-record.repo.ts isConnectedToSession': 'follows',
  'activities/session-record.repo.ts findSubmission': 'follows',
  'activities/session-record.repo.ts networkOf': 'lookup',
  'activities/whats-on.repo.ts findOrganisationByOdsCode': 'public',
  'champions/campaigns.repo.ts findCampaignByCode': 'public',
  'champions/champion-accounts.repo.ts linkChampionRecords': 'account',
  'champions/champion-accounts.repo.ts findChampionOfUser': 'account',
  'champions/champion-accounts.repo.ts emailOfUser': 'account',
  'champions/champion-accounts.repo.ts holdsChampionRole': 'account',
  'champions/champion-accounts.repo.ts acceptedChampionInvitation': 'account',
  'champions/champion-accounts.repo.ts openChampionInvitationExists': 'follows',
  'champions/champion-accounts.repo.ts emailsOfChampion': 'follows',
  'champions/champion-accounts.repo.ts revokeOpenChampionInvitations': 'follows',
  'champions/champion-people.repo.ts championsOfUser': 'account',
  'champions/champion-people.repo.ts championsSharingLogIn': 'follows',
  'champions/expiry-reminders.repo.ts findLapsing': 'job',
  'champions/expiry-reminders.repo.ts claimReminder': 'job',
  'champions/mileage.repo.ts listMileageRates': 'shared',
  'champions/mileage.repo.ts insertMileageRate': 'shared',
  'champions/mileage.repo.ts mileageLinesOf': 'follows',
  'champions/mileage.repo.ts waitingClaimsAfter': 'follows',
  'champions/mileage.repo.ts repriceLine': 'follows',
  'champions/organisations.repo.ts organisationNameOf': 'follows',
  'champions/organisations.repo.ts findPracticeByOdsCode': 'public',
  'champions/organisations.repo.ts championStaffOf': 'follows',
  'champions/retention.repo.ts clearChampionRecord': 'job',
  'champions/retention.repo.ts logInHoldings': 'job',
  'champions/retention.repo.ts clearLogIn': 'job',
  'champions/retention.repo.ts formerChampionsDue': 'job',
  'champions/retention.repo.ts markDeparturesMinimised': 'job',
  'champions/retention.repo.ts stalledApplicantsDue': 'job',
  'champions/retention.repo.ts closeApplicant': 'job',
  'champions/role-templates.repo.ts roleTemplateNames': 'follows',
  'champions/roles.repo.ts researchOrganisationsOfUser': 'account',
  'champions/session-hours.repo.ts sessionHoursRows': 'follows',
  'champions/session-hours.repo.ts deleteSessionRow': 'follows',
  'champions/session-hours.repo.ts organisationsOfChampions': 'follows',
  'champions/session-hours.repo.ts insertSessionRow': 'follows',
  'champions/session-hours.repo.ts updateSessionRow': 'follows',
  'champions/session-hours.repo.ts minutesAtSessions': 'follows',
  'champions/session-time.repo.ts sessionHasTime': 'follows',
  'champions/session-time.repo.ts expensesOnSessionDays': 'follows',
  'directory/directory-search.repo.ts searchWords': 'pure',
  'directory/directory-search.repo.ts correctWords': 'shared',
  'directory/directory-search.repo.ts wantedHours': 'pure',
  'directory/directory-search.repo.ts loadResultRows': 'follows',
  'directory/freshness.repo.ts rescheduleReviews': 'job',
  'directory/freshness.repo.ts rescheduleReview': 'follows',
  'directory/freshness.repo.ts sweepFreshness': 'job',
  'directory/freshness.repo.ts recordVerification': 'follows',
  'directory/oruk.repo.ts listPublicOrganizations': 'public',
  'directory/oruk.repo.ts findPublicOrganization': 'public',
  'directory/oruk-taxonomies.repo.ts listTaxonomies': 'shared',
  'directory/oruk-taxonomies.repo.ts findTaxonomy': 'shared',
  'directory/oruk-taxonomies.repo.ts listTaxonomyTerms': 'shared',
  'directory/oruk-taxonomies.repo.ts findTaxonomyTerm': 'shared',
  'directory/oruk-taxonomies.repo.ts termsOfTaxonomy': 'shared',
  'directory/oruk.repo.ts listServiceAtLocations': 'public',
  'directory/oruk.repo.ts findPublicServiceAtLocation': 'public',
  'directory/oruk.repo.ts isPublicLocation': 'public',
  'directory/service-edit.repo.ts loadServiceDetails': 'follows',
  'directory/service-edit.repo.ts refreshSearchText': 'follows',
  'directory/services.repo.ts filterConditions': 'pure',
  'directory/service-ownership.repo.ts findServiceOwner': 'lookup',
  'directory/directory-search.repo.ts findServices': 'audience',
  'directory/review-intervals.repo.ts listTaxonomyIntervalRows': 'admin',
  'directory/review-intervals.repo.ts findTaxonomyIntervalRow': 'admin',
  'directory/review-intervals.repo.ts updateReviewMonths': 'admin',
  'directory/tasks.repo.ts findTaskOwner': 'lookup',
  'directory/tasks.repo.ts findServiceTask': 'follows',
  'directory/tasks.repo.ts findTaskCheck': 'follows',
  'directory/oruk-import-links.repo.ts newPendingLinks': 'pure',
  'directory/oruk-import-links.repo.ts ensureTerms': 'shared',
  'directory/oruk-import-links.repo.ts notePendingOrganizationParent': 'command',
  'directory/oruk-import-links.repo.ts unresolvedLinkWarnings': 'command',
  'directory/oruk-import-links.repo.ts knownTermIds': 'shared',
  'directory/oruk-import-links.repo.ts isKnownOrganization': 'command',
  'directory/organisations.repo.ts findOrganisationName': 'follows',
  'directory/organisations.repo.ts findOrganisationByOdsCode': 'public',
  'directory/organisations.repo.ts findOrganisationKind': 'follows',
  'directory/organisations.repo.ts findOrganisationByIdOrOdsCode': 'command',
  'directory/organisations.repo.ts listOrganisationIds': 'command',
  'directory/postcodes.repo.ts findUnitPoint': 'shared',
  'directory/postcodes.repo.ts findOutcodePoint': 'shared',
  'directory/postcodes.repo.ts hasOutcodes': 'shared',
  'directory/postcodes.repo.ts insertOutcodes': 'shared',
  'directory/postcodes.repo.ts upsertUnits': 'shared',
  'directory/proposals.repo.ts insertProposal': 'follows',
  'directory/proposals.repo.ts findProposalOwner': 'lookup',
  'directory/provider-links.repo.ts findLiveProviderLink': 'link',
  'directory/provider-links.repo.ts spendProviderLink': 'link',
  'directory/service-history.repo.ts insertHistory': 'follows',
  'directory/service-history.repo.ts serviceVersion': 'follows',
  'directory/service-parts.repo.ts loadLocations': 'follows',
  'directory/service-parts.repo.ts loadNestedParts': 'follows',
  'directory/service-view.repo.ts findServiceMeta': 'follows',
  'directory/service-view.repo.ts listHistoryRows': 'follows',
  'directory/service-view.repo.ts countPendingProposals': 'follows',
  'directory/service-write.repo.ts newServiceContent': 'pure',
  'directory/service-write.repo.ts insertAll': 'follows',
  'directory/service-locations.repo.ts firstLocation': 'follows',
  'directory/service-locations.repo.ts ensureOwnLocation': 'follows',
  'directory/services.repo.ts audienceCondition': 'audience',
  'directory/services.repo.ts listServices': 'audience',
  'directory/services.repo.ts findServices': 'audience',
  'directory/services.repo.ts findService': 'audience',
  'directory/services.repo.ts iterateServices': 'audience',
  'directory/service-ownership.repo.ts findServiceOwnership': 'lookup',
  'directory/taxonomies.repo.ts seedTaxonomies': 'shared',
  'directory/taxonomies.repo.ts termNames': 'shared',
  'directory/taxonomies.repo.ts countTermsIn': 'shared',
  'directory/taxonomies.repo.ts termAndDescendants': 'shared',
  'directory/taxonomies.repo.ts listTerms': 'shared',
  'organisations/tenancy.repo.ts listEveryOrganisation': 'admin',
  'organisations/tenancy.repo.ts listProgrammeLinks': 'admin',
  'organisations/invitations.repo.ts findLiveInvitation': 'link',
  'organisations/setup.repo.ts odsCodeInUse': 'admin',
};

/** An exported function of a repository file, with the text of its parameter list. */
interface RepoFunction {
  key: string;
  file: string;
  line: number;
  params: string;
}

/** The exported functions (declarations and arrow functions) of one repository file. */
function exportedFunctions(file: string): RepoFunction[] {
  const text = withoutComments(read(file));
  const declaration =
    /^export (?:async )?function\*? ?(\w+)\s*(?:<[^(]*>)?\(|^export const (\w+)(?::[^=]+)?= (?:async )?\(/gm;
  const found: RepoFunction[] = [];
  for (const match of text.matchAll(declaration)) {
    // The parameter list runs to the bracket that closes the one after the name.
    let depth = 1;
    let index = (match.index ?? 0) + match[0].length;
    const start = index;
    while (depth > 0 && index < text.length) {
      const char = text[index];
      depth += char === '(' ? 1 : char === ')' ? -1 : 0;
      index += 1;
    }
    const name = match[1] ?? match[2] ?? '';
    found.push({
      key: `${moduleOf(file)}/${file.split('/').at(-1)} ${name}`,
      file,
      line: lineAt(text, match.index ?? 0),
      params: text.slice(start, index - 1),
    });
  }
  return found;
}

const repositories = filesUnder('src/modules').filter((file) => file.endsWith('.repo.ts'));
const functions = repositories.flatMap(exportedFunctions);

test('every exported repository function takes a Scope, or is listed with the reason it needs none', () => {
  const violations: Violation[] = functions
    .filter((fn) => !/:\s*(?:Readonly<)?Scope\b/.test(fn.params) && !(fn.key in UNSCOPED))
    .map((fn) => ({ file: fn.file, line: fn.line, reason: `${fn.key.split(' ')[1]} takes no Scope` }));
  if (functions.length === 0) {
    violations.push({ file: 'src/modules', line: 1, reason: 'no repository function found: the scan is broken' });
  }
  assertNone(violations, 'the scope rule');
});

test('the exceptions name only repository functions that exist and take no Scope', () => {
  const byKey = new Map(functions.map((fn) => [fn.key, fn]));
  const violations: Violation[] = Object.keys(UNSCOPED).flatMap((key) => {
    const fn = byKey.get(key);
    if (!fn) {
      return [
        { file: 'test/architecture/scope-rule.test.ts', line: 1, reason: `${key} is listed but no longer exists` },
      ];
    }
    return /:\s*(?:Readonly<)?Scope\b/.test(fn.params)
      ? [{ file: fn.file, line: fn.line, reason: `${key} takes a Scope now: remove it from UNSCOPED` }]
      : [];
  });
  assertNone(violations, 'the list of scope exceptions');
});
