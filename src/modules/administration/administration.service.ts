import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { ForbiddenError, NotFoundError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';

const OUTBOX_PAGE_SIZE = 50;

function requireAdmin(ctx: ServiceContext): void {
  if (!ctx.actor?.isSystemAdmin) {
    throw new ForbiddenError();
  }
}

/** Every organisation with its parent's name: the tenancy view for system administrators. */
export async function listAllOrganisations(ctx: ServiceContext) {
  requireAdmin(ctx);
  return ctx.db
    .selectFrom('organisations as o')
    .leftJoin('organisations as parent', 'parent.id', 'o.parent_id')
    .select(['o.id', 'o.name', 'o.kind', 'o.subtype', 'o.ods_code', 'parent.name as parentName'])
    .orderBy('o.kind')
    .orderBy('o.name')
    .execute();
}

/**
 * Every programme with the practices it could still be asked to support. `keep` puts a
 * practice someone chose back among a programme's choices, so a refused form shows it.
 */
export async function listProgrammeChoices(ctx: ServiceContext, organisations: { id: string; name: string; kind: string }[], keep?: { programmeId: string; practiceId: string }) {
  requireAdmin(ctx);
  const rows = await ctx.db.selectFrom('programme_practices').select(['programme_id', 'practice_id']).execute();
  const linked = new Set(rows.map((row) => `${row.programme_id}:${row.practice_id}`));
  const practices = organisations.filter((organisation) => organisation.kind === 'practice');
  return organisations
    .filter((organisation) => organisation.kind === 'programme')
    .map((programme) => {
      const kept = keep?.programmeId === programme.id ? keep.practiceId : undefined;
      const candidates = practices
        .filter((practice) => practice.id === kept || !linked.has(`${programme.id}:${practice.id}`))
        .map((practice) => ({ value: practice.id, text: practice.name, selected: practice.id === kept }));
      return { ...programme, candidates };
    });
}

/** The outbox, newest first. Recipients are personal data, so each look is audited. */
export async function listOutbox(ctx: ServiceContext, page: number) {
  requireAdmin(ctx);
  const total = Number((await ctx.db.selectFrom('outbox_messages').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst())?.total ?? 0);
  const messages = await ctx.db
    .selectFrom('outbox_messages')
    .select(['id', 'recipient', 'subject', 'status', 'transport', 'attempts', 'created_at', 'sent_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(OUTBOX_PAGE_SIZE)
    .offset((page - 1) * OUTBOX_PAGE_SIZE)
    .execute();
  await recordAudit(ctx.db, ctx.audit, { action: 'outbox.viewed', details: { page } });
  return { messages, total, page, pages: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)) };
}

/** One outbox message in full (its links are live: the read is audited). */
export async function readOutboxMessage(ctx: ServiceContext, messageId: string) {
  requireAdmin(ctx);
  if (!isUuid(messageId)) {
    throw new NotFoundError();
  }
  const message = await ctx.db.selectFrom('outbox_messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  if (!message) {
    throw new NotFoundError();
  }
  await recordAudit(ctx.db, ctx.audit, { action: 'outbox.message-read', subjectType: 'outbox_message', subjectId: messageId, organisationId: message.organisation_id });
  return message;
}
