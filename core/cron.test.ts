import { describe, expect, it } from 'vitest';
import { parseCron, toDbosCron, toTemporalCronExpressions } from './cron.js';

describe('cron translation', () => {
  it.each([
    ['0 6 * * 1', ['0 0 6 * * 1 *']],
    ['*/10 * * * * *', ['*/10 * * * * * *']],
    ['* * * * *', ['0 * * * * * *']],
    ['30 7 1 * MON', ['0 30 7 1 * * *', '0 30 7 * * MON *']],
    ['0 0 9-17/2 * JAN-MAR 1,3,5', ['0 0 9-17/2 * JAN-MAR 1,3,5 *']],
  ])('%s → Temporal %j', (cron, temporal) => {
    expect(toTemporalCronExpressions(cron)).toEqual(temporal);
    expect(toDbosCron(cron)).toBe(cron);
  });

  it.each([
    ['0 6 * *', /expected 5 fields .* got 4/],
    ['0 0 6 * * 1 2030', /got 7/],
    ['0 6 * * 1;', /field "1;" is not a cron field/],
    ['', /got 1/],
  ])('rejects %j', (cron, message) => {
    expect(() => parseCron(cron)).toThrow(message);
  });
});
