import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedViewEnvironment, warmTemplates } from './index.ts';

test('every template of the app and the NHS.UK macros compiles at start, and rendering then reads no file', (t) => {
  const env = sharedViewEnvironment();
  assert.ok(warmTemplates(env) > 150);
  const loader = (env as unknown as { loaders: { getSource(name: string): unknown }[] }).loaders[0];
  assert.ok(loader);
  const getSource = t.mock.method(loader, 'getSource');
  env.render('errors/404.njk', { problem: { message: 'Not found' }, requestId: 'r1', navigation: [] });
  assert.equal(getSource.mock.callCount(), 0, 'no template source read after warming');
});
