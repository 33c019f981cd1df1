/*
 * check_forecast.c - unit tests for forecast.c: the --by and --horizon
 * parsers, which deals fall in which horizon, the sums and their exact
 * rounding, the Total row, the order of the rows, overflow, and many
 * groups.
 *
 * Deals are built by hand; the output is written as CSV into memory
 * (open_memstream(3)) and compared whole.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "sales.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define PCT(n)		((n) * (SALES_PPM / 100))

/* The columns after the group columns. */
#define FIXED	"horizon,deals,pipeline,weighted,commit,best_case," \
		"overdue_deals,overdue_amount,new_business,expected,p10,p50,p90\n"
#define HEAD_OWNER	"owner," FIXED

static struct sales_forecast_options	 fo;
static struct sales_forecast		*fc;
static char				*text;	/* the last output */
static int32_t				 as_of;

static void	setup(void);
static void	teardown(void);
static struct sales_opp deal(const char *, int64_t, int32_t, int32_t);
static void	start(void);
static void	add(const struct sales_opp *);
static int	try_write(void);
static const char *output(void);

static void
setup(void)
{
	as_of = sales_date_from_ymd(2026, 1, 1);
	memset(&fo, 0, sizeof(fo));
	fo.as_of = as_of;
	fo.horizons[0] = 30;
	fo.nhorizons = 1;
	fo.by[0] = SALES_BY_OWNER;
	fo.nby = 1;
	fo.total = 0;
	fc = NULL;
	text = NULL;
}

static void
teardown(void)
{
	sales_forecast_free(fc);
	free(text);
	fc = NULL;
	text = NULL;
}

/* An open pipeline deal of owner; the other text fields are "". */
static struct sales_opp
deal(const char *owner, int64_t amount, int32_t close, int32_t prob)
{
	struct sales_opp d;

	memset(&d, 0, sizeof(d));
	d.owner = owner;
	d.account = "";
	d.stage = "Prospecting";
	d.id = "";
	d.name = "";
	d.team = "";
	d.manager = "";
	d.amount = amount;
	d.close = close;
	d.created = SALES_DATE_NONE;
	d.prob = prob;
	d.state = SALES_OPEN;
	d.fcat = SALES_FCAT_PIPELINE;
	d.line = 2;
	return d;
}

/* Creates the forecast from fo, once the test has set its options. */
static void
start(void)
{
	fc = sales_forecast_new(&fo);
	ck_assert_ptr_nonnull(fc);
}

static void
add(const struct sales_opp *d)
{
	int rc = sales_forecast_add(fc, d);

	ck_assert_msg(rc == SALES_OK, "add: %d %s", rc,
	    sales_forecast_error(fc));
}

/* Writes the forecast as CSV into text; returns what the write said. */
static int
try_write(void)
{
	struct sales_out *o;
	size_t size;
	FILE *fp;
	int rc;

	fp = open_memstream(&text, &size);
	ck_assert_ptr_nonnull(fp);
	o = sales_out_new(fp, SALES_FMT_CSV, 0);
	ck_assert_ptr_nonnull(o);
	rc = sales_forecast_write(fc, o);
	if (rc == SALES_OK)
		rc = sales_out_finish(o);
	sales_out_free(o);
	ck_assert_int_eq(fclose(fp), 0);
	return rc;
}

static const char *
output(void)
{
	int rc = try_write();

	ck_assert_msg(rc == SALES_OK, "write: %d %s", rc,
	    sales_forecast_error(fc));
	return text;
}

/*
 * Parsing --by.
 */

static const struct {
	const char		*in;
	size_t			 nby;
	enum sales_group	 by[SALES_FORECAST_MAX_BY];
} group_good[] = {
	{ "owner", 1, { SALES_BY_OWNER } },
	{ "owner,stage", 2, { SALES_BY_OWNER, SALES_BY_STAGE } },
	{ "stage,owner", 2, { SALES_BY_STAGE, SALES_BY_OWNER } },
	{ "none", 0, { SALES_BY_OWNER } },
	{ "account", 1, { SALES_BY_ACCOUNT } },
	{ "team", 1, { SALES_BY_TEAM } },
	{ "manager", 1, { SALES_BY_MANAGER } },
	{ "forecast_category", 1, { SALES_BY_FORECAST_CATEGORY } },
	{ "owner,account,team,manager,stage,forecast_category", 6,
	    { SALES_BY_OWNER, SALES_BY_ACCOUNT, SALES_BY_TEAM,
	    SALES_BY_MANAGER, SALES_BY_STAGE, SALES_BY_FORECAST_CATEGORY } },
};

START_TEST(test_group_parse)
{
	struct sales_forecast_options o;
	size_t i;

	memset(&o, 0, sizeof(o));
	o.nby = 3;	/* replaced, not appended to */
	ck_assert_int_eq(sales_group_parse(group_good[_i].in, &o), SALES_OK);
	ck_assert_uint_eq(o.nby, group_good[_i].nby);
	for (i = 0; i < o.nby; i++)
		ck_assert_int_eq(o.by[i], group_good[_i].by[i]);
}
END_TEST

static const char *const group_bad[] = {
	"",
	"foo",
	"Owner",
	"owners",
	"owner,owner",
	"owner,stage,owner",
	"owner,",
	",owner",
	"owner,,stage",
	",",
	"owner,none",
	"none,owner",
	"owner stage",
	" owner",
	/* Too many: more than SALES_FORECAST_MAX_BY. */
	"owner,account,team,manager,stage,forecast_category,owner",
	"owner,account,team,manager,stage,forecast_category,none",
};

START_TEST(test_group_parse_bad)
{
	struct sales_forecast_options o;

	memset(&o, 0, sizeof(o));
	ck_assert_msg(sales_group_parse(group_bad[_i], &o) == SALES_EUSAGE,
	    "\"%s\" accepted", group_bad[_i]);
}
END_TEST

