/*
 * sales_calib.h - the history forecast's calibration on its own past
 * origins: a point forecast that combines the pipeline model with the
 * trailing run-rate, and conformal-style ranges.
 *
 * After each fit at a past origin t', the model's expectation m, the
 * run-rate r and the revenue actually won a are recorded per group and
 * horizon h.  At origin t only the records with t' + h <= t are used
 * (their outcome was known by then: no look-ahead).  With E(w) = sum
 * |w m + (1 - w) r - a| over them, w in {0, 0.05, ..., 1}, the point
 * forecast is f = w m + (1 - w) r for the largest w with E(w) <= E(0)
 * and E(w) within SALES_CALIB_SLACK percent of the least E: shrunk
 * toward the model, since a weight fitted on a few dozen overlapping
 * origins is mostly noise, yet never worse than the run-rate on the
 * history it has seen.  With no records, w = 1 (the model alone).
 * Records of overlapping windows are not independent outcomes: when
 * fewer than SALES_CALIB_MIN of their origins are h days apart (the
 * non-overlapping windows among them, counted greedily from the
 * oldest), no weight is fitted: w = 1 unless the run-rate alone erred
 * less than the model alone (E(0) < E(1)), and only then the rule above.
 *
 * Ranges: with SALES_CALIB_MIN or more usable records, P10/P50/P90 are
 * f plus the empirical quantiles of the errors a' - f' of the point
 * forecasts f' made at the most recent SALES_CALIB_RECENT of those
 * origins (half a year of weekly origins: errors of overlapping windows
 * come in long runs, and older runs describe a market that has moved
 * on).  Those n errors count as eff = span / h + 1 independent ones,
 * span the days from the first of their origins to the last (about the
 * h-day windows they cover).  With eff of 9 or more: the middle error
 * and, with m = floor(eff), the errors at the conformal ranks of m
 * (floor(0.1 (m + 1)) and ceil(0.9 (m + 1)) of m, nearest rank among
 * the n; with eff = n the floor(0.1 (n + 1))-th and ceil(0.9 (n +
 * 1))-th smallest), so P10-P90 holds about 80% of past outcomes (split
 * conformal).  With eff below 9 those ranks do not exist and the least
 * and largest of a few runs are too narrow: P10/P90 are the errors'
 * mean -/+ t(0.9, eff - 1) sqrt(1 + 1/eff) times their standard
 * deviation (an 80% normal prediction interval from eff independent
 * errors; the factor interpolated between whole eff, eff below 2 taken
 * as 2), P50 still the middle error.  Widened where the open deals'
 * own chance spreads further: P10 at most f - 1.2816 sd_capped, P90 at
 * least f + 1.2816 sd (sales_model_cell), since errors of overlapping
 * past windows are few in effect and miss what is new in the pipeline.
 * Never below 0.
 * Otherwise the model's Monte Carlo (or normal) ranges, shifted by
 * f - m.
 *
 * Won revenue within h days is cumulative, so per group the point
 * forecast, P10, P50 and P90 are then each made non-decreasing across
 * the horizons (a running maximum from the shortest): the weight and
 * the errors are learned per horizon and could otherwise cross.
 *
 * Records are kept only where one of m, r, a is not zero, so memory
 * grows with the groups that had business, not with every group x
 * origin.
 */
#ifndef SALES_CALIB_H
#define SALES_CALIB_H

#define SALES_CALIB_MIN		8
#define SALES_CALIB_RECENT	26	/* past errors the ranges use */
#define SALES_CALIB_STEPS	20	/* weights 0, 1/20, ..., 1 */
#define SALES_CALIB_SLACK	10	/* percent of error the model may keep */

struct sales_calib;

/* A calibration over model m (borrowed); NULL when out of memory. */
struct sales_calib *sales_calib_new(struct sales_model *m);

/* Records the last fit (at origin) of every group.  SALES_OK/ENOMEM. */
int sales_calib_record(struct sales_calib *c, int32_t origin);

/*
 * Fits and records the origins origin - k x step, k = count..1 (oldest
 * first), the fits jobs at a time on as many threads (the records are the
 * same for any jobs).  SALES_OK or the fit's failure.
 */
int sales_calib_warmup(struct sales_calib *c, int32_t origin, int step,
    int count, size_t jobs);

/*
 * The forecast at origin: sales_calib_warmup(c, origin, step, count,
 * jobs), sales_model_fit(m, origin, flags) (made with the warm-up's last
 * fits, on their threads) and sales_calib_apply(c, origin).  SALES_OK or
 * the first failure.
 */
int sales_calib_forecast(struct sales_calib *c, int32_t origin, int step,
    int count, size_t jobs, int flags);

/*
 * Sets expected, p10, p50, p90 of every group of the last fit (at
 * origin) from the records usable at origin.  SALES_OK or SALES_ENOMEM.
 */
int sales_calib_apply(struct sales_calib *c, int32_t origin);

void sales_calib_free(struct sales_calib *c);

/*
 * For tests: the weight index (0..SALES_CALIB_STEPS) the combination
 * picks for n records m[i], r[i], a[i].
 */
int sales_calib_weight(const double *m, const double *r, const double *a,
    size_t n);

/*
 * For tests: the most origins among origin[0..n-1] (ascending) that are
 * at least h days apart (non-overlapping h-day windows); the weight
 * index with fewer than SALES_CALIB_MIN such windows (SALES_CALIB_STEPS,
 * the model alone, unless the run-rate alone erred less), else that of
 * sales_calib_weight; and the quantiles q[0..2] of n errors (sorted in
 * place) at the ranks of eff independent ones (eff 0 or above n: n,
 * the plain split conformal ranks from 9 on), returning 0 when n is
 * below SALES_CALIB_MIN (q untouched).
 */
int sales_calib_windows(const int32_t *origin, size_t n, int h);
int sales_calib_weight_thin(const int32_t *origin, const double *m,
    const double *r, const double *a, size_t n, int h);
int sales_calib_quantiles_eff(double *err, size_t n, double eff,
    double q[3]);

#endif /* SALES_CALIB_H */
