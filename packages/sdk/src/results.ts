// What SDK methods return. A single call returns an ApiPromise: awaiting it
// gives the envelope's `data`, `.withResponse()` adds the responseId, status,
// headers and the idempotent-replay flag. A list call returns a PageList:
// awaitable for the first page and async-iterable over every item of every
// page, fetching the next page only when the loop gets there. Two paging
// styles exist in the documents: PageNumber/PageSize (most lists) and
// Limit/Offset (accountLogs).
import { CardepassError } from './errors.ts';
import type { ApiResponse } from './http.ts';

export class ApiPromise<T> implements PromiseLike<T> {
  #started: Promise<ApiResponse<T>> | undefined;

  /**
   * `run` starts on the first then()/withResponse(), not at construction: a
   * call nobody awaits sends nothing and cannot become an unhandled rejection.
   */
  constructor(private readonly run: () => Promise<ApiResponse<T>>) {}

  /** The data together with responseId, status, headers and `replayed`. */
  withResponse(): Promise<ApiResponse<T>> {
    this.#started ??= this.run();
    return this.#started;
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.withResponse().then((response) => response.data).then(onFulfilled, onRejected);
  }

  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onFinally);
  }

  get [Symbol.toStringTag](): string {
    return 'ApiPromise';
  }
}

/** The page object of list endpoints. */
export interface Page<Item> {
  pageNumber: number;
  pageSize: number;
  totalRecords: number;
  totalPages: number;
  data: Item[];
}

/** The documents: "PageSize 不超过 100"; the server rejects more. */
export const MAX_PAGE_SIZE = 100;
/** Iteration stops with an error rather than walk more pages than this: narrow the filter (dates, card) instead. */
export const MAX_PAGES = 10_000;
/** Default ceiling of toArray(): enough for a report, not enough to exhaust memory by accident. */
export const DEFAULT_TO_ARRAY_LIMIT = 10_000;

export type ApiQuery = Record<string, string | number | undefined>;

/** How a paging style moves from one page's query to the next; undefined when it was the last page. */
export type NextQuery = (query: ApiQuery, page: Page<unknown>) => ApiQuery | undefined;

/** PageNumber/PageSize: stop after totalPages. */
export const byPageNumber: NextQuery = (query, page) => {
  if (page.data.length === 0 || page.pageNumber >= page.totalPages) return undefined;
  return { ...query, PageNumber: page.pageNumber + 1 };
};

/** Limit/Offset: advance by what arrived, stop at totalRecords. */
export const byOffset: NextQuery = (query, page) => {
  const offset = Number(query.Offset ?? 0) + page.data.length;
  if (page.data.length === 0 || offset >= page.totalRecords) return undefined;
  return { ...query, Offset: offset };
};

/** Rejects a page size the server would refuse, before any request is made. */
export function checkPageSize(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw new CardepassError(`${name} must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${value}`);
  }
}

export class PageList<Item> implements PromiseLike<Page<Item>>, AsyncIterable<Item> {
  #first: Promise<ApiResponse<Page<Item>>> | undefined;

  constructor(
    private readonly fetchPage: (query: ApiQuery) => Promise<ApiResponse<Page<Item>>>,
    private readonly query: ApiQuery,
    private readonly next: NextQuery,
  ) {}

  /** The first page with its responseId, status and headers. */
  withResponse(): Promise<ApiResponse<Page<Item>>> {
    // Fetched once, whether awaited first or iterated first.
    this.#first ??= this.fetchPage(this.query);
    return this.#first;
  }

  then<R1 = Page<Item>, R2 = never>(
    onFulfilled?: ((value: Page<Item>) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.withResponse().then((response) => response.data).then(onFulfilled, onRejected);
  }

  /** Every page in order, from the first. */
  async *pages(): AsyncGenerator<Page<Item>, void, undefined> {
    let page = (await this.withResponse()).data;
    let query: ApiQuery | undefined = this.query;
    for (let count = 1; ; count++) {
      yield page;
      query = this.next(query, page);
      if (!query) return;
      if (count >= MAX_PAGES) throw new CardepassError(`Stopped after ${MAX_PAGES} pages; narrow the query (dates, card) to list fewer records`);
      page = (await this.fetchPage(query)).data;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** Up to `limit` items of every page, in order. */
  async toArray(limit: number = DEFAULT_TO_ARRAY_LIMIT): Promise<Item[]> {
    const items: Item[] = [];
    if (limit <= 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= limit) break;
    }
    return items;
  }
}
