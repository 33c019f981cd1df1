/*
 * check_date.c - unit tests for the date module: date shapes accepted and
 * rejected, the Gregorian leap rules, a round trip over every day of
 * years 1 to 9999, and reporting periods with and without a fiscal
 * year that starts late.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "sales.h"

#define MDY	SALES_DATE_MDY
#define DMY	SALES_DATE_DMY

/* Day numbers of the first and last valid dates. */
#define DAY_MIN	(-719162)
#define DAY_MAX	2932896

static const struct {
	const char		*in;
	enum sales_date_order	 order;
	int			 y, m, d;
} good[] = {
	{ "2026-03-05", MDY, 2026, 3, 5 },
	{ "2026-03-05", DMY, 2026, 3, 5 },
	{ " 2026-03-05\t", MDY, 2026, 3, 5 },
	{ "2026-03-05T14:15:33Z", MDY, 2026, 3, 5 },
	{ "2026-03-05T14:15:33.000+0000", MDY, 2026, 3, 5 },
	{ "2026-03-05T14:15:33-05:00", MDY, 2026, 3, 5 },
	{ "2026-03-05t14:15:33z", MDY, 2026, 3, 5 },
	{ "2026-03-05 14:15", MDY, 2026, 3, 5 },
	{ "2026-03-05 2:15 PM", MDY, 2026, 3, 5 },
	{ "2026-03-05 12:00 am", MDY, 2026, 3, 5 },
	{ "2024-02-29", MDY, 2024, 2, 29 },
	{ "2000-02-29", MDY, 2000, 2, 29 },
	{ "0001-01-01", MDY, 1, 1, 1 },
	{ "9999-12-31", MDY, 9999, 12, 31 },
	{ "3/5/2026", MDY, 2026, 3, 5 },
	{ "3/5/2026", DMY, 2026, 5, 3 },
	{ "03/05/2026", MDY, 2026, 3, 5 },
	{ "03/05/2026", DMY, 2026, 5, 3 },
	{ "12/31/2026", MDY, 2026, 12, 31 },
	{ "31/12/2026", DMY, 2026, 12, 31 },
	{ "13/1/2026", DMY, 2026, 1, 13 },
	{ "3/5/2026 2:15:33 PM", MDY, 2026, 3, 5 },
	{ "3/5/2026 14:15", DMY, 2026, 5, 3 },
	{ "\t3/5/2026 ", MDY, 2026, 3, 5 },
	{ "2/29/2024", MDY, 2024, 2, 29 },
	{ "1/1/0001", MDY, 1, 1, 1 },
};

