/*
 * goal.c - goals against results: attainment, pace, coverage,
 * projection and status per goal, roll-ups by team, manager or for
 * everyone, and a weighted scorecard per owner (goal-score).
 *
 * Deals are not kept: each is added at once to the accumulator of its
 * owner for every goal window it falls in, so memory grows with owners x
 * windows.  Metrics, forecast and roster rows are small summaries and
 * are kept as read.
 */
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

__extension__ typedef __int128 wide;

#define ERRSZ	512
#define CELLSZ	48

enum kind { K_MONEY, K_COUNT, K_PCT };

/* Canonical columns of each input. */
enum { G_OWNER, G_PERIOD, G_TARGET, G_METRIC, G_WEIGHT, G_N };
enum { M_OWNER, M_METRIC, M_DATE, M_VALUE, M_KIND, M_N };
enum { F_OWNER, F_HORIZON, F_EXPECTED, F_N };
enum { R_REP, R_MANAGER, R_TEAM, R_START, R_END, R_N };

static const char *const goal_cols[G_N] = {
	"owner", "period", "target", "metric", "weight"
};
static const struct sales_alias goal_aliases[] = {
	{ G_OWNER, 1, "rep" },
	{ G_OWNER, 1, "name" },
	{ G_TARGET, 1, "quota" },
	{ G_TARGET, 1, "goal" },
};
static const char *const metric_cols[M_N] = {
	"owner", "metric", "date", "value", "kind"
};
static const struct sales_alias metric_aliases[] = {
	{ M_OWNER, 1, "rep" },
};
static const char *const fc_cols[F_N] = { "owner", "horizon", "expected" };
static const char *const roster_cols[R_N] = {
	"rep", "manager", "team", "start_date", "end_date"
};
static const struct sales_alias roster_aliases[] = {
	{ R_REP, 1, "owner" },
	{ R_REP, 1, "name" },
	{ R_START, 1, "start" },
	{ R_END, 1, "end" },
};

static const struct sales_schema schemas[SALES_GOAL_NINPUTS] = {
	{ goal_cols, G_N, goal_aliases,
	    sizeof(goal_aliases) / sizeof(goal_aliases[0]) },
	{ metric_cols, M_N, metric_aliases,
	    sizeof(metric_aliases) / sizeof(metric_aliases[0]) },
	{ fc_cols, F_N, NULL, 0 },
	{ roster_cols, R_N, roster_aliases,
	    sizeof(roster_aliases) / sizeof(roster_aliases[0]) },
};
static const uint64_t required[SALES_GOAL_NINPUTS] = {
	(1u << G_OWNER) | (1u << G_PERIOD) | (1u << G_TARGET),
	(1u << M_OWNER) | (1u << M_METRIC) | (1u << M_DATE) | (1u << M_VALUE),
	(1u << F_OWNER) | (1u << F_HORIZON) | (1u << F_EXPECTED),
	(1u << R_REP),
};

/* What one owner achieved in one window, from the deals. */
struct acc {
	int64_t	won;
	int64_t	pipeline;
	wide	weighted;	/* cents x ppm */
	int64_t	deals_won;	/* hundredths */
};

struct owner {
	const char	*name;
	const char	*team;		/* roster; "" */
	const char	*manager;
	int32_t		 start;		/* roster start_date or NONE */
	int32_t		 end;		/* roster end_date or NONE */
	int		 in_roster;
	int		 real;		/* not only in the forecast */
	struct acc	*acc;		/* [nwin] once deals arrive */
};

struct window {
	int32_t	first;
	int32_t	last;
};

struct goal {
	size_t		 owner;
	const char	*period;	/* as shown */
	const char	*metric;
	size_t		 win;
	int64_t		 target;	/* for the window */
	int64_t		 weight;	/* hundredths */
	int		 prorated;
};

struct metric {
	size_t		 owner;
	const char	*name;
	int32_t		 date;
	int64_t		 value;
	int		 pct;
};

struct fcrow {
	size_t	owner;
	int	horizon;
	int64_t	expected;
};

struct account {
	const char	*name;
	int32_t		 first_won;
	size_t		 owner;
	uint64_t	 at;		/* order key of the deal that set them */
};

#define LINE_MASK	(((uint64_t)1 << 40) - 1)

/* A string -> index map (open addressing); keys live in the arena. */
struct strmap {
	size_t		*slot;		/* index + 1; 0 empty */
	size_t		 cap;
	size_t		 n;
};

struct sales_goal {
	struct sales_goal_options	 opt;
	struct sales_arena		 arena;
	const char			*file[SALES_GOAL_NINPUTS];
	int				 index[SALES_GOAL_NINPUTS][8];
	struct owner			*owners;
	size_t				 nowners, capowners;
	struct strmap			 owner_map;
	struct window			*win;
	size_t				 nwin, capwin;
	struct goal			*goals;
	size_t				 ngoals, capgoals;
	struct metric			*metrics;
	size_t				 nmetrics, capmetrics;
	struct fcrow			*fc;
	size_t				 nfc, capfc;
	int				 have_fc;
	struct account			*accounts;
	size_t				 naccounts, capaccounts;
	struct strmap			 account_map;
	int				 deals_started;
	char				 currency[16];
	uint64_t			 currency_line;
	uint64_t			 currency_at;	/* order key */
	uint64_t			 seq;		/* input << 40 */
	char				 err[ERRSZ];
};

/* One output row before sorting. */
struct orow {
	const char	*key;
	const char	*period;
	int32_t		 first;
	const char	*metric;
	char		 cell[16][CELLSZ];
	int		 offtrack;
	int		 has_proj;
	int64_t		 proj;		/* tenths of a percent */
	int64_t		 weight;
};

struct score {
	enum kind	kind;
	int64_t		target;
	int64_t		value;
	int		has_value;
	int64_t		pipeline;
	int64_t		expected;
	int		has_expected;
	int32_t		first, last, start;
	int32_t		stop;		/* last day the owner counts */
	char		note[200];
};

static int	grow(void **, size_t *, size_t, size_t);
static int	map_find(struct sales_goal *, struct strmap *, const void *,
		    size_t, const char *, size_t, size_t *);
static int	owner_index(struct sales_goal *, const char *, size_t,
		    size_t *);
static int	bad(struct sales_goal *, enum sales_goal_input,
		    const struct sales_row *, int, const char *);
static const char *cell(struct sales_goal *, enum sales_goal_input,
		    const struct sales_row *, int, size_t *);
static int	add_goal(struct sales_goal *, const struct sales_row *);
static int	add_metric(struct sales_goal *, const struct sales_row *);
static int	add_fc(struct sales_goal *, const struct sales_row *);
static int	add_roster(struct sales_goal *, const struct sales_row *);
static int64_t	rdiv(wide, wide);
static void	pct_cell(char *, wide, wide, int);
static enum kind metric_kind(struct sales_goal *, const char *);
static int	metric_in_file(struct sales_goal *, const char *);
static int	expected_of(struct sales_goal *, size_t, const struct window *,
		    int64_t *, char *, size_t);
static void	fill(struct sales_goal *, struct score *, struct orow *);
static int	score_goal(struct sales_goal *, const struct goal *,
		    struct score *);
static int	group_match(struct sales_goal *, size_t, const char *);
static int	group_goal(struct sales_goal *, size_t);
static int	add_checked(int64_t *, int64_t);
static int	orow_cmp(const void *, const void *);

struct sales_goal *
sales_goal_new(const struct sales_goal_options *o)
{
	struct sales_goal *g;

	if ((g = calloc(1, sizeof(*g))) == NULL)
		return NULL;
	g->opt = *o;
	if (g->opt.fiscal_start < 1 || g->opt.fiscal_start > 12)
		g->opt.fiscal_start = 1;
	return g;
}

void
sales_goal_free(struct sales_goal *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->nowners; i++)
		free(g->owners[i].acc);
	free(g->owners);
	free(g->owner_map.slot);
	free(g->account_map.slot);
	free(g->win);
	free(g->goals);
	free(g->metrics);
	free(g->fc);
	free(g->accounts);
	sales_arena_fini(&g->arena);
	free(g);
}

