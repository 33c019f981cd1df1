/*
 * check_goal.c - unit tests for goal.c: attainment, elapsed share, pace,
 * coverage, projection, gap and required pace computed by hand for
 * partial periods, fiscal quarters, a rep who joined mid-quarter, zero
 * targets, credits, the currency check, the metric naming rule, roll-ups
 * and the scorecard.
 *
 * Inputs are CSV text read through sales_csv from memory (fmemopen(3));
 * deals are built by hand; the output is CSV in memory, compared whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "sales.h"

#define PCT(n)		((n) * (SALES_PPM / 100))
#define HEAD	"owner,period,metric,target,closed_won,attainment_pct," \
		"elapsed_pct,pace,pipeline,coverage,expected,projected_pct," \
		"gap,required_per_week,status,note\n"

static struct sales_goal_options	 go;
static struct sales_goal		*g;
static char				*text;

static void
setup(void)
{
	memset(&go, 0, sizeof(go));
	go.as_of = sales_date_from_ymd(2026, 11, 16);
	go.fiscal_start = 1;
	go.at_risk = 100;
	go.off_track = 80;
	g = NULL;
	text = NULL;
}

static void
teardown(void)
{
	sales_goal_free(g);
	free(text);
	g = NULL;
	text = NULL;
}

static void
start(void)
{
	g = sales_goal_new(&go);
	ck_assert_ptr_nonnull(g);
}

/* Feeds CSV text s as input kind; returns the number of bad rows. */
static int
feed(enum sales_goal_input kind, const char *s)
{
	const struct sales_row *row;
	struct sales_csv *csv;
	FILE *fp;
	int rc, nbad = 0;

	fp = fmemopen((void *)s, strlen(s), "r");
	ck_assert_ptr_nonnull(fp);
	csv = sales_csv_open(fp, "in.csv", NULL);
	ck_assert_int_eq(sales_goal_bind(g, kind, csv, NULL, 0), SALES_OK);
	while ((rc = sales_csv_next(csv, &row)) == SALES_OK)
		if (sales_goal_add(g, kind, row) != SALES_OK)
			nbad++;
	ck_assert_int_eq(rc, SALES_EOF);
	sales_csv_close(csv);
	fclose(fp);
	return nbad;
}

static int
deal(const char *owner, const char *account, int64_t amount,
    enum sales_state st, int y, int m, int d, int32_t prob,
    const char *currency)
{
	struct sales_opp o;

	memset(&o, 0, sizeof(o));
	o.owner = owner;
	o.account = account;
	o.stage = o.id = o.name = o.team = o.manager = "";
	o.currency = currency;
	o.amount = amount;
	o.state = st;
	o.close = sales_date_from_ymd(y, m, d);
	o.created = SALES_DATE_NONE;
	o.prob = prob;
	o.line = 2;
	return sales_goal_add_opp(g, "deals.csv", &o);
}

static const char *
output(size_t *offtrack)
{
	struct sales_out *o;
	size_t len, off = 0;
	FILE *fp;

	free(text);
	text = NULL;
	fp = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(fp);
	o = sales_out_new(fp, SALES_FMT_CSV, 0);
	ck_assert_int_eq(sales_goal_write(g, o, &off), SALES_OK);
	ck_assert_int_eq(sales_out_finish(o), SALES_OK);
	sales_out_free(o);
	fclose(fp);
	if (offtrack != NULL)
		*offtrack = off;
	return text;
}

/*
 * November 2026 as of the 16th: 16 of 30 days elapsed (53.3%), 14 left
 * (2 weeks).  Won 30000 + 10000 - 2000 (a credit) = 38000 of 50000:
 * 76.0%; pace 38000*30 / (50000*16) = 1.425 -> 1.43; pipeline 20000 at
 * 50% (weighted 10000); coverage 20000 / 12000 = 1.67; projected
 * 48000 / 50000 = 96.0% (at-risk under 100); gap 12000; per week
 * 12000 * 7 / 14 = 6000.  A lost deal, an overdue open deal and a deal
 * after the period count nowhere.
 */
