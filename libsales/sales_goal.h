/*
 * sales_goal.h - goals, attainment, pace, coverage, projection and a
 * leadership scorecard (goal-score).
 *
 * Inputs, each a CSV read row by row through sales_csv (columns by name):
 *  goals	owner, period, target; optional metric (default revenue) and
 *		weight (default 1).
 *  metrics	owner, metric, date, value; optional kind (count or pct).
 *  forecast	owner, horizon, expected (pipeline-forecast --by owner).
 *  roster	rep; optional manager, team, start_date, end_date.
 * and opportunities through sales_goal_add_opp().  Goals must be read
 * before opportunities: the windows to add deals to come from them.
 *
 * Every amount, target and metric value is kept in hundredths in an
 * int64_t (money in cents, a count of 3 as 300), so sums are exact.
 *
 * Rules (goal-score(1) documents them for users):
 *  - The window of a goal is its period, or with to_date the month,
 *    quarter or year that holds the as-of date (target prorated by days
 *    when the goal's period differs).
 *  - closed_won: won deals closed from the window's first day through
 *    the earlier of its last day and the as-of date.  Pipeline: open
 *    deals planned to close from the later of the first day and the
 *    as-of date through the last day.
 *  - elapsed: days from the first day (or a rep's roster start_date, if
 *    later) through the as-of date, over the days from that start to the
 *    last day.
 *  - A metric is a percentage (averaged over the window) when the
 *    metrics file's kind column says pct, or, without a kind, when its
 *    name ends in _pct, _compliance, _coverage, _rate or _accuracy;
 *    otherwise it is a count (summed).
 *  - deals_won and new_logos (accounts whose first won deal in the input
 *    falls in the window) come from the opportunities unless the metrics
 *    file has rows for that metric name.
 *
 * Errors: functions return enum sales_status; the message, shaped
 * "file:line: message", is in sales_goal_error() until the next call.
 */
#ifndef SALES_GOAL_H
#define SALES_GOAL_H

enum sales_goal_input {
	SALES_GOAL_GOALS,
	SALES_GOAL_METRICS,
	SALES_GOAL_FORECAST,
	SALES_GOAL_ROSTER,
	SALES_GOAL_NINPUTS
};

enum sales_goal_by {
	SALES_GOAL_BY_OWNER,	/* one row per goal */
	SALES_GOAL_BY_TEAM,
	SALES_GOAL_BY_MANAGER,
	SALES_GOAL_BY_ALL
};

struct sales_goal_options {
	int32_t			 as_of;
	int			 fiscal_start;	/* 1-12; 0 means 1 */
	int			 has_period;	/* score only goals of period */
	struct sales_period	 period;
	int			 to_date;	/* MTD/QTD/YTD view */
	enum sales_period_unit	 to_date_unit;
	int			 at_risk;	/* projected % below: at-risk */
	int			 off_track;	/* projected % below: off-track */
	int			 horizon;	/* forecast horizon; 0: auto */
	enum sales_goal_by	 by;
	int			 scorecard;
	enum sales_date_order	 date_order;
	int			 money_flags;
};

struct sales_goal;

/* A scorer (options copied); NULL when out of memory. */
struct sales_goal *sales_goal_new(const struct sales_goal_options *o);

/*
 * Binds the header of csv (which must outlive the rows read from it) as
 * input kind; map/nmap are --map overrides for that kind.  SALES_OK, or
 * the CSV's status or SALES_EDATA ("file: missing column ...").
 */
int sales_goal_bind(struct sales_goal *g, enum sales_goal_input kind,
    struct sales_csv *csv, const struct sales_map *map, size_t nmap);

/*
 * Adds one data row of the input last bound as kind.  SALES_OK,
 * SALES_EDATA (a bad value: the row is left out), SALES_ENOMEM, or
 * SALES_EUSAGE when opportunities were already added and kind is goals
 * or roster.
 */
