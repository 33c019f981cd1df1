/*
 * gen-sample - a deterministic generator of a coherent fictional sales
 * organisation: roster, opportunities with their weekly snapshots,
 * one-on-one meetings, executive visits, accounts, executives and goals.
 * scripts/gen-sample builds and runs it; see docs/README-gen-sample.md.
 *
 * Same options and seed, byte-identical files.  The randomness is a
 * xoshiro256** generator seeded with splitmix64; amounts go through
 * exp() and log() from libm, which glibc computes the same on every
 * machine it runs on.
 *
 * What makes the data realistic enough to test forecasts on:
 *  - reps differ in skill: win rate, sales cycle length, deal size;
 *  - amounts are heavy-tailed (log-normal, with rare very large deals);
 *  - deals are created with seasonality (a slow summer and December);
 *  - the planned close date is optimistic, so open deals slip: each
 *    time a planned close passes, the rep pushes it, and the snapshots
 *    show every push;
 *  - deals near a quarter end are pulled into its last days (the
 *    quarter-end spike);
 *  - about two deals in three are lost, some after long stalls;
 *  - reps are hired and leave; managers hold one-on-ones with their reps
 *    at their own rhythm, some neglect a rep; executives visit some top
 *    accounts often and others never.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REPS	2000
#define MAX_ACCOUNTS	20000
#define NSTAGES		8

/* Salesforce's default open stages: name, probability %, category. */
static const struct {
	const char	*name;
	int		 prob;
	const char	*fcat;
} stages[NSTAGES] = {
	{ "Prospecting",		10, "Pipeline" },
	{ "Qualification",		10, "Pipeline" },
	{ "Needs Analysis",		20, "Pipeline" },
	{ "Value Proposition",		50, "Pipeline" },
	{ "Id. Decision Makers",	60, "Best Case" },
	{ "Perception Analysis",	70, "Best Case" },
	{ "Proposal/Price Quote",	75, "Commit" },
	{ "Negotiation/Review",		90, "Commit" },
};

static const char *const first_names[] = {
	"Ava", "Ben", "Chloe", "Diego", "Elena", "Farid", "Grace", "Hugo",
	"Ines", "Jonas", "Keiko", "Liam", "Maya", "Noah", "Olga", "Priya",
	"Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Ximena",
	"Yusuf", "Zoe", "Aisha", "Bruno", "Carmen", "Dmitri",
};
static const char *const last_names[] = {
	"Adams", "Bauer", "Chen", "Dubois", "Evans", "Fischer", "Garcia",
	"Haddad", "Ivanova", "Jensen", "Kowalski", "Lopez", "Moreau", "Nakamura",
	"O'Brien", "Patel", "Quinlan", "Rossi", "Silva", "Tanaka", "Umar",
	"Varga", "Weber", "Xu", "Yilmaz", "Zimmer",
};
static const char *const account_words[] = {
	"Acme", "Northwind", "Globex", "Initech", "Umbrella", "Stark",
	"Wayne", "Cyberdyne", "Soylent", "Tyrell", "Hooli", "Vandelay",
	"Monarch", "Sterling", "Blue Harbor", "Redwood", "Summit", "Pioneer",
	"Atlas", "Orion", "Evergreen", "Silverline", "Keystone", "Lakeside",
	"Harbor & Finch", "Granite", "Meridian", "Crescent", "Beacon", "Falcon",
};
static const char *const account_kinds[] = {
	"Inc.", "Corp.", "LLC", "GmbH", "Ltd", "Group", "Holdings", "S.A.",
	"Industries", "Labs",
};
static const char *const products[] = {
	"Analytics", "Platform", "Security", "Data", "Cloud", "Support",
	"Integration", "Mobile",
};
static const char *const deal_kinds[] = {
	"renewal", "expansion", "new logo", "pilot", "migration", "upgrade",
};
static const char *const teams[] = {
	"West", "East", "Central", "Enterprise", "Mid-Market", "EMEA",
	"APAC", "Public Sector",
};
static const char *const one_on_one_types[] = {
	"1:1", "One-on-one", "1on1", "1:1",
};