START_TEST(test_partial_month)
{
	size_t off;

	start();
	ck_assert_int_eq(feed(SALES_GOAL_GOALS,
	    "owner,period,target\nAnn,2026-11,50000\n"), 0);
	ck_assert_int_eq(deal("Ann", "A", 3000000, SALES_WON, 2026, 11, 5, 0,
	    ""), SALES_OK);
	ck_assert_int_eq(deal("Ann", "B", 1000000, SALES_WON, 2026, 11, 16, 0,
	    ""), SALES_OK);
	ck_assert_int_eq(deal("Ann", "A", -200000, SALES_WON, 2026, 11, 10, 0,
	    ""), SALES_OK);
	ck_assert_int_eq(deal("Ann", "C", 2000000, SALES_OPEN, 2026, 11, 25,
	    PCT(50), ""), SALES_OK);
	ck_assert_int_eq(deal("Ann", "D", 800000, SALES_LOST, 2026, 11, 12, 0,
	    ""), SALES_OK);
	ck_assert_int_eq(deal("Ann", "E", 400000, SALES_OPEN, 2026, 11, 10,
	    PCT(60), ""), SALES_OK);
	ck_assert_int_eq(deal("Ann", "F", 500000, SALES_OPEN, 2026, 12, 5,
	    PCT(20), ""), SALES_OK);
	ck_assert_str_eq(output(&off), HEAD
	    "Ann,2026-11,revenue,50000.00,38000.00,76.0,53.3,1.43,20000.00,"
	    "1.67,10000.00,96.0,12000.00,6000.00,at-risk,\n");
	ck_assert_uint_eq(off, 0);
}
END_TEST

/*
 * Fiscal year from February: 2026-Q4 is 2026-11-01..2027-01-31, 92
 * days; 16 elapsed = 17.4%.  Won 10000 of 92000 = 10.9%; pace
 * 10000*92 / (92000*16) = 0.625 -> 0.63; no pipeline, projected 10.9%
 * (off-track); gap 82000 over 76 days left: 82000*7/76 = 7552.63.
 */
START_TEST(test_fiscal_quarter)
{
	size_t off;

	go.fiscal_start = 2;
	start();
	ck_assert_int_eq(feed(SALES_GOAL_GOALS,
	    "owner,period,target\nBob,2026-Q4,92000\n"), 0);
	ck_assert_int_eq(deal("Bob", "", 1000000, SALES_WON, 2026, 11, 2, 0,
	    ""), SALES_OK);
	/* October is fiscal Q3: not counted. */
	ck_assert_int_eq(deal("Bob", "", 500000, SALES_WON, 2026, 10, 30, 0,
	    ""), SALES_OK);
	ck_assert_str_eq(output(&off), HEAD
	    "Bob,2026-Q4,revenue,92000.00,10000.00,10.9,17.4,0.63,0.00,0.00,"
	    "0.00,10.9,82000.00,7552.63,off-track,\n");
	ck_assert_uint_eq(off, 1);
}
END_TEST

/*
 * Cid joined on 2026-11-09, in calendar Q4 (92 days).  Target as given;
 * pace from the start: 2026-11-09..2026-12-31 is 53 days, 8 elapsed
 * (15.1%).  Won 6000 of 20000 = 30.0%; pace 6000*53 / (20000*8) =
 * 1.9875 -> 1.99.
 */
START_TEST(test_joined_mid_quarter)
{
	start();
	ck_assert_int_eq(feed(SALES_GOAL_GOALS,
	    "owner,period,target\nCid,2026-Q4,20000\n"), 0);
	ck_assert_int_eq(feed(SALES_GOAL_ROSTER,
	    "rep,manager,team,start_date\nCid,Noa,West,2026-11-09\n"), 0);
	ck_assert_int_eq(deal("Cid", "", 600000, SALES_WON, 2026, 11, 12, 0,
	    ""), SALES_OK);
	ck_assert_str_eq(output(NULL), HEAD
	    "Cid,2026-Q4,revenue,20000.00,6000.00,30.0,15.1,1.99,0.00,0.00,"
	    "0.00,30.0,14000.00,2177.78,off-track,"
	    "pace from start 2026-11-09\n");
}
END_TEST