static const struct {
	const char		*in;
	enum sales_date_order	 order;
	const char		*why;
} bad[] = {
	{ "", MDY, "is empty" },
	{ "  \t ", MDY, "is empty" },
	{ "2026-3-5", MDY, "is not a date" },
	{ "2026-03-5", MDY, "is not a date" },
	{ "2026-03-005", MDY, "is not a date" },
	{ "26-03-05", MDY, "is not a date" },
	{ "2026/03/05", MDY, "is not a date" },
	{ "20260305", MDY, "is not a date" },
	{ "x2026-03-05", MDY, "is not a date" },
	{ "2026-03-05x", MDY, "is not a date" },
	{ "2026-03-05T", MDY, "is not a date" },
	{ "2026-03-05Tnoon", MDY, "is not a date" },
	{ "2026-03-05  14:15", MDY, "is not a date" },
	{ "2026-03-05 14:15 UTC", MDY, "is not a date" },
	{ "2026-03-05T14:15:33Zjunk", MDY, "is not a date" },
	{ "2026-03-05 PM", MDY, "is not a date" },
	{ "3/5/26", MDY, "is not a date" },
	{ "3/5/026", MDY, "is not a date" },
	{ "3/5/20260", MDY, "is not a date" },
	{ "003/5/2026", MDY, "is not a date" },
	{ "3/005/2026", MDY, "is not a date" },
	{ "3//2026", MDY, "is not a date" },
	{ "/5/2026", MDY, "is not a date" },
	{ "3/5", MDY, "is not a date" },
	{ "3/5/", MDY, "is not a date" },
	{ "3-5-2026", MDY, "is not a date" },
	{ "3/5/2026T14:15", MDY, "is not a date" },
	{ "3/5/2026 noon", MDY, "is not a date" },
	{ "2026-13-01 garbage", MDY, "is not a date" },
	{ "today", MDY, "is not a date" },
	{ "2026-13-01", MDY, "is not a valid calendar date" },
	{ "2026-00-10", MDY, "is not a valid calendar date" },
	{ "2026-01-00", MDY, "is not a valid calendar date" },
	{ "2026-01-32", MDY, "is not a valid calendar date" },
	{ "2026-04-31", MDY, "is not a valid calendar date" },
	{ "2025-02-29", MDY, "is not a valid calendar date" },
	{ "1900-02-29", MDY, "is not a valid calendar date" },
	{ "0000-01-01", MDY, "is not a valid calendar date" },
	{ " 2025-02-29T10:00Z", MDY, "is not a valid calendar date" },
	{ "2/30/2026", MDY, "is not a valid calendar date" },
	{ "30/2/2026", DMY, "is not a valid calendar date" },
	{ "13/1/2026", MDY, "is not a valid calendar date" },
	{ "0/1/2026", MDY, "is not a valid calendar date" },
	{ "1/1/0000", MDY, "is not a valid calendar date" },
	{ "2/29/2025 1:00 PM", MDY, "is not a valid calendar date" },
};

/* Leap years and month lengths, including the century rules. */
static const struct {
	int	y, m, d;
	int	valid;
} calendar[] = {
	{ 2024, 2, 29, 1 },
	{ 2025, 2, 29, 0 },
	{ 2025, 2, 28, 1 },
	{ 2000, 2, 29, 1 },
	{ 1900, 2, 29, 0 },
	{ 2100, 2, 29, 0 },
	{ 1600, 2, 29, 1 },
	{ 4, 2, 29, 1 },
	{ 1, 1, 1, 1 },
	{ 0, 12, 31, 0 },
	{ 9999, 12, 31, 1 },
	{ 10000, 1, 1, 0 },
	{ 2026, 4, 30, 1 },
	{ 2026, 4, 31, 0 },
	{ 2026, 12, 31, 1 },
	{ 2026, 13, 1, 0 },
	{ 2026, 0, 1, 0 },
	{ 2026, 1, 0, 0 },
	{ 2026, 1, -1, 0 },
	{ -2026, 1, 1, 0 },
};

/* Day numbers checked against an independent implementation. */
static const struct {
	int	y, m, d;
	int32_t	day;
} known[] = {
	{ 1970, 1, 1, 0 },
	{ 1969, 12, 31, -1 },
	{ 1, 1, 1, DAY_MIN },
	{ 9999, 12, 31, DAY_MAX },
	{ 1600, 1, 1, -135140 },
	{ 1900, 3, 1, -25508 },
	{ 2000, 2, 29, 11016 },
	{ 2000, 3, 1, 11017 },
	{ 2024, 2, 29, 19782 },
	{ 2026, 3, 5, 20517 },
};

