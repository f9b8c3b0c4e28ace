import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { AuditSource } from '../platform/audit/audit.ts';
import { encryptSecret } from '../platform/crypto.ts';
import type { Database } from '../platform/db/schema.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { newId } from '../lib/ids.ts';
import { hashPassword } from '../modules/accounts/index.ts';
import { seedDemoActivities } from './activities-seed.ts';
import { ensureDemoPipelines } from './champions-pipelines.ts';
import { seedChampionsDemo } from './champions-seed.ts';
import { seedDemoDirectory } from './directory-seed.ts';

/** Every demo account shares this password; printed at start-up, never used outside demos. */
export const DEMO_PASSWORD = 'walking-group-teapot';
/** The demo system administrator's two-factor key (base32), printed with the log-ins. */
export const DEMO_ADMIN_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
/** All demo people have addresses on this reserved, undeliverable domain. */
export const DEMO_DOMAIN = 'demo.thirdspace.invalid';

interface DemoOrganisation {
  key: string;
  kind: 'area' | 'network' | 'practice' | 'setting' | 'programme';
  subtype: string;
  name: string;
  odsCode?: string;
  parent?: string;
  postcode?: string;
}

const ORGANISATIONS: DemoOrganisation[] = [
  { key: 'icb', kind: 'area', subtype: 'icb', name: 'Northvale Integrated Care Board (demo)', odsCode: 'QZZ' },
  {
    key: 'riverside',
    kind: 'network',
    subtype: 'pcn',
    name: 'Riverside Primary Care Network (demo)',
    odsCode: 'U99001',
    parent: 'icb',
  },
  {
    key: 'uplands',
    kind: 'network',
    subtype: 'pcn',
    name: 'Uplands Primary Care Network (demo)',
    odsCode: 'U99002',
    parent: 'icb',
  },
  {
    key: 'canal',
    kind: 'practice',
    subtype: 'gp_practice',
    name: 'Canal Street Surgery (demo)',
    odsCode: 'Y99901',
    parent: 'riverside',
    postcode: 'LS28 7AA',
  },
  {
    key: 'millbrook',
    kind: 'practice',
    subtype: 'gp_practice',
    name: 'Millbrook Medical Centre (demo)',
    odsCode: 'Y99902',
    parent: 'riverside',
    postcode: 'LS28 9BB',
  },
  {
    key: 'hillside',
    kind: 'practice',
    subtype: 'gp_practice',
    name: 'Hillside Health Centre (demo)',
    odsCode: 'Y99903',
    parent: 'uplands',
    postcode: 'BD10 8CC',
  },
  {
    key: 'rosecourt',
    kind: 'setting',
    subtype: 'care_home',
    name: 'Rose Court Care Home (demo)',
    odsCode: 'DEMO01',
    parent: 'riverside',
  },
  { key: 'programme', kind: 'programme', subtype: 'programme', name: 'Together Better Programme (demo)' },
];

/** Demo people who can sign in, each with the roles the product's scenarios need. */
export const DEMO_PEOPLE: { email: string; name: string; roles: [string, string][]; admin?: boolean }[] = [
  { email: `admin@${DEMO_DOMAIN}`, name: 'Sam Admin', roles: [], admin: true },
  { email: `manager.canal@${DEMO_DOMAIN}`, name: 'Priya Shah', roles: [['canal', 'practice_manager']] },
  { email: `coordinator.canal@${DEMO_DOMAIN}`, name: 'Dawn Mitchell', roles: [['canal', 'coordinator']] },
  {
    email: `champion@${DEMO_DOMAIN}`,
    name: 'Joan Walker',
    roles: [
      ['canal', 'champion'],
      ['millbrook', 'champion'],
    ],
  },
  { email: `reception.millbrook@${DEMO_DOMAIN}`, name: 'Tom Okafor', roles: [['millbrook', 'receptionist']] },
  { email: `manager.millbrook@${DEMO_DOMAIN}`, name: 'Helen Price', roles: [['millbrook', 'practice_manager']] },
  {
    email: `gp.canal@${DEMO_DOMAIN}`,
    name: 'Dr Amir Rahman',
    roles: [
      ['canal', 'clinician'],
      ['canal', 'safeguarding_lead'],
    ],
  },
  { email: `linkworker@${DEMO_DOMAIN}`, name: 'Grace Adeyemi', roles: [['riverside', 'link_worker']] },
  { email: `network.lead@${DEMO_DOMAIN}`, name: 'Dr Sarah Lee', roles: [['riverside', 'network_lead']] },
  { email: `coordinator.riverside@${DEMO_DOMAIN}`, name: 'Femi Adebayo', roles: [['riverside', 'coordinator']] },
  { email: `manager.hillside@${DEMO_DOMAIN}`, name: 'Owen Jones', roles: [['hillside', 'practice_manager']] },
  { email: `manager.rosecourt@${DEMO_DOMAIN}`, name: 'Bridget Kelly', roles: [['rosecourt', 'practice_manager']] },
  { email: `commissioner@${DEMO_DOMAIN}`, name: 'Mark Ellis', roles: [['icb', 'commissioner']] },
  { email: `facilitator@${DEMO_DOMAIN}`, name: 'Ruth Green', roles: [['programme', 'facilitator']] },
];

