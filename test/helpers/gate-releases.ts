import { runSimulatedAgent } from '../../cli/demo/agent.js';
import { failureModes } from '../../cli/demo/failure-modes.js';
import { demoReleases } from '../../cli/demo/releases.js';
import { publishEvaluatorVersion } from '../../db/evaluators.js';
import type { TestServer } from './server.js';

/**
 * A project whose gates can pass and block without an LLM: the demo's failure modes, one gating
 * citation-grounding evaluator (deterministic), and the simulated agent's traffic for the baseline,
 * a harmless release (its gate passes) and one that invents citations (its gate blocks).
 */
export const seedGateReleases = async (server: TestServer, traces = 150) => {
  for (const { key, title, rubric } of failureModes) {
    const r = await fetch(`${server.url}/api/failure-modes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.keys.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key, title, rubric }),
    });
    if (r.status !== 201) throw new Error(`failure mode ${key}: ${r.status} ${await r.text()}`);
  }
  await publishEvaluatorVersion(server.runtime.pool, {
    projectId: 'default',
    calibrationDatasetVersionId: null,
    parentVersionId: null,
    createdBy: 'gate test',
    report: null,
    failureModeKey: 'invented_citation',
    name: 'citation-grounding',
    config: { kind: 'citation', checkQuotes: true },
    threshold: 0.9,
    metrics: { mcc: 0.84, mccCI: { lower: 0.72, upper: 0.93 }, tpr: 0.83, tnr: 0.99, nFail: 42, nPass: 118 },
    status: 'gate',
    statusReason: 'MCC 0.84 [0.72, 0.93] on 160 labels: gate band',
  });
  const seeds = [
    [demoReleases.baseline, 11],
    [demoReleases.harmless, 23],
    [demoReleases.citations, 23],
  ] as const;
  for (const [release, seed] of seeds) {
    await runSimulatedAgent({
      url: server.url,
      ingestKey: server.keys.ingest,
      traces,
      seed,
      release,
      startTime: new Date(Date.now() - 3_600_000),
      endTime: new Date(Date.now() - 60_000),
      feedback: false,
    });
  }
  return demoReleases;
};
