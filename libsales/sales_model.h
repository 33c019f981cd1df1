/*
 * sales_model.h - the history forecast: a model learned from the deals
 * of the file itself, as of any origin day, with Monte Carlo ranges.
 *
 * Without snapshots a deal's chance to be won within h days comes from
 * its age g (days since created_date): with F(a) the cumulative incidence
 * of winning by age a and S(a) the share of deals still open at age a,
 * estimated over the deals known at the origin (deals resolved before it
 * are events, deals still open at it are censored at their age),
 *
 *	p(g, h) = (F(g + h) - F(g)) / S(g).
 *
 * Deals count by amount (a dollar win rate: large deals are won less
 * often, and revenue is what is forecast); ages past 3660 days are
 * merged.  An open deal without a created_date is scored as age 0 and
 * not fitted.
 * The curve is estimated per owner, per team and for everyone.  An
 * owner's rate is shrunk toward the team's, and the team's toward
 * everyone's, with weight n / (n + k), n the deals the owner (team) had
 * resolved and k = SALES_MODEL_SHRINK_K, so a rep with five closed deals
 * is not judged by them alone.
 *
 * Lumpy deals: the point forecast is judged by its absolute error, so
 * it aims at the likely outcome, not at an average a single rare deal
 * drags up.  In the expectation of open deals and in create-and-close,
 * each deal's amount counts at most at the SALES_MODEL_CAP_PCT-th
 * percentile (nearest rank) of the amounts of the deals resolved before
 * the origin; with fewer than 100 / (100 - SALES_MODEL_CAP_PCT) (50)
 * such deals nothing is capped.  The ranges (Monte
 * Carlo, normal, or the calibration's) keep the full amounts, so a
 * large deal still shows in P90, and deal inspection lists the full
 * expected contribution.
 *
 * Create-and-close ("new business") is revenue from deals that do not
 * exist yet: the average, over every window of the horizon's length
 * inside the trailing 365 days, of the amount won by deals created and
 * won inside that window.
 *
 * Ranges: one uniform draw per deal and trial, shared by all horizons (a
 * deal wins within h when the draw is below p(g, h), so the horizons stay
 * consistent); the new business is added as its expected value.  A group
 * with SALES_MODEL_NORMAL_MIN open deals or more uses the normal
 * approximation instead.  The generator is xoshiro256** seeded through
 * splitmix64 from the seed and the group's key, so the same input and
 * options give the same ranges on every machine.
 *
 * Deals are kept in memory in compact records (owners, teams and groups
 * are interned; no strings per deal unless deal inspection asks for
 * them).  Strings the model returns are borrowed, valid until the model
 * is freed.
 */
#ifndef SALES_MODEL_H
#define SALES_MODEL_H

#define SALES_MODEL_SHRINK_K	20
#define SALES_MODEL_NORMAL_MIN	1000
#define SALES_MODEL_MIN_RESOLVED 30	/* the default method's threshold */
#define SALES_MODEL_CAP_PCT	98	/* lumpy deals' cap, a percentile */

struct sales_model_options {
	uint64_t	trials;		/* Monte Carlo trials; 0: normal */
	uint64_t	seed;
	int		keep_deals;	/* keep id, name, stage for --deals */
	/*
	 * Snapshots (borrowed, NULL if none; must outlive the model): an
	 * open deal with a snapshot at the origin is forecast from the rate
	 * at which deals in its stage, planned-close position (overdue,
	 * inside or after the horizon), with or without a quarter's last
	 * day in the horizon, size band and count of pushes (0, 1, 2 or
	 * more) as of past weekly origins of the year before were won
	 * within the horizon, shrunk (n / (n + k)) level by level toward
	 * its stage and position, and that toward the age model; and the
	 * weighted pipeline as of each origin becomes an honest baseline.
	 */
	struct sales_snaps *snaps;
};

/* The forecast of one group and horizon at one origin, in cents. */
struct sales_model_cell {
	int64_t	expected;	/* the point forecast (see sales_calib) */
	int64_t	model;		/* open deals' expectation + new_business */
	int64_t	new_business;
	int64_t	p10, p50, p90;
	int64_t	actual;		/* won with origin <= close < origin + h */
	int64_t	runrate;	/* won in the 365 days before, x h / 365 */
	int64_t	weighted;	/* with snapshots: the weighted pipeline as
				   the snapshots stood at the origin */
	int64_t	sd;		/* the open deals' own spread: the root of
				   sum p (1 - p) amount^2 (full amounts) */
	int64_t	sd_capped;	/* the same with the point forecast's
				   capped amounts */
};

