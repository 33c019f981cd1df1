/*
 * opp_par.c - an opportunities file read in parallel into any mergeable
 * aggregate (struct sales_opp_agg): a partial per part, merged in file
 * order.  See sales_par.h.
 */
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

/* More bad rows than this in one part: give up and read sequentially. */
#define MAX_BAD_PER_PART	10000

struct opart {
	void			*agg;
	struct sales_badrows	 bad;
	uint64_t		 columns;
};

struct ojob {
	const struct sales_opp_options	*oo;
	const struct sales_opp_agg	*ops;
	struct opart			*parts;
};

/*
 * One part: its deals into its own partial, its bad rows kept.  A deal
 * add() refuses (a sum out of range, a second currency) may depend on
 * deals in other parts: the part fails, and the sequential read reports
 * it exactly.
 */
static int
read_part(struct sales_csv *csv, size_t i, void *arg)
{
	struct ojob *job = arg;
	struct opart *p = &job->parts[i];
	struct sales_opp_reader *r;
	struct sales_opp d;
	char err[1024];
	int rc;

	if ((p->agg = job->ops->part_new(job->ops->ctx)) == NULL)
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
		if (rc != SALES_OK ||
		    (rc = job->ops->add(p->agg, &d, job->ops->ctx)) != SALES_OK)
			break;
	}
	sales_opp_close(r);
	return rc == SALES_EOF ? SALES_OK : rc;
}

int
sales_opp_read_par(int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *po,
    const struct sales_opp_options *oo, const struct sales_opp_agg *agg,
    void **out, uint64_t *columns, struct sales_badrows *bad)
{
	struct opart parts[SALES_PAR_MAX_JOBS];
	struct ojob job;
	void *sum = NULL;
	size_t i, j, n = 0;
	int rc;

	memset(parts, 0, sizeof(parts));
	job.oo = oo;
	job.ops = agg;
	job.parts = parts;
	*out = NULL;
	rc = sales_par_read(fd, name, csv, po, read_part, &job, &n);
	for (i = 0; i < n && rc == SALES_OK; i++)
		if (parts[i].columns != parts[0].columns)
			rc = SALES_EDATA;
	if (rc == SALES_OK && (sum = agg->part_new(agg->ctx)) == NULL)
		rc = SALES_ENOMEM;
	for (i = 0; i < n && rc == SALES_OK; i++) {
		rc = agg->merge(sum, parts[i].agg);
		for (j = 0; j < parts[i].bad.n && rc == SALES_OK; j++)
			rc = sales_badrows_add(bad, parts[i].bad.v[j].msg,
			    &parts[i].bad.v[j].row);
	}
	if (rc == SALES_OK) {
		*columns = parts[0].columns;
		*out = sum;
	} else {
		if (sum != NULL)
			agg->free(sum);
		sales_badrows_clear(bad);
	}
	for (i = 0; i < n; i++) {
		if (parts[i].agg != NULL)
			agg->free(parts[i].agg);
		sales_badrows_clear(&parts[i].bad);
	}
	return rc;
}
