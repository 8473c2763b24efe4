import { z } from 'zod';
import { traceIdParam, traceListQuery } from '../traces.js';
import type { Operation } from './operation.js';
import { row } from './shapes.js';

const trace = row('a trace rollup: session, user, release, models, input/output, tokens, anomaly signals', {
  traceId: z.string(),
});

export const traceOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/traces',
    operationId: 'listTraces',
    summary: 'List traces (filtered, newest first, cursor-paginated)',
    description: 'Reviewers read traces with personal data redacted; admins read them as stored.',
    tag: 'Traces',
    permission: 'read_traces',
    query: traceListQuery,
    responses: {
      200: {
        description: 'a page of traces; pass `nextCursor` as `cursor` for the next one',
        schema: z.object({
          traces: z.array(trace),
          nextCursor: z.string().nullable(),
          scan: z
            .object({ scanned: z.number(), limited: z.boolean() })
            .nullable()
            .describe('with `text`: how many traces this page read, and whether it stopped at the read limit'),
        }),
      },
    },
  },
  {
    method: 'get',
    path: '/api/traces/{id}',
    operationId: 'getTrace',
    summary: 'One trace with its span tree',
    tag: 'Traces',
    permission: 'read_traces',
    params: traceIdParam,
    responses: {
      200: {
        description: 'the trace rollup and its spans as a tree (each span with `children`)',
        schema: z.object({ trace, spans: z.array(row('a span with its children', { spanId: z.string() })) }),
      },
    },
  },
];
