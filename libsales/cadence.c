/*
 * cadence.c - one-on-one cadence per rep from meetings and a roster.
 * See sales_cadence.h for the rules.
 */
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

#define ERRSZ		1024
#define DEFAULT_TYPES	"1:1,1-1,1on1,1-on-1,one-on-one,one on one," \
			"one-to-one,121,1-2-1"

struct rep {
	char		*name, *email, *manager, *team;
	int32_t		 start, end;	/* SALES_DATE_NONE when open */
	int32_t		 last;		/* latest one-on-one <= as_of */
	int32_t		 prior;		/* latest one-on-one before since */
	unsigned char	*bits;		/* one bit per day of the window */
	int		 gone;		/* left before the window */
	uint64_t	 at_name;	/* order key of the name's spelling */
	uint64_t	 at_mgr;	/* ... of the manager; NO_KEY: unset */
	struct sales_cad_rep f;		/* figures after finish */
};

#define NO_KEY		UINT64_MAX
#define KEY(c, line)	((c)->seq | ((line) & (((uint64_t)1 << 40) - 1)))

struct slot {
	uint64_t	 hash;
	const char	*key;
	size_t		 rep;		/* index + 1; 0 = empty */
	uint64_t	 at;		/* unk: order key of the warning */
};

struct sales_cadence {
	struct sales_cadence_options o;
	char		*types;		/* copy of the list */
	char		*titles;	/* title patterns for calendars */
	struct rep	*reps;
	size_t		 nreps, capreps;
	struct slot	*tab;		/* names and e-mails -> rep */
	size_t		 captab, ntab;
	struct slot	*unk;		/* unknown names already warned */
	size_t		 capunk, nunk;
	int		 roster;	/* a roster was read */
	int32_t		 ndays;		/* window length */
	size_t		*order;		/* sorted rep indexes */
	size_t		 nlisted;
	uint64_t	 nunknown, nignored;
	uint64_t	 seq;		/* input ordinal << 40 */
	const char	*warn_name;	/* the unknown name warned about */
	struct sales_arena arena;
	char		 err[ERRSZ];
	char		 warn[ERRSZ];
};

static const char *const roster_cols[] = {
	"rep", "email", "manager", "team", "start_date", "end_date"
};
static const struct sales_alias roster_aliases[] = {
	{ 0, 1, "Name" }, { 0, 1, "Full Name" }, { 0, 2, "User" },
	{ 0, 2, "Owner" }, { 0, 1, "Salesperson" }, { 0, 1, "Employee" },
	{ 1, 1, "E-mail" }, { 1, 1, "Email Address" },
	{ 2, 1, "Manager Name" }, { 2, 1, "Reports To" },
	{ 3, 1, "Team Name" }, { 3, 2, "Department" },
	{ 4, 1, "Start" }, { 4, 1, "Hire Date" }, { 4, 2, "Started" },
	{ 5, 1, "End" }, { 5, 1, "Termination Date" }, { 5, 2, "Left" },
};
static const char *const meet_cols[] = {
	"date", "manager", "rep", "type", "subject", "unused"
};
static const struct sales_alias meet_aliases[] = {
	{ 0, 1, "Meeting Date" }, { 0, 1, "Activity Date" },
	{ 0, 2, "Start Date" }, { 0, 2, "Start" }, { 0, 2, "Due Date" },
	{ 1, 1, "Assigned" }, { 1, 2, "Assigned To" }, { 1, 2, "Owner" },
	{ 1, 3, "Organizer" },
	{ 2, 1, "Related To" }, { 2, 2, "Name" }, { 2, 2, "Contact" },
	{ 2, 1, "Attendee" }, { 2, 1, "Employee" },
	{ 3, 1, "Meeting Type" }, { 3, 1, "Activity Type" },
	{ 3, 2, "Event Type" },
	{ 4, 1, "Title" }, { 4, 1, "Summary" },
	{ 5, 0, "\001" },
};
static const struct sales_schema roster_schema = {
	roster_cols, 6, roster_aliases,
	sizeof(roster_aliases) / sizeof(roster_aliases[0])
};
static const struct sales_schema meet_schema = {
	meet_cols, 6, meet_aliases,
	sizeof(meet_aliases) / sizeof(meet_aliases[0])
};

/* Floor division for day arithmetic before 1970. */
static int32_t
fdiv(int32_t a, int32_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static int32_t
period_of(const struct sales_cadence *c, int32_t day)
{
	int y, m, d;

	if (c->o.monthly) {
		sales_date_to_ymd(day, &y, &m, &d);
		return y * 12 + m - 1;
	}
	if (c->o.days == 7 || c->o.days == 14)
		return fdiv(day - 4, c->o.days);	/* 1970-01-05 Monday */
	return fdiv(day - c->o.since, c->o.days);
}

static int32_t
period_first(const struct sales_cadence *c, int32_t p)
{
	if (c->o.monthly)
		return sales_date_from_ymd(p / 12, p % 12 + 1, 1);
	if (c->o.days == 7 || c->o.days == 14)
		return p * c->o.days + 4;
	return c->o.since + p * c->o.days;
}

static int32_t
period_last(const struct sales_cadence *c, int32_t p)
{
	return period_first(c, p + 1) - 1;
}

/* day plus one interval: next month same day (clamped), or + days. */
static int32_t
add_interval(const struct sales_cadence *c, int32_t day)
{
	int y, m, d, ld;

	if (!c->o.monthly)
		return day + c->o.days;
	sales_date_to_ymd(day, &y, &m, &d);
	if (++m > 12) {
		m = 1;
		y++;
	}
	for (ld = d; ld > 28 && !sales_date_valid(y, m, ld); ld--)
		;
	return sales_date_from_ymd(y, m, ld);
}

int
sales_cadence_every_parse(const char *s, struct sales_cadence_options *o)
{
	char *end;
	long n;

	if (strcmp(s, "monthly") == 0) {
		o->monthly = 1;
		o->days = 0;
		return SALES_OK;
	}
	if (strcmp(s, "weekly") == 0) {
		o->monthly = 0;
		o->days = 7;
		return SALES_OK;
	}
	if (s[0] < '0' || s[0] > '9')
		return SALES_EUSAGE;
	n = strtol(s, &end, 10);
	if (n < 1 || n > 366)
		return SALES_EUSAGE;
	if (strcmp(end, "w") == 0 && n <= 52)
		n *= 7;
	else if (strcmp(end, "d") != 0)
		return SALES_EUSAGE;
	o->monthly = 0;
	o->days = (int)n;
	return SALES_OK;
}

struct sales_cadence *
sales_cadence_new(const struct sales_cadence_options *o)
{
	struct sales_cadence *c;

	if (o->since > o->as_of || (!o->monthly && o->days < 1) ||
	    o->as_of - o->since > 3660 * 3)
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->o = *o;
	if ((c->types = strdup(o->types != NULL ? o->types :
	    DEFAULT_TYPES)) == NULL) {
		free(c);
		return NULL;
	}
	c->o.types = c->types;
	if ((c->titles = strdup(o->titles != NULL ? o->titles :
	    DEFAULT_TYPES)) == NULL) {
		free(c->types);
		free(c);
		return NULL;
	}
	c->o.titles = c->titles;
	c->ndays = o->as_of - o->since + 1;
	return c;
}

void
sales_cadence_free(struct sales_cadence *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nreps; i++)
		free(c->reps[i].bits);
	free(c->reps);
	free(c->tab);
	free(c->unk);
	free(c->order);
	free(c->types);
	free(c->titles);
	sales_arena_fini(&c->arena);
	free(c);
}

