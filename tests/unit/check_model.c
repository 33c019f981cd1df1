/*
 * check_model.c - unit tests for model.c: the age-based cumulative
 * incidence estimator with censoring, the owner/team shrinkage,
 * create-and-close, closed and 0% deals, the ranges (Monte Carlo and
 * normal), the generator, and that a backtest fit never looks ahead.
 *
 * Every expected value is computed by hand in the comment above it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "sales.h"
#include "sales_int.h"	/* sales_huge_alloc, sales_grow */

#define T	sales_date_from_ymd(2026, 6, 1)	/* the as-of day */

static struct sales_forecast_options	 fo;
static struct sales_model_options	 mo;
static struct sales_model		*m;

static void
setup(void)
{
	memset(&fo, 0, sizeof(fo));
	fo.as_of = T;
	fo.horizons[0] = 30;
	fo.nhorizons = 1;
	fo.by[0] = SALES_BY_OWNER;
	fo.nby = 1;
	memset(&mo, 0, sizeof(mo));
	mo.trials = 10000;
	mo.seed = 1;
	m = NULL;
}

static void
teardown(void)
{
	sales_model_free(m);
	m = NULL;
}

static struct sales_opp
deal(const char *owner, int64_t amount, enum sales_state state,
    int32_t created, int32_t close)
{
	struct sales_opp d;

	memset(&d, 0, sizeof(d));
	d.owner = owner;
	d.account = "";
	d.stage = state == SALES_OPEN ? "Prospecting" :
	    state == SALES_WON ? "Closed Won" : "Closed Lost";
	d.id = "";
	d.name = "";
	d.team = "";
	d.manager = "";
	d.amount = amount;
	d.close = close;
	d.created = created;
	d.state = state;
	d.line = 2;
	return d;
}

static void
add(struct sales_opp d)
{
	if (m == NULL) {
		m = sales_model_new(&fo, &mo);
		ck_assert_ptr_nonnull(m);
	}
	ck_assert_int_eq(sales_model_add(m, &d), SALES_OK);
}

/* The cell of the group named owner (or the total for NULL). */
static const struct sales_model_cell *
cell(const char *owner, size_t h)
{
	size_t g;

	if (owner == NULL)
		return sales_model_cell(m, sales_model_ngroups(m), h);
	g = sales_model_find(m, owner, strlen(owner) + 1);
	ck_assert_msg(g != (size_t)-1, "no group %s", owner);
	return sales_model_cell(m, g, h);
}

#define NEAR(a, b)	((a) - (b) < 1e-12 && (b) - (a) < 1e-12)

/*
 * The estimator counts each deal once here (sales_model_curve_p does
 * not weight by amount).
 * Four deals: won at age 10, censored at 15 (known open below 15), lost
 * at 20, won at 30.  n = 4 at ages 0..10: F(11) = 1/4, S(11) = 3/4;
 * n = 3 at 11..14, then the censored deal leaves; n = 2 at 15..20:
 * S(21) = 3/4 x 1/2 = 3/8; n = 1 at 21..30: F(31) = 1/4 + 3/8 = 5/8.
 */
static const int32_t	cens_age[] = { 10, 15, 20, 30 };
static const int	cens_event[] = { 1, 0, 2, 1 };

START_TEST(test_censoring)
{
	double p;

	/* p(0, 11) = F(11) / S(0) = 1/4. */
	ck_assert_int_eq(sales_model_curve_p(cens_age, cens_event, 4, 0, 11,
	    &p), SALES_OK);
	ck_assert_msg(NEAR(p, 0.25), "p(0,11) = %.15f", p);
	/* p(0, 10) = F(10) = 0: the first win is at age 10, not before. */
	ck_assert_int_eq(sales_model_curve_p(cens_age, cens_event, 4, 0, 10,
	    &p), SALES_OK);
	ck_assert_msg(NEAR(p, 0), "p(0,10) = %.15f", p);
	/* p(12, 30) = (F(42) - F(12)) / S(12) = (5/8 - 1/4) / (3/4) = 1/2. */
	ck_assert_int_eq(sales_model_curve_p(cens_age, cens_event, 4, 12, 30,
	    &p), SALES_OK);
	ck_assert_msg(NEAR(p, 0.5), "p(12,30) = %.15f", p);
	/*
	 * p(21, 10) = (F(31) - F(21)) / S(21) = (3/8) / (3/8) = 1: the one
	 * deal still at risk was won.
	 */
	ck_assert_int_eq(sales_model_curve_p(cens_age, cens_event, 4, 21, 10,
	    &p), SALES_OK);
	ck_assert_msg(NEAR(p, 1), "p(21,10) = %.15f", p);
}
END_TEST

/*
 * Counting the censored deal as lost instead would give p(12, 30) =
 * (F(42) - F(12)) / S(12) with S(12) = 3/4, S(16) = 3/4 x 2/3 = 1/2,
 * S(21) = 1/4, F(31) = 1/4 + 1/4 = 1/2: p = 1/3.  The censored estimator
 * must not.
 */
START_TEST(test_censored_is_not_lost)
{
	static const int lost_event[] = { 1, 2, 2, 1 };
	double p;

	ck_assert_int_eq(sales_model_curve_p(cens_age, lost_event, 4, 12, 30,
	    &p), SALES_OK);
	ck_assert_msg(NEAR(p, 1.0 / 3), "p = %.15f", p);
}
END_TEST

START_TEST(test_nobody_at_risk)
{
	double p = 7;

	ck_assert_int_eq(sales_model_curve_p(NULL, NULL, 0, 0, 30, &p),
	    SALES_EDATA);
	ck_assert_msg(p == 0, "p = %f", p);
}
END_TEST

/*
 * Shrinkage.  Everyone's deals were created at T-100.  Ann won one
 * (336.00, closed T-90: age 10); Bob lost three of 100.00 at age 10; Ann
 * has an open 1000.00 deal created at T-5 (age 5, censored: known open
 * below 5).  The counts are weighted by amount (cents).  Everyone: at
 * risk 1636.00 at ages 0..4, 636.00 at 5..10; F(11) = 336/636 = 28/53,
 * so p_all(5, 30) = 28/53; there is no team column, so the team is
 * everyone.  Ann alone: at risk 336.00 at 5..10, all won: p_ann = 1,
 * with 1 resolved deal: weight 1/21.  p = 1/21 + 20/21 x 28/53 =
 * 613/1113 = 0.5508.  Expected from the pipeline: 100000 x 613/1113 =
 * 55076.37 cents -> 550.76.
 * Create-and-close (30 days): the won deal lies in windows starting
 * T-119..T-100 (20 of the 336 starts T-365..T-30): 33600 x 20 / 336 =
 * 2000 cents.  Ann's expected 570.76.  Run-rate: 336.00 x 30 / 365 =
 * 27.616 -> 27.62.
 */
