/*
 * forecast.c - the weighted pipeline forecast: open deals, pipeline,
 * weighted, commit and best-case amounts per group and horizon, with the
 * overdue deals counted apart.
 *
 * Groups live in a hash table keyed by the group values joined with NUL
 * bytes (a value never holds a NUL: the CSV reader rejects such rows), so
 * memory grows with the number of groups, never with the rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

__extension__ typedef __int128 wide;	/* cents x ppm, exact */

/* Sums for one group and one horizon. */
struct cell {
	int64_t	deals;
	int64_t	pipeline;
	wide	weighted;	/* cents x ppm */
	int64_t	commit;
	int64_t	best_case;
};

struct group {
	struct group	*next;		/* hash chain */
	uint64_t	 hash;
	const char	*key;		/* values joined by NUL, in the arena */
	size_t		 keylen;
	int64_t		 overdue_deals;
	int64_t		 overdue_amount;
	struct cell	 cells[];	/* one per horizon */
};

struct sales_forecast {
	struct sales_forecast_options	 opt;
	struct group			**table;
	size_t				 nbuckets;
	size_t				 ngroups;
	struct group			*total;
	uint64_t			 unscheduled;	/* open, no close */
	int64_t				 unscheduled_amount;
	struct sales_arena		 arena;
	char				*keybuf;
	size_t				 keycap;
	char				 err[256];
};

static const struct {
	const char	*name;
	int		 column;
} groups[] = {
	[SALES_BY_OWNER] = { "owner", SALES_OPP_OWNER },
	[SALES_BY_ACCOUNT] = { "account", SALES_OPP_ACCOUNT },
	[SALES_BY_TEAM] = { "team", SALES_OPP_TEAM },
	[SALES_BY_MANAGER] = { "manager", SALES_OPP_MANAGER },
	[SALES_BY_STAGE] = { "stage", SALES_OPP_STAGE },
	[SALES_BY_FORECAST_CATEGORY] = { "forecast_category",
	    SALES_OPP_FORECAST_CATEGORY },
	[SALES_BY_CURRENCY] = { "currency", SALES_OPP_CURRENCY },
};
#define NGROUPKINDS	(sizeof(groups) / sizeof(groups[0]))

static struct group	*group_new(struct sales_forecast *, const char *,
			    size_t, uint64_t);
static struct group	*group_find(struct sales_forecast *, const char *,
			    size_t);
static int		 grow(struct sales_forecast *);
static int		 add_to(struct sales_forecast *, struct group *,
			    const struct sales_opp *);
static int		 check_group(struct sales_forecast *, const struct group *);
static int		 merge_into(struct sales_forecast *, struct group *,
			    const struct group *);
static int		 cmp_group(const void *, const void *);
static void		 count_unscheduled(struct sales_forecast *, uint64_t,
			    int64_t);
static int		 write_group(struct sales_forecast *, struct sales_out *,
			    const struct group *, int,
			    const struct sales_forecast_fill *);

int
sales_group_parse(const char *s, struct sales_forecast_options *o)
{
	const char *p = s, *end;
	size_t len, k, j;

	o->nby = 0;
	if (strcmp(s, "none") == 0)
		return SALES_OK;
	for (;;) {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		for (k = 0; k < NGROUPKINDS; k++)
			if (strlen(groups[k].name) == len &&
			    memcmp(groups[k].name, p, len) == 0)
				break;
		if (k == NGROUPKINDS || o->nby == SALES_FORECAST_MAX_BY)
			return SALES_EUSAGE;
		for (j = 0; j < o->nby; j++)
			if (o->by[j] == (enum sales_group)k)
				return SALES_EUSAGE;
		o->by[o->nby++] = (enum sales_group)k;
		if (end == NULL)
			return SALES_OK;
		p = end + 1;
	}
}

