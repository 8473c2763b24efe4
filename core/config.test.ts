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

describe('engine settings', () => {
  it('defaults to DBOS, with Temporal settings ready for a local server', () => {
    expect(parseConfig({})).toMatchObject({
      EVALLOOP_ENGINE: 'dbos',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'evalloop',
    });
    expect(
      parseConfig({ EVALLOOP_ENGINE: 'temporal', TEMPORAL_ADDRESS: 'my-ns.a1b2c.tmprl.cloud:7233' }),
    ).toMatchObject({ EVALLOOP_ENGINE: 'temporal', TEMPORAL_ADDRESS: 'my-ns.a1b2c.tmprl.cloud:7233' });
  });

  it.each([
    [{ EVALLOOP_ENGINE: 'cadence' }, /EVALLOOP_ENGINE/],
    [{ TEMPORAL_ADDRESS: 'http://localhost:7233' }, /TEMPORAL_ADDRESS: expected host:port/],
    [{ TEMPORAL_ADDRESS: 'localhost' }, /TEMPORAL_ADDRESS: expected host:port/],
    [
      { TEMPORAL_TLS_CERT_PATH: '/c.pem' },
      /TEMPORAL_TLS_KEY_PATH: TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together/,
    ],
    [{ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' }, /TEMPORAL_TLS: TEMPORAL_TLS=false cannot be used/],
    [{ CLOSE_TRACES_CRON: '0 6 * *' }, /CLOSE_TRACES_CRON: cron "0 6 \* \*": expected 5 fields/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });
});
