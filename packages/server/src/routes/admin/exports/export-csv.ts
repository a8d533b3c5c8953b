// The body of an export: the header, then each page's rows as the reader fetches
// them. An async generator behind Readable.from: the next page is fetched only when
// the client has taken the previous one (backpressure), so at most a page or two are
// in memory whatever the list's length; a client that goes away ends the generator.
import { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { columnsOf, commentLine, headerLine, itemLine, UTF8_BOM } from './csv.ts';
import type { ListPage, PageResult } from './list-pages.ts';

export interface ExportRun {
  first: ListPage;
  fetchPage: (pageNumber: number) => Promise<PageResult>;
  maxRows: number;
  /** The export's own responseId (its X-Response-Id), quoted in an error line for support. */
  responseId: string;
  log: FastifyBaseLogger;
}

async function* exportLines(run: ExportRun): AsyncGenerator<string> {
  // The first page decides the columns: a key that only later items have is not exported.
  const columns = columnsOf(run.first.data);
  yield UTF8_BOM + headerLine(columns);
  let page = run.first;
  let pageNumber = 1;
  let written = 0;
  for (;;) {
    const take = Math.min(page.data.length, run.maxRows - written);
    let chunk = '';
    for (let i = 0; i < take; i++) chunk += itemLine(columns, page.data[i]);
    written += take;
    if (chunk) yield chunk;
    const more = take < page.data.length || pageNumber < page.totalPages;
    if (!more || page.data.length === 0) return;
    if (written >= run.maxRows) {
      yield commentLine(`truncated at ${written} rows`);
      return;
    }
    pageNumber += 1;
    let next: PageResult;
    try {
      next = await run.fetchPage(pageNumber);
    } catch (err) {
      run.log.error({ err, pageNumber }, 'export page failed');
      yield commentLine(`error: page ${pageNumber} could not be read; the export is incomplete (responseId ${run.responseId})`);
      return;
    }
    if (!next.ok) {
      // Never silently short: the file says where it stopped and why.
      run.log.warn({ pageNumber, statusCode: next.statusCode, errorCode: next.envelope.errorCode, pageResponseId: next.envelope.responseId }, 'export page refused');
      yield commentLine(`error: ${next.envelope.errorCode ?? next.statusCode} ${next.envelope.errorMessage ?? ''} at page ${pageNumber}; the export is incomplete (responseId ${run.responseId})`);
      return;
    }
    page = next.page;
  }
}

/** The export's byte stream (not object mode: its 16 KiB buffer, not a count of pages, bounds what is read ahead). */
export function exportStream(run: ExportRun): Readable {
  return Readable.from(exportLines(run), { objectMode: false });
}