int sales_goal_add(struct sales_goal *g, enum sales_goal_input kind,
    const struct sales_row *row);

/*
 * Adds one deal.  SALES_OK, SALES_ENOMEM, or SALES_EDATA for a currency
 * that differs from the first deal's (amounts must be converted first)
 * or a sum that would overflow.  file names the input in messages.
 */
int sales_goal_add_opp(struct sales_goal *g, const char *file,
    const struct sales_opp *d);

/*
 * Scores every goal and writes the view the options ask for (per goal,
 * a roll-up, or the scorecard): declares the columns on o and writes
 * the rows, sorted.  *offtrack receives the number of rows off track.
 * SALES_OK, SALES_ENOMEM, SALES_EIO, or SALES_EDATA on overflow.
 */
int sales_goal_write(struct sales_goal *g, struct sales_out *o,
    size_t *offtrack);

/* Non-zero when name is a percentage metric by the naming rule. */
int sales_goal_metric_is_pct(const char *name);

/*
 * Partial states and their merge.
 *
 * What is partial: what the opportunities add.  Per owner and goal
 * window, the won amount, the open pipeline, the weighted pipeline
 * (exact, in cents x ppm) and deals_won (merged by sum; a credit, a
 * negative won amount, counts as no deal on either side); per account,
 * its first won deal (close date and owner: new_logos; merged by the
 * earliest date); the currency of the deals (one for the whole run);
 * and the owners met only in the deals.  Goals, metrics, the forecast
 * and the roster are not partial: every partial starts from a copy of
 * them (sales_goal_part_new()), and attainment, pace and projections
 * are computed by sales_goal_write() after the merge.
 *
 * What depends on the order of the deals is settled by an order key,
 * the input's ordinal (sales_goal_set_seq()) and the line: on a tie of
 * close dates the account's first deal in input order names its owner,
 * and the currency's line (quoted in messages) is its first.  The merge
 * keeps the smallest key, so it is associative and commutative (sums,
 * minima); only the order of owners met in the deals alone, which no
 * output shows unsorted, follows the order of the merges.
 *
 * Under a map-reduce engine (Hadoop Streaming, Spark's RDD.pipe), each
 * shard of the opportunities would be read into a partial of the same
 * goals and the partials reduced with sales_goal_merge(); only the
 * reduce step writes.
 */

/* Sets the ordinal of the input read next (0 .. 2^24 - 1; default 0). */
void sales_goal_set_seq(struct sales_goal *g, unsigned seq);

/*
 * A new partial of base: the same options, ordinal, goals' windows,
 * owners (with their roster details) and currency, and no deals.  NULL
 * when out of memory.
 */
struct sales_goal *sales_goal_part_new(const struct sales_goal *base);

/*
 * Adds the deals src holds into dst (made from the same goals).
 * SALES_OK, SALES_ENOMEM, SALES_EUSAGE when the windows differ, or
 * SALES_EDATA (message in sales_goal_error()) for two currencies or a
 * sum out of range.
 */
int sales_goal_merge(struct sales_goal *dst, const struct sales_goal *src);

/*
 * Reads opportunities file fd (named name) in parallel (sales_par.h)
 * and merges its deals into g: a partial per part, merged in file
 * order.  Bad rows are added to bad, in line order.  Returns SALES_OK;
 * SALES_EUSAGE when the file cannot be split; another status when a
 * part failed (a parse error, a deal the goals refuse ...): g is then
 * unchanged, bad empty, and the file is to be read sequentially, which
 * reports the problem exactly.
 */
int sales_goal_read_par(struct sales_goal *g, int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *po,
    const struct sales_opp_options *oo, struct sales_badrows *bad);

/* The last message (borrowed; "" if none). */
const char *sales_goal_error(const struct sales_goal *g);

void sales_goal_free(struct sales_goal *g);

#endif /* SALES_GOAL_H */
