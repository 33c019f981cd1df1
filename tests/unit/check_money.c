/*
 * check_money.c - unit tests for the money module: every accepted and
 * rejected shape of an amount, the int64 limits, formatting, and
 * weighting by parts per million.
 */
#include <stdint.h>
#include <string.h>

#include <check.h>

#include "sales.h"

#define DC	SALES_MONEY_DECIMAL_COMMA

static const struct {
	const char	*in;
	int		 flags;
	int64_t		 cents;
} good[] = {
	/* Plain numbers, the fast path. */
	{ "0", 0, 0 },
	{ "0.0", 0, 0 },
	{ "-0", 0, 0 },
	{ "12", 0, 1200 },
	{ "-12", 0, -1200 },
	{ "1234.5", 0, 123450 },
	{ "1234.50", 0, 123450 },
	{ "-1234.50", 0, -123450 },
	{ "45362.12", 0, 4536212 },
	{ "0.10", 0, 10 },
	{ ".5", 0, 50 },
	{ "-.5", 0, -50 },
	{ "1234567890123456", 0, 123456789012345600 },
	/* Signs, zeros and decimals the fast path leaves alone. */
	{ "+12", 0, 1200 },
	{ "+.05", 0, 5 },
	{ "12.500", 0, 1250 },
	{ "12.5000000", 0, 1250 },
	{ "00012", 0, 1200 },
	{ "0000000000000000000000012.34", 0, 1234 },
	{ "12345678901234567", 0, 1234567890123456700 },
	{ "  12.30\t", 0, 1230 },
	{ "\t-7 ", 0, -700 },
	/* Thousands grouping. */
	{ "1,234.50", 0, 123450 },
	{ "1,234", 0, 123400 },
	{ "12,345,678.90", 0, 1234567890 },
	{ "123,456", 0, 12345600 },
	{ "-1,000", 0, -100000 },
	/* Currency symbols and codes, before or after. */
	{ "$1,234.50", 0, 123450 },
	{ "$5", 0, 500 },
	{ "-$5.00", 0, -500 },
	{ "$-5.00", 0, -500 },
	{ "+$5", 0, 500 },
	{ "$ 5", 0, 500 },
	{ "USD 1234.50", 0, 123450 },
	{ "USD1234.50", 0, 123450 },
	{ "1234.50 USD", 0, 123450 },
	{ "1234.50USD", 0, 123450 },
	{ "EUR -3.00", 0, -300 },
	{ "-5 USD", 0, -500 },
	{ "-USD 5", 0, -500 },
	{ "12 \xe2\x82\xac", 0, 1200 },
	{ "12\xe2\x82\xac", 0, 1200 },
	{ "\xe2\x82\xac" "12", 0, 1200 },
	{ "12\xc2\xa0\xe2\x82\xac", 0, 1200 },
	{ "\xc2\xa3" "5", 0, 500 },
	{ "\xc2\xa5" "1000", 0, 100000 },
	{ "1,234.50 \xc2\xa3", 0, 123450 },
	/* Accounting negatives. */
	{ "(1,234.50)", 0, -123450 },
	{ "($1,234.50)", 0, -123450 },
	{ "(1,234.50 USD)", 0, -123450 },
	{ "(5)", 0, -500 },
	{ "( 5 )", 0, -500 },
	{ " (0.01) ", 0, -1 },
	/* A decimal comma. */
	{ "1.234,50 \xe2\x82\xac", DC, 123450 },
	{ "1 234,50", DC, 123450 },
	{ "1\xc2\xa0" "234,50", DC, 123450 },
	{ "1\xe2\x80\xaf" "234,50 \xe2\x82\xac", DC, 123450 },
	{ "-3,5", DC, -350 },
	{ "3", DC, 300 },
	{ ",5", DC, 50 },
	{ "1.234", DC, 123400 },
	{ "1.234.567", DC, 123456700 },
	{ "1 234 567,89", DC, 123456789 },
	{ "1 234 \xe2\x82\xac", DC, 123400 },
	{ "EUR 1.234,50", DC, 123450 },
	{ "(1.234,50)", DC, -123450 },
	{ "12,500", DC, 1250 },
};