const char *
sales_goal_error(const struct sales_goal *g)
{
	return g->err;
}

/* Makes room for one more element of size sz in *p (n used, *cap). */
static int
grow(void **p, size_t *cap, size_t n, size_t sz)
{
	void *np;
	size_t nc;

	if (n < *cap)
		return SALES_OK;
	nc = *cap == 0 ? 16 : *cap * 2;
	if ((np = realloc(*p, nc * sz)) == NULL)
		return SALES_ENOMEM;
	*p = np;
	*cap = nc;
	return SALES_OK;
}

/*
 * Finds key s[0..len) in m, whose entries are elements of base (stride
 * sz) whose first member is the const char * key.  *idx receives the
 * index; SALES_EOF when absent (then *idx is where to insert: the map is
 * updated by the caller through map_put semantics below).
 */
static int
map_find(struct sales_goal *g, struct strmap *m, const void *base,
    size_t sz, const char *s, size_t len, size_t *idx)
{
	size_t h, i, n;

	(void)g;
	if (m->cap == 0) {
		*idx = 0;
		return SALES_EOF;
	}
	h = (size_t)sales_hash(s, len, 0);
	for (i = h & (m->cap - 1); m->slot[i] != 0; i = (i + 1) & (m->cap - 1)) {
		const char *k = *(const char *const *)(const void *)
		    ((const char *)base + (m->slot[i] - 1) * sz);

		if (strlen(k) == len && memcmp(k, s, len) == 0) {
			*idx = m->slot[i] - 1;
			return SALES_OK;
		}
	}
	n = i;
	*idx = n;
	return SALES_EOF;
}

/* Inserts element index v for key s in m (rehashing when full). */
static int
map_put(struct strmap *m, const void *base, size_t sz, size_t v)
{
	size_t i, j, nc;
	size_t *ns;

	if ((m->n + 1) * 2 > m->cap) {
		nc = m->cap == 0 ? 64 : m->cap * 2;
		if ((ns = calloc(nc, sizeof(*ns))) == NULL)
			return SALES_ENOMEM;
		for (j = 0; j < m->cap; j++) {
			const char *k;

			if (m->slot[j] == 0)
				continue;
			k = *(const char *const *)(const void *)
			    ((const char *)base + (m->slot[j] - 1) * sz);
			i = (size_t)sales_hash(k, strlen(k), 0) & (nc - 1);
			while (ns[i] != 0)
				i = (i + 1) & (nc - 1);
			ns[i] = m->slot[j];
		}
		free(m->slot);
		m->slot = ns;
		m->cap = nc;
	}
	{
		const char *k = *(const char *const *)(const void *)
		    ((const char *)base + v * sz);

		i = (size_t)sales_hash(k, strlen(k), 0) & (m->cap - 1);
		while (m->slot[i] != 0)
			i = (i + 1) & (m->cap - 1);
		m->slot[i] = v + 1;
		m->n++;
	}
	return SALES_OK;
}

/* The index of owner s[0..len), added when new. */
static int
owner_index(struct sales_goal *g, const char *s, size_t len, size_t *idx)
{
	struct owner *o;
	char *name;

	if (map_find(g, &g->owner_map, g->owners, sizeof(*g->owners), s, len,
	    idx) == SALES_OK)
		return SALES_OK;
	if (grow((void **)&g->owners, &g->capowners, g->nowners,
	    sizeof(*g->owners)) != SALES_OK ||
	    (name = sales_arena_strndup(&g->arena, s, len)) == NULL)
		return SALES_ENOMEM;
	o = &g->owners[g->nowners];
	memset(o, 0, sizeof(*o));
	o->name = name;
	o->team = o->manager = "";
	o->start = o->end = SALES_DATE_NONE;
	if (g->deals_started &&
	    (o->acc = calloc(g->nwin ? g->nwin : 1, sizeof(*o->acc))) == NULL)
		return SALES_ENOMEM;
	*idx = g->nowners++;
	return map_put(&g->owner_map, g->owners, sizeof(*g->owners), *idx);
}

int
sales_goal_bind(struct sales_goal *g, enum sales_goal_input kind,
    struct sales_csv *csv, const struct sales_map *map, size_t nmap)
{
	const struct sales_row *hdr;
	char msg[ERRSZ];
	int rc;

	g->err[0] = '\0';
	if ((rc = sales_csv_header(csv, &hdr)) != SALES_OK) {
		sales_fmt(g->err, sizeof(g->err), "%s", sales_csv_error(csv));
		return rc;
	}
	rc = sales_schema_bind(&schemas[kind], hdr, required[kind], map, nmap,
	    g->index[kind], msg, sizeof(msg));
	if (rc != SALES_OK) {
		sales_fmt(g->err, sizeof(g->err), "%s: %s",
		    sales_csv_name(csv), msg);
		return rc;
	}
	if ((g->file[kind] = sales_arena_strndup(&g->arena,
	    sales_csv_name(csv), strlen(sales_csv_name(csv)))) == NULL)
		return SALES_ENOMEM;
	return SALES_OK;
}

/* The trimmed cell of canonical column col ("" when absent). */
static const char *
cell(struct sales_goal *g, enum sales_goal_input kind,
    const struct sales_row *row, int col, size_t *len)
{
	int i = g->index[kind][col];

	if (i < 0) {
		*len = 0;
		return "";
	}
	*len = row->lens[i];
	return sales_trim(row->fields[i], len);
}

static int
bad(struct sales_goal *g, enum sales_goal_input kind,
    const struct sales_row *row, int col, const char *why)
{
	const char *v;
	size_t len;

	v = cell(g, kind, row, col, &len);
	sales_fmt(g->err, sizeof(g->err), "%s:%llu: column \"%s\": \"%.*s\" %s",
	    g->file[kind], (unsigned long long)row->line,
	    schemas[kind].columns[col], len > 64 ? 64 : (int)len, v, why);
	return SALES_EDATA;
}

int
sales_goal_add(struct sales_goal *g, enum sales_goal_input kind,
    const struct sales_row *row)
{
	g->err[0] = '\0';
	switch (kind) {
	case SALES_GOAL_GOALS:
		if (g->deals_started)
			return SALES_EUSAGE;
		return add_goal(g, row);
	case SALES_GOAL_METRICS:
		return add_metric(g, row);
	case SALES_GOAL_FORECAST:
		return add_fc(g, row);
	case SALES_GOAL_ROSTER:
		if (g->deals_started)
			return SALES_EUSAGE;
		return add_roster(g, row);
	default:
		return SALES_EUSAGE;
	}
}

/* Parses a non-negative amount or number into hundredths. */
static int
number(struct sales_goal *g, const char *v, size_t len, int64_t *out,
    const char **why)
{
	return sales_money_parse(v, len, g->opt.money_flags, out, why);
}