const char *
sales_cadence_error(const struct sales_cadence *c)
{
	return c->err;
}

const char *
sales_cadence_warning(const struct sales_cadence *c)
{
	return c->warn;
}

/* Finds key (case-folded) in an open-addressing table; NULL if absent. */
static struct slot *
tab_find(struct slot *tab, size_t cap, const char *k, size_t len,
    uint64_t h)
{
	size_t i;

	if (cap == 0)
		return NULL;
	for (i = h & (cap - 1); tab[i].rep != 0; i = (i + 1) & (cap - 1))
		if (tab[i].hash == h && strlen(tab[i].key) == len &&
		    sales_ieq(k, len, tab[i].key))
			return &tab[i];
	return &tab[i];
}

static int
tab_put(struct slot **tabp, size_t *capp, size_t *np, const char *key,
    size_t rep)
{
	struct slot *t, *s;
	size_t i, cap;

	if ((*np + 1) * 2 > *capp) {
		cap = *capp ? *capp * 2 : 64;
		if ((t = calloc(cap, sizeof(*t))) == NULL)
			return SALES_ENOMEM;
		for (i = 0; i < *capp; i++)
			if ((*tabp)[i].rep != 0) {
				s = tab_find(t, cap, (*tabp)[i].key,
				    strlen((*tabp)[i].key), (*tabp)[i].hash);
				*s = (*tabp)[i];
			}
		free(*tabp);
		*tabp = t;
		*capp = cap;
	}
	s = tab_find(*tabp, *capp, key, strlen(key),
	    sales_hash(key, strlen(key), 1));
	if (s->rep == 0) {
		s->hash = sales_hash(key, strlen(key), 1);
		s->key = key;
		(*np)++;
	}
	s->rep = rep;
	return SALES_OK;
}

static struct rep *
lookup(const struct sales_cadence *c, const char *k, size_t len)
{
	struct slot *s;

	s = tab_find(c->tab, c->captab, k, len, sales_hash(k, len, 1));
	return (s == NULL || s->rep == 0) ? NULL : &c->reps[s->rep - 1];
}

static char *
dup(struct sales_cadence *c, const char *s, size_t len)
{
	s = sales_trim(s, &len);
	return sales_arena_strndup(&c->arena, s, len);
}

static struct rep *
new_rep(struct sales_cadence *c, const char *name, size_t len)
{
	struct rep *r, *n;
	size_t cap;

	if (c->nreps == c->capreps) {
		cap = c->capreps ? c->capreps * 2 : 64;
		if ((n = realloc(c->reps, cap * sizeof(*n))) == NULL)
			return NULL;
		c->reps = n;
		c->capreps = cap;
	}
	if (c->reps == NULL)	/* for the analyzer: capreps was 0 */
		return NULL;
	r = &c->reps[c->nreps];
	memset(r, 0, sizeof(*r));
	r->start = r->end = r->last = r->prior = SALES_DATE_NONE;
	if ((r->name = dup(c, name, len)) == NULL ||
	    (r->bits = calloc((size_t)(c->ndays + 7) / 8, 1)) == NULL)
		return NULL;
	c->nreps++;
	if (tab_put(&c->tab, &c->captab, &c->ntab, r->name, c->nreps) !=
	    SALES_OK) {
		c->nreps--;
		free(r->bits);
		return NULL;
	}
	return r;
}

int
sales_cadence_bind(struct sales_cadence *c, enum sales_cad_kind kind,
    const struct sales_row *hdr, const struct sales_map *map, size_t nmap,
    struct sales_cad_input *in, char *err, size_t errsz)
{
	const struct sales_schema *s;
	uint64_t req;

	(void)c;
	in->kind = kind;
	s = kind == SALES_CAD_ROSTER ? &roster_schema : &meet_schema;
	req = kind == SALES_CAD_ROSTER ? 1u : (1u << 0) | (1u << 2);
	return sales_schema_bind(s, hdr, req, map, nmap, in->index, err,
	    errsz) == SALES_OK ? SALES_OK : SALES_EDATA;
}

/* The trimmed field of canonical column col, or "" when absent. */
static const char *
field(const struct sales_cad_input *in, const struct sales_row *row,
    int col, size_t *len)
{
	int i = in->index[col];

	if (i < 0 || (size_t)i >= row->nfields) {
		*len = 0;
		return "";
	}
	*len = row->lens[i];
	return sales_trim(row->fields[i], len);
}

static int
bad(struct sales_cadence *c, const struct sales_cad_input *in,
    uint64_t line, const char *fmt, const char *v, size_t len)
{
	char val[128];

	if (len > 100)
		len = 100;
	memcpy(val, v, len);
	val[len] = '\0';
	sales_fmt(c->err, sizeof(c->err), "%s:%llu: ", in->file,
	    (unsigned long long)line);
	len = strlen(c->err);
	sales_fmt(c->err + len, sizeof(c->err) - len, fmt, val);
	return SALES_EDATA;
}