static void
shrink_case(void)
{
	add(deal("Ann", 33600, SALES_WON, T - 100, T - 90));
	add(deal("Bob", 10000, SALES_LOST, T - 100, T - 90));
	add(deal("Bob", 10000, SALES_LOST, T - 100, T - 90));
	add(deal("Bob", 10000, SALES_LOST, T - 100, T - 90));
	add(deal("Ann", 100000, SALES_OPEN, T - 5, T + 20));
	/* Won after the as-of date: an outcome, never open pipeline. */
	add(deal("Bob", 5000, SALES_WON, T - 200, T + 3));
}

START_TEST(test_shrinkage)
{
	const struct sales_model_cell *c;

	shrink_case();
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE | SALES_FIT_RANGES), SALES_OK);
	c = cell("Ann", 0);
	ck_assert_int_eq(c->new_business, 2000);
	ck_assert_int_eq(c->expected, 55076 + 2000);
	ck_assert_int_eq(c->runrate, 2762);
	ck_assert_int_eq(c->actual, 0);
	c = cell("Bob", 0);
	ck_assert_int_eq(c->expected, 0);
	ck_assert_int_eq(c->p90, 0);
	ck_assert_int_eq(c->actual, 5000);
	c = cell(NULL, 0);
	ck_assert_int_eq(c->expected, 57076);
	ck_assert_int_eq(c->actual, 5000);
	ck_assert_uint_eq(sales_model_resolved(m, T), 4);
}
END_TEST

/*
 * Each owner's own chance at the same age: shrink_case with Bob's own
 * open 1000.00 deal, created T-5 like Ann's (it adds to everyone's risk
 * below age 5 only: p_all(5, 30) stays 28/53).  Bob alone: 300.00 at
 * risk at 5..10, none won: p_bob = 0, with 3 resolved deals: weight
 * 3/23.  p = 20/23 x 28/53 = 560/1219: 100000 x 560/1219 = 45939.29 ->
 * 459.39.  Ann's stays 550.76.
 */
START_TEST(test_shrinkage_owners)
{
	shrink_case();
	add(deal("Bob", 100000, SALES_OPEN, T - 5, T + 20));
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE), SALES_OK);
	ck_assert_int_eq(cell("Ann", 0)->expected, 55076 + 2000);
	ck_assert_int_eq(cell("Bob", 0)->expected, 45939);
}
END_TEST

/*
 * Monte Carlo on Ann: one deal winning with p = 0.5508: P10 is the new
 * business alone (about 4492 of 10000 trials lose), P50 and P90 add the
 * deal.
 */
START_TEST(test_monte_carlo)
{
	const struct sales_model_cell *c;

	shrink_case();
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE | SALES_FIT_RANGES), SALES_OK);
	c = cell("Ann", 0);
	ck_assert_int_eq(c->p10, 2000);
	ck_assert_int_eq(c->p50, 102000);
	ck_assert_int_eq(c->p90, 102000);
}
END_TEST

/*
 * The normal approximation (trials 0): mu = 55076.37, sd = 100000 x
 * sqrt(p (1 - p)) = 49741.64; P10 = max(0, mu - 1.2816 sd) = 0, P50 =
 * mu, P90 = min(mu + 1.2816 sd = 118822.84, all deals won = 100000);
 * each plus 2000.
 */
START_TEST(test_normal)
{
	const struct sales_model_cell *c;

	mo.trials = 0;
	shrink_case();
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE | SALES_FIT_RANGES), SALES_OK);
	c = cell("Ann", 0);
	ck_assert_int_eq(c->p10, 2000);
	ck_assert_int_eq(c->p50, 57076);
	ck_assert_int_eq(c->p90, 102000);
}
END_TEST

/* The same seed gives the same ranges; the ranges are ordered. */
START_TEST(test_seeded)
{
	struct sales_model_cell a, b;
	int i;

	fo.by[0] = SALES_BY_OWNER;
	mo.trials = 500;
	mo.seed = 42;
	for (i = 0; i < 40; i++)
		add(deal("Ann", 1000 * (i + 1), i % 3 == 0 ? SALES_WON :
		    i % 3 == 1 ? SALES_LOST : SALES_OPEN, T - 10 - 3 * i,
		    i % 3 == 2 ? T + i : T - 5 - i));
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE | SALES_FIT_RANGES), SALES_OK);
	a = *cell("Ann", 0);
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE | SALES_FIT_RANGES), SALES_OK);
	b = *cell("Ann", 0);
	ck_assert_int_eq(a.p10, b.p10);
	ck_assert_int_eq(a.p50, b.p50);
	ck_assert_int_eq(a.p90, b.p90);
	ck_assert(a.p10 <= a.p50 && a.p50 <= a.p90);
}
END_TEST

/* 0%: nobody ever won, so nothing open is expected to win. */
START_TEST(test_zero_history)
{
	const struct sales_model_cell *c;

	add(deal("Ann", 10000, SALES_LOST, T - 100, T - 90));
	add(deal("Ann", 10000, SALES_LOST, T - 60, T - 10));
	add(deal("Ann", 50000, SALES_OPEN, T - 20, T + 5));
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE | SALES_FIT_RANGES), SALES_OK);
	c = cell("Ann", 0);
	ck_assert_int_eq(c->expected, 0);
	ck_assert_int_eq(c->new_business, 0);
	ck_assert_int_eq(c->p10, 0);
	ck_assert_int_eq(c->p90, 0);
}
END_TEST

/*
 * Create-and-close at origin T, 30 days, 336 window starts T-365..T-30:
 * created T-100 closed T-90: starts T-119..T-100, 20 -> 336.00 x 20/336
 * = 20.00; created T-50 closed T-10: 40 days, longer than the window: 0;
 * created T-400: before the trailing year: 0; created T-20 closed T-5:
 * starts T-34..T-30, 5 -> 5.00.  Sum 25.00.
 */
START_TEST(test_new_business)
{
	static int32_t created[4], closed[4];
	static const int64_t amount[4] = { 33600, 33600, 33600, 33600 };

	created[0] = T - 100;
	closed[0] = T - 90;
	created[1] = T - 50;
	closed[1] = T - 10;
	created[2] = T - 400;
	closed[2] = T - 390;
	created[3] = T - 20;
	closed[3] = T - 5;
	ck_assert_int_eq(sales_model_new_business(created, closed, amount, 4,
	    T, 30), 2500);
	ck_assert_int_eq(sales_model_new_business(created, closed, amount, 1,
	    T, 30), 2000);
}
END_TEST

/*
 * No look-ahead: at origin T a deal created at T-50 and still open then
 * must forecast the same whether it later closed at T+10 or at T+80, won
 * or lost; and a deal created after T does not exist yet.
 */
