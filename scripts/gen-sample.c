/*
 * gen-sample: write the CSV files of a fictional company (roster,
 * opportunities with weekly history, meetings, executive visits, accounts,
 * goals) for the sales-tools examples, tests and benchmarks.
 *
 * Everything comes from one seeded xoshiro256** stream (seeded through
 * splitmix64), so a seed gives byte-identical files on every platform.
 * Only integer arithmetic and a few libm calls (log, exp, sqrt, cos) are
 * used; amounts are rounded to whole hundreds, which hides any last-bit
 * difference between math libraries.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PROG	"gen-sample"
#define USAGE	"usage: gen-sample [-h] [--seed N] [--reps N] [--months N] " \
		"[--deals N] [--as-of DATE] [--only opportunities] [-o DIR]"

/* ---------------------------------------------------------------- PRNG */

static uint64_t rs[4];

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rnext(void)
{
	uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;

	rs[2] ^= rs[0];
	rs[3] ^= rs[1];
	rs[1] ^= rs[2];
	rs[0] ^= rs[3];
	rs[2] ^= t;
	rs[3] = rotl(rs[3], 45);
	return r;
}

static void
rseed(uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		rs[i] = splitmix64(&seed);
}

/* Uniform in [0, 1). */
static double
runif(void)
{
	return (double)(rnext() >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [lo, hi]. */
static long
rint_in(long lo, long hi)
{
	return lo + (long)(rnext() % (uint64_t)(hi - lo + 1));
}

static int
chance(double p)
{
	return runif() < p;
}

static double
rnorm(void)
{
	double u = runif(), v = runif();

	if (u < 1e-300)
		u = 1e-300;
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* Log-normal with the given median and log-scale sigma. */
static double
rlognorm(double median, double sigma)
{
	return median * exp(sigma * rnorm());
}

/* ---------------------------------------------------------------- dates */

static long
days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, long *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Last day of the quarter holding day z. */
static long
quarter_end(long z)
{
	long y;
	int m, d, qm;

	civil_from_days(z, &y, &m, &d);
	qm = ((m - 1) / 3) * 3 + 4;
	if (qm > 12)
		return days_from_civil(y + 1, 1, 1) - 1;
	return days_from_civil(y, qm, 1) - 1;
}

static int
parse_date(const char *s, long *out)
{
	int y, m, d;
	char tail;

	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    strlen(s) != 10 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*out = days_from_civil(y, m, d);
	{
		long yy;
		int mm, dd;

		civil_from_days(*out, &yy, &mm, &dd);
		if (mm != m || dd != d)
			return -1;
	}
	return 0;
}

/* Day z moved back by n calendar months (day clamped to the month). */
static long
months_back(long z, int n)
{
	long y;
	int m, d;
	long t;

	civil_from_days(z, &y, &m, &d);
	t = y * 12 + (m - 1) - n;
	y = t / 12;
	m = (int)(t % 12) + 1;
	while (d > 28) {
		long r = days_from_civil(y, m, d);
		long yy;
		int mm, dd;

		civil_from_days(r, &yy, &mm, &dd);
		if (mm == m)
			break;
		d--;
	}
	return days_from_civil(y, m, d);
}

/* ---------------------------------------------------------------- output */

struct out {
	FILE	*f;
	const char *path;
	char	 sep;		/* pending field separator, or 0 */
};

static void
die(const char *fmt, const char *arg)
{
	fprintf(stderr, PROG ": ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

static void
out_open(struct out *o, const char *dir, const char *name)
{
	static char path[8][4096];
	static int n;
	char *p = path[n++ % 8];

	if ((size_t)snprintf(p, 4096, "%s/%s", dir, name) >= 4096)
		die("%s: path too long", dir);
	o->path = p;
	o->sep = 0;
	if ((o->f = fopen(p, "w")) == NULL)
		die("%s", p), (void)0;
	setvbuf(o->f, NULL, _IOFBF, 1 << 16);
}

static void
out_close(struct out *o)
{
	if (ferror(o->f) | fclose(o->f))
		die("%s: write error", o->path);
}

static void
fld_begin(struct out *o)
{
	if (o->sep)
		putc(o->sep, o->f);
	o->sep = ',';
}

static void
put_str(struct out *o, const char *s)
{
	fld_begin(o);
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, o->f);
		return;
	}
	putc('"', o->f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', o->f);
		putc(*s, o->f);
	}
	putc('"', o->f);
}

static void
put_raw(struct out *o, const char *s)
{
	fld_begin(o);
	fputs(s, o->f);
}

static void
put_long(struct out *o, long v)
{
	char b[24];

	snprintf(b, sizeof b, "%ld", v);
	put_raw(o, b);
}

static void
put_date(struct out *o, long z)
{
	char b[16];
	long y;
	int m, d;

	civil_from_days(z, &y, &m, &d);
	snprintf(b, sizeof b, "%04ld-%02d-%02d", y, m, d);
	put_raw(o, b);
}

static void
put_cents(struct out *o, int64_t c)
{
	char b[32];

	snprintf(b, sizeof b, "%s%lld.%02lld", c < 0 ? "-" : "",
	    (long long)(c < 0 ? -c : c) / 100, (long long)(c < 0 ? -c : c) % 100);
	put_raw(o, b);
}

static void
put_empty(struct out *o)
{
	fld_begin(o);
}

static void
row_end(struct out *o)
{
	putc('\n', o->f);
	o->sep = 0;
}

static void
header(struct out *o, const char *h)
{
	fputs(h, o->f);
	putc('\n', o->f);
}

/* ---------------------------------------------------------------- people */

static const char *firsts[] = {
	"Aisha", "Ben", "Carla", "Dmitri", "Elena", "Farid", "Grace", "Hiro",
	"Ines", "Jamal", "Kofi", "Lena", "Marco", "Nadia", "Oscar", "Priya",
	"Quinn", "Rosa", "Sven", "Tanya", "Umar", "Vera", "Wes", "Ximena",
	"Yusuf", "Zoe", "Alba", "Bruno", "Chen", "Dana", "Emeka", "Fiona",
};
static const char *lasts[] = {
	"Okafor", "Lindqvist", "Moreau", "Petrov", "Tanaka", "Haddad",
	"O'Brien", "Silva", "Novak", "Schmidt", "Kowalski", "Nguyen", "Patel",
	"Garcia", "Andersen", "Rossi", "Dubois", "Kim", "Mensah", "Costa",
	"Fischer", "Ivanova", "Jensen", "Yilmaz",
};
static const char *teams[] = {
	"East", "West", "Central", "Enterprise", "Mid-Market", "Public Sector",
	"EMEA", "APAC",
};

struct rep {
	char	 name[48];
	int	 manager;	/* index into reps, -1 for the VP */
	int	 team;
	long	 start, end;	/* end < 0 while employed */
	int	 is_mgr;
	double	 win;		/* win rate of a qualified deal */
	double	 speed;		/* cycle length factor */
	double	 size;		/* deal size factor */
	double	 care;		/* 1:1 interval in weeks (managers' care) */
};

static struct rep *reps;
static int nreps, nall;	/* sellers, all people (sellers + managers + VP) */

static void
person_name(char *buf, size_t n, int i)
{
	int nf = sizeof firsts / sizeof *firsts, nl = sizeof lasts / sizeof *lasts;

	snprintf(buf, n, "%s %s", firsts[(i * 7 + i / nf) % nf],
	    lasts[(i * 5 + i / nl * 3) % nl]);
}

/* ---------------------------------------------------------------- accounts */

static const char *acc_a[] = {
	"Acme", "Northwind", "Blue Harbor", "Granite", "Silverline", "Keystone",
	"Orion", "Pinecrest", "Redwood", "Summit", "Tidewater", "Vantage",
	"Wexford", "Zephyr", "Lakeside", "Ironbridge", "Meridian", "Cobalt",
	"Harbinger", "Evergreen",
};
static const char *acc_b[] = {
	"Logistics", "Health", "Foods", "Capital", "Energy", "Robotics",
	"Media", "Retail", "Pharma", "Analytics", "Telecom", "Insurance",
};
static const char *acc_c[] = {
	"Inc.", "GmbH", "Ltd", "LLC", "S.A.", "Group", "AG", "Corp.",
};

struct account {
	char	 name[64];
	int64_t	 revenue;	/* cents */
	double	 weight;	/* chance to be chosen for a deal or visit */
};

static struct account *accs;
static int naccs;

static void
make_accounts(int n)
{
	int i, na = sizeof acc_a / sizeof *acc_a, nb = sizeof acc_b / sizeof *acc_b,
	    nc = sizeof acc_c / sizeof *acc_c;

	accs = calloc((size_t)n, sizeof *accs);
	if (accs == NULL)
		die("%s", strerror(errno));
	naccs = n;
	for (i = 0; i < n; i++) {
		const char *a = acc_a[i % na], *b = acc_b[(i / na) % nb],
		    *c = acc_c[(i * 3 + i / (na * nb)) % nc];
		int v = i / (na * nb);
		char sfx[16] = "";

		if (v > 0)
			snprintf(sfx, sizeof sfx, " %d", v + 1);
		switch (rint_in(0, 9)) {
		case 0:	/* a legal name with a comma */
			snprintf(accs[i].name, sizeof accs[i].name,
			    "%s %s%s, %s", a, b, sfx, c);
			break;
		case 1:	/* a nickname in quotes */
			snprintf(accs[i].name, sizeof accs[i].name,
			    "\"%s\" %s%s", a, b, sfx);
			break;
		default:
			snprintf(accs[i].name, sizeof accs[i].name,
			    "%s %s%s %s", a, b, sfx, c);
		}
		/* Pareto revenue, from 2 million up. */
		accs[i].revenue = (int64_t)(2e6 / pow(1.0 - runif(), 1.0 / 1.1)
		    / 1000.0) * 1000 * 100;
		if (accs[i].revenue > (int64_t)5e11 * 100)
			accs[i].revenue = (int64_t)5e11 * 100;
		accs[i].weight = 1.0 + log((double)accs[i].revenue / 2e8);
	}
}

/* Cumulative weights for picking accounts. */
static double *acc_cum;

static int
pick_account(void)
{
	double u = runif() * acc_cum[naccs - 1];
	int lo = 0, hi = naccs - 1;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (acc_cum[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* ---------------------------------------------------------------- opps */

static const struct {
	const char *name;
	int	 prob;
	const char *fcat;
} stages[] = {
	{ "Prospecting",		10, "Pipeline" },
	{ "Qualification",		10, "Pipeline" },
	{ "Needs Analysis",		20, "Pipeline" },
	{ "Value Proposition",		50, "Pipeline" },
	{ "Id. Decision Makers",	60, "Pipeline" },
	{ "Perception Analysis",	70, "Best Case" },
	{ "Proposal/Price Quote",	75, "Best Case" },
	{ "Negotiation/Review",		90, "Commit" },
	{ "Closed Won",			100, "Closed" },
	{ "Closed Lost",		0, "Omitted" },
};
#define NOPEN	8
#define WON	8
#define LOST	9

static const char *products[] = {
	"Platform", "Renewal", "Expansion", "Analytics add-on", "Pilot",
	"Support upgrade", "Migration", "Training",
};

/* Seasonality of new deals by month (January = 0). */
static const double season[12] = {
	0.75, 0.9, 1.05, 1.0, 1.05, 0.95, 0.75, 0.7, 1.1, 1.2, 1.15, 0.8,
};

#define MAXEV	64

/* One deal's life: the events that change what a snapshot shows. */
struct deal {
	long	 created, end;		/* end: day it closed, or past as_of */
	int	 outcome;		/* WON, LOST, or -1 still open at as_of */
	int	 nst;			/* stage changes */
	long	 st_day[NOPEN + 1];
	int	 st[NOPEN + 1];
	int	 npush;			/* close-date changes */
	long	 push_day[MAXEV], push_to[MAXEV];
	long	 amt_day;		/* day the amount was revised */
	int64_t	 amount0, amount;
};

static int
stage_at(const struct deal *d, long t)
{
	int i, s = d->st[0];

	for (i = 1; i < d->nst; i++)
		if (d->st_day[i] <= t)
			s = d->st[i];
	return s;
}

static long
close_at(const struct deal *d, long t)
{
	int i;
	long c = d->push_to[0];

	for (i = 1; i < d->npush; i++)
		if (d->push_day[i] <= t)
			c = d->push_to[i];
	return c;
}

static int
month_of(long z)
{
	long y;
	int m, dd;

	civil_from_days(z, &y, &m, &dd);
	return m - 1;
}

/*
 * Build a deal owned by rep r created on day c: decide how it ends and when,
 * then lay out its stage changes and its close-date pushes on the way.
 */
static void
make_deal(struct deal *d, const struct rep *r, long c, long as_of)
{
	double cyc, size, odds;
	long close, planned, t;
	int top, i, won;

	memset(d, 0, sizeof *d);
	d->created = c;
	d->amount0 = (int64_t)(rlognorm(18000.0 * r->size, 0.9) / 100.0) * 100;
	/*
	 * The odd whale: Pareto (alpha 1.3) from 150,000, truncated at
	 * 2,000,000 (about 100x the median; no larger deal for a team of
	 * this size) by drawing inside the range, so no spike at the top.
	 */
	if (chance(0.03))
		d->amount0 = (int64_t)(150000.0 / pow(1.0 - runif() *
		    (1.0 - pow(150000.0 / 2000000.0, 1.3)), 1.0 / 1.3) /
		    100.0) * 100;
	if (d->amount0 < 500)
		d->amount0 = 500;
	if (d->amount0 > 2000000)
		d->amount0 = 2000000;
	/*
	 * Size matters, as in real B2B: with x = amount / 18,000 (the
	 * company's median deal), the odds of winning are the rep's times
	 * x^-0.2 (a $1.9M deal is won at about 0.4 times the rep's odds) and the
	 * cycle is x^0.3 times as long (about 4x for $1.9M, at most 5x; a
	 * $2,000 deal about half).
	 */
	size = (double)d->amount0 / 18000.0;
	odds = r->win / (1.0 - r->win) * pow(size, -0.2);
	won = chance(odds / (1.0 + odds));
	/* Cycle length: log-normal, median about 55 days times the rep's pace;
	 * lost deals die sooner, bigger deals take longer. */
	cyc = rlognorm(55.0 * r->speed, 0.6);
	if (!won)
		cyc *= 0.45 + 0.6 * runif();
	cyc *= pow(size, 0.3) < 5.0 ? pow(size, 0.3) : 5.0;
	if (cyc < 3)
		cyc = 3;
	close = c + (long)cyc;
	/* A stalled deal nobody closes: open long after its date. */
	if (!won && chance(0.06))
		close = as_of + rint_in(30, 400);
	/* Quarter-end spike: many wins are pulled or pushed onto the last
	 * days of their quarter. */
	if (won && chance(0.35)) {
		long qe = quarter_end(close) - rint_in(0, 5);

		if (qe > c + 7)
			close = qe;
	}
	d->amount = d->amount0;
	d->amt_day = -1;
	if (chance(0.3)) {
		d->amt_day = c + (long)((double)(close - c) * (0.3 + 0.5 * runif()));
		d->amount = (int64_t)((double)d->amount0 * (0.7 + 0.6 * runif())
		    / 100.0) * 100;
		if (d->amount < 500)
			d->amount = 500;
	}
	/* Stages: won deals walk the whole way; lost ones stop early. */
	top = won ? NOPEN - 1 : (int)rint_in(0, NOPEN - 1);
	d->nst = 0;
	{
		int s = chance(0.7) ? 0 : 1;
		int steps = top - s + 1, k = 0;

		for (i = s; i <= top; i++, k++) {
			if (i > s && i < top && chance(0.25))
				continue;	/* skipped stage */
			d->st[d->nst] = i;
			d->st_day[d->nst] = c + (long)((double)(close - c) *
			    (double)k / (double)steps);
			d->nst++;
		}
	}
	/* Planned close: optimistic at first, pushed as it comes near. */
	if (chance(0.55))
		planned = c + (long)((double)(close - c) * (0.45 + 0.5 * runif()));
	else
		planned = close + rint_in(-7, 10);
	if (planned < c + 1)
		planned = c + 1;
	d->push_day[0] = c;
	d->push_to[0] = planned;
	d->npush = 1;
	t = planned;
	while (planned < close && d->npush < MAXEV - 1) {
		long when = planned + (chance(0.15) ? rint_in(15, 60) :
		    rint_in(-10, 6));	/* update: early, late, or neglected */
		long to = planned + rint_in(14, 45);

		if (when <= d->push_day[d->npush - 1])
			when = d->push_day[d->npush - 1] + 1;
		if (to > close || chance(0.2))
			to = to > close ? close : to;
		d->push_day[d->npush] = when;
		d->push_to[d->npush] = to;
		d->npush++;
		planned = to;
	}
	(void)t;
	/* Some reps stop updating a stalled open deal: its planned close
	 * passes and stays in the past (an overdue deal). */
	if (close > as_of && chance(0.3)) {
		for (i = 1; i < d->npush; i++)
			if (d->push_to[i - 1] > as_of - 150 &&
			    d->push_day[i] <= as_of && d->push_to[i - 1] < as_of)
				break;
		for (top = i; i < d->npush; i++)
			if (d->push_day[i] <= as_of + (i - top))
				d->push_day[i] = as_of + (i - top) + 1;
	}
	d->end = close;
	if (close > as_of) {
		d->outcome = -1;
	} else {
		d->outcome = won ? WON : LOST;
	}
}

/* ---------------------------------------------------------------- main */

struct opts {
	uint64_t seed;
	int	 reps, months;
	long	 deals;
	long	 as_of;
	int	 only_opps;
	const char *dir;
};

static long
num_arg(const char *opt, const char *v, long lo, long hi)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno || n < lo || n > hi) {
		fprintf(stderr, PROG ": %s: bad number '%s' (%ld..%ld)\n",
		    opt, v, lo, hi);
		exit(2);
	}
	return n;
}

static void
usage_err(const char *msg, const char *arg)
{
	fprintf(stderr, PROG ": ");
	fprintf(stderr, msg, arg);
	fprintf(stderr, "\n" USAGE "\n");
	exit(2);
}

static void
help(void)
{
	printf(USAGE "\n"
	    "Write the CSV files of a fictional company into DIR.\n"
	    "  --seed N        PRNG seed (default 1); same seed, same bytes\n"
	    "  --reps N        sales reps (default 12; managers and a VP added)\n"
	    "  --months N      months of history ending at --as-of (default 24)\n"
	    "  --deals N       opportunities in total (default 700)\n"
	    "  --as-of DATE    last day of the data, YYYY-MM-DD (default 2026-11-28)\n"
	    "  --only opportunities   write opportunities.csv only\n"
	    "  -o DIR          output directory (default .; created if missing)\n"
	    "  -h, --help      this help\n"
	    "Files: roster.csv opportunities.csv history.csv meetings.csv\n"
	    "       visits.csv execs.csv accounts.csv goals.csv\n");
}

static void
parse_opts(int argc, char **argv, struct opts *o)
{
	int i;

	o->seed = 1;
	o->reps = 12;
	o->months = 24;
	o->deals = 700;
	o->as_of = days_from_civil(2026, 11, 28);
	o->only_opps = 0;
	o->dir = ".";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		const char *eq = strchr(a, '=');
		char name[32];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			help();
			exit(0);
		}
		if (strncmp(a, "--", 2) == 0 && eq != NULL &&
		    (size_t)(eq - a) < sizeof name) {
			memcpy(name, a, (size_t)(eq - a));
			name[eq - a] = '\0';
			a = name;
			v = eq + 1;
		}
		if (strcmp(a, "--seed") && strcmp(a, "--reps") &&
		    strcmp(a, "--months") && strcmp(a, "--deals") &&
		    strcmp(a, "--as-of") && strcmp(a, "--only") &&
		    strcmp(a, "-o"))
			usage_err("unknown option '%s'", argv[i]);
		if (v == NULL) {
			if (i + 1 >= argc)
				usage_err("option '%s' needs a value", a);
			v = argv[++i];
		}
		if (strcmp(a, "--seed") == 0)
			o->seed = (uint64_t)num_arg(a, v, 0, 0x7fffffffL);
		else if (strcmp(a, "--reps") == 0)
			o->reps = (int)num_arg(a, v, 1, 100000);
		else if (strcmp(a, "--months") == 0)
			o->months = (int)num_arg(a, v, 1, 240);
		else if (strcmp(a, "--deals") == 0)
			o->deals = num_arg(a, v, 0, 1000000000L);
		else if (strcmp(a, "--as-of") == 0) {
			if (parse_date(v, &o->as_of) != 0)
				usage_err("--as-of: bad date '%s' (YYYY-MM-DD)", v);
		} else if (strcmp(a, "--only") == 0) {
			if (strcmp(v, "opportunities") != 0)
				usage_err("--only: unknown file set '%s' "
				    "(opportunities)", v);
			o->only_opps = 1;
		} else
			o->dir = v;
	}
}

static void
make_roster(const struct opts *o, long start)
{
	int nmgr = (o->reps + 5) / 6, i, k;
	int ntm = (int)(sizeof teams / sizeof *teams);

	nreps = o->reps;
	nall = nreps + nmgr + 1;
	reps = calloc((size_t)nall, sizeof *reps);
	if (reps == NULL)
		die("%s", strerror(errno));
	/* Index nreps .. nreps+nmgr-1 managers, last the VP. */
	for (i = 0; i < nall; i++) {
		struct rep *r = &reps[i];

		person_name(r->name, sizeof r->name, i);
		if (i >= 32 * 24 / 8) {
			char b[16];

			snprintf(b, sizeof b, " %d", i / (32 * 24 / 8) + 1);
			strncat(r->name, b, sizeof r->name - strlen(r->name) - 1);
		}
		r->end = -1;
		r->start = start - rint_in(60, 2000);
		if (i < nreps) {
			k = i % nmgr;
			r->manager = nreps + k;
			r->team = k % ntm;
			r->win = 0.15 + 0.25 * runif();
			r->speed = 0.6 + 0.9 * runif();
			r->size = 0.6 + 0.9 * runif();
		} else if (i < nall - 1) {
			r->is_mgr = 1;
			r->manager = nall - 1;
			r->team = (i - nreps) % ntm;
			r->care = chance(0.3) ? 3.5 : 1.3;
		} else {
			r->is_mgr = 1;
			r->manager = -1;
			r->team = -1;
			r->care = 2.5;
		}
	}
	/* A few hires and leavers inside the window; a leaver is replaced
	 * by a hire in the same team. */
	for (i = 0; i < nreps && nreps >= 4; i += 5) {
		long span = o->as_of - start;

		if (i % 2 == 0)
			reps[i].start = start + rint_in(span / 6, span * 5 / 6);
		else
			reps[i].end = start + rint_in(span / 6, span * 5 / 6);
	}
}

/* Pick a seller employed on day t (by rejection; every window has some). */
static int
pick_rep(long t)
{
	int tries;

	for (tries = 0; tries < 1000; tries++) {
		int i = (int)rint_in(0, nreps - 1);

		if (reps[i].start <= t && (reps[i].end < 0 || reps[i].end >= t))
			return i;
	}
	return (int)rint_in(0, nreps - 1);
}

/* Owner who holds the deal at its end: the creator unless they left. */
static int
final_owner(int r, long end)
{
	int j;

	if (reps[r].end < 0 || reps[r].end >= end)
		return r;
	for (j = 0; j < nreps; j++) {
		int k = (r + 1 + j) % nreps;

		if (reps[k].manager == reps[r].manager &&
		    (reps[k].end < 0 || reps[k].end >= end))
			return k;
	}
	return r;
}

static long
seasonal_day(long start, long as_of)
{
	for (;;) {
		long t = rint_in(start, as_of);

		if (runif() * 1.2 < season[month_of(t)])
			return t;
	}
}

static void
write_opps(const struct opts *o, long start)
{
	struct out op, hi;
	struct deal d;
	long n;
	char buf[160], id[24];
	long first_snap = o->as_of;

	while (first_snap - 7 >= start)
		first_snap -= 7;
	out_open(&op, o->dir, "opportunities.csv");
	header(&op, "id,name,account,owner,team,manager,stage,amount,"
	    "probability,close_date,created_date,forecast_category");
	if (!o->only_opps) {
		out_open(&hi, o->dir, "history.csv");
		header(&hi, "id,snapshot_date,stage,amount,close_date");
	}
	for (n = 0; n < o->deals; n++) {
		long c = seasonal_day(start, o->as_of);
		int r = pick_rep(c), a = pick_account(), s, owner;
		long cl, t;
		const char *prod = products[rint_in(0, 7)];

		make_deal(&d, &reps[r], c, o->as_of);
		owner = final_owner(r, d.end < o->as_of ? d.end : o->as_of);
		snprintf(id, sizeof id, "006%012ld", n + 1);
		if (d.outcome < 0) {
			s = stage_at(&d, o->as_of);
			cl = close_at(&d, o->as_of);
		} else {
			s = d.outcome;
			cl = d.end;
		}
		if (chance(0.04))
			snprintf(buf, sizeof buf, "%s - %s \"%s\"", accs[a].name,
			    prod, chance(0.5) ? "Gold" : "Phase 2");
		else
			snprintf(buf, sizeof buf, "%s - %s", accs[a].name, prod);
		put_str(&op, id);
		put_str(&op, buf);
		put_str(&op, accs[a].name);
		put_str(&op, reps[owner].name);
		put_str(&op, teams[reps[owner].team]);
		put_str(&op, reps[reps[owner].manager].name);
		put_str(&op, stages[s].name);
		put_cents(&op, (d.amt_day >= 0 && d.amt_day <= o->as_of ?
		    d.amount : d.amount0) * 100);
		put_long(&op, stages[s].prob);
		put_date(&op, cl);
		put_date(&op, c);
		put_raw(&op, s < NOPEN && s >= 3 && chance(0.15) ?
		    "Pipeline" : stages[s].fcat);
		row_end(&op);
		if (o->only_opps)
			continue;
		/* Weekly snapshots of the deal while it is open. */
		for (t = first_snap; t <= o->as_of; t += 7) {
			if (t < c || t >= d.end)
				continue;
			put_str(&hi, id);
			put_date(&hi, t);
			put_str(&hi, stages[stage_at(&d, t)].name);
			put_cents(&hi, (d.amt_day >= 0 && d.amt_day <= t ?
			    d.amount : d.amount0) * 100);
			put_date(&hi, close_at(&d, t));
			row_end(&hi);
		}
	}
	out_close(&op);
	if (!o->only_opps)
		out_close(&hi);
}

static void
write_roster(const struct opts *o)
{
	struct out f;
	int i;

	out_open(&f, o->dir, "roster.csv");
	header(&f, "rep,manager,team,start_date,end_date");
	for (i = nall - 1; i >= 0; i--) {
		const struct rep *r = &reps[i];

		put_str(&f, r->name);
		if (r->manager < 0)
			put_empty(&f);
		else
			put_str(&f, reps[r->manager].name);
		put_str(&f, r->team < 0 ? "Sales" : teams[r->team]);
		put_date(&f, r->start);
		if (r->end < 0)
			put_empty(&f);
		else
			put_date(&f, r->end);
		row_end(&f);
	}
	out_close(&f);
}

static void
write_accounts(const struct opts *o)
{
	struct out f;
	int i;

	out_open(&f, o->dir, "accounts.csv");
	header(&f, "account,revenue");
	for (i = 0; i < naccs; i++) {
		put_str(&f, accs[i].name);
		put_cents(&f, accs[i].revenue);
		row_end(&f);
	}
	out_close(&f);
}

struct meeting {
	long	 date;
	int	 mgr, rep, type;
};

static int
meeting_cmp(const void *a, const void *b)
{
	const struct meeting *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->mgr != y->mgr)
		return x->mgr - y->mgr;
	if (x->type != y->type)
		return x->type - y->type;
	return x->rep - y->rep;
}

static const char *mtypes[] = { "1:1", "Pipeline review", "Forecast call" };

static void
write_meetings(const struct opts *o, long start)
{
	struct out f;
	struct meeting *m = NULL;
	size_t n = 0, cap = 0, k;
	int i;
	long t;

#define ADDM(D, M, R, T) do {						\
	if (n == cap) {							\
		cap = cap ? cap * 2 : 1024;				\
		if ((m = realloc(m, cap * sizeof *m)) == NULL)		\
			die("%s", strerror(errno));			\
	}								\
	m[n].date = (D); m[n].mgr = (M); m[n].rep = (R); m[n].type = (T);\
	n++;								\
} while (0)
	for (i = 0; i < nall - 1; i++) {
		const struct rep *r = &reps[i];
		const struct rep *mg = &reps[r->manager];
		long from = r->start > start ? r->start : start;
		long to = r->end >= 0 && r->end < o->as_of ? r->end : o->as_of;
		/* Mean gap in days: the manager's habit, some reps neglected. */
		double gap = 7.0 * mg->care * (chance(0.2) ? 2.5 : 1.0);

		for (t = from + rint_in(1, 10); t <= to;) {
			long w = t;
			int wd = (int)((w + 3) % 7);	/* 0 = Monday */

			if (wd >= 5)
				w += 7 - wd;	/* weekdays only */
			if (w > to)
				break;
			if (!chance(0.08))	/* cancelled now and then */
				ADDM(w, r->manager, i, 0);
			t = w + (long)(gap * (0.6 + 0.8 * runif())) + 1;
			if (chance(0.05))
				t += rint_in(20, 45);	/* holiday, busy quarter */
		}
	}
	/* Team meetings: a pipeline review every other Tuesday and a
	 * forecast call on the Thursday of the last week of a quarter. */
	for (i = nreps; i < nall - 1; i++) {
		long tue = start + ((1 - (start + 3) % 7) + 7) % 7;
		int j;

		for (t = tue; t <= o->as_of; t += 14)
			for (j = 0; j < nreps; j++)
				if (reps[j].manager == i && reps[j].start <= t &&
				    (reps[j].end < 0 || reps[j].end >= t))
					ADDM(t, i, j, 1);
		for (t = quarter_end(start); t <= o->as_of;
		    t = quarter_end(t + 1)) {
			long th = t - ((t + 3) % 7 - 3 + 7) % 7;

			if (th > o->as_of)
				break;
			for (j = 0; j < nreps; j++)
				if (reps[j].manager == i && reps[j].start <= th &&
				    (reps[j].end < 0 || reps[j].end >= th))
					ADDM(th, i, j, 2);
		}
	}
#undef ADDM
	qsort(m, n, sizeof *m, meeting_cmp);
	out_open(&f, o->dir, "meetings.csv");
	header(&f, "date,manager,rep,type");
	for (k = 0; k < n; k++) {
		put_date(&f, m[k].date);
		put_str(&f, reps[m[k].mgr].name);
		put_str(&f, reps[m[k].rep].name);
		put_str(&f, mtypes[m[k].type]);
		row_end(&f);
	}
	out_close(&f);
	free(m);
}

