import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { Agent, signIn } from '../../../test/helpers/agent.ts';
import { buildNetwork, buildPerson, buildPractice } from '../../../test/helpers/factories.ts';
import { testWorld } from '../../../test/helpers/test-app.ts';
import { CSRF_PLACEHOLDER, PUBLIC_CACHE_CONTROL } from './public-cache.ts';

/** A practice of its own, in a network, and its ODS code. */
async function publicPractice(app: FastifyInstance): Promise<{ id: string; ods: string; name: string }> {
  const networkId = await buildNetwork(app.db);
  const id = await buildPractice(app.db, { networkId });
  const row = await app.db
    .selectFrom('organisations')
    .select(['ods_code', 'name'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { id, ods: row.ods_code ?? '', name: row.name };
}

describe('public pages: one answer for everyone not signed in', () => {
  test("a practice's what's on has a strong ETag, a Cache-Control a shared cache may keep, and 304 when unchanged", async () => {
    const { app } = await testWorld();
    const practice = await publicPractice(app);
    const url = `/practices/${practice.ods}/whats-on`;
    const first = await new Agent(app).get(url);
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['cache-control'], PUBLIC_CACHE_CONTROL);
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[A-Za-z0-9_-]{27}"$/, 'a strong ETag');
    assert.equal(first.headers['set-cookie'], undefined, 'no cookie: nothing in it is the visitor’s own');
    assert.ok(!first.body.includes(CSRF_PLACEHOLDER));
    assert.doesNotMatch(first.body, /nonce=/, 'no per-answer nonce in the page');
    assert.doesNotMatch(String(first.headers['content-security-policy']), /nonce-/);
    assert.match(String(first.headers['content-security-policy']), /script-src 'self'/);

    const second = await new Agent(app).get(url);
    assert.equal(second.headers.etag, etag, 'another visitor gets the same answer');
    assert.equal(second.body, first.body);

    const unchanged = await new Agent(app).get(url, { 'if-none-match': etag });
    assert.equal(unchanged.statusCode, 304);
    assert.equal(unchanged.body, '');
    assert.equal(unchanged.headers.etag, etag);
    const other = await new Agent(app).get(url, { 'if-none-match': '"something-else"' });
    assert.equal(other.statusCode, 200);
  });

  test('an edit is on the very next answer: a new body and a new ETag', async () => {
    const { app } = await testWorld();
    const practice = await publicPractice(app);
    const url = `/practices/${practice.ods}/whats-on`;
    const before = await new Agent(app).get(url);
    assert.match(before.body, new RegExp(practice.name));
    const renamed = `${practice.name} Renamed`;
    await app.db.updateTable('organisations').set({ name: renamed }).where('id', '=', practice.id).execute();
    const after = await new Agent(app).get(url, { 'if-none-match': String(before.headers.etag) });
    assert.equal(after.statusCode, 200);
    assert.match(after.body, new RegExp(renamed));
    assert.notEqual(after.headers.etag, before.headers.etag);
  });

  test('a public form page gets each visitor their own token, is never shared, and the form still works', async () => {
    const { app } = await testWorld();
    const practice = await publicPractice(app);
    const url = `/practices/${practice.ods}/become-a-champion`;
    const tokenOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    const alice = new Agent(app);
    const bob = new Agent(app);
    const alicePage = await alice.get(url);
    const bobPage = await bob.get(url);
    assert.equal(alicePage.statusCode, 200);
    assert.equal(alicePage.headers['cache-control'], 'private, no-store');
    assert.equal(alicePage.headers.etag, undefined);
    const aliceToken = tokenOf(alicePage.body);
    assert.ok(aliceToken && aliceToken !== CSRF_PLACEHOLDER);
    assert.notEqual(tokenOf(bobPage.body), aliceToken, 'a token of their own each');
    assert.ok(String(alicePage.headers['set-cookie']).includes('ts_csrf='), 'the token’s cookie is set');

    const sent = await alice.request({
      method: 'POST',
      url,
      payload: new URLSearchParams({ _csrf: aliceToken ?? '' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.notEqual(sent.statusCode, 403, 'the token from the kept page is accepted');
    const stolen = await bob.request({
      method: 'POST',
      url,
      payload: new URLSearchParams({ _csrf: aliceToken ?? '' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(stolen.statusCode, 403, 'another visitor’s token is not');
  });

  test('signed in, two people each see only their own name on a public page, and nothing is kept or shared', async () => {
    const { app } = await testWorld();
    const practice = await publicPractice(app);
    const url = `/practices/${practice.ods}/whats-on`;
    const anna = await buildPerson(app.db, { roles: [[practice.id, 'practice_manager']], displayName: 'Anna Quorn' });
    const ben = await buildPerson(app.db, { roles: [[practice.id, 'practice_manager']], displayName: 'Ben Wyvern' });
    const annaPage = await (await signIn(app, anna)).get(url);
    const benPage = await (await signIn(app, ben)).get(url);
    const visitorPage = await new Agent(app).get(url);
    for (const page of [annaPage, benPage]) {
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'private, no-store');
      assert.equal(page.headers.etag, undefined);
    }
    assert.match(annaPage.body, /Anna Quorn/);
    assert.doesNotMatch(annaPage.body, /Ben Wyvern/);
    assert.match(benPage.body, /Ben Wyvern/);
    assert.doesNotMatch(benPage.body, /Anna Quorn/);
    assert.doesNotMatch(visitorPage.body, /Anna Quorn|Ben Wyvern|Sign out/);
    assert.equal(visitorPage.headers['cache-control'], PUBLIC_CACHE_CONTROL);
  });

  test('signed-in pages stay private, no-store', async () => {
    const { app } = await testWorld();
    const practice = await publicPractice(app);
    const manager = await buildPerson(app.db, { roles: [[practice.id, 'practice_manager']] });
    const agent = await signIn(app, manager);
    for (const url of ['/', `/organisations/${practice.id}`, '/api/me']) {
      const response = await agent.get(url);
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.headers['cache-control'], 'no-store', url);
      assert.equal(response.headers.etag, undefined, url);
    }
  });

  test('feeds and the ORUK and FHIR APIs answer If-None-Match with 304', async () => {
    const { app } = await testWorld();
    const practice = await publicPractice(app);
    for (const url of [
      `/practices/${practice.ods}/whats-on.ics`,
      '/oruk/services?page=1&per_page=5',
      '/fhir/HealthcareService?_count=5',
    ]) {
      const first = await app.inject({ method: 'GET', url });
      assert.equal(first.statusCode, 200, url);
      assert.match(String(first.headers.etag), /^"/, url);
      assert.match(String(first.headers['cache-control']), /^public/, url);
      const again = await app.inject({ method: 'GET', url, headers: { 'if-none-match': String(first.headers.etag) } });
      assert.equal(again.statusCode, 304, url);
    }
  });
});

describe('compression and fingerprinted files', () => {
  test('pages, stylesheets, scripts, JSON and iCalendar come compressed with brotli or gzip, as asked', async () => {
    const { app } = await testWorld();
    const practice = await publicPractice(app);
    const page = await app.inject({ method: 'GET', url: `/practices/${practice.ods}/whats-on` });
    const stylesheet = /href="(\/nhsuk\/nhsuk-frontend\.min\.[\w-]{10}\.css)"/.exec(page.body)?.[1];
    assert.ok(stylesheet, 'the layout names the fingerprinted stylesheet');
    const urls = [
      `/practices/${practice.ods}/whats-on`,
      `/practices/${practice.ods}/whats-on.ics`,
      stylesheet,
      '/oruk/services?page=1&per_page=5',
      '/api/openapi.json',
      '/sign-in',
    ];
    for (const url of urls) {
      const plain = await app.inject({ method: 'GET', url });
      const br = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      const gzip = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      if (plain.rawPayload.length < 1024) {
        assert.equal(br.headers['content-encoding'], undefined, `${url}: too small to be worth it`);
        continue;
      }
      assert.equal(br.headers['content-encoding'], 'br', url);
      assert.equal(gzip.headers['content-encoding'], 'gzip', url);
      assert.equal(plain.headers['content-encoding'], undefined, url);
      assert.match(String(br.headers.vary), /accept-encoding/i, url);
      if (url !== '/sign-in') {
        assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body, url);
        assert.equal(gunzipSync(gzip.rawPayload).toString(), plain.body, url);
      }
      assert.ok(br.rawPayload.length < plain.rawPayload.length / 2, `${url} is at least halved`);
    }
  });

  test('the layout’s files have fingerprinted addresses kept for a year, and the first load of a public page is under 100 KB', async () => {
    const { app } = await testWorld();
    const practice = await publicPractice(app);
    const accept = { 'accept-encoding': 'gzip, deflate, br' };
    const page = await app.inject({ method: 'GET', url: `/practices/${practice.ods}/whats-on`, headers: accept });
    const html = brotliDecompressSync(page.rawPayload).toString();
    const files = [...html.matchAll(/(?:href|src)="(\/(?:static|nhsuk)\/[^"]+)"/g)].map((match) => match[1] as string);
    assert.ok(
      files.some((file) => /^\/static\/app\.[\w-]{10}\.js$/.test(file)),
      files.join(' '),
    );
    assert.ok(
      files.some((file) => /^\/static\/whats-on\.[\w-]{10}\.css$/.test(file)),
      `the module's own stylesheet is fingerprinted too: ${files.join(' ')}`,
    );
    let bytes = page.rawPayload.length;
    for (const file of files) {
      const response = await app.inject({ method: 'GET', url: file, headers: accept });
      assert.equal(response.statusCode, 200, file);
      bytes += response.rawPayload.length;
      if (/\.[\w-]{10}\.(css|js)$/.test(file)) {
        assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable', file);
        const again = await app.inject({
          method: 'GET',
          url: file,
          headers: { 'if-none-match': String(response.headers.etag) },
        });
        assert.equal(again.statusCode, 304, file);
      }
    }
    const script = await app.inject({
      method: 'GET',
      url: files.find((file) => /\/static\/app\.[\w-]{10}\.js$/.test(file)) ?? '',
    });
    assert.match(
      script.body,
      /from '\/nhsuk\/nhsuk-frontend\.min\.[\w-]{10}\.js'/,
      'app.js imports the fingerprinted script',
    );
    const nhsukScript = /'(\/nhsuk\/nhsuk-frontend\.min\.[\w-]{10}\.js)'/.exec(script.body)?.[1] ?? '';
    bytes += (await app.inject({ method: 'GET', url: nhsukScript, headers: accept })).rawPayload.length;
    assert.ok(bytes < 100_000, `first load moved ${bytes} bytes`);
    const old = await app.inject({ method: 'GET', url: '/static/app.js' });
    assert.equal(old.statusCode, 200, 'the usual addresses still answer (the session screens’ service worker)');
  });
});
