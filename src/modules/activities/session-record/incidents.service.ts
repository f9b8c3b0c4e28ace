import { recordAudit } from '../../../platform/audit/audit.ts';
import { type Scope, trustedScope } from '../../../platform/auth/policy.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { formatDate } from '../../../platform/views/format.ts';
import { markIncidentRouted, membersWithRole, networkOf, type SessionForRecord } from './session-record.repo.ts';

/** A time of day in London, like 14:05. */
export function londonTime(value: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(value);
}

/**
 * Who hears about an incident flagged at a session: the safeguarding leads of the session's
 * organisation; if it has none, those of its network; if there are none there either, the
 * organisation's practice managers, so a flag is never lost.
 */
export async function incidentRecipients(
  db: Executor,
  organisationId: string,
): Promise<{ email: string; displayName: string }[]> {
  // Whoever records the session may raise the flag; who hears of it is decided here, not by them.
  const own = await membersWithRole(db, trustedScope([organisationId], 'linked'), organisationId, 'safeguarding_lead');
  if (own.length > 0) {
    return own;
  }
  const network = await networkOf(db, organisationId);
  const networkLeads = network
    ? await membersWithRole(db, trustedScope([network], 'linked'), network, 'safeguarding_lead')
    : [];
  if (networkLeads.length > 0) {
    return networkLeads;
  }
  return membersWithRole(db, trustedScope([organisationId], 'linked'), organisationId, 'practice_manager');
}

/**
 * Routes a session's incident flag, inside the recording transaction: an email to each
 * recipient saying an incident was flagged at the activity on the date and who recorded it,
 * and nothing else (the session keeps only the flag; the detail belongs with the
 * safeguarding lead). Marks the session routed and audits it. Returns how many were told.
 */
export async function routeIncident(
  tx: Executor,
  ctx: ServiceContext,
  scope: Scope,
  session: SessionForRecord,
  recorder: { name: string; email: string },
): Promise<number> {
  const recipients = await incidentRecipients(tx, session.organisation_id);
  const when = `${formatDate(session.starts_at)} (the session starting at ${londonTime(session.starts_at)})`;
  for (const recipient of recipients) {
    await ctx.notifier.sendEmail(tx, {
      to: recipient.email,
      organisationId: session.organisation_id,
      subject: `Incident flagged at ${session.activity_name}`,
      body: [
        `Dear ${recipient.displayName},`,
        '',
        `An incident was flagged at ${session.activity_name} (${session.organisation_name}) on ${when}.`,
        `It was recorded by ${recorder.name} (${recorder.email}).`,
        '',
        'No details are kept with the session record. Please contact them to find out what happened and follow your safeguarding procedures.',
      ].join('\n'),
    });
  }
  if (recipients.length > 0) {
    await markIncidentRouted(tx, scope, session.id);
  }
  await recordAudit(tx, ctx.audit, {
    action: 'activity.incident-routed',
    subjectType: 'activity_session',
    subjectId: session.id,
    organisationId: session.organisation_id,
    details: { activityId: session.activity_id, recipients: recipients.length },
  });
  return recipients.length;
}
