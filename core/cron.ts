/**
 * evalloop's one cron format (CLOSE_TRACES_CRON, project `cycleCron` / `driftCron`), always UTC:
 * 5 fields `minute hour day-of-month month day-of-week`, or 6 with seconds first
 * `second minute hour day-of-month month day-of-week` (the croner / DBOS convention). Fields take
 * numbers, `*`, ranges `a-b`, steps `/n`, lists `a,b`, and month / weekday names (JAN, MON).
 * Like classic cron, a time matches when day-of-month OR day-of-week matches (both restricted).
 */
export interface CronFields {
  second: string;
  minute: string;
  hour: string;
  dayOfMonth: string;
  month: string;
  dayOfWeek: string;
}

const FIELD = /^(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?)*$/;

/** Splits a cron expression into its fields; throws an Error that says what is wrong. */
export const parseCron = (expression: string): CronFields => {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    throw new Error(
      `cron "${expression}": expected 5 fields (minute hour day month weekday) or 6 with seconds first, got ${parts.length}`,
    );
  }
  const bad = parts.find((p) => !FIELD.test(p));
  if (bad !== undefined) throw new Error(`cron "${expression}": field "${bad}" is not a cron field`);
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = parts.length === 6 ? parts : ['0', ...parts];
  return {
    second: second!,
    minute: minute!,
    hour: hour!,
    dayOfMonth: dayOfMonth!,
    month: month!,
    dayOfWeek: dayOfWeek!,
  };
};

/** DBOS's scheduler (croner) reads 6 fields as seconds first: the expression as given. */
export const toDbosCron = (expression: string) => {
  parseCron(expression);
  return expression.trim();
};

/**
 * Temporal ScheduleSpec `cronExpressions`: its 6-field form is minutes-first with a year, so evalloop's
 * expression is written out as 7 fields (second … weekday, year). Temporal matches day-of-month AND
 * day-of-week; classic cron matches either, so a schedule that restricts both becomes two expressions.
 */
export const toTemporalCronExpressions = (expression: string): string[] => {
  const f = parseCron(expression);
  const line = (dom: string, dow: string) => `${f.second} ${f.minute} ${f.hour} ${dom} ${f.month} ${dow} *`;
  if (f.dayOfMonth !== '*' && f.dayOfWeek !== '*') return [line(f.dayOfMonth, '*'), line('*', f.dayOfWeek)];
  return [line(f.dayOfMonth, f.dayOfWeek)];
};
