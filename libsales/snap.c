/*
 * snap.c - opportunity snapshots (see sales_snap.h): read, sorted by
 * deal and day, and looked up as of any day.
 */
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

struct srec {
	const char	*id;		/* in the arena */
	int32_t		 date;
	int32_t		 close;
	int64_t		 amount;
	uint32_t	 stage;
	uint32_t	 deal;		/* index of id, after sorting */
};

struct sstage {
	const char		*name;
	enum sales_state	 state;
	int32_t			 prob;
};

struct sales_snaps {
	const struct sales_stages	*stages;
	struct srec			*v;
	size_t				 n, cap;
	struct sstage			*st;
	size_t				 nst, capst;
	size_t				*start;		/* deal -> first rec */
	size_t				 ndeals;
	int				 sorted;
	struct sales_arena		 arena;
	char				 err[512];
};

static const char *const columns[SALES_SNAP_NCOLUMNS] = {
	"id", "snapshot_date", "stage", "amount", "close_date"
};

static const struct sales_alias aliases[] = {
	{ SALES_SNAP_ID, 0, "OpportunityId" },
	{ SALES_SNAP_ID, 0, "Opportunity ID" },
	{ SALES_SNAP_ID, 1, "Deal ID" },
	{ SALES_SNAP_ID, 2, "Id" },
	{ SALES_SNAP_DATE, 0, "Snapshot Date" },
	{ SALES_SNAP_DATE, 1, "CreatedDate" },
	{ SALES_SNAP_DATE, 1, "Created Date" },
	{ SALES_SNAP_DATE, 2, "Date" },
	{ SALES_SNAP_STAGE, 0, "StageName" },
	{ SALES_SNAP_STAGE, 0, "Stage" },
	{ SALES_SNAP_STAGE, 1, "To Stage" },
	{ SALES_SNAP_AMOUNT, 0, "Amount" },
	{ SALES_SNAP_CLOSE_DATE, 0, "CloseDate" },
	{ SALES_SNAP_CLOSE_DATE, 0, "Close Date" },
};

static long	stage_index(struct sales_snaps *, const char *, size_t);
static int	bad(struct sales_snaps *, struct sales_csv *, uint64_t,
		    const char *, const char *, size_t, const char *);
static int	cmp_rec(const void *, const void *);
static int	finish(struct sales_snaps *);

const struct sales_schema sales_snap_schema = {
	columns, SALES_SNAP_NCOLUMNS, aliases,
	sizeof(aliases) / sizeof(aliases[0])
};

struct sales_snaps *
sales_snaps_new(const struct sales_stages *stages)
{
	struct sales_snaps *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->stages = stages;
	return s;
}

/* The index of stage name[0..len), added on first sight; -1: unknown. */
static long
stage_index(struct sales_snaps *s, const char *name, size_t len)
{
	const struct sales_stage *st;
	size_t i;

	for (i = 0; i < s->nst; i++)
		if (strlen(s->st[i].name) == len &&
		    memcmp(s->st[i].name, name, len) == 0)
			return (long)i;
	if ((st = sales_stages_find(s->stages, name, len)) == NULL)
		return -1;
	if (s->nst == s->capst) {
		size_t cap = s->capst == 0 ? 16 : s->capst * 2;
		struct sstage *p = realloc(s->st, cap * sizeof(*p));

		if (p == NULL)
			return -2;
		s->st = p;
		s->capst = cap;
	}
	if ((s->st[s->nst].name = sales_arena_strndup(&s->arena, name,
	    len)) == NULL)
		return -2;
	s->st[s->nst].state = st->state;
	s->st[s->nst].prob = st->prob;
	return (long)s->nst++;
}

static int
bad(struct sales_snaps *s, struct sales_csv *csv, uint64_t line,
    const char *col, const char *v, size_t len, const char *why)
{
	sales_fmt(s->err, sizeof(s->err), "%s:%llu: column \"%s\": \"%.*s\" "
	    "%s", sales_csv_name(csv), (unsigned long long)line, col,
	    (int)(len > 200 ? 200 : len), v, why);
	return SALES_EDATA;
}