START_TEST(test_group_column)
{
	ck_assert_int_eq(sales_group_column(SALES_BY_OWNER), SALES_OPP_OWNER);
	ck_assert_int_eq(sales_group_column(SALES_BY_ACCOUNT),
	    SALES_OPP_ACCOUNT);
	ck_assert_int_eq(sales_group_column(SALES_BY_TEAM), SALES_OPP_TEAM);
	ck_assert_int_eq(sales_group_column(SALES_BY_MANAGER),
	    SALES_OPP_MANAGER);
	ck_assert_int_eq(sales_group_column(SALES_BY_STAGE), SALES_OPP_STAGE);
	ck_assert_int_eq(sales_group_column(SALES_BY_FORECAST_CATEGORY),
	    SALES_OPP_FORECAST_CATEGORY);
}
END_TEST

/*
 * Parsing --horizon.
 */

static const struct {
	const char	*in;
	size_t		 n;
	int		 h[SALES_FORECAST_MAX_HORIZONS];
} horizon_good[] = {
	{ "30", 1, { 30 } },
	{ "30,60,90", 3, { 30, 60, 90 } },
	{ "90,30", 2, { 30, 90 } },
	{ "90,60,30", 3, { 30, 60, 90 } },
	{ "30,30", 1, { 30 } },
	{ "60,30,60,30,90", 3, { 30, 60, 90 } },
	{ "1", 1, { 1 } },
	{ "3660", 1, { 3660 } },
	{ "3660,1", 2, { 1, 3660 } },
	{ "007", 1, { 7 } },
	{ "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", 16,
	    { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 } },
	{ "16,15,14,13,12,11,10,9,8,7,6,5,4,3,2,1", 16,
	    { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 } },
	/* Seventeen items, but sixteen distinct. */
	{ "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,16", 16,
	    { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 } },
};

START_TEST(test_horizon_parse)
{
	struct sales_forecast_options o;
	size_t i;

	memset(&o, 0, sizeof(o));
	o.nhorizons = 5;	/* replaced, not appended to */
	ck_assert_int_eq(sales_horizon_parse(horizon_good[_i].in, &o),
	    SALES_OK);
	ck_assert_uint_eq(o.nhorizons, horizon_good[_i].n);
	for (i = 0; i < o.nhorizons; i++)
		ck_assert_int_eq(o.horizons[i], horizon_good[_i].h[i]);
}
END_TEST

static const char *const horizon_bad[] = {
	"",
	"0",
	"x",
	"30x",
	"30,",
	",30",
	"30,,60",
	",",
	"3661",
	"-5",
	"+5",
	" 30",
	"30 ",
	"30;60",
	"1e2",
	"30.0",
	"0x10",
	"99999999999999999999",
	"30,0",
	"30,3661",
	/* Seventeen distinct. */
	"1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17",
};

START_TEST(test_horizon_parse_bad)
{
	struct sales_forecast_options o;

	memset(&o, 0, sizeof(o));
	ck_assert_msg(sales_horizon_parse(horizon_bad[_i], &o) ==
	    SALES_EUSAGE, "\"%s\" accepted", horizon_bad[_i]);
}
END_TEST

/*
 * Horizons and overdue deals.
 */

/*
 * as_of <= close < as_of + h.  Each deal has its own power-of-two
 * amount, so every sum shows which deals went into it.
 */
START_TEST(test_horizon_rule)
{
	struct sales_opp d;

	fo.horizons[0] = 30;
	fo.horizons[1] = 60;
	fo.nhorizons = 2;
	start();
	d = deal("Ann", 100, as_of, SALES_PPM);		/* both */
	add(&d);
	d = deal("Ann", 200, as_of + 29, SALES_PPM);	/* both */
	add(&d);
	d = deal("Ann", 400, as_of + 30, SALES_PPM);	/* 60 only */
	add(&d);
	d = deal("Ann", 800, as_of + 59, SALES_PPM);	/* 60 only */
	add(&d);
	d = deal("Ann", 1600, as_of + 60, SALES_PPM);	/* none */
	add(&d);
	d = deal("Ann", 3200, as_of - 1, SALES_PPM);	/* overdue */
	add(&d);
	d = deal("Ann", 6400, as_of - 4000, SALES_PPM);	/* overdue */
	add(&d);
	d = deal("Ann", 12800, SALES_DATE_NONE, SALES_PPM);	/* neither */
	add(&d);
	ck_assert_str_eq(output(), HEAD_OWNER
	    "Ann,30,2,3.00,3.00,0.00,0.00,2,96.00,,3.00,,,\n"
	    "Ann,60,4,15.00,15.00,0.00,0.00,2,96.00,,15.00,,,\n");
}
END_TEST

/* A deal closing on as_of is in the shortest horizon there is. */
START_TEST(test_horizon_one_day)
{
	struct sales_opp d;

	fo.horizons[0] = 1;
	fo.nhorizons = 1;
	start();
	d = deal("Ann", 100, as_of, SALES_PPM);
	add(&d);
	d = deal("Ann", 200, as_of + 1, SALES_PPM);
	add(&d);
	ck_assert_str_eq(output(), HEAD_OWNER
	    "Ann,1,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n");
}
END_TEST

/* Only unscheduled deals: the group is there, all zeros. */
START_TEST(test_unscheduled)
{
	struct sales_opp d;

	start();
	d = deal("Ann", 100, SALES_DATE_NONE, SALES_PPM);
	add(&d);
	ck_assert_str_eq(output(), HEAD_OWNER
	    "Ann,30,0,0.00,0.00,0.00,0.00,0,0.00,,0.00,,,\n");
}
END_TEST

