/*
 * goal_par.c - an opportunities file read in parallel for goal-score: a
 * partial of the actuals per part, merged in file order.  See
 * sales_par.h and sales_goal_read_par() in sales_goal.h.
 */
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

/* More bad rows than this in one part: give up and read sequentially. */
#define MAX_BAD_PER_PART	10000

struct gpart {
	struct sales_goal	*g;
	struct sales_badrows	 bad;
	uint64_t		 columns;
};

struct gjob {
	const struct sales_goal		*base;
	const struct sales_opp_options	*oo;
	const char			*name;
	struct gpart			*parts;
};

/*
 * One part: its deals into its own partial, its bad rows kept.  A deal
 * the goals refuse (a second currency, a sum out of range) depends on
 * the deals before it in other parts: the part fails, and the file is
 * read again sequentially, which reports it exactly.
 */
static int
read_part(struct sales_csv *csv, size_t i, void *arg)
{
	struct gjob *job = arg;
	struct gpart *p = &job->parts[i];
	struct sales_opp_reader *r;
	struct sales_opp d;
	char err[1024];
	int rc;

	if ((p->g = sales_goal_part_new(job->base)) == NULL)
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
		    (rc = sales_goal_add_opp(p->g, job->name, &d)) != SALES_OK)
			break;
	}
	sales_opp_close(r);
	return rc == SALES_EOF ? SALES_OK : rc;
}

int
sales_goal_read_par(struct sales_goal *g, int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *po,
    const struct sales_opp_options *oo, struct sales_badrows *bad)
{
	struct gpart parts[SALES_PAR_MAX_JOBS];
	struct sales_goal *sum = NULL;
	struct gjob job;
	size_t i, j, n = 0;
	int rc;

	memset(parts, 0, sizeof(parts));
	job.base = g;
	job.oo = oo;
	job.name = name;
	job.parts = parts;
	rc = sales_par_read(fd, name, csv, po, read_part, &job, &n);
	for (i = 0; i < n && rc == SALES_OK; i++)
		if (parts[i].columns != parts[0].columns)
			rc = SALES_EDATA;
	/* Merge into a copy first: g stays as it was when anything fails. */
	if (rc == SALES_OK && (sum = sales_goal_part_new(g)) == NULL)
		rc = SALES_ENOMEM;
	for (i = 0; i < n && rc == SALES_OK; i++) {
		rc = sales_goal_merge(sum, parts[i].g);
		for (j = 0; j < parts[i].bad.n && rc == SALES_OK; j++)
			rc = sales_badrows_add(bad, parts[i].bad.v[j].msg,
			    &parts[i].bad.v[j].row);
	}
	if (rc == SALES_OK)
		rc = sales_goal_merge(g, sum);
	if (rc != SALES_OK)
		sales_badrows_clear(bad);
	sales_goal_free(sum);
	for (i = 0; i < n; i++) {
		sales_goal_free(parts[i].g);
		sales_badrows_clear(&parts[i].bad);
	}
	return rc;
}
