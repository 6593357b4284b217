import { type App, actorOf } from '../../platform/http/app.ts';
import {
  Category,
  CategoryBody,
  CategoryChangeBody,
  CategoryList,
  CategoryParams,
} from './intake-categories.schemas.ts';
import type { CategoryService } from './intake-categories.ts';

const intakeRead = { access: { kind: 'user', scope: 'intake:read' } } as const;
const intakeWrite = { access: { kind: 'user', scope: 'intake:write' } } as const;
const tags = ['intake'];
const writers =
  'System administrators and office administrators at the top of the region tree (one public page per deployment).';

/** The report categories: shipped (read-only) and the office's own. */
export async function intakeCategoryRoutes(app: App, categories: CategoryService): Promise<void> {
  app.get(
    '/api/v1/intake/categories',
    {
      config: intakeRead,
      schema: {
        tags,
        summary: 'Report categories: the shipped ones and the office’s own, active or not',
        response: { 200: CategoryList },
      },
    },
    async (req) => categories.list(actorOf(req)),
  );
  app.post(
    '/api/v1/intake/categories',
    {
      config: intakeWrite,
      schema: {
        tags,
        summary: 'Add a report category (offered on the public form at once)',
        description: `${writers} 409 intake_category_taken when the code is a shipped or existing one.`,
        body: CategoryBody,
        response: { 201: Category },
      },
    },
    async (req, reply) => reply.status(201).send(await categories.create(actorOf(req), req.body)),
  );
  app.patch(
    '/api/v1/intake/categories/:code',
    {
      config: intakeWrite,
      schema: {
        tags,
        summary: 'Rename, deactivate or reactivate an office-defined category',
        description: `${writers} 409 intake_category_shipped for a shipped category.`,
        params: CategoryParams,
        body: CategoryChangeBody,
        response: { 200: Category },
      },
    },
    async (req) => categories.update(actorOf(req), req.params.code, req.body),
  );
  app.delete(
    '/api/v1/intake/categories/:code',
    {
      config: intakeWrite,
      schema: {
        tags,
        summary: 'Delete an office-defined category no case or routing rule uses',
        description: `${writers} 409 intake_category_in_use (details: cases, rules) otherwise: deactivate it instead.`,
        params: CategoryParams,
      },
    },
    async (req, reply) => {
      await categories.remove(actorOf(req), req.params.code);
      return reply.status(204).send();
    },
  );
}
