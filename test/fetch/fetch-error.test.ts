import { describe, expect, it } from 'vitest';
import { FETCH_ERROR_CODES, FetchError, isFetchError } from '../../src/fetch/index.js';

describe('FetchError', () => {
  it('uses only SS_ERR_FETCH_* codes, each described', () => {
    const entries = Object.entries(FETCH_ERROR_CODES);
    expect(entries.filter(([code, text]) => !/^SS_ERR_FETCH_[A-Z_]+$/.test(code) || text.length < 20)).toEqual([]);
  });

  it('carries its code, URL, cause and context, and keeps them when context is added later', () => {
    const cause = new Error('boom');
    const error = new FetchError('SS_ERR_FETCH_PRIVATE_ADDRESS', 'refused', { cause, address: '10.0.0.1' });
    const located = error.withContext({ url: 'http://a.example/', redirects: [{ from: 'http://b.example/', to: 'http://a.example/', status: 301 }] });
    expect({ ...located, name: located.name, message: located.message, cause: located.cause, isFetchError: isFetchError(located) }).toEqual({
      name: 'FetchError',
      message: 'refused',
      code: 'SS_ERR_FETCH_PRIVATE_ADDRESS',
      url: 'http://a.example/',
      offset: null,
      cause,
      phase: null,
      limit: null,
      limitValue: null,
      actual: null,
      address: '10.0.0.1',
      redirects: [{ from: 'http://b.example/', to: 'http://a.example/', status: 301 }],
      isFetchError: true,
    });
  });
});
