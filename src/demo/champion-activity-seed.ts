import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { newId } from '../lib/ids.ts';
import type { AdHocCategory } from '../modules/champions/hours/hours.schemas.ts';
import { taxYearOf } from '../modules/champions/expenses/mileage.rules.ts';

const DAY = 86_400_000;
const iso = (date: Date) => date.toISOString().slice(0, 10);
// Ad hoc time only: session time is a row of its session (activities-sessions.ts) and meeting time comes from attendance.
const HOURS: { category: AdHocCategory; description: string }[] = [
  { category: 'preparation', description: 'Walked the Tuesday route to check it was clear' },
  { category: 'preparation', description: 'Set up the room for the craft group' },
  { category: 'directory_research', description: 'Checked three lunch clubs are still running' },
  { category: 'travel', description: 'To the community centre and back' },
  { category: 'other', description: 'Helped at the flu clinic' },
];
/** A tiny, valid PDF standing in for a scanned bus ticket. */
const RECEIPT = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/**
 * What active demo champions have done, so the champion, hours, expenses and meetings pages
 * are not empty on a fresh start: three entries of hours each (the older ones verified), one
 * claim waiting, one approved (with a car journey at 45p a mile) and one rejected, and a
 * champion meeting a fortnight ago with attendance (hours credited), a decision, ideas (one
 * proposed as an activity) and actions. Generated, small, and the same every time.
 */
export async function seedChampionActivityDemo(
  tx: Transaction<Database>,
  organisationId: string,
  coordinatorId: string | null,
  now: Date,
): Promise<void> {
  const active = await tx
    .selectFrom('champions')
    .select(['id', 'display_name'])
    .where('organisation_id', '=', organisationId)
    .where('stage', '=', 'active')
    .orderBy('display_name')
    .orderBy('id')
    .execute();
  if (active.length === 0) {
    return;
  }
  for (const [index, champion] of active.entries()) {
    for (let week = 0; week < 3; week += 1) {
      const entry = HOURS[(index + week) % HOURS.length] ?? HOURS[0];
      const verified = week > 0;
      await tx
        .insertInto('champion_hours')
        .values({
          id: newId(),
          organisation_id: organisationId,
          champion_id: champion.id,
          worked_on: iso(new Date(now.getTime() - (week * 7 + 1 + (index % 4)) * DAY)),
          minutes: 60 + 15 * ((index + week) % 5),
          category: entry?.category ?? 'other',
          description: entry?.description ?? '',
          status: verified ? 'verified' : 'logged',
          verified_by: verified ? coordinatorId : null,
          verified_at: verified ? new Date(now.getTime() - week * DAY) : null,
        })
        .execute();
    }
  }
  await seedClaims(
    tx,
    organisationId,
    active.map((champion) => champion.id),
    coordinatorId,
    now,
  );
  await seedMeeting(
    tx,
    organisationId,
    active.map((champion) => champion.id),
    coordinatorId,
    now,
  );
}

async function seedClaims(
  tx: Transaction<Database>,
  organisationId: string,
  championIds: string[],
  coordinatorId: string | null,
  now: Date,
): Promise<void> {
  const statuses = ['submitted', 'approved', 'rejected'] as const;
  for (const [index, status] of statuses.entries()) {
    const championId = championIds[index % championIds.length] ?? '';
    const spentOn = iso(new Date(now.getTime() - (10 + index * 5) * DAY));
    const claimId = newId();
    const lines = [
      {
        kind: 'travel' as const,
        description: 'Bus to the surgery and back',
        amount: 450 + index * 50,
        vehicle: null,
        miles: null,
        taxYear: null,
      },
      ...(status === 'approved'
        ? [
            {
              kind: 'mileage' as const,
              description: 'Drove the walk route to check it',
              amount: 12 * 45,
              vehicle: 'car' as const,
              miles: 12,
              taxYear: taxYearOf(spentOn),
            },
          ]
        : []),
    ];
    const total = lines.reduce((sum, line) => sum + line.amount, 0);
    const submittedAt = new Date(now.getTime() - (8 + index * 5) * DAY);
    await tx
      .insertInto('expense_claims')
      .values({
        id: claimId,
        organisation_id: organisationId,
        champion_id: championId,
        total_pence: total,
        submitted_at: submittedAt,
      })
      .execute();
    await tx
      .insertInto('expense_items')
      .values(
        lines.map((line, position) => ({
          id: newId(),
          claim_id: claimId,
          organisation_id: organisationId,
          champion_id: championId,
          spent_on: spentOn,
          kind: line.kind,
          description: line.description,
          amount_pence: line.amount,
          vehicle: line.vehicle,
          miles: line.miles,
          tax_year: line.taxYear,
          position,
        })),
      )
      .execute();
    await tx
      .insertInto('expense_receipts')
      .values({
        id: newId(),
        claim_id: claimId,
        organisation_id: organisationId,
        file_name: 'bus-ticket.pdf',
        content_type: 'application/pdf',
        size_bytes: RECEIPT.length,
        sha256: createHash('sha256').update(RECEIPT).digest('hex'),
        content: RECEIPT,
      })
      .execute();
    if (status !== 'submitted') {
      await tx
        .updateTable('expense_claims')
        .set({
          status,
          decided_by: coordinatorId,
          decided_at: new Date(submittedAt.getTime() + DAY),
          decision_reason:
            status === 'rejected' ? 'The ticket is for a journey on another day. Please send the right one.' : '',
        })
        .where('id', '=', claimId)
        .execute();
    }
  }
}

