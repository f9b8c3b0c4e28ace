import type { FormState } from '../../../platform/http/forms.ts';
import { nextStage } from '../shared/champions.schemas.ts';
import { CHOICES } from '../shared/champions.presenter.ts';
import type { applicantRecord } from './record.service.ts';

/** Everything the record page reads about one applicant or champion. */
export type ApplicantRecord = Awaited<ReturnType<typeof applicantRecord>>;

/** Which notice the record page shows after a change (`?done=`). */
export const RECORD_NOTICES: Record<string, string> = {
  moved: 'Stage changed.',
  'agreements-invited':
    'Stage changed. We have emailed them an invitation to sign in, so they can read and sign their agreements themselves.',
  activated: 'They are now an active champion. We have emailed them an invitation to sign in.',
  'activated-linked': 'They are now an active champion.',
  'activated-pending':
    'They are now an active champion. They have not yet accepted the invitation to sign in that we emailed them.',
  paused: 'They are paused.',
  check: 'Check decision recorded.',
  reference: 'Reference recorded.',
  training: 'Training recorded.',
  role: 'Role given.',
  signed: 'Signature recorded.',
  ticked: 'Induction item ticked.',
};

/** The person the record is about, as the page shows them. */
function presentChampion(champion: ApplicantRecord['champion']) {
  return {
    id: champion.id,
    displayName: champion.display_name,
    stage: champion.stage,
    stageChangedAt: champion.stage_changed_at,
    email: champion.email,
    phone: champion.phone,
    accessNeeds: champion.access_needs,
    heardVia: champion.heard_via,
    createdAt: champion.created_at,
    hasLogIn: Boolean(champion.user_id),
  };
}

/** Each role template with what it needs and whether the champion holds or is cleared for it. */
function presentClearances(clearances: ApplicantRecord['clearances']) {
  return clearances.map((entry) => ({
    template: {
      id: entry.template.id,
      name: entry.template.name,
      checkLevel: entry.template.check_level,
      referencesRequired: entry.template.references_required,
      training: entry.template.training,
    },
    held: entry.held,
    cleared: entry.cleared,
    missing: entry.missing,
  }));
}

/** The checks, references and training recorded for the champion. */
function presentChecks(record: ApplicantRecord) {
  return {
    checks: record.checks.map((check) => ({
      level: check.level,
      issuedOn: check.issued_on,
      certificateReference: check.certificate_reference,
      updateService: check.update_service,
      expiresOn: check.expires_on,
      clearedByName: check.cleared_by_name,
    })),
    references: record.references.map((reference) => ({
      refereeName: reference.referee_name,
      receivedOn: reference.received_on,
    })),
    training: record.training.map((course) => ({
      course: course.course,
      completedOn: course.completed_on,
      expiresOn: course.expires_on,
    })),
  };
}

/** The current agreements and whether (and how) the champion signed each. */
function presentAgreements(agreements: ApplicantRecord['agreements']) {
  return agreements.map((entry) => ({
    template: { id: entry.template.id, title: entry.template.title, version: entry.template.version },
    signed: entry.signed
      ? {
          signedAt: entry.signed.signed_at,
          onBehalf: entry.signed.on_behalf,
          signedByName: entry.signed.signed_by_name,
          note: entry.signed.note,
        }
      : null,
    needsNewSignature: entry.needsNewSignature,
  }));
}

/** The induction checklist and which items are ticked, when and by whom. */
function presentInduction(induction: ApplicantRecord['induction']) {
  return induction.map((entry) => ({
    item: { id: entry.item.id, label: entry.item.label },
    tick: entry.tick ? { tickedAt: entry.tick.ticked_at, tickedByName: entry.tick.ticked_by_name } : null,
  }));
}

/** The stage moves, oldest first. */
function presentHistory(history: ApplicantRecord['history']) {
  return history.map((move) => ({
    toStage: move.to_stage,
    roleOffered: move.role_offered,
    changedAt: move.changed_at,
    changedByName: move.changed_by_name,
    note: move.note,
  }));
}

/** The record page: the record, the next stage, the form choices, and a notice or a failed form. */
export function presentRecord(record: ApplicantRecord, extra: { flash?: string } | Partial<FormState> = {}) {
  return {
    organisation: { id: record.organisation.id, name: record.organisation.name },
    champion: presentChampion(record.champion),
    tags: record.tags,
    history: presentHistory(record.history),
    clearances: presentClearances(record.clearances),
    ...presentChecks(record),
    agreements: presentAgreements(record.agreements),
    induction: presentInduction(record.induction),
    canManage: record.canManage,
    next: nextStage(record.champion.stage),
    choices: CHOICES,
    ...extra,
    columnClass: 'nhsuk-grid-column-full',
  };
}
