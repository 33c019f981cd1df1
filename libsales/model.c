/*
 * model.c - the history forecast (see sales_model.h): an age-based
 * cumulative-incidence estimator of winning with censoring, shrunk from
 * owner to team to everyone; create-and-close from the trailing year;
 * Monte Carlo or normal ranges.
 *
 * The whole file is one model, so every deal is kept, in a 36-byte
 * record; owners, teams and group keys are interned once.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

#define AGE_CAP		3660	/* older ages are merged into this one */
#define YEAR		365
#define NONE32		UINT32_MAX
#define TEAM_TABLE_MAX	(1 << 21)	/* doubles in the team table */
/*
 * Point fits at once (sales_model_fit_points): each pass over the deals
 * is bound by memory, so threads beyond a few only cost scratch.
 */
#define FIT_THREADS	8
#define FIT_BATCH	16	/* origins one pass over the deals serves */
#define THEN_WEIGHT	4	/* the live fit costs about as many points */
#define TOP_SHARE	16	/* top_amounts keeps the largest 1/16 */
#define TOP_MIN		4096	/* and at least these many */

/*
 * One deal, compact: 24 bytes, which every fit reads at every origin, and
 * which the model holds twice while it puts them in owner order (the
 * owner, which the fits know from the deals' order, and the snapshots
 * index, which only snapshots need, are kept apart).
 */
struct mdeal {
	int64_t		amount;
	int32_t		created;	/* SALES_DATE_NONE if unknown */
	int32_t		close;		/* SALES_DATE_NONE if unscheduled */
	uint32_t	group;		/* interned indices */
	unsigned int	team : 30;	/* below TEAM_LIMIT */
	unsigned int	state : 2;	/* enum sales_state */
};

#define TEAM_LIMIT	(1U << 30)

_Static_assert(sizeof(struct mdeal) == 24, "struct mdeal grew");

/* The strings deal inspection shows, kept only on request. */
struct mextra {
	const char	*id;
	const char	*name;
	const char	*stage;
	uint64_t	 line;
};

/*
 * The origins of a fit_many (in date order) at which a deal is open, and
 * at which it may be won revenue: [open, open_end), [won, won_end).
 */
struct span {
	uint8_t		open, open_end, won, won_end;	/* FIT_BATCH < 256 */
};

/*
 * What one fit thread writes per deal, carved from the model's work
 * block (work_carve).
 */
struct scratch {
	struct span	*sp;	/* each deal's spans at the origins */
	int64_t		*lump;	/* the amounts resolved by an origin */
};

/* The deals in owner order, made apart (owner_order) and installed. */
struct osort {
	struct mdeal	*d;
	struct mextra	*e;
	uint32_t	*snap;
	size_t		*ostart;
};

/* fit_ready's thread that lists the resolved deals. */
struct rjob {
	struct sales_model	*m;
	int			 rc;
};

/* One fit's output (fit_many). */
struct fit {
	struct sales_model_cell	*cells;	/* (ngroups + 1) x nh */
	double			*p;	/* n x nh, or NULL */
	int			 sd;	/* the cells' sd: not a point fit */
	int			 live;	/* SALES_FIT_LIVE */
	char			 err[256];
};

/*
 * A deal resolved (won or lost, with both dates): the cap's input, and
 * the teams' counts.  A deal resolved by an origin counts at the age it
 * resolved at whatever the origin (below the origin's oldest age that
 * matters, ofit_start), so the counts at a later origin are those at an
 * earlier one plus the deals resolved in between.
 */
struct resolved {
	int64_t		amount;
	int32_t		close;
	uint32_t	team;
	uint32_t	owner;
	uint16_t	age;		/* at close, 0..AGE_CAP */
	uint8_t		won;
};

/* A large resolved amount and its place in the model's list (top_cap). */
struct topamt {
	int64_t		amount;
	size_t		pos;
};

/* The same, per owner (the owners' counts), by close date. */
struct oresolved {
	double		w;		/* WEIGHT() */
	int32_t		close;
	uint16_t	age;
	uint8_t		won;
};

/* An intern table: string -> dense index. */
struct strtab {
	char		**key;
	size_t		 *len;
	uint64_t	 *hash;
	uint32_t	 *slot;		/* open addressing; NONE32 empty */
	size_t		  n, cap, nslots;
};

/*
 * Counts of one level (everyone, a team, an owner) by age, weighted by
 * amount (a dollar win rate: large deals are won less often than small
 * ones, and revenue is what is forecast), with the plain number leaving
 * the risk set kept apart to know whether anyone was at risk.
 */
struct counts {
	double	*won;
	double	*lost;
	double	*leave;
	int32_t	*nleave;
	int64_t	 resolved;
};

/* A fitted curve: F and S over ages 0..len-1, nrisk over 0..A. */
struct curve {
	double	*F;
	double	*S;
	int32_t	*nrisk;
	int64_t	 resolved;
};

struct sales_model {
	struct sales_forecast_options	 fo;
	struct sales_model_options	 mo;
	struct mdeal			*deals;
	uint32_t			*owner;	/* each deal's; see owners_fill */
	struct mextra			*extra;
	uint32_t			*snap;	/* each deal's, with snapshots */
	size_t				 n, cap;
	struct strtab			 groups, owners, teams;
	struct sales_arena		 arena;
	uint64_t			 undated;
	int32_t				 min_created;	/* INT32_MAX: none */
	char				*keybuf;
	size_t				 keycap;
	/*
	 * Grouped by owner alone: each owner's group (NONE32 until known),
	 * so a deal's owner is looked up once, not twice.
	 */
	uint32_t			*ogroup;
	size_t				 nogroup;
	/* The last fit. */
	int32_t				 origin;
	int				 fitted;
	size_t				*rank;		/* group -> order */
	size_t				*order;		/* order -> group */
	size_t				 nsorted;
	struct sales_model_cell		*cells;	/* (ngroups + 1) x nh */
	double				*p;	/* n x nh; -1: not open */
	size_t				*ostart;	/* deals by owner */
	size_t				 osorted;
	size_t				*gstart;	/* open deals by group */
	size_t				*gidx;
	int				 indexed;	/* gstart/gidx fit */
	/*
	 * What fits write per deal (the threads' scratch; the last fit's
	 * chances p once chances() made them), kept from one fit to the
	 * next: fresh pages cost more than the fit's work on them
	 * (work_carve).
	 */
	char				*work;
	size_t				 worksize;
	struct scratch			 scr[FIT_THREADS];
	struct resolved			*res;	/* by close date */
	size_t				 nres, rsorted;
	struct oresolved		*ores;	/* by owner, then close */
	size_t				*orstart;	/* each owner's first */
	struct topamt			*top;	/* the largest, descending */
	size_t				 ntop;
	/*
	 * sales_model_fit_points: each origin's cells, then those of the
	 * fit sales_model_use_fit makes the last (with the flags).
	 */
	struct sales_model_cell		*points;
	int32_t				*porigin;
	size_t				 npoints;
	int				 then;	/* flags; -1: none */
	int				 live;	/* the last fit's SALES_FIT_LIVE */
	char				 err[256];
};

static int	strtab_add(struct strtab *, struct sales_arena *,
		    const char *, size_t, uint32_t *);
static size_t	strtab_find(const struct strtab *, const char *, size_t);
static void	strtab_fini(struct strtab *);
static int	owner_group(struct sales_model *, uint32_t, const char *,
		    size_t, uint32_t *);
static int	counts_init(struct counts *, size_t);
static void	counts_fini(struct counts *);
static int	curve_build(struct curve *, const struct counts *, int32_t,
		    int32_t);
static void	curve_fini(struct curve *);
static int	curve_at(const struct curve *, int32_t, int32_t, int32_t,
		    double *);
static int	sort_groups(struct sales_model *);
static int	simulate(struct sales_model *, size_t);
static int	sort_owners(struct sales_model *);
static int	ranges(struct sales_model *, const size_t *, size_t, size_t,
		    const double *, struct sales_model_cell *, uint64_t);
static int64_t	round_cents(double);
static uint64_t	splitmix(uint64_t *);
static int	strtab_grow(struct strtab *);
static void	counts_clear(struct counts *, size_t);
static double	shrink(int, double, int64_t, double);
static double	team_p(const struct curve *, const struct curve *, int32_t,
		    int32_t, int32_t);
static int64_t	windows(int32_t, int32_t, int32_t, int32_t, int);
static int64_t	select_nth(int64_t *, size_t, size_t);
static double	nb_share(int32_t, int32_t, int64_t, int32_t, int);
static int	cmp_key(const void *, const void *, const struct strtab *);
static int	cmp_key_qsort(const void *, const void *);
static int	cmp_i64(const void *, const void *);
static int	status_at(const struct mdeal *, int32_t, int);
static int32_t	age_at(const struct mdeal *, int32_t, int32_t);
struct srates;
static int32_t	quarter_end(int32_t);
static size_t	snap_cell(const struct srates *, size_t,
		    const struct sales_snap_state *, int32_t, int, int32_t);
static int	snap_rates(const struct sales_model *, int32_t,
		    struct srates *);
static double	snap_p(const struct srates *, size_t,
		    const struct sales_snap_state *, int32_t, int, double);
static int	chances(struct sales_model *);
static int	group_index(struct sales_model *);
static int	cmp_deal(const void *, const void *);
struct ofit;
struct span;
static int	fit_many(const struct sales_model *, const int32_t *, size_t,
		    struct fit *, struct span *, int64_t *);
static size_t	upto(const int32_t *, size_t, int64_t);
static void	span_of(const struct mdeal *, const int32_t *, size_t,
		    const int32_t *, size_t, int32_t, struct span *);
static int	ofit_start(const struct sales_model *, struct ofit *);
static int	ofit_curves(const struct sales_model *, struct ofit *,
		    int64_t *);
static void	isotonic(double *, size_t);
static void	ofit_eval(const struct sales_model *, struct ofit *, size_t);
static const double *owner_q(const struct sales_model *, struct ofit *,
		    const struct mdeal *, int32_t, double *);
static void	ofit_cells(const struct sales_model *, struct ofit *);
static void	ofit_free(const struct sales_model *, struct ofit *);
static int	cmp_resolved(const void *, const void *);
static int	owner_resolved(struct sales_model *);
static int	top_amounts(struct sales_model *, size_t);
static int	top_cap(const struct sales_model *, size_t, int64_t *);
static int	cmp_top(const void *, const void *);
static int	work_carve(struct sales_model *, size_t, int);
static void	work_offer(struct sales_model *, void *, size_t);
static int	fit_ready(struct sales_model *, size_t);
static int	resolved_list(struct sales_model *);
static void	*resolved_thread(void *);
struct osort;
static int	owner_order(const struct sales_model *, struct osort *);
static void	owners_fill(struct sales_model *);
static void	owner_install(struct sales_model *, struct osort *);
static void	owner_free(struct osort *);
static void	*fit_thread(void *);

/* Intern tables. */

static int
strtab_grow(struct strtab *t)
{
	size_t ns = t->nslots == 0 ? 64 : t->nslots * 2, i, j;
	uint32_t *slot;

	if ((slot = malloc(ns * sizeof(*slot))) == NULL)
		return SALES_ENOMEM;
	for (i = 0; i < ns; i++)
		slot[i] = NONE32;
	for (i = 0; i < t->n; i++) {
		for (j = t->hash[i] & (ns - 1); slot[j] != NONE32;
		    j = (j + 1) & (ns - 1))
			continue;
		slot[j] = (uint32_t)i;
	}
	free(t->slot);
	t->slot = slot;
	t->nslots = ns;
	return SALES_OK;
}

static size_t
strtab_find(const struct strtab *t, const char *s, size_t len)
{
	uint64_t h = sales_hash(s, len, 0);
	size_t j;

	if (t->nslots == 0)
		return (size_t)-1;
	for (j = h & (t->nslots - 1); t->slot[j] != NONE32;
	    j = (j + 1) & (t->nslots - 1)) {
		uint32_t i = t->slot[j];

		if (t->hash[i] == h && t->len[i] == len &&
		    memcmp(t->key[i], s, len) == 0)
			return i;
	}
	return (size_t)-1;
}

