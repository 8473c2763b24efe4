import { Hono } from 'hono';
import { ApiDocsPage } from '../web/api-docs-page.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { operations, tagDescriptions } from './openapi/operations.js';

/** The API's version as the document states it. */
const API_VERSION = '0.1.0';

/** `GET /api/openapi.json` (OpenAPI 3.1, built from api/openapi/*.ts) and `GET /api/docs` (its page). Public. */
export const createOpenApiRoutes = () => {
  const app = new Hono();
  const document = buildOpenApiDocument(operations, tagDescriptions, API_VERSION);
  app.get('/openapi.json', (c) => c.json(document));
  app.get('/docs', (c) => c.html(<ApiDocsPage doc={document} />));
  return app;
};