static const struct {
	const char	*in;
	int		 fiscal_start;
	const char	*first, *last;
} periods[] = {
	{ "2026-11", 1, "2026-11-01", "2026-11-30" },
	{ "2026-02", 1, "2026-02-01", "2026-02-28" },
	{ "2024-02", 1, "2024-02-01", "2024-02-29" },
	{ "2026-12", 1, "2026-12-01", "2026-12-31" },
	{ "2026-11", 2, "2026-11-01", "2026-11-30" },
	{ "2026-01", 7, "2026-01-01", "2026-01-31" },
	{ "2026-Q1", 1, "2026-01-01", "2026-03-31" },
	{ "2026-q1", 1, "2026-01-01", "2026-03-31" },
	{ "2026-Q2", 1, "2026-04-01", "2026-06-30" },
	{ "2026-Q4", 1, "2026-10-01", "2026-12-31" },
	{ "2026", 1, "2026-01-01", "2026-12-31" },
	{ " 2026 ", 1, "2026-01-01", "2026-12-31" },
	{ "2026", 2, "2026-02-01", "2027-01-31" },
	{ "2026-Q1", 2, "2026-02-01", "2026-04-30" },
	{ "2026-Q4", 2, "2026-11-01", "2027-01-31" },
	{ "2026", 7, "2026-07-01", "2027-06-30" },
	{ "2026-Q3", 7, "2027-01-01", "2027-03-31" },
	{ "2026-Q1", 12, "2026-12-01", "2027-02-28" },
	{ "2027-Q1", 12, "2027-12-01", "2028-02-29" },
	{ "2026-Q4", 12, "2027-09-01", "2027-11-30" },
	{ "2026-10-01..2026-12-31", 1, "2026-10-01", "2026-12-31" },
	{ "2026-10-01..2026-10-01", 1, "2026-10-01", "2026-10-01" },
	{ "10/1/2026..12/31/2026", 1, "2026-10-01", "2026-12-31" },
	{ "10/1/2026..2026-12-31", 5, "2026-10-01", "2026-12-31" },
	{ " 2026-10-01 .. 2026-12-31 ", 1, "2026-10-01", "2026-12-31" },
	{ "2026-10-01T00:00:00.000Z..2026-12-31 11:59 PM", 1, "2026-10-01",
	  "2026-12-31" },
	{ "0001", 1, "0001-01-01", "0001-12-31" },
	{ "0001-01", 1, "0001-01-01", "0001-01-31" },
	{ "9999", 1, "9999-01-01", "9999-12-31" },
	{ "9999-Q4", 1, "9999-10-01", "9999-12-31" },
	{ "9999-Q3", 2, "9999-08-01", "9999-10-31" },
};

static const struct {
	const char	*in;
	int		 fiscal_start;
	const char	*why;
} bad_periods[] = {
	{ "", 1, "is not a period" },
	{ "   ", 1, "is not a period" },
	{ "26", 1, "is not a period" },
	{ "20261", 1, "is not a period" },
	{ "2026-", 1, "is not a period" },
	{ "2026-1", 1, "is not a period" },
	{ "2026-13", 1, "is not a period" },
	{ "2026-00", 1, "is not a period" },
	{ "2026-11x", 1, "is not a period" },
	{ "2026-Q", 1, "is not a period" },
	{ "2026-Q0", 1, "is not a period" },
	{ "2026-Q5", 1, "is not a period" },
	{ "2026Q4", 1, "is not a period" },
	{ "2026-11-01", 1, "is not a period" },
	{ "Q4", 1, "is not a period" },
	{ "FY2026", 1, "is not a period" },
	{ "0000", 1, "is not a period" },
	{ "0000-01", 1, "is not a period" },
	{ "0000-Q1", 1, "is not a period" },
	{ "9999", 2, "is not a period" },
	{ "9999-Q4", 2, "is not a period" },
	{ "2026-10-01..", 1, "is not a period" },
	{ "..2026-12-31", 1, "is not a period" },
	{ "..", 1, "is not a period" },
	{ "2026-10-01...2026-12-31", 1, "is not a period" },
	{ "2026-10-01..2026-02-30", 1, "is not a period" },
	{ "2026-10-01..31/12/2026", 1, "is not a period" },
	{ "2026-10-01..2026-12-31..2027-01-31", 1, "is not a period" },
	{ "2026-12-31..2026-10-01", 1, "ends before it starts" },
	{ "2026-10-02..2026-10-01", 1, "ends before it starts" },
};