static const struct {
	const char *name, *title;
	int	 level;
	double	 rate;		/* visits per month */
} execs[] = {
	{ "Helen Achterberg", "CEO", 1, 1.5 },
	{ "Raj Malhotra", "Chief Revenue Officer", 1, 4.0 },
	{ "Monique Laurent", "CFO", 1, 0.6 },
	{ "Tomás Herrera", "CTO", 1, 1.2 },
	{ "Grace Whitfield", "VP Customer Success", 2, 3.0 },
	{ "Daniel \"Dan\" Osei", "VP Solutions, EMEA", 2, 2.0 },
};
#define NEXECS	(int)(sizeof execs / sizeof *execs)

struct visit {
	long	 date;
	int	 exec, acc, kind, note;
};

static int
visit_cmp(const void *a, const void *b)
{
	const struct visit *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->exec - y->exec;
}

static const char *kinds[] = { "onsite", "virtual", "event" };
static const char *notes[] = {
	"Quarterly business review", "Renewal, pricing discussion",
	"Executive sponsor intro", "Escalation: \"urgent\" outage follow-up",
	"Roadmap briefing", "Dinner at user conference", "",
};

static void
write_execs_visits(const struct opts *o, long start)
{
	struct out f;
	struct visit *v = NULL;
	size_t n = 0, cap = 0, k;
	int e;
	long t;

	out_open(&f, o->dir, "execs.csv");
	header(&f, "name,title,level");
	for (e = 0; e < NEXECS; e++) {
		put_str(&f, execs[e].name);
		put_str(&f, execs[e].title);
		put_long(&f, execs[e].level);
		row_end(&f);
	}
	out_close(&f);
	for (e = 0; e < NEXECS; e++) {
		double p = execs[e].rate / 30.4;

		for (t = start; t <= o->as_of; t++) {
			int wd = (int)((t + 3) % 7);

			if (wd >= 5 || !chance(p * 7.0 / 5.0))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 256;
				if ((v = realloc(v, cap * sizeof *v)) == NULL)
					die("%s", strerror(errno));
			}
			v[n].date = t;
			v[n].exec = e;
			v[n].acc = pick_account();
			v[n].kind = chance(0.5) ? 0 : chance(0.75) ? 1 : 2;
			v[n].note = (int)rint_in(0, 6);
			n++;
		}
	}
	qsort(v, n, sizeof *v, visit_cmp);
	out_open(&f, o->dir, "visits.csv");
	header(&f, "date,executive,title,account,kind,note");
	for (k = 0; k < n; k++) {
		put_date(&f, v[k].date);
		put_str(&f, execs[v[k].exec].name);
		put_str(&f, execs[v[k].exec].title);
		put_str(&f, accs[v[k].acc].name);
		put_str(&f, kinds[v[k].kind]);
		put_str(&f, notes[v[k].note]);
		row_end(&f);
	}
	out_close(&f);
	free(v);
}

