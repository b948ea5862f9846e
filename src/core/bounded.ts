/**
 * Runs `work` on every item with at most `limit` at a time; the first error
 * is the caller's to catch inside `work` (an uncaught one stops the rest).
 *
 * @example
 *   await forEachBounded(files, 8, async (file) => { results.set(file.path, await derive(file)); });
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
