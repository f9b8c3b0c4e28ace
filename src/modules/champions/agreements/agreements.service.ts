import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { authorise, type Scope } from '../../../platform/auth/policy.ts';
import { actorOf, inTransaction, type ServiceContext } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { ConflictError, NotFoundError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import { manageScope, organisationIn } from '../shared/champions.policy.ts';
import { ensureChampionDefaults } from '../settings/champion-defaults.service.ts';
import { managedChampion } from '../checks/checks.service.ts';
import { findChampionForUser } from '../recruitment/recruitment.service.ts';
import {
  activeChampionLogIns,
  agreementsFor,
  currentAgreements,
  findAgreementVersion,
  insertAgreementVersion,
  insertSignature,
  latestVersion,
} from './agreements.repo.ts';

/** Agreement kinds as people say them. */
export const AGREEMENT_KINDS = {
  volunteer: 'Volunteer agreement',
  confidentiality: 'Confidentiality agreement',
  media_consent: 'Photo and media consent',
} as const;

const text = (max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : ''),
    z.string().max(max, `Must be ${max} characters or fewer`),
  );

/** A new version of an agreement's text. */
export const AgreementVersionForm = z.object({
  kind: z.preprocess(
    (value) => (typeof value === 'string' ? value : ''),
    z.enum(['volunteer', 'confidentiality', 'media_consent'], { error: 'Select which agreement this is' }),
  ),
  title: text(200).pipe(z.string().min(1, 'Enter a title')),
  body: text(10_000).pipe(z.string().min(1, 'Enter the text of the agreement')),
});

/** A signature recorded by a coordinator on the champion's behalf. */
export const SignOnBehalfForm = z.object({
  note: text(500).pipe(z.string().min(1, 'Say how the champion agreed, for example “Signed a paper copy on 3 March”')),
});

/** The agreements page for coordinators: current versions (defaults seeded on first use). */
export async function listAgreementTemplates(ctx: ServiceContext, organisationId: string) {
  const scope = await manageScope(ctx, organisationId);
  const organisation = await organisationIn(ctx, scope, organisationId);
  await ensureChampionDefaults(ctx.db, organisationId);
  return { organisation, agreements: await currentAgreements(ctx.db, scope, organisationId) };
}

/**
 * Publishes a new version of an agreement: everyone is asked to sign again, and every active
 * champion with a log-in is emailed a link to read and sign it (their /champion page says so too).
 */
export async function publishAgreementVersion(
  ctx: ServiceContext,
  organisationId: string,
  form: z.infer<typeof AgreementVersionForm>,
): Promise<void> {
  const scope = await manageScope(ctx, organisationId);
  const organisation = await organisationIn(ctx, scope, organisationId);
  await inTransaction(ctx, async ({ db: tx }) => {
    const id = newId();
    await insertAgreementVersion(tx, scope, {
      id,
      organisation_id: organisationId,
      kind: form.kind,
      version: (await latestVersion(tx, scope, organisationId, form.kind)) + 1,
      title: form.title,
      body: form.body,
      created_by: actorOf(ctx).userId,
    });
    const champions = await activeChampionLogIns(tx, scope, organisationId);
    for (const champion of champions) {
      await ctx.notifier.sendEmail(tx, {
        to: champion.email,
        organisationId,
        subject: `Please read and sign the new ${form.title.toLowerCase()}`,
        body: [
          `${organisation.name} has published a new version of the ${form.title.toLowerCase()}.`,
          '',
          'Please sign in, read it and sign it:',
          `${ctx.config.baseUrl}/organisations/${organisationId}/my-agreements`,
        ].join('\n'),
      });
    }
    await recordAudit(tx, ctx.audit, {
      action: 'agreement.published',
      subjectType: 'champion_agreement_template',
      subjectId: id,
      organisationId,
      details: { kind: form.kind, emailed: champions.length },
    });
  });
}

/** One agreement version of the organisation, or NotFound. */
async function agreementIn(db: Executor, scope: Scope, organisationId: string, templateId: string) {
  const template = isUuid(templateId) ? await findAgreementVersion(db, scope, organisationId, templateId) : undefined;
  if (!template) {
    throw new NotFoundError();
  }
  return template;
}

/** The sign-on-behalf page's data. */
export async function agreementToSign(
  ctx: ServiceContext,
  organisationId: string,
  championId: string,
  templateId: string,
) {
  const { scope, champion, organisation } = await managedChampion(ctx, organisationId, championId);
  const template = await agreementIn(ctx.db, scope, organisationId, templateId);
  // The page names the champion: an audited read.
  await recordAudit(ctx.db, ctx.audit, {
    action: 'champion.agreement-viewed',
    subjectType: 'champion',
    subjectId: champion.id,
    organisationId,
    details: { templateId: template.id },
  });
  return { champion, organisation, template };
}

/** A coordinator records the champion's agreement on their behalf. */
export async function signOnBehalf(
  ctx: ServiceContext,
  organisationId: string,
  championId: string,
  templateId: string,
  note: string,
): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { scope, champion } = await managedChampion(tx, organisationId, championId);
    const template = await agreementIn(tx.db, scope, organisationId, templateId);
    await insertSignature(tx.db, scope, champion.id, template.id, actorOf(tx).userId, true, note);
    await recordAudit(tx.db, tx.audit, {
      action: 'champion.agreement-signed',
      subjectType: 'champion',
      subjectId: champion.id,
      organisationId,
      details: { kind: template.kind, version: template.version, onBehalf: true },
    });
  });
}

/** The signed-in champion's own agreements in an organisation (none until they have a champion record). */
export async function myAgreements(ctx: ServiceContext, organisationId: string) {
  const actor = actorOf(ctx);
  const scope = await authorise(ctx.db, actor, 'champions:self', organisationId);
  const organisation = await organisationIn(ctx, scope, organisationId);
  const champion = await findChampionForUser(ctx.db, actor.userId, organisationId);
  return {
    champion: champion ?? null,
    scope,
    organisation,
    agreements: champion ? await agreementsFor(ctx.db, scope, organisationId, champion.id) : [],
  };
}

/** The signed-in champion signs an agreement themselves: only the current version of each agreement. */
export async function signMyself(ctx: ServiceContext, organisationId: string, templateId: string): Promise<void> {
  return inTransaction(ctx, async (tx) => {
    const { champion, scope } = await myAgreements(tx, organisationId);
    if (!champion) {
      throw new NotFoundError();
    }
    const template = await agreementIn(tx.db, scope, organisationId, templateId);
    if (!(await currentAgreements(tx.db, scope, organisationId)).some((current) => current.id === template.id)) {
      throw new ConflictError(
        'This version of the agreement has been replaced. Go back to your agreements to read and sign the current one',
      );
    }
    await insertSignature(tx.db, scope, champion.id, template.id, actorOf(tx).userId, false, '');
    await recordAudit(tx.db, tx.audit, {
      action: 'champion.agreement-signed',
      subjectType: 'champion',
      subjectId: champion.id,
      organisationId,
      details: { kind: template.kind, version: template.version, onBehalf: false },
    });
  });
}