static int
add_goal(struct sales_goal *g, const struct sales_row *row)
{
	struct sales_period p, u;
	struct goal *gl;
	const char *v, *why;
	size_t len, i, oi;
	int64_t target, weight = 100;
	int32_t days, a, b;
	char *metric;
	int rc;

	(void)cell(g, SALES_GOAL_GOALS, row, G_OWNER, &len);
	if (len == 0)
		return bad(g, SALES_GOAL_GOALS, row, G_OWNER, "is empty");
	v = cell(g, SALES_GOAL_GOALS, row, G_PERIOD, &len);
	{
		char buf[64];

		if (len >= sizeof(buf))
			return bad(g, SALES_GOAL_GOALS, row, G_PERIOD,
			    "is not a period");
		memcpy(buf, v, len);
		buf[len] = '\0';
		if (sales_period_parse(buf, g->opt.fiscal_start, &p, &why) !=
		    SALES_OK)
			return bad(g, SALES_GOAL_GOALS, row, G_PERIOD, why);
	}
	v = cell(g, SALES_GOAL_GOALS, row, G_TARGET, &len);
	if (number(g, v, len, &target, &why) != SALES_OK)
		return bad(g, SALES_GOAL_GOALS, row, G_TARGET,
		    why[0] == 'i' && strcmp(why, "is not an amount") == 0 ?
		    "is not a number" : why);
	if (target < 0)
		return bad(g, SALES_GOAL_GOALS, row, G_TARGET, "is negative");
	v = cell(g, SALES_GOAL_GOALS, row, G_WEIGHT, &len);
	if (len > 0) {
		if (number(g, v, len, &weight, &why) != SALES_OK)
			return bad(g, SALES_GOAL_GOALS, row, G_WEIGHT,
			    "is not a number");
		if (weight < 0)
			return bad(g, SALES_GOAL_GOALS, row, G_WEIGHT,
			    "is negative");
	}
	if (g->opt.has_period && (p.first != g->opt.period.first ||
	    p.last != g->opt.period.last))
		return SALES_OK;	/* another period: not scored */
	u = p;
	if (g->opt.to_date) {
		sales_period_of(g->opt.as_of, g->opt.to_date_unit,
		    g->opt.fiscal_start, &u);
		a = p.first > u.first ? p.first : u.first;
		b = p.last < u.last ? p.last : u.last;
		if (a > b)
			return SALES_OK;	/* outside the view */
		days = p.last - p.first + 1;
		if (a != p.first || b != p.last)
			target = rdiv((wide)target * (b - a + 1), days);
		/* The window is the part of the goal's period in view. */
		u.first = a;
		u.last = b;
	}

	for (i = 0; i < g->nwin; i++)
		if (g->win[i].first == u.first && g->win[i].last == u.last)
			break;
	if (i == g->nwin) {
		if (grow((void **)&g->win, &g->capwin, g->nwin,
		    sizeof(*g->win)) != SALES_OK)
			return SALES_ENOMEM;
		g->win[g->nwin].first = u.first;
		g->win[g->nwin].last = u.last;
		g->nwin++;
	}
	if (grow((void **)&g->goals, &g->capgoals, g->ngoals,
	    sizeof(*g->goals)) != SALES_OK)
		return SALES_ENOMEM;
	v = cell(g, SALES_GOAL_GOALS, row, G_OWNER, &len);
	if ((rc = owner_index(g, v, len, &oi)) != SALES_OK)
		return rc;
	g->owners[oi].real = 1;
	gl = &g->goals[g->ngoals];
	memset(gl, 0, sizeof(*gl));
	gl->owner = oi;
	gl->win = i;
	gl->target = target;
	gl->weight = weight;
	gl->prorated = g->opt.to_date &&
	    (u.first != p.first || u.last != p.last);
	v = cell(g, SALES_GOAL_GOALS, row, G_METRIC, &len);
	if (len == 0) {
		v = "revenue";
		len = 7;
	}
	if ((metric = sales_arena_strndup(&g->arena, v, len)) == NULL)
		return SALES_ENOMEM;
	for (i = 0; i < len; i++)
		metric[i] = (char)sales_lower((unsigned char)metric[i]);
	gl->metric = metric;
	if (g->opt.to_date) {
		char b1[SALES_DATE_BUFSZ], b2[SALES_DATE_BUFSZ], buf[32];

		sales_fmt(buf, sizeof(buf), "%s..%s",
		    sales_date_format(u.first, b1), sales_date_format(u.last, b2));
		gl->period = sales_arena_strndup(&g->arena, buf, strlen(buf));
	} else {
		v = cell(g, SALES_GOAL_GOALS, row, G_PERIOD, &len);
		gl->period = sales_arena_strndup(&g->arena, v, len);
	}
	if (gl->period == NULL)
		return SALES_ENOMEM;
	g->ngoals++;
	return SALES_OK;
}

int
sales_goal_metric_is_pct(const char *name)
{
	static const char *const sfx[] = {
		"_pct", "_compliance", "_coverage", "_rate", "_accuracy"
	};
	size_t i, n = strlen(name), k;

	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		k = strlen(sfx[i]);
		if (n >= k && strcmp(name + n - k, sfx[i]) == 0)
			return 1;
	}
	return 0;
}

static int
add_metric(struct sales_goal *g, const struct sales_row *row)
{
	struct metric *m;
	const char *v, *why;
	size_t len, i, oi;
	char *name;
	int32_t date;
	int64_t value;
	int pct, rc;

	(void)cell(g, SALES_GOAL_METRICS, row, M_OWNER, &len);
	if (len == 0)
		return bad(g, SALES_GOAL_METRICS, row, M_OWNER, "is empty");
	(void)cell(g, SALES_GOAL_METRICS, row, M_METRIC, &len);
	if (len == 0)
		return bad(g, SALES_GOAL_METRICS, row, M_METRIC, "is empty");
	v = cell(g, SALES_GOAL_METRICS, row, M_DATE, &len);
	if (sales_date_parse(v, len, g->opt.date_order, &date, &why) !=
	    SALES_OK)
		return bad(g, SALES_GOAL_METRICS, row, M_DATE, why);
	v = cell(g, SALES_GOAL_METRICS, row, M_VALUE, &len);
	if (number(g, v, len, &value, &why) != SALES_OK)
		return bad(g, SALES_GOAL_METRICS, row, M_VALUE,
		    strcmp(why, "is not an amount") == 0 ? "is not a number" :
		    why);
	v = cell(g, SALES_GOAL_METRICS, row, M_KIND, &len);
	if (len == 0)
		pct = -1;
	else if (sales_ieq(v, len, "pct") || sales_ieq(v, len, "percent"))
		pct = 1;
	else if (sales_ieq(v, len, "count"))
		pct = 0;
	else
		return bad(g, SALES_GOAL_METRICS, row, M_KIND,
		    "is not a kind (count, pct)");
	if (grow((void **)&g->metrics, &g->capmetrics, g->nmetrics,
	    sizeof(*g->metrics)) != SALES_OK)
		return SALES_ENOMEM;
	v = cell(g, SALES_GOAL_METRICS, row, M_OWNER, &len);
	if ((rc = owner_index(g, v, len, &oi)) != SALES_OK)
		return rc;
	v = cell(g, SALES_GOAL_METRICS, row, M_METRIC, &len);
	if ((name = sales_arena_strndup(&g->arena, v, len)) == NULL)
		return SALES_ENOMEM;
	for (i = 0; i < len; i++)
		name[i] = (char)sales_lower((unsigned char)name[i]);
	if (pct < 0)
		pct = sales_goal_metric_is_pct(name);
	g->owners[oi].real = 1;
	m = &g->metrics[g->nmetrics++];
	m->owner = oi;
	m->name = name;
	m->date = date;
	m->value = value;
	m->pct = pct;
	return SALES_OK;
}

static int
add_fc(struct sales_goal *g, const struct sales_row *row)
{
	const char *v, *why;
	size_t len, oi;
	int64_t exp;
	long h;
	char buf[16], *end;
	int rc;

	v = cell(g, SALES_GOAL_FORECAST, row, F_HORIZON, &len);
	if (len == 0 || len >= sizeof(buf))
		return bad(g, SALES_GOAL_FORECAST, row, F_HORIZON,
		    "is not a number of days");
	memcpy(buf, v, len);
	buf[len] = '\0';
	h = strtol(buf, &end, 10);
	if (*end != '\0' || h < 1 || h > 100000)
		return bad(g, SALES_GOAL_FORECAST, row, F_HORIZON,
		    "is not a number of days");
	v = cell(g, SALES_GOAL_FORECAST, row, F_EXPECTED, &len);
	if (sales_money_parse(v, len, g->opt.money_flags, &exp, &why) !=
	    SALES_OK)
		return bad(g, SALES_GOAL_FORECAST, row, F_EXPECTED, why);
	v = cell(g, SALES_GOAL_FORECAST, row, F_OWNER, &len);
	if ((rc = owner_index(g, v, len, &oi)) != SALES_OK)
		return rc;
	if (grow((void **)&g->fc, &g->capfc, g->nfc, sizeof(*g->fc)) !=
	    SALES_OK)
		return SALES_ENOMEM;
	g->fc[g->nfc].owner = oi;
	g->fc[g->nfc].horizon = (int)h;
	g->fc[g->nfc].expected = exp;
	g->nfc++;
	g->have_fc = 1;
	return SALES_OK;
}