START_TEST(test_no_lookahead)
{
	struct sales_model *a;
	int64_t e1;

	add(deal("Ann", 20000, SALES_WON, T - 300, T - 250));
	add(deal("Ann", 20000, SALES_LOST, T - 300, T - 200));
	add(deal("Ann", 30000, SALES_WON, T - 50, T + 10));
	add(deal("Ann", 90000, SALES_WON, T + 5, T + 20));
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_RANGES), SALES_OK);
	e1 = cell("Ann", 0)->expected;
	ck_assert_int_eq(cell("Ann", 0)->actual, 120000);
	a = m;
	m = NULL;
	add(deal("Ann", 20000, SALES_WON, T - 300, T - 250));
	add(deal("Ann", 20000, SALES_LOST, T - 300, T - 200));
	add(deal("Ann", 30000, SALES_LOST, T - 50, T + 80));
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_RANGES), SALES_OK);
	ck_assert_int_eq(cell("Ann", 0)->expected, e1);
	ck_assert_int_eq(cell("Ann", 0)->actual, 0);
	sales_model_free(a);
}
END_TEST

/* Loads snapshots text (CSV) into snaps. */
static void
load_snaps(struct sales_snaps *snaps, const char *text)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct sales_csv *csv;

	ck_assert_ptr_nonnull(fp);
	csv = sales_csv_open(fp, "h.csv", NULL);
	ck_assert_ptr_nonnull(csv);
	ck_assert_int_eq(sales_snaps_load(snaps, csv, SALES_DATE_MDY, 0, NULL,
	    0), SALES_OK);
	sales_csv_close(csv);
	fclose(fp);
}

/*
 * Snapshots.  X, created T-100, one snapshot that day (Prospecting,
 * planned T-50), won at T-45.  The past weekly origins t' = T-7j whose
 * 30 days had run out by T (j >= 5) and where X was open: T-49 (X
 * overdue, won within 30 days), T-56, T-63, T-70, T-77 (planned inside
 * the 30 days; won within them from T-56, T-63, T-70, not T-77), T-84,
 * T-91, T-98 (planned after; not won within).  Prospecting, inside, 0
 * pushes: 3 won of 4.  Of those four 30-day windows, T-63 (2026-03-30),
 * T-70 and T-77 hold a quarter's last day (2026-03-31), T-56
 * (2026-04-06) does not: 2 won of 3 with one.  Y, open, created T-10
 * (Prospecting, planned T+5: inside), 1000.00; its 30 days from T
 * (2026-06-01) hold 2026-06-30; its age model gives 0 (no deal was won
 * by age 40).  Sizes: the median resolved amount is X's 500.00; X
 * (500.00) and Y (1000.00, under 4x) are both in the middle band.
 * Stage and position: (3 + 20 x 0) / (4 + 20) = 0.125; with the
 * quarter end: (2 + 20 x 0.125) / (3 + 20) = 4.5/23; and size: (2 + 20
 * x 4.5/23) / 23 = 0.257089; the cell: (2 + 20 x 0.257089) / 23 =
 * 0.310512; 100000 x 0.310512 = 31051.2 -> 31051 cents.  The weighted
 * pipeline as the snapshots stood at T: Y at 10% = 10000 cents.
 */
/* test_snapshots' deals X and Y of Ann, Y of yamount cents now. */
static void
add_xy(struct sales_snaps *snaps, int64_t yamount)
{
	static const char text[] =
	    "id,snapshot_date,stage,amount,close_date\n"
	    "X,2026-02-21,Prospecting,500.00,2026-04-12\n"
	    "Y,2026-05-22,Prospecting,1000.00,2026-06-06\n";
	struct sales_opp d;

	ck_assert_int_eq(T - 100, sales_date_from_ymd(2026, 2, 21));
	load_snaps(snaps, text);
	mo.snaps = snaps;
	d = deal("Ann", 50000, SALES_WON, T - 100, T - 45);
	d.id = "X";
	add(d);
	d = deal("Ann", yamount, SALES_OPEN, T - 10, T + 5);
	d.id = "Y";
	add(d);
}

START_TEST(test_snapshots)
{
	struct sales_stages *stages = sales_stages_new();
	struct sales_snaps *snaps = sales_snaps_new(stages);

	add_xy(snaps, 100000);
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE), SALES_OK);
	ck_assert_int_eq(cell("Ann", 0)->model, 31051);
	ck_assert_int_eq(cell("Ann", 0)->weighted, 10000);
	sales_model_free(m);
	m = NULL;
	sales_snaps_free(snaps);
	sales_stages_free(stages);
}
END_TEST

/*
 * No look-ahead in the amount: test_snapshots with Y ending at 3000.00
 * (its snapshot still says 1000.00, the same band).  At the as-of date
 * the file's amount is today's: 300000 x 0.310512 = 93153.6 -> 93154
 * cents.  A backtest fit at T (not live) must not know what Y's amount
 * became: the snapshot's 1000.00, 31051 cents as in test_snapshots.
 */
START_TEST(test_snapshots_amount)
{
	struct sales_stages *stages = sales_stages_new();
	struct sales_snaps *snaps = sales_snaps_new(stages);

	add_xy(snaps, 300000);
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE), SALES_OK);
	ck_assert_int_eq(cell("Ann", 0)->model, 93154);
	ck_assert_int_eq(sales_model_fit(m, T, 0), SALES_OK);
	ck_assert_int_eq(cell("Ann", 0)->model, 31051);
	sales_model_free(m);
	m = NULL;
	sales_snaps_free(snaps);
	sales_stages_free(stages);
}
END_TEST

/*
 * A deal's chance is cumulative in the horizon.  test_snapshots' X, Y
 * of 5000.00 owned by Bob (so his cells hold Y alone), horizons 30 and
 * 60, and four lost deals Z1..Z4 of 5000.00, created T-180 (a snapshot
 * that day: Prospecting, planned T-120), lost T-150: open at the
 * origins T-154, T-161, T-168, T-175 (December 2025), where their
 * planned close is 34 to 55 days ahead (after 30 days, inside 60) and
 * 60 days hold 2025-12-31.  The median resolved amount is 5000.00: Y
 * and the Zs are in the middle band, X below.  At 30 days: the age
 * prior is 0 (no win between ages 10 and 40); stage and position 3 won
 * of 4 (X): 3/24 = 0.125; with the quarter end 2 won of 3 (as in
 * test_snapshots): 4.5/23 = 0.195652; nothing in Y's band and cell.
 * At 60 days (origins T-63 .. T-98 for X, inside, all won within 60,
 * all holding 2026-03-31; 16 for the Zs, all holding a quarter end):
 * the age prior p(10, 60) = S after the Zs' 20000.00 lost at age 30 =
 * 500/20500 = 0.024390; stage and position 6 won of 22: (6 + 20 x
 * 0.024390) / 42 = 0.154472; with the quarter end the same 22: (6 + 20
 * x 0.154472) / 42 = 0.216415; Y's band 0 won of 16: 20 x 0.216415 /
 * 36 = 0.120231; the cell the same 16: 20 x 0.120231 / 36 = 0.066795,
 * less than at 30 days.  The two are replaced by their mean, 0.131224:
 * 65612 cents for both (a running maximum would keep 0.195652).
 */