/*
 * A leaver: Ann left on 2026-11-10, so her November ran 10 days, all
 * elapsed by the 16th (100.0%); 5000 of 10000 is 50.0% at pace 0.50,
 * with nothing left to do per week.
 */
START_TEST(test_leaver)
{
	start();
	ck_assert_int_eq(feed(SALES_GOAL_GOALS,
	    "owner,period,target\nAnn,2026-11,10000\n"), 0);
	ck_assert_int_eq(feed(SALES_GOAL_ROSTER,
	    "rep,start_date,end_date\nAnn,2025-01-01,2026-11-10\n"
	    "Bob,2026-11-10,2026-11-01\n"), 1);
	ck_assert_str_eq(sales_goal_error(g), "in.csv:3: column \"end_date\": "
	    "\"2026-11-01\" is before start_date");
	ck_assert_int_eq(deal("Ann", "", 500000, SALES_WON, 2026, 11, 3, 0,
	    ""), SALES_OK);
	ck_assert_str_eq(output(NULL), HEAD
	    "Ann,2026-11,revenue,10000.00,5000.00,50.0,100.0,0.50,0.00,0.00,"
	    "0.00,50.0,5000.00,,off-track,pace to end 2026-11-10\n");
}
END_TEST

/* A zero target: no division, empty ratios, a note, on track. */
START_TEST(test_zero_target)
{
	start();
	ck_assert_int_eq(feed(SALES_GOAL_GOALS,
	    "owner,period,target\nDee,2026-11,0\n"), 0);
	ck_assert_int_eq(deal("Dee", "", 100, SALES_WON, 2026, 11, 3, 0, ""),
	    SALES_OK);
	ck_assert_str_eq(output(NULL), HEAD
	    "Dee,2026-11,revenue,0.00,1.00,,53.3,,0.00,,0.00,,-1.00,0.00,"
	    "on-track,zero target: no attainment\n");
}
END_TEST

/* Credits only: negative closed won and attainment, still exact. */
START_TEST(test_credits)
{
	start();
	ck_assert_int_eq(feed(SALES_GOAL_GOALS,
	    "owner,period,target\nEve,2026-10,1000\n"), 0);
	ck_assert_int_eq(deal("Eve", "", -25050, SALES_WON, 2026, 10, 3, 0,
	    ""), SALES_OK);
	/* October is over: 100% elapsed, nothing left, nothing per week. */
	ck_assert_str_eq(output(NULL), HEAD
	    "Eve,2026-10,revenue,1000.00,-250.50,-25.1,100.0,-0.25,0.00,0.00,"
	    "0.00,-25.1,1250.50,,off-track,\n");
}
END_TEST

START_TEST(test_currency)
{
	start();
	ck_assert_int_eq(feed(SALES_GOAL_GOALS,
	    "owner,period,target\nAnn,2026-11,10\n"), 0);
	ck_assert_int_eq(deal("Ann", "", 100, SALES_WON, 2026, 11, 2, 0,
	    "USD"), SALES_OK);
	ck_assert_int_eq(deal("Ann", "", 100, SALES_WON, 2026, 11, 2, 0,
	    " USD "), SALES_OK);
	ck_assert_int_eq(deal("Ann", "", 100, SALES_WON, 2026, 11, 2, 0, ""),
	    SALES_OK);
	ck_assert_int_eq(deal("Ann", "", 100, SALES_WON, 2026, 11, 2, 0,
	    "EUR"), SALES_EDATA);
	ck_assert_str_eq(sales_goal_error(g), "deals.csv:2: column "
	    "\"currency\": \"EUR\" differs from \"USD\" (line 2); convert the "
	    "amounts to one currency first");
}
END_TEST

/* Owner names match trimmed, as in the goals file. */
START_TEST(test_owner_trimmed)
{
	start();
	ck_assert_int_eq(feed(SALES_GOAL_GOALS,
	    "owner,period,target\n Ann ,2026-10,100\n"), 0);
	ck_assert_int_eq(deal("Ann\t", "", 5000, SALES_WON, 2026, 10, 3, 0,
	    ""), SALES_OK);
	ck_assert_int_eq(deal("ann", "", 5000, SALES_WON, 2026, 10, 3, 0, ""),
	    SALES_OK);
	ck_assert_str_eq(output(NULL), HEAD
	    "Ann,2026-10,revenue,100.00,50.00,50.0,100.0,0.50,0.00,0.00,"
	    "0.00,50.0,50.00,,off-track,\n");
}
END_TEST

