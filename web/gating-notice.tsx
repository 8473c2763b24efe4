import type pg from 'pg';
import { GATING_TAKEOVER } from '../db/gating-takeover.js';
import { fmtWhen } from './eval-widgets.js';
import { isUuid } from './web-env.js';

export interface TakeoverView {
  id: string;
  message: string;
  createdAt: string;
  versionId: string | null;
  acknowledged: boolean;
}

/** How far back the gates page reports takeovers that nobody acknowledged. */
const RECENT_DAYS = 30;

const COLUMNS = `id, message, created_at::text as "createdAt", details->>'versionId' as "versionId",
  acknowledged_at is not null as acknowledged`;

const view = (r: TakeoverView): TakeoverView => ({
  ...r,
  versionId: r.versionId && isUuid(r.versionId) ? r.versionId : null,
});

/** When one evaluator version took over gating (its takeover alerts, newest first). */
export const loadVersionTakeovers = async (pool: pg.Pool, projectId: string, versionId: string) =>
  (
    await pool.query(
      `select ${COLUMNS} from alerts where project_id = $1 and kind = $2 and details->>'versionId' = $3
       order by created_at desc, id`,
      [projectId, GATING_TAKEOVER, versionId],
    )
  ).rows.map(view);

/** Gating takeovers of the last 30 days nobody acknowledged yet, newest first. */
export const loadOpenTakeovers = async (pool: pg.Pool, projectId: string, limit = 10) =>
  (
    await pool.query(
      `select ${COLUMNS} from alerts where project_id = $1 and kind = $2 and acknowledged_at is null
         and created_at > now() - make_interval(days => ${RECENT_DAYS})
       order by created_at desc, id limit $3`,
      [projectId, GATING_TAKEOVER, limit],
    )
  ).rows.map(view);

/** On an evaluator version's page: this version took over gating (when, and from which version). */
export const VersionTakeoverNotice = ({ takeovers }: { takeovers: TakeoverView[] }) => {
  const t = takeovers[0];
  if (!t) return null;
  return (
    <div class="banner warn" id="gating-notice" role="status">
      New gating version: {t.message} ({fmtWhen(t.createdAt)}). Release gates started since then use it.{' '}
      <a href={`/alerts?kind=${GATING_TAKEOVER}&state=all`}>alerts</a>
    </div>
  );
};

/** On the gates page: evaluator versions that recently took over gating (gates before and after differ). */
export const GatesTakeoverNotice = ({ takeovers }: { takeovers: TakeoverView[] }) => {
  if (takeovers.length === 0) return null;
  return (
    <div class="banner warn" id="gating-notice" role="status">
      <div>Gating changed: gates started after these dates judge with the new versions.</div>
      <ul style="margin:4px 0 0">
        {takeovers.map((t) => (
          <li data-alert-id={t.id}>
            {t.versionId ? <a href={`/evaluators/${t.versionId}`}>{t.message}</a> : t.message} ({fmtWhen(t.createdAt)})
          </li>
        ))}
      </ul>
      <div class="small">
        <a href={`/alerts?kind=${GATING_TAKEOVER}&state=open`}>Acknowledge on the alerts page</a>
      </div>
    </div>
  );
};