/** The demo organisations' ODS codes. */
const DEMO_ODS_CODES = ORGANISATIONS.flatMap((organisation) => (organisation.odsCode ? [organisation.odsCode] : []));

/** More champions with no log-in yet, so totals are above the suppression threshold. */
const EXTRA_CHAMPIONS = [
  'Alan Brooks',
  'Beryl Singh',
  'Colin Hart',
  'Maya Patel',
  'Eileen Ward',
  'Frank Osei',
  'Gita Rao',
];

/**
 * Loads the clearly fictional demo world, once: if the demo area already exists nothing is
 * changed. Returns true when it loaded.
 */
export async function seedDemo(
  db: Kysely<Database>,
  config: Config,
  audit: AuditSource = { actorUserId: null },
): Promise<boolean> {
  const present = await db.selectFrom('organisations').select('id').where('ods_code', '=', 'QZZ').executeTakeFirst();
  if (present) {
    // Demo data loaded before the directory or activities existed gains them now (each runs once).
    await seedDemoDirectory(db);
    await seedDemoActivities(db, config, DEMO_DOMAIN, { audit });
    await ensureDemoPipelines(db, DEMO_ODS_CODES, DEMO_DOMAIN);
    return false;
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await withTransaction(db, async (tx) => {
    const ids = new Map<string, string>();
    for (const organisation of ORGANISATIONS) {
      const id = newId();
      ids.set(organisation.key, id);
      await tx
        .insertInto('organisations')
        .values({
          id,
          kind: organisation.kind,
          subtype: organisation.subtype,
          name: organisation.name,
          ods_code: organisation.odsCode ?? null,
          parent_id: organisation.parent ? (ids.get(organisation.parent) ?? null) : null,
          postcode: organisation.postcode ?? null,
        })
        .execute();
    }
    const idOf = (key: string) => ids.get(key) as string;
    for (const practice of ['canal', 'millbrook']) {
      await tx
        .insertInto('programme_practices')
        .values({ programme_id: idOf('programme'), practice_id: idOf(practice) })
        .execute();
    }
    for (const person of DEMO_PEOPLE) {
      const userId = newId();
      await tx
        .insertInto('users')
        .values({
          id: userId,
          email: person.email,
          display_name: person.name,
          password_hash: passwordHash,
          is_system_admin: person.admin ?? false,
          totp_secret_enc: person.admin ? encryptSecret(config.security.encryptionKey, DEMO_ADMIN_TOTP_SECRET) : null,
          totp_enabled_at: person.admin ? new Date() : null,
        })
        .execute();
      for (const [organisation, role] of person.roles) {
        await tx
          .insertInto('memberships')
          .values({ id: newId(), user_id: userId, organisation_id: idOf(organisation), role, granted_by: null })
          .execute();
      }
    }
    for (const [index, name] of EXTRA_CHAMPIONS.entries()) {
      const userId = newId();
      const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${DEMO_DOMAIN}`;
      await tx.insertInto('users').values({ id: userId, email, display_name: name, password_hash: null }).execute();
      await tx
        .insertInto('memberships')
        .values({
          id: newId(),
          user_id: userId,
          organisation_id: idOf(index % 2 === 0 ? 'canal' : 'millbrook'),
          role: 'champion',
          granted_by: null,
        })
        .execute();
    }
    await seedChampionsDemo(tx, { canal: idOf('canal'), millbrook: idOf('millbrook') }, DEMO_DOMAIN);
    await tx
      .insertInto('audit_events')
      .values({
        id: newId(),
        actor_user_id: audit.actorUserId,
        action: 'demo.seeded',
        request_id: audit.requestId ?? null,
        details: JSON.stringify({ organisations: ORGANISATIONS.length }),
      })
      .execute();
  });
  await seedDemoDirectory(db);
  await seedDemoActivities(db, config, DEMO_DOMAIN, { audit });
  // After the activities, whose rota and leads come from the active champions already there.
  await ensureDemoPipelines(db, DEMO_ODS_CODES, DEMO_DOMAIN);
  return true;
}

/** The lines printed at start-up so people can try the demo. */
export function demoLogInLines(baseUrl: string): string[] {
  return [
    `Demo log-ins at ${baseUrl}/sign-in (password for all: ${DEMO_PASSWORD})`,
    ...DEMO_PEOPLE.map((person) => {
      const roles = person.roles.map(([organisation, role]) => `${role} @ ${organisation}`).join(', ');
      return `  ${person.email.padEnd(46)} ${person.admin ? 'system administrator' : roles}`;
    }),
    `  The administrator needs a two-factor code: add key ${DEMO_ADMIN_TOTP_SECRET} to an authenticator app, or run: npm run cli -- demo-code`,
  ];
}