START_TEST(test_metric_rule)
{
	ck_assert_int_eq(sales_goal_metric_is_pct("one_on_one_compliance"), 1);
	ck_assert_int_eq(sales_goal_metric_is_pct("top_account_coverage"), 1);
	ck_assert_int_eq(sales_goal_metric_is_pct("forecast_accuracy"), 1);
	ck_assert_int_eq(sales_goal_metric_is_pct("win_rate"), 1);
	ck_assert_int_eq(sales_goal_metric_is_pct("margin_pct"), 1);
	ck_assert_int_eq(sales_goal_metric_is_pct("one_on_ones"), 0);
	ck_assert_int_eq(sales_goal_metric_is_pct("executive_visits"), 0);
	ck_assert_int_eq(sales_goal_metric_is_pct("pct"), 0);
}
END_TEST

/*
 * Counts are summed (2 + 1 = 3 of 4: 75.0%, run-rate projection
 * 3*30/(4*16) = 140.6%); percentages averaged ((80 + 91) / 2 = 85.50 of
 * 90: 95.0%), a kind column overrides the name; rows outside the window
 * or after the as-of date are left out.
 */
START_TEST(test_metrics)
{
	start();
	ck_assert_int_eq(feed(SALES_GOAL_GOALS,
	    "owner,period,target,metric\n"
	    "Ann,2026-11,4,executive_visits\n"
	    "Ann,2026-11,90,forecast_accuracy\n"
	    "Ann,2026-11,50,nps\n"), 0);
	ck_assert_int_eq(feed(SALES_GOAL_METRICS,
	    "owner,metric,date,value,kind\n"
	    "Ann,executive_visits,2026-11-04,2,\n"
	    "Ann,executive_visits,2026-11-12,1,\n"
	    "Ann,executive_visits,2026-10-31,5,\n"
	    "Ann,forecast_accuracy,2026-11-02,80,\n"
	    "Ann,forecast_accuracy,2026-11-09,91,\n"
	    "Ann,forecast_accuracy,2026-11-20,0,\n"
	    "Ann,nps,2026-11-05,40,pct\n"
	    "Ann,nps,2026-11-06,50,pct\n"), 0);
	ck_assert_str_eq(output(NULL), HEAD
	    "Ann,2026-11,executive_visits,4.00,3.00,75.0,53.3,1.41,,,,140.6,"
	    "1.00,0.50,on-track,\n"
	    "Ann,2026-11,forecast_accuracy,90.00,85.50,95.0,53.3,,,,,95.0,"
	    "4.50,,at-risk,\n"
	    "Ann,2026-11,nps,50.00,45.00,90.0,53.3,,,,,90.0,5.00,,at-risk,\n");
}
END_TEST

/*
 * Team East: members' targets 30000 + 20000 = 50000 assigned, the team's
 * own 60000 (10000 unassigned); won 10000 + 5000 = 15000 of 60000.
 */
START_TEST(test_rollup)
{
	go.by = SALES_GOAL_BY_TEAM;
	start();
	ck_assert_int_eq(feed(SALES_GOAL_GOALS,
	    "owner,period,target\nAnn,2026-11,30000\nBob,2026-11,20000\n"
	    "East,2026-11,60000\n"), 0);
	ck_assert_int_eq(feed(SALES_GOAL_ROSTER,
	    "rep,team\nAnn,East\nBob,East\nCid,West\n"), 0);
	ck_assert_int_eq(deal("Ann", "", 1000000, SALES_WON, 2026, 11, 2, 0,
	    ""), SALES_OK);
	ck_assert_int_eq(deal("Bob", "", 500000, SALES_WON, 2026, 11, 3, 0,
	    ""), SALES_OK);
	ck_assert_int_eq(deal("Cid", "", 700000, SALES_WON, 2026, 11, 3, 0,
	    ""), SALES_OK);
	ck_assert_str_eq(output(NULL),
	    "team,period,metric,target,assigned,unassigned,closed_won,"
	    "attainment_pct,elapsed_pct,pace,pipeline,coverage,expected,"
	    "projected_pct,gap,required_per_week,status,note\n"
	    "East,2026-11,revenue,60000.00,50000.00,10000.00,15000.00,25.0,"
	    "53.3,0.47,0.00,0.00,0.00,25.0,45000.00,22500.00,off-track,"
	    "under-assigned\n");
}
END_TEST

