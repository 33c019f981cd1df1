/*
 * check_rates.c - unit tests for rates.c: loading a currency,rate table
 * and converting amounts exactly, with rounding and the errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "sales.h"

static struct sales_rates *
load(const char *text, int want)
{
	struct sales_rates *r = sales_rates_new("usd");
	struct sales_csv *csv;
	FILE *fp = fmemopen((void *)text, strlen(text), "r");

	ck_assert_ptr_nonnull(fp);
	csv = sales_csv_open(fp, "rates.csv", NULL);
	ck_assert_ptr_nonnull(csv);
	ck_assert_int_eq(sales_rates_load(r, csv), want);
	sales_csv_close(csv);
	fclose(fp);
	return r;
}

/*
 * 123.45 EUR at 1.08 = 133.326 -> 133.33; 0.01 GBP at 1.2675 =
 * 0.012675 -> 0.01; -2.50 JPY at 0.006712345 = -0.0167808... -> -0.02;
 * the base converts at 1, an empty currency too; codes ignore case.
 */
START_TEST(test_convert)
{
	struct sales_rates *r = load("currency,rate\nEUR,1.08\ngbp,1.2675\n"
	    "JPY,0.006712345\n", SALES_OK);
	int64_t v;

	ck_assert_int_eq(sales_rates_convert(r, "eur", 12345, &v), SALES_OK);
	ck_assert_int_eq(v, 13333);
	ck_assert_int_eq(sales_rates_convert(r, " GBP ", 1, &v), SALES_OK);
	ck_assert_int_eq(v, 1);
	ck_assert_int_eq(sales_rates_convert(r, "JPY", -250, &v), SALES_OK);
	ck_assert_int_eq(v, -2);
	ck_assert_int_eq(sales_rates_convert(r, "USD", 777, &v), SALES_OK);
	ck_assert_int_eq(v, 777);
	ck_assert_int_eq(sales_rates_convert(r, "", 5, &v), SALES_OK);
	ck_assert_int_eq(v, 5);
	ck_assert_int_eq(sales_rates_convert(r, "CHF", 5, &v), SALES_EDATA);
	ck_assert_str_eq(sales_rates_error(r),
	    "currency \"CHF\" has no rate (add it to --rates)");
	ck_assert_int_eq(sales_rates_convert(r, "EUR", INT64_MAX, &v),
	    SALES_EDATA);
	sales_rates_free(r);
}
END_TEST

START_TEST(test_errors)
{
	struct sales_rates *r;

	r = load("currency,rate\nEUR,-1\n", SALES_EDATA);
	ck_assert_str_eq(sales_rates_error(r),
	    "rates.csv:2: column \"rate\": \"-1\" is not a positive rate");
	sales_rates_free(r);
	r = load("currency,rate\nEUR,1.0000000001\n", SALES_EDATA);
	sales_rates_free(r);
	r = load("code,rate\nEUR,1\n", SALES_EDATA);
	ck_assert_str_eq(sales_rates_error(r),
	    "rates.csv: missing column \"currency\"");
	sales_rates_free(r);
}
END_TEST

Suite *
rates_suite(void)
{
	Suite *s = suite_create("rates");
	TCase *tc = tcase_create("convert");

	tcase_add_test(tc, test_convert);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	return s;
}
