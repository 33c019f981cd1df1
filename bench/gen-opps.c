/*
 * gen-opps - write a synthetic Salesforce-style opportunities report for
 * the benchmark.
 *
 *	gen-opps ROWS SEED > opps.csv
 *
 * The file looks like a Salesforce "Opportunities" report export: the
 * standard column labels, the default stage names with their default
 * probabilities, 200 owners and 20,000 accounts.  Opportunity names are
 * always quoted and a good share of them hold commas and doubled quotes,
 * so the parser meets the awkward cases on every other row.  Amounts are
 * heavy-tailed (many small deals, a few very large ones), as real
 * pipelines are.
 *
 * The generator uses only integer arithmetic and its own PRNG
 * (splitmix64), so a given ROWS and SEED give byte-identical files on
 * every machine and libc.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NOWNERS		200
#define NACCOUNTS	20000

/*
 * Close dates are spread over 2026 and 2027.  The "export date" decides
 * whether a deal is more likely to be still open or already closed, so
 * that the file looks like a pipeline seen on one day; it is the --as-of
 * date bench/run uses.
 */
#define DAY_FIRST	20454	/* 2026-01-01 as days since 1970-01-01 */
#define NDAYS		730	/* through 2027-12-31 */
#define DAY_EXPORT	20785	/* 2026-11-28 */

struct stage {
	const char	*name;
	int		 prob;		/* Salesforce default, percent */
};

/* Salesforce's default opportunity stages, in pipeline order. */
static const struct stage stages[] = {
	{ "Prospecting", 10 },
	{ "Qualification", 10 },
	{ "Needs Analysis", 20 },
	{ "Value Proposition", 50 },
	{ "Id. Decision Makers", 60 },
	{ "Perception Analysis", 70 },
	{ "Proposal/Price Quote", 75 },
	{ "Negotiation/Review", 90 },
	{ "Closed Won", 100 },
	{ "Closed Lost", 0 },
};
#define NOPEN		8	/* stages[0 .. NOPEN) are open */
#define WON		8
#define LOST		9

/* 20 x 10 = 200 distinct owner names. */
static const char *first_names[] = {
	"Maria", "James", "Aisha", "Wei", "Olivia", "Carlos", "Priya",
	"Lukas", "Sofia", "Kenji", "Emma", "Diego", "Fatima", "Noah",
	"Ingrid", "Omar", "Chloe", "Ravi", "Hannah", "Mateo",
};
static const char *last_names[] = {
	"Garcia", "Smith", "Okafor", "Chen", "Johansson", "Rossi",
	"Patel", "Nguyen", "Muller", "Kowalski",
};

/* 40 x 50 x 10 = 20,000 distinct account names. */
static const char *acct_a[] = {
	"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne",
	"Hooli", "Vandelay", "Cyberdyne", "Soylent", "Tyrell", "Wonka",
	"Gringotts", "Oscorp", "Massive", "Aperture", "Black Mesa",
	"Nakatomi", "Virtucon", "Monarch", "Pied Piper", "Dunder",
	"Sterling", "Bluth", "Prestige", "Gekko", "Rekall", "Zorg",
	"Duff", "Krusty", "Spacely", "Cogswell", "Ollivander", "Nordic",
	"Pacific", "Atlas", "Summit", "Harbor", "Granite", "Meridian",
};
static const char *acct_b[] = {
	"Analytics", "Logistics", "Foods", "Energy", "Robotics",
	"Systems", "Health", "Capital", "Media", "Labs", "Motors",
	"Pharma", "Textiles", "Mining", "Software", "Retail", "Airlines",
	"Insurance", "Networks", "Chemicals", "Devices", "Holdings",
	"Partners", "Ventures", "Dynamics", "Solutions", "Materials",
	"Freight", "Hotels", "Studios", "Brewing", "Optics", "Security",
	"Telecom", "Marine", "Farms", "Paper", "Steel", "Water", "Power",
	"Biotech", "Consulting", "Apparel", "Games", "Finance", "Realty",
	"Aerospace", "Tools", "Glass", "Rail",
};
/* Some suffixes hold a comma, so the account field needs quoting. */
static const char *acct_c[] = {
	"Inc.", ", Inc.", "LLC", "Ltd", "GmbH", "S.A.", ", LLC", "Corp.",
	"Group", "AG",
};

/* Opportunity name parts. */
static const char *products[] = {
	"Platinum", "Gold", "Enterprise", "Starter", "Premier", "Cloud",
	"Analytics", "Support",
};
static const char *kinds[] = {
	"renewal", "expansion", "new logo", "upsell", "pilot", "migration",
};

static uint64_t	rng_state;

static uint64_t	rng_next(void);
static uint32_t	rng_below(uint32_t);
static void	civil(int64_t, int *, int *, int *);
static void	put_date(int64_t);
static void	put_account(uint32_t);
static void	put_name(uint32_t);
static int64_t	amount_cents(void);
static int	pick_stage(int64_t);
static const char *pick_category(int);
static void	put_row(void);
static int	parse_u64(const char *, uint64_t *);