START_TEST(test_snapshots_monotone)
{
	static const char text[] =
	    "id,snapshot_date,stage,amount,close_date\n"
	    "X,2026-02-21,Prospecting,500.00,2026-04-12\n"
	    "Y,2026-05-22,Prospecting,5000.00,2026-06-06\n"
	    "Z1,2025-12-03,Prospecting,5000.00,2026-02-01\n"
	    "Z2,2025-12-03,Prospecting,5000.00,2026-02-01\n"
	    "Z3,2025-12-03,Prospecting,5000.00,2026-02-01\n"
	    "Z4,2025-12-03,Prospecting,5000.00,2026-02-01\n";
	static const char *z[] = { "Z1", "Z2", "Z3", "Z4" };
	struct sales_stages *stages = sales_stages_new();
	struct sales_snaps *snaps = sales_snaps_new(stages);
	struct sales_opp d;
	int i;

	ck_assert_int_eq(T - 180, sales_date_from_ymd(2025, 12, 3));
	ck_assert_int_eq(T - 150, sales_date_from_ymd(2026, 1, 2));
	fo.horizons[1] = 60;
	fo.nhorizons = 2;
	load_snaps(snaps, text);
	mo.snaps = snaps;
	d = deal("Ann", 50000, SALES_WON, T - 100, T - 45);
	d.id = "X";
	add(d);
	for (i = 0; i < 4; i++) {
		d = deal("Ann", 500000, SALES_LOST, T - 180, T - 150);
		d.id = z[i];
		add(d);
	}
	d = deal("Bob", 500000, SALES_OPEN, T - 10, T + 5);
	d.id = "Y";
	add(d);
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE), SALES_OK);
	ck_assert_int_eq(cell("Bob", 0)->model, 65612);
	ck_assert_int_eq(cell("Bob", 1)->model, 65612);
	sales_model_free(m);
	m = NULL;
	sales_snaps_free(snaps);
	sales_stages_free(stages);
}
END_TEST

/*
 * Merging models (sales_model_merge).  Forty-one deals by owner and
 * team, horizons 30 and 60, kept for deal inspection: won, lost and
 * open ones, some overdue, one without a created date, a few with
 * snapshots; owner Zed and team West first show in the last eleven
 * rows, so in the second part of most cuts.
 */
#define MERGE_N	41

static const char merge_snaps[] =
    "id,snapshot_date,stage,amount,close_date\n"
    "D03,2026-01-10,Prospecting,100.00,2026-03-01\n"
    "D03,2026-02-10,Prospecting,100.00,2026-04-01\n"
    "D07,2026-03-01,Prospecting,200.00,2026-05-01\n"
    "D36,2026-05-01,Prospecting,300.00,2026-06-20\n";

static struct sales_opp
merge_deal(int i, char *id, char *name)
{
	static const char *const owners[] = { "Ann", "Bob", "Cy", "Di" };
	static const char *const teams[] = { "East", "North" };
	struct sales_opp d;

	snprintf(id, 8, "D%02d", i);
	snprintf(name, 16, "Deal %d", i);
	d = deal(i >= 30 && i % 2 == 0 ? "Zed" : owners[(i * 3) % 4],
	    10000 + i * 7919, i % 4 == 0 ? SALES_WON : i % 4 == 1 ?
	    SALES_LOST : SALES_OPEN, T - 200 + (i * 37) % 190, 0);
	d.team = i >= 30 && i % 3 == 0 ? "West" : teams[i % 2];
	d.close = d.state == SALES_OPEN ? T - 20 + (i * 11) % 80 :
	    d.created + 10 + (i * 13) % 60;
	if (i == 17)
		d.created = SALES_DATE_NONE;
	d.id = id;
	d.name = name;
	d.line = (uint64_t)i + 2;
	return d;
}

/* A model of deals from .. to - 1. */
static struct sales_model *
merge_model(int from, int to)
{
	struct sales_model *x = sales_model_new(&fo, &mo);
	char id[8], name[16];
	struct sales_opp d;
	int i;

	ck_assert_ptr_nonnull(x);
	for (i = from; i < to; i++) {
		d = merge_deal(i, id, name);
		ck_assert_int_eq(sales_model_add(x, &d), SALES_OK);
	}
	return x;
}

/* Fits x as of T and writes its deal list. */
static char *
fit_text(struct sales_model *x)
{
	struct sales_out *o;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	ck_assert_int_eq(sales_model_fit(x, T, SALES_FIT_LIVE |
	    SALES_FIT_RANGES), SALES_OK);
	o = sales_out_new(out, SALES_FMT_CSV, 0);
	ck_assert_int_eq(sales_model_write_deals(x, o, 0), SALES_OK);
	ck_assert_int_eq(sales_out_finish(o), SALES_OK);
	sales_out_free(o);
	fclose(out);
	return text;
}

/*
 * x is the model of every deal: the same groups in the same order, the
 * same cells, the same deal list, and the deals in the same order (the
 * fit puts them in owner order, the owners numbered as first seen).
 */
static void
same_model(struct sales_model *x, struct sales_model *all,
    const char *want, const char *what)
{
	size_t ng, g, h, i, ga, gb, ka, kb;
	uint32_t sa, sb;
	enum sales_state ta, tb;
	int32_t ca, cb;
	char *got = fit_text(x);

	ck_assert_msg(strcmp(got, want) == 0, "%s: deal list\nwant:\n%s\n"
	    "got:\n%s", what, want, got);
	free(got);
	ng = sales_model_ngroups(all);
	ck_assert_uint_eq(sales_model_ngroups(x), ng);
	for (g = 0; g <= ng; g++) {
		if (g < ng) {
			const char *a = sales_model_key(all, g, &ka);
			const char *b = sales_model_key(x, g, &kb);

			ck_assert_uint_eq(ka, kb);
			ck_assert_msg(memcmp(a, b, ka) == 0, "%s: group %zu",
			    what, g);
		}
		for (h = 0; h < fo.nhorizons; h++)
			ck_assert_msg(memcmp(sales_model_cell(all, g, h),
			    sales_model_cell(x, g, h),
			    sizeof(struct sales_model_cell)) == 0,
			    "%s: cell %zu, %zu", what, g, h);
	}
	ck_assert_uint_eq(sales_model_ndeals(x), sales_model_ndeals(all));
	ck_assert_uint_eq(sales_model_undated(x), 1);
	ck_assert_uint_eq(sales_model_resolved(x, T),
	    sales_model_resolved(all, T));
	for (i = 0; i < sales_model_ndeals(all); i++) {
		sales_model_deal(all, i, &ga, &sa, &ta, &ca);
		sales_model_deal(x, i, &gb, &sb, &tb, &cb);
		ck_assert_msg(ga == gb && sa == sb && ta == tb && ca == cb,
		    "%s: deal %zu", what, i);
	}
}

