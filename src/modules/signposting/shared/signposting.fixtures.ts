import type { FastifyInstance } from 'fastify';
import type { Agent } from '../../../../test/helpers/agent.ts';
import { buildService, uniqueWord } from '../../../../test/helpers/directory.ts';
import { buildArea, buildNetwork, buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { seededTermId } from '../../directory/index.ts';

/** The seeded "loneliness" need. */
export const LONELINESS = seededTermId('needs', 'loneliness');
/** The seeded "money" need. */
export const MONEY = seededTermId('needs', 'money');

/** Florence, fictional, with a number from the NHS's test range (999…) that passes modulus 11. */
export const FLORENCE = {
  givenName: 'Florence',
  familyName: 'Nightwood',
  'dateOfBirth[day]': '14',
  'dateOfBirth[month]': '3',
  'dateOfBirth[year]': '1934',
  nhsNumber: '999 000 0018',
  phone: '07700 900 461',
  email: 'florence.nightwood@example.com',
  contactPreference: 'text',
};

/**
 * An area, a network and two practices, the first with a receptionist, a GP, a link worker, a
 * practice manager, a coordinator and a champion; the second with its own receptionist; a
 * commissioner over the area; and two directory services, one fresh and one that may be out of date.
 */
export async function signpostingWorld(app: FastifyInstance) {
  const areaId = await buildArea(app.db);
  const networkId = await buildNetwork(app.db, { areaId });
  const practiceId = await buildPractice(app.db, { networkId });
  const otherPracticeId = await buildPractice(app.db, { networkId });
  const person = (organisationId: string, role: string) => buildPerson(app.db, { roles: [[organisationId, role]] });
  const word = uniqueWord('walk');
  const freshServiceId = await buildService(app.db, {
    ownerId: practiceId,
    name: `Park ${word} and Talk`,
    phone: '0113 496 0001',
  });
  const staleServiceId = await buildService(app.db, { ownerId: practiceId, name: `Cuppa ${word} Chat`, stale: true });
  return {
    areaId,
    networkId,
    practiceId,
    otherPracticeId,
    word,
    freshServiceId,
    staleServiceId,
    receptionist: await person(practiceId, 'receptionist'),
    gp: await person(practiceId, 'clinician'),
    linkWorker: await person(practiceId, 'link_worker'),
    manager: await person(practiceId, 'practice_manager'),
    coordinator: await person(practiceId, 'coordinator'),
    champion: await person(practiceId, 'champion'),
    otherReceptionist: await person(otherPracticeId, 'receptionist'),
    commissioner: await person(areaId, 'commissioner'),
  };
}

/** Posts a form whose fields may repeat (checkboxes), with the CSRF token. */
export async function postFields(agent: Agent, url: string, fields: [string, string][]) {
  const body = new URLSearchParams(fields);
  body.set('_csrf', await agent.csrfToken());
  return agent.request({
    method: 'POST',
    url,
    payload: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}