static const struct {
	const char	*in;
	int		 flags;
	const char	*why;
} bad[] = {
	{ "", 0, "is empty" },
	{ "   ", 0, "is empty" },
	{ "\t \t", 0, "is empty" },
	{ "12x", 0, "is not an amount" },
	{ "x12", 0, "is not an amount" },
	{ "$", 0, "is not an amount" },
	{ "-", 0, "is not an amount" },
	{ "+", 0, "is not an amount" },
	{ ".", 0, "is not an amount" },
	{ "5.", 0, "is not an amount" },
	{ "-.", 0, "is not an amount" },
	{ "1.2.3", 0, "is not an amount" },
	{ "1,2", 0, "is not an amount" },
	{ "1,23.00", 0, "is not an amount" },
	{ "1,2345", 0, "is not an amount" },
	{ "1,234,5", 0, "is not an amount" },
	{ "1234,567", 0, "is not an amount" },
	{ ",123", 0, "is not an amount" },
	{ "1,,234", 0, "is not an amount" },
	{ "--5", 0, "is not an amount" },
	{ "-+5", 0, "is not an amount" },
	{ "- 5", 0, "is not an amount" },
	{ "5 -", 0, "is not an amount" },
	{ "1234.50-", 0, "is not an amount" },
	{ "(5", 0, "is not an amount" },
	{ "5)", 0, "is not an amount" },
	{ "(-5)", 0, "is not an amount" },
	{ "-(5)", 0, "is not an amount" },
	{ "()", 0, "is not an amount" },
	{ "N/A", 0, "is not an amount" },
	{ "NAN", 0, "is not an amount" },
	{ "nan", 0, "is not an amount" },
	{ "1e5", 0, "is not an amount" },
	{ "1E5", 0, "is not an amount" },
	{ "12 34", 0, "is not an amount" },
	{ "1 234", 0, "is not an amount" },
	{ "1 234,50", 0, "is not an amount" },
	{ "$$5", 0, "is not an amount" },
	{ "$5$", 0, "is not an amount" },
	{ "$5 USD", 0, "is not an amount" },
	{ "USD 5 EUR", 0, "is not an amount" },
	{ "USD", 0, "is not an amount" },
	{ "usd 5", 0, "is not an amount" },
	{ "5 EURO", 0, "is not an amount" },
	{ "US$5", 0, "is not an amount" },
	{ "0x10", 0, "is not an amount" },
	{ "12.505x", 0, "is not an amount" },
	{ "99999999999999999999x", 0, "is not an amount" },
	{ "12.505", 0, "has more than 2 decimal places" },
	{ "12.5051", 0, "has more than 2 decimal places" },
	{ "0.001", 0, "has more than 2 decimal places" },
	{ "$1,234.567", 0, "has more than 2 decimal places" },
	{ "1,234.5", DC, "is not an amount" },
	{ "1.23", DC, "is not an amount" },
	{ "1.234 567,00", DC, "is not an amount" },
	{ "1\t234,50", DC, "is not an amount" },
	{ "1,2,3", DC, "is not an amount" },
	{ "1,234", DC, "has more than 2 decimal places" },
};

/* The edges of int64_t cents, reached or passed in every shape. */
static const struct {
	const char	*in;
	int		 flags;
	int64_t		 cents;		/* when why is NULL */
	const char	*why;
} limits[] = {
	{ "92233720368547758.07", 0, INT64_MAX, NULL },
	{ "-92233720368547758.08", 0, INT64_MIN, NULL },
	{ "-92233720368547758.07", 0, INT64_MIN + 1, NULL },
	{ "(92233720368547758.08)", 0, INT64_MIN, NULL },
	{ "92,233,720,368,547,758.07", 0, INT64_MAX, NULL },
	{ "$92233720368547758.07 USD", 0, 0, "is not an amount" },
	{ "USD -92233720368547758.08", 0, INT64_MIN, NULL },
	{ "-92233720368547758.0800", 0, INT64_MIN, NULL },
	{ "-92.233.720.368.547.758,08", DC, INT64_MIN, NULL },
	{ "92233720368547758", 0, 9223372036854775800, NULL },
	{ "9999999999999999", 0, 999999999999999900, NULL },
	{ "99999999999999999", 0, 0, "is out of range" },
	{ "92233720368547758.08", 0, 0, "is out of range" },
	{ "92233720368547758.1", 0, 0, "is out of range" },
	{ "-92233720368547758.09", 0, 0, "is out of range" },
	{ "(92233720368547758.09)", 0, 0, "is out of range" },
	{ "92233720368547759", 0, 0, "is out of range" },
	{ "18446744073709551616", 0, 0, "is out of range" },
	{ "99999999999999999999", 0, 0, "is out of range" },
	{ "1,000,000,000,000,000,000.00", 0, 0, "is out of range" },
	{ "-999999999999999999999999999999", 0, 0, "is out of range" },
	{ "92233720368547758.085", 0, 0, "has more than 2 decimal places" },
};