async function seedMeeting(
  tx: Transaction<Database>,
  organisationId: string,
  championIds: string[],
  coordinatorId: string | null,
  now: Date,
): Promise<void> {
  const meetingId = newId();
  const heldOn = iso(new Date(now.getTime() - 14 * DAY));
  const minutes = 90;
  await tx
    .insertInto('champion_meetings')
    .values({
      id: meetingId,
      organisation_id: organisationId,
      kind: 'champion_meeting',
      title: 'Monthly champions meeting',
      held_on: heldOn,
      minutes,
      location: 'Community room',
      notes: 'Good turnout. We looked back at the summer walks and planned the winter.',
      attendance_recorded_at: new Date(now.getTime() - 13 * DAY),
      created_by: coordinatorId,
    })
    .execute();
  for (const [index, championId] of championIds.entries()) {
    const attended = index < championIds.length - 1 || championIds.length === 1;
    await tx
      .insertInto('champion_meeting_invitations')
      .values({
        meeting_id: meetingId,
        champion_id: championId,
        organisation_id: organisationId,
        attended,
        invited_at: new Date(now.getTime() - 30 * DAY),
      })
      .execute();
    if (attended) {
      // Attendance credits the meeting's time, as recording it on the meeting page does.
      await tx
        .insertInto('champion_hours')
        .values({
          id: newId(),
          organisation_id: organisationId,
          champion_id: championId,
          worked_on: heldOn,
          minutes,
          category: 'meeting',
          description: 'Monthly champions meeting',
          meeting_id: meetingId,
        })
        .execute();
    }
  }
  const items = [
    {
      kind: 'decision' as const,
      text: 'Meet on the first Tuesday of each month',
      status: 'open' as const,
      owner: null,
      due: null,
    },
    {
      kind: 'idea' as const,
      text: 'Ukulele for beginners on Tuesday afternoons',
      status: 'proposed_activity' as const,
      owner: null,
      due: null,
    },
    { kind: 'idea' as const, text: 'A seed swap in the spring', status: 'open' as const, owner: null, due: null },
    {
      kind: 'action' as const,
      text: 'Book the community room for December',
      status: 'open' as const,
      owner: championIds[0] ?? null,
      due: iso(new Date(now.getTime() + 14 * DAY)),
    },
    {
      kind: 'action' as const,
      text: 'Print new walk leaflets',
      status: 'done' as const,
      owner: championIds[1] ?? championIds[0] ?? null,
      due: iso(new Date(now.getTime() - 3 * DAY)),
    },
  ];
  for (const [index, item] of items.entries()) {
    await tx
      .insertInto('champion_meeting_items')
      .values({
        id: newId(),
        meeting_id: meetingId,
        organisation_id: organisationId,
        kind: item.kind,
        text: item.text,
        owner_champion_id: item.owner,
        due_on: item.due,
        status: item.status,
        created_at: new Date(now.getTime() - 14 * DAY + index * 60_000),
      })
      .execute();
  }
}