struct sales_model;

/*
 * A model over the groups and horizons of fo (copied).  NULL when out of
 * memory.
 */
struct sales_model *sales_model_new(const struct sales_forecast_options *fo,
    const struct sales_model_options *mo);

/*
 * Room for n deals in all, so that adding (or merging) up to that many
 * never copies the deals kept so far.  SALES_OK or SALES_ENOMEM (the
 * model is unchanged).
 */
int sales_model_reserve(struct sales_model *m, size_t n);

/* Keeps one deal.  SALES_OK or SALES_ENOMEM. */
int sales_model_add(struct sales_model *m, const struct sales_opp *d);

/* Deals won or lost with a close date before day. */
uint64_t sales_model_resolved(const struct sales_model *m, int32_t day);

/*
 * Fits the model as it could have been fitted on day origin, seeing only
 * deals created before it and outcomes closed before it, and forecasts
 * every group and horizon from there (expected = model; the ranges are
 * zero unless SALES_FIT_RANGES).  SALES_FIT_LIVE is the forecast of the
 * as-of date: deals closed now are never open, whatever their close
 * date.  Returns SALES_OK, SALES_ENOMEM or SALES_EDATA (a sum beyond
 * 64-bit cents; message in sales_model_error()).
 */
#define SALES_FIT_LIVE		1
#define SALES_FIT_RANGES	2
#define SALES_FIT_POINT		4	/* the cells only: no per-deal
					   probabilities, no ranges, no
					   deal list after it */
int sales_model_fit(struct sales_model *m, int32_t origin, int flags);

/*
 * Point fits (SALES_FIT_POINT) at origin[0..n-1], on up to jobs threads
 * (at most 8: each pass over the deals is bound by memory).  The n
 * results are kept until the next call, and sales_model_use_point(m, i)
 * makes origin[i]'s the last fit, the same cells as sales_model_fit(m,
 * origin[i], SALES_FIT_POINT) gives.  Returns as sales_model_fit, the
 * failure of the first origin in order that failed.
 */
int sales_model_fit_points(struct sales_model *m, const int32_t *origin,
    size_t n, size_t jobs);
void sales_model_use_point(struct sales_model *m, size_t i);

/*
 * The same, and on the same threads the fit sales_model_fit(m, then,
 * flags) makes, as if after the points: the one at the as-of date need
 * not wait for the past origins' (and one core for it while the others
 * idle).  Once the points are used, sales_model_use_fit(m) makes it the
 * last fit and returns as sales_model_fit (SALES_EUSAGE without one).
 */
int sales_model_fit_points_then(struct sales_model *m, const int32_t *origin,
    size_t n, int32_t then, int flags, size_t jobs);
int sales_model_use_fit(struct sales_model *m);

/*
 * Monte Carlo (or normal) ranges of group g of the last fit, around the
 * model's expectation.  SALES_OK or SALES_ENOMEM.
 */
int sales_model_simulate(struct sales_model *m, size_t g);

/*
 * The groups: 0..sales_model_ngroups()-1 in key order; the key is the
 * group values joined with NUL bytes (keylen counts the last NUL).
 */
size_t sales_model_ngroups(const struct sales_model *m);
const char *sales_model_key(const struct sales_model *m, size_t g,
    size_t *keylen);

/*
 * The last fit's cell for group g (or, for g == sales_model_ngroups(),
 * every group together) and horizon index h.
 */
const struct sales_model_cell *sales_model_cell(const struct sales_model *m,
    size_t g, size_t h);

/* The same cell, writable (for the calibration). */
struct sales_model_cell *sales_model_cell_mut(struct sales_model *m,
    size_t g, size_t h);

/* The group index of a key, or (size_t)-1. */
size_t sales_model_find(const struct sales_model *m, const char *key,
    size_t keylen);

/*
 * Writes deal inspection for the last fit: every open deal with its
 * win probability per horizon, expected contribution (amount x the
 * probability of the last horizon), age and days overdue, sorted by
 * group, then expected contribution (largest first); top > 0 keeps the
 * first top of each group.  Needs keep_deals.  SALES_OK, SALES_ENOMEM or
 * SALES_EIO.
 */
int sales_model_write_deals(struct sales_model *m, struct sales_out *o,
    size_t top);

/* The forecast options the model was made with (borrowed). */
const struct sales_forecast_options *sales_model_options(
    const struct sales_model *m);

