/*
 * forecast_par.c - the weighted forecast of one file read in parallel:
 * a partial forecast per part, merged in file order (sales_opp_read_par).
 * See sales_forecast_read_par() in sales_forecast.h.
 */
#include "sales_int.h"

struct fctx {
	const struct sales_forecast_options	*o;
};

static void *
part_new(void *ctx)
{
	return sales_forecast_new(((struct fctx *)ctx)->o);
}

static int
add(void *part, const struct sales_opp *d, void *ctx)
{
	(void)ctx;
	return sales_forecast_add(part, d);
}

static int
merge(void *dst, const void *src)
{
	return sales_forecast_merge(dst, src);
}

static void
part_free(void *part)
{
	sales_forecast_free(part);
}

int
sales_forecast_read_par(int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *po,
    const struct sales_opp_options *oo,
    const struct sales_forecast_options *o, struct sales_forecast **out,
    uint64_t *columns, struct sales_badrows *bad)
{
	struct fctx ctx = { o };
	struct sales_opp_agg agg = { part_new, add, merge, part_free, &ctx };
	void *sum;
	int rc;

	rc = sales_opp_read_par(fd, name, csv, po, oo, &agg, &sum, columns,
	    bad);
	*out = sum;
	return rc;
}