/*
 * Rows 0..k-1 merged with rows k..n-1, for every k (either part may be
 * empty), and three parts, are the model of all rows.
 */
START_TEST(test_merge_parts)
{
	struct sales_stages *stages = sales_stages_new();
	struct sales_snaps *snaps = sales_snaps_new(stages);
	struct sales_model *all, *a, *b, *c;
	char *want, what[32];
	int k;

	load_snaps(snaps, merge_snaps);
	fo.horizons[1] = 60;
	fo.nhorizons = 2;
	fo.by[1] = SALES_BY_TEAM;
	fo.nby = 2;
	mo.keep_deals = 1;
	mo.trials = 500;
	mo.snaps = snaps;
	all = merge_model(0, MERGE_N);
	want = fit_text(all);
	/* The deal list is not empty, and the late groups are in it. */
	ck_assert_ptr_nonnull(strstr(want, "Zed,West,"));
	ck_assert_uint_eq(sales_model_undated(all), 1);
	for (k = 0; k <= MERGE_N; k++) {
		a = merge_model(0, k);
		b = merge_model(k, MERGE_N);
		ck_assert_int_eq(sales_model_merge(a, b), SALES_OK);
		sales_model_free(b);	/* a keeps copies of b's strings */
		snprintf(what, sizeof(what), "cut at %d", k);
		same_model(a, all, want, what);
		sales_model_free(a);
	}
	/* Three parts into an empty model, in file order. */
	a = merge_model(0, 0);
	b = merge_model(0, 12);
	c = merge_model(12, 35);
	ck_assert_int_eq(sales_model_merge(a, b), SALES_OK);
	ck_assert_int_eq(sales_model_merge(a, c), SALES_OK);
	sales_model_free(b);
	sales_model_free(c);
	c = merge_model(35, MERGE_N);
	ck_assert_int_eq(sales_model_merge(a, c), SALES_OK);
	sales_model_free(c);
	same_model(a, all, want, "three parts");
	sales_model_free(a);
	free(want);
	sales_model_free(all);
	sales_snaps_free(snaps);
	sales_stages_free(stages);
}
END_TEST

/*
 * A fitted model that takes more deals fits them as the model of all,
 * on one thread or two: the deals are put in owner order again (their
 * owners, left stale by the first sort, are filled in again first), and
 * the block they leave is where the next fit writes its chances and
 * scratch (work_offer), while the last fit's chances were in the block
 * before.
 */
START_TEST(test_merge_after_fit)
{
	struct sales_stages *stages = sales_stages_new();
	struct sales_snaps *snaps = sales_snaps_new(stages);
	struct sales_model *all, *a, *b;
	char *want, *got;
	int32_t t = T - 30;
	int jobs;

	load_snaps(snaps, merge_snaps);
	mo.keep_deals = 1;
	mo.trials = 500;
	mo.snaps = snaps;
	all = merge_model(0, MERGE_N);
	want = fit_text(all);
	for (jobs = 1; jobs <= 2; jobs++) {
		a = merge_model(0, 20);
		got = fit_text(a);
		free(got);
		b = merge_model(20, MERGE_N);
		ck_assert_int_eq(sales_model_merge(a, b), SALES_OK);
		sales_model_free(b);
		/* With two jobs, the sort and the list run at once. */
		ck_assert_int_eq(sales_model_fit_points(a, &t, 1,
		    (size_t)jobs), SALES_OK);
		same_model(a, all, want, "merged after a fit");
		/* And once more, the model now in owner order. */
		same_model(a, all, want, "fitted again");
		sales_model_free(a);
	}
	free(want);
	sales_model_free(all);
	sales_snaps_free(snaps);
	sales_stages_free(stages);
}
END_TEST

/*
 * Models that are not parts of one reading: other group columns, other
 * keep_deals, or a fitted source (its deals are in owner order now).
 */
START_TEST(test_merge_refuses)
{
	struct sales_model *a, *b;

	a = merge_model(0, 10);
	fo.by[0] = SALES_BY_TEAM;
	b = merge_model(10, 20);
	ck_assert_int_eq(sales_model_merge(a, b), SALES_EUSAGE);
	sales_model_free(b);
	fo.by[0] = SALES_BY_OWNER;
	mo.keep_deals = 1;
	b = merge_model(10, 20);
	ck_assert_int_eq(sales_model_merge(a, b), SALES_EUSAGE);
	sales_model_free(b);
	mo.keep_deals = 0;
	b = merge_model(10, 20);
	ck_assert_int_eq(sales_model_fit(b, T, SALES_FIT_LIVE), SALES_OK);
	ck_assert_int_eq(sales_model_merge(a, b), SALES_EUSAGE);
	ck_assert_uint_eq(sales_model_ndeals(a), 10);
	sales_model_free(b);
	sales_model_free(a);
}
END_TEST

/* xoshiro256** from splitmix64(0), checked against a reference run. */
START_TEST(test_rng)
{
	struct sales_rng r;

	sales_rng_seed(&r, 0);
	ck_assert_uint_eq(sales_rng_next(&r), 0x99ec5f36cb75f2b4ULL);
	ck_assert_uint_eq(sales_rng_next(&r), 0xbf6e1f784956452aULL);
	ck_assert_uint_eq(sales_rng_next(&r), 0x1a5f849d4933e6e0ULL);
}
END_TEST

/*
 * The cap on lumpy deals: the ceil(n x 98 / 100)-th smallest amount.
 * 1..100 shuffled: the 98th is 98.  50 amounts 1..50: ceil(49) = 49th,
 * 49.  Below 50 amounts (49, 1, none): too few to cap anything.
 */
START_TEST(test_cap)
{
	int64_t v[100];
	int i;

	for (i = 0; i < 100; i++)
		v[i] = (i * 37) % 100 + 1;
	ck_assert_int_eq(sales_model_cap(v, 100), 98);
	for (i = 0; i < 50; i++)
		v[i] = (i * 7) % 50 + 1;
	ck_assert_int_eq(sales_model_cap(v, 50), 49);
	ck_assert_int_eq(sales_model_cap(v, 49), INT64_MAX);
	ck_assert_int_eq(sales_model_cap(v, 1), INT64_MAX);
	ck_assert_int_eq(sales_model_cap(v, 0), INT64_MAX);
}
END_TEST