static int
strtab_add(struct strtab *t, struct sales_arena *a, const char *s,
    size_t len, uint32_t *idx)
{
	uint64_t h;
	size_t i, j;

	if ((i = strtab_find(t, s, len)) != (size_t)-1) {
		*idx = (uint32_t)i;
		return SALES_OK;
	}
	if (t->n >= UINT32_MAX - 1)
		return SALES_ENOMEM;
	if ((t->n + 1) * 2 > t->nslots && strtab_grow(t) != SALES_OK)
		return SALES_ENOMEM;
	if (t->n == t->cap) {
		size_t c = t->cap == 0 ? 16 : t->cap * 2;
		char **k = realloc(t->key, c * sizeof(*k));

		if (k == NULL)
			return SALES_ENOMEM;
		t->key = k;
		{
			size_t *l = realloc(t->len, c * sizeof(*l));

			if (l == NULL)
				return SALES_ENOMEM;
			t->len = l;
		}
		{
			uint64_t *hh = realloc(t->hash, c * sizeof(*hh));

			if (hh == NULL)
				return SALES_ENOMEM;
			t->hash = hh;
		}
		t->cap = c;
	}
	h = sales_hash(s, len, 0);
	if ((t->key[t->n] = sales_arena_strndup(a, s, len)) == NULL)
		return SALES_ENOMEM;
	t->len[t->n] = len;
	t->hash[t->n] = h;
	for (j = h & (t->nslots - 1); t->slot[j] != NONE32;
	    j = (j + 1) & (t->nslots - 1))
		continue;
	t->slot[j] = (uint32_t)t->n;
	*idx = (uint32_t)t->n++;
	return SALES_OK;
}

static void
strtab_fini(struct strtab *t)
{
	free(t->key);
	free(t->len);
	free(t->hash);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

/* The model. */

struct sales_model *
sales_model_new(const struct sales_forecast_options *fo,
    const struct sales_model_options *mo)
{
	struct sales_model *m;
	uint32_t idx;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->fo = *fo;
	m->mo = *mo;
	m->min_created = INT32_MAX;
	m->then = -1;
	/* Without group columns the one group always exists. */
	if (fo->nby == 0 &&
	    strtab_add(&m->groups, &m->arena, "", 0, &idx) != SALES_OK) {
		sales_model_free(m);
		return NULL;
	}
	return m;
}

/*
 * Room for n deals: the records, their owners and (keep_deals) their
 * strings, doubling.  SALES_OK or SALES_ENOMEM.
 */
static int
reserve(struct sales_model *m, size_t n)
{
	size_t c = m->cap == 0 ? 1024 : m->cap;
	struct mdeal *d;
	uint32_t *o;
	struct mextra *e;

	if (n <= m->cap && (!m->mo.keep_deals || m->extra != NULL) &&
	    (m->mo.snaps == NULL || m->snap != NULL))
		return SALES_OK;
	/* The largest record (mextra) twice over still counts in size_t. */
	if (n > SIZE_MAX / 2 / sizeof(*e))
		return SALES_ENOMEM;
	while (c < n)
		c *= 2;
	if ((d = sales_grow(m->deals, m->n * sizeof(*d), c * sizeof(*d))) ==
	    NULL)
		return SALES_ENOMEM;
	m->deals = d;
	if ((o = sales_grow(m->owner, m->n * sizeof(*o), c * sizeof(*o))) ==
	    NULL)
		return SALES_ENOMEM;
	m->owner = o;
	if (m->mo.keep_deals) {
		if ((e = sales_grow(m->extra, m->extra != NULL ? m->n *
		    sizeof(*e) : 0, c * sizeof(*e))) == NULL)
			return SALES_ENOMEM;
		m->extra = e;
	}
	if (m->mo.snaps != NULL) {
		if ((o = sales_grow(m->snap, m->snap != NULL ? m->n *
		    sizeof(*o) : 0, c * sizeof(*o))) == NULL)
			return SALES_ENOMEM;
		m->snap = o;
	}
	m->cap = c;
	return SALES_OK;
}

int
sales_model_reserve(struct sales_model *m, size_t n)
{
	return reserve(m, n);
}

int
sales_model_add(struct sales_model *m, const struct sales_opp *d)
{
	struct mdeal *x;
	const char *key;
	size_t need = 0, i, off;
	uint32_t team;
	int rc;

	if ((rc = reserve(m, m->n + 1)) != SALES_OK)
		return rc;
	/* The group key is built as forecast.c builds it. */
	if (m->fo.nby == 1) {
		key = sales_group_value(d, m->fo.by[0]);
		need = strlen(key) + 1;
	} else {
		for (i = 0; i < m->fo.nby; i++)
			need += strlen(sales_group_value(d, m->fo.by[i])) + 1;
		if (need > m->keycap) {
			char *p = realloc(m->keybuf, need * 2);

			if (p == NULL)
				return SALES_ENOMEM;
			m->keybuf = p;
			m->keycap = need * 2;
		}
		for (i = 0, off = 0; i < m->fo.nby; i++) {
			const char *v = sales_group_value(d, m->fo.by[i]);
			size_t len = strlen(v) + 1;

			memcpy(m->keybuf + off, v, len);
			off += len;
		}
		key = m->keybuf != NULL ? m->keybuf : "";
	}
	x = &m->deals[m->n];
	if ((rc = strtab_add(&m->owners, &m->arena, d->owner,
	    strlen(d->owner), &m->owner[m->n])) != SALES_OK ||
	    (rc = owner_group(m, m->owner[m->n], key, need, &x->group)) !=
	    SALES_OK ||
	    (rc = strtab_add(&m->teams, &m->arena, d->team, strlen(d->team),
	    &team)) != SALES_OK)
		return rc;
	if (team >= TEAM_LIMIT)
		return SALES_ENOMEM;
	x->team = team;
	x->amount = d->amount;
	if (m->snap != NULL)
		m->snap[m->n] = sales_snaps_find(m->mo.snaps, d->id);
	x->created = d->created;
	x->close = d->close;
	x->state = (uint8_t)d->state;
	if (d->created == SALES_DATE_NONE)
		m->undated++;
	else if (d->created < m->min_created)
		m->min_created = d->created;
	if (m->mo.keep_deals) {
		struct mextra *e = &m->extra[m->n];

		e->line = d->line;
		if ((e->id = sales_arena_strndup(&m->arena, d->id,
		    strlen(d->id))) == NULL ||
		    (e->name = sales_arena_strndup(&m->arena, d->name,
		    strlen(d->name))) == NULL ||
		    (e->stage = sales_arena_strndup(&m->arena, d->stage,
		    strlen(d->stage))) == NULL)
			return SALES_ENOMEM;
	}
	m->n++;
	m->fitted = 0;
	return SALES_OK;
}

/*
 * The group of a deal of owner o, whose group key is key (need bytes):
 * with the owner the only group column, known from the owner after the
 * first deal.  SALES_OK or SALES_ENOMEM.
 */
static int
owner_group(struct sales_model *m, uint32_t o, const char *key, size_t need,
    uint32_t *g)
{
	size_t n;
	uint32_t *p;

	if (m->fo.nby != 1 || m->fo.by[0] != SALES_BY_OWNER)
		return strtab_add(&m->groups, &m->arena, key, need, g);
	if (o < m->nogroup && m->ogroup[o] != NONE32) {
		*g = m->ogroup[o];
		return SALES_OK;
	}
	if (o >= m->nogroup) {
		n = m->nogroup == 0 ? 64 : m->nogroup;
		while (n <= o)
			n *= 2;
		if ((p = realloc(m->ogroup, n * sizeof(*p))) == NULL)
			return SALES_ENOMEM;
		while (m->nogroup < n)
			p[m->nogroup++] = NONE32;
		m->ogroup = p;
	}
	if (strtab_add(&m->groups, &m->arena, key, need, g) != SALES_OK)
		return SALES_ENOMEM;
	m->ogroup[o] = *g;
	return SALES_OK;
}

uint64_t
sales_model_resolved(const struct sales_model *m, int32_t day)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->deals[i].state != SALES_OPEN &&
		    m->deals[i].close != SALES_DATE_NONE &&
		    m->deals[i].close < day)
			n++;
	return n;
}

const struct sales_forecast_options *
sales_model_options(const struct sales_model *m)
{
	return &m->fo;
}

int
sales_model_prepare(struct sales_model *m)
{
	return sort_groups(m);
}

size_t
sales_model_ndeals(const struct sales_model *m)
{
	return m->n;
}

void
sales_model_deal(const struct sales_model *m, size_t i, size_t *group,
    uint32_t *snap, enum sales_state *state, int32_t *close)
{
	const struct mdeal *d = &m->deals[i];

	*group = m->rank[d->group];
	*snap = m->snap != NULL ? m->snap[i] : SALES_SNAP_NONE;
	*state = (enum sales_state)d->state;
	*close = d->close;
}

struct sales_snaps *
sales_model_snaps(const struct sales_model *m)
{
	return m->mo.snaps;
}

int
sales_model_snapshots(const struct sales_model *m)
{
	return m->mo.snaps != NULL;
}

uint64_t
sales_model_undated(const struct sales_model *m)
{
	return m->undated;
}

/* Counts and curves. */

static int
counts_init(struct counts *c, size_t len)
{
	c->won = calloc(len, sizeof(*c->won));
	c->lost = calloc(len, sizeof(*c->lost));
	c->leave = calloc(len, sizeof(*c->leave));
	c->nleave = calloc(len, sizeof(*c->nleave));
	c->resolved = 0;
	if (c->won == NULL || c->lost == NULL || c->leave == NULL ||
	    c->nleave == NULL) {
		counts_fini(c);
		return SALES_ENOMEM;
	}
	return SALES_OK;
}

static void
counts_clear(struct counts *c, size_t len)
{
	memset(c->won, 0, len * sizeof(*c->won));
	memset(c->lost, 0, len * sizeof(*c->lost));
	memset(c->leave, 0, len * sizeof(*c->leave));
	memset(c->nleave, 0, len * sizeof(*c->nleave));
	c->resolved = 0;
}

static void
counts_fini(struct counts *c)
{
	free(c->won);
	free(c->lost);
	free(c->leave);
	free(c->nleave);
	memset(c, 0, sizeof(*c));
}

/*
 * The curve of the counts over ages 0..A: n(0) is everyone, n(a+1) =
 * n(a) - leave(a); F(a+1) = F(a) + S(a) won(a) / n(a), S(a+1) = S(a)
 * (1 - (won(a) + lost(a)) / n(a)).  F and S are kept up to A + maxh + 1,
 * constant past A + 1.  c may be NULL-storage (curve allocated once and
 * rebuilt).
 */
static int
curve_build(struct curve *cv, const struct counts *c, int32_t A,
    int32_t maxh)
{
	size_t len = (size_t)A + (size_t)maxh + 2;
	double n = 0;
	int64_t ni = 0;
	int32_t a;

	if (cv->F == NULL) {
		cv->F = malloc(len * sizeof(*cv->F));
		cv->S = malloc(len * sizeof(*cv->S));
		cv->nrisk = malloc(((size_t)A + 1) * sizeof(*cv->nrisk));
		if (cv->F == NULL || cv->S == NULL || cv->nrisk == NULL) {
			curve_fini(cv);
			return SALES_ENOMEM;
		}
	}
	for (a = 0; a <= A; a++) {
		n += c->leave[a];
		ni += c->nleave[a];
	}
	cv->F[0] = 0;
	cv->S[0] = 1;
	for (a = 0; a <= A; a++) {
		double q;

		cv->nrisk[a] = (int32_t)(ni > INT32_MAX ? INT32_MAX : ni);
		/* Weights are at least 1 cent: n < 0.5 is rounding. */
		if (ni > 0 && n >= 0.5) {
			q = (c->won[a] + c->lost[a]) / n;
			cv->F[a + 1] = cv->F[a] + cv->S[a] * c->won[a] / n;
			cv->S[a + 1] = cv->S[a] * (q > 1 ? 0 : 1 - q);
		} else {
			cv->F[a + 1] = cv->F[a];
			cv->S[a + 1] = cv->S[a];
		}
		n -= c->leave[a];
		ni -= c->nleave[a];
	}
	for (a = A + 2; (size_t)a < len; a++) {
		cv->F[a] = cv->F[a - 1];
		cv->S[a] = cv->S[a - 1];
	}
	cv->resolved = c->resolved;
	return SALES_OK;
}

static void
curve_fini(struct curve *cv)
{
	free(cv->F);
	free(cv->S);
	free(cv->nrisk);
	/* Field by field: clang-analyzer loses a memset of an array's. */
	cv->F = NULL;
	cv->S = NULL;
	cv->nrisk = NULL;
	cv->resolved = 0;
}

/*
 * p(g, h) of the curve into *p; 0 when nobody was at risk at age g (or
 * nobody survived to it), then *p is 0.
 */
static inline int
curve_at(const struct curve *cv, int32_t A, int32_t g, int32_t h, double *p)
{
	double v;

	if (g > A)
		g = A;
	if (g < 0)
		g = 0;
	if (cv->nrisk == NULL || cv->nrisk[g] <= 0 || cv->S[g] <= 0) {
		*p = 0;
		return 0;
	}
	v = (cv->F[g + h] - cv->F[g]) / cv->S[g];
	*p = v < 0 ? 0 : v > 1 ? 1 : v;
	return 1;
}

