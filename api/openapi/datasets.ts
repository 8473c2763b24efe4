import { z } from 'zod';
import { createBody, datasetParam, versionParam } from '../datasets.js';
import type { Operation } from './operation.js';
import { row } from './shapes.js';

const dataset = row('a dataset: name, failure mode (null: all labels), its versions', { id: z.string() });
const version = row('a frozen dataset version: number, content hash, label count', { created: z.boolean() });

export const datasetOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/datasets',
    operationId: 'listDatasets',
    summary: 'List datasets',
    tag: 'Datasets',
    permission: 'review',
    responses: { 200: { description: 'every dataset', schema: z.object({ datasets: z.array(dataset) }) } },
  },
  {
    method: 'post',
    path: '/api/datasets',
    operationId: 'createDataset',
    summary: 'Create a dataset',
    tag: 'Datasets',
    permission: 'manage',
    body: createBody,
    responses: { 201: { description: 'created', schema: z.object({ dataset }) } },
  },
  {
    method: 'post',
    path: '/api/datasets/{id}/freeze',
    operationId: 'freezeDataset',
    summary: 'Freeze the dataset’s current labels as an immutable, content-hashed version',
    tag: 'Datasets',
    permission: 'manage',
    params: datasetParam,
    responses: {
      201: { description: 'a new version', schema: z.object({ version }) },
      200: { description: 'nothing changed since the last version: that version', schema: z.object({ version }) },
    },
  },
  {
    method: 'get',
    path: '/api/datasets/{id}/versions/{v}/export',
    operationId: 'exportDatasetVersion',
    summary: 'Stream a frozen version as JSON Lines (one labelled trace a line)',
    description: 'The `X-Content-Hash` header carries the version’s content hash. Redacted for non-admins.',
    tag: 'Datasets',
    permission: 'review',
    params: versionParam,
    responses: { 200: { description: 'JSON Lines', contentType: 'application/x-ndjson' } },
  },
];
