import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import Fastify from 'fastify';
import { SMTPServer } from 'smtp-server';
import { GovukNotifyTransport, SmtpTransport } from './notifier.ts';

const message = {
  to: 'joan@example.test',
  subject: 'Your invitation',
  body: 'Accept here: http://thirdspace.test/invitations/abc',
};

test('the SMTP transport hands the email to an SMTP server, from the configured sender', async () => {
  const received: { from: string; to: string[]; data: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      let data = '';
      stream.on('data', (chunk: Buffer) => {
        data += chunk.toString('utf8');
      });
      stream.on('end', () => {
        received.push({
          from: String(session.envelope.mailFrom && session.envelope.mailFrom.address),
          to: session.envelope.rcptTo.map((to) => to.address),
          data,
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  try {
    const sent = await new SmtpTransport(`smtp://127.0.0.1:${port}`, 'Thirdspace <no-reply@thirdspace.test>').send(
      message,
    );
    assert.equal(sent, true);
    assert.equal(received.length, 1);
    assert.equal(received[0]?.from, 'no-reply@thirdspace.test');
    assert.deepEqual(received[0]?.to, ['joan@example.test']);
    assert.match(received[0]?.data ?? '', /Subject: Your invitation/);
    assert.match(received[0]?.data ?? '', /invitations\/abc/);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('the SMTP transport fails loudly when no server answers, so the job retries', async () => {
  const transport = new SmtpTransport('smtp://127.0.0.1:9?connectionTimeout=2000', 'no-reply@thirdspace.test');
  await assert.rejects(transport.send(message));
});

test('the GOV.UK Notify transport posts the template, recipient and personalisation with a signed token', async () => {
  const calls: { authorization?: string; body: Record<string, unknown> }[] = [];
  const fakeNotify = Fastify();
  fakeNotify.post('/v2/notifications/email', async (request, reply) => {
    calls.push({ authorization: request.headers.authorization, body: request.body as Record<string, unknown> });
    return reply.code(201).send({ id: randomUUID() });
  });
  await fakeNotify.listen({ port: 0, host: '127.0.0.1' });
  const port = (fakeNotify.server.address() as AddressInfo).port;
  try {
    const apiKey = `thirdspace_test-${randomUUID()}-${randomUUID()}`;
    const templateId = randomUUID();
    const sent = await new GovukNotifyTransport(apiKey, templateId, `http://127.0.0.1:${port}`).send(message);
    assert.equal(sent, true);
    assert.equal(calls.length, 1);
    assert.match(calls[0]?.authorization ?? '', /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(calls[0]?.body.template_id, templateId);
    assert.equal(calls[0]?.body.email_address, 'joan@example.test');
    assert.deepEqual(calls[0]?.body.personalisation, { subject: 'Your invitation', body: message.body });
  } finally {
    await fakeNotify.close();
  }
});
