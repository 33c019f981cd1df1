/*
 * waterfall.c - the pipeline waterfall of a period from snapshots (see
 * sales_waterfall.h).
 */
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

__extension__ typedef __int128 wide;

enum { W_START, W_CREATED, W_PULLED_IN, W_INCREASED, W_DECREASED,
    W_PUSHED_OUT, W_WON, W_LOST, W_END, W_RESIDUE, W_N };

static const char *const wnames[W_N] = {
	"start", "created", "pulled_in", "increased", "decreased",
	"pushed_out", "won", "lost", "end", "residue"
};

static const char *const group_names[] = {
	[SALES_BY_OWNER] = "owner",
	[SALES_BY_ACCOUNT] = "account",
	[SALES_BY_TEAM] = "team",
	[SALES_BY_MANAGER] = "manager",
	[SALES_BY_STAGE] = "stage",
	[SALES_BY_FORECAST_CATEGORY] = "forecast_category",
	[SALES_BY_CURRENCY] = "currency",
};

static int	in_period(const struct sales_snap_state *, int32_t, int32_t);
static int64_t	clamp(wide);

/* Open with a planned close in [from, to]. */
static int
in_period(const struct sales_snap_state *s, int32_t from, int32_t to)
{
	return s->state == SALES_OPEN && s->close != SALES_DATE_NONE &&
	    s->close >= from && s->close <= to;
}

static int64_t
clamp(wide v)
{
	return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN :
	    (int64_t)v;
}

int
sales_waterfall_write(struct sales_model *m, int32_t from, int32_t to,
    int total, struct sales_out *o)
{
	const struct sales_forecast_options *fo = sales_model_options(m);
	struct sales_snaps *snaps = sales_model_snaps(m);
	const char *names[SALES_FORECAST_MAX_BY + W_N];
	const char *cells[SALES_FORECAST_MAX_BY + W_N];
	enum sales_coltype types[SALES_FORECAST_MAX_BY + W_N];
	char buf[W_N][SALES_MONEY_BUFSZ];
	size_t nby = fo->nby, ng, i, g, k, last;
	wide *sum;
	int rc;

	if (snaps == NULL)
		return SALES_EUSAGE;
	if ((rc = sales_model_prepare(m)) != SALES_OK)
		return rc;
	ng = sales_model_ngroups(m);
	if ((sum = calloc((ng + 1) * W_N, sizeof(*sum))) == NULL)
		return SALES_ENOMEM;
	for (i = 0; i < sales_model_ndeals(m); i++) {
		struct sales_snap_state s1, s2;
		enum sales_state state;
		uint32_t snap;
		int32_t close;
		int h1, h2, in1, in2;
		wide *w;

		sales_model_deal(m, i, &g, &snap, &state, &close);
		if (snap == SALES_SNAP_NONE)
			continue;
		w = &sum[g * W_N];
		h1 = sales_snaps_state(snaps, snap, from, &s1);
		h2 = sales_snaps_state(snaps, snap, to + 1, &s2);
		in1 = h1 && in_period(&s1, from, to);
		in2 = h2 && in_period(&s2, from, to);
		if (in1)
			w[W_START] += s1.amount;
		if (in2)
			w[W_END] += s2.amount;
		if (in1 && in2) {
			if (s2.amount >= s1.amount)
				w[W_INCREASED] += s2.amount - s1.amount;
			else
				w[W_DECREASED] += s1.amount - s2.amount;
		} else if (in1) {
			if (h2 && s2.state == SALES_WON)
				w[W_WON] += s1.amount;
			else if (h2 && s2.state == SALES_LOST)
				w[W_LOST] += s1.amount;
			else
				w[W_PUSHED_OUT] += s1.amount;
		} else if (in2) {
			w[h1 ? W_PULLED_IN : W_CREATED] += s2.amount;
		} else if (h2 && s2.state != SALES_OPEN &&
		    s2.close != SALES_DATE_NONE && s2.close >= from &&
		    s2.close <= to) {
			/* In and out within the period. */
			w[h1 ? W_PULLED_IN : W_CREATED] += s2.amount;
			w[s2.state == SALES_WON ? W_WON : W_LOST] += s2.amount;
		}
	}
	for (g = 0; g < ng; g++) {
		wide *w = &sum[g * W_N];

		w[W_RESIDUE] = w[W_END] - (w[W_START] + w[W_CREATED] +
		    w[W_PULLED_IN] + w[W_INCREASED] - w[W_DECREASED] -
		    w[W_PUSHED_OUT] - w[W_WON] - w[W_LOST]);
		for (k = 0; k < W_N; k++)
			sum[ng * W_N + k] += w[k];
	}
	for (i = 0; i < nby; i++) {
		names[i] = group_names[fo->by[i]];
		types[i] = SALES_COL_TEXT;
	}
	for (k = 0; k < W_N; k++) {
		names[nby + k] = wnames[k];
		types[nby + k] = SALES_COL_NUMBER;
	}
	rc = sales_out_columns(o, nby + W_N, names, types);
	last = ng + (total && nby > 0 ? 1 : 0);
	for (g = 0; g < last && rc == SALES_OK; g++) {
		const char *p = NULL;
		size_t len;

		if (g < ng)
			p = sales_model_key(m, g, &len);
		for (i = 0; i < nby; i++) {
			if (g == ng) {
				cells[i] = i == 0 ? "Total" : "";
			} else {
				cells[i] = p;
				p += strlen(p) + 1;
			}
		}
		for (k = 0; k < W_N; k++)
			cells[nby + k] = sales_money_format(
			    clamp(sum[(g < ng ? g : ng) * W_N + k]), buf[k]);
		rc = sales_out_row(o, cells);
	}
	free(sum);
	return rc;
}
