import type pg from 'pg';
import { claimDeadExecutors, heartbeat } from '../db/executors.js';
import type { Engine } from '../workflows/engine.js';

/**
 * Keeps this process's heartbeat and hands the unfinished workflows of dead servers and workers
 * (killed, crashed) to the live ones. Returns a function that stops watching.
 */
export const watchExecutors = (o: {
  pool: pg.Pool;
  engine: Engine;
  executorId: string;
  kind: string;
  staleSeconds: number;
  log: (m: string) => void;
}) => {
  const every = Math.max(1, Math.floor(o.staleSeconds / 4)) * 1000;
  const tick = async () => {
    await heartbeat(o.pool, o.executorId, o.kind);
    for (const dead of await claimDeadExecutors(o.pool, o.executorId, o.staleSeconds)) {
      const recovered = await o.engine.recoverExecutor(dead);
      o.log(`executor ${dead} is gone: ${recovered.length} unfinished workflow(s) handed to the live processes`);
    }
  };
  const run = () => tick().catch((err: unknown) => o.log(`executor watch: ${(err as Error).message}`));
  void run();
  const timer = setInterval(run, every);
  timer.unref();
  return () => clearInterval(timer);
};