/* A team's chance at age g within h, shrunk toward everyone's. */
static double
team_p(const struct curve *call, const struct curve *ct, int32_t A,
    int32_t g, int32_t h)
{
	double pa, pt;
	int oka, okt;

	oka = curve_at(call, A, g, h, &pa);
	okt = curve_at(ct, A, g, h, &pt);
	return shrink(okt, pt, ct->resolved, oka ? pa : 0);
}

/* Shrinks a level's estimate toward its parent's with n / (n + k). */
static double
shrink(int ok, double p, int64_t n, double parent)
{
	double w;

	if (!ok || n <= 0)
		return parent;
	w = (double)n / ((double)n + SALES_MODEL_SHRINK_K);
	return w * p + (1 - w) * parent;
}

int
sales_model_curve_p(const int32_t *age, const int *event, size_t n,
    int32_t g, int32_t h, double *p)
{
	struct counts c;
	struct curve cv;
	int32_t A = 0;
	size_t i;
	int ok;

	memset(&cv, 0, sizeof(cv));
	for (i = 0; i < n; i++)
		if (age[i] > A)
			A = age[i];
	if (A > AGE_CAP)
		A = AGE_CAP;
	if (counts_init(&c, (size_t)A + 1) != SALES_OK)
		return SALES_ENOMEM;
	for (i = 0; i < n; i++) {
		int32_t a = age[i] < 0 ? 0 : age[i] > A ? A : age[i];

		if (event[i] == 0) {
			/* Known open at ages below a. */
			if (a > 0) {
				c.leave[a - 1]++;
				c.nleave[a - 1]++;
			}
			continue;
		}
		if (event[i] == 1)
			c.won[a]++;
		else
			c.lost[a]++;
		c.leave[a]++;
		c.nleave[a]++;
		c.resolved++;
	}
	if (curve_build(&cv, &c, A, h) != SALES_OK) {
		counts_fini(&c);
		return SALES_ENOMEM;
	}
	ok = curve_at(&cv, A, g, h, p);
	curve_fini(&cv);
	counts_fini(&c);
	return ok ? SALES_OK : SALES_EDATA;
}

/*
 * The number of windows [s, s + h) with from <= s <= to that hold both
 * created and closed.
 */
static int64_t
windows(int32_t created, int32_t closed, int32_t from, int32_t to, int h)
{
	int64_t lo = (int64_t)closed - h + 1, hi = created;

	if (lo < from)
		lo = from;
	if (hi > to)
		hi = to;
	return hi >= lo ? hi - lo + 1 : 0;
}

/*
 * The create-and-close share of one won deal: its amount times the
 * share of the trailing year's windows of length h that hold it.
 */
static double
nb_share(int32_t created, int32_t closed, int64_t amount, int32_t origin,
    int h)
{
	int32_t from = origin - YEAR;

	if (created == SALES_DATE_NONE || closed == SALES_DATE_NONE ||
	    created < from || closed >= origin || closed < created)
		return 0;
	if (h >= YEAR)	/* one window, the year, scaled */
		return (double)amount * h / YEAR;
	if (closed - created >= h)
		return 0;
	return (double)amount *
	    (double)windows(created, closed, from, origin - h, h) /
	    (double)(YEAR - h + 1);
}

/*
 * The k-th smallest (from 0) of v[0..n), n > k, reordering v in place
 * (Hoare's selection with a middle pivot: linear on average).
 */
static int64_t
select_nth(int64_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		int64_t pivot = v[lo + (hi - lo) / 2], t;
		size_t i = lo, j = hi;

		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

int64_t
sales_model_cap(int64_t *amount, size_t n)
{
	size_t k;

	/* Too few to say what is lumpy: the top share holds no deal. */
	if (n * (100 - SALES_MODEL_CAP_PCT) < 100)
		return INT64_MAX;
	/* Nearest rank: the ceil(n x CAP_PCT / 100)-th smallest. */
	k = (n * SALES_MODEL_CAP_PCT + 99) / 100;
	return select_nth(amount, n, k - 1);
}

int64_t
sales_model_new_business(const int32_t *created, const int32_t *closed,
    const int64_t *amount, size_t n, int32_t origin, int h)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += nb_share(created[i], closed[i], amount[i], origin, h);
	return round_cents(s);
}

/* Groups in key order. */
static int
cmp_key(const void *a, const void *b, const struct strtab *t)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	size_t n = t->len[x] < t->len[y] ? t->len[x] : t->len[y];
	int c = memcmp(t->key[x], t->key[y], n);

	if (c != 0)
		return c;
	return t->len[x] < t->len[y] ? -1 : t->len[x] > t->len[y];
}

static const struct strtab *sort_tab;	/* qsort has no argument */

static int
cmp_key_qsort(const void *a, const void *b)
{
	return cmp_key(a, b, sort_tab);
}

static int
sort_groups(struct sales_model *m)
{
	size_t i, n = m->groups.n;

	if (m->nsorted == n && m->order != NULL)
		return SALES_OK;
	free(m->order);
	free(m->rank);
	m->order = malloc((n + 1) * sizeof(*m->order));
	m->rank = malloc((n + 1) * sizeof(*m->rank));
	if (m->order == NULL || m->rank == NULL)
		return SALES_ENOMEM;
	for (i = 0; i < n; i++)
		m->order[i] = i;
	sort_tab = &m->groups;
	qsort(m->order, n, sizeof(*m->order), cmp_key_qsort);
	for (i = 0; i < n; i++)
		m->rank[m->order[i]] = i;
	m->nsorted = n;
	return SALES_OK;
}

/*
 * Puts the deals in owner order (stable: a counting sort), once per set
 * of deals, so that every fit walks each owner's deals in sequence
 * instead of gathering them from all over memory.
 */
static int
sort_owners(struct sales_model *m)
{
	struct osort s;

	if (m->osorted == m->n && m->ostart != NULL)
		return SALES_OK;
	if (owner_order(m, &s) != SALES_OK)
		return SALES_ENOMEM;
	owner_install(m, &s);
	return SALES_OK;
}

/*
 * The deals (and their owners and strings) in owner order into s, read
 * from m only.  SALES_OK or SALES_ENOMEM (s then holds nothing).
 */
static int
owner_order(const struct sales_model *m, struct osort *s)
{
	size_t no = m->owners.n, i, j, *pos;

	memset(s, 0, sizeof(*s));
	s->ostart = calloc(no + 2, sizeof(*s->ostart));
	pos = malloc((no + 2) * sizeof(*pos));
	s->d = sales_huge_alloc((m->n + 1) * sizeof(*s->d));
	if (m->extra != NULL)
		s->e = malloc((m->n + 1) * sizeof(*s->e));
	if (m->snap != NULL)
		s->snap = malloc((m->n + 1) * sizeof(*s->snap));
	if (s->ostart == NULL || pos == NULL || s->d == NULL ||
	    (m->extra != NULL && s->e == NULL) ||
	    (m->snap != NULL && s->snap == NULL)) {
		free(pos);
		owner_free(s);
		return SALES_ENOMEM;
	}
	for (i = 0; i < m->n; i++)
		s->ostart[m->owner[i] + 1]++;
	for (j = 0; j < no; j++)
		s->ostart[j + 1] += s->ostart[j];
	memcpy(pos, s->ostart, (no + 1) * sizeof(*pos));
	for (i = 0; i < m->n; i++) {
		size_t to = pos[m->owner[i]]++;

		s->d[to] = m->deals[i];
		if (s->e != NULL)
			s->e[to] = m->extra[i];
		if (s->snap != NULL)
			s->snap[to] = m->snap[i];
	}
	free(pos);
	return SALES_OK;
}

/* Makes s (owner_order's) m's deals. */
static void
owner_install(struct sales_model *m, struct osort *s)
{
	free(m->ostart);
	work_offer(m, m->deals, m->cap * sizeof(*m->deals));
	m->ostart = s->ostart;
	m->deals = s->d;
	m->cap = m->n + 1;
	/*
	 * Each owner's deals are together now: the owners array, still
	 * in the old order, is filled again only for a sort to come.
	 */
	if (s->e != NULL) {
		free(m->extra);
		m->extra = s->e;
	}
	if (s->snap != NULL) {
		free(m->snap);
		m->snap = s->snap;
	}
	m->osorted = m->n;
}

/*
 * Each deal's owner again, for the deals put in owner order (their
 * owners array was left in the old order), when more deals came since:
 * a sort or a list of the resolved deals to come reads it.
 */
static void
owners_fill(struct sales_model *m)
{
	size_t j, i;

	if (m->ostart == NULL || m->osorted == m->n)
		return;
	for (j = 0; j < m->owners.n; j++)
		for (i = m->ostart[j]; i < m->ostart[j + 1]; i++)
			m->owner[i] = (uint32_t)j;
}

static void
owner_free(struct osort *s)
{
	free(s->ostart);
	free(s->d);
	free(s->e);
	free(s->snap);
	memset(s, 0, sizeof(*s));
}

static int64_t
round_cents(double v)
{
	if (v >= 9.2e18)
		return INT64_MAX;
	if (v <= -9.2e18)
		return INT64_MIN;
	return v >= 0 ? (int64_t)(v + 0.5) : -(int64_t)(-v + 0.5);
}