static const struct {
	const char		*day;
	enum sales_period_unit	 unit;
	int			 fiscal_start;
	const char		*first, *last;
} holders[] = {
	{ "2026-11-15", SALES_PERIOD_MONTH, 1, "2026-11-01", "2026-11-30" },
	{ "2024-02-10", SALES_PERIOD_MONTH, 5, "2024-02-01", "2024-02-29" },
	{ "2026-11-15", SALES_PERIOD_QUARTER, 1, "2026-10-01", "2026-12-31" },
	{ "2026-01-01", SALES_PERIOD_QUARTER, 1, "2026-01-01", "2026-03-31" },
	{ "2026-12-31", SALES_PERIOD_QUARTER, 1, "2026-10-01", "2026-12-31" },
	{ "2026-11-15", SALES_PERIOD_YEAR, 1, "2026-01-01", "2026-12-31" },
	{ "2027-01-15", SALES_PERIOD_YEAR, 2, "2026-02-01", "2027-01-31" },
	{ "2027-01-15", SALES_PERIOD_QUARTER, 2, "2026-11-01", "2027-01-31" },
	{ "2027-01-15", SALES_PERIOD_MONTH, 2, "2027-01-01", "2027-01-31" },
	{ "2027-02-01", SALES_PERIOD_YEAR, 2, "2027-02-01", "2028-01-31" },
	{ "2027-02-01", SALES_PERIOD_QUARTER, 2, "2027-02-01", "2027-04-30" },
	{ "2026-06-30", SALES_PERIOD_YEAR, 7, "2025-07-01", "2026-06-30" },
	{ "2026-07-01", SALES_PERIOD_YEAR, 7, "2026-07-01", "2027-06-30" },
	{ "2026-12-01", SALES_PERIOD_QUARTER, 12, "2026-12-01", "2027-02-28" },
	{ "2027-02-28", SALES_PERIOD_QUARTER, 12, "2026-12-01", "2027-02-28" },
	{ "2028-02-29", SALES_PERIOD_QUARTER, 12, "2027-12-01", "2028-02-29" },
	{ "0001-01-01", SALES_PERIOD_YEAR, 1, "0001-01-01", "0001-12-31" },
	{ "9999-12-31", SALES_PERIOD_QUARTER, 1, "9999-10-01", "9999-12-31" },
	/* A bad fiscal start is the caller's bug, read as January. */
	{ "2027-01-15", SALES_PERIOD_YEAR, 0, "2027-01-01", "2027-12-31" },
	{ "2027-01-15", SALES_PERIOD_QUARTER, 13, "2027-01-01", "2027-03-31" },
};

/* Parses an ISO date the tests know to be good. */
static int32_t
day_of(const char *s)
{
	const char *why = NULL;
	int32_t day = SALES_DATE_NONE;

	ck_assert_msg(sales_date_parse(s, strlen(s), MDY, &day, &why) ==
	    SALES_OK, "%s: %s", s, why ? why : "");
	return day;
}

START_TEST(test_parse_good)
{
	const char *why = NULL;
	int32_t day = SALES_DATE_NONE;
	int r;

	r = sales_date_parse(good[_i].in, strlen(good[_i].in), good[_i].order,
	    &day, &why);
	ck_assert_msg(r == SALES_OK, "\"%s\": %d %s", good[_i].in, r,
	    why ? why : "");
	ck_assert_int_eq(day, sales_date_from_ymd(good[_i].y, good[_i].m,
	    good[_i].d));
}
END_TEST

START_TEST(test_parse_bad)
{
	const char *why = NULL;
	int32_t day = 42;
	int r;

	r = sales_date_parse(bad[_i].in, strlen(bad[_i].in), bad[_i].order,
	    &day, &why);
	ck_assert_msg(r == SALES_EDATA, "\"%s\": %d (day %d)", bad[_i].in, r,
	    (int)day);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, bad[_i].why);
}
END_TEST

