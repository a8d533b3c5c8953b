/** A status word in a pill. Tones map statuses to meaning; the text always says it (color is never the only cue). */
export type BadgeTone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

const TONES: Record<string, BadgeTone> = {
  active: 'good', enabled: 'good', success: 'good', succeeded: 'good', completed: 'good', delivered: 'good',
  pending: 'warn', processing: 'warn', blocked: 'warn', retrying: 'warn',
  disabled: 'bad', failed: 'bad', cancelled: 'bad', expired: 'bad', declined: 'bad',
};

export function Badge({ children, tone }: { children: string; tone?: BadgeTone }) {
  return <span className={`badge badge-${tone ?? TONES[children.toLowerCase()] ?? 'neutral'}`}>{children}</span>;
}
