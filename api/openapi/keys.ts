import { z } from 'zod';
import { createBody, keyParam } from '../keys.js';
import type { Operation } from './operation.js';
import { row } from './shapes.js';

const key = row('an API key (never the secret): id, prefix, role, label, created, revoked', { id: z.string() });
const tag = 'API keys';

export const keyOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/keys',
    operationId: 'listKeys',
    summary: 'List the project’s API keys',
    tag,
    permission: 'manage',
    responses: { 200: { description: 'keys', schema: z.object({ keys: z.array(key) }) } },
  },
  {
    method: 'post',
    path: '/api/keys',
    operationId: 'createKey',
    summary: 'Create an API key (the secret is in this answer only)',
    tag,
    permission: 'manage',
    body: createBody,
    responses: { 201: { description: 'created', schema: z.object({ key, secret: z.string() }) } },
  },
  {
    method: 'post',
    path: '/api/keys/{id}/revoke',
    operationId: 'revokeKey',
    summary: 'Revoke a key (it and its web sessions stop at once)',
    tag,
    permission: 'manage',
    params: keyParam,
    responses: { 200: { description: 'the revoked key', schema: z.object({ key }) } },
  },
];
