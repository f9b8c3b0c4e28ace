import { formatDate } from '../../../platform/views/format.ts';

/** A date as the campaign pages show it ("1 March 2026"), or `none` when it is not set. */
const dateOr = (value: unknown, none: string) => formatDate(value as string | null) || none;

/** The practice a campaign page is about, with its public "become a champion" page when it has an ODS code. */
function presentPractice(organisation: { id: string; name: string; ods_code: string | null }) {
  return {
    id: organisation.id,
    name: organisation.name,
    publicPage: organisation.ods_code ? `/practices/${organisation.ods_code}/become-a-champion` : null,
  };
}

/** The campaigns page: each campaign's name, channel, start date and how many people it brought in. */
export function presentCampaignList(data: {
  organisation: { id: string; name: string; ods_code: string | null };
  campaigns: { id: string; name: string; channel: string; starts_on: unknown; people: number }[];
}) {
  return {
    organisation: presentPractice(data.organisation),
    campaigns: data.campaigns.map((campaign) => ({
      id: campaign.id,
      name: campaign.name,
      channel: campaign.channel,
      starts: dateOr(campaign.starts_on, 'Not set'),
      people: campaign.people,
    })),
  };
}

/** One campaign's page: its dates, link, QR code and the people it brought in. */
export function presentCampaign(data: {
  organisation: { id: string; name: string; ods_code: string | null };
  campaign: { name: string; channel: string; starts_on: unknown; ends_on: unknown };
  link: string;
  qrCode: string;
  people: number;
}) {
  return {
    organisation: presentPractice(data.organisation),
    campaign: {
      name: data.campaign.name,
      channel: data.campaign.channel,
      dates: `${dateOr(data.campaign.starts_on, 'Not set')} to ${dateOr(data.campaign.ends_on, 'not set')}`,
    },
    link: data.link,
    qrCode: data.qrCode,
    people: data.people,
  };
}
