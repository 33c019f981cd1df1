/*
 * forecast_par.c - one file read in parallel into the weighted forecast
 * (sales_forecast_read_par() in sales_forecast.h), or into the forecast
 * and the history model together (sales_forecast_model_read_par() in
 * sales_model.h): partials per part, merged in file order
 * (sales_opp_read_par).
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdlib.h>

#include "sales_int.h"

struct fctx {
	const struct sales_forecast_options	*o;
	const struct sales_model_options	*mo;
	uint64_t				 sum_deals;	/* a guess */
	int					 sum_made;
};

/*
 * Bytes a row at the least, about: the sum's guess of the deals the
 * file holds, so that it grows once, not by doubling, each doubling a
 * copy of every deal so far into fresh memory.  Room never touched
 * costs address space only; a guess too low grows as before.
 */
#define ROW_BYTES	32

/* A part of the history method's reading: the forecast and the model. */
struct fmpart {
	struct sales_forecast	*f;
	struct sales_model	*m;
};

static void	*part_new(void *);
static int	 add(void *, const struct sales_opp *, void *);
static int	 merge(void *, const void *);
static void	 part_free(void *);
static void	*fm_new(void *);
static int	 fm_add(void *, const struct sales_opp *, void *);
static int	 fm_merge(void *, const void *);
static void	 fm_free(void *);

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
	struct fctx ctx = { o, NULL, 0, 0 };
	struct sales_opp_agg agg = { part_new, add, merge, part_free, &ctx };
	void *sum;
	int rc;

	rc = sales_opp_read_par(fd, name, csv, po, oo, &agg, &sum, columns,
	    bad);
	*out = sum;
	return rc;
}

static void *
fm_new(void *arg)
{
	struct fctx *ctx = arg;
	struct fmpart *p;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	if ((p->f = sales_forecast_new(ctx->o)) == NULL ||
	    (p->m = sales_model_new(ctx->o, ctx->mo)) == NULL) {
		fm_free(p);
		return NULL;
	}
	/* The first made is the sum, before the threads start. */
	if (!ctx->sum_made) {
		ctx->sum_made = 1;
		if (ctx->sum_deals <= SIZE_MAX / 64)
			(void)sales_model_reserve(p->m,
			    (size_t)ctx->sum_deals);
	}
	return p;
}

/*
 * As pipeline-forecast's sequential reading: the forecast first, and the
 * model only if the forecast took the deal.  A sum the forecast refuses
 * fails the part; the sequential reading then names the deal.
 */
static int
fm_add(void *part, const struct sales_opp *d, void *ctx)
{
	struct fmpart *p = part;
	int rc;

	(void)ctx;
	if ((rc = sales_forecast_add(p->f, d)) != SALES_OK)
		return rc;
	return sales_model_add(p->m, d);
}

static int
fm_merge(void *dst, const void *src)
{
	struct fmpart *d = dst;
	const struct fmpart *s = src;
	int rc;

	if ((rc = sales_forecast_merge(d->f, s->f)) != SALES_OK)
		return rc;
	return sales_model_merge(d->m, s->m);
}

static void
fm_free(void *part)
{
	struct fmpart *p = part;

	if (p == NULL)
		return;
	sales_forecast_free(p->f);
	sales_model_free(p->m);
	free(p);
}

int
sales_forecast_model_read_par(int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *po,
    const struct sales_opp_options *oo,
    const struct sales_forecast_options *fo,
    const struct sales_model_options *mo, struct sales_forecast **f,
    struct sales_model **m, uint64_t *columns, struct sales_badrows *bad)
{
	struct fctx ctx = { fo, mo, 0, 0 };
	struct sales_opp_agg agg = { fm_new, fm_add, fm_merge, fm_free, &ctx };
	struct fmpart *sum;
	struct stat st;
	void *out;
	int rc;

	*f = NULL;
	*m = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		ctx.sum_deals = (uint64_t)st.st_size / ROW_BYTES;
	rc = sales_opp_read_par(fd, name, csv, po, oo, &agg, &out, columns,
	    bad);
	if (rc != SALES_OK)
		return rc;
	sum = out;
	*f = sum->f;
	*m = sum->m;
	free(sum);
	return SALES_OK;
}
