import { useLanguage, useMessages } from '../../lib/i18n.tsx';
import { formatAmount } from '../../lib/format.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { useDailyStats, type StatsDaily } from './api.ts';
import { Chart, type ChartSeries } from './chart.tsx';
import { overviewMessages } from './messages.ts';

type Day = StatsDaily['days'][number];

/** Orders of a day by outcome: the API counts them by type and status; the chart shows the outcome. */
const ordersWith = (day: Day, match: (status: string) => boolean) =>
  day.orders.filter((o) => match(o.status)).reduce((sum, o) => sum + o.count, 0);

/** The last 30 days as three charts: orders, authorizations (approved vs declined), top-ups and withdrawals. */
export function ActivityCharts({ currency, customerId }: { currency: string; customerId: string | undefined }) {
  const t = useMessages(overviewMessages);
  const { language } = useLanguage();
  const stats = useDailyStats(currency, customerId);
  if (stats.isPending) return <Loading />;
  if (stats.isError) return <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />;
  const { days, from, to } = stats.data;
  const labels = days.map((d) => d.date);
  const count = (value: number) => new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en-US').format(value);
  const money = (value: number) => formatAmount(value, stats.data.currency, language);

  /** The written summary that is the chart's accessible name: totals per series and the busiest day. */
  const summary = (title: string, series: ChartSeries[], format: (value: number) => string) => {
    const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
    const grand = totals.reduce((a, b) => a + b, 0);
    if (grand === 0) return t('summaryNone', { title, from, to });
    const busiest = labels[totals.indexOf(Math.max(...totals))] ?? from;
    const parts = series.map((s) => t('total', { name: s.name, value: format(s.values.reduce((a, b) => a + b, 0)) })).join(', ');
    return t('summaryCounts', { title, from, to, parts, day: busiest });
  };

  const orders: ChartSeries[] = [
    { name: t('ordersCompleted'), tone: 'a', values: days.map((d) => ordersWith(d, (s) => s === 'Completed')) },
    { name: t('ordersFailed'), tone: 'b', values: days.map((d) => ordersWith(d, (s) => s === 'Failure' || s === 'Failed')) },
    { name: t('ordersProcessing'), tone: 'c', values: days.map((d) => ordersWith(d, (s) => s !== 'Completed' && s !== 'Failure' && s !== 'Failed')) },
  ];
  const authorizations: ChartSeries[] = [
    { name: t('approved'), tone: 'a', values: days.map((d) => d.authorizationsApproved) },
    { name: t('declined'), tone: 'b', values: days.map((d) => d.authorizationsDeclined) },
  ];
  const moneyMoved: ChartSeries[] = [
    { name: t('topUps'), tone: 'a', values: days.map((d) => d.topUpAmount) },
    { name: t('withdrawals'), tone: 'b', values: days.map((d) => d.withdrawalAmount) },
  ];
  const charts = [
    { title: t('orders'), kind: 'bar' as const, series: orders, format: count, whole: true },
    { title: t('authorizations'), kind: 'bar' as const, series: authorizations, format: count, whole: true },
    { title: t('money', { currency: stats.data.currency }), kind: 'line' as const, series: moneyMoved, format: money, whole: false },
  ];
  return (
    <section className="panel ov-activity" aria-labelledby="ov-activity">
      <h2 id="ov-activity">{t('activity', { from, to })}</h2>
      {charts.map((c) => (
        <Chart key={c.title} title={c.title} kind={c.kind} whole={c.whole} labels={labels} series={c.series} format={c.format}
          summary={summary(c.title, c.series, c.format)} />
      ))}
    </section>
  );
}
