/*
 * calib.c - the combination of the pipeline model with the run-rate,
 * and conformal ranges, learned on the tool's own past origins (see
 * sales_calib.h).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

#define Z90	1.2815515655446004	/* the normal 90th percentile */
#define WARMUP_BATCH	32	/* past origins fitted at once */

/* What one past origin forecast and what happened, for one cell. */
struct rec {
	int32_t	origin;
	double	m;
	double	r;
	double	a;
	double	f;	/* the point forecast made then */
};

struct vec {
	struct rec	*v;
	size_t		 n, cap;
};

struct sales_calib {
	struct sales_model	*m;
	struct vec		*cells;		/* (ng + 1) x nh, by rank */
	size_t			 ng, nh;
	double			*scratch;	/* 3 x the longest vec */
	int32_t			*origins;	/* the longest vec */
	size_t			 scap;
};

/*
 * t(0.9, m - 1) x sqrt(1 + 1/m), m = 2..9: the half-width, in sample
 * standard deviations, of an 80% normal prediction interval from m
 * independent errors (Student's t with m - 1 degrees of freedom).
 */
static const double tfactor[8] = {
	3.7694, 2.1773, 1.8311, 1.6795, 1.5941, 1.5392, 1.5008, 1.4724
};

static double	tfac(double);
static int	warmup(struct sales_calib *, int32_t, int, int, size_t, int);
static int	apply(struct sales_calib *, int32_t, int);
static int	cmp_double(const void *, const void *);
static int64_t	cents(double);
static void	monotone(struct sales_calib *, size_t, int);

struct sales_calib *
sales_calib_new(struct sales_model *m)
{
	struct sales_calib *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->m = m;
	c->ng = sales_model_ngroups(m);
	c->nh = sales_model_options(m)->nhorizons;
	if ((c->cells = calloc((c->ng + 1) * c->nh, sizeof(*c->cells))) ==
	    NULL) {
		free(c);
		return NULL;
	}
	return c;
}

int
sales_calib_record(struct sales_calib *c, int32_t origin)
{
	size_t g, h;

	for (g = 0; g <= c->ng; g++) {
		for (h = 0; h < c->nh; h++) {
			const struct sales_model_cell *x =
			    sales_model_cell(c->m, g, h);
			struct vec *v = &c->cells[g * c->nh + h];

			if (x->model == 0 && x->runrate == 0 && x->actual == 0)
				continue;
			if (v->n == v->cap) {
				size_t cap = v->cap == 0 ? 16 : v->cap * 2;
				struct rec *p = realloc(v->v, cap * sizeof(*p));

				if (p == NULL)
					return SALES_ENOMEM;
				v->v = p;
				v->cap = cap;
			}
			v->v[v->n].origin = origin;
			v->v[v->n].m = (double)x->model;
			v->v[v->n].r = (double)x->runrate;
			v->v[v->n].a = (double)x->actual;
			v->v[v->n].f = (double)x->expected;
			v->n++;
		}
	}
	return SALES_OK;
}

int
sales_calib_warmup(struct sales_calib *c, int32_t origin, int step,
    int count, size_t jobs)
{
	return warmup(c, origin, step, count, jobs, -1);
}

int
sales_calib_forecast(struct sales_calib *c, int32_t origin, int step,
    int count, size_t jobs, int flags)
{
	int rc;

	if ((rc = warmup(c, origin, step, count, jobs, flags)) != SALES_OK ||
	    (rc = sales_model_use_fit(c->m)) != SALES_OK)
		return rc;
	return sales_calib_apply(c, origin);
}

/*
 * sales_calib_warmup, and with the last batch (flags >= 0) the fit at
 * origin, left for sales_model_use_fit.
 */
