// Paged lists: which page a visitor asked for, and the links to its neighbours.

/** Which page of a list (1, 2, …, at most max); anything else is the first. */
export function pageNumber(value: unknown, max = 99_999): number {
  if (typeof value !== 'string' || !/^[1-9]\d{0,4}$/.test(value)) return 1;
  const n = Number(value);
  return n <= max ? n : 1;
}

/** Links to the previous and next page, keeping the list's filters (empty ones left out). */
export function pageLinks(path: string, filters: Record<string, string>, page: number, hasMore: boolean) {
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
  const link = (n: number) => `${path}?${new URLSearchParams([...params, ['page', String(n)]])}`;
  return { previousPage: page > 1 ? link(page - 1) : undefined, nextPage: hasMore ? link(page + 1) : undefined };
}
