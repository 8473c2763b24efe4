import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';

describe('GRPC_PORT', () => {
  it.each([
    [undefined, 4317],
    ['', 4317],
    ['4317', 4317],
    ['0', 0],
    ['55681', 55681],
    ['off', 'off'],
  ])('%j → %j', (value, expected) => {
    expect(parseConfig({ GRPC_PORT: value }).GRPC_PORT).toBe(expected);
  });

  it.each(['grpc', '-1', '70000', '43.17', 'OFF'])('rejects %j, naming the variable', (value) => {
    expect(() => parseConfig({ GRPC_PORT: value })).toThrow(/invalid configuration: GRPC_PORT/);
  });
});