static int
add_roster(struct sales_goal *g, const struct sales_row *row)
{
	struct owner *o;
	const char *v, *why;
	size_t len, oi;
	int32_t start = SALES_DATE_NONE, end = SALES_DATE_NONE;
	int rc;

	(void)cell(g, SALES_GOAL_ROSTER, row, R_REP, &len);
	if (len == 0)
		return bad(g, SALES_GOAL_ROSTER, row, R_REP, "is empty");
	v = cell(g, SALES_GOAL_ROSTER, row, R_START, &len);
	if (len > 0 && sales_date_parse(v, len, g->opt.date_order, &start,
	    &why) != SALES_OK)
		return bad(g, SALES_GOAL_ROSTER, row, R_START, why);
	v = cell(g, SALES_GOAL_ROSTER, row, R_END, &len);
	if (len > 0 && sales_date_parse(v, len, g->opt.date_order, &end,
	    &why) != SALES_OK)
		return bad(g, SALES_GOAL_ROSTER, row, R_END, why);
	if (start != SALES_DATE_NONE && end != SALES_DATE_NONE && end < start)
		return bad(g, SALES_GOAL_ROSTER, row, R_END,
		    "is before start_date");
	v = cell(g, SALES_GOAL_ROSTER, row, R_REP, &len);
	if ((rc = owner_index(g, v, len, &oi)) != SALES_OK)
		return rc;
	o = &g->owners[oi];
	o->real = 1;
	o->in_roster = 1;
	o->start = start;
	o->end = end;
	v = cell(g, SALES_GOAL_ROSTER, row, R_TEAM, &len);
	if ((o->team = sales_arena_strndup(&g->arena, v, len)) == NULL)
		return SALES_ENOMEM;
	v = cell(g, SALES_GOAL_ROSTER, row, R_MANAGER, &len);
	if ((o->manager = sales_arena_strndup(&g->arena, v, len)) == NULL)
		return SALES_ENOMEM;
	return SALES_OK;
}

/* Starts the deal phase: every owner gets an accumulator per window. */
static int
start_deals(struct sales_goal *g)
{
	size_t i;

	g->deals_started = 1;
	for (i = 0; i < g->nowners; i++)
		if (g->owners[i].acc == NULL && (g->owners[i].acc =
		    calloc(g->nwin ? g->nwin : 1, sizeof(struct acc))) == NULL)
			return SALES_ENOMEM;
	return SALES_OK;
}

static int
add_checked(int64_t *sum, int64_t v)
{
	if ((v > 0 && *sum > INT64_MAX - v) || (v < 0 && *sum < INT64_MIN - v))
		return SALES_EDATA;
	*sum += v;
	return SALES_OK;
}

int
sales_goal_add_opp(struct sales_goal *g, const char *file,
    const struct sales_opp *d)
{
	struct acc *a;
	size_t oi, i, len;
	const char *cur;
	int32_t to;
	int rc;

	g->err[0] = '\0';
	if (!g->deals_started && (rc = start_deals(g)) != SALES_OK)
		return rc;
	cur = d->currency != NULL ? d->currency : "";
	len = strlen(cur);
	cur = sales_trim(cur, &len);
	if (len > 0) {
		if (g->currency[0] == '\0') {
			sales_fmt(g->currency, sizeof(g->currency), "%.*s",
			    (int)len, cur);
			g->currency_line = d->line;
			g->currency_at = g->seq | (d->line & LINE_MASK);
		} else if (strlen(g->currency) != len ||
		    memcmp(g->currency, cur, len) != 0) {
			sales_fmt(g->err, sizeof(g->err), "%s:%llu: column "
			    "\"currency\": \"%.*s\" differs from \"%s\" (line "
			    "%llu); convert the amounts to one currency first",
			    file, (unsigned long long)d->line,
			    len > 15 ? 15 : (int)len, cur, g->currency,
			    (unsigned long long)g->currency_line);
			return SALES_EDATA;
		}
	}
	if (d->state == SALES_LOST || d->close == SALES_DATE_NONE)
		return SALES_OK;
	/* Names are matched as in the goals file: trimmed. */
	len = strlen(d->owner);
	cur = sales_trim(d->owner, &len);
	if ((rc = owner_index(g, cur, len, &oi)) != SALES_OK)
		return rc;
	g->owners[oi].real = 1;
	for (i = 0; i < g->nwin; i++) {
		a = &g->owners[oi].acc[i];
		if (d->state == SALES_WON) {
			to = g->win[i].last < g->opt.as_of ? g->win[i].last :
			    g->opt.as_of;
			if (d->close < g->win[i].first || d->close > to)
				continue;
			if (add_checked(&a->won, d->amount) != SALES_OK)
				goto overflow;
			/* A credit (negative amount) is no deal won. */
			if (d->amount > 0)
				a->deals_won += 100;
		} else {
			if (d->close < g->win[i].first ||
			    d->close < g->opt.as_of || d->close > g->win[i].last)
				continue;
			if (add_checked(&a->pipeline, d->amount) != SALES_OK)
				goto overflow;
			a->weighted += (wide)d->amount * d->prob;
		}
	}
	/* New logos: the first won deal of each account in the input. */
	cur = d->account != NULL ? d->account : "";
	len = strlen(cur);
	cur = sales_trim(cur, &len);
	if (d->state == SALES_WON && len > 0) {
		struct account *ac;

		if (map_find(g, &g->account_map, g->accounts,
		    sizeof(*g->accounts), cur, len, &i) == SALES_OK) {
			ac = &g->accounts[i];
			if (d->close < ac->first_won) {
				ac->first_won = d->close;
				ac->owner = oi;
				ac->at = g->seq | (d->line & LINE_MASK);
			}
			return SALES_OK;
		}
		if (grow((void **)&g->accounts, &g->capaccounts, g->naccounts,
		    sizeof(*g->accounts)) != SALES_OK)
			return SALES_ENOMEM;
		ac = &g->accounts[g->naccounts];
		if ((ac->name = sales_arena_strndup(&g->arena, cur, len)) ==
		    NULL)
			return SALES_ENOMEM;
		ac->first_won = d->close;
		ac->owner = oi;
		ac->at = g->seq | (d->line & LINE_MASK);
		return map_put(&g->account_map, g->accounts,
		    sizeof(*g->accounts), g->naccounts++);
	}
	return SALES_OK;
overflow:
	sales_fmt(g->err, sizeof(g->err), "%s:%llu: the sum of amounts for "
	    "\"%s\" is out of range", file, (unsigned long long)d->line,
	    d->owner);
	return SALES_EDATA;
}

/* n / d rounded half away from zero (d != 0). */
static int64_t
rdiv(wide n, wide d)
{
	wide q, r;

	if (d < 0) {
		n = -n;
		d = -d;
	}
	q = n / d;
	r = n % d;
	if (r < 0)
		r = -r;
	if (2 * r >= d)
		q += n < 0 ? -1 : 1;
	return (int64_t)q;
}

/* Writes n/d with dec decimals (n/d x 10^dec rounded) into out. */
static void
pct_cell(char *out, wide n, wide d, int dec)
{
	int64_t v, ip;
	int64_t scale = dec == 1 ? 10 : 100;
	const char *sign = "";

	v = rdiv(n * scale, d);
	if (v < 0) {
		sign = "-";
		v = -v;
	}
	ip = v / scale;
	sales_fmt(out, CELLSZ, dec == 1 ? "%s%lld.%01lld" : "%s%lld.%02lld",
	    sign, (long long)ip, (long long)(v % scale));
}

static int
metric_in_file(struct sales_goal *g, const char *name)
{
	size_t i;

	for (i = 0; i < g->nmetrics; i++)
		if (strcmp(g->metrics[i].name, name) == 0)
			return 1;
	return 0;
}

