import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pg from 'pg';
import pino from 'pino';
import { loggablePath, loggerOptions, serialiseError } from './logging.ts';

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
      req: {
        method: 'POST',
        url: '/sign-in?email=joan@example.test',
        id: 'r1',
        headers: { cookie: 'ts_session=secret' },
      },
      form: {
        email: 'joan@example.test',
        password: 'hunter2hunter2',
        displayName: 'Joan Walker',
        token: 'abc',
        nhsNumber: '9434765919',
      },
    },
    'request',
  );
  const line = lines.join('');
  for (const secret of [
    'joan@example.test',
    'hunter2hunter2',
    'Joan Walker',
    '"abc"',
    '9434765919',
    'ts_session=secret',
  ]) {
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
  assert.equal(
    loggablePath('/activities/0190f3a2-7c4e-7d1a-8b2c-1234567890ab/sessions'),
    '/activities/0190f3a2-7c4e-7d1a-8b2c-1234567890ab/sessions',
  );
  assert.equal(loggablePath('/practices/Y99901/whats-on?day=tuesday'), '/practices/Y99901/whats-on');
});

/** A database error as node-postgres raises it for a row that breaks a NOT NULL or CHECK constraint. */
function failingRowError(code: '23502' | '23514', email: string): Error {
  const error = new pg.DatabaseError(
    `null value in column "display_name" of relation "users" violates not-null constraint`,
    200,
    'error',
  );
  return Object.assign(error, {
    severity: 'ERROR',
    code,
    detail: `Failing row contains (0190f3a2-7c4e-7d1a-8b2c-1234567890ab, ${email}, null, Joan Walker, t).`,
    where: `SQL statement "insert into users values ('${email}')" PL/pgSQL function demo() line 3`,
    internalQuery: `insert into users (email) values ('${email}')`,
    schema: 'public',
    table: 'users',
    column: 'display_name',
    constraint: 'users_display_name_check',
    routine: 'ExecConstraints',
    parameters: [email],
  });
}

test('a failing row in a database error (23502, 23514) never reaches the log; what finds the fault does', () => {
  for (const code of ['23502', '23514'] as const) {
    const { logger, lines } = captureLogger();
    const email = `joan.${code}@example.test`;
    logger.error({ err: failingRowError(code, email) }, 'request failed');
    const line = lines.join('');
    assert.ok(!line.includes(email), `the email reached the log: ${line}`);
    assert.ok(!line.includes('Joan Walker'));
    const logged = JSON.parse(line) as { err: Record<string, unknown> };
    for (const field of ['detail', 'where', 'internalQuery', 'parameters']) {
      assert.ok(!(field in logged.err) || logged.err[field] === '[redacted]', `${field} was logged`);
    }
    assert.deepEqual(
      [logged.err.code, logged.err.table, logged.err.column, logged.err.constraint],
      [code, 'users', 'display_name', 'users_display_name_check'],
    );
    assert.match(String(logged.err.message), /violates not-null constraint/);
    assert.match(String(logged.err.stack), /logging\.test\.ts/);
  }
});

test('the error serialiser drops a failing row from nested errors too, and leaves the error itself untouched', () => {
  const inner = failingRowError('23502', 'nested@example.test');
  const outer = new AggregateError([inner], 'two things failed');
  const serialised = serialiseError(outer) as { aggregateErrors: Record<string, unknown>[] };
  assert.equal(serialised.aggregateErrors[0]?.detail, undefined);
  assert.equal(serialised.aggregateErrors[0]?.code, '23502');
  assert.match(
    String((inner as unknown as { detail: string }).detail),
    /nested@example\.test/,
    'the error the app holds keeps its detail',
  );
});

test('personal data is redacted at the top level and a few levels down, not only one level', () => {
  const { logger, lines } = captureLogger();
  logger.info(
    {
      email: 'top@example.test',
      job: { payload: { person: { email: 'deep@example.test', displayName: 'Deep Name' } } },
      error: { detail: 'Key (email)=(keyed@example.test) already exists.' },
    },
    'job',
  );
  const line = lines.join('');
  for (const secret of ['top@example.test', 'deep@example.test', 'Deep Name', 'keyed@example.test']) {
    assert.ok(!line.includes(secret), `log line leaked ${secret}: ${line}`);
  }
});