/* The value need not be NUL-terminated: only len bytes count. */
START_TEST(test_parse_len)
{
	const char *why = NULL;
	int32_t day;

	ck_assert_int_eq(sales_date_parse("2026-03-05junk", 10, MDY, &day,
	    &why), SALES_OK);
	ck_assert_int_eq(day, 20517);
	ck_assert_int_eq(sales_date_parse("3/5/20261", 8, MDY, &day, &why),
	    SALES_OK);
	ck_assert_int_eq(day, 20517);
	ck_assert_int_eq(sales_date_parse("2026-03-05", 9, MDY, &day, &why),
	    SALES_EDATA);
	ck_assert_str_eq(why, "is not a date");
	ck_assert_int_eq(sales_date_parse("2026", 0, MDY, &day, &why),
	    SALES_EDATA);
	ck_assert_str_eq(why, "is empty");
}
END_TEST

START_TEST(test_valid)
{
	ck_assert_int_eq(sales_date_valid(calendar[_i].y, calendar[_i].m,
	    calendar[_i].d), calendar[_i].valid);
}
END_TEST

START_TEST(test_known)
{
	int y, m, d;

	ck_assert_int_eq(sales_date_from_ymd(known[_i].y, known[_i].m,
	    known[_i].d), known[_i].day);
	sales_date_to_ymd(known[_i].day, &y, &m, &d);
	ck_assert_int_eq(y, known[_i].y);
	ck_assert_int_eq(m, known[_i].m);
	ck_assert_int_eq(d, known[_i].d);
}
END_TEST

/* A year has 366 days exactly when the Gregorian rule says leap. */
START_TEST(test_leap_years)
{
	int y, leap;

	for (y = 1; y <= 9999; y++) {
		leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		if (sales_date_from_ymd(y + 1, 1, 1) -
		    sales_date_from_ymd(y, 1, 1) != 365 + leap)
			ck_abort_msg("year %d has the wrong length", y);
		if (sales_date_valid(y, 2, 29) != leap)
			ck_abort_msg("%d-02-29 validity is wrong", y);
	}
}
END_TEST

/*
 * The library relies on from_ymd carrying months into years and days
 * across months ("the first of the month after, minus one").
 */
START_TEST(test_carry)
{
	ck_assert_int_eq(sales_date_from_ymd(2026, 13, 1),
	    sales_date_from_ymd(2027, 1, 1));
	ck_assert_int_eq(sales_date_from_ymd(2026, 0, 1),
	    sales_date_from_ymd(2025, 12, 1));
	ck_assert_int_eq(sales_date_from_ymd(2026, -11, 1),
	    sales_date_from_ymd(2025, 1, 1));
	ck_assert_int_eq(sales_date_from_ymd(2026, 25, 1),
	    sales_date_from_ymd(2028, 1, 1));
	ck_assert_int_eq(sales_date_from_ymd(2026, 3, 0),
	    sales_date_from_ymd(2026, 2, 28));
	ck_assert_int_eq(sales_date_from_ymd(2024, 2, 30),
	    sales_date_from_ymd(2024, 3, 1));
}
END_TEST

/*
 * Every valid day: to_ymd and from_ymd agree, days follow each other,
 * and both written forms parse back to the same day.  Plain checks with
 * a single ck_abort_msg keep the loop fast in fork mode.
 */