/*
 * A lumpy deal in the point forecast.  Ann won 50 deals of 100.00 and
 * one of 10,000.00, each created T-100 and won T-90 (age 10); she has an
 * open deal of 10,000.00 created T-5.  Everyone at risk at ages 5..10 was
 * won at 10: p(5, 30) = 1.  The cap: the ceil(51 x 0.98) = 50th smallest
 * of the 51 resolved amounts, 100.00.  Expected from the pipeline: 1 x
 * min(10,000.00, 100.00) = 100.00 (10000 cents).  Create-and-close (30
 * days): each won deal is in 20 of the 336 windows, at most 100.00: 51 x
 * 10000 x 20 / 336 = 30357.14 -> 30357 cents, not 29761.90 + 595238.10
 * uncapped.  The run-rate keeps full amounts: (50 x 10000 + 1000000) x
 * 30 / 365 = 123287.67 -> 123288.  The spread: p (1 - p) = 0, so sd 0;
 * P90 (Monte Carlo, full amounts) is the whole deal plus new business.
 */
START_TEST(test_lumpy)
{
	const struct sales_model_cell *c;
	int i;

	for (i = 0; i < 50; i++)
		add(deal("Ann", 10000, SALES_WON, T - 100, T - 90));
	add(deal("Ann", 1000000, SALES_WON, T - 100, T - 90));
	add(deal("Ann", 1000000, SALES_OPEN, T - 5, T + 20));
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE |
	    SALES_FIT_RANGES), SALES_OK);
	c = cell("Ann", 0);
	ck_assert_int_eq(c->new_business, 30357);
	ck_assert_int_eq(c->model, 10000 + 30357);
	ck_assert_int_eq(c->runrate, 123288);
	ck_assert_int_eq(c->sd, 0);
	ck_assert_int_eq(c->p90, 1000000 + 30357);
}
END_TEST

/*
 * The cap counts the deals resolved by the origin, whatever the span of
 * their close dates (a count per day over a few years, qsort over
 * decades).  test_lumpy's 50 deals of 100.00, but the lumpy 10,000.00
 * deal won long ago (created ten days before: age 10 as well), and 60
 * deals of 20,000.00 lost after T, which are not resolved at T: the cap
 * is the 50th smallest of the 51 resolved amounts, 100.00 (counting the
 * 60 it would be 20,000.00).  Expected from the pipeline: 1 x 100.00;
 * create-and-close 50 x 10000 x 20 / 336 = 29761.90 -> 29762; run-rate
 * 50 x 10000 x 30 / 365 = 41095.89 -> 41096.
 */
START_TEST(test_cap_resolved_by_origin)
{
	const int32_t long_ago[] = { T - 2000,
	    sales_date_from_ymd(1991, 3, 1) };
	const struct sales_model_cell *c;
	size_t v;
	int i;

	for (v = 0; v < 2; v++) {
		for (i = 0; i < 50; i++)
			add(deal("Ann", 10000, SALES_WON, T - 100, T - 90));
		add(deal("Ann", 1000000, SALES_WON, long_ago[v] - 10,
		    long_ago[v]));
		for (i = 0; i < 60; i++)
			add(deal("Ann", 2000000, SALES_LOST, T - 5, T + 10));
		add(deal("Ann", 1000000, SALES_OPEN, T - 5, T + 20));
		ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE),
		    SALES_OK);
		c = cell("Ann", 0);
		ck_assert_int_eq(c->new_business, 29762);
		ck_assert_int_eq(c->model, 10000 + 29762);
		ck_assert_int_eq(c->runrate, 41096);
		sales_model_free(m);
		m = NULL;
	}
}
END_TEST

static void	cells(struct sales_model_cell *);
static void	same_cells(const struct sales_model_cell *);

/*
 * The cap found among the largest amounts (top_cap) is the one a copy of
 * the resolved amounts gives (as with snapshots, which need the copy for
 * the median anyway: snapshots of no deal change nothing else).  80,000
 * deals whose amounts grow with their dates: at T - 400 no deal resolved
 * by then is among the largest 4,096 of all, and the copy is taken; at T
 * the largest hold the answer.
 */
START_TEST(test_cap_top)
{
	static const char text[] = "id,snapshot_date,stage,amount,close_date\n"
	    "nobody,2026-02-21,Prospecting,500.00,2026-04-12\n";
	static const int32_t back[] = { 400, 300, 200, 100, 30, 0 };
	struct sales_stages *stages = sales_stages_new();
	struct sales_snaps *snaps = sales_snaps_new(stages);
	struct sales_model_cell want[6][2 * 1];
	struct sales_model *plain;
	uint64_t r = 99;
	size_t i, v;

	load_snaps(snaps, text);
	for (v = 0; v < 2; v++) {
		mo.snaps = v == 0 ? NULL : snaps;
		m = sales_model_new(&fo, &mo);
		ck_assert_ptr_nonnull(m);
		for (i = 0, r = 99; i < 80000; i++) {
			int32_t created, close;
			enum sales_state st;

			r = r * 6364136223846793005ULL +
			    1442695040888963407ULL;
			created = T - 540 + (int32_t)((r >> 33) % 500);
			close = created + 5 + (int32_t)((r >> 20) % 200);
			st = (r >> 50) % 3 == 0 ? SALES_WON : (r >> 50) % 3 ==
			    1 ? SALES_LOST : SALES_OPEN;
			add(deal("Ann", 100000 + (int64_t)(created - T + 540) *
			    2000 + (int64_t)((r >> 10) % 50000), st, created,
			    close));
		}
		for (i = 0; i < 6; i++) {
			ck_assert_int_eq(sales_model_fit(m, T - back[i],
			    SALES_FIT_POINT), SALES_OK);
			if (v == 0)
				cells(want[i]);
			else
				same_cells(want[i]);
		}
		if (v == 0) {
			plain = m;
			m = NULL;
		}
	}
	/* Someone is counted at the cap: the case is not empty. */
	ck_assert_int_gt(want[5][1].model, 0);
	sales_model_free(plain);
	sales_snaps_free(snaps);
	sales_stages_free(stages);
}
END_TEST

/*
 * The open deals' spread: Ann's one open deal (shrink_case) wins with p
 * = 613/1113: sd = 100000 x sqrt(p (1 - p)) = 49741.64 -> 49742; four
 * resolved deals are too few for a cap, so sd_capped is the same.
 */
START_TEST(test_spread)
{
	shrink_case();
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE), SALES_OK);
	ck_assert_int_eq(cell("Ann", 0)->sd, 49742);
	ck_assert_int_eq(cell("Ann", 0)->sd_capped, 49742);
	ck_assert_int_eq(cell(NULL, 0)->sd, 49742);
}
END_TEST

/*
 * Point fits on threads (sales_model_fit_points) give, origin by origin,
 * the very cells of one fit at a time, whatever the number of threads:
 * 3,000 deals of 7 owners in 3 teams, won, lost and open, over a year
 * and a half, fitted at 10 origins 20 days apart, 3 horizons.
 */
