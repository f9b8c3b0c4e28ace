// A node:test reporter that writes only the totals, so scripts/test.mjs can add up every suite.
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
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
  yield JSON.stringify({ passed, failed, skipped });
}
