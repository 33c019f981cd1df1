/*
 * backtest.c - rolling-origin evaluation of the history forecast (see
 * sales_backtest.h).  The measures are accumulated as the origins go, so
 * memory grows with groups x horizons, never with the origins.
 */
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

/* Running sums of one method for one group and horizon. */
struct acc {
	double	abs_err;
	double	err;
	double	actual;
	double	forecast;
	double	ape;		/* sum |e| / actual over non-zero actuals */
	int64_t	nape;
	int64_t	covered;
	int64_t	n;
};

struct sales_backtest {
	struct sales_model		*m;
	struct sales_backtest_options	 bo;
	struct acc			*history;	/* (ng + 1) x nh */
	struct acc			*model;
	struct acc			*runrate;
	struct acc			*weighted;	/* with snapshots */
	int				 snaps;
	struct sales_calib		*calib;
	size_t				 ng, nh;
	char				 verdict[SALES_FORECAST_MAX_HORIZONS][256];
	char				 err[256];
};

static void	acc_add(struct acc *, int64_t, int64_t, const int64_t *,
		    const int64_t *);
static void	acc_result(const struct acc *, int, struct sales_accuracy *);
static size_t	group_cells(const struct sales_model *, size_t, size_t,
		    const char **);
static int	write_origin(struct sales_backtest *, struct sales_out *,
		    int32_t, int);
static char	*pct(double, char *, size_t);
static int	write_summary(struct sales_backtest *, struct sales_out *,
		    int);
static int	declare(struct sales_backtest *, struct sales_out *);

static const char *const group_names[] = {
	[SALES_BY_OWNER] = "owner",
	[SALES_BY_ACCOUNT] = "account",
	[SALES_BY_TEAM] = "team",
	[SALES_BY_MANAGER] = "manager",
	[SALES_BY_STAGE] = "stage",
	[SALES_BY_FORECAST_CATEGORY] = "forecast_category",
	[SALES_BY_CURRENCY] = "currency",
};

size_t
sales_backtest_norigins(const struct sales_backtest_options *bo)
{
	if (bo->step < 1 || bo->to < bo->from)
		return 0;
	return (size_t)(((int64_t)bo->to - bo->from) / bo->step + 1);
}

int
sales_backtest_warmup(const struct sales_forecast_options *fo, int step)
{
	int maxh = fo->horizons[fo->nhorizons - 1];

	/* The longest horizon's wait, then half a year of outcomes. */
	return (maxh + step - 1) / step + (182 + step - 1) / step;
}

struct sales_backtest *
sales_backtest_new(struct sales_model *m,
    const struct sales_backtest_options *bo)
{
	struct sales_backtest *b;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	b->m = m;
	b->bo = *bo;
	return b;
}

static void
acc_add(struct acc *a, int64_t forecast, int64_t actual, const int64_t *lo,
    const int64_t *hi)
{
	double e = (double)forecast - (double)actual;

	a->abs_err += e < 0 ? -e : e;
	a->err += e;
	a->actual += (double)actual;
	a->forecast += (double)forecast;
	if (actual != 0) {
		a->ape += (e < 0 ? -e : e) / (double)(actual < 0 ? -actual :
		    actual);
		a->nape++;
	}
	if (lo != NULL && hi != NULL && *lo <= actual && actual <= *hi)
		a->covered++;
	a->n++;
}

static void
acc_result(const struct acc *a, int ranged, struct sales_accuracy *r)
{
	r->wape = a->actual > 0 ? 100 * a->abs_err / a->actual : -1;
	r->mape = a->nape > 0 ? 100 * a->ape / (double)a->nape : -1;
	r->bias = a->n > 0 ? a->err / (double)a->n : 0;
	r->coverage = ranged && a->n > 0 ?
	    100 * (double)a->covered / (double)a->n : -1;
}

void
sales_backtest_accuracy(const int64_t *forecast, const int64_t *actual,
    const int64_t *lo, const int64_t *hi, size_t n,
    struct sales_accuracy *r)
{
	struct acc a;
	size_t i;