/*
 * n deals of 7 owners in 3 teams over 3 horizons, created in the 540 days
 * before T, won, lost or open (a linear congruential generator).
 */
static void
random_deals(size_t n)
{
	static const char *owner[] = { "a", "b", "c", "d", "e", "f", "g" };
	static const char *team[] = { "east", "west", "north" };
	uint64_t r = 12345;
	struct sales_opp d;
	size_t i;

	fo.horizons[1] = 60;
	fo.horizons[2] = 90;
	fo.nhorizons = 3;
	for (i = 0; i < n; i++) {
		int32_t created, close;
		enum sales_state st;

		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		created = T - 540 + (int32_t)((r >> 33) % 500);
		close = created + 5 + (int32_t)((r >> 20) % 200);
		st = (r >> 50) % 3 == 0 ? SALES_WON : (r >> 50) % 3 == 1 ?
		    SALES_LOST : SALES_OPEN;
		d = deal(owner[(r >> 40) % 7], 1000 + (int64_t)((r >> 10) %
		    500000), st, created, close);
		d.team = team[(r >> 45) % 3];
		add(d);
	}
}

/* Every cell of the last fit, into x (ngroups + 1 x nh). */
static void
cells(struct sales_model_cell *x)
{
	size_t ng = sales_model_ngroups(m), nh = fo.nhorizons, g, h;

	for (g = 0; g <= ng; g++)
		for (h = 0; h < nh; h++)
			x[g * nh + h] = *sales_model_cell(m, g, h);
}

/* The last fit's cells are x's. */
static void
same_cells(const struct sales_model_cell *x)
{
	size_t ng = sales_model_ngroups(m), nh = fo.nhorizons, g, h;

	for (g = 0; g <= ng; g++)
		for (h = 0; h < nh; h++)
			ck_assert(memcmp(sales_model_cell(m, g, h),
			    &x[g * nh + h], sizeof(*x)) == 0);
}

/*
 * Point fits at several origins at once, on any number of threads, give
 * each origin the cells of a fit of its own; so do origins out of date
 * order and one given twice (a fit takes its origins in date order).
 */
START_TEST(test_fit_points)
{
	static const size_t jobs[] = { 1, 2, 3, 8, 64 };
	static const int32_t mixed[7] = { 100, 300, 200, 100, 20, 250, 60 };
	struct sales_model_cell *want;
	int32_t origin[10];
	size_t ng, nh = 3, stride, i, j;

	random_deals(3000);
	for (i = 0; i < 10; i++)
		origin[i] = T - 300 + 20 * (int32_t)i;
	ng = sales_model_ngroups(m);
	stride = (ng + 1) * nh;
	want = calloc(10 * stride, sizeof(*want));
	ck_assert_ptr_nonnull(want);
	for (i = 0; i < 10; i++) {
		ck_assert_int_eq(sales_model_fit(m, origin[i],
		    SALES_FIT_POINT), SALES_OK);
		cells(&want[i * stride]);
	}
	/* Someone won something at every origin: the case is not empty. */
	ck_assert_int_gt(want[9 * stride + ng * nh].actual, 0);
	for (j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
		ck_assert_int_eq(sales_model_fit_points(m, origin, 10,
		    jobs[j]), SALES_OK);
		for (i = 0; i < 10; i++) {
			sales_model_use_point(m, i);
			same_cells(&want[i * stride]);
		}
	}
	for (i = 0; i < 7; i++) {
		origin[i] = T - mixed[i];
		ck_assert_int_eq(sales_model_fit(m, origin[i],
		    SALES_FIT_POINT), SALES_OK);
		cells(&want[i * stride]);
	}
	for (j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
		ck_assert_int_eq(sales_model_fit_points(m, origin, 7,
		    jobs[j]), SALES_OK);
		for (i = 0; i < 7; i++) {
			sales_model_use_point(m, i);
			same_cells(&want[i * stride]);
		}
	}
	/* No origins: nothing to do. */
	ck_assert_int_eq(sales_model_fit_points(m, origin, 0, 2), SALES_OK);
	free(want);
}
END_TEST

/*
 * The live fit made with the point fits (sales_model_fit_points_then) is
 * the one sales_model_fit makes, ranges and all (the Monte Carlo draws
 * read every deal's chance), with deals only a live fit counts open: no
 * created date, created after T; and one won after T, which the past
 * origins see open.  The points are unchanged by it.
 */
START_TEST(test_fit_points_then)
{
	static const size_t jobs[] = { 1, 2, 3, 8 };
	static const int32_t mixed[7] = { 100, 300, 200, 100, 20, 250, 60 };
	struct sales_model_cell *want, *live;
	struct sales_model *mm;
	int32_t origin[7];
	size_t stride, i, j;
	int flags = SALES_FIT_LIVE | SALES_FIT_RANGES;

	mo.trials = 200;
	random_deals(2000);
	add(deal("a", 7000000, SALES_OPEN, SALES_DATE_NONE, T + 20));
	add(deal("b", 8000000, SALES_OPEN, T + 3, T + 40));
	add(deal("c", 9000000, SALES_WON, T - 150, T + 10));
	stride = (sales_model_ngroups(m) + 1) * 3;
	want = calloc(7 * stride, sizeof(*want));
	live = calloc(stride, sizeof(*live));
	ck_assert_ptr_nonnull(want);
	ck_assert_ptr_nonnull(live);
	for (i = 0; i < 7; i++) {
		origin[i] = T - mixed[i];
		ck_assert_int_eq(sales_model_fit(m, origin[i],
		    SALES_FIT_POINT), SALES_OK);
		cells(&want[i * stride]);
	}
	ck_assert_int_eq(sales_model_fit(m, T, flags), SALES_OK);
	cells(live);
	ck_assert_int_gt(sales_model_cell(m, 0, 0)->p90,
	    sales_model_cell(m, 0, 0)->p10);
	/*
	 * The deal with no created date is scored at age 0, as one created
	 * on T would be (neither is at risk before T): a model with that
	 * one instead fits the same.
	 */
	mm = m;
	m = NULL;
	random_deals(2000);
	add(deal("a", 7000000, SALES_OPEN, T, T + 20));
	add(deal("b", 8000000, SALES_OPEN, T + 3, T + 40));
	add(deal("c", 9000000, SALES_WON, T - 150, T + 10));
	ck_assert_int_eq(sales_model_fit(m, T, flags), SALES_OK);
	same_cells(live);
	sales_model_free(m);
	m = mm;
	for (j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
		ck_assert_int_eq(sales_model_fit_points_then(m, origin, 7, T,
		    flags, jobs[j]), SALES_OK);
		for (i = 0; i < 7; i++) {
			sales_model_use_point(m, i);
			same_cells(&want[i * stride]);
		}
		ck_assert_int_eq(sales_model_use_fit(m), SALES_OK);
		same_cells(live);
		/* Once. */
		ck_assert_int_eq(sales_model_use_fit(m), SALES_EUSAGE);
	}
	/* The live fit alone; and none after a plain fit. */
	ck_assert_int_eq(sales_model_fit_points_then(m, origin, 0, T, flags,
	    2), SALES_OK);
	ck_assert_int_eq(sales_model_use_fit(m), SALES_OK);
	same_cells(live);
	ck_assert_int_eq(sales_model_fit_points_then(m, origin, 3, T, flags,
	    2), SALES_OK);
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_POINT), SALES_OK);
	ck_assert_int_eq(sales_model_use_fit(m), SALES_EUSAGE);
	free(want);
	free(live);
}
END_TEST