static int
opt_date(struct sales_cadence *c, const struct sales_cad_input *in,
    const struct sales_row *row, int col, int32_t *day)
{
	const char *v, *why;
	size_t len;

	v = field(in, row, col, &len);
	*day = SALES_DATE_NONE;
	if (len == 0)
		return SALES_OK;
	if (sales_date_parse(v, len, in->order, day, &why) != SALES_OK) {
		sales_fmt(c->err, sizeof(c->err), "%s:%llu: %s \"%.*s\" %s",
		    in->file, (unsigned long long)row->line, roster_cols[col],
		    (int)(len > 100 ? 100 : len), v, why);
		return SALES_EDATA;
	}
	return SALES_OK;
}

int
sales_cadence_roster_row(struct sales_cadence *c,
    const struct sales_cad_input *in, const struct sales_row *row)
{
	struct rep *r;
	const char *v;
	size_t len;
	int32_t start, end;
	int rc;

	c->roster = 1;
	v = field(in, row, 0, &len);
	if (len == 0)
		return bad(c, in, row->line, "empty rep%s", "", 0);
	if ((rc = opt_date(c, in, row, 4, &start)) != SALES_OK ||
	    (rc = opt_date(c, in, row, 5, &end)) != SALES_OK)
		return rc;
	if (start != SALES_DATE_NONE && end != SALES_DATE_NONE &&
	    end < start)
		return bad(c, in, row->line, "end_date is before start_date "
		    "for \"%s\"", v, len);
	if (lookup(c, v, len) != NULL)
		return bad(c, in, row->line, "rep \"%s\" is listed twice",
		    v, len);
	if ((r = new_rep(c, v, len)) == NULL)
		return SALES_ENOMEM;
	r->start = start;
	r->end = end;
	r->at_name = r->at_mgr = KEY(c, row->line);
	v = field(in, row, 2, &len);
	if ((r->manager = dup(c, v, len)) == NULL)
		return SALES_ENOMEM;
	v = field(in, row, 3, &len);
	if ((r->team = dup(c, v, len)) == NULL)
		return SALES_ENOMEM;
	v = field(in, row, 1, &len);
	if (len > 0) {
		if ((r->email = dup(c, v, len)) == NULL)
			return SALES_ENOMEM;
		if (lookup(c, v, len) == NULL && tab_put(&c->tab,
		    &c->captab, &c->ntab, r->email, c->nreps) != SALES_OK)
			return SALES_ENOMEM;
	}
	return SALES_OK;
}

/* Lower-case alphanumerics of s[0..len) into buf. */
static size_t
squash(const char *s, size_t len, char *buf, size_t sz)
{
	size_t i, n = 0;
	int ch;

	for (i = 0; i < len && n + 1 < sz; i++) {
		ch = sales_lower((unsigned char)s[i]);
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    ch >= 0x80)
			buf[n++] = (char)ch;
	}
	buf[n] = '\0';
	return n;
}

int
sales_cadence_is_one_on_one(const struct sales_cadence *c, const char *s,
    size_t len)
{
	char a[256], b[256];
	const char *p, *q;
	size_t n;

	n = squash(s, len, a, sizeof(a));
	for (p = c->types; *p != '\0'; p = *q ? q + 1 : q) {
		if ((q = strchr(p, ',')) == NULL)
			q = p + strlen(p);
		if (n > 0 && squash(p, (size_t)(q - p), b, sizeof(b)) == n &&
		    memcmp(a, b, n) == 0)
			return 1;
	}
	return 0;
}

/* Subject match: a type phrase (not all digits) anywhere, any case. */
static int
subject_match_in(const char *types, const char *s, size_t len)
{
	const char *p, *q;
	size_t i, j, n;
	int digits;

	for (p = types; *p != '\0'; p = *q ? q + 1 : q) {
		if ((q = strchr(p, ',')) == NULL)
			q = p + strlen(p);
		n = (size_t)(q - p);
		digits = 1;
		for (j = 0; j < n; j++)
			if (p[j] < '0' || p[j] > '9')
				digits = 0;
		if (n == 0 || digits || n > len)
			continue;
		for (i = 0; i + n <= len; i++) {
			for (j = 0; j < n; j++)
				if (sales_lower((unsigned char)s[i + j]) !=
				    sales_lower((unsigned char)p[j]))
					break;
			if (j == n)
				return 1;
		}
	}
	return 0;
}

static int
subject_match(const struct sales_cadence *c, const char *s, size_t len)
{
	return subject_match_in(c->types, s, len);
}

int
sales_cadence_add(struct sales_cadence *c, const char *file, uint64_t line,
    int32_t day, const char *manager, const char *rep)
{
	struct rep *r;
	struct slot *s;
	size_t len = strlen(rep);
	char *k;
	char d[SALES_DATE_BUFSZ], a[SALES_DATE_BUFSZ];

	c->warn[0] = '\0';
	if (day > c->o.as_of) {
		sales_date_format(day, d);
		sales_fmt(c->err, sizeof(c->err), "%s:%llu: meeting on %s is "
		    "after the as-of date %s", file, (unsigned long long)line,
		    d, sales_date_format(c->o.as_of, a));
		return SALES_EDATA;
	}
	if ((r = lookup(c, rep, len)) == NULL) {
		if (c->roster) {
			c->nunknown++;
			s = tab_find(c->unk, c->capunk, rep, len,
			    sales_hash(rep, len, 1));
			if (s != NULL && s->rep != 0)
				return SALES_OK;
			if ((k = dup(c, rep, len)) == NULL ||
			    tab_put(&c->unk, &c->capunk, &c->nunk, k, 1) !=
			    SALES_OK)
				return SALES_ENOMEM;
			s = tab_find(c->unk, c->capunk, k, strlen(k),
			    sales_hash(k, strlen(k), 1));
			s->at = KEY(c, line);
			c->warn_name = k;
			sales_fmt(c->warn, sizeof(c->warn), "%s:%llu: \"%s\" "
			    "is not on the roster; meetings with them are "
			    "not counted", file, (unsigned long long)line, k);
			return SALES_OK;
		}
		if ((r = new_rep(c, rep, len)) == NULL ||
		    (r->manager = dup(c, manager, strlen(manager))) == NULL ||
		    (r->team = dup(c, "", 0)) == NULL)
			return SALES_ENOMEM;
		r->at_name = KEY(c, line);
		r->at_mgr = r->manager[0] != '\0' ? KEY(c, line) : NO_KEY;
	}
	if (r->manager[0] == '\0' && manager[0] != '\0' && !c->roster) {
		if ((r->manager = dup(c, manager, strlen(manager))) == NULL)
			return SALES_ENOMEM;
		r->at_mgr = KEY(c, line);
	}
	if (r->last == SALES_DATE_NONE || day > r->last)
		r->last = day;
	if (day < c->o.since) {
		if (r->prior == SALES_DATE_NONE || day > r->prior)
			r->prior = day;
	} else
		r->bits[(day - c->o.since) / 8] |=
		    (unsigned char)(1u << ((day - c->o.since) % 8));
	return SALES_OK;
}

