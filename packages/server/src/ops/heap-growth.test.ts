import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { heapGrowthFlag } from './heap-growth.ts';

const run = promisify(execFile);

// A server-like heap: a live set that stays, and requests' objects that live long enough to be
// promoted to the old generation, then die there. Prints the largest heap in use it saw.
const CHURN = `
  const v8 = require('node:v8');
  if (process.argv[1]) v8.setFlagsFromString(process.argv[1]);
  const live = []; for (let i = 0; i < 300000; i++) live.push({ a: i, b: 'x' + i, c: [i, i] });
  let recent = []; let most = 0; const start = Date.now();
  (function work() {
    for (let i = 0; i < 2000; i++) recent.push({ s: 'req' + Math.random(), buf: new Array(20).fill(i) });
    if (recent.length > 60000) recent = recent.slice(30000);
    most = Math.max(most, process.memoryUsage().heapUsed);
    if (Date.now() - start < 4000) setImmediate(work); else console.log(most);
  })();`;

async function largestHeap(flag: string | null): Promise<number> {
  const { stdout } = await run(process.execPath, ['-e', CHURN, flag ?? ''], { timeout: 60_000 });
  return Number(stdout.trim());
}

describe('heap growth', () => {
  it('gives the flag for a percentage, none for 0 or when the operator gave node their own', () => {
    expect(heapGrowthFlag(100, [])).toBe('--heap-growing-percent=100');
    expect(heapGrowthFlag(100, ['--enable-source-maps', ''])).toBe('--heap-growing-percent=100');
    expect(heapGrowthFlag(0, [])).toBeNull();
    expect(heapGrowthFlag(100, ['--heap-growing-percent=30'])).toBeNull();
    expect(heapGrowthFlag(100, ['--heap_growing_percent=30'])).toBeNull();
  });

  it('CARDEPASS_HEAP_GROWTH_PERCENT: 100 by default, 0 to 400, anything else refused by name', () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(100);
    expect(loadConfig({ CARDEPASS_HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(() => loadConfig({ CARDEPASS_HEAP_GROWTH_PERCENT: '401' })).toThrow(/CARDEPASS_HEAP_GROWTH_PERCENT/);
    expect(() => loadConfig({ CARDEPASS_HEAP_GROWTH_PERCENT: 'lots' })).toThrow(/CARDEPASS_HEAP_GROWTH_PERCENT/);
  });

  it('set at run time, the flag keeps the old generation near what survives (V8 alone lets it grow to 4×)', async () => {
    // One after the other: side by side on a busy machine, each changes the other's timing.
    const alone = await largestHeap(null);
    const capped = await largestHeap(heapGrowthFlag(100, []));
    console.log(`largest heap in use: V8's own growth ${(alone / 2 ** 20).toFixed(0)} MiB, 100 % growth ${(capped / 2 ** 20).toFixed(0)} MiB`);
    expect(capped).toBeLessThan(alone * 0.8);
  }, 90_000);
});