int
sales_snaps_load(struct sales_snaps *s, struct sales_csv *csv,
    enum sales_date_order order, int money_flags,
    const struct sales_map *map, size_t nmap)
{
	const struct sales_row *hdr, *row;
	int index[SALES_SNAP_NCOLUMNS], rc;
	char err[400];

	if ((rc = sales_csv_header(csv, &hdr)) != SALES_OK) {
		sales_fmt(s->err, sizeof(s->err), "%s", rc == SALES_EOF ?
		    "empty snapshots file" : sales_csv_error(csv));
		return rc == SALES_EOF ? SALES_EDATA : rc;
	}
	if (sales_schema_bind(&sales_snap_schema, hdr,
	    ((uint64_t)1 << SALES_SNAP_NCOLUMNS) - 1, map, nmap, index, err,
	    sizeof(err)) != SALES_OK) {
		sales_fmt(s->err, sizeof(s->err), "%s: %s",
		    sales_csv_name(csv), err);
		return SALES_EDATA;
	}
	while ((rc = sales_csv_next(csv, &row)) == SALES_OK) {
		struct srec r;
		const char *why, *v;
		size_t len;
		long st;

		memset(&r, 0, sizeof(r));
#define F(c)	row->fields[index[c]], row->lens[index[c]]
		v = row->fields[index[SALES_SNAP_ID]];
		len = row->lens[index[SALES_SNAP_ID]];
		v = sales_trim(v, &len);
		if (len == 0)
			return bad(s, csv, row->line, "id", "", 0, "is empty");
		if ((r.id = sales_arena_strndup(&s->arena, v, len)) == NULL)
			return SALES_ENOMEM;
		if (sales_date_parse(F(SALES_SNAP_DATE), order, &r.date,
		    &why) != SALES_OK)
			return bad(s, csv, row->line, "snapshot_date",
			    F(SALES_SNAP_DATE), why);
		len = row->lens[index[SALES_SNAP_CLOSE_DATE]];
		if (sales_blank(row->fields[index[SALES_SNAP_CLOSE_DATE]], len))
			r.close = SALES_DATE_NONE;
		else if (sales_date_parse(F(SALES_SNAP_CLOSE_DATE), order,
		    &r.close, &why) != SALES_OK)
			return bad(s, csv, row->line, "close_date",
			    F(SALES_SNAP_CLOSE_DATE), why);
		len = row->lens[index[SALES_SNAP_AMOUNT]];
		if (sales_blank(row->fields[index[SALES_SNAP_AMOUNT]], len))
			r.amount = 0;
		else if (sales_money_parse(F(SALES_SNAP_AMOUNT), money_flags,
		    &r.amount, &why) != SALES_OK)
			return bad(s, csv, row->line, "amount",
			    F(SALES_SNAP_AMOUNT), why);
		v = row->fields[index[SALES_SNAP_STAGE]];
		len = row->lens[index[SALES_SNAP_STAGE]];
		v = sales_trim(v, &len);
		if ((st = stage_index(s, v, len)) == -2)
			return SALES_ENOMEM;
		if (st < 0)
			return bad(s, csv, row->line, "stage", v, len,
			    "is not a known stage (define it with --stages "
			    "FILE)");
		r.stage = (uint32_t)st;
#undef F
		if (s->n == s->cap) {
			size_t cap = s->cap == 0 ? 256 : s->cap * 2;
			struct srec *p = realloc(s->v, cap * sizeof(*p));

			if (p == NULL)
				return SALES_ENOMEM;
			s->v = p;
			s->cap = cap;
		}
		s->v[s->n++] = r;
		s->sorted = 0;
	}
	if (rc != SALES_EOF) {
		sales_fmt(s->err, sizeof(s->err), "%s", sales_csv_error(csv));
		return rc;
	}
	/*
	 * Sorted now rather than at the first look-up, so that look-ups
	 * only read and the parts of a parallel reading (sales_par.h) may
	 * look deals up at once.
	 */
	if (finish(s) != 0) {
		sales_fmt(s->err, sizeof(s->err), "out of memory");
		return SALES_ENOMEM;
	}
	return SALES_OK;
}

static int
cmp_rec(const void *a, const void *b)
{
	const struct srec *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	return x->date < y->date ? -1 : x->date > y->date;
}

/* Sorts by deal and day and numbers the deals; 0 or -1 (no memory). */
static int
finish(struct sales_snaps *s)
{
	size_t i, d = 0;

	if (s->sorted)
		return 0;
	qsort(s->v, s->n, sizeof(*s->v), cmp_rec);
	free(s->start);
	if ((s->start = malloc((s->n + 2) * sizeof(*s->start))) == NULL)
		return -1;
	for (i = 0; i < s->n; i++) {
		if (i == 0 || strcmp(s->v[i].id, s->v[i - 1].id) != 0)
			s->start[d++] = i;
		s->v[i].deal = (uint32_t)(d - 1);
	}
	s->start[d] = s->n;
	s->ndeals = d;
	s->sorted = 1;
	return 0;
}

uint32_t
sales_snaps_find(struct sales_snaps *s, const char *id)
{
	size_t lo = 0, hi, len = strlen(id);
	const char *t = sales_trim(id, &len);
	char buf[256];

	if (finish(s) != 0 || len == 0 || len >= sizeof(buf))
		return SALES_SNAP_NONE;
	memcpy(buf, t, len);
	buf[len] = '\0';
	hi = s->ndeals;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->v[s->start[mid]].id, buf);

		if (c == 0)
			return (uint32_t)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SALES_SNAP_NONE;
}

int
sales_snaps_state(struct sales_snaps *s, uint32_t i, int32_t day,
    struct sales_snap_state *st)
{
	size_t k, end;
	int32_t pushes = 0;
	const struct srec *last = NULL;

	if (i == SALES_SNAP_NONE || finish(s) != 0 || i >= s->ndeals)
		return 0;
	end = s->start[i + 1];
	for (k = s->start[i]; k < end && s->v[k].date < day; k++) {
		if (last != NULL && last->close != SALES_DATE_NONE &&
		    s->v[k].close != SALES_DATE_NONE &&
		    s->v[k].close > last->close)
			pushes++;
		last = &s->v[k];
	}
	if (last == NULL)
		return 0;
	st->stage = last->stage;
	st->state = s->st[last->stage].state;
	st->prob = s->st[last->stage].prob;
	st->close = last->close;
	st->amount = last->amount;
	st->pushes = pushes;
	return 1;
}

size_t
sales_snaps_nstages(const struct sales_snaps *s)
{
	return s->nst;
}

const char *
sales_snaps_error(const struct sales_snaps *s)
{
	return s->err;
}

void
sales_snaps_free(struct sales_snaps *s)
{
	if (s == NULL)
		return;
	free(s->v);
	free(s->st);
	free(s->start);
	sales_arena_fini(&s->arena);
	free(s);
}
