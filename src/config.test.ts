import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_SECRET: 's'.repeat(40),
  ENCRYPTION_KEY: 'ab'.repeat(32),
  BASE_URL: 'https://thirdspace.example.nhs.uk/',
};

describe('configuration', () => {
  test('production without SESSION_SECRET, ENCRYPTION_KEY and BASE_URL refuses to start, naming each', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message === 'Missing required configuration: SESSION_SECRET, ENCRYPTION_KEY, BASE_URL',
    );
    for (const name of ['SESSION_SECRET', 'ENCRYPTION_KEY', 'BASE_URL'] as const) {
      const env: Record<string, string> = { ...PRODUCTION };
      delete env[name];
      assert.throws(() => loadConfig(env), new ConfigError(`Missing required configuration: ${name}`));
    }
  });

  test('production with everything set uses the given secrets, secure cookies and no demo data', () => {
    const config = loadConfig(PRODUCTION);
    assert.equal(config.env, 'production');
    assert.equal(config.baseUrl, 'https://thirdspace.example.nhs.uk', 'trailing slash removed');
    assert.equal(config.security.sessionSecret, PRODUCTION.SESSION_SECRET);
    assert.deepEqual(config.security.encryptionKey, Buffer.from(PRODUCTION.ENCRYPTION_KEY, 'hex'));
    assert.equal(config.security.secureCookies, true);
    assert.equal(config.seedDemo, false);
    assert.ok(Object.isFrozen(config));
  });

  test('a weak secret or a malformed key is refused with the variable and the reason', () => {
    assert.throws(
      () => loadConfig({ ...PRODUCTION, SESSION_SECRET: 'too-short' }),
      (error: unknown) => error instanceof ConfigError && /SESSION_SECRET/.test(error.message),
    );
    assert.throws(
      () => loadConfig({ ...PRODUCTION, ENCRYPTION_KEY: 'xyz' }),
      (error: unknown) =>
        error instanceof ConfigError && /ENCRYPTION_KEY: must be 64 hex characters \(32 bytes\)/.test(error.message),
    );
    assert.throws(
      () => loadConfig({ PORT: 'seventy' }),
      (error: unknown) => error instanceof ConfigError && /PORT/.test(error.message),
    );
    assert.throws(
      () => loadConfig({ SESSION_IDLE_MINUTES: '1' }),
      (error: unknown) => error instanceof ConfigError && /SESSION_IDLE_MINUTES/.test(error.message),
    );
  });

  test('every problem is listed at once', () => {
    assert.throws(
      () => loadConfig({ PORT: '-1', LOG_LEVEL: 'loud' }),
      (error: unknown) => error instanceof ConfigError && /PORT/.test(error.message) && /LOG_LEVEL/.test(error.message),
    );
  });

  test('with nothing set, development defaults work out of the box', () => {
    const config = loadConfig({});
    assert.equal(config.env, 'development');
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.port, 3000);
    assert.equal(config.baseUrl, 'http://localhost:3000');
    assert.equal(config.database.url, undefined);
    assert.equal(config.database.dataDir, './data');
    assert.equal(config.database.poolSize, 10);
    assert.equal(config.security.secureCookies, false);
    assert.equal(config.security.sessionIdleMinutes, 120);
    assert.equal(config.security.sessionMaxHours, 12);
    assert.equal(config.security.loginMaxAttempts, 5);
    assert.equal(config.security.loginLockoutMinutes, 15);
    assert.equal(config.security.loginIpMaxAttempts, 50);
    assert.equal(config.security.trustProxy, false);
    assert.ok(config.security.sessionSecret.length >= 32);
    assert.equal(config.security.encryptionKey.length, 32);
    assert.equal(config.seedDemo, true);
    assert.equal(config.jobsEnabled, true);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.notify.transport, 'outbox');
  });

  test('numbers and yes/no switches are read from their text', () => {
    const config = loadConfig({
      PORT: '8080',
      LOGIN_MAX_ATTEMPTS: '3',
      JOBS_ENABLED: 'no',
      TRUST_PROXY: 'yes',
      SEED_DEMO: '0',
      DATABASE_URL: '',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.security.loginMaxAttempts, 3);
    assert.equal(config.jobsEnabled, false);
    assert.equal(config.security.trustProxy, true);
    assert.equal(config.seedDemo, false);
    assert.equal(config.database.url, undefined, 'an empty DATABASE_URL means PGlite');
  });

  test('emails are kept in the outbox for 90 days unless OUTBOX_RETENTION_DAYS says otherwise; nonsense is refused', () => {
    assert.equal(loadConfig({}).outboxRetentionDays, 90);
    assert.equal(loadConfig({ OUTBOX_RETENTION_DAYS: '30' }).outboxRetentionDays, 30);
    assert.throws(
      () => loadConfig({ OUTBOX_RETENTION_DAYS: '0' }),
      (error: unknown) => error instanceof ConfigError && /OUTBOX_RETENTION_DAYS/.test(error.message),
    );
  });

  test('choosing SMTP or GOV.UK Notify without their settings fails clearly', () => {
    assert.throws(
      () => loadConfig({ NOTIFY_TRANSPORT: 'smtp' }),
      new ConfigError('Missing required configuration: SMTP_URL (NOTIFY_TRANSPORT is smtp)'),
    );
    assert.throws(
      () => loadConfig({ NOTIFY_TRANSPORT: 'govuk-notify', GOVUK_NOTIFY_API_KEY: 'key' }),
      (error: unknown) => error instanceof ConfigError && /GOVUK_NOTIFY_TEMPLATE_ID/.test(error.message),
    );
  });
});
