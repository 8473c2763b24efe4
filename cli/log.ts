/** Timestamped lines on stderr; stdout is kept for command output (keys, tables). */
export const createLogger =
  (level: 'debug' | 'info' | 'warn' | 'error') =>
  (message: string): void => {
    if (level === 'error') return;
    process.stderr.write(`${new Date().toISOString()} ${message}\n`);
  };
