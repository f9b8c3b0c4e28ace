import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { trustedScope } from '../../../platform/auth/policy.ts';
import { actorOf, inTransaction, type ServiceContext } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import type { CampaignForm } from '../shared/champions.schemas.ts';
import { manageScope, organisationIn } from '../shared/champions.policy.ts';
import { londonToday } from '../../../lib/dates.ts';
import {
  campaignsIn,
  countCampaignPeople,
  findCampaign,
  findCampaignByCode,
  findPracticeCampaign,
  insertCampaign,
} from './campaigns.repo.ts';

/** A short, unguessable-enough campaign code for links and QR codes. */
function newCampaignCode(): string {
  return randomBytes(6)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');
}

/** Campaigns of a practice, newest first, with how many people each brought in. */
export async function listCampaigns(ctx: ServiceContext, organisationId: string) {
  const scope = await manageScope(ctx, organisationId);
  const organisation = await organisationIn(ctx, scope, organisationId);
  return { organisation, campaigns: await campaignsIn(ctx.db, scope) };
}

/** Starts a campaign; returns its id. */
export async function createCampaign(
  ctx: ServiceContext,
  organisationId: string,
  form: z.infer<typeof CampaignForm>,
): Promise<string> {
  return inTransaction(ctx, async (tx) => {
    const scope = await manageScope(tx, organisationId);
    await organisationIn(tx, scope, organisationId);
    const id = newId();
    await insertCampaign(tx.db, scope, {
      id,
      organisation_id: organisationId,
      code: newCampaignCode(),
      name: form.name,
      channel: form.channel,
      starts_on: form.startsOn || null,
      ends_on: form.endsOn || null,
      created_by: actorOf(tx).userId,
    });
    await recordAudit(tx.db, tx.audit, {
      action: 'campaign.created',
      subjectType: 'champion_campaign',
      subjectId: id,
      organisationId,
      details: { channel: form.channel },
    });
    return id;
  });
}

/** One campaign with its public link and a QR code of it (a data: URL PNG). */
export async function viewCampaign(ctx: ServiceContext, organisationId: string, campaignId: string) {
  const scope = await manageScope(ctx, organisationId);
  const organisation = await organisationIn(ctx, scope, organisationId);
  if (!isUuid(campaignId)) {
    throw new NotFoundError();
  }
  const campaign = await findCampaign(ctx.db, scope, campaignId);
  if (!campaign) {
    throw new NotFoundError();
  }
  const link = `${ctx.config.baseUrl}/join/${campaign.code}`;
  const qrCode = await QRCode.toDataURL(link, { margin: 1, width: 240, errorCorrectionLevel: 'M' });
  return { organisation, campaign, link, qrCode, people: await countCampaignPeople(ctx.db, scope, campaign.id) };
}

/** Where a campaign link leads: the practice's public page, tagged with the campaign. */
export async function resolveCampaign(ctx: ServiceContext, code: string): Promise<string> {
  if (!/^[a-z0-9-]{3,40}$/.test(code)) {
    throw new NotFoundError();
  }
  const row = await findCampaignByCode(ctx.db, code);
  if (!row?.ods_code) {
    throw new NotFoundError();
  }
  return `/practices/${encodeURIComponent(row.ods_code)}/become-a-champion?campaign=${row.code}`;
}

/** A campaign named on the public form: its id, and whether its end date has passed (UK dates). */
export interface CampaignOnForm {
  id: string;
  name: string;
  endsOn: string | null;
  ended: boolean;
}

/** The practice's campaign with this code, or undefined; `ended` once its end date has passed. */
export async function campaignOnForm(
  db: Executor,
  organisationId: string,
  code: string,
  now: Date = new Date(),
): Promise<CampaignOnForm | undefined> {
  if (!/^[a-z0-9-]{3,40}$/.test(code)) {
    return undefined;
  }
  // Anyone may name a campaign on a practice's public form: it is looked up in that practice alone.
  const row = await findPracticeCampaign(db, trustedScope([organisationId], 'public'), code);
  if (!row) {
    return undefined;
  }
  // Date columns are read as 'YYYY-MM-DD' text on both engines (platform/db/database.ts).
  const endsOn = row.ends_on === null ? null : String(row.ends_on).slice(0, 10);
  return { id: row.id, name: row.name, endsOn, ended: endsOn !== null && endsOn < londonToday(now) };
}