	memset(&a, 0, sizeof(a));
	for (i = 0; i < n; i++)
		acc_add(&a, forecast[i], actual[i], lo != NULL ? &lo[i] : NULL,
		    hi != NULL ? &hi[i] : NULL);
	acc_result(&a, lo != NULL && hi != NULL, r);
}

/* Group cells from a NUL-joined key (or the Total row). */
static size_t
group_cells(const struct sales_model *m, size_t nby, size_t g,
    const char **cells)
{
	const char *p;
	size_t i, len;

	if (g == sales_model_ngroups(m)) {
		for (i = 0; i < nby; i++)
			cells[i] = i == 0 ? "Total" : "";
		return nby;
	}
	p = sales_model_key(m, g, &len);
	for (i = 0; i < nby; i++) {
		cells[i] = p;
		p += strlen(p) + 1;
	}
	return nby;
}

static int
write_origin(struct sales_backtest *b, struct sales_out *o, int32_t origin,
    int total)
{
	const struct sales_forecast_options *fo = sales_model_options(b->m);
	const char *cells[SALES_FORECAST_MAX_BY + 10];
	char dbuf[SALES_DATE_BUFSZ], hbuf[16], buf[8][SALES_MONEY_BUFSZ];
	size_t g, h, c, last = b->ng + (total ? 1 : 0);
	int rc;

	sales_date_format(origin, dbuf);
	for (h = 0; h < b->nh; h++) {
		snprintf(hbuf, sizeof(hbuf), "%d", fo->horizons[h]);
		for (g = 0; g < last; g++) {
			const struct sales_model_cell *x =
			    sales_model_cell(b->m, g, h);

			if (x->expected == 0 && x->p90 == 0 && x->actual == 0 &&
			    x->runrate == 0 && x->model == 0)
				continue;
			cells[0] = dbuf;
			cells[1] = hbuf;
			c = 2 + group_cells(b->m, fo->nby, g, cells + 2);
			cells[c++] = sales_money_format(x->expected, buf[0]);
			cells[c++] = sales_money_format(x->p10, buf[1]);
			cells[c++] = sales_money_format(x->p50, buf[2]);
			cells[c++] = sales_money_format(x->p90, buf[3]);
			cells[c++] = sales_money_format(x->actual, buf[4]);
			cells[c++] = sales_money_format(x->runrate, buf[5]);
			cells[c++] = sales_money_format(x->model, buf[6]);
			if (b->snaps)
				cells[c++] = sales_money_format(x->weighted,
				    buf[7]);
			if ((rc = sales_out_row(o, cells)) != SALES_OK)
				return rc;
		}
	}
	return SALES_OK;
}

static char *
pct(double v, char *buf, size_t size)
{
	if (v < 0)
		buf[0] = '\0';
	else
		snprintf(buf, size, "%.1f", v);
	return buf;
}