static enum kind
metric_kind(struct sales_goal *g, const char *name)
{
	size_t i;

	if (strcmp(name, "revenue") == 0)
		return K_MONEY;
	for (i = 0; i < g->nmetrics; i++)
		if (strcmp(g->metrics[i].name, name) == 0)
			return g->metrics[i].pct ? K_PCT : K_COUNT;
	return sales_goal_metric_is_pct(name) ? K_PCT : K_COUNT;
}

/*
 * Expected revenue of owner oi in window w from the forecast file: the
 * row of the shortest horizon that reaches the window's last day (a
 * horizon of h days covers as_of .. as_of + h - 1), or --horizon's.
 * SALES_OK with *exp; SALES_EOF when there is no usable row (note says
 * why).
 */
static int
expected_of(struct sales_goal *g, size_t oi, const struct window *w,
    int64_t *exp, char *note, size_t notesz)
{
	int32_t need = w->last - g->opt.as_of + 1;
	size_t i, best = (size_t)-1, longest = (size_t)-1;

	for (i = 0; i < g->nfc; i++) {
		if (g->fc[i].owner != oi)
			continue;
		if (g->opt.horizon > 0) {
			if (g->fc[i].horizon == g->opt.horizon)
				best = i;
			continue;
		}
		if (g->fc[i].horizon >= need && (best == (size_t)-1 ||
		    g->fc[i].horizon < g->fc[best].horizon))
			best = i;
		if (longest == (size_t)-1 ||
		    g->fc[i].horizon > g->fc[longest].horizon)
			longest = i;
	}
	if (best == (size_t)-1 && longest != (size_t)-1) {
		sales_fmt(note, notesz, "forecast horizon %d days ends before "
		    "the period", g->fc[longest].horizon);
		best = longest;
	}
	if (best == (size_t)-1) {
		sales_fmt(note, notesz, "no forecast row");
		return SALES_EOF;
	}
	/* Several rows of one horizon (--by owner,stage): their sum. */
	*exp = 0;
	for (i = 0; i < g->nfc; i++)
		if (g->fc[i].owner == oi &&
		    g->fc[i].horizon == g->fc[best].horizon &&
		    add_checked(exp, g->fc[i].expected) != SALES_OK)
			return SALES_EOF;
	return SALES_OK;
}

/* Non-zero when owner oi belongs to group key under the --by rule. */
static int
group_match(struct sales_goal *g, size_t oi, const char *key)
{
	const struct owner *o = &g->owners[oi];

	switch (g->opt.by) {
	case SALES_GOAL_BY_TEAM:
		return o->in_roster && strcmp(o->team, key) == 0;
	case SALES_GOAL_BY_MANAGER:
		return o->in_roster && strcmp(o->manager, key) == 0;
	case SALES_GOAL_BY_ALL:
		/* Not a forecast's "Total" row or a rep with no data. */
		return o->real;
	default:
		return 0;
	}
}

static void
add_note(char *note, size_t sz, const char *s)
{
	size_t n = strlen(note);

	if (n > 0 && n + 2 < sz) {
		note[n++] = ';';
		note[n++] = ' ';
		note[n] = '\0';
	}
	sales_fmt(note + n, sz - n, "%s", s);
}

/*
 * Collects the achieved value, pipeline and expected amount of metric
 * for the owners in members (or owner oi alone when members is NULL)
 * over window w into s.
 */
static int
collect(struct sales_goal *g, size_t oi, const char *members,
    const char *metric, size_t wi, struct score *s)
{
	const struct window *w = &g->win[wi];
	int32_t to = w->last < g->opt.as_of ? w->last : g->opt.as_of;
	int from_file = metric_in_file(g, metric);
	int64_t sum = 0, n = 0, e;
	wide weighted = 0;
	size_t i;
	int any_fc = 0;

	s->kind = metric_kind(g, metric);
	s->first = w->first;
	s->last = w->last;
	s->has_value = 1;
	if (s->kind == K_MONEY || (!from_file &&
	    (strcmp(metric, "deals_won") == 0 ||
	    strcmp(metric, "new_logos") == 0))) {
		for (i = 0; i < g->nowners; i++) {
			const struct acc *a;

			if (members != NULL ? !group_match(g, i, members) :
			    i != oi)
				continue;
			if (g->owners[i].acc == NULL)
				continue;
			a = &g->owners[i].acc[wi];
			if (strcmp(metric, "deals_won") == 0) {
				if (add_checked(&sum, a->deals_won) != SALES_OK)
					return SALES_EDATA;
				continue;
			}
			if (strcmp(metric, "new_logos") == 0)
				continue;
			if (add_checked(&sum, a->won) != SALES_OK ||
			    add_checked(&s->pipeline, a->pipeline) != SALES_OK)
				return SALES_EDATA;
			weighted += a->weighted;
			if (g->have_fc && w->last >= g->opt.as_of) {
				char note[100] = "";

				if (expected_of(g, i, w, &e, note,
				    sizeof(note)) == SALES_OK) {
					any_fc = 1;
					if (add_checked(&s->expected, e) !=
					    SALES_OK)
						return SALES_EDATA;
				}
				if (note[0] != '\0' && members == NULL)
					add_note(s->note, sizeof(s->note), note);
			}
		}
		if (strcmp(metric, "new_logos") == 0)
			for (i = 0; i < g->naccounts; i++) {
				const struct account *ac = &g->accounts[i];

				if ((members != NULL ? group_match(g, ac->owner,
				    members) : ac->owner == oi) &&
				    ac->first_won >= w->first &&
				    ac->first_won <= to)
					sum += 100;
			}
		s->value = sum;
		if (s->kind == K_MONEY) {
			s->has_expected = 1;
			if (!g->have_fc)
				s->expected = rdiv(weighted, SALES_PPM);
			else if (w->last < g->opt.as_of)
				s->expected = 0;
			(void)any_fc;
		}
		if (s->kind != K_MONEY)
			s->kind = K_COUNT;
		return SALES_OK;
	}
	for (i = 0; i < g->nmetrics; i++) {
		const struct metric *m = &g->metrics[i];

		if (strcmp(m->name, metric) != 0 || m->date < w->first ||
		    m->date > to)
			continue;
		if (members != NULL ? !group_match(g, m->owner, members) :
		    m->owner != oi)
			continue;
		if (add_checked(&sum, m->value) != SALES_OK)
			return SALES_EDATA;
		n++;
	}
	if (g->nmetrics == 0) {
		s->has_value = 0;
		add_note(s->note, sizeof(s->note), "no --metrics file");
	} else if (s->kind == K_PCT) {
		if (n == 0) {
			s->has_value = 0;
			add_note(s->note, sizeof(s->note), "no metric rows in "
			    "the period");
		} else
			sum = rdiv(sum, n);
	}
	s->value = sum;
	return SALES_OK;
}

static int
score_goal(struct sales_goal *g, const struct goal *gl, struct score *s)
{
	const struct owner *o = &g->owners[gl->owner];

	memset(s, 0, sizeof(*s));
	s->target = gl->target;
	if (collect(g, gl->owner, NULL, gl->metric, gl->win, s) != SALES_OK)
		return SALES_EDATA;
	s->start = s->first;
	if (o->start != SALES_DATE_NONE && o->start > s->first &&
	    o->start <= s->last) {
		char b[SALES_DATE_BUFSZ], n[64];

		s->start = o->start;
		add_note(s->note, sizeof(s->note), sales_fmt(n, sizeof(n),
		    "pace from start %s", sales_date_format(o->start, b)));
	}
	/* A leaver's pace runs to the last day employed. */
	if (o->end != SALES_DATE_NONE && o->end >= s->start &&
	    o->end < s->last) {
		char b[SALES_DATE_BUFSZ], n[64];

		s->stop = o->end;
		add_note(s->note, sizeof(s->note), sales_fmt(n, sizeof(n),
		    "pace to end %s", sales_date_format(o->end, b)));
	}
	if (gl->prorated)
		add_note(s->note, sizeof(s->note), "target prorated");
	return SALES_OK;
}