/* The generator. */

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
sales_rng_seed(struct sales_rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix(&seed);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
sales_rng_next(struct sales_rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The ranges of one group (its open deals idx[0..n)), written into
 * cell[0..nh) p10/p50/p90, with new_business already in the cells.
 */
static int
ranges(struct sales_model *m, const size_t *idx, size_t n, size_t nh,
    const double *p, struct sales_model_cell *cell, uint64_t stream)
{
	static const double z90 = 1.2815515655446004;
	size_t h, i;
	uint64_t t, trials = m->mo.trials;

	if (n >= SALES_MODEL_NORMAL_MIN || trials == 0) {
		for (h = 0; h < nh; h++) {
			double mu = 0, var = 0, top = 0, sd, lo, hi;

			for (i = 0; i < n; i++) {
				double a = (double)m->deals[idx[i]].amount;
				double q = p[idx[i] * nh + h];

				mu += q * a;
				var += q * (1 - q) * a * a;
				top += a > 0 ? a : 0;
			}
			sd = sales_sqrt(var);
			lo = mu - z90 * sd;
			hi = mu + z90 * sd;
			lo = lo < 0 ? 0 : lo;
			hi = hi > top ? top : hi;
			cell[h].p10 = round_cents(lo) + cell[h].new_business;
			cell[h].p50 = round_cents(mu) + cell[h].new_business;
			cell[h].p90 = round_cents(hi) + cell[h].new_business;
		}
		return SALES_OK;
	}
	{
		uint64_t *thr = malloc((n * nh + 1) * sizeof(*thr));
		int64_t *amt = malloc((n + 1) * sizeof(*amt));
		int64_t *sum = malloc((trials * nh + 1) * sizeof(*sum));
		struct sales_rng rng;
		uint64_t seed;

		if (thr == NULL || amt == NULL || sum == NULL) {
			free(thr);
			free(amt);
			free(sum);
			return SALES_ENOMEM;
		}
		for (i = 0; i < n; i++) {
			amt[i] = m->deals[idx[i]].amount;
			for (h = 0; h < nh; h++) {
				double q = p[idx[i] * nh + h];

				/* A draw below q x 2^64 wins. */
				thr[i * nh + h] = q >= 1 ? UINT64_MAX :
				    (uint64_t)(q * 18446744073709551616.0);
			}
		}
		/* Each group its own stream, whatever the others. */
		seed = m->mo.seed ^ stream;
		sales_rng_seed(&rng, seed);
		memset(sum, 0, trials * nh * sizeof(*sum));
		for (t = 0; t < trials; t++) {
			int64_t *s = &sum[t * nh];

			for (i = 0; i < n; i++) {
				uint64_t u = sales_rng_next(&rng);
				const uint64_t *th = &thr[i * nh];

				/* Horizons are nested: a win by h wins later. */
				for (h = nh; h-- > 0 && u < th[h];)
					s[h] += amt[i];
			}
		}
		free(thr);
		free(amt);
		for (h = 0; h < nh; h++) {
			int64_t *col = malloc(trials * sizeof(*col));

			if (col == NULL) {
				free(sum);
				return SALES_ENOMEM;
			}
			for (t = 0; t < trials; t++)
				col[t] = sum[t * nh + h];
			qsort(col, trials, sizeof(*col), cmp_i64);
			/* Nearest rank: the ceil(q T)-th smallest. */
			cell[h].p10 = col[(trials * 1 + 9) / 10 - 1] +
			    cell[h].new_business;
			cell[h].p50 = col[(trials * 5 + 9) / 10 - 1] +
			    cell[h].new_business;
			cell[h].p90 = col[(trials * 9 + 9) / 10 - 1] +
			    cell[h].new_business;
			free(col);
		}
		free(sum);
	}
	return SALES_OK;
}

/*
 * Where the fit is: deal i's status at the origin.  A fit at several
 * origins (fit_many) follows the same rule by spans and by the list of
 * deals RESOLVED (at every origin after their close).
 */
enum { D_NONE, D_RESOLVED, D_OPEN };
#define RESOLVED(d)	((d)->state != SALES_OPEN && \
			    (d)->close != SALES_DATE_NONE && \
			    (d)->created != SALES_DATE_NONE)

static inline int
status_at(const struct mdeal *d, int32_t origin, int live)
{
	if (d->state != SALES_OPEN && d->close != SALES_DATE_NONE &&
	    d->close < origin)
		return d->created != SALES_DATE_NONE ? D_RESOLVED : D_NONE;
	if (live)
		return d->state == SALES_OPEN ? D_OPEN : D_NONE;
	/* A backtest sees only deals created before the origin. */
	if (d->created == SALES_DATE_NONE || d->created >= origin)
		return D_NONE;
	if (d->state != SALES_OPEN && d->close == SALES_DATE_NONE)
		return D_NONE;
	return D_OPEN;
}

static int32_t
age_at(const struct mdeal *d, int32_t origin, int32_t A)
{
	int64_t g;

	if (d->created == SALES_DATE_NONE)
		return 0;
	g = (int64_t)origin - d->created;
	return g < 0 ? 0 : g > A ? A : (int32_t)g;
}

/*
 * A deal's weight in the counts: its amount in cents, at least 1 (a
 * dollar win rate, with 0% deals still counted).
 */
#define WEIGHT(amount)	((amount) > 0 ? (double)(amount) : 1)

/* Adds open deal d to level counts c: at risk until its age at origin. */
static inline void
count_open(struct counts *c, const struct mdeal *d, int32_t origin,
    int32_t A)
{
	int64_t e;

	if (d->created == SALES_DATE_NONE)
		return;
	/* Known open at ages below origin - created. */
	e = (int64_t)origin - d->created;
	e = e > A + 1 ? A + 1 : e;
	if (e > 0) {
		c->leave[e - 1] += WEIGHT(d->amount);
		c->nleave[e - 1]++;
	}
}

/*
 * Adds a deal resolved at age (clamped to A, as at an origin that sees
 * it resolved), weight w, to level counts c.
 */
static inline void
count_resolved(struct counts *c, int32_t age, int won, double w, int32_t A)
{
	size_t e = (size_t)(age > A ? A : age);

	if (won)
		c->won[e] += w;
	else
		c->lost[e] += w;
	c->leave[e] += w;
	c->nleave[e]++;
	c->resolved++;
}

/*
 * Level counts c over ages 0..A + 1 start as from's (over 0..fromA + 1:
 * the deals resolved by an earlier origin, whose oldest age fromA is no
 * older), or empty.
 */
static void
counts_carry(struct counts *c, int32_t A, const struct counts *from,
    int32_t fromA)
{
	size_t len = (size_t)A + 2, n = (size_t)fromA + 2;

	if (from == NULL) {
		counts_clear(c, len);
		return;
	}
	memcpy(c->won, from->won, n * sizeof(*c->won));
	memcpy(c->lost, from->lost, n * sizeof(*c->lost));
	memcpy(c->leave, from->leave, n * sizeof(*c->leave));
	memcpy(c->nleave, from->nleave, n * sizeof(*c->nleave));
	memset(c->won + n, 0, (len - n) * sizeof(*c->won));
	memset(c->lost + n, 0, (len - n) * sizeof(*c->lost));
	memset(c->leave + n, 0, (len - n) * sizeof(*c->leave));
	memset(c->nleave + n, 0, (len - n) * sizeof(*c->nleave));
	c->resolved = from->resolved;
}

/*
 * Snapshot rates: per horizon, counts and wins of deals open at past
 * origins by cell (stage, position, quarter end, size, pushes).
 */
#define SNAP_WEEKS	52
#define NPOS		3
#define NQEND		2
#define NSIZE		3
#define NPUSH		3
#define SIZE_LARGE	4	/* band 2 from this many times the median */

struct srates {
	double	*cnt;		/* nh x ns x NPOS x NQEND x NSIZE x NPUSH,
				   then wins */
	size_t	 ns, nh;
	int64_t	 med;		/* median amount of the deals resolved */
	int32_t	 qend;		/* the last day of the origin's quarter */
};

/* The last day of the calendar quarter holding day. */
static int32_t
quarter_end(int32_t day)
{
	int y, m, d;

	sales_date_to_ymd(day, &y, &m, &d);
	m = (m - 1) / 3 * 3 + 4;
	return (m > 12 ? sales_date_from_ymd(y + 1, 1, 1) :
	    sales_date_from_ymd(y, m, 1)) - 1;
}

/*
 * The cell of a deal open at origin as s shows it, for horizon h of hz
 * days; qend is the last day of origin's quarter.
 */
static size_t
snap_cell(const struct srates *r, size_t h, const struct sales_snap_state *s,
    int32_t origin, int hz, int32_t qend)
{
	size_t pos, size, push = s->pushes < 0 ? 0 : s->pushes > 2 ? 2 :
	    (size_t)s->pushes;
	/*
	 * Whether the horizon holds a quarter's last day: many deals are
	 * won in the last days of a quarter, so a window over one wins
	 * more than its deals' planned closes tell, and one without
	 * fewer.
	 */
	size_t qe = (int64_t)qend < (int64_t)origin + hz;

	if (s->close != SALES_DATE_NONE && s->close < origin)
		pos = 0;	/* overdue */
	else if (s->close != SALES_DATE_NONE &&
	    (int64_t)s->close < (int64_t)origin + hz)
		pos = 1;	/* planned inside the horizon */
	else
		pos = 2;	/* after it, or unscheduled */
	/* The deal's size as of then, against the median deal. */
	if (r->med <= 0 || (s->amount >= r->med &&
	    s->amount / SIZE_LARGE < r->med))
		size = 1;
	else
		size = s->amount < r->med ? 0 : 2;
	return ((((h * r->ns + s->stage) * NPOS + pos) * NQEND + qe) *
	    NSIZE + size) * NPUSH + push;
}

static int
snap_rates(const struct sales_model *m, int32_t origin, struct srates *r)
{
	size_t nh = m->fo.nhorizons, i, h, cells;
	int32_t qend[SNAP_WEEKS + 1];
	int j;

	r->ns = sales_snaps_nstages(m->mo.snaps);
	r->nh = nh;
	cells = nh * r->ns * NPOS * NQEND * NSIZE * NPUSH;
	r->qend = quarter_end(origin);
	if ((r->cnt = calloc(2 * cells + 1, sizeof(*r->cnt))) == NULL)
		return SALES_ENOMEM;
	for (j = 1; j <= SNAP_WEEKS; j++)
		qend[j] = quarter_end(origin - 7 * j);
	for (i = 0; i < m->n; i++) {
		const struct mdeal *d = &m->deals[i];

		if (m->snap[i] == SALES_SNAP_NONE)
			continue;
		for (j = 1; j <= SNAP_WEEKS; j++) {
			int32_t t = origin - 7 * j;
			struct sales_snap_state ss;

			if (status_at(d, t, 0) != D_OPEN ||
			    !sales_snaps_state(m->mo.snaps, m->snap[i], t, &ss) ||
			    ss.state != SALES_OPEN)
				continue;
			for (h = 0; h < nh; h++) {
				int hz = m->fo.horizons[h];
				size_t c;

				/* Only outcomes known at the origin. */
				if ((int64_t)t + hz > origin)
					continue;
				c = snap_cell(r, h, &ss, t, hz, qend[j]);
				r->cnt[c] += 1;
				if (d->state == SALES_WON && d->close >= t &&
				    (int64_t)d->close < (int64_t)t + hz)
					r->cnt[cells + c] += 1;
			}
		}
	}
	return SALES_OK;
}

/*
 * A deal's chance from its cell, shrunk to its stage, position, quarter
 * end and size, that to its stage, position and quarter end, that to its
 * stage and position, and that to the prior.
 */
static double
snap_p(const struct srates *r, size_t h, const struct sales_snap_state *s,
    int32_t origin, int hz, double prior)
{
	size_t cells = r->nh * r->ns * NPOS * NQEND * NSIZE * NPUSH;
	size_t c = snap_cell(r, h, s, origin, hz, r->qend), cb = c - c % NPUSH;
	size_t ca = c - c % (NPUSH * NSIZE);
	size_t c0 = c - c % (NPUSH * NSIZE * NQEND), k;
	double n = 0, w = 0, p;

	if (r->cnt == NULL)	/* no snapshot rates: the prior alone */
		return prior;
	for (k = 0; k < NPUSH * NSIZE * NQEND; k++) {
		n += r->cnt[c0 + k];
		w += r->cnt[cells + c0 + k];
	}
	p = (w + SALES_MODEL_SHRINK_K * prior) / (n + SALES_MODEL_SHRINK_K);
	for (k = 0, n = 0, w = 0; k < NPUSH * NSIZE; k++) {
		n += r->cnt[ca + k];
		w += r->cnt[cells + ca + k];
	}
	p = (w + SALES_MODEL_SHRINK_K * p) / (n + SALES_MODEL_SHRINK_K);
	for (k = 0, n = 0, w = 0; k < NPUSH; k++) {
		n += r->cnt[cb + k];
		w += r->cnt[cells + cb + k];
	}
	p = (w + SALES_MODEL_SHRINK_K * p) / (n + SALES_MODEL_SHRINK_K);
	return (r->cnt[cells + c] + SALES_MODEL_SHRINK_K * p) /
	    (r->cnt[c] + SALES_MODEL_SHRINK_K);
}

/*
 * Won deal d's part at origin: the run-rate rr of its group (won in the
 * year before), what was won within each horizon (the cells' actual),
 * and new business nb (created and won inside a window).  Other deals
 * add nothing.  SALES_OK, or SALES_EDATA when the actual overflows.
 */
static int
won_at(const struct sales_model *m, const struct mdeal *d, int32_t origin,
    int64_t cap, double *rr, double *nb, struct fit *f)
{
	size_t nh = m->fo.nhorizons, g = d->group, h;
	int32_t maxh = m->fo.horizons[nh - 1];

	if (d->state != SALES_WON || d->close == SALES_DATE_NONE)
		return SALES_OK;
	if (d->close < origin && d->close >= origin - YEAR)
		rr[g] += (double)d->amount;
	/* Most won deals are neither outcomes nor new business here. */
	if (d->close >= (int64_t)origin + maxh || (d->close < origin &&
	    (d->created == SALES_DATE_NONE || d->created < origin - YEAR)))
		return SALES_OK;
	for (h = 0; h < nh; h++) {
		struct sales_model_cell *c = &f->cells[g * nh + h];

		if (d->close >= origin && (int64_t)d->close < (int64_t)origin +
		    m->fo.horizons[h] &&
		    __builtin_add_overflow(c->actual, d->amount, &c->actual)) {
			sales_fmt(f->err, sizeof(f->err), "amounts add up "
			    "beyond the range of 64-bit cents");
			return SALES_EDATA;
		}
		nb[g * nh + h] += nb_share(d->created, d->close,
		    d->amount < cap ? d->amount : cap, origin,
		    m->fo.horizons[h]);
	}
	return SALES_OK;
}

/*
 * One origin's part of a fit at several origins (fit_many): its counts,
 * curves and sums, and its output f.
 */
struct ofit {
	int32_t		 origin;
	int32_t		 A;		/* the oldest age that matters */
	struct fit	*f;
	struct counts	 all, *team, own;
	struct curve	 call, *cteam, cown;
	double		*exp, *nb, *rr, *wsum, *var, *varc;
	double		*ttab;		/* team x age x horizon, or NULL */
	double		 wown;		/* the owner's weight */
	/*
	 * The owner's chances by team x age x horizon (with ttab), each
	 * worked out at the first of the owner's deals that needs it:
	 * valid where mstamp is stamp, which is new for every owner.
	 */
	double		*mq;
	uint32_t	*mstamp;
	uint32_t	 stamp;
	struct srates	 sr;
	int64_t		 cap;
};

/* Sets up o (origin and f set) for a fit.  SALES_OK or SALES_ENOMEM. */
static int
ofit_start(const struct sales_model *m, struct ofit *o)
{
	size_t nh = m->fo.nhorizons, ng = m->groups.n, nt = m->teams.n, j;

	memset(o->f->cells, 0, (ng + 1) * nh * sizeof(*o->f->cells));
	/*
	 * The oldest age that matters: no deal seen at the origin is older
	 * than the oldest deal of all, and past the ages anyone reached the
	 * curves are flat, so this bound gives the same curves as the exact
	 * maximum without a pass over the deals.
	 */
	if (m->min_created != INT32_MAX &&
	    (int64_t)o->origin - m->min_created > 0)
		o->A = (int64_t)o->origin - m->min_created > AGE_CAP ?
		    AGE_CAP : (int32_t)((int64_t)o->origin - m->min_created);
	if (counts_init(&o->all, (size_t)o->A + 2) != SALES_OK ||
	    counts_init(&o->own, (size_t)o->A + 2) != SALES_OK ||
	    (o->team = calloc(nt + 1, sizeof(*o->team))) == NULL ||
	    (o->cteam = calloc(nt + 1, sizeof(*o->cteam))) == NULL)
		return SALES_ENOMEM;
	for (j = 0; nt > 1 && j < nt; j++)
		if (counts_init(&o->team[j], (size_t)o->A + 2) != SALES_OK)
			return SALES_ENOMEM;
	/* Sums per group: expected, actual, run-rate, new business. */
	o->exp = calloc((ng + 1) * nh, sizeof(*o->exp));
	o->nb = calloc((ng + 1) * nh, sizeof(*o->nb));
	o->wsum = calloc((ng + 1) * nh, sizeof(*o->wsum));
	o->rr = calloc(ng + 1, sizeof(*o->rr));
	o->var = calloc((ng + 1) * nh, sizeof(*o->var));
	o->varc = calloc((ng + 1) * nh, sizeof(*o->varc));
	if (o->exp == NULL || o->nb == NULL || o->rr == NULL ||
	    o->wsum == NULL || o->var == NULL || o->varc == NULL)
		return SALES_ENOMEM;
	return SALES_OK;
}

/*
 * After the first pass: the cap on one deal's amount and the median
 * amount, from the deals resolved by the origin (a prefix of the
 * model's resolved deals by close date, copied to lump), the snapshot
 * rates, everyone's and each team's curves, and the team table.
 * SALES_OK or SALES_ENOMEM.
 */
static int
ofit_curves(const struct sales_model *m, struct ofit *o, int64_t *lump)
{
	size_t nh = m->fo.nhorizons, nt = m->teams.n, nl, lo, hi, j, h, ntab;
	int32_t maxh = m->fo.horizons[nh - 1], A = o->A, a;

	for (lo = 0, hi = m->nres; lo < hi; ) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->res[mid].close < o->origin)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* The median sizes the snapshot cells only. */
	if (m->mo.snaps != NULL || !top_cap(m, lo, &o->cap)) {
		for (nl = 0; nl < lo; nl++)
			lump[nl] = m->res[nl].amount;
		o->cap = sales_model_cap(lump, nl);
		o->sr.med = nl > 0 && m->mo.snaps != NULL ?
		    select_nth(lump, nl, nl / 2) : 0;
	}
	if (m->mo.snaps != NULL && snap_rates(m, o->origin, &o->sr) !=
	    SALES_OK)
		return SALES_ENOMEM;
	for (j = 0; nt > 1 && j < nt; j++) {
		/* Sums of whole cents: exact in any order. */
		for (a = 0; a <= A + 1; a++) {
			o->all.won[a] += o->team[j].won[a];
			o->all.lost[a] += o->team[j].lost[a];
			o->all.leave[a] += o->team[j].leave[a];
			o->all.nleave[a] += o->team[j].nleave[a];
		}
		o->all.resolved += o->team[j].resolved;
	}
	if (curve_build(&o->call, &o->all, A, maxh) != SALES_OK)
		return SALES_ENOMEM;
	/* One team (or no team column): the team is everyone. */
	for (j = 0; nt > 1 && j < nt; j++) {
		if (curve_build(&o->cteam[j], &o->team[j], A, maxh) !=
		    SALES_OK)
			return SALES_ENOMEM;
		counts_fini(&o->team[j]);
	}
	/*
	 * The team's chance (shrunk toward everyone's) by age and horizon
	 * depends on no owner: a table of it, unless that would be large.
	 */
	ntab = nt > 1 ? nt : 1;
	if (ntab * ((size_t)A + 1) * nh > TEAM_TABLE_MAX)
		return SALES_OK;
	if ((o->ttab = malloc(ntab * ((size_t)A + 1) * nh *
	    sizeof(*o->ttab))) == NULL ||
	    (o->mq = malloc(ntab * ((size_t)A + 1) * nh *
	    sizeof(*o->mq))) == NULL ||
	    (o->mstamp = calloc(ntab * ((size_t)A + 1),
	    sizeof(*o->mstamp))) == NULL)
		return SALES_ENOMEM;
	for (j = 0; j < ntab; j++)
		for (a = 0; a <= A; a++)
			for (h = 0; h < nh; h++)
				o->ttab[(j * ((size_t)A + 1) + (size_t)a) *
				    nh + h] = team_p(&o->call, nt > 1 ?
				    &o->cteam[j] : &o->call, A, a,
				    m->fo.horizons[h]);
	return SALES_OK;
}

