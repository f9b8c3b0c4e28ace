import type { agreementToSign, listAgreementTemplates, myAgreements } from './agreements.service.ts';
import { presentChampionHeading } from '../shared/champions.presenter.ts';

type AgreementVersions = Awaited<ReturnType<typeof listAgreementTemplates>>;
type MyAgreements = Awaited<ReturnType<typeof myAgreements>>;
type AgreementToSign = Awaited<ReturnType<typeof agreementToSign>>;

/** One version of an agreement text, as the pages show it. */
function presentVersion(template: AgreementToSign['template']) {
  return {
    id: template.id,
    title: template.title,
    version: template.version,
    body: template.body,
    createdAt: template.created_at,
  };
}

/** The coordinators' agreements page: the current version of each agreement. */
export function presentAgreementVersions(data: AgreementVersions) {
  return {
    organisation: { id: data.organisation.id, name: data.organisation.name },
    agreements: data.agreements.map(presentVersion),
  };
}

/** The sign-on-behalf page: the champion's heading and the agreement version. */
export function presentAgreementToSign(data: AgreementToSign) {
  return { ...presentChampionHeading(data), template: presentVersion(data.template) };
}

/** A champion's own agreements page: each current agreement and when they signed it. */
export function presentMyAgreements(data: MyAgreements) {
  return {
    organisation: { id: data.organisation.id, name: data.organisation.name },
    hasRecord: data.champion !== null,
    agreements: data.agreements.map((entry) => ({
      template: presentVersion(entry.template),
      signed: entry.signed ? { signedAt: entry.signed.signed_at } : null,
      needsNewSignature: entry.needsNewSignature,
    })),
  };
}