int
sales_cadence_meeting_row(struct sales_cadence *c,
    const struct sales_cad_input *in, const struct sales_row *row)
{
	const char *v, *why;
	char rep[512], mgr[512];
	size_t len;
	int32_t day;
	int ty, su;

	c->warn[0] = '\0';
	ty = in->index[3] >= 0;
	su = in->index[4] >= 0;
	if (ty || su) {
		int ok = 0;

		v = field(in, row, 3, &len);
		if (ty && sales_cadence_is_one_on_one(c, v, len))
			ok = 1;
		v = field(in, row, 4, &len);
		if (!ok && su && subject_match(c, v, len))
			ok = 1;
		if (!ok) {
			c->nignored++;
			return SALES_OK;
		}
	}
	v = field(in, row, 0, &len);
	if (sales_date_parse(v, len, in->order, &day, &why) != SALES_OK) {
		bad(c, in, row->line, "date \"%s\" ", v, len);
		len = strlen(c->err);
		sales_fmt(c->err + len, sizeof(c->err) - len, "%s", why);
		return SALES_EDATA;
	}
	v = field(in, row, 2, &len);
	if (len == 0)
		return bad(c, in, row->line, "empty rep%s", "", 0);
	if (len >= sizeof(rep))
		len = sizeof(rep) - 1;
	memcpy(rep, v, len);
	rep[len] = '\0';
	v = field(in, row, 1, &len);
	if (len >= sizeof(mgr))
		len = sizeof(mgr) - 1;
	memcpy(mgr, v, len);
	mgr[len] = '\0';
	return sales_cadence_add(c, in->file, row->line, day, mgr, rep);
}

/* One person of an event, resolved against the roster. */
struct who {
	char		 name[256];
	const char	*email;
	struct rep	*rep;
	int		 organizer, declined;
};

static int
same_person(const struct who *a, const struct who *b)
{
	if (a->rep != NULL && a->rep == b->rep)
		return 1;
	if (a->email[0] != '\0' && strlen(a->email) == strlen(b->email) &&
	    sales_ieq(a->email, strlen(a->email), b->email))
		return 1;
	return a->name[0] != '\0' && strlen(a->name) == strlen(b->name) &&
	    sales_ieq(a->name, strlen(a->name), b->name);
}

/* Non-zero when m is r's manager. */
static int
manages(const struct who *m, const struct rep *r)
{
	size_t n = strlen(r->manager);

	if (n == 0)
		return 0;
	if (m->rep != NULL && strcmp(m->rep->name, r->manager) == 0)
		return 1;
	return (strlen(m->name) == n && sales_ieq(m->name, n, r->manager)) ||
	    (strlen(m->email) == n && sales_ieq(m->email, n, r->manager));
}

static int
add_who(struct sales_cadence *c, struct who *w, size_t *n, const char *name,
    size_t nlen, const char *email, int org, int declined)
{
	struct who x;
	size_t i;

	if (*n == 16)
		return 0;
	memset(&x, 0, sizeof(x));
	name = sales_trim(name, &nlen);
	if (nlen >= sizeof(x.name))
		nlen = sizeof(x.name) - 1;
	memcpy(x.name, name, nlen);
	x.email = email;
	x.organizer = org;
	x.declined = declined;
	if (email[0] != '\0')
		x.rep = lookup(c, email, strlen(email));
	if (x.rep == NULL && nlen > 0)
		x.rep = lookup(c, x.name, nlen);
	if (x.name[0] == '\0' && x.email[0] == '\0')
		return 0;
	for (i = 0; i < *n; i++)
		if (same_person(&w[i], &x)) {
			w[i].declined |= declined;
			if (w[i].rep == NULL)
				w[i].rep = x.rep;
			if (w[i].name[0] == '\0')
				memcpy(w[i].name, x.name, sizeof(x.name));
			return 0;
		}
	w[(*n)++] = x;
	return 0;
}

/* Titles of meetings that are not one-on-ones, even between two people. */
#define OTHER_MEETINGS	"review,forecast,qbr,standup,stand-up,training," \
			"interview,demo,all hands,all-hands,workshop,webinar," \
			"kickoff,kick-off,offsite,planning,team meeting"

