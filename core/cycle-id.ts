/** The cycle id of a project and review window: starting the same cycle twice finds the same run. */
export const cycleIdOf = (projectId: string, windowStart: string, windowEnd: string) =>
  `${projectId}:${windowStart}..${windowEnd}`;
