import type pg from 'pg';

/** An admin's waiver of a gate run (immutable: the database rejects changes). */
export interface GateWaiver {
  gateId: string;
  waivedBy: string;
  reason: string;
  createdAt: string;
}

const COLUMNS = `gate_id as "gateId", waived_by as "waivedBy", reason, created_at::text as "createdAt"`;

/** Records a waiver; returns null when the run has one already (the first one stands). */
export const insertGateWaiver = async (
  pool: pg.Pool,
  w: { gateId: string; projectId: string; waivedBy: string; keyId: string; reason: string },
): Promise<GateWaiver | null> =>
  (
    await pool.query<GateWaiver>(
      `insert into gate_waivers (gate_id, project_id, waived_by, key_id, reason) values ($1, $2, $3, $4, $5)
       on conflict (gate_id) do nothing returning ${COLUMNS}`,
      [w.gateId, w.projectId, w.waivedBy, w.keyId, w.reason],
    )
  ).rows[0] ?? null;

export const findGateWaiver = async (pool: pg.Pool, projectId: string, gateId: string): Promise<GateWaiver | null> =>
  (
    await pool.query<GateWaiver>(`select ${COLUMNS} from gate_waivers where project_id = $1 and gate_id = $2`, [
      projectId,
      gateId,
    ])
  ).rows[0] ?? null;

/** The waivers of a project's gate runs, by gate id. */
export const listGateWaivers = async (pool: pg.Pool, projectId: string, gateIds: string[]) =>
  new Map(
    (
      await pool.query<GateWaiver>(`select ${COLUMNS} from gate_waivers where project_id = $1 and gate_id = any($2)`, [
        projectId,
        gateIds,
      ])
    ).rows.map((w) => [w.gateId, w]),
  );
