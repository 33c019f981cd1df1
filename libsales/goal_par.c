/*
 * goal_par.c - an opportunities file read in parallel for goal-score: a
 * partial of the actuals per part, merged in file order
 * (sales_opp_read_par).  See sales_goal_read_par() in sales_goal.h.
 */
#include "sales_int.h"

struct gctx {
	const struct sales_goal	*base;
	const char		*name;
};

static void *
part_new(void *ctx)
{
	return sales_goal_part_new(((struct gctx *)ctx)->base);
}

/*
 * A deal the goals refuse (a second currency, a sum out of range)
 * depends on the deals before it in other parts: the part fails, and
 * the file is read again sequentially, which reports it exactly.
 */
static int
add(void *part, const struct sales_opp *d, void *ctx)
{
	return sales_goal_add_opp(part, ((struct gctx *)ctx)->name, d);
}

static int
merge(void *dst, const void *src)
{
	return sales_goal_merge(dst, src);
}

static void
part_free(void *part)
{
	sales_goal_free(part);
}

int
sales_goal_read_par(struct sales_goal *g, int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *po,
    const struct sales_opp_options *oo, struct sales_badrows *bad)
{
	struct gctx ctx = { g, name };
	struct sales_opp_agg agg = { part_new, add, merge, part_free, &ctx };
	uint64_t columns;
	void *sum;
	int rc;

	/* The parts merge into a copy first: g stays as it was on failure. */
	rc = sales_opp_read_par(fd, name, csv, po, oo, &agg, &sum, &columns,
	    bad);
	if (rc == SALES_OK && (rc = sales_goal_merge(g, sum)) != SALES_OK)
		sales_badrows_clear(bad);
	sales_goal_free(sum);
	return rc;
}