/* Weighted score: (3 x 96.0 + 1 x 100 (capped)) / 4 = 97.0, grade A. */
START_TEST(test_scorecard)
{
	go.scorecard = 1;
	start();
	ck_assert_int_eq(feed(SALES_GOAL_GOALS,
	    "owner,period,target,metric,weight\n"
	    "Ann,2026-11,50000,revenue,3\n"
	    "Ann,2026-11,1,deals_won,1\n"), 0);
	ck_assert_int_eq(deal("Ann", "", 3800000, SALES_WON, 2026, 11, 5, 0,
	    ""), SALES_OK);
	ck_assert_int_eq(deal("Ann", "", 2000000, SALES_OPEN, 2026, 11, 25,
	    PCT(50), ""), SALES_OK);
	ck_assert_str_eq(output(NULL),
	    "owner,goals,off_track,score,grade,revenue,deals_won\n"
	    "Ann,2,0,97.0,A,96.0,187.5\n");
}
END_TEST

START_TEST(test_bad_rows)
{
	start();
	ck_assert_int_eq(feed(SALES_GOAL_GOALS,
	    "owner,period,target\nAnn,2026-13,1\nBob,2026-11,x\n"
	    "Cid,2026-11,-1\n,2026-11,1\n"), 4);
	ck_assert_str_eq(sales_goal_error(g), "in.csv:5: column \"owner\": "
	    "\"\" is empty");
}
END_TEST

/*
 * Partial states: the deals below cut into 2 and 3 consecutive pieces
 * at every position, each into its own partial of the same goals,
 * merged in several groupings and orders, always score as one pass.
 */
struct gdeal {
	uint64_t	 line;
	const char	*owner, *account;
	int64_t		 amount;
	enum sales_state st;
	int		 m, d;
	int32_t		 prob;
};

static const struct gdeal gdeals[] = {
	{ 2, "Ann", "Acme", 3000000, SALES_WON, 11, 5, 0 },
	{ 3, "Bob", "Acme", 500000, SALES_WON, 11, 5, 0 },	/* tie: Ann */
	{ 4, "Ann", "Acme", -200000, SALES_WON, 11, 10, 0 },	/* credit */
	{ 5, "Cid", "Stark", 400000, SALES_WON, 11, 2, 0 },
	{ 6, "Bob", "Stark", 400000, SALES_WON, 11, 2, 0 },	/* tie: Cid */
	{ 7, "Bob", "Globex", 1200000, SALES_WON, 11, 2, 0 },
	{ 8, "Ann", "Gamma", 2000000, SALES_OPEN, 11, 25, PCT(50) },
	{ 9, "Bob", "Globex", 900000, SALES_WON, 10, 15, 0 },
	{ 10, "Eve", "Omega", 300000, SALES_WON, 11, 4, 0 },
	{ 11, "Bob", "Initech", 3000000, SALES_OPEN, 11, 20, PCT(40) },
};
#define NGDEAL	(sizeof(gdeals) / sizeof(gdeals[0]))

static struct sales_goal *
gpiece(const struct sales_goal *base, size_t from, size_t to)
{
	struct sales_goal *p;
	struct sales_opp o;
	size_t i;

	p = sales_goal_part_new(base);
	ck_assert_ptr_nonnull(p);
	for (i = from; i < to; i++) {
		memset(&o, 0, sizeof(o));
		o.owner = gdeals[i].owner;
		o.account = gdeals[i].account;
		o.stage = o.id = o.name = o.team = o.manager = "";
		o.currency = "USD";
		o.amount = gdeals[i].amount;
		o.state = gdeals[i].st;
		o.close = sales_date_from_ymd(2026, gdeals[i].m, gdeals[i].d);
		o.created = SALES_DATE_NONE;
		o.prob = gdeals[i].prob;
		o.line = gdeals[i].line;
		if (sales_goal_add_opp(p, "deals.csv", &o) != SALES_OK)
			ck_abort_msg("deal %zu", i);
	}
	return p;
}

