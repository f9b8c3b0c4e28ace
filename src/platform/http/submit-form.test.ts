import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { type FormState, shownValues, submitForm } from './forms.ts';

const NameForm = z.object({ name: z.string().trim().min(1, 'Enter a name') });

/** A reply that remembers what the helper did with it. */
function fakeReply() {
  const seen: { redirect?: { url: string; status: number }; shown?: { state: FormState; status: number } } = {};
  const reply = {
    redirect(url: string, status: number) {
      seen.redirect = { url, status };
      return reply;
    },
  } as unknown as FastifyReply;
  const show = (state: FormState, status: number) => {
    seen.shown = { state, status };
    return reply;
  };
  return { reply, seen, show };
}

describe('one form outcome for every page', () => {
  test('valid input calls the service and redirects with 303 to where the result says', async () => {
    const { reply, seen, show } = fakeReply();
    await submitForm(reply, {
      schema: NameForm,
      body: { _csrf: 't', name: ' Walk ' },
      submit: async (data) => `id-${data.name}`,
      redirect: (id) => `/things/${id}`,
      show,
    });
    assert.deepEqual(seen.redirect, { url: '/things/id-Walk', status: 303 });
    assert.equal(seen.shown, undefined);
  });

  test('invalid input is shown again at 400 with the input kept and the service not called', async () => {
    const { reply, seen, show } = fakeReply();
    let called = false;
    await submitForm(reply, {
      schema: NameForm,
      body: { _csrf: 't', name: '  ', password: 'secret' },
      submit: async () => {
        called = true;
      },
      redirect: () => '/',
      show,
    });
    assert.equal(called, false);
    assert.equal(seen.shown?.status, 400);
    assert.deepEqual(seen.shown?.state.errors, { name: 'Enter a name' });
    assert.deepEqual(seen.shown?.state.values, { name: '  ' }, 'no CSRF token or password is shown again');
  });

  test("a service's ValidationError and a ConflictError with field errors become the form again", async () => {
    for (const [error, status] of [
      [new ValidationError({ name: 'That name is taken' }), 400],
      [new ConflictError('Clash', { name: 'Already on the rota then' }), 409],
    ] as const) {
      const { reply, seen, show } = fakeReply();
      await submitForm(reply, {
        schema: NameForm,
        body: { name: 'Walk' },
        submit: async () => {
          throw error;
        },
        redirect: () => '/',
        show,
      });
      assert.equal(seen.shown?.status, status);
      assert.deepEqual(seen.shown?.state.values, { name: 'Walk' });
      assert.equal(Object.keys(seen.shown?.state.errors ?? {}).length, 1);
    }
  });

  test('other errors (not found, a plain conflict) go to the error handler', async () => {
    for (const error of [new NotFoundError(), new ConflictError('Stale')]) {
      const { reply, show } = fakeReply();
      await assert.rejects(
        submitForm(reply, {
          schema: NameForm,
          body: { name: 'Walk' },
          submit: async () => {
            throw error;
          },
          redirect: () => '/',
          show,
        }),
        error,
      );
    }
  });
});

describe('refusals with a status of their own', () => {
  test('a refusal the route names is shown next to its field at the error’s own status', async () => {
    const { reply, seen, show } = fakeReply();
    const refusal = (error: Error) => (error instanceof ForbiddenError ? { name: error.message } : undefined);
    await submitForm(reply, {
      schema: NameForm,
      body: { name: 'Walk' },
      submit: async () => {
        throw new ForbiddenError('Not yours');
      },
      redirect: () => '/',
      show,
      refusal,
    });
    assert.equal(seen.shown?.status, 403);
    assert.deepEqual(seen.shown?.state, { errors: { name: 'Not yours' }, values: { name: 'Walk' } });
    await assert.rejects(
      submitForm(reply, {
        schema: NameForm,
        body: { name: 'Walk' },
        submit: async () => {
          throw new NotFoundError();
        },
        redirect: () => '/',
        show,
        refusal,
      }),
      NotFoundError,
    );
  });

  test('done answers success with a page instead of a redirect', async () => {
    const { reply, seen, show } = fakeReply();
    let answered = '';
    await submitForm(reply, {
      schema: NameForm,
      body: { name: 'Walk' },
      submit: async (data) => data.name,
      done: (name) => {
        answered = name;
        return reply;
      },
      show,
    });
    assert.equal(answered, 'Walk');
    assert.equal(seen.redirect, undefined);
  });
});

describe('the input shown again', () => {
  test('valid input refused by the service comes back as parsed; invalid input as typed', () => {
    const CodeForm = z.object({ code: z.string().trim().toUpperCase().min(3, 'Too short') });
    assert.deepEqual(shownValues(CodeForm, { code: ' a81001 ' }), { code: 'A81001' });
    assert.deepEqual(shownValues(CodeForm, { code: 'a' }), { code: 'a' });
  });
});
