import { z } from 'zod';
import type { Operation } from './operation.js';
import { row } from './shapes.js';

/** Health and this API reference itself. */
export const metaOperations: Operation[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    summary: 'Readiness',
    tag: 'Meta',
    permission: null,
    responses: {
      200: { description: 'ready', schema: z.object({ status: z.literal('ok') }) },
      503: { description: 'starting', schema: z.object({ status: z.literal('starting') }) },
    },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'openApiDocument',
    summary: 'This API as an OpenAPI 3.1 document',
    tag: 'Meta',
    permission: null,
    responses: { 200: { description: 'the OpenAPI document', schema: row('an OpenAPI 3.1 document') } },
  },
  {
    method: 'get',
    path: '/api/docs',
    operationId: 'apiDocs',
    summary: 'This API reference as a web page',
    tag: 'Meta',
    permission: null,
    responses: { 200: { description: 'HTML', contentType: 'text/html' } },
  },
];
