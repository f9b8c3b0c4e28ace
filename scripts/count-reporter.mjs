// A node:test reporter that writes only the totals, so scripts/test.mjs can add up every suite,
// and how long each test file's top-level tests took, so it can balance the shards.
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const durations = {};
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && event.data.file) {
      durations[event.data.file] = (durations[event.data.file] ?? 0) + (event.data.details?.duration_ms ?? 0);
    }
    if (event.type === 'test:pass' && event.data.details?.type !== 'suite') {
      if (event.data.skip || event.data.todo) {
        skipped += 1;
      } else {
        passed += 1;
      }
    } else if (event.type === 'test:fail' && event.data.details?.type !== 'suite') {
      failed += 1;
    }
  }
  yield JSON.stringify({ passed, failed, skipped, durations });
}