/*
 * The chances per horizon of owner's deal x at age g (before its
 * snapshots have a say): in o's table, or buf.
 */
static const double *
owner_q(const struct sales_model *m, struct ofit *o, const struct mdeal *x,
    int32_t g, double *buf)
{
	size_t nh = m->fo.nhorizons, nt = m->teams.n, h, i = 0;
	int32_t A = o->A;
	double *q = buf;

	if (o->mq != NULL) {
		i = (nt > 1 ? (size_t)x->team : 0) * ((size_t)A + 1) +
		    (size_t)g;
		q = &o->mq[i * nh];
		if (o->mstamp[i] == o->stamp)
			return q;
		o->mstamp[i] = o->stamp;
	}
	for (h = 0; h < nh; h++) {
		int32_t hz = m->fo.horizons[h];
		double pt, po;

		pt = o->ttab != NULL ? o->ttab[i * nh + h] :
		    team_p(&o->call, nt > 1 ? &o->cteam[x->team] : &o->call,
		    A, g, hz);
		/*
		 * shrink(), with the owner's weight kept (the owner's curve
		 * is built before any deal of theirs is scored; the NULL
		 * test is for clang-analyzer, which cannot tell).
		 */
		q[h] = o->wown > 0 && o->cown.nrisk != NULL &&
		    curve_at(&o->cown, A, g, hz, &po) ?
		    o->wown * po + (1 - o->wown) * pt : pt;
	}
	return q;
}

/*
 * The non-decreasing sequence nearest q[0..n-1] in squared error (pool
 * adjacent violators, equal weights), in place.
 */
static void
isotonic(double *q, size_t n)
{
	double v[SALES_FORECAST_MAX_HORIZONS];
	size_t w[SALES_FORECAST_MAX_HORIZONS], nb = 0, i, j, k;

	for (i = 0; i < n; i++) {
		v[nb] = q[i];
		w[nb++] = 1;
		while (nb > 1 && v[nb - 2] > v[nb - 1]) {
			v[nb - 2] = (v[nb - 2] * (double)w[nb - 2] +
			    v[nb - 1] * (double)w[nb - 1]) /
			    (double)(w[nb - 2] + w[nb - 1]);
			w[nb - 2] += w[nb - 1];
			nb--;
		}
	}
	for (k = 0, i = 0; k < nb; k++)
		for (j = 0; j < w[k]; j++)
			q[i++] = v[k];
}

/* Open deal d's chance per horizon at o's origin, and its sums. */
static void
ofit_eval(const struct sales_model *m, struct ofit *o, size_t d)
{
	size_t nh = m->fo.nhorizons, h;
	const struct mdeal *x = &m->deals[d];
	struct sales_snap_state ss;
	int32_t g, A = o->A, origin = o->origin;
	int64_t full = x->amount, amt;
	size_t gi = x->group * nh;
	int snapped;
	double qs[SALES_FORECAST_MAX_HORIZONS];
	double buf[SALES_FORECAST_MAX_HORIZONS];
	const double *q0;

	g = age_at(x, origin, A);
	snapped = m->mo.snaps != NULL && sales_snaps_state(m->mo.snaps,
	    m->snap[d], origin, &ss) && ss.state == SALES_OPEN;
	/*
	 * Before the as-of date the file's amount is the one the deal
	 * ended with, an outcome after the origin; the snapshot's is what
	 * was known then.
	 */
	if (snapped && !o->f->live)
		full = ss.amount;
	amt = full < o->cap ? full : o->cap;
	/* The age model's chances never fall with the horizon (F grows). */
	q0 = owner_q(m, o, x, g, buf);
	if (snapped) {
		for (h = 0; h < nh; h++)
			qs[h] = snap_p(&o->sr, h, &ss, origin,
			    m->fo.horizons[h], q0[h]);
		/*
		 * Cumulative: a deal won within h days is won within any
		 * longer horizon.  The snapshot cells of each horizon are
		 * estimated apart (the planned-close position and the
		 * quarter end depend on the horizon, and a longer horizon
		 * has fewer past origins with a known outcome), so their
		 * rates can dip.  Pooling the ones that cross keeps the
		 * chance non-decreasing without the upward bias of a
		 * running maximum, which always keeps the noisier high one.
		 */
		isotonic(qs, nh);
		q0 = qs;
	}
	for (h = 0; h < nh; h++) {
		double q = q0[h], ac;
		int32_t hz = m->fo.horizons[h];

		o->exp[gi + h] += q * (double)amt;
		if (o->f->p != NULL)
			o->f->p[d * nh + h] = q;
		if (o->f->sd) {
			ac = (double)full;
			o->var[gi + h] += q * (1 - q) * ac * ac;
			ac = (double)amt;
			o->varc[gi + h] += q * (1 - q) * ac * ac;
		}
		/* The weighted pipeline as it stood then. */
		if (snapped && ss.close != SALES_DATE_NONE &&
		    ss.close >= origin && (int64_t)ss.close < (int64_t)origin +
		    hz)
			o->wsum[gi + h] += (double)ss.amount * ss.prob /
			    SALES_PPM;
	}
}

/* o's cells from its sums. */
static void
ofit_cells(const struct sales_model *m, struct ofit *o)
{
	size_t nh = m->fo.nhorizons, ng = m->groups.n, j, h;
	struct sales_model_cell *cells = o->f->cells;

	for (j = 0; j < ng; j++) {
		for (h = 0; h < nh; h++) {
			struct sales_model_cell *c = &cells[j * nh + h];
			struct sales_model_cell *t = &cells[ng * nh + h];

			c->new_business = round_cents(o->nb[j * nh + h]);
			c->expected = round_cents(o->exp[j * nh + h]) +
			    c->new_business;
			c->model = c->expected;
			c->runrate = round_cents(o->rr[j] * m->fo.horizons[h] /
			    YEAR);
			c->weighted = round_cents(o->wsum[j * nh + h]);
			c->sd = round_cents(sales_sqrt(o->var[j * nh + h]));
			c->sd_capped = round_cents(sales_sqrt(o->varc[j * nh +
			    h]));
			o->var[ng * nh + h] += o->var[j * nh + h];
			o->varc[ng * nh + h] += o->varc[j * nh + h];
			t->weighted += c->weighted;
			t->new_business += c->new_business;
			t->expected += c->expected;
			t->model += c->model;
			t->runrate += c->runrate;
			t->actual += c->actual;
		}
	}
	for (h = 0; h < nh; h++) {
		cells[ng * nh + h].sd = round_cents(sales_sqrt(o->var[ng * nh +
		    h]));
		cells[ng * nh + h].sd_capped = round_cents(sales_sqrt(
		    o->varc[ng * nh + h]));
	}
}

static void
ofit_free(const struct sales_model *m, struct ofit *o)
{
	size_t j, nt = m->teams.n;

	if (o->team != NULL)
		for (j = 0; j < nt; j++)
			counts_fini(&o->team[j]);
	if (o->cteam != NULL)
		for (j = 0; j < nt; j++)
			curve_fini(&o->cteam[j]);
	free(o->team);
	free(o->cteam);
	counts_fini(&o->all);
	counts_fini(&o->own);
	curve_fini(&o->call);
	curve_fini(&o->cown);
	free(o->exp);
	free(o->wsum);
	free(o->var);
	free(o->varc);
	free(o->ttab);
	free(o->mq);
	free(o->mstamp);
	free(o->sr.cnt);
	free(o->nb);
	free(o->rr);
}

/*
 * Fits at origin[0..n-1] (f[k].live as SALES_FIT_LIVE; n at most
 * FIT_BATCH) into f[0..n-1], reading the model only, so that several
 * such fits may run at once.  A fit is bound by memory, not arithmetic,
 * so one pass over the deals serves every origin, taken in date order:
 * a deal is open at a run of them (span) and resolved at every one
 * after that, and the deals resolved by an origin are those resolved
 * by the one before plus those closed in between (the model's resolved
 * deals by close date, and each owner's).  Two passes: the teams'
 * counts; then, owner by owner, the owner's counts, the won deals'
 * sums and the open deals' chances.  sp has room for a span a deal,
 * lump for every deal's amount.  The model's groups, owners and
 * resolved deals are sorted beforehand (fit_ready).
 */
