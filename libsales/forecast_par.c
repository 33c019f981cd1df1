/*
 * forecast_par.c - the weighted forecast of one file read in parallel:
 * a partial forecast per part, merged in file order.  See sales_par.h
 * and sales_forecast_read_par() in sales_forecast.h.
 */
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

/* More bad rows than this in one part: give up and read sequentially. */
#define MAX_BAD_PER_PART	10000

struct fpart {
	struct sales_forecast	*f;
	struct sales_badrows	 bad;
	uint64_t		 columns;
};

struct fjob {
	const struct sales_opp_options		*oo;
	const struct sales_forecast_options	*o;
	struct fpart				*parts;
	size_t					 nparts;
};

/* One part: its deals into its own forecast, its bad rows kept. */
static int
read_part(struct sales_csv *csv, size_t i, void *arg)
{
	struct fjob *job = arg;
	struct fpart *p = &job->parts[i];
	struct sales_opp_reader *r;
	struct sales_opp d;
	char err[1024];
	int rc;

	if ((p->f = sales_forecast_new(job->o)) == NULL)
		return SALES_ENOMEM;
	p->bad.max = MAX_BAD_PER_PART;
	if ((rc = sales_opp_open(csv, job->oo, &r, err, sizeof(err))) !=
	    SALES_OK)
		return rc;
	p->columns = sales_opp_columns(r);
	while ((rc = sales_opp_next(r, &d)) != SALES_EOF) {
		if (rc == SALES_EDATA) {
			if ((rc = sales_badrows_add(&p->bad, sales_opp_error(r),
			    sales_opp_row(r))) != SALES_OK)
				break;
			continue;
		}
		/* A fatal read error, or a sum overflow: read sequentially. */
		if (rc != SALES_OK || (rc = sales_forecast_add(p->f, &d)) !=
		    SALES_OK)
			break;
	}
	sales_opp_close(r);
	return rc == SALES_EOF ? SALES_OK : rc;
}

int
sales_forecast_read_par(int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *po,
    const struct sales_opp_options *oo,
    const struct sales_forecast_options *o, struct sales_forecast **out,
    uint64_t *columns, struct sales_badrows *bad)
{
	struct fpart parts[SALES_PAR_MAX_JOBS];
	struct sales_forecast *sum;
	struct fjob job;
	size_t i, j, n = 0;
	int rc;

	memset(parts, 0, sizeof(parts));
	job.oo = oo;
	job.o = o;
	job.parts = parts;
	rc = sales_par_read(fd, name, csv, po, read_part, &job, &n);
	for (i = 0; i < n && rc == SALES_OK; i++)
		if (parts[i].columns != parts[0].columns)
			rc = SALES_EDATA;
	/* Merge and hand over the bad rows, in file order. */
	sum = NULL;
	*out = NULL;
	if (rc == SALES_OK && (sum = sales_forecast_new(o)) == NULL)
		rc = SALES_ENOMEM;
	for (i = 0; i < n && rc == SALES_OK; i++) {
		rc = sales_forecast_merge(sum, parts[i].f);
		for (j = 0; j < parts[i].bad.n && rc == SALES_OK; j++)
			rc = sales_badrows_add(bad, parts[i].bad.v[j].msg,
			    &parts[i].bad.v[j].row);
	}
	if (rc == SALES_OK) {
		*columns = parts[0].columns;
		*out = sum;
	} else {
		sales_forecast_free(sum);
		sales_badrows_clear(bad);
	}
	for (i = 0; i < n; i++) {
		sales_forecast_free(parts[i].f);
		sales_badrows_clear(&parts[i].bad);
	}
	return rc;
}