int
sales_horizon_parse(const char *s, struct sales_forecast_options *o)
{
	const char *p = s;
	char *end;
	size_t n = 0, i, j;
	long v;

	for (;;) {
		if (*p < '0' || *p > '9')
			return SALES_EUSAGE;
		v = strtol(p, &end, 10);
		if (v < 1 || v > 3660 || (*end != ',' && *end != '\0'))
			return SALES_EUSAGE;
		/* Insert sorted, dropping duplicates. */
		for (i = 0; i < n && o->horizons[i] < v; i++)
			continue;
		if (i == n || o->horizons[i] != v) {
			if (n == SALES_FORECAST_MAX_HORIZONS)
				return SALES_EUSAGE;
			for (j = n; j > i; j--)
				o->horizons[j] = o->horizons[j - 1];
			o->horizons[i] = (int)v;
			n++;
		}
		if (*end == '\0')
			break;
		p = end + 1;
	}
	o->nhorizons = n;
	return SALES_OK;
}

int
sales_group_column(enum sales_group g)
{
	return groups[g].column;
}

struct sales_forecast *
sales_forecast_new(const struct sales_forecast_options *o)
{
	struct sales_forecast *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	f->opt = *o;
	f->nbuckets = 256;
	if ((f->table = calloc(f->nbuckets, sizeof(*f->table))) == NULL ||
	    (f->total = group_new(f, "Total", 5, 0)) == NULL ||
	    (f->opt.nby == 0 && group_find(f, "", 0) == NULL)) {
		/* Without group columns the one group always has its rows. */
		sales_forecast_free(f);
		return NULL;
	}
	return f;
}

static struct group *
group_new(struct sales_forecast *f, const char *key, size_t keylen,
    uint64_t hash)
{
	struct group *g;
	size_t size = sizeof(*g) + f->opt.nhorizons * sizeof(g->cells[0]);

	if ((g = calloc(1, size)) == NULL)
		return NULL;
	if ((g->key = sales_arena_strndup(&f->arena, key, keylen)) == NULL) {
		free(g);
		return NULL;
	}
	g->keylen = keylen;
	g->hash = hash;
	return g;
}

/* Doubles the hash table when it is fuller than 75%. */
static int
grow(struct sales_forecast *f)
{
	struct group **t, *g, *next;
	size_t n = f->nbuckets * 2, i;

	if ((t = calloc(n, sizeof(*t))) == NULL)
		return SALES_ENOMEM;
	for (i = 0; i < f->nbuckets; i++) {
		for (g = f->table[i]; g != NULL; g = next) {
			next = g->next;
			g->next = t[g->hash & (n - 1)];
			t[g->hash & (n - 1)] = g;
		}
	}
	free(f->table);
	f->table = t;
	f->nbuckets = n;
	return SALES_OK;
}

static struct group *
group_find(struct sales_forecast *f, const char *key, size_t keylen)
{
	uint64_t h = sales_hash(key, keylen, 0);
	struct group *g;
	size_t b = h & (f->nbuckets - 1);

	for (g = f->table[b]; g != NULL; g = g->next)
		if (g->hash == h && g->keylen == keylen &&
		    memcmp(g->key, key, keylen) == 0)
			return g;
	if (f->ngroups >= f->nbuckets / 4 * 3) {
		if (grow(f) != SALES_OK)
			return NULL;
		b = h & (f->nbuckets - 1);
	}
	if ((g = group_new(f, key, keylen, h)) == NULL)
		return NULL;
	g->next = f->table[b];
	f->table[b] = g;
	f->ngroups++;
	return g;
}

const char *
sales_group_value(const struct sales_opp *d, enum sales_group k)
{
	switch (k) {
	case SALES_BY_OWNER:
		return d->owner;
	case SALES_BY_ACCOUNT:
		return d->account;
	case SALES_BY_TEAM:
		return d->team;
	case SALES_BY_MANAGER:
		return d->manager;
	case SALES_BY_STAGE:
		return d->stage;
	case SALES_BY_FORECAST_CATEGORY:
		return sales_fcat_name(d->fcat);
	case SALES_BY_CURRENCY:
		return d->currency != NULL ? d->currency : "";
	}
	return "";
}

#define ADD(f, sum, v) do {						\
	if (__builtin_add_overflow((sum), (v), &(sum)))			\
		return overflow(f);					\
} while (0)

static int
overflow(struct sales_forecast *f)
{
	sales_fmt(f->err, sizeof(f->err),
	    "amounts add up beyond the range of 64-bit cents");
	return SALES_EDATA;
}