/*
 * Fills the numeric cells 0..12 of r (target .. note) from s:
 * target, closed_won, attainment_pct, elapsed_pct, pace, pipeline,
 * coverage, expected, projected_pct, gap, required_per_week, status,
 * note.
 */
static void
fill(struct sales_goal *g, struct score *s, struct orow *r)
{
	char (*c)[CELLSZ] = r->cell;
	int32_t days, el, rem;
	int64_t gap, remaining, proj = 0;
	int has_proj = 0;

	if (s->stop == 0 || s->stop > s->last || s->stop < s->start)
		s->stop = s->last;
	days = s->stop - s->start + 1;
	el = g->opt.as_of - s->start + 1;
	if (el < 0)
		el = 0;
	if (el > days)
		el = days;
	sales_money_format(s->target, c[0]);
	if (s->has_value)
		sales_money_format(s->value, c[1]);
	if (s->target == 0)
		add_note(s->note, sizeof(s->note), "zero target: no "
		    "attainment");
	if (s->target > 0 && s->has_value)
		pct_cell(c[2], (wide)s->value * 100, s->target, 1);
	pct_cell(c[3], (wide)el * 100, days, 1);
	/* Pace means nothing for an average: it does not accrue. */
	if (s->target > 0 && s->has_value && el > 0 && s->kind != K_PCT)
		pct_cell(c[4], (wide)s->value * days, (wide)s->target * el, 2);
	remaining = s->target - (s->has_value ? s->value : 0);
	if (s->kind == K_MONEY) {
		sales_money_format(s->pipeline, c[5]);
		if (remaining > 0)
			pct_cell(c[6], s->pipeline, remaining, 2);
		else if (s->target > 0)
			add_note(s->note, sizeof(s->note), "target reached");
		if (s->has_expected)
			sales_money_format(s->expected, c[7]);
	}
	if (s->target > 0 && s->has_value) {
		has_proj = 1;
		if (s->kind == K_MONEY)
			proj = rdiv(((wide)s->value + s->expected) * 1000,
			    s->target);
		else if (s->kind == K_COUNT && el > 0)
			proj = rdiv((wide)s->value * days * 1000,
			    (wide)s->target * el);
		else
			proj = rdiv((wide)s->value * 1000, s->target);
		sales_fmt(c[8], CELLSZ, "%s%lld.%lld", proj < 0 ? "-" : "",
		    (long long)(proj < 0 ? -proj : proj) / 10,
		    (long long)(proj < 0 ? -proj : proj) % 10);
	}
	gap = remaining;
	if (s->has_value)
		sales_money_format(gap, c[9]);
	rem = s->stop - (g->opt.as_of > s->start - 1 ? g->opt.as_of :
	    s->start - 1);
	if (s->kind != K_PCT && s->has_value && rem > 0)
		sales_money_format(rdiv((wide)(gap > 0 ? gap : 0) * 7, rem),
		    c[10]);
	r->has_proj = has_proj;
	r->proj = proj;
	if (s->target == 0)
		sales_fmt(c[11], CELLSZ, "on-track");
	else if (!has_proj)
		c[11][0] = '\0';
	else if (proj < (int64_t)g->opt.off_track * 10) {
		sales_fmt(c[11], CELLSZ, "off-track");
		r->offtrack = 1;
	} else if (proj < (int64_t)g->opt.at_risk * 10)
		sales_fmt(c[11], CELLSZ, "at-risk");
	else
		sales_fmt(c[11], CELLSZ, "on-track");
	if (s->target == 0) {
		r->has_proj = 1;
		r->proj = 1000;
	}
	sales_fmt(c[12], CELLSZ, "%s", s->note);
}

static int
orow_cmp(const void *a, const void *b)
{
	const struct orow *x = a, *y = b;
	int c;

	if ((c = strcmp(x->key, y->key)) != 0)
		return c;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	if ((c = strcmp(x->period, y->period)) != 0)
		return c;
	return strcmp(x->metric, y->metric);
}

static const char *const score_cols[] = {
	"target", "closed_won", "attainment_pct", "elapsed_pct", "pace",
	"pipeline", "coverage", "expected", "projected_pct", "gap",
	"required_per_week", "status", "note"
};

/* The group key of owner oi, or NULL when it has none. */
static const char *
group_of(struct sales_goal *g, size_t oi)
{
	const struct owner *o = &g->owners[oi];

	switch (g->opt.by) {
	case SALES_GOAL_BY_TEAM:
		return o->in_roster && o->team[0] != '\0' ? o->team : NULL;
	case SALES_GOAL_BY_MANAGER:
		return o->in_roster && o->manager[0] != '\0' ? o->manager :
		    NULL;
	default:
		return "all";
	}
}

/* Non-zero when key names a group under the --by rule. */
static int
is_group(struct sales_goal *g, const char *key)
{
	size_t i;
	const char *k;

	if (g->opt.by == SALES_GOAL_BY_ALL)
		return strcmp(key, "all") == 0;
	for (i = 0; i < g->nowners; i++)
		if ((k = group_of(g, i)) != NULL && strcmp(k, key) == 0)
			return 1;
	return 0;
}

static int
write_rows(struct sales_out *o, struct orow *rows, size_t n, size_t ncols)
{
	const char *cells[20];
	size_t i, j;
	int rc;

	for (i = 0; i < n; i++) {
		cells[0] = rows[i].key;
		cells[1] = rows[i].period;
		cells[2] = rows[i].metric;
		for (j = 3; j < ncols; j++)
			cells[j] = rows[i].cell[j - 3];
		if ((rc = sales_out_row(o, cells)) != SALES_OK)
			return rc;
	}
	return SALES_OK;
}

/*
 * Non-zero when owner oi is not a roster rep but names a team or a
 * manager of the roster: its goals are that group's own.
 */
static int
group_goal(struct sales_goal *g, size_t oi)
{
	const char *name = g->owners[oi].name;
	size_t i;

	if (g->owners[oi].in_roster)
		return 0;
	for (i = 0; i < g->nowners; i++)
		if (g->owners[i].in_roster &&
		    (strcmp(g->owners[i].team, name) == 0 ||
		    strcmp(g->owners[i].manager, name) == 0))
			return 1;
	return 0;
}

/* One row per goal of a person, unsorted; *nrows receives the count. */
static int
score_all(struct sales_goal *g, struct orow **rowsp, size_t *nrows)
{
	struct orow *rows;
	struct score s;
	size_t i, n;

	if ((rows = calloc(g->ngoals ? g->ngoals : 1, sizeof(*rows))) == NULL)
		return SALES_ENOMEM;
	for (i = n = 0; i < g->ngoals; i++) {
		const struct goal *gl = &g->goals[i];

		/* A team's or a manager's own goal shows in roll-ups only. */
		if (group_goal(g, gl->owner))
			continue;
		if (score_goal(g, gl, &s) != SALES_OK) {
			free(rows);
			sales_fmt(g->err, sizeof(g->err), "the sums for \"%s\" "
			    "are out of range", g->owners[gl->owner].name);
			return SALES_EDATA;
		}
		rows[n].key = g->owners[gl->owner].name;
		rows[n].period = gl->period;
		rows[n].first = g->win[gl->win].first;
		rows[n].metric = gl->metric;
		rows[n].weight = gl->weight;
		fill(g, &s, &rows[n]);
		n++;
	}
	*rowsp = rows;
	*nrows = n;
	return SALES_OK;
}

