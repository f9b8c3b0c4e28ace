import { recordAudit } from '../../../platform/audit/audit.ts';
import { type Scope, authorise } from '../../../platform/auth/policy.ts';
import type { Permission } from '../../../platform/auth/roles.ts';
import { type ServiceContext, actorOf, writeAudited } from '../../../platform/context.ts';
import { type KeyRing, keyRingOf } from '../../../platform/crypto.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { ConflictError, NotFoundError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import type { PersonRow } from '../signposting.tables.ts';
import { nameDobHash, nameDobHashes, nhsNumberHash, nhsNumberHashes } from '../shared/person-keys.rules.ts';
import type { ContactPreference, FindPersonQuery, PersonForm } from './people.schemas.ts';
import { type SealedPerson, findPeopleByHash, findPersonRow, insertPerson, updatePerson } from './people.repo.ts';

/** A person being helped, opened: only ever held in memory for the person using it. */
export interface Person {
  id: string;
  organisationId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber: string | null;
  phone: string | null;
  email: string | null;
  contactPreference: ContactPreference;
}

/** The ring every person's details are sealed with. */
function ringOf(ctx: ServiceContext): KeyRing {
  return keyRingOf(ctx.config.security);
}

/** Opens a sealed row. */
export function openPerson(ring: KeyRing, row: PersonRow): Person {
  const open = (value: string | null) => (value === null ? null : ring.open(value));
  return {
    id: row.id,
    organisationId: row.organisation_id,
    givenName: ring.open(row.given_name_enc),
    familyName: ring.open(row.family_name_enc),
    dateOfBirth: ring.open(row.date_of_birth_enc),
    nhsNumber: open(row.nhs_number_enc),
    phone: open(row.phone_enc),
    email: open(row.email_enc),
    contactPreference: ring.open(row.contact_preference_enc) as ContactPreference,
  };
}

function sealPerson(ring: KeyRing, form: PersonForm): SealedPerson {
  const seal = (value: string | null) => (value === null ? null : ring.seal(value));
  return {
    givenNameEnc: ring.seal(form.givenName),
    familyNameEnc: ring.seal(form.familyName),
    dateOfBirthEnc: ring.seal(form.dateOfBirth),
    nhsNumberEnc: seal(form.nhsNumber),
    phoneEnc: seal(form.phone),
    emailEnc: seal(form.email),
    contactPreferenceEnc: ring.seal(form.contactPreference),
    nhsNumberHash: form.nhsNumber ? nhsNumberHash(ring, form.nhsNumber) : null,
    nameDobHash: nameDobHash(ring, form.givenName, form.familyName, form.dateOfBirth),
  };
}

/** The scope of one organisation for a people permission: 404 with no standing there, 403 without the role. */
export function peopleScope(ctx: ServiceContext, organisationId: string, permission: Permission): Promise<Scope> {
  return authorise(ctx.db, actorOf(ctx), permission, organisationId);
}

async function loadPerson(db: Executor, scope: Scope, personId: string): Promise<PersonRow> {
  const row = isUuid(personId) ? await findPersonRow(db, scope, personId) : undefined;
  if (!row) {
    throw new NotFoundError();
  }
  return row;
}

/** Refuses a second record with the same NHS number in the organisation. */
async function refuseDuplicate(
  db: Executor,
  scope: Scope,
  ring: KeyRing,
  nhsNumber: string | null,
  except?: string,
): Promise<void> {
  if (!nhsNumber) {
    return;
  }
  const found = await findPeopleByHash(db, scope, 'nhs_number_hash', nhsNumberHashes(ring, nhsNumber));
  if (found.some((row) => row.id !== except)) {
    throw new ConflictError('Someone with this NHS number is already recorded', {
      nhsNumber: 'Someone with this NHS number is already recorded: find them instead',
    });
  }
}

/** Records a person being helped, every identifying detail sealed. Returns their id. */
export async function createPerson(ctx: ServiceContext, organisationId: string, form: PersonForm): Promise<string> {
  const scope = await peopleScope(ctx, organisationId, 'people:manage');
  const ring = ringOf(ctx);
  await refuseDuplicate(ctx.db, scope, ring, form.nhsNumber);
  const id = newId();
  await writeAudited(ctx, { action: 'person.created', subjectType: 'person', subjectId: id, organisationId }, (tx) =>
    insertPerson(tx.db, scope, {
      id,
      organisationId,
      createdBy: actorOf(tx).userId,
      now: tx.clock.now(),
      ...sealPerson(ring, form),
    }),
  );
  return id;
}