static int
add_to(struct sales_forecast *f, struct group *g, const struct sales_opp *d)
{
	int32_t as_of = f->opt.as_of;
	size_t i;

	if (d->state != SALES_OPEN || d->close == SALES_DATE_NONE)
		return SALES_OK;
	if (d->close < as_of) {
		g->overdue_deals++;
		ADD(f, g->overdue_amount, d->amount);
		return SALES_OK;
	}
	for (i = 0; i < f->opt.nhorizons; i++) {
		struct cell *c = &g->cells[i];

		if ((int64_t)d->close >= (int64_t)as_of + f->opt.horizons[i])
			continue;
		c->deals++;
		ADD(f, c->pipeline, d->amount);
		c->weighted += (wide)d->amount * d->prob;
		if (d->fcat == SALES_FCAT_COMMIT)
			ADD(f, c->commit, d->amount);
		if (d->fcat == SALES_FCAT_COMMIT ||
		    d->fcat == SALES_FCAT_BEST_CASE)
			ADD(f, c->best_case, d->amount);
	}
	return SALES_OK;
}

/* Room for a group key of need bytes in f->keybuf.  SALES_OK/ENOMEM. */
static int
key_room(struct sales_forecast *f, size_t need)
{
	char *p;

	if (need <= f->keycap)
		return SALES_OK;
	if ((p = realloc(f->keybuf, need * 2)) == NULL)
		return SALES_ENOMEM;
	f->keybuf = p;
	f->keycap = need * 2;
	return SALES_OK;
}

int
sales_forecast_add(struct sales_forecast *f, const struct sales_opp *d)
{
	const char *key;
	struct group *g;
	size_t need = 0, i, off;

	if (f->opt.nby == 1) {
		/* The common case needs no copy: the value is the key. */
		key = sales_group_value(d, f->opt.by[0]);
		need = strlen(key) + 1;
	} else {
		for (i = 0; i < f->opt.nby; i++)
			need += strlen(sales_group_value(d, f->opt.by[i])) + 1;
		if (key_room(f, need) != SALES_OK)
			return SALES_ENOMEM;
		for (i = 0, off = 0; i < f->opt.nby; i++) {
			const char *v = sales_group_value(d, f->opt.by[i]);
			size_t len = strlen(v) + 1;

			memcpy(f->keybuf + off, v, len);
			off += len;
		}
		key = f->keybuf != NULL ? f->keybuf : "";
	}
	if ((g = group_find(f, key, need)) == NULL)
		return SALES_ENOMEM;
	if (d->state == SALES_OPEN && d->close == SALES_DATE_NONE)
		count_unscheduled(f, 1, d->amount);
	return add_to(f, g, d);
}

/* Open deals with no close date: counted, their amount saturating. */
static void
count_unscheduled(struct sales_forecast *f, uint64_t n, int64_t amount)
{
	f->unscheduled += n;
	if (__builtin_add_overflow(f->unscheduled_amount, amount,
	    &f->unscheduled_amount))
		f->unscheduled_amount = amount > 0 ? INT64_MAX : INT64_MIN;
}

void
sales_forecast_unscheduled(const struct sales_forecast *f, uint64_t *n,
    int64_t *amount)
{
	*n = f->unscheduled;
	*amount = f->unscheduled_amount;
}

/*
 * Adds the sums of src into dst (the Total row is the merge of every
 * group).  SALES_EDATA when a sum would overflow.
 */
static int
merge_into(struct sales_forecast *f, struct group *dst,
    const struct group *src)
{
	size_t i;

	ADD(f, dst->overdue_deals, src->overdue_deals);
	ADD(f, dst->overdue_amount, src->overdue_amount);
	for (i = 0; i < f->opt.nhorizons; i++) {
		struct cell *a = &dst->cells[i];
		const struct cell *b = &src->cells[i];

		ADD(f, a->deals, b->deals);
		ADD(f, a->pipeline, b->pipeline);
		a->weighted += b->weighted;
		ADD(f, a->commit, b->commit);
		ADD(f, a->best_case, b->best_case);
	}
	return SALES_OK;
}