static int
warmup(struct sales_calib *c, int32_t origin, int step, int count,
    size_t jobs, int flags)
{
	int32_t t[WARMUP_BATCH];
	size_t n, i;
	int k, rc;

	/*
	 * The fits need nothing recorded, so a batch of them is made at
	 * once (on jobs threads, several origins a pass over the deals);
	 * each origin's point forecast needs the records of the origins
	 * before it, so they are applied and recorded in order after.
	 */
	for (k = count < 0 ? 0 : count; ; k -= (int)n) {
		for (n = 0; n < WARMUP_BATCH && k - (int)n >= 1; n++)
			t[n] = origin - (k - (int)n) * step;
		if (n == 0 && flags < 0)
			return SALES_OK;
		if (k - (int)n == 0 && flags >= 0)
			rc = sales_model_fit_points_then(c->m, t, n, origin,
			    flags, jobs);
		else
			rc = sales_model_fit_points(c->m, t, n, jobs);
		if (rc != SALES_OK)
			return rc;
		for (i = 0; i < n; i++) {
			sales_model_use_point(c->m, i);
			if ((rc = apply(c, t[i], 0)) != SALES_OK ||
			    (rc = sales_calib_record(c, t[i])) != SALES_OK)
				return rc;
		}
		if (k - (int)n == 0)
			return SALES_OK;
	}
}

int
sales_calib_weight(const double *m, const double *r, const double *a,
    size_t n)
{
	double e[SALES_CALIB_STEPS + 1], best;
	size_t i;
	int k;

	for (k = 0; k <= SALES_CALIB_STEPS; k++) {
		double w = (double)k / SALES_CALIB_STEPS;

		e[k] = 0;
		for (i = 0; i < n; i++) {
			double d = w * m[i] + (1 - w) * r[i] - a[i];

			e[k] += d < 0 ? -d : d;
		}
	}
	best = e[0];
	for (k = 1; k <= SALES_CALIB_STEPS; k++)
		if (e[k] < best)
			best = e[k];
	/*
	 * The most weight on the model whose past error is within
	 * SALES_CALIB_SLACK percent of the least, and no more than the
	 * run-rate's alone: a few lucky origins do not pull the forecast
	 * toward the run-rate, and with no evidence the model stands.
	 */
	for (k = SALES_CALIB_STEPS; k > 0; k--)
		if (e[k] <= e[0] &&
		    e[k] <= best * (100 + SALES_CALIB_SLACK) / 100)
			break;
	return k;
}

int
sales_calib_windows(const int32_t *origin, size_t n, int h)
{
	size_t i, k = 0;
	int64_t last = 0;

	/* Greedy from the oldest: the most origins h days apart. */
	for (i = 0; i < n; i++) {
		if (k == 0 || (int64_t)origin[i] - last >= h) {
			last = origin[i];
			k++;
		}
	}
	return k > INT_MAX ? INT_MAX : (int)k;
}

