import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { ROLE_KEYS } from '../auth/roles.ts';
import { Agent, signIn } from '../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../test/helpers/factories.ts';
import { testAppWith, testWorld } from '../../../test/helpers/test-app.ts';

/** A practice and its manager, signed in. */
async function signedInManager(app: FastifyInstance) {
  const practice = await buildPractice(app.db);
  const manager = await buildPerson(app.db, { roles: [[practice, 'practice_manager']] });
  return { practice, manager, agent: await signIn(app, manager) };
}

async function invitationCount(app: FastifyInstance, organisationId: string): Promise<number> {
  const rows = await app.db
    .selectFrom('invitations')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .execute();
  return rows.length;
}

describe('forged requests (CSRF)', () => {
  test('a form posted without the token from the page gets the "form has expired" page, and nothing happens', async () => {
    const { app } = await testWorld();
    const person = await buildPerson(app.db);
    const noCookie = await new Agent(app).postForm(
      '/sign-in',
      { email: person.email, password: person.password },
      { withCsrf: false },
    );
    const visited = new Agent(app);
    await visited.get('/sign-in');
    const noToken = await visited.postForm(
      '/sign-in',
      { email: person.email, password: person.password },
      { withCsrf: false },
    );
    const wrongToken = await visited.postForm(
      '/sign-in',
      { email: person.email, password: person.password, _csrf: 'forged-token' },
      { withCsrf: false },
    );

    for (const response of [noCookie, noToken, wrongToken]) {
      assert.equal(response.statusCode, 403);
      assert.match(String(response.headers['content-type']), /text\/html/);
      assert.match(response.body, /<title>Sorry, we could not save that – Thirdspace<\/title>/);
      assert.match(response.body, /<h1>Sorry, we could not save that<\/h1>/);
      assert.match(response.body, /This form has expired or did not come from this service/);
      assert.doesNotMatch(response.body, /You do not have permission/, 'a stale form is not a permission problem');
      assert.equal(
        response.cookies.some((cookie: { name: string }) => cookie.name === 'ts_session'),
        false,
      );
    }
  });

  test('the expired-form page leads back to the page the form was on, only when that page is on this site', async () => {
    const { app } = await testWorld();
    const agent = new Agent(app);
    const post = (referer: string) =>
      agent.request({
        method: 'POST',
        url: '/password-reset',
        payload: 'email=someone%40example.test',
        headers: { 'content-type': 'application/x-www-form-urlencoded', referer },
      });
    const fromHere = await post('http://localhost:80/password-reset?from=sign-in');
    assert.equal(fromHere.statusCode, 403);
    assert.match(fromHere.body, /<a href="\/password-reset\?from=sign-in">Go back to the page and try again<\/a>/);
    for (const elsewhere of [
      'https://evil.example/password-reset',
      'http://localhost:80//evil.example/x',
      'not a url',
    ]) {
      const response = await post(elsewhere);
      assert.equal(response.statusCode, 403);
      assert.doesNotMatch(response.body, /Go back to the page and try again/, elsewhere);
      assert.match(response.body, /Go back to the page, refresh it and try again/);
    }
  });

  test('an API write without the x-csrf-token header gets 403 csrf_failed, and nothing is created', async () => {
    const { app } = await testWorld();
    const { practice, agent } = await signedInManager(app);
    const response = await agent.sendJson(
      'POST',
      `/api/organisations/${practice}/invitations`,
      { email: 'new.champion@example.test', role: 'champion' },
      { withCsrf: false },
    );
    assert.equal(response.statusCode, 403);
    assert.deepEqual(response.json(), {
      code: 'csrf_failed',
      message: 'This form has expired or did not come from this service. Go back, refresh the page and try again.',
    });
    assert.equal(await invitationCount(app, practice), 0);

    const withToken = await agent.sendJson('POST', `/api/organisations/${practice}/invitations`, {
      email: 'new.champion@example.test',
      role: 'champion',
    });
    assert.equal(withToken.statusCode, 201, 'the same request with the token works');
  });
});