struct rep {
	char	 name[48];
	int	 manager;	/* index, -1 for the top */
	int	 team;
	int	 level;		/* 0 VP, 1 manager, 2 rep */
	int32_t	 start;
	int32_t	 end;		/* 0 while employed */
	double	 win_rate;
	double	 cycle;		/* median days to close */
	double	 size;		/* median amount, dollars */
	double	 diligence;	/* manager: days between one-on-ones */
	int	 neglected;	/* rep: the manager skips months */
};

struct opts {
	uint64_t	 seed;
	int		 reps;
	int		 months;
	long		 deals;
	int32_t		 as_of;
	int		 only_opps;
	const char	*dir;
};

static uint64_t	state[4];
static struct rep	reps[MAX_REPS];
static int	nreps;
static char	(*accounts)[64];
static long	naccounts;
static int64_t	*account_won;	/* won cents in the last year */

/* --- randomness --------------------------------------------------------- */

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

/* xoshiro256** */
static uint64_t
next(void)
{
	uint64_t r = rotl(state[1] * 5, 7) * 9, t = state[1] << 17;

	state[2] ^= state[0];
	state[3] ^= state[1];
	state[1] ^= state[2];
	state[0] ^= state[3];
	state[2] ^= t;
	state[3] = rotl(state[3], 45);
	return r;
}

/* Uniform in [0, 1). */
static double
unif(void)
{
	return (double)(next() >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [0, n). */
static long
pick(long n)
{
	return (long)(unif() * (double)n);
}

/* Standard normal (Box-Muller, one of the pair). */
static double
normal(void)
{
	double u = unif(), v = unif();

	if (u < 1e-300)
		u = 1e-300;
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

static double
lognormal(double median, double sigma)
{
	return median * exp(sigma * normal());
}

/* --- civil dates (days since 1970-01-01) -------------------------------- */

static int32_t
days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int32_t z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y += *m <= 2;
}

static const char *
date_str(int32_t day, char buf[16])
{
	int y, m, d;

	if (day == 0) {
		buf[0] = '\0';
		return buf;
	}
	civil_from_days(day, &y, &m, &d);
	snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
	return buf;
}

/* The last day of the calendar quarter holding day. */
static int32_t
quarter_end(int32_t day)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	m = ((m - 1) / 3 + 1) * 3;
	return m == 12 ? days_from_civil(y + 1, 1, 1) - 1 :
	    days_from_civil(y, m + 1, 1) - 1;
}

static int
month_of(int32_t day)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	return m;
}

/* --- CSV output ----------------------------------------------------------- */

/* Writes s as one CSV field, quoted when it must be. */
static void
field(FILE *fp, const char *s)
{
	const char *p;

	if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ') {
		fputs(s, fp);
		return;
	}
	putc('"', fp);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			putc('"', fp);
		putc(*p, fp);
	}
	putc('"', fp);
}

static void
money(FILE *fp, int64_t cents)
{
	fprintf(fp, "%s%lld.%02lld", cents < 0 ? "-" : "",
	    (long long)(cents < 0 ? -cents : cents) / 100,
	    (long long)(cents < 0 ? -cents : cents) % 100);
}

