#!/usr/bin/env -S npx tsx
import { type Config, parseConfig } from '../core/config.js';
import { runKeys } from './keys.js';
import { createLogger } from './log.js';
import { startRuntime } from './runtime.js';

const USAGE = `usage: evalloop <command>

  serve                 HTTP API, OTLP receiver, UI and workflows (npm start)
  worker                workflows only, against the same database as a server
  migrate               apply database migrations and exit
  keys create --project P --role ingest|review|ci|admin [--label L]
                        create an API key (printed once)
`;

const runService = async (config: Config, http: boolean) => {
  const log = createLogger(config.LOG_LEVEL);
  const runtime = await startRuntime({ config, http, log });
  const shutdown = (signal: string) => {
    log(`${signal}: shutting down`);
    runtime.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log(`shutdown failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
};

const main = async () => {
  const [command, ...rest] = process.argv.slice(2);
  const config = parseConfig(process.env);
  switch (command) {
    case 'serve':
      return runService(config, true);
    case 'worker':
      return runService(config, false);
    case 'migrate': {
      const runtime = await startRuntime({ config, http: false, log: createLogger(config.LOG_LEVEL) });
      return runtime.stop();
    }
    case 'keys':
      return runKeys(config, rest);
    default:
      process.stderr.write(USAGE);
      process.exitCode = command ? 2 : 0;
  }
};

main().catch((err: unknown) => {
  process.stderr.write(`evalloop: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