/** Changes a person's details (audited). */
export async function changePerson(
  ctx: ServiceContext,
  organisationId: string,
  personId: string,
  form: PersonForm,
): Promise<void> {
  const scope = await peopleScope(ctx, organisationId, 'people:manage');
  const row = await loadPerson(ctx.db, scope, personId);
  const ring = ringOf(ctx);
  await refuseDuplicate(ctx.db, scope, ring, form.nhsNumber, row.id);
  await writeAudited(
    ctx,
    { action: 'person.updated', subjectType: 'person', subjectId: row.id, organisationId },
    (tx) => updatePerson(tx.db, scope, row.id, { ...sealPerson(ring, form), now: tx.clock.now() }),
  );
}

/** One person's record, opened; the view is audited. `purpose` says whether it is for the edit form. */
export async function viewPerson(
  ctx: ServiceContext,
  organisationId: string,
  personId: string,
  purpose: 'view' | 'edit' = 'view',
): Promise<Person> {
  const scope = await peopleScope(ctx, organisationId, purpose === 'edit' ? 'people:manage' : 'people:view');
  const row = await loadPerson(ctx.db, scope, personId);
  await recordAudit(ctx.db, ctx.audit, {
    action: purpose === 'edit' ? 'person.edit-form-viewed' : 'person.viewed',
    subjectType: 'person',
    subjectId: row.id,
    organisationId,
  });
  return openPerson(ringOf(ctx), row);
}

/**
 * Finds people by NHS number, or by name and date of birth, through the keyed hashes (every
 * key in the ring, so a key change in progress loses no one). The search and how many it
 * found are audited, never what was typed.
 */
export async function findPeople(
  ctx: ServiceContext,
  organisationId: string,
  query: FindPersonQuery,
): Promise<Person[]> {
  const scope = await peopleScope(ctx, organisationId, 'people:view');
  const ring = ringOf(ctx);
  const rows = query.nhsNumber
    ? await findPeopleByHash(ctx.db, scope, 'nhs_number_hash', nhsNumberHashes(ring, query.nhsNumber))
    : await findPeopleByHash(
        ctx.db,
        scope,
        'name_dob_hash',
        nameDobHashes(ring, query.givenName ?? '', query.familyName ?? '', query.dateOfBirth ?? ''),
      );
  await recordAudit(ctx.db, ctx.audit, {
    action: 'person.searched',
    subjectType: 'person',
    subjectId: rows.length === 1 ? rows[0]?.id : undefined,
    organisationId,
    details: { by: query.nhsNumber ? 'nhs-number' : 'name-and-date-of-birth', found: rows.length },
  });
  return rows.map((row) => openPerson(ring, row));
}

/** The one person in the scope with this NHS number, or undefined (for linking a record to them). */
export async function personIdByNhsNumber(
  ctx: ServiceContext,
  scope: Scope,
  nhsNumber: string,
): Promise<string | undefined> {
  const rows = await findPeopleByHash(ctx.db, scope, 'nhs_number_hash', nhsNumberHashes(ringOf(ctx), nhsNumber));
  return rows[0]?.id;
}

/** What an activity lead may know of a person introduced to them: a first name and how to reach them. */
export interface IntroductionContact {
  firstName: string;
  contactMethod: ContactPreference;
  contact: string | null;
}

/**
 * A person as an activity lead sees them (domain S4): only the first name and the chosen
 * contact method, for a caller who has already authorised the introduction.
 */
export async function introductionContactOf(
  ctx: ServiceContext,
  scope: Scope,
  personId: string,
): Promise<IntroductionContact> {
  const person = openPerson(ringOf(ctx), await loadPerson(ctx.db, scope, personId));
  const contact =
    person.contactPreference === 'email' ? person.email : person.contactPreference === 'letter' ? null : person.phone;
  return { firstName: person.givenName, contactMethod: person.contactPreference, contact };
}