static const char goals_text[] =
    "owner,period,target,metric\n"
    "Ann,2026-11,50000,revenue\n"
    "Ann,2026-Q4,100000,revenue\n"
    "Ann,2026-11,2,new_logos\n"
    "Bob,2026-11,40000,revenue\n"
    "Bob,2026-11,3,deals_won\n"
    "Bob,2026-11,1,new_logos\n"
    "Cid,2026-11,1,new_logos\n";

/* The scores of partial x merged into goals of their own. */
static char *
gsnap(const struct sales_goal *x)
{
	struct sales_goal *keep = g;
	char *buf;

	g = NULL;
	start();
	if (feed(SALES_GOAL_GOALS, goals_text) != 0 ||
	    sales_goal_merge(g, x) != SALES_OK)
		ck_abort_msg("merge into the goals");
	buf = strdup(output(NULL));
	sales_goal_free(g);
	g = keep;
	return buf;
}

/*
 * As of Nov 16 (16 of 30 days).  Ann: won 30000 - 2000 (a credit, no
 * deal) = 28000 of 50000, 56.0%; pipeline Gamma 20000 at 50%; projected
 * 38000 = 76.0% (off-track); new logos Acme (the tie at Nov 5 goes to
 * Ann's row, line 2): 1 of 2.  Q4: 28000 + 0 (nothing won in October),
 * 47 of 92 days.  Bob: won 5000 + 4000 + 12000 = 21000 in November (the
 * Globex deal of Oct 15 is no November logo), 3 deals; no new logo
 * (Stark's tie goes to Cid, line 5).  Cid: Stark, 1 of 1.
 */
START_TEST(test_merge)
{
	struct sales_goal *one, *a, *b, *x, *p[3];
	char *want, *got;
	size_t k, k2, n;
	int rc;

	start();
	ck_assert_int_eq(feed(SALES_GOAL_GOALS, goals_text), 0);
	sales_goal_set_seq(g, 1);
	one = gpiece(g, 0, NGDEAL);
	want = gsnap(one);
	ck_assert_str_eq(want, HEAD
	    "Ann,2026-Q4,revenue,100000.00,28000.00,28.0,51.1,0.55,20000.00,"
	    "0.28,10000.00,38.0,72000.00,11200.00,off-track,\n"
	    "Ann,2026-11,new_logos,2.00,1.00,50.0,53.3,0.94,,,,93.8,1.00,"
	    "0.50,at-risk,\n"
	    "Ann,2026-11,revenue,50000.00,28000.00,56.0,53.3,1.05,20000.00,"
	    "0.91,10000.00,76.0,22000.00,11000.00,off-track,\n"
	    "Bob,2026-11,deals_won,3.00,3.00,100.0,53.3,1.88,,,,187.5,0.00,"
	    "0.00,on-track,\n"
	    "Bob,2026-11,new_logos,1.00,0.00,0.0,53.3,0.00,,,,0.0,1.00,0.50,"
	    "off-track,\n"
	    "Bob,2026-11,revenue,40000.00,21000.00,52.5,53.3,0.98,30000.00,"
	    "1.58,12000.00,82.5,19000.00,9500.00,at-risk,\n"
	    "Cid,2026-11,new_logos,1.00,1.00,100.0,53.3,1.88,,,,187.5,0.00,"
	    "0.00,on-track,\n");
	for (k = 0; k <= NGDEAL; k++)
		for (n = 0; n < 2; n++) {
			a = gpiece(g, 0, k);
			b = gpiece(g, k, NGDEAL);
			x = n == 0 ? a : b;
			if (sales_goal_merge(x, n == 0 ? b : a) != SALES_OK)
				ck_abort_msg("merge");
			got = gsnap(x);
			if (strcmp(got, want) != 0)
				ck_abort_msg("2 pieces at %zu, order %zu:\n%s",
				    k, n, got);
			free(got);
			sales_goal_free(a);
			sales_goal_free(b);
		}
	for (k = 0; k <= NGDEAL; k++)
		for (k2 = k; k2 <= NGDEAL; k2++)
			for (n = 0; n < 3; n++) {
				p[0] = gpiece(g, 0, k);
				p[1] = gpiece(g, k, k2);
				p[2] = gpiece(g, k2, NGDEAL);
				if (n == 0) {
					rc = sales_goal_merge(p[1], p[2]);
					rc |= sales_goal_merge(p[0], p[1]);
					x = p[0];
				} else if (n == 1) {
					rc = sales_goal_merge(p[0], p[1]);
					rc |= sales_goal_merge(p[0], p[2]);
					x = p[0];
				} else {
					rc = sales_goal_merge(p[2], p[0]);
					rc |= sales_goal_merge(p[2], p[1]);
					x = p[2];
				}
				if (rc != SALES_OK)
					ck_abort_msg("merge");
				got = gsnap(x);
				if (strcmp(got, want) != 0)
					ck_abort_msg("3 pieces at %zu,%zu, "
					    "grouping %zu:\n%s", k, k2, n, got);
				free(got);
				sales_goal_free(p[0]);
				sales_goal_free(p[1]);
				sales_goal_free(p[2]);
			}
	/* Merged into the goals themselves, as goal-score -j does. */
	ck_assert_int_eq(sales_goal_merge(g, one), SALES_OK);
	ck_assert_str_eq(output(NULL), want);
	free(want);
	sales_goal_free(one);
}
END_TEST