static const struct {
	int64_t		 cents;
	const char	*text;
} formats[] = {
	{ 0, "0.00" },
	{ 5, "0.05" },
	{ -5, "-0.05" },
	{ 10, "0.10" },
	{ -99, "-0.99" },
	{ 100, "1.00" },
	{ -100, "-1.00" },
	{ 123450, "1234.50" },
	{ -123450, "-1234.50" },
	{ 4536212, "45362.12" },
	{ INT64_MAX, "92233720368547758.07" },
	{ INT64_MIN, "-92233720368547758.08" },
	{ INT64_MIN + 1, "-92233720368547758.07" },
};

static const struct {
	int64_t	cents;
	int32_t	ppm;
	int64_t	want;
} scales[] = {
	{ 1, 500000, 1 },
	{ -1, 500000, -1 },
	{ 1, 499999, 0 },
	{ -1, 499999, 0 },
	{ 3, 333333, 1 },
	{ 2, 250000, 1 },
	{ -2, 250000, -1 },
	{ 100, 123456, 12 },
	{ 100, 125000, 13 },
	{ -100, 125000, -13 },
	{ 123456, 250000, 30864 },
	{ 10000, 333333, 3333 },
	{ 7, 1000000, 7 },
	{ 0, 500000, 0 },
	{ INT64_MAX, 0, 0 },
	{ INT64_MAX, 1, 9223372036855 },
	{ INT64_MAX, 1000000, INT64_MAX },
	{ INT64_MIN, 1000000, INT64_MIN },
	{ INT64_MAX, 500000, 4611686018427387904 },
	{ INT64_MIN, 500000, -4611686018427387904 },
	{ INT64_MAX, 999999, 9223362813482738952 },
	{ INT64_MIN, 999999, -9223362813482738953 },
	{ INT64_MAX, 333333, 3074454271160912984 },
	/* Not probabilities: clamped to 0 and 1,000,000. */
	{ 100, -5, 0 },
	{ 100, 2000000, 100 },
	{ INT64_MIN, INT32_MAX, INT64_MIN },
};

START_TEST(test_parse_good)
{
	const char *why = NULL;
	int64_t cents = 42;
	int r;

	r = sales_money_parse(good[_i].in, strlen(good[_i].in),
	    good[_i].flags, &cents, &why);
	ck_assert_msg(r == SALES_OK, "\"%s\": %d %s", good[_i].in, r,
	    why ? why : "");
	ck_assert_msg(cents == good[_i].cents, "\"%s\": %jd, want %jd",
	    good[_i].in, (intmax_t)cents, (intmax_t)good[_i].cents);
}
END_TEST

START_TEST(test_parse_bad)
{
	const char *why = NULL;
	int64_t cents = 42;
	int r;

	r = sales_money_parse(bad[_i].in, strlen(bad[_i].in), bad[_i].flags,
	    &cents, &why);
	ck_assert_msg(r == SALES_EDATA, "\"%s\": %d (%jd)", bad[_i].in, r,
	    (intmax_t)cents);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, bad[_i].why);
}
END_TEST

START_TEST(test_limits)
{
	const char *why = NULL;
	int64_t cents = 42;
	int r;

	r = sales_money_parse(limits[_i].in, strlen(limits[_i].in),
	    limits[_i].flags, &cents, &why);
	if (limits[_i].why == NULL) {
		ck_assert_msg(r == SALES_OK, "\"%s\": %d %s", limits[_i].in, r,
		    why ? why : "");
		ck_assert_msg(cents == limits[_i].cents, "\"%s\": %jd",
		    limits[_i].in, (intmax_t)cents);
	} else {
		ck_assert_msg(r == SALES_EDATA, "\"%s\": %d (%jd)",
		    limits[_i].in, r, (intmax_t)cents);
		ck_assert_str_eq(why, limits[_i].why);
	}
}
END_TEST