static int
write_summary(struct sales_backtest *b, struct sales_out *o, int total)
{
	const struct sales_forecast_options *fo = sales_model_options(b->m);
	const char *cells[SALES_FORECAST_MAX_BY + 10];
	char hbuf[16], nbuf[24], buf[3][SALES_MONEY_BUFSZ], pbuf[3][32];
	size_t g, h, c, k, last = b->ng + (total ? 1 : 0);
	int rc;

	for (g = 0; g < last; g++) {
		for (h = 0; h < b->nh; h++) {
			for (k = 0; k < (b->snaps ? 4u : 3u); k++) {
				static const char *const method[] = {
					"history", "model", "runrate",
					"weighted"
				};
				const struct acc *a = k == 0 ?
				    &b->history[g * b->nh + h] : k == 1 ?
				    &b->model[g * b->nh + h] : k == 2 ?
				    &b->runrate[g * b->nh + h] :
				    &b->weighted[g * b->nh + h];
				struct sales_accuracy r;

				acc_result(a, k == 0, &r);
				c = group_cells(b->m, fo->nby, g, cells);
				snprintf(hbuf, sizeof(hbuf), "%d",
				    fo->horizons[h]);
				snprintf(nbuf, sizeof(nbuf), "%lld",
				    (long long)a->n);
				cells[c++] = hbuf;
				cells[c++] = method[k];
				cells[c++] = nbuf;
				cells[c++] = sales_money_format(
				    (int64_t)(a->actual + (a->actual < 0 ?
				    -0.5 : 0.5)), buf[0]);
				cells[c++] = sales_money_format(
				    (int64_t)(a->forecast + (a->forecast < 0 ?
				    -0.5 : 0.5)), buf[1]);
				cells[c++] = pct(r.wape, pbuf[0],
				    sizeof(pbuf[0]));
				cells[c++] = pct(r.mape, pbuf[1],
				    sizeof(pbuf[1]));
				cells[c++] = sales_money_format(
				    (int64_t)(r.bias + (r.bias < 0 ? -0.5 :
				    0.5)), buf[2]);
				cells[c++] = pct(r.coverage, pbuf[2],
				    sizeof(pbuf[2]));
				if ((rc = sales_out_row(o, cells)) != SALES_OK)
					return rc;
			}
		}
	}
	return SALES_OK;
}

static int
declare(struct sales_backtest *b, struct sales_out *o)
{
	static const char *const per_origin[] = {
		"expected", "p10", "p50", "p90", "actual", "runrate", "model",
		"weighted"
	};
	static const char *const summary[] = {
		"horizon", "method", "origins", "actual", "forecast", "wape",
		"mape", "bias", "coverage"
	};
	const struct sales_forecast_options *fo = sales_model_options(b->m);
	const char *names[SALES_FORECAST_MAX_BY + 10];
	enum sales_coltype types[SALES_FORECAST_MAX_BY + 10];
	size_t n = 0, i;

	if (!b->bo.summary) {
		names[n] = "origin";
		types[n++] = SALES_COL_TEXT;
		names[n] = "horizon";
		types[n++] = SALES_COL_NUMBER;
	}
	for (i = 0; i < fo->nby; i++) {
		names[n] = group_names[fo->by[i]];
		types[n++] = SALES_COL_TEXT;
	}
	if (b->bo.summary) {
		for (i = 0; i < sizeof(summary) / sizeof(summary[0]); i++) {
			names[n] = summary[i];
			types[n++] = i == 1 ? SALES_COL_TEXT : SALES_COL_NUMBER;
		}
	} else {
		for (i = 0; i < sizeof(per_origin) / sizeof(per_origin[0]) -
		    (b->snaps ? 0 : 1); i++) {
			names[n] = per_origin[i];
			types[n++] = SALES_COL_NUMBER;
		}
	}
	return sales_out_columns(o, n, names, types);
}