describe('addresses the service cannot read', () => {
  test('a path with broken %-escapes gets the NHS.UK 400 page with the usual headers, or JSON with our own code for the API', async () => {
    const { app } = await testWorld();
    for (const url of ['/password-reset/%ZZ', '/%E0%A4%A', '/organisations/%C0%AF?x=1']) {
      const page = await app.inject({ method: 'GET', url });
      assert.equal(page.statusCode, 400, url);
      assert.match(String(page.headers['content-type']), /text\/html/, url);
      assert.match(page.body, /<h1>There is a problem with your request<\/h1>/);
      assert.match(page.body, /This web address is not valid/);
      assert.match(
        String(page.headers['content-security-policy']),
        /default-src 'self'/,
        'security headers as on every page',
      );
      assert.equal(page.headers['cache-control'], 'no-store');
    }
    const api = await app.inject({ method: 'GET', url: '/api/organisations/%ZZ' });
    assert.equal(api.statusCode, 400);
    assert.deepEqual(api.json(), {
      code: 'bad_request',
      message: 'This web address is not valid. Check it, or go back and try again',
    });
    const posted = await app.inject({
      method: 'POST',
      url: '/sign-in/%ZZ',
      payload: 'email=a',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(posted.statusCode, 400, 'not a CSRF refusal: there is nothing to protect');
    const fine = await app.inject({ method: 'GET', url: '/practices/Y99901/directory?search=50%25%20off' });
    assert.notEqual(fine.statusCode, 400, 'a %-escape in the query string is ordinary');
  });
});

describe('bodies the service cannot use', () => {
  test('malformed JSON gets 400 with a code and a message', async () => {
    const { app } = await testWorld();
    const { practice, agent } = await signedInManager(app);
    for (const payload of ['{"email": ', 'not json', '{"__proto__": {"isSystemAdmin": true}}']) {
      const response = await agent.request({
        method: 'POST',
        url: `/api/organisations/${practice}/invitations`,
        payload,
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(response.statusCode, 400, payload);
      const body = response.json();
      assert.equal(typeof body.code, 'string');
      assert.equal(body.message, 'The request was not in a form this service understands');
    }
  });

  test('a JSON body over 1 MiB or a form over 100 KB gets 413', async () => {
    const { app } = await testWorld();
    const { practice, agent } = await signedInManager(app);
    const json = await agent.request({
      method: 'POST',
      url: `/api/organisations/${practice}/invitations`,
      payload: JSON.stringify({ email: 'a@example.test', role: 'champion', padding: 'x'.repeat(1_100_000) }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(json.statusCode, 413);
    assert.deepEqual(json.json(), { code: 'payload_too_large', message: 'The request is too large' });

    const form = await agent.request({
      method: 'POST',
      url: '/sign-in',
      payload: `email=${'a'.repeat(110_000)}&password=x`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.statusCode, 413);
    assert.match(String(form.headers['content-type']), /text\/html/);
    assert.match(form.body, /The request is too large/);
  });

  test('wrong types in an invitation get 400 with an error for each field', async () => {
    const { app } = await testWorld();
    const { practice, agent } = await signedInManager(app);
    const url = `/api/organisations/${practice}/invitations`;

    const numbers = await agent.sendJson('POST', url, { email: 42, role: 7 });
    assert.equal(numbers.statusCode, 400);
    assert.equal(numbers.json().code, 'validation_failed');
    assert.deepEqual(Object.keys(numbers.json().errors).sort(), ['email', 'role']);

    const badRole = await agent.sendJson('POST', url, { email: 'someone@example.test', role: 'overlord' });
    assert.equal(badRole.statusCode, 400);
    assert.deepEqual(Object.keys(badRole.json().errors), ['role']);

    for (const payload of [[], 'a string', null, { email: ['a@example.test'], role: 'champion' }]) {
      const response = await agent.sendJson('POST', url, payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.equal(typeof response.json().message, 'string');
    }
    assert.equal(await invitationCount(app, practice), 0);
  });
});

describe('addresses that do not exist', () => {
  test('an unknown API route gets a JSON 404; an unknown page gets the NHS "Page not found" page', async () => {
    const { app } = await testWorld();
    const agent = new Agent(app);
    const api = await agent.get('/api/no-such-thing');
    assert.equal(api.statusCode, 404);
    assert.deepEqual(api.json(), { code: 'not_found', message: 'Page not found' });

    const page = await agent.get('/no-such-page');
    assert.equal(page.statusCode, 404);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(page.body, /<h1>Page not found<\/h1>/);
    assert.match(page.body, /nhsuk-header/);
  });

  test('an id that is not a UUID in the address gets 404, never a server error', async () => {
    const { app } = await testWorld();
    const { agent } = await signedInManager(app);
    for (const url of [
      '/organisations/not-a-uuid',
      '/organisations/not-a-uuid/members',
      '/organisations/1234/audit',
      "/organisations/'%20or%201=1--",
      '/api/organisations/not-a-uuid',
      '/api/organisations/not-a-uuid/members',
      '/api/organisations/xyz/audit-events',
    ]) {
      const response = await agent.get(url);
      assert.equal(response.statusCode, 404, url);
    }
    const invite = await agent.sendJson('POST', '/api/organisations/not-a-uuid/invitations', {
      email: 'a@example.test',
      role: 'champion',
    });
    assert.equal(invite.statusCode, 404);
    for (const url of ['/invitations/not-a-token', '/password-reset/not-a-token']) {
      assert.equal((await agent.get(url)).statusCode, 404, url);
    }
  });
});

describe('what every response carries', () => {
  test('security headers: a strict CSP without unsafe-inline, no framing, no sniffing, no caching', async () => {
    const { app } = await testWorld();
    const agent = new Agent(app);
    for (const url of ['/sign-in', '/api/no-such-thing', '/healthz']) {
      const response = await agent.get(url);
      const csp = String(response.headers['content-security-policy']);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /object-src 'none'/, url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(response.headers['referrer-policy'], 'same-origin', url);
      assert.equal(response.headers['cache-control'], 'no-store', url);
    }
    const page = await agent.get('/sign-in');
    const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(String(page.headers['content-security-policy']))?.[1];
    assert.ok(nonce, 'scripts are allowed by nonce');
    assert.match(page.body, new RegExp(`<script type="module" src="/static/app\\.[\\w-]{10}\\.js" nonce="${nonce}">`));
  });

  test("a client's own x-request-id is never taken when no proxy is trusted: every request gets a fresh id, and so do its audit rows", async () => {
    const { app } = await testWorld();
    const person = await buildPerson(app.db);
    const agent = new Agent(app);
    const given = await agent.get('/healthz', { 'x-request-id': 'trace-abc12345' });
    assert.match(String(given.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const none = await agent.get('/no-such-page');
    assert.match(String(none.headers['x-request-id']), /^[0-9a-f-]{36}$/);

    // Someone trying to pass their sign-in off as another request's gets an id of their own.
    const spoofed = `spoofed-${person.id}`;
    const payload = new URLSearchParams({
      email: person.email,
      password: person.password,
      _csrf: await agent.csrfToken(),
    }).toString();
    const signedIn = await agent.request({
      method: 'POST',
      url: '/sign-in',
      payload,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': spoofed },
    });
    assert.equal(signedIn.statusCode, 303);
    assert.notEqual(signedIn.headers['x-request-id'], spoofed);
    const rows = await app.db
      .selectFrom('audit_events')
      .select('request_id')
      .where('subject_id', '=', person.id)
      .where('action', '=', 'sign-in.succeeded')
      .execute();
    assert.deepEqual(rows, [{ request_id: signedIn.headers['x-request-id'] }]);
    assert.equal(
      (await app.db.selectFrom('audit_events').select('id').where('request_id', '=', spoofed).execute()).length,
      0,
    );
  });

  const keptRequestIds =
    'behind a trusted proxy (TRUST_PROXY) its x-request-id is kept, but only when it is up to 128 letters, ' +
    'digits, dots, dashes and underscores';
  test(keptRequestIds, async () => {
    const app = await testAppWith({ TRUST_PROXY: 'true' });
    const cases: [sent: string, kept: boolean][] = [
      ['trace-abc12345', true],
      ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', true],
      ['req.2026_11_30.x', true],
      ['a'.repeat(128), true],
      ['a'.repeat(129), false],
      ['has spaces; and <html>', false],
      ['quote"and\ttab', false],
      ['', false],
    ];
    for (const [sent, kept] of cases) {
      const response = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': sent } });
      if (kept) {
        assert.equal(response.headers['x-request-id'], sent);
      } else {
        assert.match(String(response.headers['x-request-id']), /^[0-9a-f-]{36}$/, JSON.stringify(sent));
      }
    }
  });

  test('/healthz and /readyz answer 200 for the load balancer', async () => {
    const { app } = await testWorld();
    for (const url of ['/healthz', '/readyz']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
      assert.deepEqual(response.json(), { status: 'ok' });
    }
  });

  test('/api/openapi.json is an OpenAPI 3.1 document describing /api/me and the invitation body', async () => {
    const { app } = await testWorld();
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    const document = response.json();
    assert.equal(document.openapi, '3.1.0');
    assert.equal(document.info.title, 'Thirdspace API');
    assert.ok(document.paths['/api/me']?.get, '/api/me is listed');
    const invite = document.paths['/api/organisations/{organisationId}/invitations']?.post;
    assert.ok(invite, 'the invitations path is listed with a path parameter');
    assert.deepEqual(
      invite.parameters
        .filter((parameter: { in: string }) => parameter.in === 'path')
        .map((parameter: { name: string }) => parameter.name),
      ['organisationId'],
    );
    const schema = invite.requestBody.content['application/json'].schema;
    assert.equal(schema.type, 'object');
    assert.deepEqual(Object.keys(schema.properties).sort(), ['email', 'role']);
    assert.deepEqual([...schema.required].sort(), ['email', 'role']);
    assert.deepEqual([...schema.properties.role.enum].sort(), [...ROLE_KEYS].sort());
    assert.ok(invite.responses['201'] && invite.responses['400'], 'responses are described');
    assert.equal(
      Object.keys(document.paths).some((path) => !path.startsWith('/api/')),
      false,
      'pages are not in the API document',
    );
  });
});

describe('characters the database cannot store', () => {
  test('a NUL character in a query, a form or JSON is dropped: the page works and nothing answers 500', async () => {
    const { app } = await testWorld();
    const { practice, agent } = await signedInManager(app);
    const auditPage = await agent.get(`/organisations/${practice}/audit?action=sign${encodeURIComponent('\u0000')}in`);
    assert.equal(auditPage.statusCode, 200);
    const auditApi = await agent.get(`/api/organisations/${practice}/audit-events?subject=%00`);
    assert.equal(auditApi.statusCode, 200);
    assert.ok(
      Array.isArray(auditApi.json().events ?? auditApi.json().items ?? auditApi.json()),
      'the API still answers with events',
    );

    const odsCode =
      (await app.db.selectFrom('organisations').select('ods_code').where('id', '=', practice).executeTakeFirstOrThrow())
        .ods_code ?? '';
    const visitor = new Agent(app);
    const form = await visitor.postForm(`/practices/${odsCode}/become-a-champion`, {
      fullName: 'Nia\u0000 Evans',
      email: 'nia.evans@example.test',
      interests: 'walking',
      availability: 'weekday_mornings',
      consent: 'yes',
      skills: '\u0000',
      languages: 'Welsh\u0000',
    });
    assert.ok(form.statusCode < 500, `the public form answered ${form.statusCode}`);
    const stored = await app.db
      .selectFrom('champions')
      .select('display_name')
      .where('organisation_id', '=', practice)
      .executeTakeFirst();
    assert.equal(stored?.display_name, 'Nia Evans', 'the name is kept, without the NUL');

    const json = await agent.sendJson('POST', `/api/organisations/${practice}/invitations`, {
      email: 'x\u0000@example.test',
      role: 'champion\u0000',
    });
    assert.equal(json.statusCode, 201, json.body);
  });
});

describe('arbitrary input never breaks the service (property)', () => {
  const anyText = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('', '\u0000', '/\n/evil', '//evil.example', '%', '\ud800', 'a'.repeat(300)),
  );

  test('whatever is posted as the sign-in form, the answer is never a server error', async () => {
    const { app } = await testWorld();
    const person = await buildPerson(app.db);
    const fields = fc.oneof(
      fc.record(
        { email: anyText, password: anyText, returnTo: fc.option(anyText, { nil: undefined }) },
        { requiredKeys: [] },
      ),
      fc.record({ email: fc.constant(person.email), password: fc.constant(person.password), returnTo: anyText }),
      fc.dictionary(anyText, anyText, { maxKeys: 5 }),
    );
    await fc.assert(
      fc.asyncProperty(fields, anyText, async (form, raw) => {
        const agent = new Agent(app);
        const body = new URLSearchParams(
          Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== undefined),
        );
        body.set('_csrf', await agent.csrfToken());
        const response = await agent.request({
          method: 'POST',
          url: '/sign-in',
          payload: `${raw}&${body}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        assert.ok(
          response.statusCode < 500,
          `${response.statusCode} for ${JSON.stringify(form)}: ${response.body.slice(0, 200)}`,
        );
        if (response.statusCode === 303) {
          const next = await agent.get(response.headers.location ?? '/');
          assert.ok(next.statusCode < 500, `following ${response.headers.location}`);
        }
      }),
      { numRuns: 40 },
    );
  });

  test('whatever JSON is posted as an invitation, the answer is never a server error', async () => {
    const { app } = await testWorld();
    const { practice, agent } = await signedInManager(app);
    const csrf = await agent.csrfToken();
    const bodies = fc.oneof(
      fc.jsonValue(),
      fc.record({
        email: fc.oneof(anyText, fc.emailAddress(), fc.integer(), fc.constant(null)),
        role: fc.oneof(fc.constantFrom(...ROLE_KEYS, 'constructor', '__proto__', 'toString'), anyText),
      }),
      anyText.map((text) => ({ raw: text })),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const payload =
          body && typeof body === 'object' && 'raw' in body && Object.keys(body).length === 1
            ? String(body.raw)
            : JSON.stringify(body);
        const response = await agent.request({
          method: 'POST',
          url: `/api/organisations/${practice}/invitations`,
          payload,
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        });
        assert.ok(
          response.statusCode < 500,
          `${response.statusCode} for ${payload.slice(0, 200)}: ${response.body.slice(0, 200)}`,
        );
        assert.doesNotThrow(() => response.json(), 'API answers are JSON');
      }),
      { numRuns: 40 },
    );
  });
});
