import { useId, useState } from 'react';
import { useLanguage, useMessages } from '../../lib/i18n.tsx';
import { overviewMessages } from './messages.ts';

/**
 * A small SVG chart, bars (grouped) or lines, one point per day. No chart library: the console needs
 * two chart types, and the usual libraries add ~100 KB gzip. Accessible by construction: the SVG is one
 * role="img" whose label is a written summary, every series is named in a legend (colour is never the
 * only cue: lines also differ by dash), and "Show as table" reveals the very numbers drawn.
 */
export interface ChartSeries { name: string; values: number[]; tone: 'a' | 'b' | 'c' }

const WIDTH = 720;
const HEIGHT = 220;
const PLOT = { left: 56, right: 12, top: 12, bottom: 28 };
const TICKS = 4;
const DASHES: Record<ChartSeries['tone'], string | undefined> = { a: undefined, b: '6 4', c: '2 3' };

/** A round tick step (1, 2 or 5 × 10^n) of at least `raw`; whole numbers only for counts. */
export function niceStep(raw: number, whole: boolean): number {
  if (raw <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw) ?? 10 * power;
  return whole ? Math.max(1, Math.ceil(step)) : step;
}

export function Chart({ title, summary, kind, labels, series, format, whole = false }: {
  title: string; summary: string; kind: 'bar' | 'line'; labels: string[]; series: ChartSeries[]; format: (value: number) => string;
  /** The values are counts: ticks on whole numbers. */
  whole?: boolean;
}) {
  const t = useMessages(overviewMessages);
  const { language } = useLanguage();
  // Axis ticks short (1.5K); the table shows the exact values with `format`.
  const axis = new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en-US', { notation: 'compact', maximumFractionDigits: 1 });
  const [asTable, setAsTable] = useState(false);
  const tableId = useId();
  const headingId = useId();
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const step = niceStep(max / TICKS, whole);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const slot = plotWidth / Math.max(labels.length, 1);
  const y = (value: number) => PLOT.top + plotHeight - (value / top) * plotHeight;
  const x = (index: number) => PLOT.left + slot * index + slot / 2;
  const barWidth = Math.max(1, (slot * 0.8) / series.length);
  // Every 7th day labelled, and the last unless a 7th is right before it, so 30 labels do not overlap.
  const last = labels.length - 1;
  const labelled = (index: number) => index === last || (index % 7 === 0 && last - index >= 4);

  return (
    <figure className="ov-chart" aria-labelledby={headingId}>
      <div className="ov-chart-head">
        <h3 id={headingId}>{title}</h3>
        <button type="button" className="link-button" aria-expanded={asTable} aria-controls={tableId} onClick={() => setAsTable(!asTable)}>
          {asTable ? t('hideTable') : t('showTable')}
        </button>
      </div>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} className="ov-chart-svg" preserveAspectRatio="xMidYMid meet">
        {Array.from({ length: Math.round(top / step) + 1 }, (_, i) => step * i).map((tick) => (
          <g key={tick} aria-hidden="true">
            <line x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(tick)} y2={y(tick)} className="ov-gridline" />
            <text x={PLOT.left - 6} y={y(tick) + 4} textAnchor="end" className="ov-axis">{axis.format(tick)}</text>
          </g>
        ))}
        {labels.map((label, index) => labelled(index)
          ? <text key={label} x={x(index)} y={HEIGHT - 8} textAnchor="middle" className="ov-axis" aria-hidden="true">{label.slice(5)}</text>
          : null)}
        {kind === 'bar'
          ? series.map((s, si) => s.values.map((value, index) => value > 0
            ? <rect key={`${s.name}-${labels[index]}`} className={`ov-fill-${s.tone}`} x={x(index) - (barWidth * series.length) / 2 + si * barWidth}
                y={y(value)} width={barWidth} height={y(0) - y(value)} />
            : null))
          : series.map((s) => (
            <polyline key={s.name} className={`ov-line ov-stroke-${s.tone}`} strokeDasharray={DASHES[s.tone]}
              points={s.values.map((value, index) => `${x(index)},${y(value)}`).join(' ')} />
          ))}
      </svg>
      <ul className="ov-legend" aria-hidden="true">
        {series.map((s) => <li key={s.name}><span className={`ov-swatch ov-fill-${s.tone}`} />{s.name}</li>)}
      </ul>
      <div id={tableId} hidden={!asTable} className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{title}</caption>
          <thead><tr><th scope="col">{t('day')}</th>{series.map((s) => <th key={s.name} scope="col" className="numeric">{s.name}</th>)}</tr></thead>
          <tbody>
            {labels.map((label, index) => (
              <tr key={label}><th scope="row">{label}</th>{series.map((s) => <td key={s.name} className="numeric">{format(s.values[index] ?? 0)}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