int
main(int argc, char *argv[])
{
	uint64_t rows, seed, i;

	if (argc != 3 || parse_u64(argv[1], &rows) != 0 ||
	    parse_u64(argv[2], &seed) != 0) {
		fprintf(stderr, "usage: gen-opps ROWS SEED\n");
		return 2;
	}
	rng_state = seed;

	fputs("Opportunity Owner,Account Name,Opportunity Name,Stage,"
	    "Probability (%),Amount,Close Date,Created Date,"
	    "Forecast Category\n", stdout);
	for (i = 0; i < rows; i++)
		put_row();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen-opps: write error");
		return 2;
	}
	return 0;
}

/* splitmix64 (Steele, Lea, Flood 2014): tiny, fast, good enough here. */
static uint64_t
rng_next(void)
{
	uint64_t z;

	z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* A uniform integer in [0, n); the modulo bias is negligible for small n. */
static uint32_t
rng_below(uint32_t n)
{
	return (uint32_t)((rng_next() >> 32) % n);
}

/*
 * Days since 1970-01-01 to a proleptic Gregorian date, with integers only
 * (the era-based method of Howard Hinnant's "chrono-compatible low-level
 * date algorithms").
 */
static void
civil(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void
put_date(int64_t day)
{
	int y, m, d;

	civil(day, &y, &m, &d);
	printf("%04d-%02d-%02d", y, m, d);
}

static void
put_account(uint32_t a)
{
	const char *sfx;

	sfx = acct_c[a % 10];
	if (sfx[0] == ',')
		printf("\"%s %s%s\"", acct_a[a / 500], acct_b[a / 10 % 50],
		    sfx);
	else
		printf("%s %s %s", acct_a[a / 500], acct_b[a / 10 % 50], sfx);
}

/*
 * The opportunity name, always quoted as Salesforce exports it.  Roughly
 * a third hold a comma, a third a doubled quote, and some both.
 */
static void
put_name(uint32_t a)
{
	const char *acct, *prod, *kind;

	acct = acct_a[a / 500];
	prod = products[rng_below(8)];
	kind = kinds[rng_below(6)];
	switch (rng_below(6)) {
	case 0:
	case 1:
		printf("\"%s %s %s\"", acct, prod, kind);
		break;
	case 2:
		printf("\"%s, %s %s\"", acct, prod, kind);
		break;
	case 3:
		printf("\"%s \"\"%s\"\" %s\"", acct, prod, kind);
		break;
	case 4:
		printf("\"%s, \"\"%s\"\" %s\"", acct, prod, kind);
		break;
	default:
		printf("\"%s - %s %s FY%d\"", acct, prod, kind,
		    26 + (int)rng_below(2));
		break;
	}
}

/*
 * A heavy-tailed amount: tier k is chosen with probability 2^-(k+1) and
 * spans [1,000 * 3^k, 1,000 * 3^(k+1)) dollars, so each tier holds half
 * as many deals as the one before but 3x larger ones.  Up to ~6.5M.
 */
static int64_t
amount_cents(void)
{
	int64_t lo;
	int k;

	for (k = 0; k < 7 && (rng_next() & 1) != 0; k++)
		continue;
	for (lo = 100000; k > 0; k--)
		lo *= 3;
	return lo + (int64_t)(rng_next() % (uint64_t)(2 * lo));
}

/*
 * Deals planned to close before the export date are mostly closed, later
 * ones mostly open; open deals sit more often in the early stages.
 */
static int
pick_stage(int64_t close)
{
	static const int open_weight[NOPEN] = { 20, 16, 14, 12, 10, 10, 10,
	    8 };
	uint32_t r;
	int s;

	r = rng_below(100);
	if (close < DAY_EXPORT ? r < 85 : r < 4)
		return rng_below(100) < 45 ? WON : LOST;
	r = rng_below(100);
	for (s = 0; s < NOPEN - 1 && r >= (uint32_t)open_weight[s]; s++)
		r -= (uint32_t)open_weight[s];
	return s;
}

/*
 * Closed Won is Closed and Closed Lost is Omitted, always.  Open deals
 * default to Pipeline, but reps promote late-stage deals to Best Case or
 * Commit and drop a few to Omitted, as they do in real orgs.
 */
static const char *
pick_category(int s)
{
	uint32_t r;

	if (s == WON)
		return "Closed";
	if (s == LOST)
		return "Omitted";
	r = rng_below(100);
	if (r < 3)
		return "Omitted";
	if (s >= 7)
		return r < 60 ? "Commit" : r < 90 ? "Best Case" : "Pipeline";
	if (s >= 5)
		return r < 15 ? "Commit" : r < 55 ? "Best Case" : "Pipeline";
	return "Pipeline";
}

static void
put_row(void)
{
	uint32_t owner, acct;
	int64_t close, created, amt;
	int s;

	owner = rng_below(NOWNERS);
	acct = rng_below(NACCOUNTS);
	close = DAY_FIRST + rng_below(NDAYS);
	created = close - 1 - rng_below(365);
	amt = amount_cents();
	s = pick_stage(close);

	printf("%s %s,", first_names[owner % 20], last_names[owner / 20]);
	put_account(acct);
	putchar(',');
	put_name(acct);
	printf(",%s,%d,%" PRId64 ".%02d,", stages[s].name, stages[s].prob,
	    amt / 100, (int)(amt % 100));
	put_date(close);
	putchar(',');
	put_date(created);
	printf(",%s\n", pick_category(s));
}

static int
parse_u64(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long n;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*v = n;
	return 0;
}