static void
write_goals(const struct opts *o, long start)
{
	struct out f;
	long q;
	int i;
	char per[16];

	out_open(&f, o->dir, "goals.csv");
	header(&f, "owner,period,target,metric,weight");
	for (q = quarter_end(start); ; q = quarter_end(q + 1)) {
		long y;
		int m, d;
		long qs = q;

		civil_from_days(q, &y, &m, &d);
		snprintf(per, sizeof per, "%ld-Q%d", y, (m - 1) / 3 + 1);
		(void)qs;
		for (i = 0; i < nall; i++) {
			const struct rep *r = &reps[i];
			/* Expected quarterly bookings, rounded to 5000. */
			double exp_q = (double)o->deals / (double)nreps /
			    ((double)o->months / 3.0) * 0.28 * 20000.0;
			int64_t tgt;

			if (r->start > q - 45 || (r->end >= 0 && r->end < q - 45))
				continue;
			if (i < nreps) {
				tgt = (int64_t)(exp_q * r->size * 1.1 / 5000.0 + 1)
				    * 5000;
				put_str(&f, r->name);
				put_raw(&f, per);
				put_cents(&f, tgt * 100);
				put_raw(&f, "revenue");
				put_raw(&f, "0.8");
				row_end(&f);
				put_str(&f, r->name);
				put_raw(&f, per);
				put_raw(&f, "6.00");
				put_raw(&f, "one_on_ones");
				put_raw(&f, "0.2");
				row_end(&f);
			} else if (r->manager < 0) {
				continue;
			} else {
				put_str(&f, r->name);
				put_raw(&f, per);
				put_raw(&f, "90.00");
				put_raw(&f, "one_on_one_compliance");
				put_raw(&f, "1");
				row_end(&f);
			}
		}
		for (i = 0; i < NEXECS; i++) {
			put_str(&f, execs[i].name);
			put_raw(&f, per);
			put_raw(&f, execs[i].rate >= 2 ? "8.00" : "3.00");
			put_raw(&f, "executive_visits");
			put_raw(&f, "1");
			row_end(&f);
		}
		if (q >= o->as_of)
			break;
	}
	out_close(&f);
}

int
main(int argc, char **argv)
{
	struct opts o;
	long start;
	int i;

	parse_opts(argc, argv, &o);
	if (mkdir(o.dir, 0777) != 0 && errno != EEXIST)
		die("%s: cannot create directory", o.dir);
	rseed(o.seed);
	start = months_back(o.as_of, o.months) + 1;
	make_roster(&o, start);
	make_accounts(o.deals / 4 < 40 ? 40 : o.deals / 4 > 100000 ? 100000 :
	    (int)(o.deals / 4));
	if ((acc_cum = malloc((size_t)naccs * sizeof *acc_cum)) == NULL)
		die("%s", strerror(errno));
	for (i = 0; i < naccs; i++)
		acc_cum[i] = (i ? acc_cum[i - 1] : 0) + accs[i].weight;
	write_opps(&o, start);
	if (!o.only_opps) {
		write_roster(&o);
		write_accounts(&o);
		write_meetings(&o, start);
		write_execs_visits(&o, start);
		write_goals(&o, start);
	}
	free(acc_cum);
	free(accs);
	free(reps);
	return 0;
}
