import type { FastifyInstance } from 'fastify';
import { requireSystemAdmin } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { presentOutbox, presentOutboxMessage } from './outbox.presenter.ts';
import { listOutbox, readOutboxMessage } from './outbox.service.ts';

const guard = { preHandler: requireSystemAdmin };

/** The email outbox: every email the service sent or holds, and each one in full. */
export async function outboxPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { page?: string } }>('/admin/outbox', guard, async (request, reply) => {
    const page = Math.max(1, Math.min(10_000, Number.parseInt(request.query.page ?? '1', 10) || 1));
    const outbox = await listOutbox(contextFrom(request), page);
    return reply.view('administration/outbox/views/outbox.njk', {
      ...presentOutbox(outbox),
      columnClass: 'nhsuk-grid-column-full',
    });
  });

  app.get<{ Params: { messageId: string } }>('/admin/outbox/:messageId', guard, async (request, reply) => {
    const message = await readOutboxMessage(contextFrom(request), request.params.messageId);
    return reply.view('administration/outbox/views/outbox-message.njk', {
      message: presentOutboxMessage(message),
      backHref: '/admin/outbox',
    });
  });
}