/* Won and lost deals are in no sum, not even overdue. */
START_TEST(test_won_lost)
{
	struct sales_opp d;

	fo.total = 1;
	start();
	d = deal("Wendy", 500, as_of + 1, SALES_PPM);
	d.state = SALES_WON;
	d.fcat = SALES_FCAT_CLOSED;
	add(&d);
	d = deal("Wendy", 700, as_of - 10, SALES_PPM);
	d.state = SALES_WON;
	add(&d);
	d = deal("Lou", 900, as_of + 1, 0);
	d.state = SALES_LOST;
	d.fcat = SALES_FCAT_OMITTED;
	add(&d);
	d = deal("Lou", 1100, as_of - 10, 0);
	d.state = SALES_LOST;
	add(&d);
	d = deal("Ann", 100, as_of + 1, PCT(50));
	add(&d);
	ck_assert_str_eq(output(), HEAD_OWNER
	    "Ann,30,1,1.00,0.50,0.00,0.00,0,0.00,,0.50,,,\n"
	    "Lou,30,0,0.00,0.00,0.00,0.00,0,0.00,,0.00,,,\n"
	    "Wendy,30,0,0.00,0.00,0.00,0.00,0,0.00,,0.00,,,\n"
	    "Total,30,1,1.00,0.50,0.00,0.00,0,0.00,,0.50,,,\n");
}
END_TEST

/*
 * Sums.
 */

/*
 * The Odoo regression: a 0% deal adds nothing to the weighted amount but
 * counts in deals and pipeline; it must not be averaged in.
 */
START_TEST(test_zero_probability)
{
	struct sales_opp d;

	start();
	d = deal("Ann", 10000, as_of + 5, PCT(99));
	add(&d);
	d = deal("Ann", 20000, as_of + 6, 0);
	add(&d);
	ck_assert_str_eq(output(), HEAD_OWNER
	    "Ann,30,2,300.00,99.00,0.00,0.00,0,0.00,,99.00,,,\n");
}
END_TEST

/* commit sums commit; best_case sums best case and commit. */
START_TEST(test_categories)
{
	static const enum sales_fcat cats[] = {
		SALES_FCAT_PIPELINE, SALES_FCAT_BEST_CASE, SALES_FCAT_COMMIT,
		SALES_FCAT_CLOSED, SALES_FCAT_OMITTED
	};
	struct sales_opp d;
	size_t i;

	start();
	for (i = 0; i < NELEM(cats); i++) {
		d = deal("Ann", 100 << i, as_of + 1, PCT(10));
		d.fcat = cats[i];
		add(&d);
	}
	/* Overdue commit deals are not in commit. */
	d = deal("Ann", 10000, as_of - 1, PCT(10));
	d.fcat = SALES_FCAT_COMMIT;
	add(&d);
	ck_assert_str_eq(output(), HEAD_OWNER
	    "Ann,30,5,31.00,3.10,4.00,6.00,1,100.00,,3.10,,,\n");
}
END_TEST

/*
 * Weighted amounts are rounded half away from zero once per cell, from
 * the exact sum of amount x probability.
 */
START_TEST(test_rounding)
{
	struct sales_opp d;

	fo.total = 1;
	start();
	/* Two halves of a cent make a cent, not 0 or 2. */
	d = deal("a", 1, as_of, PCT(50));
	add(&d);
	add(&d);
	/* Half a cent rounds up; minus half a cent rounds down. */
	d = deal("b", 1, as_of, PCT(50));
	add(&d);
	d = deal("c", -1, as_of, PCT(50));
	add(&d);
	/* Just under half a cent. */
	d = deal("d", 1, as_of, 499999);
	add(&d);
	d = deal("e", -1, as_of, 499999);
	add(&d);
	/* Three thirds that would each round to 0. */
	d = deal("f", 1, as_of, 333333);
	add(&d);
	add(&d);
	add(&d);
	/* Plus and minus half a cent cancel. */
	d = deal("g", 1, as_of, PCT(50));
	add(&d);
	d = deal("g", -1, as_of, PCT(50));
	add(&d);
	/* 1234.57 x 33.3333% = 411.522925... */
	d = deal("h", 123457, as_of, 333333);
	add(&d);
	/*
	 * The total is the exact sum: 1 + 0.5 - 0.5 + 0.499999 - 0.499999
	 * + 0.999999 + 0 + 41152.292... cents.
	 */
	ck_assert_str_eq(output(), HEAD_OWNER
	    "a,30,2,0.02,0.01,0.00,0.00,0,0.00,,0.01,,,\n"
	    "b,30,1,0.01,0.01,0.00,0.00,0,0.00,,0.01,,,\n"
	    "c,30,1,-0.01,-0.01,0.00,0.00,0,0.00,,-0.01,,,\n"
	    "d,30,1,0.01,0.00,0.00,0.00,0,0.00,,0.00,,,\n"
	    "e,30,1,-0.01,0.00,0.00,0.00,0,0.00,,0.00,,,\n"
	    "f,30,3,0.03,0.01,0.00,0.00,0,0.00,,0.01,,,\n"
	    "g,30,2,0.00,0.00,0.00,0.00,0,0.00,,0.00,,,\n"
	    "h,30,1,1234.57,411.52,0.00,0.00,0,0.00,,411.52,,,\n"
	    "Total,30,12,1234.62,411.54,0.00,0.00,0,0.00,,411.54,,,\n");
}
END_TEST

/* Negative amounts (credits) sum like any other. */
START_TEST(test_negative)
{
	struct sales_opp d;

	start();
	d = deal("Ann", -5000, as_of + 2, PCT(50));
	d.fcat = SALES_FCAT_COMMIT;
	add(&d);
	d = deal("Ann", 2000, as_of + 3, PCT(25));
	d.fcat = SALES_FCAT_BEST_CASE;
	add(&d);
	d = deal("Ann", -300, as_of - 3, PCT(25));
	add(&d);
	d = deal("Ann", -100, as_of - 30, PCT(25));
	add(&d);
	ck_assert_str_eq(output(), HEAD_OWNER
	    "Ann,30,2,-30.00,-20.00,-50.00,-30.00,2,-4.00,,-20.00,,,\n");
}
END_TEST