/*
 * sales_calib_forecast is the warm-up, the live fit and the calibration
 * one after another, on any number of threads.
 */
START_TEST(test_calib_forecast)
{
	static const size_t jobs[] = { 1, 2, 5 };
	struct sales_model_cell *want;
	struct sales_calib *c;
	size_t j;

	random_deals(2000);
	want = calloc((sales_model_ngroups(m) + 1) * 3, sizeof(*want));
	ck_assert_ptr_nonnull(want);
	c = sales_calib_new(m);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(sales_calib_warmup(c, T, 14, 27, 1), SALES_OK);
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE), SALES_OK);
	ck_assert_int_eq(sales_calib_apply(c, T), SALES_OK);
	sales_calib_free(c);
	cells(want);
	for (j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
		c = sales_calib_new(m);
		ck_assert_ptr_nonnull(c);
		ck_assert_int_eq(sales_calib_forecast(c, T, 14, 27, jobs[j],
		    SALES_FIT_LIVE), SALES_OK);
		sales_calib_free(c);
		same_cells(want);
	}
	free(want);
}
END_TEST

/*
 * A fit that fails on a thread fails the call, with its message: two
 * won deals whose amounts add up beyond 64-bit cents, closed at T - 100,
 * are both inside the 30-day horizon of origins T - 129 .. T - 100.
 */
START_TEST(test_fit_points_overflow)
{
	int32_t origin[6];
	size_t i;

	for (i = 0; i < 2; i++)
		add(deal("a", INT64_MAX / 2 + 1, SALES_WON, T - 150, T - 100));
	for (i = 0; i < 6; i++)
		origin[i] = T - 200 + 20 * (int32_t)i;	/* T-120 fails */
	ck_assert_int_eq(sales_model_fit_points(m, origin, 6, 3),
	    SALES_EDATA);
	ck_assert_str_eq(sales_model_error(m),
	    "amounts add up beyond the range of 64-bit cents");
	/* The first four (T - 200 .. T - 140) do not. */
	ck_assert_int_eq(sales_model_fit_points(m, origin, 4, 2), SALES_OK);
}
END_TEST

/* Room reserved ahead changes no fit; an impossible room is refused. */
START_TEST(test_reserve)
{
	struct sales_model_cell want[8 * 3];

	fo.horizons[1] = 60;
	fo.horizons[2] = 90;
	fo.nhorizons = 3;
	m = sales_model_new(&fo, &mo);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(sales_model_reserve(m, 100000), SALES_OK);
	random_deals(500);
	ck_assert_uint_eq(sales_model_ngroups(m), 7);
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE), SALES_OK);
	cells(want);
	ck_assert_int_eq(sales_model_reserve(m, SIZE_MAX / 2), SALES_ENOMEM);
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE), SALES_OK);
	same_cells(want);
	sales_model_free(m);
	m = NULL;
	random_deals(500);
	ck_assert_int_eq(sales_model_fit(m, T, SALES_FIT_LIVE), SALES_OK);
	same_cells(want);
}
END_TEST

/*
 * Large blocks come whole huge pages at a time (aligned to 2 MiB); small
 * ones are malloc's; growing past 4 MiB keeps what the block held.
 */
START_TEST(test_huge_alloc)
{
	size_t big = ((size_t)5 << 20) + 3, i;
	unsigned char *p;

	p = sales_huge_alloc(big);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq((uintptr_t)p % ((uintptr_t)2 << 20), 0);
	p[0] = 1;
	p[big - 1] = 2;
	free(p);
	p = sales_huge_alloc(100);
	ck_assert_ptr_nonnull(p);
	memset(p, 7, 100);
	free(p);
	p = sales_grow(NULL, 0, (size_t)3 << 20);
	ck_assert_ptr_nonnull(p);
	for (i = 0; i < ((size_t)3 << 20); i++)
		p[i] = (unsigned char)(i * 31);
	p = sales_grow(p, (size_t)3 << 20, (size_t)6 << 20);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq((uintptr_t)p % ((uintptr_t)2 << 20), 0);
	for (i = 0; i < ((size_t)3 << 20); i++)
		if (p[i] != (unsigned char)(i * 31))
			break;
	ck_assert_uint_eq(i, (size_t)3 << 20);
	free(p);
}
END_TEST

Suite *
model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc;

	tc = tcase_create("estimator");
	tcase_add_test(tc, test_censoring);
	tcase_add_test(tc, test_censored_is_not_lost);
	tcase_add_test(tc, test_nobody_at_risk);
	tcase_add_test(tc, test_new_business);
	tcase_add_test(tc, test_rng);
	tcase_add_test(tc, test_huge_alloc);
	suite_add_tcase(s, tc);

	tc = tcase_create("fit");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_shrinkage);
	tcase_add_test(tc, test_shrinkage_owners);
	tcase_add_test(tc, test_monte_carlo);
	tcase_add_test(tc, test_normal);
	tcase_add_test(tc, test_seeded);
	tcase_add_test(tc, test_zero_history);
	tcase_add_test(tc, test_no_lookahead);
	tcase_add_test(tc, test_snapshots);
	tcase_add_test(tc, test_snapshots_amount);
	tcase_add_test(tc, test_snapshots_monotone);
	tcase_add_test(tc, test_cap);
	tcase_add_test(tc, test_lumpy);
	tcase_add_test(tc, test_cap_resolved_by_origin);
	tcase_add_test(tc, test_cap_top);
	tcase_add_test(tc, test_spread);
	tcase_add_test(tc, test_fit_points);
	tcase_add_test(tc, test_reserve);
	tcase_add_test(tc, test_fit_points_then);
	tcase_add_test(tc, test_calib_forecast);
	tcase_add_test(tc, test_fit_points_overflow);
	suite_add_tcase(s, tc);

	tc = tcase_create("merge");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_merge_parts);
	tcase_add_test(tc, test_merge_after_fit);
	tcase_add_test(tc, test_merge_refuses);
	suite_add_tcase(s, tc);
	return s;
}
