import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../cli/temporal-bundle.js';
import { toTemporalActivity } from '../workflows/engine-temporal.js';
import { engines, useEngine } from './helpers/temporal.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'temporal');

/**
 * The workflow bodies as Temporal runs them: they bundle for the sandbox, every recorded history
 * (test/record-temporal-histories.ts, from a real server) replays on today's bodies, and a body
 * changed under `ctx.patched` still replays a history recorded before the change.
 */
describe('Temporal workflow bundle and replay', () => {
  let code: string;
  beforeAll(async () => {
    code = await bundleWorkflows();
  });

  it('bundles every workflow body for the sandbox, without node built-ins', () => {
    for (const name of ['closeTraces', 'refreshCycle', 'scheduledCycle', 'gate', 'recalibrate', 'driftWatch']) {
      expect(code).toMatch(new RegExp(`defineWorkflow\\)?\\(\\s*["']${name}["']`));
    }
    expect(code).not.toMatch(/require\(["']node:/);
  });

  it('replays every recorded history on the current bodies', async () => {
    const files = (await readdir(FIXTURES)).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual([
      'closeTraces.json',
      'driftWatch.json',
      'gate.json',
      'recalibrate.json',
      'refreshCycle.json',
      'scheduledCycle.json',
    ]);
    const histories = await Promise.all(
      files.map(async (f) => ({ workflowId: f, history: JSON.parse(await readFile(join(FIXTURES, f), 'utf8')) })),
    );
    const results = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: { code } }, histories)) results.push(r);
    expect(results.map((r) => [r.workflowId, r.error?.message ?? null])).toEqual(files.map((f) => [f, null]));
  });
});

describe.runIf(engines.includes('temporal'))('ctx.patched on Temporal', () => {
  const temporal = useEngine('temporal');
  const bundleOf = (file: string) => bundleWorkflows(join(FIXTURES, file));
  let v1History: unknown;
  let connection: Connection;

  beforeAll(async () => {
    const address = temporal.env().TEMPORAL_ADDRESS!;
    connection = await Connection.connect({ address });
    const worker = await Worker.create({
      connection: await NativeConnection.connect({ address }),
      taskQueue: 'patch-demo',
      workflowBundle: { code: await bundleOf('patch-v1.ts') },
      activities: {
        closeTraces: toTemporalActivity(async () => ({ closed: 2, more: false })),
        recordCycleStage: toTemporalActivity(async () => undefined),
      },
    });
    const client = new Client({ connection });
    await worker.runUntil(async () => {
      const result = await client.workflow.execute('patchDemo', { taskQueue: 'patch-demo', workflowId: 'patch-v1' });
      expect(result).toBe(4);
    });
    v1History = await client.workflow.getHandle('patch-v1').fetchHistory();
  });
  afterAll(() => connection?.close());

  it('replays a v1 history on the body changed under ctx.patched', async () => {
    await expect(
      Worker.runReplayHistory({ workflowBundle: { code: await bundleOf('patch-v2.ts') } }, v1History),
    ).resolves.toBeUndefined();
  });

  it('does not replay it on the same change made without the guard', async () => {
    await expect(
      Worker.runReplayHistory({ workflowBundle: { code: await bundleOf('patch-v3-unguarded.ts') } }, v1History),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