/*
 * The Total row.
 */

/* Last, after every group, one per horizon; overdue summed too. */
START_TEST(test_total)
{
	struct sales_opp d;

	fo.total = 1;
	fo.horizons[0] = 30;
	fo.horizons[1] = 90;
	fo.nhorizons = 2;
	start();
	d = deal("Bob", 1000, as_of + 40, PCT(50));
	add(&d);
	d = deal("Ann", 2000, as_of + 10, PCT(25));
	d.fcat = SALES_FCAT_COMMIT;
	add(&d);
	d = deal("Bob", 500, as_of - 1, PCT(50));
	add(&d);
	ck_assert_str_eq(output(), HEAD_OWNER
	    "Ann,30,1,20.00,5.00,20.00,20.00,0,0.00,,5.00,,,\n"
	    "Ann,90,1,20.00,5.00,20.00,20.00,0,0.00,,5.00,,,\n"
	    "Bob,30,0,0.00,0.00,0.00,0.00,1,5.00,,0.00,,,\n"
	    "Bob,90,1,10.00,5.00,0.00,0.00,1,5.00,,5.00,,,\n"
	    "Total,30,1,20.00,5.00,20.00,20.00,1,5.00,,5.00,,,\n"
	    "Total,90,2,30.00,10.00,20.00,20.00,1,5.00,,10.00,,,\n");
}
END_TEST

/* "Total" in the first group column, the others empty. */
START_TEST(test_total_two_columns)
{
	struct sales_opp d;

	fo.total = 1;
	fo.by[0] = SALES_BY_OWNER;
	fo.by[1] = SALES_BY_STAGE;
	fo.nby = 2;
	start();
	d = deal("Ann", 1000, as_of + 1, PCT(10));
	add(&d);
	d = deal("Ann", 3000, as_of + 2, PCT(90));
	d.stage = "Negotiation/Review";
	add(&d);
	ck_assert_str_eq(output(), "owner,stage," FIXED
	    "Ann,Negotiation/Review,30,1,30.00,27.00,0.00,0.00,0,0.00,,"
	    "27.00,,,\n"
	    "Ann,Prospecting,30,1,10.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Total,,30,2,40.00,28.00,0.00,0.00,0,0.00,,28.00,,,\n");
}
END_TEST

/* Without total set there is no Total row. */
START_TEST(test_no_total)
{
	struct sales_opp d;

	start();
	d = deal("Ann", 1000, as_of + 1, PCT(10));
	add(&d);
	ck_assert_str_eq(output(), HEAD_OWNER
	    "Ann,30,1,10.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n");
}
END_TEST

/* Without group columns there is one group and no Total row. */
START_TEST(test_no_groups)
{
	struct sales_opp d;

	fo.nby = 0;
	fo.total = 1;
	fo.horizons[0] = 30;
	fo.horizons[1] = 60;
	fo.nhorizons = 2;
	start();
	d = deal("Ann", 1000, as_of + 1, PCT(10));
	add(&d);
	d = deal("Bob", 2000, as_of + 31, PCT(50));
	add(&d);
	d = deal("Cy", 400, as_of - 1, PCT(50));
	add(&d);
	ck_assert_str_eq(output(), FIXED
	    "30,1,10.00,1.00,0.00,0.00,1,4.00,,1.00,,,\n"
	    "60,2,30.00,11.00,0.00,0.00,1,4.00,,11.00,,,\n");
}
END_TEST

/* No group columns and no deals: the one group still has its rows. */
START_TEST(test_no_groups_empty)
{
	fo.nby = 0;
	start();
	ck_assert_str_eq(output(), FIXED
	    "30,0,0.00,0.00,0.00,0.00,0,0.00,,0.00,,,\n");
}
END_TEST

/* No deals at all: the header, and the Total row if asked for. */
START_TEST(test_empty_total)
{
	fo.total = 1;
	start();
	ck_assert_str_eq(output(), HEAD_OWNER
	    "Total,30,0,0.00,0.00,0.00,0.00,0,0.00,,0.00,,,\n");
}
END_TEST

/*
 * Order.
 */