/* Orders groups by their values, one group column after the other. */
static int
cmp_group(const void *a, const void *b)
{
	const struct group *x = *(struct group *const *)a;
	const struct group *y = *(struct group *const *)b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);

	/* NUL separators sort before any byte, so this is part by part. */
	if (c != 0)
		return c;
	return x->keylen < y->keylen ? -1 : x->keylen > y->keylen;
}

/* Every group, in output order, in a new array of *n; NULL: no memory. */
static struct group **
sorted_groups(const struct sales_forecast *f, size_t *n)
{
	struct group **list, *g;
	size_t i;

	if ((list = malloc((f->ngroups + 1) * sizeof(*list))) == NULL)
		return NULL;
	*n = 0;
	for (i = 0; i < f->nbuckets; i++)
		for (g = f->table[i]; g != NULL; g = g->next)
			list[(*n)++] = g;
	qsort(list, *n, sizeof(*list), cmp_group);
	return list;
}

/* amount x ppm / 1e6, rounded half away from zero; -1 on overflow. */
static int
round_ppm(wide v, int64_t *out)
{
	wide q = v / SALES_PPM, r = v % SALES_PPM;

	if (r >= SALES_PPM / 2)
		q++;
	else if (r <= -SALES_PPM / 2)
		q--;
	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*out = (int64_t)q;
	return 0;
}

/* SALES_EDATA when a weighted sum of g does not fit 64-bit cents. */
static int
check_group(struct sales_forecast *f, const struct group *g)
{
	int64_t v;
	size_t h;

	for (h = 0; h < f->opt.nhorizons; h++) {
		if (round_ppm(g->cells[h].weighted, &v) != 0) {
			sales_fmt(f->err, sizeof(f->err), "weighted amount "
			    "beyond the range of 64-bit cents");
			return SALES_EDATA;
		}
	}
	return SALES_OK;
}

#define NFIXED	13	/* columns after the group columns */

static int
write_group(struct sales_forecast *f, struct sales_out *o,
    const struct group *g, int is_total, const struct sales_forecast_fill *fill)
{
	const char *cells[SALES_FORECAST_MAX_BY + NFIXED];
	char buf[13][SALES_MONEY_BUFSZ];
	int64_t v[5];
	const char *p = g->key;
	size_t i, nby = f->opt.nby, h;
	int64_t weighted;
	int rc;

	for (i = 0; i < nby; i++) {
		if (is_total) {
			cells[i] = i == 0 ? "Total" : "";
		} else {
			cells[i] = p;
			p += strlen(p) + 1;
		}
	}
	for (h = 0; h < f->opt.nhorizons; h++) {
		const struct cell *c = &g->cells[h];

		if (round_ppm(c->weighted, &weighted) != 0) {
			sales_fmt(f->err, sizeof(f->err), "weighted amount "
			    "beyond the range of 64-bit cents");
			return SALES_EDATA;
		}
		snprintf(buf[0], sizeof(buf[0]), "%d", f->opt.horizons[h]);
		snprintf(buf[1], sizeof(buf[1]), "%lld", (long long)c->deals);
		sales_money_format(c->pipeline, buf[2]);
		sales_money_format(weighted, buf[3]);
		sales_money_format(c->commit, buf[4]);
		sales_money_format(c->best_case, buf[5]);
		snprintf(buf[6], sizeof(buf[6]), "%lld",
		    (long long)g->overdue_deals);
		sales_money_format(g->overdue_amount, buf[7]);
		cells[nby + 0] = buf[0];
		cells[nby + 1] = buf[1];
		cells[nby + 2] = buf[2];
		cells[nby + 3] = buf[3];
		cells[nby + 4] = buf[4];
		cells[nby + 5] = buf[5];
		cells[nby + 6] = buf[6];
		cells[nby + 7] = buf[7];
		cells[nby + 8] = "";		/* new_business: history */
		cells[nby + 9] = buf[3];	/* expected = weighted */
		cells[nby + 10] = "";		/* p10, p50, p90: ranges */
		cells[nby + 11] = "";
		cells[nby + 12] = "";
		if (fill != NULL) {
			size_t k;

			if ((rc = fill->fn(fill->arg, g->key, g->keylen,
			    is_total, h, v)) != SALES_OK)
				return rc;
			for (k = 0; k < 5; k++) {
				sales_money_format(v[k], buf[8 + k]);
				cells[nby + 8 + k] = buf[8 + k];
			}
		}
		if ((rc = sales_out_row(o, cells)) != SALES_OK)
			return rc;
	}
	return SALES_OK;
}

