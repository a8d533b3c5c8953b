import { admin } from '@cardepass/contract';
import { ApiError } from '../../../lib/api-error.ts';
import { adminSecurity, errorResponses, type RouteModule } from '../../route-kit.ts';
import { EXPORT_LISTS, EXPORT_NAMES, exportFileName, isExportName } from './export-lists.ts';
import { exportStream } from './export-csv.ts';
import { listPages } from './list-pages.ts';

/**
 * GET /admin/v1/exports/:list — the list as a CSV file, every page of it up to
 * CARDEPASS_EXPORT_MAX_ROWS rows, with the list's own query parameters. Access is
 * 'self' here because the real check is the list's: the export reads it as the caller.
 * A read, not a change: no audit row.
 */
const route: RouteModule = (app, ctx) => {
  app.get('/exports/:list', {
    config: { access: 'self' },
    schema: {
      tags: ['Admin'], summary: 'Export a list as CSV', security: adminSecurity,
      description: `Lists: ${EXPORT_NAMES.join(', ')}. Takes the list's own query parameters (filters), not PageNumber/PageSize; `
        + 'needs the list\'s own permission (a refusal is the list\'s error envelope, not a file). Card numbers, CVVs, secrets and tokens never appear.',
      params: admin.ExportsParams, produces: ['text/csv'], response: { 200: admin.ExportsCsv, ...errorResponses },
    },
  }, async (request, reply) => {
    const { list } = request.params;
    if (!isExportName(list)) throw new ApiError('EXPORT_NOT_FOUND', { list, lists: EXPORT_NAMES.join(', ') });
    const fetchPage = listPages(app, request, `${app.prefix}${EXPORT_LISTS[list]}`);
    // Before the response starts, so that a refusal (403, 401, a bad filter) is an envelope with its status, not a file.
    const first = await fetchPage(1);
    if (!first.ok) return reply.status(first.statusCode).send({ ...first.envelope, responseId: request.id });
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exportFileName(list, new Date())}"`)
      .header('cache-control', 'no-store');
    // A stream is sent as it is (no serializer); the 200 schema above only documents the CSV.
    return reply.send(exportStream({ first: first.page, fetchPage, maxRows: ctx.config.exportMaxRows, responseId: request.id, log: request.log }) as never);
  });
};
export default route;
