// Reads the Prometheus text exposition format back, for tests that compare a
// counter before and after a scenario. Only what prom-client writes: one
// sample per line, `name{label="value",…} number`, comments starting with #.

export type Samples = Map<string, number>;

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Every sample of the text, keyed by name and its labels in sorted order (see sampleKey). */
export function parsePrometheusText(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels = Object.fromEntries([...(match[3] ?? '').matchAll(LABEL)].map((m) => [m[1]!, m[2]!]));
    samples.set(sampleKey(match[1]!, labels), Number(match[4]));
  }
  return samples;
}

export function sampleKey(name: string, labels: Record<string, string> = {}): string {
  const inner = Object.keys(labels).sort().map((key) => `${key}="${labels[key]}"`).join(',');
  return `${name}{${inner}}`;
}

/** A sample's value; a series never incremented is absent from the text, which for a counter means 0. */
export function sample(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  return samples.get(sampleKey(name, labels)) ?? 0;
}

/** How much a sample grew from one scrape to the next. */
export function delta(before: Samples, after: Samples, name: string, labels: Record<string, string> = {}): number {
  return sample(after, name, labels) - sample(before, name, labels);
}