/* Bytewise: "Ann" before "Ann Lee", upper before lower, UTF-8 last. */
START_TEST(test_sort_owner)
{
	static const char *const owners[] = {
		"Zed", "ann", "Ann Lee", "\xc3\x89mile", "Ann", "", "Bob",
		"Ann Lee Jr", "AnnLee",
	};
	struct sales_opp d;
	size_t i;

	fo.horizons[0] = 30;
	fo.horizons[1] = 7;
	fo.nhorizons = 2;
	/* Horizons given out of order come out sorted. */
	ck_assert_int_eq(sales_horizon_parse("30,7", &fo), SALES_OK);
	start();
	for (i = 0; i < NELEM(owners); i++) {
		d = deal(owners[i], 100, as_of, SALES_PPM);
		add(&d);
	}
	ck_assert_str_eq(output(), HEAD_OWNER
	    ",7,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    ",30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Ann,7,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Ann,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Ann Lee,7,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Ann Lee,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Ann Lee Jr,7,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Ann Lee Jr,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "AnnLee,7,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "AnnLee,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Bob,7,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Bob,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Zed,7,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Zed,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "ann,7,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "ann,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "\xc3\x89mile,7,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "\xc3\x89mile,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n");
}
END_TEST

/*
 * Several group columns sort column by column: a first value that is a
 * prefix of another sorts first whatever follows it, and ties on the
 * first column go to the second.
 */
START_TEST(test_sort_two_columns)
{
	static const struct {
		const char	*owner;
		const char	*account;
	} keys[] = {
		{ "Ann Lee", "Alpha" },
		{ "Ann", "Zeta" },
		{ "Ann", "Alpha" },
		{ "Ann", "Alpha Beta" },
		{ "Ann", "" },
		{ "Ann", "alpha" },
		{ "Ann L", "Zeta" },
		{ "Ann", "Zeta" },	/* the same group again */
	};
	struct sales_opp d;
	size_t i;

	fo.by[0] = SALES_BY_OWNER;
	fo.by[1] = SALES_BY_ACCOUNT;
	fo.nby = 2;
	start();
	for (i = 0; i < NELEM(keys); i++) {
		d = deal(keys[i].owner, 100, as_of, SALES_PPM);
		d.account = keys[i].account;
		add(&d);
	}
	ck_assert_str_eq(output(), "owner,account," FIXED
	    "Ann,,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Ann,Alpha,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Ann,Alpha Beta,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Ann,Zeta,30,2,2.00,2.00,0.00,0.00,0,0.00,,2.00,,,\n"
	    "Ann,alpha,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Ann L,Zeta,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n"
	    "Ann Lee,Alpha,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n");
}
END_TEST

/*
 * Values that would join into the same text, were the key joined with
 * nothing between them, stay apart.
 */
START_TEST(test_key_boundaries)
{
	struct sales_opp d;

	fo.by[0] = SALES_BY_OWNER;
	fo.by[1] = SALES_BY_ACCOUNT;
	fo.nby = 2;
	start();
	d = deal("ab", 100, as_of, SALES_PPM);
	d.account = "c";
	add(&d);
	d = deal("a", 200, as_of, SALES_PPM);
	d.account = "bc";
	add(&d);
	ck_assert_str_eq(output(), "owner,account," FIXED
	    "a,bc,30,1,2.00,2.00,0.00,0.00,0,0.00,,2.00,,,\n"
	    "ab,c,30,1,1.00,1.00,0.00,0.00,0,0.00,,1.00,,,\n");
}
END_TEST

/* Every group kind, with its canonical column name. */
START_TEST(test_all_group_kinds)
{
	struct sales_opp d;

	ck_assert_int_eq(sales_group_parse("forecast_category,stage,manager,"
	    "team,account,owner", &fo), SALES_OK);
	start();
	d = deal("O", 100, as_of, PCT(50));
	d.account = "A";
	d.team = "T";
	d.manager = "M";
	d.stage = "S, \"quoted\"";
	d.fcat = SALES_FCAT_BEST_CASE;
	add(&d);
	d.fcat = SALES_FCAT_COMMIT;
	add(&d);
	ck_assert_str_eq(output(), "forecast_category,stage,manager,team,"
	    "account,owner," FIXED
	    "best_case,\"S, \"\"quoted\"\"\",M,T,A,O,30,1,1.00,0.50,0.00,"
	    "1.00,0,0.00,,0.50,,,\n"
	    "commit,\"S, \"\"quoted\"\"\",M,T,A,O,30,1,1.00,0.50,1.00,"
	    "1.00,0,0.00,,0.50,,,\n");
}
END_TEST

/*
 * Limits.
 */

/* The sums reach the int64 limits exactly. */
START_TEST(test_limits)
{
	struct sales_opp d;

	fo.total = 1;
	start();
	d = deal("max", INT64_MAX, as_of, SALES_PPM);
	d.fcat = SALES_FCAT_COMMIT;
	add(&d);
	d = deal("min", INT64_MIN, as_of, SALES_PPM);
	add(&d);
	d = deal("odue", INT64_MAX, as_of - 1, SALES_PPM);
	add(&d);
	ck_assert_str_eq(output(), HEAD_OWNER
	    "max,30,1,92233720368547758.07,92233720368547758.07,"
	    "92233720368547758.07,92233720368547758.07,0,0.00,,"
	    "92233720368547758.07,,,\n"
	    "min,30,1,-92233720368547758.08,-92233720368547758.08,0.00,0.00,"
	    "0,0.00,,-92233720368547758.08,,,\n"
	    "odue,30,0,0.00,0.00,0.00,0.00,1,92233720368547758.07,,0.00,,,\n"
	    "Total,30,2,-0.01,-0.01,92233720368547758.07,"
	    "92233720368547758.07,1,92233720368547758.07,,-0.01,,,\n");
}
END_TEST

#define OVERFLOW_MSG	"amounts add up beyond the range of 64-bit cents"

/* The pipeline of one group overflows. */
START_TEST(test_overflow_pipeline)
{
	struct sales_opp d;

	start();
	d = deal("Ann", INT64_MAX, as_of, PCT(10));
	add(&d);
	d = deal("Ann", 1, as_of + 1, PCT(10));
	ck_assert_int_eq(sales_forecast_add(fc, &d), SALES_EDATA);
	ck_assert_str_eq(sales_forecast_error(fc), OVERFLOW_MSG);
}
END_TEST

START_TEST(test_overflow_negative)
{
	struct sales_opp d;

	start();
	d = deal("Ann", INT64_MIN, as_of, PCT(10));
	add(&d);
	d = deal("Ann", -1, as_of + 1, PCT(10));
	ck_assert_int_eq(sales_forecast_add(fc, &d), SALES_EDATA);
	ck_assert_str_eq(sales_forecast_error(fc), OVERFLOW_MSG);
}
END_TEST

START_TEST(test_overflow_overdue)
{
	struct sales_opp d;

	start();
	d = deal("Ann", INT64_MAX, as_of - 1, PCT(10));
	add(&d);
	d = deal("Ann", INT64_MAX, as_of - 2, PCT(10));
	ck_assert_int_eq(sales_forecast_add(fc, &d), SALES_EDATA);
	ck_assert_str_eq(sales_forecast_error(fc), OVERFLOW_MSG);
}
END_TEST

/*
 * Each group fits, their Total does not.  The header allows the error
 * from either call: sales_forecast_add (when the Total is summed as deals
 * come) or sales_forecast_write (when it is summed from the groups), but
 * the write must then fail before any data row.
 */
START_TEST(test_overflow_total)
{
	struct sales_opp d;
	int rc;

	fo.total = 1;
	start();
	d = deal("Ann", INT64_MAX, as_of, PCT(10));
	add(&d);
	d = deal("Bob", INT64_MAX, as_of, PCT(10));
	rc = sales_forecast_add(fc, &d);
	if (rc == SALES_OK) {
		ck_assert_int_eq(try_write(), SALES_EDATA);
		ck_assert_str_eq(text, HEAD_OWNER);
	} else
		ck_assert_int_eq(rc, SALES_EDATA);
	ck_assert_str_eq(sales_forecast_error(fc), OVERFLOW_MSG);
}
END_TEST

/*
 * The pipeline fits (a credit cancels a deal) but the weighted amount
 * does not: the credit is at 0%.  That shows when the cell is written.
 */
START_TEST(test_overflow_weighted)
{
	struct sales_opp d;

	start();
	d = deal("Ann", INT64_MAX, as_of, SALES_PPM);
	add(&d);
	d = deal("Ann", -INT64_MAX, as_of, 0);
	add(&d);
	d = deal("Ann", INT64_MAX, as_of, SALES_PPM);
	add(&d);
	ck_assert_int_eq(try_write(), SALES_EDATA);
	ck_assert_str_eq(sales_forecast_error(fc),
	    "weighted amount beyond the range of 64-bit cents");
}
END_TEST

/* Each group's weighted amount fits, the Total's does not. */
START_TEST(test_overflow_weighted_total)
{
	struct sales_opp d;

	fo.total = 1;
	start();
	d = deal("Ann", INT64_MAX, as_of, SALES_PPM);
	add(&d);
	d = deal("Ann", -INT64_MAX, as_of, 0);
	add(&d);
	d = deal("Bob", INT64_MAX, as_of, SALES_PPM);
	add(&d);
	d = deal("Bob", -INT64_MAX, as_of, 0);
	add(&d);
	ck_assert_int_eq(try_write(), SALES_EDATA);
	ck_assert_str_eq(sales_forecast_error(fc),
	    "weighted amount beyond the range of 64-bit cents");
	/* Checked before any row: Ann's row, which fits, is not out. */
	ck_assert_str_eq(text, HEAD_OWNER);
}
END_TEST

/*
 * Many groups: the group table grows while deals come in, and deals of
 * a group seen before still find it.
 */
#define NOWNERS	50000

START_TEST(test_many_groups)
{
	static const char first[] =
	    "rep00000,30,2,2.01,1.01,0.00,0.00,0,0.00,,1.01,,,\n";
	static const char end[] =
	    "rep49999,30,0,0.00,0.00,0.00,0.00,0,0.00,,0.00,,,\n"
	    "Total,30,75000,75375.00,37687.50,0.00,0.00,0,0.00,,37687.50,,,\n";
	char owner[32];
	struct sales_opp d;
	const char *p;
	size_t lines = 0;
	int i, k, pass;

	fo.total = 1;
	start();
	for (pass = 0; pass < 2; pass++) {
		/* Descending, so the output order is not the input order. */
		for (i = 0; i < NOWNERS; i++) {
			k = NOWNERS - 1 - i;
			snprintf(owner, sizeof(owner), "rep%05d", k);
			/* Owners with k % 40 >= 30 close beyond the horizon. */
			d = deal(owner, 100 + pass, as_of + k % 40, PCT(50));
			add(&d);
		}
	}
	output();
	for (p = text; *p != '\0'; p++)
		if (*p == '\n')
			lines++;
	ck_assert_uint_eq(lines, 1 + NOWNERS + 1);

	p = strchr(text, '\n') + 1;
	ck_assert_msg(strncmp(p, first, strlen(first)) == 0, "first: %.60s",
	    p);
	/*
	 * 37,500 owners in the horizon, two deals each.  The Total is
	 * rounded from the exact sum (37,500 x 100.5 cents), not summed
	 * from the rounded cells (37,500 x 1.01).
	 */
	ck_assert_uint_ge(strlen(text), strlen(end));
	ck_assert_str_eq(text + strlen(text) - strlen(end), end);

	ck_assert_ptr_nonnull(strstr(text,
	    "\nrep00029,30,2,2.01,1.01,0.00,0.00,0,0.00,,1.01,,,\n"
	    "rep00030,30,0,0.00,0.00,0.00,0.00,0,0.00,,0.00,,,\n"));
}
END_TEST

/*
 * Partial forecasts (--partial / --merge): the exact sums as CSV, read
 * back into a forecast that writes the same report.
 */

#define PART_HEAD	"as_of,owner,overdue_deals,overdue_amount," \
	"unscheduled_deals,unscheduled_amount,deals_30,pipeline_30," \
	"weighted_ppm_30,commit_30,best_case_30,deals_60,pipeline_60," \
	"weighted_ppm_60,commit_60,best_case_60\n"
#define PART_ANN	"2026-01-01,Ann,0,0.00,1,7.00,1,100.00,3333330000," \
	"0.00,0.00,2,150.00,3833330000,50.00,50.00\n"
#define PART_BOB	"2026-01-01,Bob,1,20.00,0,0.00,0,0.00,0,0.00,0.00," \
	"0,0.00,0,0.00,0.00\n"

/* Two owners, two horizons: a third, a commit, overdue, unscheduled. */
static void
partial_deals(void)
{
	struct sales_opp d;

	fo.horizons[1] = 60;
	fo.nhorizons = 2;
	start();
	d = deal("Ann", 10000, as_of + 10, 333333);
	add(&d);
	d = deal("Ann", 5000, as_of + 40, PCT(10));
	d.fcat = SALES_FCAT_COMMIT;
	add(&d);
	d = deal("Bob", 2000, as_of - 1, PCT(50));
	add(&d);
	d = deal("Bob", 700, SALES_DATE_NONE, PCT(50));
	add(&d);
}

/* The partial of fc, as CSV text (freed by the caller). */
static char *
partial_text(struct sales_forecast *f)
{
	struct sales_out *o;
	char *t = NULL;
	size_t size;
	FILE *fp = open_memstream(&t, &size);

	ck_assert_ptr_nonnull(fp);
	o = sales_out_new(fp, SALES_FMT_CSV, 0);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(sales_forecast_write_partial(f, o), SALES_OK);
	ck_assert_int_eq(sales_out_finish(o), SALES_OK);
	sales_out_free(o);
	ck_assert_int_eq(fclose(fp), 0);
	return t;
}

/*
 * Adds the rows of partial text in into f (options from its header, as
 * of f's date).  Returns the first failure, SALES_OK, or SALES_EUSAGE
 * when the header is not a partial's.
 */
static int
partial_read(const char *in, struct sales_forecast **f)
{
	struct sales_forecast_options po = fo;
	const struct sales_row *hdr, *row;
	struct sales_csv *csv;
	const char *why;
	FILE *fp = fmemopen((void *)(uintptr_t)in, strlen(in), "r");
	int rc;

	ck_assert_ptr_nonnull(fp);
	csv = sales_csv_open(fp, "p.csv", NULL);
	ck_assert_ptr_nonnull(csv);
	ck_assert_int_eq(sales_csv_header(csv, &hdr), SALES_OK);
	if (sales_forecast_partial_options(hdr, &po, &why) != SALES_OK) {
		sales_csv_close(csv);
		fclose(fp);
		return SALES_EUSAGE;
	}
	if (*f == NULL) {
		*f = sales_forecast_new(&po);
		ck_assert_ptr_nonnull(*f);
	}
	while ((rc = sales_csv_next(csv, &row)) == SALES_OK)
		if ((rc = sales_forecast_add_partial(*f, row)) != SALES_OK)
			break;
	sales_csv_close(csv);
	fclose(fp);
	return rc == SALES_EOF ? SALES_OK : rc;
}

START_TEST(test_partial_exact)
{
	char *t;

	partial_deals();
	t = partial_text(fc);
	ck_assert_str_eq(t, PART_HEAD PART_ANN PART_BOB);
	free(t);
}
END_TEST

/* Written, read back, merged twice: the report of the sums doubled. */
START_TEST(test_partial_round_trip)
{
	struct sales_forecast *g = NULL, *twice;
	char *t, *want;
	uint64_t n;
	int64_t amount;

	partial_deals();
	t = partial_text(fc);
	want = strdup(output());
	ck_assert_int_eq(partial_read(t, &g), SALES_OK);
	sales_forecast_free(fc);
	fc = g;
	free(text);
	text = NULL;
	ck_assert_str_eq(output(), want);
	sales_forecast_unscheduled(fc, &n, &amount);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(amount, 700);
	/* Two shards with the same deals: every sum doubles. */
	twice = fc;
	ck_assert_int_eq(partial_read(t, &twice), SALES_OK);
	free(text);
	text = NULL;
	ck_assert_str_eq(output(), "owner,horizon,deals,pipeline,weighted,"
	    "commit,best_case,overdue_deals,overdue_amount,new_business,"
	    "expected,p10,p50,p90\n"
	    "Ann,30,2,200.00,66.67,0.00,0.00,0,0.00,,66.67,,,\n"
	    "Ann,60,4,300.00,76.67,100.00,100.00,0,0.00,,76.67,,,\n"
	    "Bob,30,0,0.00,0.00,0.00,0.00,2,40.00,,0.00,,,\n"
	    "Bob,60,0,0.00,0.00,0.00,0.00,2,40.00,,0.00,,,\n");
	sales_forecast_unscheduled(fc, &n, &amount);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(amount, 1400);
	free(want);
	free(t);
}
END_TEST

static const char *const partial_bad_head[] = {
	"owner,deals_30\n",
	"as_of,owner,overdue_deals,overdue_amount,unscheduled_deals,"
	    "unscheduled_amount,deals_30,pipeline_30,weighted_ppm_30,"
	    "commit_30\n",
	"as_of,owner,overdue_deals,overdue_amount,unscheduled_deals,"
	    "unscheduled_amount,deals_60,pipeline_60,weighted_ppm_60,"
	    "commit_60,best_case_60,deals_30,pipeline_30,weighted_ppm_30,"
	    "commit_30,best_case_30\n",
	"as_of,owner,owner,overdue_deals,overdue_amount,unscheduled_deals,"
	    "unscheduled_amount,deals_30,pipeline_30,weighted_ppm_30,"
	    "commit_30,best_case_30\n",
	"as_of,owner,overdue_deals,overdue_amount,unscheduled_deals,"
	    "unscheduled_amount,deals_30,pipeline_30,weighted,commit_30,"
	    "best_case_30\n",
	"as_of,owner,overdue_deals,overdue_amount,unscheduled_deals,"
	    "unscheduled_amount,deals_0,pipeline_0,weighted_ppm_0,commit_0,"
	    "best_case_0\n",
};

START_TEST(test_partial_bad_header)
{
	struct sales_forecast *g = NULL;

	ck_assert_int_eq(partial_read(partial_bad_head[_i], &g), SALES_EUSAGE);
	ck_assert_ptr_null(g);
}
END_TEST

/* A header with no group column and one horizon: --by none. */
START_TEST(test_partial_header_none)
{
	static const char in[] = "as_of,overdue_deals,overdue_amount,"
	    "unscheduled_deals,unscheduled_amount,deals_7,pipeline_7,"
	    "weighted_ppm_7,commit_7,best_case_7\n"
	    "2026-01-01,0,0.00,0,0.00,1,5.00,2500000,0.00,5.00\n";

	ck_assert_int_eq(partial_read(in, &fc), SALES_OK);
	ck_assert_str_eq(output(), "horizon,deals,pipeline,weighted,commit,"
	    "best_case,overdue_deals,overdue_amount,new_business,expected,"
	    "p10,p50,p90\n7,1,5.00,0.03,0.00,5.00,0,0.00,,0.03,,,\n");
}
END_TEST

static const struct {
	const char	*row;
	const char	*msg;
} partial_bad_row[] = {
	{ "2026-01-02,Ann,0,0.00,0,0.00,0,0.00,0,0.00,0.00,0,0.00,0,0.00,0.00",
	    "a partial made as of 2026-01-02, not 2026-01-01 (--as-of)" },
	{ "2026-01-01,Ann,0,0.00,0,0.00,x,0.00,0,0.00,0.00,0,0.00,0,0.00,0.00",
	    "deals_30: \"x\" is not a count" },
	{ "2026-01-01,Ann,-1,0.00,0,0.00,0,0.00,0,0.00,0.00,0,0.00,0,0.00,0.00",
	    "overdue_deals: \"-1\" is not a count" },
	{ "2026-01-01,Ann,0,0.00,0,0.00,0,1.234,0,0.00,0.00,0,0.00,0,0.00,0.00",
	    "pipeline_30: \"1.234\" has more than 2 decimal places" },
	{ "2026-01-01,Ann,0,0.00,0,0.00,0,0.00,1e5,0.00,0.00,0,0.00,0,0.00,0.00",
	    "weighted_ppm_30: \"1e5\" is not a weighted sum in millionths of "
	    "a cent" },
	{ "2026-01-01,Ann,0,0.00,0,0.00,0,0.00,0,0.00,0.00,0,0.00,"
	    "99999999999999999999999999999999,0.00,0.00",
	    "weighted_ppm_60: \"99999999999999999999999999999999\" is not a "
	    "weighted sum in millionths of a cent" },
	{ "2026-01-01,Ann,0,0.00,0,0.00,9223372036854775807,0.00,0,0.00,0.00,"
	    "0,0.00,0,0.00,0.00\n"
	  "2026-01-01,Ann,0,0.00,0,0.00,1,0.00,0,0.00,0.00,0,0.00,0,0.00,0.00",
	    "amounts add up beyond the range of 64-bit cents" },
	{ "2026-01-01,Ann,0,0.00,0,0.00,0,92233720368547758.07,0,0.00,0.00,0,"
	    "0.00,0,0.00,0.00\n"
	  "2026-01-01,Ann,0,0.00,0,0.00,0,0.01,0,0.00,0.00,0,0.00,0,0.00,0.00",
	    "amounts add up beyond the range of 64-bit cents" },
};

START_TEST(test_partial_bad_row)
{
	char in[1024];
	int rc;

	fo.horizons[1] = 60;
	fo.nhorizons = 2;
	start();
	snprintf(in, sizeof(in), "%s%s\n", PART_HEAD, partial_bad_row[_i].row);
	rc = partial_read(in, &fc);
	ck_assert_int_eq(rc, SALES_EDATA);
	ck_assert_str_eq(sales_forecast_error(fc), partial_bad_row[_i].msg);
}
END_TEST

/* A row narrower than the header's own partial is refused as such. */
START_TEST(test_partial_row_width)
{
	struct sales_row row;
	char *fields[3] = { "2026-01-01", "Ann", "0" };
	size_t lens[3] = { 10, 3, 1 };

	start();
	row.nfields = 3;
	row.fields = fields;
	row.lens = lens;
	row.line = 2;
	ck_assert_int_eq(sales_forecast_add_partial(fc, &row), SALES_EDATA);
	ck_assert_str_eq(sales_forecast_error(fc),
	    "3 fields where the header has 11");
}
END_TEST

Suite *
forecast_suite(void)
{
	Suite *s = suite_create("forecast");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_group_parse, 0, NELEM(group_good));
	tcase_add_loop_test(tc, test_group_parse_bad, 0, NELEM(group_bad));
	tcase_add_test(tc, test_group_column);
	tcase_add_loop_test(tc, test_horizon_parse, 0, NELEM(horizon_good));
	tcase_add_loop_test(tc, test_horizon_parse_bad, 0,
	    NELEM(horizon_bad));
	suite_add_tcase(s, tc);

	tc = tcase_create("horizons");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_horizon_rule);
	tcase_add_test(tc, test_horizon_one_day);
	tcase_add_test(tc, test_unscheduled);
	tcase_add_test(tc, test_won_lost);
	suite_add_tcase(s, tc);

	tc = tcase_create("sums");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_zero_probability);
	tcase_add_test(tc, test_categories);
	tcase_add_test(tc, test_rounding);
	tcase_add_test(tc, test_negative);
	suite_add_tcase(s, tc);

	tc = tcase_create("total");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_total);
	tcase_add_test(tc, test_total_two_columns);
	tcase_add_test(tc, test_no_total);
	tcase_add_test(tc, test_no_groups);
	tcase_add_test(tc, test_empty_total);
	tcase_add_test(tc, test_no_groups_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("order");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sort_owner);
	tcase_add_test(tc, test_sort_two_columns);
	tcase_add_test(tc, test_key_boundaries);
	tcase_add_test(tc, test_all_group_kinds);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_overflow_pipeline);
	tcase_add_test(tc, test_overflow_negative);
	tcase_add_test(tc, test_overflow_overdue);
	tcase_add_test(tc, test_overflow_total);
	tcase_add_test(tc, test_overflow_weighted);
	tcase_add_test(tc, test_overflow_weighted_total);
	tcase_add_test(tc, test_many_groups);
	/* Fifty thousand groups take a moment under valgrind. */
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);

	tc = tcase_create("partial");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_partial_exact);
	tcase_add_test(tc, test_partial_round_trip);
	tcase_add_loop_test(tc, test_partial_bad_header, 0,
	    NELEM(partial_bad_head));
	tcase_add_test(tc, test_partial_header_none);
	tcase_add_loop_test(tc, test_partial_bad_row, 0,
	    NELEM(partial_bad_row));
	tcase_add_test(tc, test_partial_row_width);
	suite_add_tcase(s, tc);

	return s;
}
