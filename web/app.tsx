import { Hono } from 'hono';
import { startedElsewhere } from '../api/csrf.js';
import { requestOrigin } from '../api/request-origin.js';
import { roleAllows } from '../core/auth.js';
import { AppError } from '../core/errors.js';
import { listCycles } from '../db/cycles.js';
import { listFailureModes } from '../db/failure-modes.js';
import { cycleProgress, findTask, listTasks, lockNextTask, lockTask } from '../db/review-tasks.js';
import { ErrorPage } from './error-page.js';
import { createInsightRoutes } from './insight-routes.js';
import { createKeyPages } from './key-routes.js';
import { QueuePage } from './queue-page.js';
import { createSignedIn, createSignInRoutes } from './sign-in-routes.js';
import { TaskPage } from './task-page.js';
import { loadTraceView, redactTraceView } from './trace-data.js';
import { isUuid, type WebDeps, type WebEnv } from './web-env.js';

export type { WebDeps } from './web-env.js';

/** Tasks the queue page and the n / p neighbours consider (one cycle). */
const QUEUE_LIMIT = 500;

/**
 * The reviewer web UI, server-rendered: sign-in, the review queue, the trace view with the
 * label form, and the read-only evaluator, cycle and trace pages (web/insight-routes.tsx).
 * Pages authenticate with the session cookie (set by /login, see web/sign-in-routes.tsx); the
 * client script calls the JSON API with the same cookie. Every trace-derived text is redacted.
 */
export const createWebApp = (deps: WebDeps) => {
  const app = new Hono<WebEnv>();

  const signedIn = createSignedIn();
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
        origin={requestOrigin(c, deps.trustProxy)}
        canManage={roleAllows(caller.role, 'manage')}
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
    const [view, modes, progress, queue] = await Promise.all([
      loadTraceView(deps, caller.projectId, task.traceId),
      listFailureModes(deps.pool, caller.projectId),
      cycleProgress(deps.pool, caller.projectId, task.cycleId),
      listTasks(deps.pool, {
        projectId: caller.projectId,
        cycleId: task.cycleId,
        status: 'pending',
        limit: QUEUE_LIMIT,
      }),
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
    const at = queue.findIndex((t) => t.id === task.id);
    const others = queue.filter((t) => t.id !== task.id);
    const nextId = (at >= 0 ? queue[at + 1]?.id : others[0]?.id) ?? null;
    const prevId = at > 0 ? (queue[at - 1]?.id ?? null) : null;
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
        unredacted={roleAllows(caller.role, 'manage')}
        lockSeconds={deps.lockSeconds}
      />,
    );
  });

  app.route('/', createInsightRoutes(deps, signedIn));
  app.route('/', createKeyPages(deps, signedIn));
  return app;
};