/* Non-zero when the model has snapshots (the weighted cells hold). */
int sales_model_snapshots(const struct sales_model *m);

/*
 * For modules that walk the deals (the waterfall): sorts the groups (so
 * the group indices of sales_model_key hold), then the number of deals,
 * and deal i's group index, snapshot index (SALES_SNAP_NONE if none),
 * state and close date.  sales_model_prepare returns SALES_OK or
 * SALES_ENOMEM.
 */
int sales_model_prepare(struct sales_model *m);
size_t sales_model_ndeals(const struct sales_model *m);
void sales_model_deal(const struct sales_model *m, size_t i, size_t *group,
    uint32_t *snap, enum sales_state *state, int32_t *close);
struct sales_snaps *sales_model_snaps(const struct sales_model *m);

/* Deals missing a created_date (they cannot be fitted). */
uint64_t sales_model_undated(const struct sales_model *m);

const char *sales_model_error(const struct sales_model *m);

void sales_model_free(struct sales_model *m);

/*
 * The estimator alone, for tests: the age curve of n deals, deal i of
 * age[i] at its event or censoring, event[i] 1 won, 2 lost, 0 censored
 * (still open, known open at ages below age[i]).  Writes p(g, h) into
 * *p; SALES_OK, SALES_ENOMEM, or SALES_EDATA when nobody was at risk at
 * age g (*p is 0).
 */
int sales_model_curve_p(const int32_t *age, const int *event, size_t n,
    int32_t g, int32_t h, double *p);

/*
 * Create-and-close for one horizon: the expected won amount in h days
 * from deals not yet created at origin, from n won deals created[i],
 * closed[i], amount[i].  Rounded half away from zero.
 */
int64_t sales_model_new_business(const int32_t *created,
    const int32_t *closed, const int64_t *amount, size_t n, int32_t origin,
    int h);

/*
 * The cap on one deal's amount in the point forecast, from the n amounts
 * of resolved deals (reordered in place): the ceil(n x
 * SALES_MODEL_CAP_PCT / 100)-th smallest; INT64_MAX (no cap) when n is
 * below 100 / (100 - SALES_MODEL_CAP_PCT).
 */
int64_t sales_model_cap(int64_t *amount, size_t n);

/* The generator, exposed for tests: xoshiro256** from a splitmix64 seed. */
struct sales_rng {
	uint64_t	s[4];
};
void sales_rng_seed(struct sales_rng *r, uint64_t seed);
uint64_t sales_rng_next(struct sales_rng *r);

/*
 * Appends src's deals to dst, as if each had been added to dst with
 * sales_model_add() in src's order: owners, teams and groups src saw
 * first are interned after dst's own, so models of a file's parts,
 * merged in file order, are the model of the whole file, deal for deal
 * (the fit and the deal list are the same to the byte).  src is left
 * alone and may be freed afterwards (its strings are copied).
 * Returns SALES_OK; SALES_EUSAGE when src was made with other group
 * columns, keep_deals or snapshots, or was fitted (a fit reorders its
 * deals); SALES_ENOMEM, after which dst may hold some of src's owners,
 * teams and groups but none of its deals, and is only fit to be freed.
 */
int sales_model_merge(struct sales_model *dst, const struct sales_model *src);

/*
 * Reads one opportunities file in parallel (sales_par.h) into a new
 * forecast *f (options fo) and a new model *m (options fo and mo): each
 * part fills a forecast and a model of its own with every deal, as the
 * sequential reading does, and the parts are merged in file order
 * (sales_forecast_merge, sales_model_merge).  The snapshots of mo, if
 * any, must be loaded (sales_snaps_load) before: the parts look deals
 * up in them at once.  Bad rows are added to bad in line order for the
 * caller to report; *columns receives sales_opp_columns().  The caller
 * merges *f and *m where they belong and frees them.
 * Returns as sales_forecast_read_par(): SALES_OK; SALES_EUSAGE when the
 * file cannot be split; any other status when a part failed, and then
 * *f and *m are NULL and the file is to be read again sequentially,
 * which reports the problem exactly.
 */
int sales_forecast_model_read_par(int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *po,
    const struct sales_opp_options *oo,
    const struct sales_forecast_options *fo,
    const struct sales_model_options *mo, struct sales_forecast **f,
    struct sales_model **m, uint64_t *columns, struct sales_badrows *bad);

#endif /* SALES_MODEL_H */
