import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { loggerOptions } from './logging.ts';

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