static int
fit_many(const struct sales_model *m, const int32_t *origin, size_t n,
    struct fit *f, struct span *sp, int64_t *lump)
{
	size_t nt = m->teams.n, no = m->owners.n, nh = m->fo.nhorizons;
	size_t i, j, k, a, r, nn = 0, nl = 0, kn[FIT_BATCH], kl[FIT_BATCH];
	size_t ord[FIT_BATCH] = { 0 };
	const size_t *ostart = m->ostart;
	int32_t maxh = m->fo.horizons[nh - 1];
	int32_t t[FIT_BATCH], tn[FIT_BATCH];
	struct ofit o[FIT_BATCH];
	int rc = SALES_ENOMEM;

	if (n > FIT_BATCH)
		return SALES_EUSAGE;
	memset(o, 0, sizeof(o));
	/* The origins in date order (an insertion sort: n is small). */
	for (k = 0; k < n; k++) {
		for (i = k; i > 0 && origin[ord[i - 1]] > origin[k]; i--)
			ord[i] = ord[i - 1];
		ord[i] = k;
	}
	for (k = 0; k < n; k++) {
		o[k].origin = t[k] = origin[ord[k]];
		o[k].f = &f[ord[k]];
		if (o[k].f->live)
			kl[nl++] = k;
		else {
			tn[nn] = t[k];
			kn[nn++] = k;
		}
		if (ofit_start(m, &o[k]) != SALES_OK)
			goto out;
		/* Every deal not open is -1 (those open are set below). */
		for (i = 0; o[k].f->p != NULL && i < m->n * nh; i++)
			o[k].f->p[i] = -1;
	}
	/*
	 * The teams' counts of the deals resolved by each origin (with
	 * teams, everyone's counts are their sum), each origin's carried
	 * from the one before.
	 */
	for (k = 0, r = 0; k < n; k++) {
		for (j = 0; j < (nt > 1 ? nt : 1); j++)
			counts_carry(nt > 1 ? &o[k].team[j] : &o[k].all,
			    o[k].A, k == 0 ? NULL : nt > 1 ? &o[k - 1].team[j] :
			    &o[k - 1].all, k > 0 ? o[k - 1].A : 0);
		for (; r < m->nres && m->res[r].close < t[k]; r++) {
			const struct resolved *x = &m->res[r];

			count_resolved(nt > 1 ? &o[k].team[x->team] : &o[k].all,
			    x->age, x->won, WEIGHT(x->amount), o[k].A);
		}
	}
	/* Each deal's spans, and the open deals' part of the teams'. */
	for (i = 0; i < m->n; i++) {
		const struct mdeal *d = &m->deals[i];

		span_of(d, tn, nn, t, n, maxh, &sp[i]);
		for (a = sp[i].open; a < sp[i].open_end && a < nn; a++)
			count_open(nt > 1 ? &o[kn[a]].team[d->team] :
			    &o[kn[a]].all, d, tn[a], o[kn[a]].A);
		for (a = 0; d->state == SALES_OPEN && a < nl; a++)
			count_open(nt > 1 ? &o[kl[a]].team[d->team] :
			    &o[kl[a]].all, d, t[kl[a]], o[kl[a]].A);
	}
	for (k = 0; k < n; k++)
		if (ofit_curves(m, &o[k], lump) != SALES_OK)
			goto out;
	/* Each owner's curve and deals: the deals are kept in owner order. */
	for (j = 0; j < no; j++) {
		/* The owner's resolved deals, as the teams' above. */
		for (k = 0, r = m->orstart[j]; k < n; k++) {
			counts_carry(&o[k].own, o[k].A, k == 0 ? NULL :
			    &o[k - 1].own, k > 0 ? o[k - 1].A : 0);
			for (; r < m->orstart[j + 1] && m->ores[r].close < t[k];
			    r++)
				count_resolved(&o[k].own, m->ores[r].age,
				    m->ores[r].won, m->ores[r].w, o[k].A);
		}
		for (i = ostart[j]; i < ostart[j + 1]; i++) {
			const struct mdeal *d = &m->deals[i];

			for (a = sp[i].open; a < sp[i].open_end && a < nn; a++)
				count_open(&o[kn[a]].own, d, tn[a],
				    o[kn[a]].A);
			for (a = 0; d->state == SALES_OPEN && a < nl; a++)
				count_open(&o[kl[a]].own, d, t[kl[a]],
				    o[kl[a]].A);
			for (k = sp[i].won; k < sp[i].won_end && k < n; k++) {
				if ((rc = won_at(m, d, t[k], o[k].cap, o[k].rr,
				    o[k].nb, o[k].f)) != SALES_OK) {
					/* The message where callers look. */
					if (o[k].f != &f[0])
						memcpy(f[0].err, o[k].f->err,
						    sizeof(f[0].err));
					goto out;
				}
			}
		}
		rc = SALES_ENOMEM;
		for (k = 0; k < n; k++) {
			struct counts *c = &o[k].own;

			if (curve_build(&o[k].cown, c, o[k].A, maxh) !=
			    SALES_OK)
				goto out;
			o[k].wown = c->resolved > 0 ? (double)c->resolved /
			    ((double)c->resolved + SALES_MODEL_SHRINK_K) : 0;
			o[k].stamp++;
		}
		for (i = ostart[j]; i < ostart[j + 1]; i++) {
			for (a = sp[i].open; a < sp[i].open_end && a < nn; a++)
				ofit_eval(m, &o[kn[a]], i);
			for (a = 0; m->deals[i].state == SALES_OPEN && a < nl;
			    a++)
				ofit_eval(m, &o[kl[a]], i);
		}
	}
	for (k = 0; k < n; k++)
		ofit_cells(m, &o[k]);
	rc = SALES_OK;
out:
	for (k = 0; k < n; k++)
		ofit_free(m, &o[k]);
	return rc;
}

/*
 * How many of t[0..n-1] (ascending) are at most x: a binary search
 * without branches on the data (a conditional move a step), four steps
 * for a batch of origins, for every deal.
 */
static inline size_t
upto(const int32_t *t, size_t n, int64_t x)
{
	const int32_t *b = t;

	if (n == 0)
		return 0;
	while (n > 1) {
		size_t half = n / 2;

		b = b[half - 1] <= x ? b + half : b;
		n -= half;
	}
	return (size_t)(b - t) + (b[0] <= x);
}

/*
 * Deal d's spans among the origins: tn[0..nn-1], those of a backtest
 * (not live), at which it is open (status_at: created before the origin
 * and not closed before it); t[0..n-1], all of them, at which won_at
 * may count it (closed within the longest horizon maxh after the
 * origin, or within a year before it).
 */
static inline void
span_of(const struct mdeal *d, const int32_t *tn, size_t nn,
    const int32_t *t, size_t n, int32_t maxh, struct span *s)
{
	int64_t end = d->state == SALES_OPEN ? INT64_MAX :
	    d->close != SALES_DATE_NONE ? d->close : INT64_MIN;

	s->open = s->open_end = 0;
	if (d->created != SALES_DATE_NONE && end != INT64_MIN) {
		s->open = (uint8_t)upto(tn, nn, d->created);
		s->open_end = (uint8_t)upto(tn, nn, end);
		if (s->open_end < s->open)
			s->open_end = s->open;
	}
	s->won = s->won_end = 0;
	if (d->state == SALES_WON && d->close != SALES_DATE_NONE) {
		s->won = (uint8_t)upto(t, n, (int64_t)d->close - maxh);
		s->won_end = (uint8_t)upto(t, n, (int64_t)d->close + YEAR);
	}
}

/* a + b rounded up to a multiple of 64 into *sum; 0 on overflow. */
static int
work_add(size_t a, size_t b, size_t *sum)
{
	if (b > SIZE_MAX - 63 - a)
		return 0;
	*sum = (a + b + 63) & ~(size_t)63;
	return 1;
}

/*
 * The last fit's chances per deal (with p non-zero, for chances()) and
 * the scratch of nj threads, carved from m's work block in that order:
 * the chances and the spans, written in full, come first, where a block
 * left by the deals (work_offer) has its pages faulted in already; the
 * resolved amounts, rarely written, come last.  SALES_OK or
 * SALES_ENOMEM.
 */
static int
work_carve(struct sales_model *m, size_t nj, int p)
{
	size_t n = m->n + 1, nh = m->fo.nhorizons, off[2 * FIT_THREADS + 1];
	size_t need = 0, k;
	char *w;

	if (p && (n > SIZE_MAX / sizeof(*m->p) / nh ||
	    !work_add(0, n * nh * sizeof(*m->p), &need)))
		return SALES_ENOMEM;
	for (k = 0; k < nj; k++) {
		off[k] = need;
		if (n > SIZE_MAX / sizeof(struct span) ||
		    !work_add(need, n * sizeof(struct span), &need))
			return SALES_ENOMEM;
	}
	for (k = 0; k < nj; k++) {
		off[nj + k] = need;
		if (m->nres + 1 > SIZE_MAX / sizeof(int64_t) ||
		    !work_add(need, (m->nres + 1) * sizeof(int64_t), &need))
			return SALES_ENOMEM;
	}
	if (need > m->worksize) {
		if ((w = sales_huge_alloc(need)) == NULL)
			return SALES_ENOMEM;
		free(m->work);
		m->work = w;
		m->worksize = need;
	}
	m->p = p ? (double *)(void *)m->work : NULL;
	for (k = 0; k < nj; k++) {
		m->scr[k].sp = (struct span *)(void *)(m->work + off[k]);
		m->scr[k].lump = (int64_t *)(void *)(m->work + off[nj + k]);
	}
	return SALES_OK;
}

/*
 * Block p of size bytes, no longer needed, becomes m's work block if it
 * is larger (the deals' block before they were put in owner order: its
 * written pages are reused by the next fit), or is freed.  m->p and the
 * scratch must not point into the work block.
 */
static void
work_offer(struct sales_model *m, void *p, size_t size)
{
	if (size <= m->worksize) {
		free(p);
		return;
	}
	free(m->work);
	m->work = p;
	m->worksize = size;
}

/*
 * What every fit reads, made ready once (the snapshots were sorted when
 * loaded, so that fits on several threads only read them): the deals in
 * owner order and the resolved deals by close date, the two at once
 * with jobs > 1 (neither needs the other's order).  SALES_OK or
 * SALES_ENOMEM.
 */
static int
fit_ready(struct sales_model *m, size_t jobs)
{
	struct rjob rj;
	struct osort os;
	pthread_t tid;
	int rc;

	if (sort_groups(m) != SALES_OK)
		return SALES_ENOMEM;
	owners_fill(m);
	if (!(m->osorted == m->n && m->ostart != NULL) &&
	    !(m->res != NULL && m->rsorted == m->n) && jobs > 1) {
		rj.m = m;
		if (pthread_create(&tid, NULL, resolved_thread, &rj) == 0) {
			rc = owner_order(m, &os);
			pthread_join(tid, NULL);
			if (rc == SALES_OK)
				owner_install(m, &os);
			return rc != SALES_OK ? rc : rj.rc;
		}
	}
	/* The list first: it reads the owners, which the sort leaves stale. */
	if ((rc = resolved_list(m)) != SALES_OK)
		return rc;
	return sort_owners(m);
}

static void *
resolved_thread(void *arg)
{
	struct rjob *j = arg;

	j->rc = resolved_list(j->m);
	return NULL;
}

/*
 * The resolved deals by close date (res) and by owner (ores), reading
 * the model's deals and writing nothing else.  SALES_OK or
 * SALES_ENOMEM.
 */
