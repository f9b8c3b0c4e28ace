import type { FastifyInstance, FastifyReply } from 'fastify';
import { presentRoleTemplates } from './roles.presenter.ts';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom, type ServiceContext } from '../../../platform/context.ts';
import { type FormState, submitForm } from '../../../platform/http/forms.ts';
import { AssignRoleForm, DirectoryResearchForm, RoleTemplateForm } from '../checks/checks.schemas.ts';
import { presentRecord } from '../record/record.presenter.ts';
import { applicantRecord } from '../record/record.service.ts';
import { CHECK_LEVEL_LABELS } from '../shared/champions.schemas.ts';
import { assignRole, createRoleTemplate, listRoleTemplates, setDirectoryResearch } from './roles.service.ts';

type OrgParams = { Params: { organisationId: string } };
type ChampionParams = { Params: { organisationId: string; championId: string } };

/** The role templates page, with a notice or a failed form. */
async function showRoles(
  ctx: ServiceContext,
  reply: FastifyReply,
  organisationId: string,
  extra: Partial<FormState> & { flash?: string },
  status = 200,
) {
  return reply.view(
    'champions/roles/views/roles.njk',
    {
      ...presentRoleTemplates(await listRoleTemplates(ctx, organisationId)),
      levels: CHECK_LEVEL_LABELS,
      values: {},
      ...extra,
      columnClass: 'nhsuk-grid-column-full',
    },
    status,
  );
}

/** A practice's role templates (with what each needs) and giving a champion a role. */
export async function rolesPages(app: FastifyInstance): Promise<void> {
  app.get<OrgParams & { Querystring: { done?: string } }>(
    '/organisations/:organisationId/champions/roles',
    { preHandler: requireUser },
    async (request, reply) => {
      const flash =
        request.query.done === 'research' ? 'Role updated.' : request.query.done ? 'Role added.' : undefined;
      return showRoles(contextFrom(request), reply, request.params.organisationId, { flash });
    },
  );

  app.post<OrgParams>(
    '/organisations/:organisationId/champions/roles',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisationId } = request.params;
      return submitForm(reply, {
        schema: RoleTemplateForm,
        body: request.body,
        submit: (data) => createRoleTemplate(ctx, organisationId, data),
        redirect: () => `/organisations/${organisationId}/champions/roles?done=added`,
        show: (state, status) => showRoles(ctx, reply, organisationId, state, status),
      });
    },
  );

  app.post<{ Params: { organisationId: string; roleTemplateId: string } }>(
    '/organisations/:organisationId/champions/roles/:roleTemplateId/directory-research',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisationId, roleTemplateId } = request.params;
      return submitForm(reply, {
        schema: DirectoryResearchForm,
        body: request.body,
        submit: (data) => setDirectoryResearch(ctx, organisationId, roleTemplateId, data.grants === 'yes'),
        redirect: () => `/organisations/${organisationId}/champions/roles?done=research`,
        show: (state, status) => showRoles(ctx, reply, organisationId, { errors: state.errors }, status),
      });
    },
  );

  app.post<ChampionParams>(
    '/organisations/:organisationId/champions/:championId/roles',
    { preHandler: requireUser },
    async (request, reply) => {
      const { organisationId, championId } = request.params;
      const ctx = contextFrom(request);
      return submitForm(reply, {
        schema: AssignRoleForm,
        body: request.body ?? {},
        submit: (data) => assignRole(ctx, organisationId, championId, data.roleTemplateId),
        redirect: () => `/organisations/${organisationId}/champions/${championId}?done=role`,
        show: async (state, status) =>
          reply.view(
            'champions/record/views/record.njk',
            presentRecord(await applicantRecord(ctx, organisationId, championId), { errors: state.errors }),
            status,
          ),
      });
    },
  );
}
