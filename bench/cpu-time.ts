import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcStat {
  ppid: number;
  /** utime + stime + cutime + cstime, in ticks (reaped children included, so exited backends count). */
  ticks: number;
}

const readStat = (pid: number): ProcStat | null => {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces; fields after it are space-separated.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const at = (field: number) => Number(fields[field - 3] ?? 0);
  return { ppid: at(4), ticks: at(14) + at(15) + at(16) + at(17) };
};

/**
 * CPU seconds (user + system) used so far by `root` and every live descendant, e.g. a
 * postmaster and its backends. Comparing two readings gives the CPU a phase cost.
 */
export const treeCpuSeconds = (root: number): number => {
  const stats = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat) stats.set(pid, stat);
  }
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  let ticks = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks / ticksPerSecond;
};

/** CPU seconds of this process so far. */
export const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** The postmaster of the server a backend belongs to, when that server runs on this machine. */
export const postmasterOf = (backendPid: number): number | null => readStat(backendPid)?.ppid ?? null;
