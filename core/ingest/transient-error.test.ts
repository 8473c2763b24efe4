import { describe, expect, it } from 'vitest';
import { isTransientDbError } from './transient-error.js';

const pgError = (code: string) => Object.assign(new Error(`error ${code}`), { code });

describe('isTransientDbError', () => {
  it.each([
    ['22003', false, 'numeric value out of range: the rows are at fault'],
    ['22021', false, 'invalid byte sequence'],
    ['23505', false, 'unique violation'],
    ['54000', false, 'index row too large'],
    ['08006', true, 'connection failure'],
    ['40P01', true, 'deadlock'],
    ['53100', true, 'disk full'],
    ['57P01', true, 'admin shutdown'],
    ['42P01', true, 'a missing table is not the data’s fault: retry, never drop the rows'],
    ['42501', true, 'a missing grant is not the data’s fault either'],
    ['XX000', true, 'internal error'],
  ])('SQLSTATE %s → retry %s (%s)', (code, retry) => {
    expect(isTransientDbError(pgError(code))).toBe(retry);
  });

  it('treats network errors as transient and other errors by their message', () => {
    expect(isTransientDbError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientDbError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientDbError(new Error('boom'))).toBe(false);
  });
});
