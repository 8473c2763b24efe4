import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** `evalloop serve` in a child process, so that its memory is measured apart from the bench's. */
export interface ServerChild {
  url: string;
  pid: number;
  /** The last lines the server wrote (stdout and stderr), for error reports. */
  output: () => string;
  /** SIGINT, then waits for the exit (SIGKILL after `graceMs`). */
  stop: (graceMs?: number) => Promise<void>;
}

const OUTPUT_KEPT = 64 * 1024;

export const spawnServerChild = async (options: {
  env: Record<string, string>;
  nodeFlags?: string[];
  cwd: string;
}): Promise<ServerChild> => {
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), '--import', 'tsx', 'cli/evalloop.ts', 'serve'],
    { cwd: options.cwd, env: { ...process.env, GRPC_PORT: '0', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  // Always drained: a full pipe would block the server.
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const port = await new Promise<number>((resolve, reject) => {
    const onData = () => {
      const match = output.match(/listening on http:\/\/[^:\s]+:(\d+)/);
      if (match) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.off('exit', onExit);
        resolve(Number(match[1]));
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`the server exited (${code}) before listening:\n${output}`));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    stop: async (graceMs = 30_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
};

/** VmRSS and VmHWM (peak resident set) of a process, in bytes, from /proc; null once it is gone. */
export const readMemory = (pid: number): { rss: number; peak: number } | null => {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
};

/** Samples a process's RSS every `intervalMs`; `stop` returns the highest sample and the kernel's peak. */
export const sampleMemory = (pid: number, intervalMs = 100) => {
  let maxRss = 0;
  let peak = 0;
  const sample = () => {
    const m = readMemory(pid);
    if (!m) return;
    if (m.rss > maxRss) maxRss = m.rss;
    if (m.peak > peak) peak = m.peak;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { maxRss, peak };
    },
  };
};
