/*
 * opp_par.c - an opportunities file read in parallel into any mergeable
 * aggregate (struct sales_opp_agg): a partial per part, merged in file
 * order.  See sales_par.h.
 *
 * The merge runs while later parts are still read: a thread that ends a
 * part merges it, and every part after it that is done, as soon as the
 * parts before it are merged.  A merge that copies (the history model
 * copies every deal) then costs little more than the last part's.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

/* More bad rows than this in one part: give up and read sequentially. */
#define MAX_BAD_PER_PART	10000

struct opart {
	void			*agg;
	struct sales_badrows	 bad;
	uint64_t		 columns;
	int			 done;	/* read, to be merged */
};

/*
 * One reading.  Under mu: the parts' done flags, next (the first part
 * not merged yet), merging (a thread is merging: the others leave their
 * parts to it) and rc.  sum and bad belong to the merging thread.
 */
struct ojob {
	const struct sales_opp_options	*oo;
	const struct sales_opp_agg	*ops;
	struct opart			*parts;
	pthread_mutex_t			 mu;
	size_t				 next;
	int				 merging;
	int				 rc;
	void				*sum;
	struct sales_badrows		*bad;
};

static int	read_part(struct sales_csv *, size_t, void *);
static int	merge_ready(struct ojob *, size_t);
static int	merge_part(struct ojob *, size_t);

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
	if (rc != SALES_EOF)
		return rc;
	return merge_ready(job, i);
}

/*
 * Part i is read: merges it, and the parts after it that are read, if
 * every part before it is merged and no other thread is merging (that
 * one then merges it).  A part that failed is never done, so nothing
 * after it is merged.  Returns the first failure of a merge so far, and
 * then the threads take no more parts.
 */
static int
merge_ready(struct ojob *job, size_t i)
{
	size_t k;
	int rc;

	pthread_mutex_lock(&job->mu);
	job->parts[i].done = 1;
	if (!job->merging) {
		job->merging = 1;
		while (job->rc == SALES_OK && job->next < SALES_PAR_MAX_JOBS &&
		    job->parts[job->next].done) {
			k = job->next;
			pthread_mutex_unlock(&job->mu);
			rc = merge_part(job, k);
			pthread_mutex_lock(&job->mu);
			if (rc != SALES_OK)
				job->rc = rc;
			job->next++;
		}
		job->merging = 0;
	}
	rc = job->rc;
	pthread_mutex_unlock(&job->mu);
	return rc;
}

/* Merges part i into the sum, its bad rows after the sum's, frees it. */
static int
merge_part(struct ojob *job, size_t i)
{
	struct opart *p = &job->parts[i];
	size_t j;
	int rc;

	if (p->columns != job->parts[0].columns)
		return SALES_EDATA;
	rc = job->ops->merge(job->sum, p->agg);
	for (j = 0; j < p->bad.n && rc == SALES_OK; j++)
		rc = sales_badrows_add(job->bad, p->bad.v[j].msg,
		    &p->bad.v[j].row);
	job->ops->free(p->agg);
	p->agg = NULL;
	sales_badrows_clear(&p->bad);
	return rc;
}

int
sales_opp_read_par(int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *po,
    const struct sales_opp_options *oo, const struct sales_opp_agg *agg,
    void **out, uint64_t *columns, struct sales_badrows *bad)
{
	struct opart parts[SALES_PAR_MAX_JOBS];
	struct ojob job;
	size_t i, n = 0;
	int rc;

	memset(parts, 0, sizeof(parts));
	memset(&job, 0, sizeof(job));
	job.oo = oo;
	job.ops = agg;
	job.parts = parts;
	job.bad = bad;
	*out = NULL;
	if ((job.sum = agg->part_new(agg->ctx)) == NULL)
		return SALES_ENOMEM;
	if (pthread_mutex_init(&job.mu, NULL) != 0) {
		agg->free(job.sum);
		return SALES_ENOMEM;
	}
	rc = sales_par_read(fd, name, csv, po, read_part, &job, &n);
	pthread_mutex_destroy(&job.mu);
	if (rc == SALES_OK)
		rc = job.rc;
	/* Every part was read, so the threads merged them all; or else. */
	for (i = job.next; rc == SALES_OK && i < n; i++)
		rc = merge_part(&job, i);
	if (rc == SALES_OK) {
		*columns = parts[0].columns;
		*out = job.sum;
	} else {
		agg->free(job.sum);
		sales_badrows_clear(bad);
	}
	for (i = 0; i < n; i++) {
		if (parts[i].agg != NULL)
			agg->free(parts[i].agg);
		sales_badrows_clear(&parts[i].bad);
	}
	return rc;
}
