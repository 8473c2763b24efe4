import { describe, expect, it } from 'vitest';
import { withConnectionRetry } from '../cli/api-client.js';

describe('withConnectionRetry', () => {
  it('sends again when the connection dropped before an answer, and gives up after the attempts', async () => {
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls < 3) throw new TypeError('fetch failed');
      return new Response('ok');
    };
    expect(await (await withConnectionRetry(flaky)).text()).toBe('ok');
    expect(calls).toBe(3);
    let always = 0;
    await expect(
      withConnectionRetry(async () => {
        always += 1;
        throw new TypeError('fetch failed');
      }, 2),
    ).rejects.toThrow('fetch failed');
    expect(always).toBe(2);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(
      withConnectionRetry(async () => {
        calls += 1;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });
});