int
sales_forecast_write(struct sales_forecast *f, struct sales_out *o)
{
	return sales_forecast_write_fill(f, o, NULL);
}

int
sales_forecast_write_fill(struct sales_forecast *f, struct sales_out *o,
    const struct sales_forecast_fill *fill)
{
	static const char *const fixed[NFIXED] = {
		"horizon", "deals", "pipeline", "weighted", "commit",
		"best_case", "overdue_deals", "overdue_amount", "new_business",
		"expected", "p10", "p50", "p90"
	};
	const char *names[SALES_FORECAST_MAX_BY + NFIXED];
	enum sales_coltype types[SALES_FORECAST_MAX_BY + NFIXED];
	struct group **list;
	size_t i, n = 0, nby = f->opt.nby;
	int rc;

	for (i = 0; i < nby; i++) {
		names[i] = groups[f->opt.by[i]].name;
		types[i] = SALES_COL_TEXT;
	}
	for (i = 0; i < NFIXED; i++) {
		names[nby + i] = fixed[i];
		types[nby + i] = SALES_COL_NUMBER;
	}
	if ((rc = sales_out_columns(o, nby + NFIXED, names, types)) !=
	    SALES_OK)
		return rc;
	if ((list = sorted_groups(f, &n)) == NULL)
		return SALES_ENOMEM;
	rc = SALES_OK;
	/*
	 * Sums and roundings are checked before the first row, so that an
	 * overflow never leaves half a report.
	 */
	if (f->opt.total && nby > 0)
		for (i = 0; i < n && rc == SALES_OK; i++)
			rc = merge_into(f, f->total, list[i]);
	for (i = 0; i < n && rc == SALES_OK; i++)
		rc = check_group(f, list[i]);
	if (rc == SALES_OK && f->opt.total && nby > 0)
		rc = check_group(f, f->total);
	for (i = 0; i < n && rc == SALES_OK; i++)
		rc = write_group(f, o, list[i], 0, fill);
	if (rc == SALES_OK && f->opt.total && nby > 0)
		rc = write_group(f, o, f->total, 1, fill);
	free(list);
	return rc;
}

int
sales_forecast_merge(struct sales_forecast *f, const struct sales_forecast *src)
{
	const struct group *g;
	struct group *dst;
	size_t b;
	int rc;

	count_unscheduled(f, src->unscheduled, src->unscheduled_amount);
	for (b = 0; b < src->nbuckets; b++)
		for (g = src->table[b]; g != NULL; g = g->next) {
			if ((dst = group_find(f, g->key, g->keylen)) == NULL)
				return SALES_ENOMEM;
			if ((rc = merge_into(f, dst, g)) != SALES_OK)
				return rc;
		}
	return SALES_OK;
}

/* Partial files: see sales_forecast.h. */

#define PARTIAL_FIXED	5	/* as_of, overdue and unscheduled columns */
#define PARTIAL_PER_H	5	/* columns per horizon */
#define PARTIAL_MAX	(PARTIAL_FIXED + SALES_FORECAST_MAX_BY + \
			    PARTIAL_PER_H * SALES_FORECAST_MAX_HORIZONS)
#define PARTIAL_NAMESZ	24	/* "weighted_ppm_3660" + NUL, with room */
#define WIDE_BUFSZ	42	/* a 128-bit integer in decimal, sign, NUL */

static const char *const per_h[PARTIAL_PER_H] = {
	"deals_", "pipeline_", "weighted_ppm_", "commit_", "best_case_"
};

