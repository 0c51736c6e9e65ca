import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import { UPLOAD_MEDIA_TYPES } from './runs-routes.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Where the interactive docs live; the OpenAPI document is at `${DOCS_PREFIX}/json` (and `/yaml`). */
export const DOCS_PREFIX = '/docs';

type Schema = Record<string, unknown>;

/**
 * The OpenAPI 3 document, generated from the route schemas by @fastify/swagger, and Swagger UI at /docs. Register
 * before the routes: the document lists the routes registered after it. Every operation needs the bearer key
 * unless its route is `config.public` (it then says `security: []`). The docs themselves are public.
 */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (route.config?.public === true) route.schema = { ...route.schema, security: [] };
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'sitescout API', version, description: 'Domains → sitemaps → page inventory → contacts. Every route but /healthz, /readyz and /docs needs an API key (`sitescout keys create`).' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key from `sitescout keys create --name <name>`: `Authorization: Bearer ss_…`.' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'The same key in an `x-api-key` header, for clients that cannot set Authorization.' },
        },
      },
      security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
      tags: [
        { name: 'runs', description: 'Crawl submissions and their progress' },
        { name: 'domains', description: "A crawled domain's report and pages" },
        { name: 'contacts', description: 'Contacts found on crawled domains' },
        { name: 'service', description: 'Health, readiness and metrics' },
      ],
    },
    // The upload media types are validated by the handler, line by line; the document shows them as files.
    transform: ({ schema, url }) => {
      const body = (schema as Schema | undefined)?.body as { content?: Record<string, { schema: Schema }> } | undefined;
      if (body?.content === undefined) return { schema, url };
      const content = { ...body.content };
      for (const type of UPLOAD_MEDIA_TYPES) {
        const entry = content[type];
        if (entry !== undefined) content[type] = { schema: { ...entry.schema, type: 'string', format: 'binary' } };
      }
      return { schema: { ...schema, body: { ...body, content } } as typeof schema, url };
    },
  });
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
    });
    await docs.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
  });
}
