import { Hono } from 'hono';
import { startedElsewhere } from '../api/csrf.js';
import { requestOrigin } from '../api/request-origin.js';
import { roleAllows } from '../core/auth.js';
import { AppError } from '../core/errors.js';
import { listCycles } from '../db/cycles.js';
import { listFailureModes } from '../db/failure-modes.js';
import { listLabels } from '../db/labels.js';
import { getQueueInstructions, MAX_INSTRUCTIONS } from '../db/queue-instructions.js';
import { cycleProgress, cycleTaskOrder, findTask, listTasks, lockNextTask, lockTask } from '../db/review-tasks.js';
import { ErrorPage } from './error-page.js';
import { createExplorerRoutes } from './explorer-routes.js';
import { createFaviconRoutes } from './favicon.js';
import { createImportPages } from './import-routes.js';
import { createInsightRoutes } from './insight-routes.js';
import { createKeyPages } from './key-routes.js';
import { QueuePage } from './queue-page.js';
import { createScorecardPages, type ScorecardPageDeps } from './scorecard-routes.js';
import { createSettingsPages } from './settings-routes.js';
import { createSignedIn, createSignInRoutes } from './sign-in-routes.js';
import { TaskPage } from './task-page.js';
import { loadTraceView, redactTraceView } from './trace-data.js';
import { createTraceViewCache } from './trace-view-cache.js';
import { isUuid, type WebEnv } from './web-env.js';

export type { WebDeps } from './web-env.js';

/** Tasks the queue page and the n / p neighbours consider (one cycle). */
const QUEUE_LIMIT = 500;
/** Labels of one trace shown in its history (newest first). */
const HISTORY_LIMIT = 100;

/**
 * The reviewer web UI, server-rendered: sign-in, the review queue, the trace view with the
 * label form, and the read-only evaluator, cycle and trace pages (web/insight-routes.tsx).
 * Pages authenticate with the session cookie (set by /login, see web/sign-in-routes.tsx); the
 * client script calls the JSON API with the same cookie. Every trace-derived text is redacted.
 */