/* Two partials with different currencies do not merge; dst is kept. */
START_TEST(test_merge_currency)
{
	struct sales_goal *a, *b;
	struct sales_opp o;

	start();
	ck_assert_int_eq(feed(SALES_GOAL_GOALS,
	    "owner,period,target\nAnn,2026-11,10\n"), 0);
	a = sales_goal_part_new(g);
	b = sales_goal_part_new(g);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	memset(&o, 0, sizeof(o));
	o.owner = "Ann";
	o.account = o.stage = o.id = o.name = o.team = o.manager = "";
	o.amount = 100;
	o.state = SALES_WON;
	o.close = sales_date_from_ymd(2026, 11, 2);
	o.created = SALES_DATE_NONE;
	o.currency = "USD";
	o.line = 7;
	ck_assert_int_eq(sales_goal_add_opp(a, "d.csv", &o), SALES_OK);
	o.currency = "EUR";
	o.line = 3;
	ck_assert_int_eq(sales_goal_add_opp(b, "d.csv", &o), SALES_OK);
	ck_assert_int_eq(sales_goal_merge(a, b), SALES_EDATA);
	ck_assert_str_eq(sales_goal_error(a), "currency \"EUR\" (line 3) "
	    "differs from \"USD\" (line 7); convert the amounts to one "
	    "currency first");
	ck_assert_int_eq(sales_goal_merge(g, a), SALES_OK);
	ck_assert_str_eq(output(NULL), HEAD
	    "Ann,2026-11,revenue,10.00,1.00,10.0,53.3,0.19,0.00,0.00,0.00,"
	    "10.0,9.00,4.50,off-track,\n");
	sales_goal_free(a);
	sales_goal_free(b);
}
END_TEST

Suite *
goal_suite(void)
{
	Suite *s = suite_create("goal");
	TCase *tc;

	tc = tcase_create("score");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_partial_month);
	tcase_add_test(tc, test_fiscal_quarter);
	tcase_add_test(tc, test_joined_mid_quarter);
	tcase_add_test(tc, test_leaver);
	tcase_add_test(tc, test_zero_target);
	tcase_add_test(tc, test_credits);
	suite_add_tcase(s, tc);

	tc = tcase_create("inputs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_currency);
	tcase_add_test(tc, test_owner_trimmed);
	tcase_add_test(tc, test_metric_rule);
	tcase_add_test(tc, test_metrics);
	tcase_add_test(tc, test_bad_rows);
	tcase_add_test(tc, test_merge);
	tcase_add_test(tc, test_merge_currency);
	suite_add_tcase(s, tc);

	tc = tcase_create("views");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_rollup);
	tcase_add_test(tc, test_scorecard);
	suite_add_tcase(s, tc);
	return s;
}