static FILE *
create(const struct opts *o, const char *name)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", o->dir, name);
	if ((fp = fopen(path, "w")) == NULL) {
		fprintf(stderr, "gen-sample: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return fp;
}

static void
done(FILE *fp, const char *name)
{
	if (ferror(fp) || fclose(fp) != 0) {
		fprintf(stderr, "gen-sample: %s: write error\n", name);
		exit(2);
	}
}

/* --- the organisation ------------------------------------------------------ */

static void
person(char *buf, size_t size, long i)
{
	long nf = sizeof(first_names) / sizeof(first_names[0]);
	long nl = sizeof(last_names) / sizeof(last_names[0]);

	snprintf(buf, size, "%s %s", first_names[i % nf],
	    last_names[(i / nf + i * 7) % nl]);
}

static void
make_roster(const struct opts *o, int32_t start)
{
	int nmanagers, i, t, ntm = sizeof(teams) / sizeof(teams[0]);

	nmanagers = (o->reps + 7) / 8;
	if (nmanagers > ntm)
		nmanagers = ntm;
	nreps = 0;
	/* The VP, then the managers, then the reps. */
	snprintf(reps[0].name, sizeof(reps[0].name), "Dana Whitfield");
	reps[0].manager = -1;
	reps[0].team = -1;
	reps[0].level = 0;
	reps[0].start = start - 900;
	nreps = 1;
	for (t = 0; t < nmanagers; t++) {
		struct rep *r = &reps[nreps];

		person(r->name, sizeof(r->name), 3 + t * 11);
		r->manager = 0;
		r->team = t;
		r->level = 1;
		r->start = start - 400 - (int32_t)pick(600);
		/* Days between one-on-ones: most near monthly, one lax. */
		r->diligence = t == 1 ? 52 : 24 + 10 * unif();
		nreps++;
	}
	for (i = 0; i < o->reps && nreps < MAX_REPS; i++) {
		struct rep *r = &reps[nreps];
		double u = unif();

		person(r->name, sizeof(r->name), 101 + i * 13);
		/* Names repeat past the lists: keep them distinct. */
		if (i >= 60)
			snprintf(r->name + strlen(r->name),
			    sizeof(r->name) - strlen(r->name), " %d", i / 60 + 1);
		r->team = i % nmanagers;
		r->manager = 1 + r->team;
		r->level = 2;
		r->start = start - 200 - (int32_t)pick(700);
		/* One rep in seven is hired inside the window, one in ten leaves. */
		if (u < 0.14)
			r->start = start + (int32_t)pick(o->months * 30 - 60);
		else if (u < 0.24)
			r->end = start + 120 + (int32_t)pick(o->months * 30 - 180);
		r->win_rate = 0.16 + 0.26 * unif();
		r->cycle = 28 + 80 * unif();
		r->size = 9000 + 22000 * unif();
		r->neglected = unif() < 0.12;
		nreps++;
	}
}

static void
write_roster(const struct opts *o)
{
	FILE *fp = create(o, "roster.csv");
	char d1[16], d2[16];
	int i;

	fputs("rep,manager,team,start_date,end_date\n", fp);
	for (i = 0; i < nreps; i++) {
		const struct rep *r = &reps[i];

		field(fp, r->name);
		putc(',', fp);
		field(fp, r->manager >= 0 ? reps[r->manager].name : "");
		fprintf(fp, ",%s,%s,%s\n", r->team >= 0 ? teams[r->team] :
		    "Leadership", date_str(r->start, d1), date_str(r->end, d2));
	}
	done(fp, "roster.csv");
}

static void
make_accounts(long n)
{
	long nw = sizeof(account_words) / sizeof(account_words[0]);
	long nk = sizeof(account_kinds) / sizeof(account_kinds[0]);
	long i;

	naccounts = n < 40 ? 40 : n > MAX_ACCOUNTS ? MAX_ACCOUNTS : n;
	accounts = calloc((size_t)naccounts, sizeof(*accounts));
	account_won = calloc((size_t)naccounts, sizeof(*account_won));
	if (accounts == NULL || account_won == NULL) {
		fprintf(stderr, "gen-sample: out of memory\n");
		exit(2);
	}
	for (i = 0; i < naccounts; i++) {
		const char *w = account_words[i % nw];
		const char *k = account_kinds[(i / nw + i) % nk];

		if (i % 23 == 5)	/* a comma inside the name */
			snprintf(accounts[i], 64, "%s, %s", w, k);
		else if (i / (nw * nk) > 0)
			snprintf(accounts[i], 64, "%s %s %ld", w, k,
			    i / (nw * nk) + 1);
		else
			snprintf(accounts[i], 64, "%s %s", w, k);
	}
}

/* A rep employed on day, drawn at random; -1 when none is. */
static int
rep_on(int32_t day)
{
	int tries;

	for (tries = 0; tries < 64; tries++) {
		int i = 1 + (int)pick(nreps - 1);

		if (reps[i].level == 2 && reps[i].start <= day &&
		    (reps[i].end == 0 || day < reps[i].end))
			return i;
	}
	return -1;
}

/* Seasonality of new deals: slow in July, August and December. */
static double
season(int32_t day)
{
	static const double f[13] = { 0, 1.1, 1.1, 1.15, 1.05, 1.0, 0.9,
	    0.7, 0.65, 1.1, 1.15, 1.05, 0.6 };

	return f[month_of(day)];
}

/* --- opportunities and snapshots ------------------------------------------ */

struct deal {
	long	 id;
	int	 owner;
	long	 account;
	int64_t	 amount;	/* cents */
	int32_t	 created;
	int32_t	 closed;	/* actual close (won or lost) */
	int	 won;
	int32_t	 planned;	/* first planned close */
	int	 slip;		/* days added at each push */
	int	 product;
	int	 kind;
};

/* The planned close as known on day: pushed each time it passed. */
static int32_t
planned_on(const struct deal *d, int32_t day, int *pushes)
{
	int32_t p = d->planned;

	*pushes = 0;
	while (p < day) {
		p += d->slip;
		++*pushes;
	}
	return p;
}

/* The stage index on day: progress through the cycle, with stalls. */
static int
stage_on(const struct deal *d, int32_t day)
{
	double span = (double)(d->closed - d->created), f;
	int s;

	if (span < 1)
		span = 1;
	f = (double)(day - d->created) / span;
	if (!d->won)
		f *= 0.7;	/* lost deals stall early */
	s = (int)(f * NSTAGES);
	return s < 0 ? 0 : s >= NSTAGES ? NSTAGES - 1 : s;
}

static void
write_opp(FILE *fp, const struct deal *d, int32_t as_of)
{
	char buf[128], d1[16], d2[16];
	int32_t close;
	int pushes, st;

	fprintf(fp, "OPP-%06ld,", d->id);
	snprintf(buf, sizeof(buf), "%s %s %s",
	    accounts[d->account], products[d->product], deal_kinds[d->kind]);
	if (d->id % 41 == 7)	/* a quoted word in the name */
		snprintf(buf, sizeof(buf), "%s \"%s\" %s", accounts[d->account],
		    products[d->product], deal_kinds[d->kind]);
	field(fp, buf);
	putc(',', fp);
	field(fp, accounts[d->account]);
	putc(',', fp);
	field(fp, reps[d->owner].name);
	fprintf(fp, ",%s,", teams[reps[d->owner].team]);
	field(fp, reps[reps[d->owner].manager].name);
	putc(',', fp);
	if (d->closed <= as_of) {
		fputs(d->won ? "Closed Won," : "Closed Lost,", fp);
		money(fp, d->amount);
		fprintf(fp, ",%d,%s,%s,%s\n", d->won ? 100 : 0,
		    date_str(d->closed, d1), date_str(d->created, d2),
		    d->won ? "Closed" : "Omitted");
		return;
	}
	st = stage_on(d, as_of);
	close = planned_on(d, as_of, &pushes);
	/* One open deal in twelve is not kept up to date: overdue. */
	if (d->id % 12 == 3 && pushes > 0)
		close -= d->slip;
	fprintf(fp, "%s,", stages[st].name);
	money(fp, d->amount);
	fprintf(fp, ",%d,%s,%s,%s\n", stages[st].prob,
	    d->id % 97 == 13 ? "" : date_str(close, d1),
	    date_str(d->created, d2), stages[st].fcat);
}

/* Weekly snapshots (Mondays) of the deal while open, last 12 months. */
static long
write_snapshots(FILE *fp, const struct deal *d, int32_t from, int32_t as_of)
{
	char d1[16], d2[16];
	int32_t day, end = d->closed < as_of ? d->closed : as_of;
	long n = 0;
	int pushes;

	day = d->created > from ? d->created : from;
	day += (4 - (day + 3) % 7 + 7) % 7;	/* to a Monday (1970-01-05) */
	for (; day < end; day += 7) {
		int64_t amount = d->amount;

		/* Amounts get revised: early snapshots differ a little. */
		if (day - d->created < (d->closed - d->created) / 3)
			amount = amount / 100 * (100 + (int)(d->id % 21) - 10);
		fprintf(fp, "OPP-%06ld,%s,%s,", d->id, date_str(day, d1),
		    stages[stage_on(d, day)].name);
		money(fp, amount);
		fprintf(fp, ",%s\n", date_str(planned_on(d, day, &pushes), d2));
		n++;
	}
	return n;
}

static void
make_deal(struct deal *d, long id, int32_t start, int32_t as_of)
{
	const struct rep *r;
	double cycle;
	int32_t qe;

	d->id = id;
	/* Created over the window, thinned by the season. */
	do {
		d->created = start + (int32_t)pick(as_of - start);
	} while (unif() > season(d->created) / 1.15 ||
	    (d->owner = rep_on(d->created)) < 0);
	r = &reps[d->owner];
	d->account = (long)(pow(unif(), 1.6) * (double)naccounts);
	if (d->account >= naccounts)
		d->account = naccounts - 1;
	/* Heavy tail: log-normal, and one deal in 60 five to 20 times larger. */
	d->amount = (int64_t)(lognormal(r->size, 0.9) * 100);
	if (unif() < 1.0 / 60)
		d->amount *= 5 + pick(16);
	if (d->amount < 50000)
		d->amount = 50000 + pick(50000);
	d->amount = d->amount / 100 * 100;	/* whole dollars, mostly */
	if (id % 9 == 4)
		d->amount += pick(100);
	d->won = unif() < r->win_rate;
	cycle = lognormal(r->cycle, 0.55) * (d->won ? 1.0 : 1.3);
	d->closed = d->created + 3 + (int32_t)cycle;
	/* Quarter-end spike: a win due in the next quarter's first weeks,
	 * or late in this one, is pulled into this quarter's last days. */
	qe = quarter_end(d->created + (int32_t)(cycle * 0.8));
	if (d->won && d->closed > qe - 20 && d->closed < qe + 15 &&
	    unif() < 0.5)
		d->closed = qe - (int32_t)pick(4);
	if (d->closed <= d->created)
		d->closed = d->created + 1;
	/* Reps plan optimistically: 55% to 90% of the real cycle. */
	d->planned = d->created + 2 + (int32_t)((d->closed - d->created) *
	    (0.55 + 0.35 * unif()));
	d->slip = 14 + (int)pick(31);
	d->product = (int)pick(sizeof(products) / sizeof(products[0]));
	d->kind = (int)pick(sizeof(deal_kinds) / sizeof(deal_kinds[0]));
}

/* --- meetings, visits, goals ------------------------------------------------ */

static void
write_meetings(const struct opts *o, int32_t start)
{
	FILE *fp = create(o, "meetings.csv");
	char d1[16];
	int i;

	fputs("date,manager,rep,type\n", fp);
	for (i = 1; i < nreps; i++) {
		const struct rep *r = &reps[i];
		const struct rep *m = &reps[r->manager];
		int32_t day = (r->start > start ? r->start : start) + 3 +
		    (int32_t)pick(20);
		int32_t end = r->end != 0 && r->end < o->as_of ? r->end :
		    o->as_of;
		double every = r->level == 1 ? 30 : m->diligence;

		for (; day < end; ) {
			int wd = (day + 4) % 7;	/* 0 Sunday */

			if (wd != 0 && wd != 6) {
				fputs(date_str(day, d1), fp);
				putc(',', fp);
				field(fp, m->name);
				putc(',', fp);
				field(fp, r->name);
				fprintf(fp, ",%s\n", one_on_one_types[pick(4)]);
				/* A pipeline review: the same two people. */
				if (unif() < 0.5)
					fprintf(fp, "%s,%s,%s,Pipeline review\n",
					    date_str(day + 1, d1), m->name,
					    r->name);
			}
			day += (int32_t)(every * (0.7 + 0.6 * unif()));
			/* A neglected rep: long gaps, and none lately. */
			if (r->neglected && unif() < 0.5)
				day += 35 + (int32_t)pick(40);
			if (r->neglected && day > o->as_of - 75)
				break;
		}
	}
	done(fp, "meetings.csv");
}

static void
write_visits(const struct opts *o, int32_t start)
{
	static const struct {
		const char	*name;
		const char	*title;
		int		 level;
	} execs[] = {
		{ "Morgan Ellis", "Chief Executive Officer", 1 },
		{ "Dana Whitfield", "VP Sales", 2 },
		{ "Priya Raman", "Chief Revenue Officer", 1 },
		{ "Tom Becker", "Director, Solutions Engineering", 3 },
	};
	static const char *const kinds[] = { "onsite", "virtual", "event" };
	static const char *const notes[] = { "QBR", "renewal kickoff",
	    "exec sponsor check-in", "roadmap review, next steps agreed",
	    "dinner at the \"user summit\"", "" };
	long *order, i, j, top = naccounts < 40 ? naccounts : 40;
	FILE *fp;
	char d1[16];
	int32_t day;

	/* Accounts ranked by won revenue over the last year. */
	if ((order = malloc((size_t)naccounts * sizeof(*order))) == NULL)
		exit(2);
	for (i = 0; i < naccounts; i++)
		order[i] = i;
	for (i = 1; i < naccounts; i++)
		for (j = i; j > 0 && account_won[order[j]] >
		    account_won[order[j - 1]]; j--) {
			long t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}

	fp = create(o, "accounts.csv");
	fputs("account,revenue\n", fp);
	for (i = 0; i < naccounts; i++) {
		field(fp, accounts[order[i]]);
		putc(',', fp);
		money(fp, account_won[order[i]]);
		putc('\n', fp);
	}
	done(fp, "accounts.csv");

	fp = create(o, "execs.csv");
	fputs("name,title,level\n", fp);
	for (i = 0; i < 4; i++) {
		field(fp, execs[i].name);
		putc(',', fp);
		field(fp, execs[i].title);
		fprintf(fp, ",%d\n", execs[i].level);
	}
	done(fp, "execs.csv");

	fp = create(o, "visits.csv");
	fputs("date,executive,title,account,kind,note\n", fp);
	for (day = start + (int32_t)pick(10); day < o->as_of;
	    day += 3 + (int32_t)pick(9)) {
		int e = (int)pick(4);
		/* Mostly the top accounts, the top of them more often; every
		 * seventh top account is never visited. */
		long a = order[(long)(pow(unif(), 1.8) * (double)top)];

		if (a % 7 == 3)
			continue;
		if (unif() < 0.15)
			a = order[top + pick(naccounts - top)];
		fputs(date_str(day, d1), fp);
		putc(',', fp);
		field(fp, execs[e].name);
		putc(',', fp);
		field(fp, execs[e].title);
		putc(',', fp);
		/* Now and then a name typed by hand, in lower case. */
		if (unif() < 0.03) {
			char low[64];
			size_t k;

			for (k = 0; accounts[a][k] != '\0'; k++)
				low[k] = (char)(accounts[a][k] >= 'A' &&
				    accounts[a][k] <= 'Z' ? accounts[a][k] + 32 :
				    accounts[a][k]);
			low[k] = '\0';
			field(fp, low);
		} else {
			field(fp, accounts[a]);
		}
		fprintf(fp, ",%s,", kinds[pick(3)]);
		field(fp, notes[pick(6)]);
		putc('\n', fp);
	}
	done(fp, "visits.csv");
	free(order);
}

static void
write_goals(const struct opts *o, int32_t start)
{
	FILE *fp = create(o, "goals.csv");
	int32_t q;
	int i;

	fputs("owner,period,target,metric,weight\n", fp);
	/* The quarters from the window's second year to the as-of date's. */
	for (q = quarter_end(start + 365 > o->as_of ? start : start + 365);
	    q <= quarter_end(o->as_of); q = quarter_end(q + 1)) {
		int y, m, d;

		civil_from_days(q, &y, &m, &d);
		for (i = 1; i < nreps; i++) {
			const struct rep *r = &reps[i];
			int64_t target;

			if (r->start > q || (r->end != 0 && r->end < q - 90))
				continue;
			if (r->level == 2) {
				/* About what a typical rep wins in a quarter,
				 * rounded to thousands, a little stretched. */
				target = (int64_t)(r->size * 2.6 * 1.1 / 1000) *
				    100000;
				field(fp, r->name);
				fprintf(fp, ",%d-Q%d,", y, m / 3);
				money(fp, target);
				fputs(",revenue,60\n", fp);
				field(fp, r->name);
				fprintf(fp, ",%d-Q%d,3,one_on_ones,20\n", y,
				    m / 3);
			} else {
				field(fp, r->name);
				fprintf(fp, ",%d-Q%d,90,one_on_one_compliance,"
				    "30\n", y, m / 3);
			}
		}
		fprintf(fp, "Dana Whitfield,%d-Q%d,6,executive_visits,20\n", y,
		    m / 3);
	}
	done(fp, "goals.csv");
}

/* --- main ----------------------------------------------------------------------- */

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: gen-sample [-h] [--seed N] [--reps N] [--months N] "
	    "[--deals N] [--as-of DATE]\n"
	    "                  [--only opportunities] -o DIR\n"
	    "Writes a fictional sales organisation into DIR: roster.csv,\n"
	    "opportunities.csv, history.csv, meetings.csv, visits.csv,\n"
	    "execs.csv, accounts.csv, goals.csv.  Defaults: --seed 1, --reps 24,\n"
	    "--months 24, --deals 1200, --as-of 2026-11-28.\n");
	exit(status);
}