int
sales_cadence_ics_event(struct sales_cadence *c, const char *file,
    const struct sales_ics_event *ev)
{
	struct who w[16];
	char keep[ERRSZ];
	const char *s = ev->summary, *sep;
	const struct who *rep = NULL, *mgr = NULL;
	size_t n = 0, i, j, k;
	int titled, rc;

	c->warn[0] = keep[0] = '\0';
	if (ev->cancelled || ev->nocc == 0) {
		c->nignored++;
		return SALES_OK;
	}
	for (i = 0; i < ev->npeople; i++)
		add_who(c, w, &n, ev->people[i].name,
		    strlen(ev->people[i].name), ev->people[i].email,
		    ev->people[i].organizer, ev->people[i].declined);
	if ((sep = strstr(s, "<>")) != NULL) {
		add_who(c, w, &n, s, (size_t)(sep - s), "", 0, 0);
		add_who(c, w, &n, sep + 2, strlen(sep + 2), "", 0, 0);
	}
	titled = subject_match_in(c->titles, s, strlen(s)) || sep != NULL;
	/*
	 * Two people alone are a one-on-one unless the title names another
	 * kind of meeting ("Pipeline review" between a rep and their
	 * manager is not one), or a type that --type does not count.
	 */
	if (n == 2 && !titled && s[0] != '\0' &&
	    subject_match_in(OTHER_MEETINGS, s, strlen(s)) &&
	    !subject_match_in(c->types, s, strlen(s))) {
		c->nignored++;
		return SALES_OK;
	}
	if (n == 2 || titled)
		for (i = 0; i < n && rep == NULL; i++)
			for (j = 0; j < n; j++)
				if (i != j && w[i].rep != NULL &&
				    manages(&w[j], w[i].rep)) {
					rep = &w[i];
					mgr = &w[j];
					break;
				}
	if (rep == NULL && titled && n == 2) {
		/* Not matched: the attendee is the rep. */
		rep = w[0].organizer ? &w[1] : &w[0];
		mgr = rep == &w[0] ? &w[1] : &w[0];
	}
	if (rep == NULL || rep->declined || mgr->declined) {
		c->nignored++;
		return SALES_OK;
	}
	for (k = 0; k < ev->nocc; k++) {
		if (c->warn[0] != '\0')
			memcpy(keep, c->warn, sizeof(keep));
		rc = sales_cadence_add(c, file, ev->line, ev->occ[k],
		    mgr->rep != NULL ? mgr->rep->name : mgr->name[0] ?
		    mgr->name : mgr->email, rep->rep != NULL ? rep->rep->name :
		    rep->name[0] ? rep->name : rep->email);
		if (rc != SALES_OK)
			return rc;
	}
	if (keep[0] != '\0' && c->warn[0] == '\0')
		memcpy(c->warn, keep, sizeof(keep));
	return SALES_OK;
}

static int
bit(const struct sales_cadence *c, const struct rep *r, int32_t day)
{
	int32_t i = day - c->o.since;

	return r->bits[i / 8] & (1u << (i % 8));
}

/* Days with a one-on-one in [a, b], clipped to the window. */
static int
count_days(const struct sales_cadence *c, const struct rep *r, int32_t a,
    int32_t b)
{
	int n = 0;

	if (a < c->o.since)
		a = c->o.since;
	if (b > c->o.as_of)
		b = c->o.as_of;
	for (; a <= b; a++)
		if (bit(c, r, a))
			n++;
	return n;
}

static void
figures(struct sales_cadence *c, struct rep *r)
{
	struct sales_cad_rep *f = &r->f;
	int32_t from, to, p, p0, p1, d, prev, due, late;
	int met, whole, gap;

	memset(f, 0, sizeof(*f));
	f->rep = r->name;
	f->manager = r->manager;
	f->team = r->team;
	f->start = r->start;
	f->end = r->end;
	from = c->o.since;
	if (r->start != SALES_DATE_NONE && r->start > from)
		from = r->start;
	to = c->o.as_of;
	if (r->end != SALES_DATE_NONE && r->end < to)
		to = r->end;
	f->last = r->last;
	if (r->last != SALES_DATE_NONE && r->last > to)
		f->last = r->last;	/* met after leaving: still shown */
	f->days_since = f->last == SALES_DATE_NONE ? -1 : to - f->last;
	if (f->days_since < 0)
		f->days_since = f->last == SALES_DATE_NONE ? -1 : 0;
	/* Periods, streak. */
	if (from <= to) {
		f->meetings = count_days(c, r, from, to);
		p0 = period_of(c, from);
		p1 = period_of(c, to);
		for (p = p0; p <= p1; p++) {
			whole = period_first(c, p) >= from &&
			    period_last(c, p) <= to;
			met = count_days(c, r, period_first(c, p),
			    period_last(c, p) < to ? period_last(c, p) : to) > 0;
			if (!whole && !met)
				continue;
			f->periods++;
			if (met) {
				f->periods_met++;
				f->streak++;
			} else
				f->streak = 0;
		}
	}
	f->compliance = f->periods > 0 ?
	    (f->periods_met * 2000 + f->periods) / (2 * f->periods) : -1;
	/* Longest gap, to the end of the window. */
	prev = r->prior != SALES_DATE_NONE && r->prior < from ? r->prior :
	    from;
	if (r->prior != SALES_DATE_NONE && r->start != SALES_DATE_NONE &&
	    r->prior < r->start)
		prev = from;
	for (d = from; d <= to && from <= to; d++)
		if (bit(c, r, d)) {
			if (d - prev > f->longest_gap)
				f->longest_gap = d - prev;
			prev = d;
		}
	if (from <= to && to - prev > f->longest_gap)
		f->longest_gap = to - prev;
	/* Due date and status. */
	due = SALES_DATE_NONE;
	if (f->last != SALES_DATE_NONE && (r->start == SALES_DATE_NONE ||
	    f->last >= r->start || r->prior == SALES_DATE_NONE ||
	    f->last != r->prior)) {
		due = c->o.rule == SALES_CAD_CALENDAR ?
		    period_last(c, period_of(c, f->last) + 1) :
		    add_interval(c, f->last);
	} else if (r->start != SALES_DATE_NONE) {
		if (c->o.rule == SALES_CAD_CALENDAR) {
			p = period_of(c, r->start);
			if (period_first(c, p) != r->start)
				p++;
			due = period_last(c, p);
		} else
			due = add_interval(c, r->start);
	}
	f->next_due = due;
	late = due == SALES_DATE_NONE ? 0 : to - due;
	if (f->last == SALES_DATE_NONE &&
	    (due == SALES_DATE_NONE || late > 0))
		f->status = "never";
	else if (late > c->o.grace)
		f->status = "overdue";
	else if (late > 0 || -late <= c->o.warn)
		f->status = "due-soon";
	else
		f->status = "ok";
	f->level = 0;
	gap = r->end != SALES_DATE_NONE && r->end < c->o.as_of;
	if (!gap && (f->status[0] == 'n' || f->status[1] == 'v')) {
		if (due == SALES_DATE_NONE || late > 2 * c->o.grace)
			f->level = due == SALES_DATE_NONE ? 1 : 2;
		else if (late > c->o.grace)
			f->level = 1;
	}
}

static const struct sales_cadence *sort_ctx;

static int
cmp_rep(const void *a, const void *b)
{
	const struct rep *x = &sort_ctx->reps[*(const size_t *)a];
	const struct rep *y = &sort_ctx->reps[*(const size_t *)b];

	return strcmp(x->name, y->name);
}

