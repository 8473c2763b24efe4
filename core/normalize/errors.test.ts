import { describe, expect, it } from 'vitest';
import type { Attributes, StatusCode } from '../otlp/types.js';
import { readError, type SpanError } from './errors.js';
import { makeSpan } from './span-fixtures.js';

const exception = (type: string, message: string) => ({
  name: 'exception',
  attributes: { 'exception.type': type, 'exception.message': message },
});

describe('readError', () => {
  it.each<[string, StatusCode, string, Attributes, ReturnType<typeof exception>[], SpanError]>([
    ['unset status, nothing else', 0, '', {}, [], { isError: false, errorType: null, errorMessage: null }],
    ['OK status', 1, '', {}, [], { isError: false, errorType: null, errorMessage: null }],
    ['ERROR status only', 2, '', {}, [], { isError: true, errorType: null, errorMessage: null }],
    ['ERROR with message', 2, 'boom', {}, [], { isError: true, errorType: null, errorMessage: 'boom' }],
    [
      'ERROR with error.type and exception',
      2,
      '',
      { 'error.type': 'RateLimitError' },
      [exception('openai.RateLimitError', '429')],
      { isError: true, errorType: 'RateLimitError', errorMessage: '429' },
    ],
    [
      'the last exception event wins',
      2,
      '',
      {},
      [exception('A', 'first'), exception('B', 'second')],
      { isError: true, errorType: 'B', errorMessage: 'second' },
    ],
    [
      'error.type with unset status',
      0,
      '',
      { 'error.type': '_OTHER' },
      [],
      { isError: true, errorType: '_OTHER', errorMessage: null },
    ],
    [
      'error.type with an explicit OK status',
      1,
      '',
      { 'error.type': 'Timeout' },
      [],
      { isError: false, errorType: null, errorMessage: null },
    ],
    ['an empty error.type', 0, '', { 'error.type': '' }, [], { isError: false, errorType: null, errorMessage: null }],
    [
      'a recorded but handled exception',
      0,
      '',
      {},
      [exception('RetryableError', 'retried')],
      { isError: false, errorType: null, errorMessage: null },
    ],
    ['a numeric error.type', 0, '', { 'error.type': 500 }, [], { isError: true, errorType: '500', errorMessage: null }],
  ])('%s', (_name, code, message, attributes, events, expected) => {
    expect(readError(makeSpan({ attributes, events, status: { code, message } }))).toEqual(expected);
  });
});