static long
number(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "gen-sample: %s: \"%s\" is not a number from "
		    "%ld to %ld\n", opt, s, min, max);
		exit(2);
	}
	return v;
}

int
main(int argc, char *argv[])
{
	struct opts o = { 1, 24, 24, 1200, 0, 0, NULL };
	struct deal d;
	FILE *opps, *hist = NULL;
	int32_t start, hist_from;
	int i, y, m, dd;
	long id;

	o.as_of = days_from_civil(2026, 11, 28);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			usage(0);
		if (v == NULL)
			usage(2);
		if (strcmp(a, "--seed") == 0)
			o.seed = (uint64_t)number(a, v, 0, LONG_MAX);
		else if (strcmp(a, "--reps") == 0)
			o.reps = (int)number(a, v, 1, MAX_REPS - 20);
		else if (strcmp(a, "--months") == 0)
			o.months = (int)number(a, v, 3, 240);
		else if (strcmp(a, "--deals") == 0)
			o.deals = number(a, v, 1, 1000000000L);
		else if (strcmp(a, "--as-of") == 0) {
			if (sscanf(v, "%4d-%2d-%2d", &y, &m, &dd) != 3) {
				fprintf(stderr, "gen-sample: --as-of: \"%s\" is "
				    "not YYYY-MM-DD\n", v);
				exit(2);
			}
			o.as_of = days_from_civil(y, m, dd);
		} else if (strcmp(a, "--only") == 0) {
			if (strcmp(v, "opportunities") != 0)
				usage(2);
			o.only_opps = 1;
		} else if (strcmp(a, "-o") == 0)
			o.dir = v;
		else
			usage(2);
		i++;
	}
	if (o.dir == NULL)
		usage(2);

	state[0] = o.seed;
	for (i = 0; i < 4; i++)
		state[i] = splitmix64(&o.seed);
	start = o.as_of - o.months * 365 / 12;
	hist_from = o.as_of - 365;
	make_roster(&o, start);
	make_accounts(o.deals / 8 + 40);

	opps = create(&o, "opportunities.csv");
	fputs("id,name,account,owner,team,manager,stage,amount,probability,"
	    "close_date,created_date,forecast_category\n", opps);
	if (!o.only_opps) {
		hist = create(&o, "history.csv");
		fputs("id,snapshot_date,stage,amount,close_date\n", hist);
	}
	for (id = 1; id <= o.deals; id++) {
		make_deal(&d, id, start, o.as_of);
		write_opp(opps, &d, o.as_of);
		if (d.won && d.closed <= o.as_of && d.closed > o.as_of - 365)
			account_won[d.account] += d.amount;
		if (hist != NULL)
			write_snapshots(hist, &d, hist_from, o.as_of);
	}
	done(opps, "opportunities.csv");
	if (o.only_opps)
		return 0;
	done(hist, "history.csv");
	write_roster(&o);
	write_meetings(&o, start);
	write_visits(&o, start);
	write_goals(&o, start);
	free(accounts);
	free(account_won);
	return 0;
}