START_TEST(test_roundtrip)
{
	char buf[SALES_DATE_BUFSZ], us[16], eu[16];
	const char *why;
	int32_t day, back;
	int y, m, d, py = 1, pm = 1, pd = 0;

	for (day = DAY_MIN; day <= DAY_MAX; day++) {
		sales_date_to_ymd(day, &y, &m, &d);
		if (!sales_date_valid(y, m, d) ||
		    sales_date_from_ymd(y, m, d) != day)
			ck_abort_msg("day %d -> %d-%d-%d", (int)day, y, m, d);
		/* The next day of the same month, or the first of the next. */
		if (!(y == py && m == pm && d == pd + 1) && !(d == 1 &&
		    ((y == py && m == pm + 1) || (y == py + 1 && m == 1 &&
		    pm == 12))))
			ck_abort_msg("%d-%d-%d follows %d-%d-%d", y, m, d,
			    py, pm, pd);
		py = y;
		pm = m;
		pd = d;

		sales_date_format(day, buf);
		why = NULL;
		if (strlen(buf) != 10 ||
		    sales_date_parse(buf, 10, MDY, &back, &why) != SALES_OK ||
		    back != day)
			ck_abort_msg("day %d -> \"%s\" -> %d %s", (int)day, buf,
			    (int)back, why ? why : "");
		if (day % 7 != 0)
			continue;
		snprintf(us, sizeof(us), "%d/%d/%04d", m, d, y);
		snprintf(eu, sizeof(eu), "%02d/%02d/%04d", d, m, y);
		if (sales_date_parse(us, strlen(us), MDY, &back, &why) !=
		    SALES_OK || back != day ||
		    sales_date_parse(eu, strlen(eu), DMY, &back, &why) !=
		    SALES_OK || back != day)
			ck_abort_msg("day %d: \"%s\" or \"%s\"", (int)day, us, eu);
	}
	ck_assert_int_eq(py, 9999);
	ck_assert_int_eq(pm, 12);
	ck_assert_int_eq(pd, 31);
}
END_TEST

START_TEST(test_format)
{
	char buf[SALES_DATE_BUFSZ];

	ck_assert_ptr_eq(sales_date_format(0, buf), buf);
	ck_assert_str_eq(buf, "1970-01-01");
	ck_assert_str_eq(sales_date_format(-1, buf), "1969-12-31");
	ck_assert_str_eq(sales_date_format(20517, buf), "2026-03-05");
	ck_assert_str_eq(sales_date_format(DAY_MIN, buf), "0001-01-01");
	ck_assert_str_eq(sales_date_format(DAY_MAX, buf), "9999-12-31");
	ck_assert_str_eq(sales_date_format(sales_date_from_ymd(999, 7, 4),
	    buf), "0999-07-04");
	ck_assert_str_eq(sales_date_format(SALES_DATE_NONE, buf), "");
	/* Outside years 1..9999 there is no "YYYY-MM-DD" to write. */
	ck_assert_str_eq(sales_date_format(DAY_MIN - 1, buf), "");
	ck_assert_str_eq(sales_date_format(DAY_MAX + 1, buf), "");
	ck_assert_str_eq(sales_date_format(INT32_MAX, buf), "");
}
END_TEST

START_TEST(test_today)
{
	int32_t day = SALES_DATE_NONE;
	long utc = (long)(time(NULL) / 86400);

	ck_assert_int_eq(sales_date_today(&day), SALES_OK);
	/* Local time is at most a day away from UTC. */
	ck_assert_int_ge(day, utc - 1);
	ck_assert_int_le(day, utc + 1);
}
END_TEST

START_TEST(test_period_good)
{
	struct sales_period p = { 0, 0 };
	const char *why = NULL;
	char a[SALES_DATE_BUFSZ], b[SALES_DATE_BUFSZ];
	int r;

	r = sales_period_parse(periods[_i].in, periods[_i].fiscal_start, &p,
	    &why);
	ck_assert_msg(r == SALES_OK, "\"%s\": %d %s", periods[_i].in, r,
	    why ? why : "");
	ck_assert_str_eq(sales_date_format(p.first, a), periods[_i].first);
	ck_assert_str_eq(sales_date_format(p.last, b), periods[_i].last);
}
END_TEST

START_TEST(test_period_bad)
{
	struct sales_period p = { 0, 0 };
	const char *why = NULL;
	int r;

	r = sales_period_parse(bad_periods[_i].in,
	    bad_periods[_i].fiscal_start, &p, &why);
	ck_assert_msg(r == SALES_EDATA, "\"%s\": %d", bad_periods[_i].in, r);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, bad_periods[_i].why);
}
END_TEST

/* A fiscal start outside 1..12 is the caller's bug, not bad data. */
START_TEST(test_period_usage)
{
	static const int starts[] = { 0, 13, -1, 100 };
	struct sales_period p;
	const char *why = NULL;
	size_t i;

	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
		ck_assert_int_eq(sales_period_parse("2026", starts[i], &p,
		    &why), SALES_EUSAGE);
		ck_assert_str_eq(why, "has a fiscal start that is not a month");
	}
}
END_TEST

