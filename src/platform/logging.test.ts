import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { loggablePath, loggerOptions } from './logging.ts';

function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const { transport: _pretty, ...options } = loggerOptions('info');
  return { logger: pino(options, stream), lines };
}

test('log lines never carry passwords, emails, names, tokens or cookies', () => {
  const { logger, lines } = captureLogger();
  logger.info(
    {
      req: { method: 'POST', url: '/sign-in?email=joan@example.test', id: 'r1', headers: { cookie: 'ts_session=secret' } },
      form: { email: 'joan@example.test', password: 'hunter2hunter2', displayName: 'Joan Walker', token: 'abc', nhsNumber: '9434765919' },
    },
    'request',
  );
  const line = lines.join('');
  for (const secret of ['joan@example.test', 'hunter2hunter2', 'Joan Walker', '"abc"', '9434765919', 'ts_session=secret']) {
    assert.ok(!line.includes(secret), `log line leaked ${secret}: ${line}`);
  }
  assert.match(line, /\/sign-in"/);
  assert.match(line, /\[redacted\]/);
});

test('database errors keep their code and message but not the query parameters', () => {
  const { logger, lines } = captureLogger();
  const error = Object.assign(new Error('duplicate key value'), { code: '23505', params: ['joan@example.test'] });
  logger.error({ err: error }, 'request failed');
  const line = lines.join('');
  assert.match(line, /23505/);
  assert.match(line, /duplicate key value/);
  assert.ok(!line.includes('joan@example.test'));
});

test('one-time links in a path never reach a log line; ids and ordinary words do', () => {
  const { logger, lines } = captureLogger();
  const token = 'Yb3kQx9_vT2mZpL0aN8cR5sW1eU4iO7hJ6gF-dKqS3w';
  for (const url of [`/password-reset/${token}`, `/invitations/${token}?x=1`, `/directory/provider/${token}/confirm`]) {
    logger.info({ req: { method: 'GET', url, id: 'r2' } }, 'request');
  }
  const line = lines.join('');
  assert.ok(!line.includes(token), `a token reached the log: ${line}`);
  assert.match(line, /\/password-reset\/:token"/);
  assert.match(line, /\/directory\/provider\/:token\/confirm"/);
  assert.equal(loggablePath('/activities/0190f3a2-7c4e-7d1a-8b2c-1234567890ab/sessions'), '/activities/0190f3a2-7c4e-7d1a-8b2c-1234567890ab/sessions');
  assert.equal(loggablePath('/practices/Y99901/whats-on?day=tuesday'), '/practices/Y99901/whats-on');
});
