import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type FeedServer, httpGetter, startMockFeed } from '../../../../test/helpers/feed-server.ts';
import { crawlFeed } from '../../../../test/helpers/oruk-validator.ts';

// The conformance harness judged against the ORUK validator's own mock feeds: if it did not
// pass Default and fail Fail, a green result for our feed would mean nothing.

describe('ORUK conformance harness: self-test on the validator’s mock feeds', () => {
  const servers: Record<string, FeedServer> = {};
  before(async () => {
    for (const name of ['V3.0-UK-Default', 'V3.0-UK-Warn', 'V3.0-UK-Fail']) {
      servers[name] = await startMockFeed(name);
    }
  });
  after(async () => {
    for (const server of Object.values(servers)) {
      await server.close();
    }
  });

  test('the Default mock feed passes with no failures and no warnings', async () => {
    const report = await crawlFeed(httpGetter(servers['V3.0-UK-Default']?.url ?? ''), { checkCors: true });
    assert.deepEqual(report.failures, []);
    assert.deepEqual(report.warnings, []);
    assert.equal(report.passed, true);
    assert.ok(report.checked >= 11, `checked ${report.checked}`);
  });

  test('the Warn mock feed passes, with warnings only on optional endpoints', async () => {
    const report = await crawlFeed(httpGetter(servers['V3.0-UK-Warn']?.url ?? ''));
    assert.equal(report.passed, true, report.failures.join('\n'));
    assert.ok(
      report.warnings.some((warning) => warning.startsWith('/taxonomy_terms/')),
      report.warnings.join('\n'),
    );
  });

  test('the Fail mock feed fails, for the reasons the validator gives', async () => {
    const report = await crawlFeed(httpGetter(servers['V3.0-UK-Fail']?.url ?? ''));
    assert.equal(report.passed, false);
    const text = report.failures.join('\n');
    assert.match(text, /^\/: \/ must have required property 'profile'/m);
    assert.match(text, /\/openapi_url must match format "uri"/);
    assert.match(text, /\/services\?page=1: \/contents\/\d+ must have required property 'name'/);
    assert.match(text, /\/services\/[0-9a-f-]+: \/url must match format "uri"/);
    assert.match(text, /\/email must match format "email"/);
  });
});