static int
write_goals(struct sales_goal *g, struct sales_out *o, size_t *offtrack)
{
	static const char *const head[] = { "owner", "period", "metric" };
	const char *names[16];
	enum sales_coltype types[16];
	struct orow *rows;
	size_t i, n = 0, nrows;
	int rc;

	for (i = 0; i < 3; i++) {
		names[n] = head[i];
		types[n++] = SALES_COL_TEXT;
	}
	for (i = 0; i < 13; i++) {
		names[n] = score_cols[i];
		types[n++] = i >= 11 ? SALES_COL_TEXT : SALES_COL_NUMBER;
	}
	if ((rc = sales_out_columns(o, n, names, types)) != SALES_OK)
		return rc;
	if ((rc = score_all(g, &rows, &nrows)) != SALES_OK)
		return rc;
	qsort(rows, nrows, sizeof(*rows), orow_cmp);
	for (i = 0; i < nrows; i++)
		*offtrack += rows[i].offtrack;
	rc = write_rows(o, rows, nrows, n);
	free(rows);
	return rc;
}

/* A roll-up line being built. */
struct rollup {
	const char	*key;
	size_t		 goal;		/* a goal giving period and window */
	int64_t		 own;
	int		 has_own;
	int64_t		 assigned;
	int64_t		 nassigned;
};

static int
write_rollup(struct sales_goal *g, struct sales_out *o, size_t *offtrack)
{
	static const char *const by[] = { "owner", "team", "manager", "all" };
	const char *names[18];
	enum sales_coltype types[18];
	struct rollup *ru;
	struct orow *rows;
	struct score s;
	size_t i, j, n = 0, nru = 0;
	const char *key;
	int own, rc = SALES_OK;

	names[n] = by[g->opt.by];
	types[n++] = SALES_COL_TEXT;
	names[n] = "period";
	types[n++] = SALES_COL_TEXT;
	names[n] = "metric";
	types[n++] = SALES_COL_TEXT;
	for (i = 0; i < 13; i++) {
		names[n] = score_cols[i];
		types[n++] = i >= 11 ? SALES_COL_TEXT : SALES_COL_NUMBER;
		if (i == 0) {
			names[n] = "assigned";
			types[n++] = SALES_COL_NUMBER;
			names[n] = "unassigned";
			types[n++] = SALES_COL_NUMBER;
		}
	}
	if ((rc = sales_out_columns(o, n, names, types)) != SALES_OK)
		return rc;
	if ((ru = calloc(g->ngoals ? g->ngoals : 1, sizeof(*ru))) == NULL)
		return SALES_ENOMEM;
	for (i = 0; i < g->ngoals; i++) {
		const struct goal *gl = &g->goals[i];
		const char *oname = g->owners[gl->owner].name;

		/* A goal set for a group itself is that group's own. */
		own = is_group(g, oname);
		if (!own && group_goal(g, gl->owner))
			continue;	/* another grouping's own goal */
		key = own ? oname : group_of(g, gl->owner);
		if (key == NULL)
			continue;
		for (j = 0; j < nru; j++)
			if (strcmp(ru[j].key, key) == 0 &&
			    g->goals[ru[j].goal].win == gl->win &&
			    strcmp(g->goals[ru[j].goal].metric, gl->metric) == 0)
				break;
		if (j == nru) {
			ru[nru].key = key;
			ru[nru].goal = i;
			nru++;
		}
		if (own) {
			ru[j].own += gl->target;
			ru[j].has_own = 1;
			ru[j].goal = i;
		} else {
			ru[j].assigned += gl->target;
			ru[j].nassigned++;
		}
	}
	if ((rows = calloc(nru ? nru : 1, sizeof(*rows))) == NULL) {
		free(ru);
		return SALES_ENOMEM;
	}
	for (i = 0; i < nru; i++) {
		const struct goal *gl = &g->goals[ru[i].goal];
		int64_t assigned = ru[i].assigned;

		memset(&s, 0, sizeof(s));
		if (collect(g, 0, ru[i].key, gl->metric, gl->win, &s) !=
		    SALES_OK) {
			sales_fmt(g->err, sizeof(g->err), "the sums for \"%s\" "
			    "are out of range", ru[i].key);
			rc = SALES_EDATA;
			goto done;
		}
		/* Percentages roll up as the mean of the members' targets. */
		if (s.kind == K_PCT && ru[i].nassigned > 0)
			assigned = rdiv(assigned, ru[i].nassigned);
		s.start = s.first;
		s.target = ru[i].has_own ? ru[i].own : assigned;
		if (ru[i].has_own && ru[i].nassigned > 0 &&
		    ru[i].own != assigned)
			add_note(s.note, sizeof(s.note), ru[i].own > assigned ?
			    "under-assigned" : "over-assigned");
		rows[i].key = ru[i].key;
		rows[i].period = gl->period;
		rows[i].first = g->win[gl->win].first;
		rows[i].metric = gl->metric;
		fill(g, &s, &rows[i]);
		/* Move target's neighbours right to make room. */
		memmove(&rows[i].cell[3], &rows[i].cell[1],
		    12 * sizeof(rows[i].cell[0]));
		if (ru[i].nassigned > 0)
			sales_money_format(assigned, rows[i].cell[1]);
		else
			rows[i].cell[1][0] = '\0';
		if (ru[i].has_own)
			sales_money_format(ru[i].own - assigned,
			    rows[i].cell[2]);
		else
			rows[i].cell[2][0] = '\0';
	}
	qsort(rows, nru, sizeof(*rows), orow_cmp);
	for (i = 0; i < nru; i++)
		*offtrack += rows[i].offtrack;
	rc = write_rows(o, rows, nru, n);
done:
	free(rows);
	free(ru);
	return rc;
}

static int
write_scorecard(struct sales_goal *g, struct sales_out *o, size_t *offtrack)
{
	const char **metrics = NULL, **names = NULL, **cells = NULL;
	enum sales_coltype *types = NULL;
	struct orow *rows = NULL;
	size_t nm = 0, i, j, k, n, nrows;
	char (*buf)[CELLSZ] = NULL;
	int rc = SALES_ENOMEM;

	if ((metrics = calloc(g->ngoals + 1, sizeof(*metrics))) == NULL)
		goto done;
	for (i = 0; i < g->ngoals; i++) {
		for (j = 0; j < nm; j++)
			if (strcmp(metrics[j], g->goals[i].metric) == 0)
				break;
		if (j == nm)
			metrics[nm++] = g->goals[i].metric;
	}
	n = 5 + nm;
	if ((names = calloc(n, sizeof(*names))) == NULL ||
	    (cells = calloc(n, sizeof(*cells))) == NULL ||
	    (types = calloc(n, sizeof(*types))) == NULL ||
	    (buf = calloc(n, sizeof(*buf))) == NULL)
		goto done;
	names[0] = "owner";
	names[1] = "goals";
	names[2] = "off_track";
	names[3] = "score";
	names[4] = "grade";
	types[1] = types[2] = types[3] = SALES_COL_NUMBER;
	for (j = 0; j < nm; j++) {
		names[5 + j] = metrics[j];
		types[5 + j] = SALES_COL_NUMBER;
	}
	if ((rc = sales_out_columns(o, n, names, types)) != SALES_OK)
		goto done;
	if ((rc = score_all(g, &rows, &nrows)) != SALES_OK)
		goto done;
	qsort(rows, nrows, sizeof(*rows), orow_cmp);
	for (i = 0; i < nrows; i = k) {
		wide num = 0, wsum = 0;
		int64_t goals = 0, off = 0, sc;

		for (k = i; k < nrows && strcmp(rows[k].key,
		    rows[i].key) == 0; k++) {
			goals++;
			off += rows[k].offtrack;
			if (rows[k].has_proj) {
				int64_t p = rows[k].proj;

				if (p > 1000)
					p = 1000;
				if (p < 0)
					p = 0;
				num += (wide)p * rows[k].weight;
				wsum += rows[k].weight;
			}
		}
		*offtrack += (size_t)off;
		for (j = 0; j < n; j++) {
			buf[j][0] = '\0';
			cells[j] = buf[j];
		}
		cells[0] = rows[i].key;
		sales_fmt(buf[1], CELLSZ, "%lld", (long long)goals);
		sales_fmt(buf[2], CELLSZ, "%lld", (long long)off);
		if (wsum > 0) {
			sc = rdiv(num, wsum);	/* tenths of a percent */
			sales_fmt(buf[3], CELLSZ, "%lld.%lld",
			    (long long)sc / 10, (long long)sc % 10);
			sales_fmt(buf[4], CELLSZ, "%s", sc >= 900 ? "A" :
			    sc >= 800 ? "B" : sc >= 700 ? "C" : sc >= 600 ?
			    "D" : "F");
		}
		/* Each metric: the weighted projected % of its goals. */
		for (j = 0; j < nm; j++) {
			wide mn = 0, mw = 0;
			size_t m;

			for (m = i; m < k; m++)
				if (strcmp(rows[m].metric, metrics[j]) == 0 &&
				    rows[m].has_proj) {
					mn += (wide)rows[m].proj *
					    (rows[m].weight ? rows[m].weight : 1);
					mw += rows[m].weight ? rows[m].weight : 1;
				}
			if (mw > 0) {
				sc = rdiv(mn, mw);
				sales_fmt(buf[5 + j], CELLSZ, "%s%lld.%lld",
				    sc < 0 ? "-" : "",
				    (long long)(sc < 0 ? -sc : sc) / 10,
				    (long long)(sc < 0 ? -sc : sc) % 10);
			}
		}
		if ((rc = sales_out_row(o, cells)) != SALES_OK)
			goto done;
	}
	rc = SALES_OK;
done:
	free(rows);
	free(buf);
	free(types);
	free(cells);
	free(names);
	free(metrics);
	return rc;
}

