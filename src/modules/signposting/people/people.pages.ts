import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { type ServiceContext, contextFrom } from '../../../platform/context.ts';
import { type FormState, submitForm } from '../../../platform/http/forms.ts';
import { withDateField } from '../../../lib/dates.ts';
import { FindPersonQuery, PersonForm } from './people.schemas.ts';
import { changePerson, createPerson, findPeople, peopleScope, viewPerson } from './people.service.ts';
import { personFormValues, preferenceItems, presentPerson } from './people.presenter.ts';

type OrganisationParams = { Params: { organisationId: string } };
type PersonParams = { Params: { organisationId: string; personId: string } };

const FIND_VIEW = 'signposting/people/views/people-find.njk';
const FORM_VIEW = 'signposting/people/views/person-form.njk';

async function showForm(
  reply: FastifyReply,
  organisationId: string,
  state: FormState,
  status: number,
  personId?: string,
): Promise<FastifyReply> {
  const base = `/organisations/${organisationId}/people`;
  const action = personId ? `${base}/${personId}/edit` : `${base}/new`;
  const items = preferenceItems(state.values.contactPreference);
  return reply.view(FORM_VIEW, { ...state, action, base, items, editing: Boolean(personId) }, status);
}

async function showFind(
  ctx: ServiceContext,
  reply: FastifyReply,
  organisationId: string,
  state: FormState,
  status = 200,
) {
  await peopleScope(ctx, organisationId, 'people:view');
  return reply.view(FIND_VIEW, { ...state, base: `/organisations/${organisationId}/people` }, status);
}

/** People being helped: find by NHS number or name and date of birth, add, view and change (every access audited). */
export async function peoplePages(app: FastifyInstance): Promise<void> {
  const base = '/organisations/:organisationId/people';

  app.get<OrganisationParams & { Querystring: Record<string, string> }>(
    base,
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisationId } = request.params;
      if (Object.keys(request.query).length === 0) {
        return showFind(ctx, reply, organisationId, { errors: {}, values: {} });
      }
      const body = withDateField(request.query, 'dateOfBirth');
      return submitForm(reply, {
        schema: FindPersonQuery,
        body,
        submit: (query) => findPeople(ctx, organisationId, query),
        done: async (people) =>
          reply.view(FIND_VIEW, {
            values: body,
            errors: {},
            base: `/organisations/${organisationId}/people`,
            searched: true,
            people: people.map(presentPerson),
          }),
        show: (state, status) => showFind(ctx, reply, organisationId, state, status),
      });
    },
  );

  app.get<OrganisationParams>(`${base}/new`, { preHandler: requireUser }, async (request, reply) => {
    await peopleScope(contextFrom(request), request.params.organisationId, 'people:manage');
    return showForm(reply, request.params.organisationId, { errors: {}, values: {} }, 200);
  });

  app.post<OrganisationParams>(`${base}/new`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisationId } = request.params;
    return submitForm(reply, {
      schema: PersonForm,
      body: withDateField(request.body, 'dateOfBirth'),
      submit: (form) => createPerson(ctx, organisationId, form),
      redirect: (personId) => `/organisations/${organisationId}/people/${personId}?done=created`,
      show: (state, status) => showForm(reply, organisationId, state, status),
    });
  });

  app.get<PersonParams & { Querystring: { done?: string } }>(
    `${base}/:personId`,
    { preHandler: requireUser },
    async (request, reply) => {
      const { organisationId, personId } = request.params;
      const person = presentPerson(await viewPerson(contextFrom(request), organisationId, personId));
      const flash = { created: 'Person added.', updated: 'Details changed.' }[request.query.done ?? ''];
      return reply.view('signposting/people/views/person.njk', { person, flash });
    },
  );

  app.get<PersonParams>(`${base}/:personId/edit`, { preHandler: requireUser }, async (request, reply) => {
    const { organisationId, personId } = request.params;
    const person = await viewPerson(contextFrom(request), organisationId, personId, 'edit');
    return showForm(reply, organisationId, { errors: {}, values: personFormValues(person) }, 200, personId);
  });

  app.post<PersonParams>(`${base}/:personId/edit`, { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisationId, personId } = request.params;
    return submitForm(reply, {
      schema: PersonForm,
      body: withDateField(request.body, 'dateOfBirth'),
      submit: (form) => changePerson(ctx, organisationId, personId, form),
      redirect: () => `/organisations/${organisationId}/people/${personId}?done=updated`,
      show: (state, status) => showForm(reply, organisationId, state, status, personId),
    });
  });
}
