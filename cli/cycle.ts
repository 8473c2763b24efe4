import { parseArgs } from 'node:util';
import { createApiClient } from './api-client.js';

type Cycle = {
  id: string;
  status: string;
  stage: string | null;
  error: string | null;
  windowStart: string;
  windowEnd: string;
  progress: { total: number; pending: number; labeled: number; skipped: number };
  engine: { state: string; error: string | null; stage: { stage?: string; waitingFor?: string } | null } | null;
};

const line = (c: Cycle) =>
  `${c.id}  ${c.engine?.state ?? c.status}  ${c.engine?.stage?.stage ?? c.stage ?? '-'}  ` +
  `tasks ${c.progress?.labeled ?? 0}/${c.progress?.total ?? 0} labeled, ${c.progress?.skipped ?? 0} skipped` +
  (c.engine?.stage?.waitingFor ? `  waiting for ${c.engine.stage.waitingFor}` : '') +
  (c.engine?.error || c.error ? `  error: ${c.engine?.error ?? c.error}` : '');

/** `evalloop cycle start|status|list`: start a refresh cycle, follow it (progress, not silence), list cycles. */
export const runCycle = async (argv: string[]): Promise<number> => {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      budget: { type: 'string' },
      follow: { type: 'boolean', default: false },
      url: { type: 'string' },
      key: { type: 'string' },
      project: { type: 'string' },
    },
  });
  const api = createApiClient({ url: values.url, key: values.key, project: values.project });
  const [command, id] = positionals;
  const follow = async (cycleId: string) => {
    const t0 = Date.now();
    for (;;) {
      const { cycle } = await api.get<{ cycle: Cycle }>(`/api/cycles/${encodeURIComponent(cycleId)}`);
      process.stderr.write(`[${Math.round((Date.now() - t0) / 1000)} s] ${line(cycle)}\n`);
      if (!values.follow || ['SUCCESS', 'ERROR', 'CANCELLED'].includes(cycle.engine?.state ?? '')) {
        return cycle.engine?.state === 'ERROR' ? 2 : 0;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  switch (command) {
    case 'start': {
      const { cycle } = await api.post<{ cycle: Cycle }>('/api/cycles', {
        from: values.from,
        to: values.to,
        budget: values.budget ? Number(values.budget) : undefined,
      });
      process.stdout.write(`${cycle.id}\n`);
      return follow(cycle.id);
    }
    case 'status':
      if (!id) throw new Error('usage: evalloop cycle status <cycle id> [--follow]');
      return follow(id);
    case 'list': {
      const { cycles } = await api.get<{ cycles: Cycle[] }>('/api/cycles');
      for (const c of cycles) process.stdout.write(`${line(c)}\n`);
      return 0;
    }
    default:
      process.stderr.write(
        'usage: evalloop cycle start [--from ISO --to ISO --budget N --follow] | status <id> [--follow] | list\n',
      );
      return 2;
  }
};
