// What PostgreSQL's client backends did during a measurement: on CPU or waiting,
// and for what (a WAL flush, another transaction's row lock, the WAL write lock…),
// per statement. pg_stat_statements gives each statement's execution time; this
// also sees the commit (the WAL flush an autocommit statement waits for is not in
// its execution time) and how much of the execution was waiting on a lock.
import type { BenchCluster } from './cluster.ts';

/** BENCH_PG_WAITS=1 samples the backends during each top-up measurement. Off by default: the sampler uses a little CPU. */
export const waitSampling = process.env.BENCH_PG_WAITS === '1';

const SAMPLE_INTERVAL_S = 0.01;
const STATEMENT_PREFIX_CHARS = 48;
const LINES_PER_STATEMENT = 6;

/**
 * Samples pg_stat_activity in `db` every 10 ms for `durationS`, from a loop inside the database (one
 * backend, no round trip per sample), and summarises it: for each statement, how many backends ran it
 * on average and the share of those samples on CPU (no wait event; this includes waiting for a core)
 * and in each wait event.
 */
export async function sampleWaits(c: BenchCluster, db: string, durationS: number): Promise<string[]> {
  const out = await c.sql(db, `
    CREATE TEMP TABLE bench_ticks (n int);
    CREATE TEMP TABLE bench_waits (statement text, what text);
    DO $$
    DECLARE stop_at timestamptz := clock_timestamp() + make_interval(secs => ${durationS});
    BEGIN
      WHILE clock_timestamp() < stop_at LOOP
        -- pg_stat_activity is read once per transaction unless the snapshot is dropped.
        PERFORM pg_stat_clear_snapshot();
        INSERT INTO bench_ticks VALUES (1);
        INSERT INTO bench_waits
          SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), ${STATEMENT_PREFIX_CHARS}), coalesce(wait_event_type || '/' || wait_event, 'CPU')
          FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state = 'active';
        PERFORM pg_sleep(${SAMPLE_INTERVAL_S});
      END LOOP;
    END $$;
    WITH ticks AS (SELECT count(*) AS n FROM bench_ticks),
    per AS (SELECT statement, what, count(*) AS samples, sum(count(*)) OVER (PARTITION BY statement) AS of_statement FROM bench_waits GROUP BY 1, 2),
    ranked AS (SELECT per.*, row_number() OVER (PARTITION BY statement ORDER BY samples DESC) AS rank FROM per)
    SELECT statement || E'\\t' || round(of_statement::numeric / ticks.n, 2) || E'\\t' || string_agg(what || ' ' || round(100.0 * samples / of_statement) || ' %', ', ' ORDER BY samples DESC)
      || E'\\t' || ticks.n
    FROM ranked, ticks WHERE rank <= ${LINES_PER_STATEMENT}
    GROUP BY statement, of_statement, ticks.n ORDER BY of_statement DESC LIMIT 6`, (durationS + 60) * 1000);
  // psql also prints the command tags of the statements before the last (CREATE TABLE, DO).
  return out.split('\n').filter((line) => line.includes('\t')).map((line) => {
    const [statement, backends, shares, ticks] = line.split('\t');
    return `\`${statement}…\`: ${backends} backends on average (${ticks} samples): ${shares}`;
  });
}