START_TEST(test_period_of)
{
	struct sales_period p;
	char a[SALES_DATE_BUFSZ], b[SALES_DATE_BUFSZ];

	sales_period_of(day_of(holders[_i].day), holders[_i].unit,
	    holders[_i].fiscal_start, &p);
	ck_assert_str_eq(sales_date_format(p.first, a), holders[_i].first);
	ck_assert_str_eq(sales_date_format(p.last, b), holders[_i].last);
}
END_TEST

/*
 * For every fiscal start and every day of six years: the period holding
 * a day contains it, has a sane length, and is what its name parses to.
 */
START_TEST(test_period_names)
{
	static const enum sales_period_unit units[] = {
		SALES_PERIOD_MONTH, SALES_PERIOD_QUARTER, SALES_PERIOD_YEAR
	};
	static const int shortest[] = { 28, 89, 365 };
	static const int longest[] = { 31, 92, 366 };
	struct sales_period p, q;
	const char *why;
	char name[16];
	int32_t day, first = sales_date_from_ymd(2023, 1, 1);
	int days = sales_date_from_ymd(2029, 1, 1) - first;
	int i, fs, u, y, m, d, fy, len;

	for (i = 0; i < 12 * 3 * days; i++) {
		fs = i / (3 * days) + 1;
		u = i / days % 3;
		day = first + i % days;
		sales_period_of(day, units[u], fs, &p);
		len = p.last - p.first + 1;
		if (p.first > day || p.last < day || len < shortest[u] ||
		    len > longest[u])
			ck_abort_msg("fs %d unit %d day %d: %d..%d", fs, u,
			    (int)day, (int)p.first, (int)p.last);
		sales_date_to_ymd(p.first, &y, &m, &d);
		fy = m >= fs ? y : y - 1;
		if (units[u] == SALES_PERIOD_MONTH)
			snprintf(name, sizeof(name), "%04d-%02d", y, m);
		else if (units[u] == SALES_PERIOD_QUARTER)
			snprintf(name, sizeof(name), "%04d-Q%d", fy,
			    (m - fs + 12) % 12 / 3 + 1);
		else
			snprintf(name, sizeof(name), "%04d", fy);
		why = NULL;
		if (d != 1 || sales_period_parse(name, fs, &q, &why) !=
		    SALES_OK || q.first != p.first || q.last != p.last)
			ck_abort_msg("fs %d: \"%s\" is not %d..%d (%s)", fs,
			    name, (int)p.first, (int)p.last, why ? why : "");
	}
}
END_TEST

#define LOOP(tc, fn, table) \
	tcase_add_loop_test(tc, fn, 0, sizeof(table) / sizeof(table[0]))

Suite *
date_suite(void)
{
	Suite *s = suite_create("date");
	TCase *tc;

	tc = tcase_create("parse");
	LOOP(tc, test_parse_good, good);
	tcase_add_test(tc, test_parse_len);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	LOOP(tc, test_parse_bad, bad);
	suite_add_tcase(s, tc);

	tc = tcase_create("calendar");
	LOOP(tc, test_valid, calendar);
	LOOP(tc, test_known, known);
	tcase_add_test(tc, test_leap_years);
	tcase_add_test(tc, test_carry);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_today);
	suite_add_tcase(s, tc);

	/* 3.65 million days: give sanitizer builds time. */
	tc = tcase_create("roundtrip");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("periods");
	tcase_set_timeout(tc, 60);
	LOOP(tc, test_period_good, periods);
	LOOP(tc, test_period_bad, bad_periods);
	tcase_add_test(tc, test_period_usage);
	LOOP(tc, test_period_of, holders);
	tcase_add_test(tc, test_period_names);
	suite_add_tcase(s, tc);
	return s;
}
