-- Athena (engine v3, Trino) functions the named queries use that DuckDB lacks or names otherwise.
-- The runner (lambdas/analytics/duckdb.ts) runs this file once per connection, before any query,
-- so every file in ../queries runs unchanged on both engines. Keep the list short: a query should
-- prefer a function both engines share (date_trunc, date_diff, hour, max_by, count, sum, CASE).

-- Athena's session zone is UTC; DuckDB's follows the process. The lake's times are UTC.
SET TimeZone = 'UTC';

-- Trino: ISO 8601 text -> timestamp(3) with time zone. DuckDB's cast reads the same text.
CREATE OR REPLACE MACRO from_iso8601_timestamp(text) AS CAST(text AS TIMESTAMPTZ);

-- Trino: timestamp -> '2026-01-05T10:00:00.000Z' (UTC zone written as Z, milliseconds kept).
CREATE OR REPLACE MACRO to_iso8601(ts) AS strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ');

-- Trino: date_add(unit, value, timestamp). DuckDB's own date_add takes (date, interval).
CREATE OR REPLACE MACRO date_add(unit, value, ts) AS ts + to_seconds(
  CAST(value AS BIGINT) * CASE lower(unit)
    WHEN 'second' THEN 1 WHEN 'minute' THEN 60 WHEN 'hour' THEN 3600 WHEN 'day' THEN 86400 WHEN 'week' THEN 604800
  END);

-- Trino: seconds since the epoch, as a double.
CREATE OR REPLACE MACRO to_unixtime(ts) AS epoch(ts);
CREATE OR REPLACE MACRO from_unixtime(seconds) AS to_timestamp(seconds);

-- Trino: ISO day of the week, Monday 1 .. Sunday 7.
CREATE OR REPLACE MACRO day_of_week(ts) AS isodow(ts);

-- Trino: the number of elements of an array (DuckDB's cardinality is for maps only).
CREATE OR REPLACE MACRO cardinality(list) AS len(list);

-- Trino: sequence(start, stop[, step]) -> array. DuckDB: generate_series, inclusive like Trino's.
CREATE OR REPLACE MACRO sequence(start, stop) AS generate_series(start, stop), (start, stop, step) AS generate_series(start, stop, step);

-- Trino's approx_percentile is a q-digest estimate (rank error around 1%). DuckDB answers the
-- exact nearest-rank value instead (quantile_disc): the same on small sets, and what the
-- hand-computed test expects.
CREATE OR REPLACE MACRO approx_percentile(value, percentage) AS quantile_disc(value, percentage);