int
sales_goal_write(struct sales_goal *g, struct sales_out *o,
    size_t *offtrack)
{
	int rc;

	*offtrack = 0;
	g->err[0] = '\0';
	if (!g->deals_started && (rc = start_deals(g)) != SALES_OK)
		return rc;
	if (g->opt.scorecard)
		return write_scorecard(g, o, offtrack);
	if (g->opt.by != SALES_GOAL_BY_OWNER)
		return write_rollup(g, o, offtrack);
	return write_goals(g, o, offtrack);
}

/* Partial states and their merge; see sales_goal.h. */

void
sales_goal_set_seq(struct sales_goal *g, unsigned seq)
{
	g->seq = (uint64_t)(seq & 0xffffff) << 40;
}

struct sales_goal *
sales_goal_part_new(const struct sales_goal *base)
{
	struct sales_goal *g;
	const struct owner *bo;
	struct owner *o;
	size_t i, oi;

	if ((g = sales_goal_new(&base->opt)) == NULL)
		return NULL;
	g->seq = base->seq;
	if (base->nwin > 0) {
		if ((g->win = malloc(base->nwin * sizeof(*g->win))) == NULL)
			goto fail;
		memcpy(g->win, base->win, base->nwin * sizeof(*g->win));
		g->nwin = g->capwin = base->nwin;
	}
	for (i = 0; i < base->nowners; i++) {
		bo = &base->owners[i];
		if (owner_index(g, bo->name, strlen(bo->name), &oi) != SALES_OK)
			goto fail;
		o = &g->owners[oi];
		o->start = bo->start;
		o->end = bo->end;
		o->in_roster = bo->in_roster;
		if ((o->team = sales_arena_strndup(&g->arena, bo->team,
		    strlen(bo->team))) == NULL ||
		    (o->manager = sales_arena_strndup(&g->arena, bo->manager,
		    strlen(bo->manager))) == NULL)
			goto fail;
	}
	memcpy(g->currency, base->currency, sizeof(g->currency));
	g->currency_line = base->currency_line;
	g->currency_at = base->currency_at;
	if (start_deals(g) != SALES_OK)
		goto fail;
	return g;
fail:
	sales_goal_free(g);
	return NULL;
}

int
sales_goal_merge(struct sales_goal *dst, const struct sales_goal *src)
{
	const struct account *sa;
	const struct acc *s;
	struct account *da;
	struct acc *a;
	size_t i, w, oi, ai;

	dst->err[0] = '\0';
	if (dst->nwin != src->nwin || (src->nwin > 0 && memcmp(dst->win,
	    src->win, src->nwin * sizeof(*src->win)) != 0))
		return SALES_EUSAGE;
	if (!dst->deals_started && start_deals(dst) != SALES_OK)
		return SALES_ENOMEM;
	/* A sum out of range: dst is left as it was. */
	for (i = 0; i < src->nowners; i++) {
		if (src->owners[i].acc == NULL || map_find(dst,
		    &dst->owner_map, dst->owners, sizeof(*dst->owners),
		    src->owners[i].name, strlen(src->owners[i].name), &oi) !=
		    SALES_OK)
			continue;
		for (w = 0; w < src->nwin; w++) {
			struct acc t = dst->owners[oi].acc[w];

			s = &src->owners[i].acc[w];
			if (add_checked(&t.won, s->won) != SALES_OK ||
			    add_checked(&t.pipeline, s->pipeline) != SALES_OK)
				goto overflow;
		}
	}
	/* One currency: the first (smallest order key) names it. */
	if (src->currency[0] != '\0') {
		if (dst->currency[0] == '\0') {
			memcpy(dst->currency, src->currency,
			    sizeof(dst->currency));
			dst->currency_line = src->currency_line;
			dst->currency_at = src->currency_at;
		} else if (strcmp(dst->currency, src->currency) != 0) {
			sales_fmt(dst->err, sizeof(dst->err), "currency \"%s\" "
			    "(line %llu) differs from \"%s\" (line %llu); "
			    "convert the amounts to one currency first",
			    src->currency,
			    (unsigned long long)src->currency_line,
			    dst->currency,
			    (unsigned long long)dst->currency_line);
			return SALES_EDATA;
		} else if (src->currency_at < dst->currency_at) {
			dst->currency_line = src->currency_line;
			dst->currency_at = src->currency_at;
		}
	}
	for (i = 0; i < src->nowners; i++) {
		if (owner_index(dst, src->owners[i].name,
		    strlen(src->owners[i].name), &oi) != SALES_OK)
			return SALES_ENOMEM;
		dst->owners[oi].real |= src->owners[i].real;
		if (src->owners[i].acc == NULL)
			continue;
		for (w = 0; w < src->nwin; w++) {
			s = &src->owners[i].acc[w];
			a = &dst->owners[oi].acc[w];
			if (add_checked(&a->won, s->won) != SALES_OK ||
			    add_checked(&a->pipeline, s->pipeline) != SALES_OK)
				goto overflow;
			a->weighted += s->weighted;
			a->deals_won += s->deals_won;
		}
	}
	/* New logos: the earliest won deal, the first seen on a tie. */
	for (i = 0; i < src->naccounts; i++) {
		sa = &src->accounts[i];
		if (owner_index(dst, src->owners[sa->owner].name,
		    strlen(src->owners[sa->owner].name), &oi) != SALES_OK)
			return SALES_ENOMEM;
		if (map_find(dst, &dst->account_map, dst->accounts,
		    sizeof(*dst->accounts), sa->name, strlen(sa->name), &ai) ==
		    SALES_OK) {
			da = &dst->accounts[ai];
			if (sa->first_won < da->first_won ||
			    (sa->first_won == da->first_won && sa->at < da->at)) {
				da->first_won = sa->first_won;
				da->owner = oi;
				da->at = sa->at;
			}
			continue;
		}
		if (grow((void **)&dst->accounts, &dst->capaccounts,
		    dst->naccounts, sizeof(*dst->accounts)) != SALES_OK)
			return SALES_ENOMEM;
		da = &dst->accounts[dst->naccounts];
		if ((da->name = sales_arena_strndup(&dst->arena, sa->name,
		    strlen(sa->name))) == NULL)
			return SALES_ENOMEM;
		da->first_won = sa->first_won;
		da->owner = oi;
		da->at = sa->at;
		if (map_put(&dst->account_map, dst->accounts,
		    sizeof(*dst->accounts), dst->naccounts++) != SALES_OK)
			return SALES_ENOMEM;
	}
	return SALES_OK;
overflow:
	sales_fmt(dst->err, sizeof(dst->err), "the sum of amounts for \"%s\" "
	    "is out of range", src->owners[i].name);
	return SALES_EDATA;
}