/* The value need not be NUL-terminated: only len bytes count. */
START_TEST(test_parse_len)
{
	const char *why = NULL;
	int64_t cents;

	ck_assert_int_eq(sales_money_parse("12.345", 5, 0, &cents, &why),
	    SALES_OK);
	ck_assert_int_eq(cents, 1234);
	ck_assert_int_eq(sales_money_parse("$1,234.50 USD", 9, 0, &cents,
	    &why), SALES_OK);
	ck_assert_int_eq(cents, 123450);
	ck_assert_int_eq(sales_money_parse("5x", 1, 0, &cents, &why),
	    SALES_OK);
	ck_assert_int_eq(cents, 500);
	ck_assert_int_eq(sales_money_parse("5", 0, 0, &cents, &why),
	    SALES_EDATA);
	ck_assert_str_eq(why, "is empty");
	ck_assert_int_eq(sales_money_parse("1\xe2\x82\xac", 3, 0, &cents,
	    &why), SALES_EDATA);
	ck_assert_str_eq(why, "is not an amount");
}
END_TEST

START_TEST(test_format)
{
	char buf[SALES_MONEY_BUFSZ];
	const char *why = NULL;
	int64_t back;

	ck_assert_ptr_eq(sales_money_format(formats[_i].cents, buf), buf);
	ck_assert_str_eq(buf, formats[_i].text);
	/* What we write, we read back. */
	ck_assert_int_eq(sales_money_parse(buf, strlen(buf), 0, &back, &why),
	    SALES_OK);
	ck_assert_int_eq(back, formats[_i].cents);
}
END_TEST

/* format then parse, over values spread across the whole int64 range. */
START_TEST(test_format_roundtrip)
{
	char buf[SALES_MONEY_BUFSZ];
	const char *why = NULL;
	uint64_t x = 88172645463325252ULL;
	int64_t v, back;
	int i;

	for (i = 0; i < 200000; i++) {
		/* xorshift64: a fixed, repeatable spread of bit patterns. */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v = (int64_t)(x >> (i % 64));
		if (i % 2)
			v = -v;
		sales_money_format(v, buf);
		if (sales_money_parse(buf, strlen(buf), 0, &back, &why) !=
		    SALES_OK || back != v)
			ck_abort_msg("%jd -> \"%s\" -> %jd", (intmax_t)v, buf,
			    (intmax_t)back);
	}
}
END_TEST

START_TEST(test_scale)
{
	int64_t got;

	got = sales_money_scale_ppm(scales[_i].cents, scales[_i].ppm);
	ck_assert_msg(got == scales[_i].want, "%jd x %d: %jd, want %jd",
	    (intmax_t)scales[_i].cents, (int)scales[_i].ppm, (intmax_t)got,
	    (intmax_t)scales[_i].want);
}
END_TEST

/* The exact product in 128 bits, rounded half away from zero. */
static int64_t
scale_reference(int64_t cents, int32_t ppm)
{
	__extension__ __int128 prod = cents, q, r;

	prod *= ppm;
	q = prod / 1000000;
	r = prod % 1000000;
	if (r >= 500000)
		q++;
	else if (r <= -500000)
		q--;
	return (int64_t)q;
}

START_TEST(test_scale_exact)
{
	uint64_t x = 2463534242ULL;
	int64_t v;
	int32_t ppm;
	int i;

	for (i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v = (int64_t)(x >> (i % 64));
		if (i % 2)
			v = -v;
		ppm = (int32_t)(x % 1000001);
		if (i % 5 == 0)
			ppm = (int32_t)(i % 11) * 100000;
		if (sales_money_scale_ppm(v, ppm) != scale_reference(v, ppm))
			ck_abort_msg("%jd x %d: %jd, want %jd", (intmax_t)v,
			    (int)ppm, (intmax_t)sales_money_scale_ppm(v, ppm),
			    (intmax_t)scale_reference(v, ppm));
	}
}
END_TEST

Suite *
money_suite(void)
{
	Suite *s = suite_create("money");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse_good, 0,
	    sizeof(good) / sizeof(good[0]));
	tcase_add_test(tc, test_parse_len);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_parse_bad, 0,
	    sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_loop_test(tc, test_limits, 0,
	    sizeof(limits) / sizeof(limits[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_loop_test(tc, test_format, 0,
	    sizeof(formats) / sizeof(formats[0]));
	tcase_add_test(tc, test_format_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("scale");
	tcase_add_loop_test(tc, test_scale, 0,
	    sizeof(scales) / sizeof(scales[0]));
	tcase_add_test(tc, test_scale_exact);
	suite_add_tcase(s, tc);
	return s;
}
