import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { searchWords } from './directory-search.repo.ts';
import {
  SearchQuery,
  isEmptySearch,
  parsePrintIds,
  parseSearchQuery,
  searchQueryString,
} from './directory-search.schemas.ts';

const KEYS = Object.keys(SearchQuery.shape);
/** The query without keys left undefined (and `within`, which only means something with `near`). */
const plain = (query: SearchQuery) =>
  JSON.parse(JSON.stringify({ ...query, within: query.near ? query.within : undefined })) as Record<string, unknown>;
const anyValue = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
  fc.constantFrom(
    'tuesday',
    'morning',
    '14:30',
    '24:00',
    'yes',
    'LS28',
    'ls28 7aa',
    'SW1A1AA',
    'step-free',
    '5',
    '7',
    '0',
    '130',
    '131',
    '-1',
    '1e3',
    '00001',
    'constructor',
    '__proto__',
  ),
);

describe('search query parser', () => {
  test('property: never throws; errors name only known fields; a valid query obeys its limits', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), anyValue), (input) => {
        const result = parseSearchQuery(input);
        if (!result.ok) {
          assert.ok(Object.keys(result.errors).length > 0);
          for (const field of Object.keys(result.errors)) {
            assert.ok(KEYS.includes(field), `unknown field ${field}`);
          }
          for (const value of Object.values(result.values)) {
            assert.ok(value.length <= 200);
          }
          return;
        }
        const query = result.query;
        assert.ok(query.page >= 1 && query.page <= 9999);
        assert.ok(
          query.q === undefined || (query.q.length > 0 && query.q.length <= 100 && !/[\u0000-\u001f]/.test(query.q)),
        );
        assert.ok(query.age === undefined || (Number.isInteger(query.age) && query.age >= 0 && query.age <= 130));
        assert.ok(query.within === undefined || [1, 3, 5, 10, 25].includes(query.within));
        assert.equal(typeof query.free, 'boolean');
      }),
      { numRuns: 500 },
    );
  });

  test('property: a valid query survives the trip through its own query string', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), anyValue), (input) => {
        const first = parseSearchQuery(input);
        if (!first.ok) {
          return;
        }
        const again = parseSearchQuery(
          Object.fromEntries(new URLSearchParams(searchQueryString(first.query, first.query.page))),
        );
        assert.ok(again.ok);
        assert.deepEqual(plain(again.query), plain(first.query));
      }),
      { numRuns: 300 },
    );
  });

  test('tidies what people type: postcodes, the first value of a repeated field, blanks', () => {
    const result = parseSearchQuery({
      q: ['  walk  ', 'run'],
      near: 'ls287aa',
      day: '',
      free: 'on',
      age: ' 67 ',
      within: '10',
    });
    assert.ok(result.ok);
    assert.deepEqual(plain(result.query), { q: 'walk', near: 'LS28 7AA', free: true, age: 67, within: 10, page: 1 });
    assert.ok(parseSearchQuery({}).ok);
    assert.equal(isEmptySearch((parseSearchQuery({ page: '3' }) as { query: SearchQuery }).query), true);
    assert.deepEqual(parseSearchQuery({ near: 'LS28', time: '25:00', access: 'constructor' }), {
      ok: false,
      errors: {
        time: 'Select a time of day, or enter a time like 14:30',
        access: 'Select an accessibility need from the list',
      },
      values: { near: 'LS28', time: '25:00', access: 'constructor' },
    });
  });

  test('print ids: UUIDs only, repeated or comma-separated, no more than 20', () => {
    const id = '01a205fb-fe71-7e0b-a011-af18241c7012';
    assert.deepEqual(parsePrintIds([id, `${id.toUpperCase()},nope`, '']), [id]);
    assert.deepEqual(parsePrintIds(undefined), []);
    assert.equal(
      parsePrintIds(
        Array.from({ length: 30 }, (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`),
      ).length,
      20,
    );
  });

  test('search words: lower case, stop words dropped unless nothing else, at most eight', () => {
    assert.deepEqual(searchWords('Walking group near the park'), ['walking', 'group', 'park']);
    assert.deepEqual(searchWords('The'), ['the']);
    assert.deepEqual(searchWords('café & tea!'), ['café', 'tea']);
    assert.deepEqual(searchWords('%%%'), []);
    assert.equal(
      searchWords(
        'a b c d e f g h i j k l m n o p q r s t u v w x y z one two three four five six seven eight nine ten',
      ).length,
      8,
    );
  });
});
