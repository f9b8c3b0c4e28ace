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

/** The record page: the record, the next stage, the form choices, and a notice or a failed form. */
export function presentRecord(record: ApplicantRecord, extra: { flash?: string } | Partial<FormState> = {}) {
  return {
    ...record,
    next: nextStage(record.champion.stage),
    choices: CHOICES,
    ...extra,
    columnClass: 'nhsuk-grid-column-full',
  };
}
