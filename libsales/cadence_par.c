/*
 * cadence_par.c - a meetings file read in parallel: a partial cadence
 * per part, merged in file order.  See sales_par.h and
 * sales_cadence_read_par() in sales_cadence.h.
 */
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

/* More notes than this in one part: give up and read sequentially. */
#define MAX_NOTES_PER_PART	10000

/* Per note of a part: the unknown name of a warning, NULL for a bad row. */
struct cwarn {
	char		*name;
	uint64_t	 line;
};

struct cpart {
	struct sales_cadence	*c;
	struct sales_badrows	 notes;
	struct cwarn		*w;	/* [notes.n] */
	size_t			 capw;
};

struct cjob {
	const struct sales_cadence	*base;
	const struct sales_map		*map;
	size_t				 nmap;
	enum sales_date_order		 order;
	const char			*name;
	struct cpart			*parts;
};

/* Keeps one note of part p: a bad row (row) or a warning (name). */
static int
note(struct cpart *p, const char *msg, const struct sales_row *row,
    const char *name, uint64_t line)
{
	struct cwarn *w;
	size_t cap;
	int rc;

	if (p->notes.n == p->capw) {
		cap = p->capw != 0 ? p->capw * 2 : 16;
		if ((w = realloc(p->w, cap * sizeof(*w))) == NULL)
			return SALES_ENOMEM;
		p->w = w;
		p->capw = cap;
	}
	p->w[p->notes.n].name = NULL;
	p->w[p->notes.n].line = line;
	if (name != NULL && (p->w[p->notes.n].name = strdup(name)) == NULL)
		return SALES_ENOMEM;
	if ((rc = sales_badrows_add(&p->notes, msg, row)) != SALES_OK) {
		free(p->w[p->notes.n].name);
		return rc;
	}
	return SALES_OK;
}

/* One part: its meetings into its own partial, its notes kept. */
static int
read_part(struct sales_csv *csv, size_t i, void *arg)
{
	struct cjob *job = arg;
	struct cpart *p = &job->parts[i];
	const struct sales_row *hdr, *row;
	struct sales_cad_input in;
	char err[1024];
	int rc;

	if ((p->c = sales_cadence_part_new(job->base)) == NULL)
		return SALES_ENOMEM;
	p->notes.max = MAX_NOTES_PER_PART;
	if ((rc = sales_csv_header(csv, &hdr)) != SALES_OK)
		return rc;
	if (sales_cadence_bind(p->c, SALES_CAD_MEETINGS, hdr, job->map,
	    job->nmap, &in, err, sizeof(err)) != SALES_OK)
		return SALES_EDATA;
	in.file = job->name;
	in.order = job->order;
	while ((rc = sales_csv_next(csv, &row)) != SALES_EOF) {
		if (rc == SALES_EDATA) {
			if ((rc = note(p, sales_csv_error(csv), row, NULL,
			    row->line)) != SALES_OK)
				return rc;
			continue;
		}
		if (rc != SALES_OK)
			return rc;
		rc = sales_cadence_meeting_row(p->c, &in, row);
		if (rc == SALES_EDATA)
			rc = note(p, sales_cadence_error(p->c), row, NULL,
			    row->line);
		else if (rc == SALES_OK &&
		    sales_cadence_warning(p->c)[0] != '\0')
			rc = note(p, sales_cadence_warning(p->c), NULL,
			    sales_cadence_warned_name(p->c), row->line);
		if (rc != SALES_OK)
			return rc;
	}
	return SALES_OK;
}

int
sales_cadence_read_par(struct sales_cadence *c, int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *po,
    const struct sales_map *map, size_t nmap, enum sales_date_order order,
    struct sales_badrows *notes)
{
	struct cpart parts[SALES_PAR_MAX_JOBS];
	struct sales_cadence *sum = NULL;
	struct cjob job;
	size_t i, j, n = 0;
	uint64_t first;
	int rc;

	memset(parts, 0, sizeof(parts));
	job.base = c;
	job.map = map;
	job.nmap = nmap;
	job.order = order;
	job.name = name;
	job.parts = parts;
	rc = sales_par_read(fd, name, csv, po, read_part, &job, &n);
	/* Merge into a copy first: c stays as it was when anything fails. */
	if (rc == SALES_OK && (sum = sales_cadence_part_new(c)) == NULL)
		rc = SALES_ENOMEM;
	for (i = 0; i < n && rc == SALES_OK; i++)
		rc = sales_cadence_merge(sum, parts[i].c);
	/* The notes in file order; a name is warned about at its first row. */
	for (i = 0; i < n && rc == SALES_OK; i++)
		for (j = 0; j < parts[i].notes.n && rc == SALES_OK; j++) {
			const struct sales_badrow *b = &parts[i].notes.v[j];

			if (parts[i].w[j].name == NULL)
				rc = sales_badrows_add(notes, b->msg, &b->row);
			else if (sales_cadence_warned(sum, parts[i].w[j].name,
			    &first) && first == parts[i].w[j].line)
				rc = sales_badrows_add(notes, b->msg, NULL);
		}
	if (rc == SALES_OK)
		rc = sales_cadence_merge(c, sum);
	if (rc != SALES_OK)
		sales_badrows_clear(notes);
	sales_cadence_free(sum);
	for (i = 0; i < n; i++) {
		sales_cadence_free(parts[i].c);
		for (j = 0; j < parts[i].notes.n; j++)
			free(parts[i].w[j].name);
		free(parts[i].w);
		sales_badrows_clear(&parts[i].notes);
	}
	return rc;
}