static int
resolved_list(struct sales_model *m)
{
	struct resolved *r, *x;
	int32_t lo = INT32_MAX, hi = INT32_MIN;
	size_t i, k, n, span, *start = NULL;

	if (m->res != NULL && m->rsorted == m->n)
		return SALES_OK;
	/*
	 * The deals resolved by an origin are those of this list closed
	 * before it (status_at): a prefix, found by a binary search.
	 */
	for (i = 0, n = 0; i < m->n; i++) {
		const struct mdeal *d = &m->deals[i];

		if (RESOLVED(d)) {
			lo = d->close < lo ? d->close : lo;
			hi = d->close > hi ? d->close : hi;
			n++;
		}
	}
	free(m->res);
	m->nres = 0;
	if ((m->res = r = sales_huge_alloc((n + 1) * sizeof(*r))) == NULL)
		return SALES_ENOMEM;
#ifdef __clang_analyzer__
	/* It cannot follow the scatter below to every entry. */
	memset(r, 0, (n + 1) * sizeof(*r));
#endif
	/*
	 * By close date: one count per day when the days span no more than
	 * a few times their number (years of business: the usual case),
	 * else qsort.
	 */
	span = n > 0 ? (size_t)((int64_t)hi - lo) + 1 : 0;
	if (n > 1 && span <= 4 * n + 4096 &&
	    (start = calloc(span + 1, sizeof(*start))) != NULL) {
		for (i = 0; i < m->n; i++)
			if (RESOLVED(&m->deals[i]))
				start[(size_t)(m->deals[i].close - lo) + 1]++;
		for (i = 0; i < span; i++)
			start[i + 1] += start[i];
	}
	for (i = 0, k = 0; i < m->n && k < n; i++) {
		const struct mdeal *d = &m->deals[i];
		int64_t age = (int64_t)d->close - d->created;

		if (!RESOLVED(d))
			continue;
		x = start != NULL ? &r[start[(size_t)(d->close - lo)]++] :
		    &r[k];
		k++;
		x->amount = d->amount;
		x->close = d->close;
		x->team = d->team;
		x->owner = m->owner[i];
		x->age = (uint16_t)(age < 0 ? 0 : age > AGE_CAP ? AGE_CAP : age);
		x->won = d->state == SALES_WON;
	}
	m->nres = n;
	if (start == NULL)
		qsort(r, n, sizeof(*r), cmp_resolved);
	free(start);
	if (owner_resolved(m) != SALES_OK || top_amounts(m, n) != SALES_OK)
		return SALES_ENOMEM;
	m->rsorted = m->n;
	return SALES_OK;
}

/*
 * sales_model_cap of the first n resolved deals from the largest amounts
 * alone: the k-th smallest of n is the (n - k + 1)-th largest, found by
 * walking the largest of all in order and counting those among the n.
 * With amounts unrelated to dates that walk is about 2% of all, wherever
 * n ends; 0 when the largest run out first (then select from a copy).
 */
static int
top_cap(const struct sales_model *m, size_t n, int64_t *cap)
{
	size_t i, r, seen;

	if (n * (100 - SALES_MODEL_CAP_PCT) < 100) {
		*cap = INT64_MAX;
		return 1;
	}
	r = n - (n * SALES_MODEL_CAP_PCT + 99) / 100 + 1;
	for (i = 0, seen = 0; i < m->ntop; i++)
		if (m->top[i].pos < n && ++seen == r) {
			*cap = m->top[i].amount;
			return 1;
		}
	return 0;
}

/*
 * The largest TOP_SHARE-th of the n resolved amounts (at least TOP_MIN),
 * by amount, largest first, with their places in res.  SALES_OK or
 * SALES_ENOMEM.
 */
static int
top_amounts(struct sales_model *m, size_t n)
{
	size_t t, i, k;
	int64_t *v, at;

	free(m->top);
	m->top = NULL;
	m->ntop = 0;
	t = n / TOP_SHARE > TOP_MIN ? n / TOP_SHARE : TOP_MIN;
	t = t < n ? t : n;
	if (t == 0)
		return SALES_OK;
	if ((v = malloc(n * sizeof(*v))) == NULL)
		return SALES_ENOMEM;
	for (i = 0; i < n; i++)
		v[i] = m->res[i].amount;
	at = select_nth(v, n, n - t);	/* the t-th largest */
	free(v);
	if ((m->top = malloc(t * sizeof(*m->top))) == NULL)
		return SALES_ENOMEM;
	/* Those above it, then as many equal to it as there is room for. */
	for (i = 0, k = 0; i < n; i++)
		if (m->res[i].amount > at) {
			m->top[k].amount = m->res[i].amount;
			m->top[k++].pos = i;
		}
	for (i = 0; i < n && k < t; i++)
		if (m->res[i].amount == at) {
			m->top[k].amount = at;
			m->top[k++].pos = i;
		}
	qsort(m->top, k, sizeof(*m->top), cmp_top);
	m->ntop = k;
	return SALES_OK;
}

static int
cmp_top(const void *a, const void *b)
{
	const struct topamt *x = a, *y = b;

	return x->amount > y->amount ? -1 : x->amount < y->amount;
}

/* The resolved deals bucketed by owner, each bucket by close date. */
static int
owner_resolved(struct sales_model *m)
{
	size_t no = m->owners.n, i, *pos;
	struct oresolved *o;

	free(m->ores);
	free(m->orstart);
	m->ores = NULL;
	if ((m->orstart = calloc(no + 2, sizeof(*m->orstart))) == NULL ||
	    (pos = malloc((no + 1) * sizeof(*pos))) == NULL)
		return SALES_ENOMEM;
	if ((o = sales_huge_alloc((m->nres + 1) * sizeof(*o))) == NULL) {
		free(pos);
		return SALES_ENOMEM;
	}
	for (i = 0; i < m->nres; i++)
		m->orstart[m->res[i].owner + 1]++;
	for (i = 0; i < no; i++)
		m->orstart[i + 1] += m->orstart[i];
	memcpy(pos, m->orstart, (no + 1) * sizeof(*pos));
	for (i = 0; i < m->nres; i++) {
		const struct resolved *x = &m->res[i];
		struct oresolved *y = &o[pos[x->owner]++];

		y->w = WEIGHT(x->amount);
		y->close = x->close;
		y->age = x->age;
		y->won = x->won;
	}
	free(pos);
	m->ores = o;
	return SALES_OK;
}

static int
cmp_resolved(const void *a, const void *b)
{
	const struct resolved *x = a, *y = b;

	return x->close < y->close ? -1 : x->close > y->close;
}

int
sales_model_fit(struct sales_model *m, int32_t origin, int flags)
{
	int rc;

	if ((rc = sales_model_fit_points_then(m, NULL, 0, origin, flags, 1)) !=
	    SALES_OK)
		return rc;
	return sales_model_use_fit(m);
}

/* One thread's share of sales_model_fit_points. */
struct fitjob {
	const struct sales_model	*m;
	struct scratch			*scr;
	size_t				 first, end;	/* origins */
	int				 rc;
	size_t				 failed;	/* origin index */
	char				 err[256];
};

/*
 * Fits origins first..end-1 of the model's points (and the fit after
 * them), FIT_BATCH a pass.
 */
static void *
fit_thread(void *arg)
{
	struct fitjob *j = arg;
	const struct sales_model *m = j->m;
	size_t stride = (m->groups.n + 1) * m->fo.nhorizons, i, k, n;
	struct fit f[FIT_BATCH];

	j->rc = SALES_OK;
	for (i = j->first; i < j->end; i += n) {
		n = j->end - i < FIT_BATCH ? j->end - i : FIT_BATCH;
		for (k = 0; k < n; k++) {
			int then = i + k == m->npoints;

			f[k].p = NULL;
			f[k].sd = then && !(m->then & SALES_FIT_POINT);
			f[k].live = then && (m->then & SALES_FIT_LIVE);
			f[k].cells = m->points + (i + k) * stride;
		}
		if ((j->rc = fit_many(m, m->porigin + i, n, f, j->scr->sp,
		    j->scr->lump)) != SALES_OK) {
			j->failed = i;
			memcpy(j->err, f[0].err, sizeof(j->err));
			break;
		}
	}
	return NULL;
}

int
sales_model_fit_points(struct sales_model *m, const int32_t *origin,
    size_t n, size_t jobs)
{
	return sales_model_fit_points_then(m, origin, n, 0, -1, jobs);
}

int
sales_model_fit_points_then(struct sales_model *m, const int32_t *origin,
    size_t n, int32_t then, int flags, size_t jobs)
{
	struct fitjob job[FIT_THREADS];
	pthread_t tid[FIT_THREADS];
	size_t stride, k, nj, started, first, nfit, w;
	struct sales_model_cell *cells;
	int32_t *po;
	int rc = SALES_OK;

	m->fitted = 0;
	m->indexed = 0;
	m->npoints = 0;
	m->then = -1;
	m->p = NULL;		/* in the work block, which fit_ready may swap */
	if (fit_ready(m, jobs) != SALES_OK)
		return SALES_ENOMEM;
	nfit = n + (flags >= 0);
	if (nfit == 0)
		return SALES_OK;
	stride = (m->groups.n + 1) * m->fo.nhorizons;
	nj = jobs < 1 ? 1 : jobs > FIT_THREADS ? FIT_THREADS : jobs;
	nj = nj > nfit ? nfit : nj;
	if (nfit > SIZE_MAX / sizeof(*cells) / stride ||
	    (cells = realloc(m->points, nfit * stride * sizeof(*cells) + 1)) ==
	    NULL)
		return SALES_ENOMEM;
	m->points = cells;
	/* The last fit's cells, which sales_model_use_point fills. */
	free(m->cells);
	if ((m->cells = malloc(stride * sizeof(*m->cells))) == NULL)
		return SALES_ENOMEM;
	if (work_carve(m, nj, 0) != SALES_OK)
		return SALES_ENOMEM;
	if ((po = realloc(m->porigin, (nfit + 1) * sizeof(*po))) == NULL)
		return SALES_ENOMEM;
	m->porigin = po;
	if (n > 0)
		memcpy(po, origin, n * sizeof(*po));
	po[n] = then;
	m->npoints = n;
	m->then = flags;
	/*
	 * Each thread a run of neighbouring origins, in order; the fit
	 * after the points is the last thread's last, and counts as
	 * THEN_WEIGHT points (it scores every deal open now and keeps
	 * each one's chances).
	 */
	w = n + (flags >= 0 ? THEN_WEIGHT : 0);
	for (k = 0; k < nj; k++) {
		job[k].m = m;
		job[k].scr = &m->scr[k];
		job[k].first = k == 0 ? 0 : job[k - 1].end;
		job[k].end = k == nj - 1 ? nfit : w * (k + 1) / nj < n ?
		    w * (k + 1) / nj : n;
		if (job[k].end < job[k].first)
			job[k].end = job[k].first;
		job[k].rc = SALES_OK;
		job[k].failed = nfit;
	}
	for (started = 1; started < nj; started++)
		if (pthread_create(&tid[started], NULL, fit_thread,
		    &job[started]) != 0)
			break;
	/*
	 * The caller's thread does the first share, and any share whose
	 * thread would not start (each share has scratch of its own).
	 */
	fit_thread(&job[0]);
	for (k = started; k < nj; k++)
		fit_thread(&job[k]);
	for (k = 1; k < started; k++)
		pthread_join(tid[k], NULL);
	/* The first failure in origin order, as one thread would meet it. */
	for (k = 0, first = nfit; k < nj; k++) {
		if (job[k].rc != SALES_OK && job[k].failed < first) {
			first = job[k].failed;
			rc = job[k].rc;
			memcpy(m->err, job[k].err, sizeof(m->err));
		}
	}
	if (rc != SALES_OK) {
		m->npoints = 0;
		m->then = -1;
	}
	return rc;
}

int
sales_model_use_fit(struct sales_model *m)
{
	size_t stride = (m->groups.n + 1) * m->fo.nhorizons, j;
	int flags = m->then, rc;

	if (flags < 0)
		return SALES_EUSAGE;
	memcpy(m->cells, m->points + m->npoints * stride, stride *
	    sizeof(*m->cells));
	m->origin = m->porigin[m->npoints];
	m->indexed = 0;
	m->then = -1;
	m->fitted = !(flags & SALES_FIT_POINT);
	m->live = flags & SALES_FIT_LIVE;
	for (j = 0; m->fitted && (flags & SALES_FIT_RANGES) &&
	    j <= m->groups.n; j++)
		if ((rc = simulate(m, j)) != SALES_OK)
			return rc;
	return SALES_OK;
}

void
sales_model_use_point(struct sales_model *m, size_t i)
{
	size_t stride = (m->groups.n + 1) * m->fo.nhorizons;

	memcpy(m->cells, m->points + i * stride, stride * sizeof(*m->cells));
	m->origin = m->porigin[i];
	m->fitted = 0;
	m->indexed = 0;
}

/*
 * The last fit's chances per deal (m->p), made now: most forecasts need
 * only its cells, whose ranges the calibration gives, and 8 bytes a deal
 * and horizon written for nothing cost more than a fit of one origin
 * when some group or the deal list does need them.  The fit is made
 * again with them kept, its cells (the same) thrown away: the cells of
 * the last fit may have been changed since (the calibration's).
 * SALES_OK, SALES_ENOMEM or SALES_EDATA (not to be: the fit succeeded).
 */
static int
chances(struct sales_model *m)
{
	size_t stride = (m->groups.n + 1) * m->fo.nhorizons;
	struct fit f;
	int rc;

	if (m->p != NULL)
		return SALES_OK;
	memset(&f, 0, sizeof(f));
	if ((f.cells = malloc(stride * sizeof(*f.cells))) == NULL ||
	    work_carve(m, 1, 1) != SALES_OK) {
		free(f.cells);
		return SALES_ENOMEM;
	}
	f.p = m->p;
	f.live = m->live;
	if ((rc = fit_many(m, &m->origin, 1, &f, m->scr[0].sp,
	    m->scr[0].lump)) != SALES_OK) {
		memcpy(m->err, f.err, sizeof(m->err));
		m->p = NULL;
	}
	free(f.cells);
	return rc;
}

