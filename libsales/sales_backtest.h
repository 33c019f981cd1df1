/*
 * sales_backtest.h - rolling-origin evaluation of the history forecast.
 *
 * At each origin t = from, from + step, ... <= to the model is fitted as
 * it could have been on day t (deals created before t; outcomes closed
 * before t; an open deal's later close date is never used) and its
 * forecast for every horizon compared with the revenue actually won in
 * [t, t + h) and with the trailing run-rate (won in the 365 days before
 * t, x h / 365).
 *
 * The forecast at each origin is the calibrated one (sales_calib.h),
 * learning only from the run's earlier origins (and warm-up origins
 * before the first) whose outcomes were known at the origin.
 *
 * Per-origin rows: origin, horizon, <group columns>, expected, p10, p50,
 * p90, actual, runrate, model; a row where everything is zero is left
 * out.  Summary rows, per group and horizon, for the calibrated forecast
 * (method "history"), the pipeline model alone ("model") and the
 * run-rate ("runrate"):
 * <group columns>, horizon, method, origins, actual, forecast, wape
 * (sum |e| / sum actual, %), mape (mean |e| / actual over origins with
 * non-zero actual, %), bias (mean forecast - actual), coverage (share of
 * origins with p10 <= actual <= p90, %; the model only).  With a Total
 * row (--total) or without group columns, the verdicts compare the
 * model with the run-rate over everything; otherwise over every group
 * summed.
 */
#ifndef SALES_BACKTEST_H
#define SALES_BACKTEST_H

struct sales_backtest_options {
	int32_t	from;
	int32_t	to;
	int	step;		/* days between origins */
	int	summary;	/* summary rows instead of per-origin rows */
	size_t	jobs;		/* threads for the fits (0 or 1: one) */
	/* Called after each origin (NULL: not at all), for a progress line. */
	void	(*progress)(void *arg, size_t done, size_t total);
	void	*progress_arg;
};

struct sales_backtest;

/* A backtest over model m (borrowed); NULL when out of memory. */
struct sales_backtest *sales_backtest_new(struct sales_model *m,
    const struct sales_backtest_options *bo);

/*
 * Runs every origin and writes the rows on o.  SALES_OK, SALES_ENOMEM,
 * SALES_EIO, or SALES_EDATA (message in sales_backtest_error()).
 */
int sales_backtest_run(struct sales_backtest *b, struct sales_out *o);

/*
 * The number of earlier origins a run (or a forecast) fits first, step
 * days apart, so that its first origin has past outcomes to learn from:
 * the longest horizon in steps plus half a year.
 */
int sales_backtest_warmup(const struct sales_forecast_options *fo,
    int step);

/* The number of origins the options give. */
size_t sales_backtest_norigins(const struct sales_backtest_options *bo);

/*
 * After a run: the plain-words verdict for horizon index h, a borrowed
 * line such as "at 30 days the model (WAPE 41.0%) does not beat the
 * trailing run-rate (WAPE 35.2%) over 52 origins", or NULL when the model
 * beats the run-rate there.
 */
const char *sales_backtest_verdict(struct sales_backtest *b, size_t h);

const char *sales_backtest_error(const struct sales_backtest *b);

void sales_backtest_free(struct sales_backtest *b);

/*
 * The summary measures of n forecast/actual pairs, for tests and the
 * writer: wape and mape in percent (negative when undefined: no actual
 * revenue, no non-zero actual), bias in cents, coverage in percent of
 * pairs inside [lo, hi] (lo and hi may be NULL: coverage -1).
 */
struct sales_accuracy {
	double	wape;
	double	mape;
	double	bias;
	double	coverage;
};
void sales_backtest_accuracy(const int64_t *forecast, const int64_t *actual,
    const int64_t *lo, const int64_t *hi, size_t n,
    struct sales_accuracy *acc);

#endif /* SALES_BACKTEST_H */
