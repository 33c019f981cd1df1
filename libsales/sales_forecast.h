/*
 * sales_forecast.h - pipeline forecasts per group and horizon.
 *
 * A deal is in horizon h when it is open and
 * as_of <= close_date < as_of + h days (horizons are cumulative); it is
 * overdue when it is open and close_date < as_of.  Won and lost deals
 * never enter the open sums.
 *
 * The weighted method sums amount x probability; the products are kept
 * exact (in parts per million of a cent) and rounded half away from zero
 * once per output cell, so a total equals the sum of its deals.
 *
 * Output columns, in order: the group columns (canonical names), horizon,
 * deals, pipeline, weighted, commit, best_case, overdue_deals,
 * overdue_amount, new_business, expected, p10, p50, p90.  Rows are sorted
 * by group key (bytewise), then horizon.
 */
#ifndef SALES_FORECAST_H
#define SALES_FORECAST_H

enum sales_group {
	SALES_BY_OWNER,
	SALES_BY_ACCOUNT,
	SALES_BY_TEAM,
	SALES_BY_MANAGER,
	SALES_BY_STAGE,
	SALES_BY_FORECAST_CATEGORY,
	SALES_BY_CURRENCY
};

#define SALES_FORECAST_MAX_BY		7
#define SALES_FORECAST_MAX_HORIZONS	16

struct sales_forecast_options {
	int32_t			as_of;
	int			horizons[SALES_FORECAST_MAX_HORIZONS];	/* days */
	size_t			nhorizons;
	enum sales_group	by[SALES_FORECAST_MAX_BY];
	size_t			nby;	/* 0: one group for everything */
	int			total;	/* add a "Total" row per horizon */
};

struct sales_forecast;

/*
 * Parses a --by list ("owner,stage", "none") into o->by/o->nby; and a
 * --horizon list ("30,60,90") into o->horizons/o->nhorizons (sorted,
 * duplicates dropped, each 1..3660).  SALES_OK or SALES_EUSAGE.
 */
int sales_group_parse(const char *s, struct sales_forecast_options *o);
int sales_horizon_parse(const char *s, struct sales_forecast_options *o);

/* The opportunities column a group reads (SALES_OPP_*). */
int sales_group_column(enum sales_group g);

/* The value of group kind g for deal d (borrowed from d). */
const char *sales_group_value(const struct sales_opp *d, enum sales_group g);

/* A forecast accumulator (options copied); NULL when out of memory. */
struct sales_forecast *sales_forecast_new(
    const struct sales_forecast_options *o);

/*
 * Adds one deal.  Returns SALES_OK, SALES_ENOMEM, or SALES_EDATA when a
 * sum would overflow (message in sales_forecast_error()).
 */
int sales_forecast_add(struct sales_forecast *f, const struct sales_opp *d);

/*
 * Writes the weighted forecast: declares the columns on o and writes
 * every row.  Returns SALES_OK, SALES_ENOMEM, SALES_EIO, or SALES_EDATA
 * on overflow.
 */
int sales_forecast_write(struct sales_forecast *f, struct sales_out *o);

/*
 * Adds everything src holds into f (same options): the merge of partial
 * forecasts, one per part of a file read in parallel or per shard of a
 * map-reduce job.  The merge is associative and commutative, and the
 * written output does not depend on the order of merges.  Returns
 * SALES_OK, SALES_ENOMEM, or SALES_EDATA when a sum would overflow.
 */
int sales_forecast_merge(struct sales_forecast *f,
    const struct sales_forecast *src);

/*
 * Partial forecasts as files, for a run sharded under a map-reduce
 * engine (Hadoop Streaming, Spark's RDD.pipe): each shard writes its
 * partial with sales_forecast_write_partial(), and the reduce step adds
 * the rows of every shard's partial into one forecast with
 * sales_forecast_add_partial(), then writes it (or writes a partial
 * again: a combiner).  The sums are exact, so the merged report is byte
 * for byte the one-pass report.
 *
 * A partial is CSV with one row per group, in group order:
 *   as_of, <group columns>, overdue_deals, overdue_amount,
 *   unscheduled_deals, unscheduled_amount, and per horizon H (days):
 *   deals_H, pipeline_H, weighted_ppm_H, commit_H, best_case_H
 * Amounts are cents written as "1234.50"; weighted_ppm_H is the exact
 * weighted sum in millionths of a cent, a whole number.  The unscheduled
 * deals (open, no close date) are not per group: any row may carry some
 * and the merge adds them up.
 */
int sales_forecast_write_partial(struct sales_forecast *f,
    struct sales_out *o);

/*
 * Reads the group columns and horizons of a partial from its header row
 * into o->by/o->nby and o->horizons/o->nhorizons (the other fields are
 * left alone).  SALES_OK, or SALES_EDATA when hdr is not a partial's
 * header (message in *why, a static phrase).
 */
int sales_forecast_partial_options(const struct sales_row *hdr,
    struct sales_forecast_options *o, const char **why);

/*
 * Adds one row of a partial whose header matched f's options (see
 * sales_forecast_partial_options()).  SALES_OK, SALES_ENOMEM, or
 * SALES_EDATA: a field that is not what its column holds, a row made as
 * of another date than f's, or a sum beyond 64-bit cents (message in
 * sales_forecast_error()).
 */
int sales_forecast_add_partial(struct sales_forecast *f,
    const struct sales_row *row);

/*
 * Another method's columns: fn(arg, key, keylen, is_total, h, v) fills
 * v with new_business, expected, p10, p50, p90 (cents) for the group of
 * key (its values joined by NUL bytes, keylen counting the last NUL) or
 * the Total row, and horizon index h; it returns SALES_OK or a failure
 * that stops the writing.
 */
struct sales_forecast_fill {
	int	(*fn)(void *, const char *, size_t, int, size_t, int64_t *);
	void	*arg;
};

/* Like sales_forecast_write(), with the method columns from fill. */
int sales_forecast_write_fill(struct sales_forecast *f, struct sales_out *o,
    const struct sales_forecast_fill *fill);

/*
 * Open deals added with no close date (unscheduled: in no horizon of
 * the weighted method), and their amount (saturating at the int64 ends).
 */
void sales_forecast_unscheduled(const struct sales_forecast *f, uint64_t *n,
    int64_t *amount);

const char *sales_forecast_error(const struct sales_forecast *f);

/*
 * Reads one opportunities file in parallel (sales_par.h) into a new
 * forecast *out with options o: each part fills a forecast of its own
 * and the parts are merged in file order.  Bad rows are added to bad (in
 * line order) for the caller to report; *columns receives
 * sales_opp_columns().  The caller merges *out where it belongs
 * (sales_forecast_merge) and frees it.
 * Returns SALES_OK; SALES_EUSAGE when the file cannot be split; any
 * other status when a part failed (a parse error, a sum overflow, a
 * footer before the last part ...): nothing is returned then, and the
 * file is to be read again sequentially, which reports the problem
 * exactly as it always does.
 */
int sales_forecast_read_par(int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *po,
    const struct sales_opp_options *oo,
    const struct sales_forecast_options *o, struct sales_forecast **out,
    uint64_t *columns, struct sales_badrows *bad);

void sales_forecast_free(struct sales_forecast *f);

#endif /* SALES_FORECAST_H */