/* The open deals of the last fit by group (for the ranges). */
static int
group_index(struct sales_model *m)
{
	size_t ng = m->groups.n, nh = m->fo.nhorizons, i, j;
	size_t *gstart, *gidx;
	int rc;

	if ((rc = chances(m)) != SALES_OK)
		return rc;
	free(m->gstart);
	free(m->gidx);
	m->gidx = NULL;
	if ((gstart = m->gstart = calloc(ng + 2, sizeof(*gstart))) == NULL ||
	    (gidx = m->gidx = malloc((m->n + 1) * sizeof(*gidx))) == NULL)
		return SALES_ENOMEM;
	for (i = 0; i < m->n; i++)
		if (m->p[i * nh] >= 0)
			gstart[m->deals[i].group + 1]++;
	for (j = 0; j < ng; j++)
		gstart[j + 1] += gstart[j];
	for (i = 0; i < m->n; i++)
		if (m->p[i * nh] >= 0)
			gidx[gstart[m->deals[i].group]++] = i;
	for (j = ng; j > 0; j--)
		gstart[j] = gstart[j - 1];
	gstart[0] = 0;
	m->indexed = 1;
	return SALES_OK;
}

/* The ranges of group j (ng: everything), by its hash-table index. */
static int
simulate(struct sales_model *m, size_t j)
{
	size_t ng = m->groups.n, nh = m->fo.nhorizons;
	int rc;

	if (!m->indexed && (rc = group_index(m)) != SALES_OK)
		return rc;
	if (j == ng)
		return ranges(m, m->gidx, m->gstart[ng], nh, m->p,
		    &m->cells[ng * nh], sales_hash("Total", 5, 0) + 1);
	return ranges(m, m->gidx + m->gstart[j], m->gstart[j + 1] -
	    m->gstart[j], nh, m->p, &m->cells[j * nh], m->groups.hash[j]);
}

int
sales_model_simulate(struct sales_model *m, size_t g)
{
	if (!m->fitted)
		return SALES_EUSAGE;
	return simulate(m, g == m->groups.n ? g : m->order[g]);
}

size_t
sales_model_ngroups(const struct sales_model *m)
{
	return m->groups.n;
}

const char *
sales_model_key(const struct sales_model *m, size_t g, size_t *keylen)
{
	size_t i = m->order[g];

	*keylen = m->groups.len[i];
	return m->groups.key[i];
}

const struct sales_model_cell *
sales_model_cell(const struct sales_model *m, size_t g, size_t h)
{
	size_t i = g == m->groups.n ? g : m->order[g];

	return &m->cells[i * m->fo.nhorizons + h];
}

struct sales_model_cell *
sales_model_cell_mut(struct sales_model *m, size_t g, size_t h)
{
	size_t i = g == m->groups.n ? g : m->order[g];

	return &m->cells[i * m->fo.nhorizons + h];
}

size_t
sales_model_find(const struct sales_model *m, const char *key, size_t keylen)
{
	size_t i = strtab_find(&m->groups, key, keylen);

	return i == (size_t)-1 || m->rank == NULL ? (size_t)-1 : m->rank[i];
}

/* Deal inspection. */

static const struct sales_model *cmp_model;

static int
cmp_deal(const void *a, const void *b)
{
	const struct sales_model *m = cmp_model;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	size_t nh = m->fo.nhorizons;
	size_t gx = m->rank[m->deals[x].group], gy = m->rank[m->deals[y].group];
	double ex, ey;

	if (gx != gy)
		return gx < gy ? -1 : 1;
	ex = m->p[x * nh + nh - 1] * (double)m->deals[x].amount;
	ey = m->p[y * nh + nh - 1] * (double)m->deals[y].amount;
	if (ex != ey)
		return ex > ey ? -1 : 1;
	return m->extra[x].line < m->extra[y].line ? -1 :
	    m->extra[x].line > m->extra[y].line;
}

#define DEAL_FIXED	8	/* id ... pushes */
#define DEAL_MAXCOLS	(SALES_FORECAST_MAX_BY + DEAL_FIXED + \
			    SALES_FORECAST_MAX_HORIZONS + 1)

static const char *const group_names[] = {
	[SALES_BY_OWNER] = "owner",
	[SALES_BY_ACCOUNT] = "account",
	[SALES_BY_TEAM] = "team",
	[SALES_BY_MANAGER] = "manager",
	[SALES_BY_STAGE] = "stage",
	[SALES_BY_FORECAST_CATEGORY] = "forecast_category",
	[SALES_BY_CURRENCY] = "currency",
};

int
sales_model_write_deals(struct sales_model *m, struct sales_out *o,
    size_t top)
{
	static const char *const fixed[DEAL_FIXED] = {
		"id", "name", "stage", "amount", "close_date", "age",
		"days_overdue", "pushes"
	};
	const char *names[DEAL_MAXCOLS], *cells[DEAL_MAXCOLS];
	enum sales_coltype types[DEAL_MAXCOLS];
	char hname[SALES_FORECAST_MAX_HORIZONS][24];
	char pbuf[SALES_FORECAST_MAX_HORIZONS][24];
	char buf[5][SALES_MONEY_BUFSZ];
	size_t nby = m->fo.nby, nh = m->fo.nhorizons, nc, i, k, n = 0, h;
	size_t *list, run = 0, last = (size_t)-1;
	int rc;

	if (!m->fitted || m->extra == NULL)
		return SALES_EUSAGE;
	if ((rc = chances(m)) != SALES_OK)
		return rc;
	for (i = 0; i < nby; i++) {
		names[i] = group_names[m->fo.by[i]];
		types[i] = SALES_COL_TEXT;
	}
	for (i = 0; i < DEAL_FIXED; i++) {
		names[nby + i] = fixed[i];
		types[nby + i] = i < 3 ? SALES_COL_TEXT : SALES_COL_NUMBER;
	}
	types[nby + 4] = SALES_COL_TEXT;
	nc = nby + DEAL_FIXED;
	for (h = 0; h < nh; h++) {
		snprintf(hname[h], sizeof(hname[h]), "win_%d",
		    m->fo.horizons[h]);
		names[nc] = hname[h];
		types[nc++] = SALES_COL_NUMBER;
	}
	names[nc] = "expected";
	types[nc++] = SALES_COL_NUMBER;
	if ((rc = sales_out_columns(o, nc, names, types)) != SALES_OK)
		return rc;
	if ((list = malloc((m->n + 1) * sizeof(*list))) == NULL)
		return SALES_ENOMEM;
	for (i = 0; i < m->n; i++)
		if (m->p[i * nh] >= 0)
			list[n++] = i;
	cmp_model = m;
	qsort(list, n, sizeof(*list), cmp_deal);
	rc = SALES_OK;
	for (k = 0; k < n && rc == SALES_OK; k++) {
		const struct mdeal *d = &m->deals[list[k]];
		const struct mextra *e = &m->extra[list[k]];
		const char *p = m->groups.key[d->group];
		char dbuf[SALES_DATE_BUFSZ];
		size_t c = 0;

		if (d->group != last) {
			last = d->group;
			run = 0;
		}
		if (top > 0 && run++ >= top)
			continue;
		for (i = 0; i < nby; i++) {
			cells[c++] = p;
			p += strlen(p) + 1;
		}
		cells[c++] = e->id;
		cells[c++] = e->name;
		cells[c++] = e->stage;
		cells[c++] = sales_money_format(d->amount, buf[0]);
		cells[c++] = sales_date_format(d->close, dbuf);
		if (d->created != SALES_DATE_NONE)
			snprintf(buf[1], sizeof(buf[1]), "%ld",
			    (long)m->origin - d->created);
		else
			buf[1][0] = '\0';
		cells[c++] = buf[1];
		if (d->close != SALES_DATE_NONE && d->close < m->origin)
			snprintf(buf[2], sizeof(buf[2]), "%ld",
			    (long)m->origin - d->close);
		else
			snprintf(buf[2], sizeof(buf[2]), "0");
		cells[c++] = buf[2];
		{
			struct sales_snap_state ss;

			/* Pushes: only snapshots know them. */
			buf[4][0] = '\0';
			if (m->mo.snaps != NULL && sales_snaps_state(
			    m->mo.snaps, m->snap[list[k]], m->origin, &ss))
				snprintf(buf[4], sizeof(buf[4]), "%d",
				    ss.pushes);
			cells[c++] = buf[4];
		}
		for (h = 0; h < nh; h++) {
			snprintf(pbuf[h], sizeof(pbuf[h]), "%.4f",
			    m->p[list[k] * nh + h]);
			cells[c++] = pbuf[h];
		}
		cells[c++] = sales_money_format(round_cents(
		    m->p[list[k] * nh + nh - 1] * (double)d->amount), buf[3]);
		rc = sales_out_row(o, cells);
	}
	free(list);
	return rc;
}

const char *
sales_model_error(const struct sales_model *m)
{
	return m->err;
}

void
sales_model_free(struct sales_model *m)
{
	if (m == NULL)
		return;
	free(m->deals);
	free(m->owner);
	free(m->extra);
	free(m->snap);
	strtab_fini(&m->groups);
	strtab_fini(&m->owners);
	strtab_fini(&m->teams);
	sales_arena_fini(&m->arena);
	free(m->keybuf);
	free(m->ogroup);
	free(m->rank);
	free(m->order);
	free(m->cells);
	free(m->work);
	free(m->gstart);
	free(m->gidx);
	free(m->ostart);
	free(m->points);
	free(m->porigin);
	free(m->res);
	free(m->ores);
	free(m->orstart);
	free(m->top);
	free(m);
}

/* Merging the models of a file's parts. */

int
sales_model_merge(struct sales_model *dst, const struct sales_model *src)
{
	struct strtab *dt[3] = { &dst->groups, &dst->owners, &dst->teams };
	const struct strtab *st[3] = { &src->groups, &src->owners,
	    &src->teams };
	uint32_t *map[3] = { NULL, NULL, NULL };
	size_t n = dst->n + src->n, i, k;
	int rc = SALES_ENOMEM;

	/*
	 * A fit puts the deals in owner order (sort_owners), and src's
	 * first-seen order would be lost; other options would make other
	 * group keys or other strings per deal.
	 */
	if (src->osorted > 0 || dst->fo.nby != src->fo.nby ||
	    memcmp(dst->fo.by, src->fo.by, dst->fo.nby *
	    sizeof(dst->fo.by[0])) != 0 ||
	    dst->mo.keep_deals != src->mo.keep_deals ||
	    dst->mo.snaps != src->mo.snaps)
		return SALES_EUSAGE;
	if (src->n == 0)
		return SALES_OK;
	/* Doubling, as sales_model_add: parts come one at a time. */
	if (reserve(dst, n) != SALES_OK)
		return SALES_ENOMEM;
	/*
	 * Interning src's strings in src's index order is interning them in
	 * the order its deals first showed them: after dst's deals, that is
	 * the order one model reading dst's deals, then src's, would have.
	 */
	for (k = 0; k < 3; k++) {
		if ((map[k] = malloc((st[k]->n + 1) * sizeof(*map[k]))) ==
		    NULL)
			goto out;
		for (i = 0; i < st[k]->n; i++)
			if (strtab_add(dt[k], &dst->arena, st[k]->key[i],
			    st[k]->len[i], &map[k][i]) != SALES_OK)
				goto out;
	}
	if (dst->teams.n > TEAM_LIMIT)
		goto out;
	for (i = 0; i < src->n; i++) {
		struct mdeal *x = &dst->deals[dst->n + i];

		*x = src->deals[i];
		x->group = map[0][x->group];
		x->team = map[2][x->team];
		dst->owner[dst->n + i] = map[1][src->owner[i]];
		if (dst->snap != NULL)
			dst->snap[dst->n + i] = src->snap[i];
	}
	for (i = 0; dst->mo.keep_deals && i < src->n; i++) {
		const struct mextra *f = &src->extra[i];
		struct mextra *e = &dst->extra[dst->n + i];

		e->line = f->line;
		if ((e->id = sales_arena_strndup(&dst->arena, f->id,
		    strlen(f->id))) == NULL ||
		    (e->name = sales_arena_strndup(&dst->arena, f->name,
		    strlen(f->name))) == NULL ||
		    (e->stage = sales_arena_strndup(&dst->arena, f->stage,
		    strlen(f->stage))) == NULL)
			goto out;
	}
	dst->n = n;
	dst->undated += src->undated;
	if (src->min_created < dst->min_created)
		dst->min_created = src->min_created;
	dst->fitted = 0;
	rc = SALES_OK;
out:
	for (k = 0; k < 3; k++)
		free(map[k]);
	return rc;
}
