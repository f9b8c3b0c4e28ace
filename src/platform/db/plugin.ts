import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from './database.ts';
import type { Database } from './schema.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    dbEngine: 'pglite' | 'postgres';
  }
}

/** Makes the opened database available to every module; closes it when the app closes. */
async function database(
  app: FastifyInstance,
  options: { handle: DatabaseHandle; closeOnExit: boolean },
): Promise<void> {
  app.decorate('db', options.handle.db);
  app.decorate('dbEngine', options.handle.engine);
  if (options.closeOnExit) {
    app.addHook('onClose', async () => {
      await options.handle.close();
    });
  }
}

export default fp(database, { name: 'database' });