int
sales_cadence_finish(struct sales_cadence *c)
{
	size_t i;

	if ((c->order = malloc((c->nreps + 1) * sizeof(size_t))) == NULL)
		return SALES_ENOMEM;
	c->nlisted = 0;
	for (i = 0; i < c->nreps; i++) {
		struct rep *r = &c->reps[i];

		if ((r->end != SALES_DATE_NONE && r->end < c->o.since) ||
		    (r->start != SALES_DATE_NONE && r->start > c->o.as_of)) {
			r->gone = 1;
			continue;
		}
		/*
		 * The head of the organisation is on the roster with no
		 * manager: there is nobody for them to meet, so they are
		 * not a rep whose cadence is checked.
		 */
		if (c->roster && r->manager[0] == '\0')
			continue;
		figures(c, r);
		c->order[c->nlisted++] = i;
	}
	sort_ctx = c;
	qsort(c->order, c->nlisted, sizeof(size_t), cmp_rep);
	sort_ctx = NULL;
	return SALES_OK;
}

size_t
sales_cadence_reps(const struct sales_cadence *c)
{
	return c->nlisted;
}

uint64_t
sales_cadence_unknown(const struct sales_cadence *c)
{
	return c->nunknown;
}

uint64_t
sales_cadence_ignored(const struct sales_cadence *c)
{
	return c->nignored;
}

int
sales_cadence_rep(const struct sales_cadence *c, size_t i,
    struct sales_cad_rep *r)
{
	if (i >= c->nlisted)
		return SALES_EOF;
	*r = c->reps[c->order[i]].f;
	return SALES_OK;
}

static char *
pct(char *buf, int tenths)
{
	if (tenths < 0)
		buf[0] = '\0';
	else
		sales_fmt(buf, 16, "%d.%d", tenths / 10, tenths % 10);
	return buf;
}

static char *
num(char *buf, long v)
{
	if (v < 0)
		buf[0] = '\0';
	else
		sales_fmt(buf, 24, "%ld", v);
	return buf;
}

static int
write_reps(struct sales_cadence *c, struct sales_out *out)
{
	static const char *const names[] = { "rep", "manager", "team",
	    "last_one_on_one", "days_since", "next_due", "status",
	    "meetings", "periods", "periods_met", "compliance_pct",
	    "longest_gap_days", "streak" };
	static const enum sales_coltype types[] = { SALES_COL_TEXT,
	    SALES_COL_TEXT, SALES_COL_TEXT, SALES_COL_TEXT, SALES_COL_NUMBER,
	    SALES_COL_TEXT, SALES_COL_TEXT, SALES_COL_NUMBER,
	    SALES_COL_NUMBER, SALES_COL_NUMBER, SALES_COL_NUMBER,
	    SALES_COL_NUMBER, SALES_COL_NUMBER };
	char b[8][24], l[SALES_DATE_BUFSZ], d[SALES_DATE_BUFSZ];
	const char *cells[13];
	size_t i;
	int rc;

	if ((rc = sales_out_columns(out, 13, names, types)) != SALES_OK)
		return rc;
	for (i = 0; i < c->nlisted; i++) {
		const struct sales_cad_rep *f = &c->reps[c->order[i]].f;

		cells[0] = f->rep;
		cells[1] = f->manager;
		cells[2] = f->team;
		cells[3] = sales_date_format(f->last, l);
		cells[4] = num(b[0], f->days_since);
		cells[5] = sales_date_format(f->next_due, d);
		cells[6] = f->status;
		cells[7] = num(b[1], f->meetings);
		cells[8] = num(b[2], f->periods);
		cells[9] = num(b[3], f->periods_met);
		cells[10] = pct(b[4], f->compliance);
		cells[11] = num(b[5], f->longest_gap);
		cells[12] = num(b[6], f->streak);
		if ((rc = sales_out_row(out, cells)) != SALES_OK)
			return rc;
	}
	return SALES_OK;
}

