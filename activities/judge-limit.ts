/**
 * A counting semaphore: at most `limit` holders at a time, waiters served first come, first served.
 * `run` holds a permit for the duration of one call.
 */
export const createLimit = (limit: number) => {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  let active = 0;
  const waiting: (() => void)[] = [];

  const acquire = async () => {
    if (active < limit) {
      active += 1;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };

  return {
    run: async <T>(task: () => Promise<T>): Promise<T> => {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
    /** Permits held right now. */
    active: () => active,
  };
};
