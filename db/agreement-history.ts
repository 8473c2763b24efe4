import type pg from 'pg';

/** Stores one agreement measurement of an evaluator version. */
export const recordAgreement = (
  pool: pg.Pool,
  a: {
    versionId: string;
    trigger: string;
    model: string | null;
    mcc: number | null;
    ci: { lower: number; upper: number } | null;
    n: number;
    details: unknown;
  },
) =>
  pool.query(
    `insert into agreement_history (evaluator_version_id, trigger, model, mcc, mcc_lower, mcc_upper, n, details)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [a.versionId, a.trigger, a.model, a.mcc, a.ci?.lower ?? null, a.ci?.upper ?? null, a.n, JSON.stringify(a.details)],
  );

/** The agreement drift is measured against: the first recorded one (calibration), else the version's own metric. */
export const agreementBaseline = async (pool: pg.Pool, versionId: string, calibrated: number | null) => {
  const { rows } = await pool.query<{ mcc: number | null }>(
    `select mcc from agreement_history where evaluator_version_id = $1 and trigger = 'calibration'
     order by measured_at limit 1`,
    [versionId],
  );
  return rows[0]?.mcc ?? calibrated;
};

/** Agreement over time of a version, oldest first. */
export const agreementHistory = async (pool: pg.Pool, versionId: string) =>
  (
    await pool.query(
      `select trigger, model, mcc, mcc_lower as "mccLower", mcc_upper as "mccUpper", n, details,
              measured_at::text as "measuredAt"
       from agreement_history where evaluator_version_id = $1 order by measured_at`,
      [versionId],
    )
  ).rows;