/* Group key of a listed rep for a roll-up. */
static const char *
key_of(const struct sales_cad_rep *f, enum sales_cad_table t)
{
	return t == SALES_CAD_OUT_TEAM ? f->team : f->manager;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Roll-up rows, by sorting the listed reps' keys.  metrics: write
 * owner, metric, date, value rows of compliance instead.
 */
static int
write_groups(struct sales_cadence *c, struct sales_out *out,
    enum sales_cad_table t, int metrics)
{
	const char **keys;
	const char *cells[9];
	char b[8][24], asof[SALES_DATE_BUFSZ];
	size_t i, j, n;
	int rc = SALES_OK;

	if ((keys = malloc((c->nlisted + 1) * sizeof(*keys))) == NULL)
		return SALES_ENOMEM;
	for (i = 0, n = 0; i < c->nlisted; i++) {
		const char *k = key_of(&c->reps[c->order[i]].f, t);

		if (!metrics || k[0] != '\0')
			keys[n++] = k;
	}
	qsort(keys, n, sizeof(*keys), cmp_str);
	sales_date_format(c->o.as_of, asof);
	for (i = 0; i < n && rc == SALES_OK; i = j) {
		long reps = 0, st[4] = { 0, 0, 0, 0 }, per = 0, met = 0;
		size_t r;

		for (j = i; j < n && strcmp(keys[j], keys[i]) == 0; j++)
			;
		for (r = 0; r < c->nlisted; r++) {
			const struct sales_cad_rep *f =
			    &c->reps[c->order[r]].f;

			if (strcmp(key_of(f, t), keys[i]) != 0)
				continue;
			reps++;
			st[f->status[0] == 'o' && f->status[1] == 'k' ? 0 :
			    f->status[0] == 'd' ? 1 : f->status[0] == 'o' ?
			    2 : 3]++;
			per += f->periods;
			met += f->periods_met;
		}
		if (metrics) {
			if (per == 0)
				continue;
			cells[0] = keys[i];
			cells[1] = "one_on_one_compliance";
			cells[2] = asof;
			cells[3] = pct(b[0], (int)((met * 2000 + per) /
			    (2 * per)));
			rc = sales_out_row(out, cells);
			continue;
		}
		cells[0] = keys[i];
		cells[1] = num(b[0], reps);
		cells[2] = num(b[1], st[0]);
		cells[3] = num(b[2], st[1]);
		cells[4] = num(b[3], st[2]);
		cells[5] = num(b[4], st[3]);
		cells[6] = num(b[5], per);
		cells[7] = num(b[6], met);
		cells[8] = per > 0 ? pct(b[7], (int)((met * 2000 + per) /
		    (2 * per))) : "";
		rc = sales_out_row(out, cells);
	}
	free(keys);
	return rc;
}

static int
write_metrics(struct sales_cadence *c, struct sales_out *out)
{
	static const char *const names[] = { "owner", "metric", "date",
	    "value" };
	static const enum sales_coltype types[] = { SALES_COL_TEXT,
	    SALES_COL_TEXT, SALES_COL_TEXT, SALES_COL_NUMBER };
	const char *cells[4];
	char b[24], d[SALES_DATE_BUFSZ];
	size_t i;
	int32_t from, to, p, last;
	int rc, met, whole;

	if ((rc = sales_out_columns(out, 4, names, types)) != SALES_OK)
		return rc;
	for (i = 0; i < c->nlisted; i++) {
		const struct rep *r = &c->reps[c->order[i]];

		from = c->o.since;
		if (r->start != SALES_DATE_NONE && r->start > from)
			from = r->start;
		to = c->o.as_of;
		if (r->end != SALES_DATE_NONE && r->end < to)
			to = r->end;
		for (p = period_of(c, from); from <= to &&
		    p <= period_of(c, to); p++) {
			last = period_last(c, p) < to ? period_last(c, p) : to;
			whole = period_first(c, p) >= from &&
			    period_last(c, p) <= to;
			met = count_days(c, r, period_first(c, p), last);
			if (!whole && met == 0)
				continue;
			cells[0] = r->name;
			cells[1] = "one_on_ones";
			cells[2] = sales_date_format(period_first(c, p) < from ?
			    from : period_first(c, p), d);
			cells[3] = num(b, met);
			if ((rc = sales_out_row(out, cells)) != SALES_OK)
				return rc;
		}
	}
	return write_groups(c, out, SALES_CAD_OUT_MANAGER, 1);
}

struct esc {
	const char	*notify, *rep, *manager, *status;
	int		 level, late;
};

static int
cmp_esc(const void *a, const void *b)
{
	const struct esc *x = a, *y = b;
	int r;

	if ((r = strcmp(x->notify, y->notify)) != 0)
		return r;
	if (x->level != y->level)
		return x->level - y->level;
	return strcmp(x->rep, y->rep);
}

static int
write_escalate(struct sales_cadence *c, struct sales_out *out)
{
	static const char *const names[] = { "notify", "level", "rep",
	    "manager", "status", "next_due", "days_overdue" };
	static const enum sales_coltype types[] = { SALES_COL_TEXT,
	    SALES_COL_NUMBER, SALES_COL_TEXT, SALES_COL_TEXT, SALES_COL_TEXT,
	    SALES_COL_TEXT, SALES_COL_NUMBER };
	struct esc *e;
	const char *cells[7];
	char b[2][24], d[SALES_DATE_BUFSZ];
	size_t i, n = 0;
	int rc;

	if ((rc = sales_out_columns(out, 7, names, types)) != SALES_OK)
		return rc;
	if ((e = calloc(c->nlisted * 2 + 1, sizeof(*e))) == NULL)
		return SALES_ENOMEM;
	for (i = 0; i < c->nlisted; i++) {
		const struct sales_cad_rep *f = &c->reps[c->order[i]].f;
		const struct rep *m;

		if (f->level == 0)
			continue;
		e[n].notify = f->manager;
		e[n].rep = f->rep;
		e[n].manager = f->manager;
		e[n].status = f->status;
		e[n].level = 1;
		e[n].late = f->next_due == SALES_DATE_NONE ? -1 :
		    c->o.as_of - f->next_due;
		n++;
		if (f->level < 2)
			continue;
		e[n] = e[n - 1];
		m = lookup(c, f->manager, strlen(f->manager));
		e[n].notify = m != NULL && m->manager != NULL ? m->manager : "";
		e[n].level = 2;
		n++;
	}
	qsort(e, n, sizeof(*e), cmp_esc);
	for (i = 0; i < n; i++) {
		const struct rep *r = lookup(c, e[i].rep, strlen(e[i].rep));

		cells[0] = e[i].notify;
		cells[1] = num(b[0], e[i].level);
		cells[2] = e[i].rep;
		cells[3] = e[i].manager;
		cells[4] = e[i].status;
		cells[5] = sales_date_format(r->f.next_due, d);
		cells[6] = num(b[1], e[i].late);
		if ((rc = sales_out_row(out, cells)) != SALES_OK)
			break;
	}
	free(e);
	return rc;
}

int
sales_cadence_write(struct sales_cadence *c, struct sales_out *out,
    enum sales_cad_table t)
{
	static const char *const names[] = { "", "reps", "ok", "due_soon",
	    "overdue", "never", "periods", "periods_met", "compliance_pct" };
	static const enum sales_coltype types[] = { SALES_COL_TEXT,
	    SALES_COL_NUMBER, SALES_COL_NUMBER, SALES_COL_NUMBER,
	    SALES_COL_NUMBER, SALES_COL_NUMBER, SALES_COL_NUMBER,
	    SALES_COL_NUMBER, SALES_COL_NUMBER };
	const char *n[9];
	int rc;

	switch (t) {
	case SALES_CAD_OUT_REPS:
		return write_reps(c, out);
	case SALES_CAD_OUT_METRICS:
		return write_metrics(c, out);
	case SALES_CAD_OUT_ESCALATE:
		return write_escalate(c, out);
	default:
		memcpy(n, names, sizeof(n));
		n[0] = t == SALES_CAD_OUT_TEAM ? "team" : "manager";
		if ((rc = sales_out_columns(out, 9, n, types)) != SALES_OK)
			return rc;
		return write_groups(c, out, t, 0);
	}
}

int
sales_cadence_problem(const struct sales_cadence *c, size_t *iter,
    char *buf, size_t bufsz)
{
	char d[SALES_DATE_BUFSZ];

	for (; *iter < c->nlisted; (*iter)++) {
		const struct rep *r = &c->reps[c->order[*iter]];
		const struct sales_cad_rep *f = &r->f;

		if (r->end != SALES_DATE_NONE && r->end < c->o.as_of)
			continue;
		if (strcmp(f->status, "never") == 0)
			sales_fmt(buf, bufsz, "%s: no one-on-one on record "
			    "(manager %s)", f->rep, f->manager[0] ?
			    f->manager : "unknown");
		else if (strcmp(f->status, "overdue") == 0)
			sales_fmt(buf, bufsz, "%s: overdue since %s (%d days "
			    "since the last one-on-one, manager %s)", f->rep,
			    sales_date_format(f->next_due, d), f->days_since,
			    f->manager[0] ? f->manager : "unknown");
		else
			continue;
		(*iter)++;
		return 1;
	}
	return 0;
}

/* Partial states and their merge; see sales_cadence.h. */

void
sales_cadence_set_seq(struct sales_cadence *c, unsigned seq)
{
	c->seq = (uint64_t)(seq & 0xffffff) << 40;
}

/* Copies src's identity (not its meetings) into a new rep of c. */
static struct rep *
copy_rep(struct sales_cadence *c, const struct rep *src)
{
	struct rep *r;

	if ((r = new_rep(c, src->name, strlen(src->name))) == NULL)
		return NULL;
	r->start = src->start;
	r->end = src->end;
	r->at_name = src->at_name;
	r->at_mgr = src->at_mgr;
	if ((r->manager = dup(c, src->manager, strlen(src->manager))) == NULL ||
	    (r->team = dup(c, src->team, strlen(src->team))) == NULL)
		return NULL;
	if (src->email != NULL) {
		if ((r->email = dup(c, src->email, strlen(src->email))) ==
		    NULL)
			return NULL;
		if (lookup(c, r->email, strlen(r->email)) == NULL &&
		    tab_put(&c->tab, &c->captab, &c->ntab, r->email,
		    c->nreps) != SALES_OK)
			return NULL;
	}
	return r;
}

/* Notes unknown name k (first warned at key at) in c's table. */
static int
put_unknown(struct sales_cadence *c, const char *k, uint64_t at)
{
	struct slot *s;
	char *copy;
	size_t len = strlen(k);

	s = tab_find(c->unk, c->capunk, k, len, sales_hash(k, len, 1));
	if (s != NULL && s->rep != 0) {
		if (at < s->at) {
			if ((copy = dup(c, k, len)) == NULL)
				return SALES_ENOMEM;
			s->key = copy;
			s->at = at;
		}
		return SALES_OK;
	}
	if ((copy = dup(c, k, len)) == NULL ||
	    tab_put(&c->unk, &c->capunk, &c->nunk, copy, 1) != SALES_OK)
		return SALES_ENOMEM;
	s = tab_find(c->unk, c->capunk, copy, len, sales_hash(copy, len, 1));
	s->at = at;
	return SALES_OK;
}

struct sales_cadence *
sales_cadence_part_new(const struct sales_cadence *base)
{
	struct sales_cadence *c;
	size_t i;

	if ((c = sales_cadence_new(&base->o)) == NULL)
		return NULL;
	c->roster = base->roster;
	c->seq = base->seq;
	for (i = 0; i < base->nreps; i++)
		if (copy_rep(c, &base->reps[i]) == NULL)
			goto fail;
	for (i = 0; i < base->capunk; i++)
		if (base->unk[i].rep != 0 &&
		    put_unknown(c, base->unk[i].key, base->unk[i].at) !=
		    SALES_OK)
			goto fail;
	return c;
fail:
	sales_cadence_free(c);
	return NULL;
}

int
sales_cadence_merge(struct sales_cadence *dst, const struct sales_cadence *src)
{
	const struct rep *s;
	struct slot *slot;
	struct rep *r;
	size_t i, k, nbytes;
	char *name;

	if (dst->o.since != src->o.since || dst->o.as_of != src->o.as_of ||
	    dst->order != NULL || src->order != NULL)
		return SALES_EUSAGE;
	dst->roster |= src->roster;
	nbytes = (size_t)(dst->ndays + 7) / 8;
	for (i = 0; i < src->nreps; i++) {
		s = &src->reps[i];
		if ((r = lookup(dst, s->name, strlen(s->name))) == NULL &&
		    (r = copy_rep(dst, s)) == NULL)
			return SALES_ENOMEM;
		/* The spelling and the manager seen first win. */
		if (s->at_name < r->at_name) {
			if ((name = dup(dst, s->name, strlen(s->name))) == NULL)
				return SALES_ENOMEM;
			slot = tab_find(dst->tab, dst->captab, name,
			    strlen(name), sales_hash(name, strlen(name), 1));
			if (slot != NULL && slot->rep != 0 &&
			    slot->key == r->name)
				slot->key = name;
			r->name = name;
			r->at_name = s->at_name;
		}
		if (s->at_mgr < r->at_mgr) {
			if ((r->manager = dup(dst, s->manager,
			    strlen(s->manager))) == NULL)
				return SALES_ENOMEM;
			r->at_mgr = s->at_mgr;
		}
		for (k = 0; k < nbytes; k++)
			r->bits[k] |= s->bits[k];
		if (s->last != SALES_DATE_NONE && (r->last == SALES_DATE_NONE ||
		    s->last > r->last))
			r->last = s->last;
		if (s->prior != SALES_DATE_NONE &&
		    (r->prior == SALES_DATE_NONE || s->prior > r->prior))
			r->prior = s->prior;
	}
	for (i = 0; i < src->capunk; i++)
		if (src->unk[i].rep != 0 &&
		    put_unknown(dst, src->unk[i].key, src->unk[i].at) !=
		    SALES_OK)
			return SALES_ENOMEM;
	dst->nunknown += src->nunknown;
	dst->nignored += src->nignored;
	return SALES_OK;
}

int
sales_cadence_warned(const struct sales_cadence *c, const char *name,
    uint64_t *line)
{
	struct slot *s;
	size_t len = strlen(name);

	s = tab_find(c->unk, c->capunk, name, len, sales_hash(name, len, 1));
	if (s == NULL || s->rep == 0)
		return 0;
	if (line != NULL)
		*line = s->at & (((uint64_t)1 << 40) - 1);
	return 1;
}

const char *
sales_cadence_warned_name(const struct sales_cadence *c)
{
	return c->warn[0] != '\0' && c->warn_name != NULL ? c->warn_name : "";
}