int
sales_calib_weight_thin(const int32_t *origin, const double *m,
    const double *r, const double *a, size_t n, int h)
{
	double e0 = 0, e1 = 0;
	size_t i;

	if (sales_calib_windows(origin, n, h) >= SALES_CALIB_MIN)
		return sales_calib_weight(m, r, a, n);
	/*
	 * Overlapping windows share most of their outcome: n records of
	 * h-day windows hold only about as many independent outcomes as
	 * there are windows h days apart among them.  From fewer than
	 * SALES_CALIB_MIN of those a fitted weight is noise (one lucky or
	 * unlucky deal moves it), so the model stands, unless the run-rate
	 * alone did better over them outright.
	 */
	for (i = 0; i < n; i++) {
		double d1 = m[i] - a[i], d0 = r[i] - a[i];

		e1 += d1 < 0 ? -d1 : d1;
		e0 += d0 < 0 ? -d0 : d0;
	}
	if (e1 <= e0)
		return SALES_CALIB_STEPS;
	return sales_calib_weight(m, r, a, n);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
sales_calib_quantiles_eff(double *err, size_t n, double eff, double q[3])
{
	double mean = 0, ss = 0, d;
	size_t lo, hi, klo, khi, m, i;

	if (n < SALES_CALIB_MIN)
		return 0;
	if (!(eff > 0) || eff > (double)n)
		eff = (double)n;
	qsort(err, n, sizeof(*err), cmp_double);
	q[1] = n % 2 == 1 ? err[n / 2] : (err[n / 2 - 1] + err[n / 2]) / 2;
	if (eff < 9) {
		/*
		 * Fewer than 9 independent errors have no conformal 10%
		 * rank (floor(0.1 (m + 1)) = 0), and their least and
		 * largest are themselves a small sample's: a normal
		 * prediction interval about their mean, with Student's
		 * factor for eff of them, is the honest width.
		 */
		for (i = 0; i < n; i++)
			mean += err[i];
		mean /= (double)n;
		for (i = 0; i < n; i++) {
			d = err[i] - mean;
			ss += d * d;
		}
		d = tfac(eff) * sales_sqrt(ss / (double)(n - 1));
		q[0] = mean - d;
		q[2] = mean + d;
		return 1;
	}
	/*
	 * The conformal ranks of m = floor(eff) independent errors,
	 * floor(0.1 (m + 1)) and ceil(0.9 (m + 1)), as fractions of m,
	 * taken among the n: the nearest-rank ceil(n klo / m)-th and
	 * ceil(n khi / m)-th smallest, the largest when khi passes m.
	 * With eff = n these are the plain split conformal ranks.
	 */
	m = (size_t)eff;
	klo = (m + 1) / 10;
	khi = (9 * (m + 1) + 9) / 10;
	lo = (n * klo + m - 1) / m;
	lo = lo == 0 ? 0 : lo - 1;
	if (khi > m)
		hi = n - 1;
	else {
		hi = (n * khi + m - 1) / m;
		hi = hi > n ? n - 1 : hi - 1;
	}
	q[0] = err[lo];
	q[2] = err[hi];
	return 1;
}

/* tfactor[] at eff, linear between whole counts; below 2, at 2. */
static double
tfac(double eff)
{
	size_t i;

	if (eff <= 2)
		return tfactor[0];
	if (eff >= 9)
		return tfactor[7];
	i = (size_t)eff;
	return tfactor[i - 2] + (eff - (double)i) *
	    (tfactor[i - 1] - tfactor[i - 2]);
}

static int64_t
cents(double v)
{
	if (v >= 9.2e18)
		return INT64_MAX;
	if (v <= -9.2e18)
		return INT64_MIN;
	return v >= 0 ? (int64_t)(v + 0.5) : -(int64_t)(-v + 0.5);
}

int
sales_calib_apply(struct sales_calib *c, int32_t origin)
{
	return apply(c, origin, 1);
}

/* The point forecasts, and with ranges non-zero the ranges. */
static int
apply(struct sales_calib *c, int32_t origin, int ranges)
{
	const struct sales_forecast_options *fo = sales_model_options(c->m);
	size_t g, h, i, k, need = 0;
	int32_t *o;
	int rc;

	for (i = 0; i < (c->ng + 1) * c->nh; i++)
		if (c->cells[i].n > need)
			need = c->cells[i].n;
	if (3 * need + 1 > c->scap) {
		double *p = realloc(c->scratch, (3 * need + 1) *
		    sizeof(*p));

		if (p == NULL)
			return SALES_ENOMEM;
		c->scratch = p;
		if ((o = realloc(c->origins, (need + 1) * sizeof(*o))) ==
		    NULL)
			return SALES_ENOMEM;
		c->origins = o;
		c->scap = 3 * need + 1;
	}
	for (g = 0; g <= c->ng; g++) {
		int simulated = 0;

		for (h = 0; h < c->nh; h++) {
			struct sales_model_cell *x =
			    sales_model_cell_mut(c->m, g, h);
			const struct vec *v = &c->cells[g * c->nh + h];
			double *mm = c->scratch, *rr = mm + need;
			double *aa = rr + need, w, f, q[3];
			int32_t *oo = c->origins;
			size_t n = 0, nr = 0, k0;
			double eff;

			for (i = 0; i < v->n; i++) {
				if ((int64_t)v->v[i].origin + fo->horizons[h] >
				    origin)
					break;
				mm[n] = v->v[i].m;
				rr[n] = v->v[i].r;
				aa[n] = v->v[i].a;
				oo[n] = v->v[i].origin;
				n++;
			}
			w = (double)sales_calib_weight_thin(oo, mm, rr, aa, n,
			    fo->horizons[h]) / SALES_CALIB_STEPS;
			f = w * (double)x->model + (1 - w) *
			    (double)x->runrate;
			x->expected = cents(f);
			if (!ranges)
				continue;
			/*
			 * The errors of the forecasts made at the time (out
			 * of sample, as conformal prediction wants), of the
			 * most recent SALES_CALIB_RECENT usable origins (so
			 * that a drought or a boom shows soon), over mm, no
			 * longer needed.  Additive: a ratio would explode
			 * where a small forecast met a lumpy outcome.
			 */
			k0 = n > SALES_CALIB_RECENT ? n - SALES_CALIB_RECENT : 0;
			for (k = k0; k < n; k++)
				mm[nr++] = aa[k] - v->v[k].f;
			/*
			 * The errors of overlapping windows come in runs: as
			 * independent outcomes they count about as many as
			 * the h-day windows their origins span.
			 */
			eff = nr > 0 ? (double)((int64_t)oo[n - 1] - oo[k0]) /
			    fo->horizons[h] + 1 : 0;
			if (sales_calib_quantiles_eff(mm, nr, eff, q)) {
				double lo = Z90 * (double)x->sd_capped;
				double hi = Z90 * (double)x->sd;

				/*
				 * The wider, on each side, of the past errors
				 * and the open deals' own chance (normal):
				 * past errors alone miss what is new in the
				 * pipeline.  Below, the spread of the capped
				 * amounts the point counts; above, of the full
				 * ones, since a large deal can still win.
				 */
				if (q[0] > -lo)
					q[0] = -lo;
				if (q[2] < hi)
					q[2] = hi;
				x->p10 = cents(f + q[0] < 0 ? 0 : f + q[0]);
				x->p50 = cents(f + q[1] < 0 ? 0 : f + q[1]);
				x->p90 = cents(f + q[2] < 0 ? 0 : f + q[2]);
				continue;
			}
			if (!simulated) {
				/* Simulation sets every horizon: keep the
				 * calibrated ones before this one. */
				int64_t keep[SALES_FORECAST_MAX_HORIZONS][3];

				for (k = 0; k < h; k++) {
					const struct sales_model_cell *y =
					    sales_model_cell(c->m, g, k);

					keep[k][0] = y->p10;
					keep[k][1] = y->p50;
					keep[k][2] = y->p90;
				}
				if ((rc = sales_model_simulate(c->m, g)) !=
				    SALES_OK)
					return rc;
				for (k = 0; k < h; k++) {
					struct sales_model_cell *y =
					    sales_model_cell_mut(c->m, g, k);

					y->p10 = keep[k][0];
					y->p50 = keep[k][1];
					y->p90 = keep[k][2];
				}
				simulated = 1;
			}
			x->p10 += x->expected - x->model;
			x->p50 += x->expected - x->model;
			x->p90 += x->expected - x->model;
			if (x->p10 < 0)
				x->p10 = 0;
			if (x->p50 < 0)
				x->p50 = 0;
			if (x->p90 < 0)
				x->p90 = 0;
		}
		monotone(c, g, ranges);
	}
	return SALES_OK;
}

/*
 * Won revenue within h days is cumulative in h, so every figure of a
 * group is made non-decreasing across the horizons by a running maximum:
 * the combination weight and the past errors are learned per horizon and
 * can otherwise cross (a 90-day P50 below the 60-day one).
 */
static void
monotone(struct sales_calib *c, size_t g, int ranges)
{
	size_t h;

	for (h = 1; h < c->nh; h++) {
		const struct sales_model_cell *y = sales_model_cell(c->m, g,
		    h - 1);
		struct sales_model_cell *x = sales_model_cell_mut(c->m, g, h);

		if (x->expected < y->expected)
			x->expected = y->expected;
		if (!ranges)
			continue;
		if (x->p10 < y->p10)
			x->p10 = y->p10;
		if (x->p50 < y->p50)
			x->p50 = y->p50;
		if (x->p90 < y->p90)
			x->p90 = y->p90;
	}
}

void
sales_calib_free(struct sales_calib *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < (c->ng + 1) * c->nh; i++)
		free(c->cells[i].v);
	free(c->cells);
	free(c->scratch);
	free(c->origins);
	free(c);
}
