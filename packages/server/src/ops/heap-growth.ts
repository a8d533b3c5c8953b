import v8 from 'node:v8';

const FLAG = '--heap-growing-percent';

/**
 * The V8 flag that caps how far the old generation may grow past what the last full
 * collection kept, or null: when the setting is 0 (V8's own heuristic) or the operator
 * gave the flag to node themselves (`node --heap-growing-percent=…`, NODE_OPTIONS).
 *
 * Why: on a machine with more than 16 GiB V8 lets the old generation grow up to 4× what
 * survived the last full collection before the next one. Under load the server keeps
 * about 30 MiB; the soak saw its heap climb to 107 MiB (RSS 205 → 282 MiB) before the
 * first full collection, then settle at 218 MiB. With a growth of 100 % (2×) it stayed
 * at 235–240 MiB throughout (bench/README.md).
 */
export function heapGrowthFlag(percent: number, nodeArgs: readonly string[]): string | null {
  if (percent === 0) return null;
  const operatorSetIt = nodeArgs.some((arg) => arg.replaceAll('_', '-').startsWith(FLAG));
  return operatorSetIt ? null : `${FLAG}=${percent}`;
}

/**
 * Applies CARDEPASS_HEAP_GROWTH_PERCENT to this process (the serve command, before it
 * starts). V8 reads this flag each time it sets the next collection's limit, so it takes
 * effect when set at run time. Returns the flag applied, or null.
 */
export function tuneHeapGrowth(percent: number): string | null {
  const flag = heapGrowthFlag(percent, [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)]);
  if (flag) v8.setFlagsFromString(flag);
  return flag;
}