int
sales_backtest_run(struct sales_backtest *b, struct sales_out *o)
{
	const struct sales_forecast_options *fo = sales_model_options(b->m);
	size_t norigins = sales_backtest_norigins(&b->bo), k, g, h;
	int total = fo->total && fo->nby > 0;
	int64_t t;
	int rc;

	b->ng = sales_model_ngroups(b->m);
	b->nh = fo->nhorizons;
	free(b->history);
	free(b->model);
	free(b->runrate);
	b->history = calloc((b->ng + 1) * b->nh, sizeof(*b->history));
	b->model = calloc((b->ng + 1) * b->nh, sizeof(*b->model));
	b->runrate = calloc((b->ng + 1) * b->nh, sizeof(*b->runrate));
	free(b->weighted);
	b->weighted = calloc((b->ng + 1) * b->nh, sizeof(*b->weighted));
	b->snaps = sales_model_snapshots(b->m);
	if (b->history == NULL || b->model == NULL || b->runrate == NULL ||
	    b->weighted == NULL)
		return SALES_ENOMEM;
	if ((rc = declare(b, o)) != SALES_OK)
		return rc;
	sales_calib_free(b->calib);
	if ((b->calib = sales_calib_new(b->m)) == NULL)
		return SALES_ENOMEM;
	/*
	 * Origins before the first, so that the first already has past
	 * origins whose outcomes it knows to learn from.
	 */
	rc = sales_calib_warmup(b->calib, b->bo.from, b->bo.step,
	    sales_backtest_warmup(fo, b->bo.step), b->bo.jobs);
	for (k = 0; k < norigins && rc == SALES_OK; k++) {
		t = (int64_t)b->bo.from + (int64_t)k * b->bo.step;
		if ((rc = sales_model_fit(b->m, (int32_t)t, 0)) != SALES_OK ||
		    (rc = sales_calib_apply(b->calib, (int32_t)t)) != SALES_OK)
			break;
		/* Groups can only be counted once the first fit sorted them. */
		b->ng = sales_model_ngroups(b->m);
		for (g = 0; g <= b->ng; g++) {
			for (h = 0; h < b->nh; h++) {
				const struct sales_model_cell *x =
				    sales_model_cell(b->m, g, h);

				acc_add(&b->history[g * b->nh + h],
				    x->expected, x->actual, &x->p10, &x->p90);
				acc_add(&b->model[g * b->nh + h], x->model,
				    x->actual, NULL, NULL);
				acc_add(&b->runrate[g * b->nh + h], x->runrate,
				    x->actual, NULL, NULL);
				acc_add(&b->weighted[g * b->nh + h],
				    x->weighted, x->actual, NULL, NULL);
			}
		}
		if (!b->bo.summary &&
		    (rc = write_origin(b, o, (int32_t)t, total)) != SALES_OK)
			return rc;
		if ((rc = sales_calib_record(b->calib, (int32_t)t)) !=
		    SALES_OK)
			return rc;
		if (b->bo.progress != NULL)
			b->bo.progress(b->bo.progress_arg, k + 1, norigins);
	}
	if (rc != SALES_OK) {
		if (rc == SALES_EDATA)
			sales_fmt(b->err, sizeof(b->err), "%s",
			    sales_model_error(b->m));
		return rc;
	}
	if (b->bo.summary && (rc = write_summary(b, o, total)) != SALES_OK)
		return rc;
	for (h = 0; h < b->nh; h++) {
		struct sales_accuracy rm, rr;

		b->verdict[h][0] = '\0';
		acc_result(&b->history[b->ng * b->nh + h], 1, &rm);
		acc_result(&b->runrate[b->ng * b->nh + h], 0, &rr);
		if (rm.wape >= 0 && rr.wape >= 0 && rm.wape >= rr.wape) {
			snprintf(b->verdict[h], sizeof(b->verdict[h]), "at %d "
			    "days the history model (WAPE %.1f%%) does not "
			    "beat the trailing run-rate (WAPE %.1f%%) over %zu "
			    "origins; trust the run-rate here",
			    fo->horizons[h], rm.wape, rr.wape, norigins);
			continue;
		}
		acc_result(&b->weighted[b->ng * b->nh + h], 0, &rr);
		if (b->snaps && rm.wape >= 0 && rr.wape >= 0 &&
		    rm.wape >= rr.wape)
			snprintf(b->verdict[h], sizeof(b->verdict[h]), "at %d "
			    "days the history model (WAPE %.1f%%) does not "
			    "beat the weighted pipeline (WAPE %.1f%%) over %zu "
			    "origins; trust the weighted pipeline here",
			    fo->horizons[h], rm.wape, rr.wape, norigins);
	}
	return SALES_OK;
}

const char *
sales_backtest_verdict(struct sales_backtest *b, size_t h)
{
	return b->verdict[h][0] != '\0' ? b->verdict[h] : NULL;
}

const char *
sales_backtest_error(const struct sales_backtest *b)
{
	return b->err;
}

void
sales_backtest_free(struct sales_backtest *b)
{
	if (b == NULL)
		return;
	free(b->history);
	free(b->model);
	free(b->runrate);
	free(b->weighted);
	sales_calib_free(b->calib);
	free(b);
}