/* The column names of a partial of f's options, into names/buf. */
static size_t
partial_names(const struct sales_forecast_options *o, const char **names,
    char buf[][PARTIAL_NAMESZ])
{
	static const char *const tail[] = {
		"overdue_deals", "overdue_amount", "unscheduled_deals",
		"unscheduled_amount"
	};
	size_t n = 0, i, h, k;

	names[n++] = "as_of";
	for (i = 0; i < o->nby; i++)
		names[n++] = groups[o->by[i]].name;
	for (i = 0; i < 4; i++)
		names[n++] = tail[i];
	for (h = 0, k = 0; h < o->nhorizons; h++)
		for (i = 0; i < PARTIAL_PER_H; i++, k++) {
			snprintf(buf[k], PARTIAL_NAMESZ, "%s%d", per_h[i],
			    o->horizons[h]);
			names[n++] = buf[k];
		}
	return n;
}

/* v in decimal into buf (WIDE_BUFSZ bytes); returns buf. */
static char *
wide_format(wide v, char *buf)
{
	char tmp[WIDE_BUFSZ];
	size_t n = 0, i = 0;
	int neg = v < 0;

	do {
		int d = (int)(v % 10);

		tmp[n++] = (char)('0' + (d < 0 ? -d : d));
		v /= 10;
	} while (v != 0);
	if (neg)
		buf[i++] = '-';
	while (n > 0)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}