export const createWebApp = (deps: ScorecardPageDeps) => {
  const app = new Hono<WebEnv>();

  const signedIn = createSignedIn();
  app.route('/', createFaviconRoutes());
  app.route('/', createSignInRoutes(deps));

  app.get('/', signedIn, async (c) => {
    const caller = c.get('caller');
    const cycles = await listCycles(deps.pool, caller.projectId);
    const wanted = c.req.query('cycle');
    const cycleId = cycles.find((x) => x.id === wanted)?.id ?? cycles[0]?.id ?? null;
    const [tasks, progress] = cycleId
      ? await Promise.all([
          listTasks(deps.pool, { projectId: caller.projectId, cycleId, limit: QUEUE_LIMIT }),
          cycleProgress(deps.pool, caller.projectId, cycleId),
        ])
      : [[], null];
    const instructions = await getQueueInstructions(deps.pool, caller.projectId);
    // One redaction per task: each row is one trace.
    const redacted = await Promise.all(
      tasks.map(async (t) => ({ ...t, ...(await deps.redactTrace(caller, { input: t.input, reasons: t.reasons })) })),
    );
    return c.html(
      <QueuePage
        who={caller.name}
        cycles={cycles}
        cycleId={cycleId}
        progress={progress}
        tasks={redacted}
        done={c.req.query('done') === '1'}
        instructions={instructions}
        canManage={roleAllows(caller.role, 'manage')}
        maxInstructions={MAX_INSTRUCTIONS}
        origin={requestOrigin(c, deps.trustProxy)}
      />,
    );
  });

  // After a label or a skip: lock the next task of the cycle and open it (ids never pass through redaction).
  app.get('/next', signedIn, async (c) => {
    const caller = c.get('caller');
    const cycle = c.req.query('cycle') || undefined;
    if (startedElsewhere(c)) return c.redirect('/', 303);
    const task = await lockNextTask(deps.pool, caller.projectId, caller.name, deps.lockSeconds, cycle);
    if (task) return c.redirect(`/tasks/${task.id}`, 303);
    return c.redirect(`/?${new URLSearchParams({ ...(cycle ? { cycle } : {}), done: '1' })}`, 303);
  });

  app.get('/tasks/:id', signedIn, async (c) => {
    const caller = c.get('caller');
    const id = c.req.param('id');
    const notFound = () =>
      c.html(<ErrorPage who={caller.name} title="No such task" message={`No review task ${id}.`} />, 404);
    if (!isUuid(id)) return notFound();
    let task = await findTask(deps.pool, caller.projectId, id);
    if (!task) return notFound();
    let lockedBy: string | null = null;
    if (task.status === 'pending' && startedElsewhere(c)) {
      // A link from another origin's page shows the task without taking its lock (a GET changes nothing).
      if (task.lockedBy && task.lockedBy !== caller.name) lockedBy = task.lockedBy;
      else if (task.assignedTo && task.assignedTo !== caller.name) lockedBy = `${task.assignedTo} (assigned)`;
    } else if (task.status === 'pending') {
      try {
        task = await lockTask(deps.pool, caller.projectId, id, caller.name, deps.lockSeconds);
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'conflict')) throw err;
        task = (await findTask(deps.pool, caller.projectId, id)) ?? task;
        lockedBy = task.lockedBy ?? (task.assignedTo ? `${task.assignedTo} (assigned)` : 'another reviewer');
      }
    }
    const [view, modes, progress, queue, labels, instructions] = await Promise.all([
      loadTraceView(deps, caller.projectId, task.traceId),
      listFailureModes(deps.pool, caller.projectId),
      cycleProgress(deps.pool, caller.projectId, task.cycleId),
      cycleTaskOrder(deps.pool, caller.projectId, task.cycleId, QUEUE_LIMIT),
      listLabels(deps.pool, {
        projectId: caller.projectId,
        traceId: task.traceId,
        limit: HISTORY_LIMIT,
        viewer: caller.name,
      }),
      getQueueInstructions(deps.pool, caller.projectId),
    ]);
    if (!view)
      return c.html(
        <ErrorPage
          who={caller.name}
          title="Trace missing"
          message={`The trace ${task.traceId} of this task is gone.`}
        />,
        404,
      );
    const red = await redactTraceView(deps.redactTrace, caller, view, task.reasons);
    const usable = modes
      .filter((m) => m.status !== 'retired')
      .sort((a, b) => Number(a.status !== 'active') - Number(b.status !== 'active') || a.key.localeCompare(b.key));
    // p / n step through the cycle's queue in its fixed order, done and skipped tasks included.
    const at = queue.findIndex((t) => t.id === task.id);
    const nextId = (at >= 0 ? queue[at + 1]?.id : queue[0]?.id) ?? null;
    const prevId = at > 0 ? (queue[at - 1]?.id ?? null) : null;
    // Only the critiques are free text (ids, reviewers and modes stay as stored); one call keeps placeholders consistent.
    const critiques = await deps.redactTrace(
      caller,
      labels.map((l) => l.critique),
    );
    const redactedLabels = labels.map((l, i) => ({ ...l, critique: critiques[i] ?? null }));
    return c.html(
      <TaskPage
        who={caller.name}
        task={task}
        reasons={red.reasons}
        trace={red.trace}
        spans={red.spans}
        modes={usable}
        progress={progress}
        lockedBy={lockedBy}
        prevId={prevId}
        nextId={nextId}
        labels={redactedLabels}
        titles={new Map(modes.map((m) => [m.key, m.title]))}
        instructions={instructions}
        unredacted={roleAllows(caller.role, 'manage')}
        lockSeconds={deps.lockSeconds}
      />,
    );
  });

  // Redacted trace views the trace page made, for the spans it then loads on demand.
  const traceViews = createTraceViewCache();
  app.route('/', createExplorerRoutes(deps, signedIn, traceViews));
  app.route('/', createInsightRoutes(deps, signedIn, traceViews));
  app.route('/', createKeyPages(deps, signedIn));
  app.route('/', createSettingsPages(deps, signedIn));
  app.route('/', createImportPages(deps, signedIn));
  app.route('/', createScorecardPages(deps, signedIn));
  return app;
};