/* A whole number s[0..len) within [min, max]; 0 on success, else -1. */
static int
wide_parse(const char *s, size_t len, wide min, wide max, wide *out)
{
	const wide lim = ((wide)INT64_MAX << 64) / 10;	/* far beyond */
	size_t i = 0;
	int neg = 0;
	wide v = 0;

	if (len > 0 && s[0] == '-') {
		neg = 1;
		i++;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > lim)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
sales_forecast_write_partial(struct sales_forecast *f, struct sales_out *o)
{
	const char *names[PARTIAL_MAX], *cells[PARTIAL_MAX];
	enum sales_coltype types[PARTIAL_MAX];
	char nbuf[PARTIAL_PER_H * SALES_FORECAST_MAX_HORIZONS][PARTIAL_NAMESZ];
	char vbuf[PARTIAL_MAX][WIDE_BUFSZ];
	char day[SALES_DATE_BUFSZ];
	struct group **list;
	size_t n, ng = 0, i, k, h, c;
	int rc = SALES_OK;

	n = partial_names(&f->opt, names, nbuf);
	for (i = 0; i < n; i++)
		types[i] = i > 0 && i <= f->opt.nby ? SALES_COL_TEXT :
		    SALES_COL_NUMBER;
	if ((rc = sales_out_columns(o, n, names, types)) != SALES_OK)
		return rc;
	if ((list = sorted_groups(f, &ng)) == NULL)
		return SALES_ENOMEM;
	cells[0] = sales_date_format(f->opt.as_of, day);
	for (k = 0; k < ng && rc == SALES_OK; k++) {
		const struct group *g = list[k];
		const char *p = g->key;

		c = 1;
		for (i = 0; i < f->opt.nby; i++) {
			cells[c++] = p;
			p += strlen(p) + 1;
		}
		snprintf(vbuf[c], WIDE_BUFSZ, "%lld",
		    (long long)g->overdue_deals);
		cells[c] = vbuf[c];
		c++;
		cells[c] = sales_money_format(g->overdue_amount, vbuf[c]);
		c++;
		/* The unscheduled deals ride on the first row. */
		snprintf(vbuf[c], WIDE_BUFSZ, "%llu", (unsigned long long)
		    (k == 0 ? f->unscheduled : 0));
		cells[c] = vbuf[c];
		c++;
		cells[c] = sales_money_format(k == 0 ?
		    f->unscheduled_amount : 0, vbuf[c]);
		c++;
		for (h = 0; h < f->opt.nhorizons; h++) {
			const struct cell *x = &g->cells[h];

			snprintf(vbuf[c], WIDE_BUFSZ, "%lld",
			    (long long)x->deals);
			cells[c] = vbuf[c];
			c++;
			cells[c] = sales_money_format(x->pipeline, vbuf[c]);
			c++;
			cells[c] = wide_format(x->weighted, vbuf[c]);
			c++;
			cells[c] = sales_money_format(x->commit, vbuf[c]);
			c++;
			cells[c] = sales_money_format(x->best_case, vbuf[c]);
			c++;
		}
		rc = sales_out_row(o, cells);
	}
	free(list);
	return rc;
}

int
sales_forecast_partial_options(const struct sales_row *hdr,
    struct sales_forecast_options *o, const char **why)
{
	struct sales_forecast_options t;
	const char *names[PARTIAL_MAX];
	char nbuf[PARTIAL_PER_H * SALES_FORECAST_MAX_HORIZONS][PARTIAL_NAMESZ];
	size_t i, k, nby, nh, n;

	*why = "is not that of a partial forecast (made with --partial)";
	if (hdr->nfields < PARTIAL_FIXED ||
	    strcmp(hdr->fields[0], "as_of") != 0)
		return SALES_EDATA;
	memset(&t, 0, sizeof(t));
	for (nby = 0; 1 + nby < hdr->nfields; nby++) {
		const char *name = hdr->fields[1 + nby];

		for (k = 0; k < NGROUPKINDS; k++)
			if (strcmp(groups[k].name, name) == 0)
				break;
		if (k == NGROUPKINDS)
			break;
		if (nby == SALES_FORECAST_MAX_BY)
			return SALES_EDATA;
		t.by[nby] = (enum sales_group)k;
	}
	t.nby = nby;
	if ((hdr->nfields - PARTIAL_FIXED - nby) % PARTIAL_PER_H != 0)
		return SALES_EDATA;
	nh = (hdr->nfields - PARTIAL_FIXED - nby) / PARTIAL_PER_H;
	if (nh == 0 || nh > SALES_FORECAST_MAX_HORIZONS)
		return SALES_EDATA;
	for (i = 0; i < nh; i++) {
		const char *name = hdr->fields[PARTIAL_FIXED + nby +
		    PARTIAL_PER_H * i];
		char *end;
		long v;

		if (strncmp(name, "deals_", 6) != 0 || name[6] < '1' ||
		    name[6] > '9')
			return SALES_EDATA;
		v = strtol(name + 6, &end, 10);
		if (*end != '\0' || v > 3660 ||
		    (i > 0 && v <= t.horizons[i - 1]))
			return SALES_EDATA;
		t.horizons[i] = (int)v;
	}
	t.nhorizons = nh;
	/* Every name where it belongs, and no group column twice. */
	n = partial_names(&t, names, nbuf);
	for (i = 0; i < n; i++)
		if (strcmp(names[i], hdr->fields[i]) != 0)
			return SALES_EDATA;
	for (i = 0; i < nby; i++)
		for (k = 0; k < i; k++)
			if (t.by[i] == t.by[k])
				return SALES_EDATA;
	memcpy(o->by, t.by, sizeof(o->by));
	o->nby = t.nby;
	memcpy(o->horizons, t.horizons, sizeof(o->horizons));
	o->nhorizons = t.nhorizons;
	return SALES_OK;
}

/* The error of field i of a partial row: its column and value. */
static int
partial_bad(struct sales_forecast *f, const struct sales_row *row, size_t i,
    const char *what)
{
	const char *names[PARTIAL_MAX];
	char nbuf[PARTIAL_PER_H * SALES_FORECAST_MAX_HORIZONS][PARTIAL_NAMESZ];

	(void)partial_names(&f->opt, names, nbuf);
	sales_fmt(f->err, sizeof(f->err), "%s: \"%.64s\" %s", names[i],
	    row->fields[i], what);
	return SALES_EDATA;
}

/* A count (0 .. INT64_MAX) or an amount of field i into *v. */
static int
partial_field(struct sales_forecast *f, const struct sales_row *row,
    size_t i, int money, int64_t *v)
{
	const char *why;
	wide w;

	if (money) {
		if (sales_money_parse(row->fields[i], row->lens[i], 0, v,
		    &why) != SALES_OK)
			return partial_bad(f, row, i, why);
		return SALES_OK;
	}
	if (wide_parse(row->fields[i], row->lens[i], 0, INT64_MAX, &w) != 0)
		return partial_bad(f, row, i, "is not a count");
	*v = (int64_t)w;
	return SALES_OK;
}

int
sales_forecast_add_partial(struct sales_forecast *f,
    const struct sales_row *row)
{
	const wide wmax = ((wide)INT64_MAX + 1) * SALES_PPM * 4;
	size_t nby = f->opt.nby, i, h, c, need = 0, off = 0;
	int64_t un_deals, un_amount;
	struct group *g, *src;
	const char *why;
	int32_t day;
	int rc;

	if (row->nfields != PARTIAL_FIXED + nby +
	    PARTIAL_PER_H * f->opt.nhorizons) {
		sales_fmt(f->err, sizeof(f->err), "%zu fields where the "
		    "header has %zu", row->nfields, PARTIAL_FIXED + nby +
		    PARTIAL_PER_H * f->opt.nhorizons);
		return SALES_EDATA;
	}
	if (sales_date_parse(row->fields[0], row->lens[0], SALES_DATE_MDY,
	    &day, &why) != SALES_OK)
		return partial_bad(f, row, 0, why);
	if (day != f->opt.as_of) {
		char want[SALES_DATE_BUFSZ];

		sales_fmt(f->err, sizeof(f->err), "a partial made as of %s, "
		    "not %s (--as-of)", row->fields[0],
		    sales_date_format(f->opt.as_of, want));
		return SALES_EDATA;
	}
	/* The group key: the values joined by NUL bytes. */
	for (i = 0; i < nby; i++)
		need += row->lens[1 + i] + 1;
	if (key_room(f, need) != SALES_OK)
		return SALES_ENOMEM;
	for (i = 0; i < nby; i++) {
		memcpy(f->keybuf + off, row->fields[1 + i], row->lens[1 + i]);
		off += row->lens[1 + i];
		f->keybuf[off++] = '\0';
	}
	/* The row's sums, into a group of their own first. */
	if ((src = calloc(1, sizeof(*src) + f->opt.nhorizons *
	    sizeof(src->cells[0]))) == NULL)
		return SALES_ENOMEM;
	c = 1 + nby;
	if ((rc = partial_field(f, row, c, 0, &src->overdue_deals)) !=
	    SALES_OK ||
	    (rc = partial_field(f, row, c + 1, 1, &src->overdue_amount)) !=
	    SALES_OK ||
	    (rc = partial_field(f, row, c + 2, 0, &un_deals)) != SALES_OK ||
	    (rc = partial_field(f, row, c + 3, 1, &un_amount)) != SALES_OK)
		goto out;
	c += 4;
	for (h = 0; h < f->opt.nhorizons; h++, c += PARTIAL_PER_H) {
		struct cell *x = &src->cells[h];

		if ((rc = partial_field(f, row, c, 0, &x->deals)) !=
		    SALES_OK ||
		    (rc = partial_field(f, row, c + 1, 1, &x->pipeline)) !=
		    SALES_OK ||
		    (rc = partial_field(f, row, c + 3, 1, &x->commit)) !=
		    SALES_OK ||
		    (rc = partial_field(f, row, c + 4, 1, &x->best_case)) !=
		    SALES_OK)
			goto out;
		if (wide_parse(row->fields[c + 2], row->lens[c + 2], -wmax,
		    wmax, &x->weighted) != 0) {
			rc = partial_bad(f, row, c + 2, "is not a weighted sum "
			    "in millionths of a cent");
			goto out;
		}
	}
	rc = SALES_ENOMEM;
	if ((g = group_find(f, nby > 0 ? f->keybuf : "", need)) == NULL)
		goto out;
	count_unscheduled(f, (uint64_t)un_deals, un_amount);
	rc = merge_into(f, g, src);
out:
	free(src);
	return rc;
}

const char *
sales_forecast_error(const struct sales_forecast *f)
{
	return f->err;
}

void
sales_forecast_free(struct sales_forecast *f)
{
	struct group *g, *next;
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; f->table != NULL && i < f->nbuckets; i++) {
		for (g = f->table[i]; g != NULL; g = next) {
			next = g->next;
			free(g);
		}
	}
	free(f->table);
	free(f->total);
	free(f->keybuf);
	sales_arena_fini(&f->arena);
	free(f);
}
