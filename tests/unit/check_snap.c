/*
 * check_snap.c - unit tests for snap.c: reading snapshots with the
 * Salesforce OpportunityHistory column names, the state of a deal as of
 * a day (the last snapshot before it), the count of close-date pushes,
 * and the errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "sales.h"

static struct sales_stages	*stages;
static struct sales_snaps	*snaps;

static int
load(const char *text)
{
	struct sales_csv *csv;
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int rc;

	ck_assert_ptr_nonnull(fp);
	stages = sales_stages_new();
	snaps = sales_snaps_new(stages);
	csv = sales_csv_open(fp, "h.csv", NULL);
	rc = sales_snaps_load(snaps, csv, SALES_DATE_MDY, 0, NULL, 0);
	sales_csv_close(csv);
	fclose(fp);
	return rc;
}

static void
teardown(void)
{
	sales_snaps_free(snaps);
	sales_stages_free(stages);
}

#define DAY(m, d)	sales_date_from_ymd(2026, m, d)

/*
 * Deal A: created 1 Jan planned 1 Feb; 20 Jan planned 15 Feb (push 1);
 * 10 Feb planned 10 Feb (pulled in: not a push); 20 Feb planned 1 Mar
 * (push 2), Negotiation; won 25 Feb.  Rows out of order on purpose.
 */
static const char text[] =
    "OpportunityId,CreatedDate,StageName,Amount,CloseDate\n"
    "A,2026-02-10,Qualification,100.00,2026-02-10\n"
    "A,2026-01-01,Prospecting,100.00,2026-02-01\n"
    "B,2026-01-05,Prospecting,50.00,\n"
    "A,2026-01-20,Qualification,120.00,2026-02-15\n"
    "A,2026-02-20,Negotiation/Review,120.00,2026-03-01\n"
    "A,2026-02-25,Closed Won,120.00,2026-02-25\n";

START_TEST(test_state)
{
	struct sales_snap_state st;
	uint32_t a, b;

	ck_assert_int_eq(load(text), SALES_OK);
	a = sales_snaps_find(snaps, "A");
	b = sales_snaps_find(snaps, " B ");
	ck_assert_uint_ne(a, SALES_SNAP_NONE);
	ck_assert_uint_ne(b, SALES_SNAP_NONE);
	ck_assert_uint_eq(sales_snaps_find(snaps, "C"), SALES_SNAP_NONE);
	/* Nothing before the first snapshot, nor on its own day. */
	ck_assert_int_eq(sales_snaps_state(snaps, a, DAY(1, 1), &st), 0);
	ck_assert_int_eq(sales_snaps_state(snaps, a, DAY(1, 2), &st), 1);
	ck_assert_int_eq(st.close, DAY(2, 1));
	ck_assert_int_eq(st.pushes, 0);
	ck_assert_int_eq(st.amount, 10000);
	ck_assert_int_eq(st.state, SALES_OPEN);
	ck_assert_int_eq(sales_snaps_state(snaps, a, DAY(2, 11), &st), 1);
	ck_assert_int_eq(st.close, DAY(2, 10));
	ck_assert_int_eq(st.pushes, 1);
	ck_assert_int_eq(sales_snaps_state(snaps, a, DAY(2, 21), &st), 1);
	ck_assert_int_eq(st.pushes, 2);
	ck_assert_int_eq(st.prob, 900000);
	ck_assert_int_eq(sales_snaps_state(snaps, a, DAY(3, 1), &st), 1);
	ck_assert_int_eq(st.state, SALES_WON);
	ck_assert_int_eq(sales_snaps_state(snaps, b, DAY(3, 1), &st), 1);
	ck_assert_int_eq(st.close, SALES_DATE_NONE);
	ck_assert_int_eq(st.pushes, 0);
}
END_TEST

START_TEST(test_errors)
{
	ck_assert_int_eq(load("OpportunityId,CreatedDate,StageName,Amount,"
	    "CloseDate\nA,2026-01-01,Maybe,1,2026-02-01\n"), SALES_EDATA);
	ck_assert_str_eq(sales_snaps_error(snaps), "h.csv:2: column \"stage\": "
	    "\"Maybe\" is not a known stage (define it with --stages FILE)");
}
END_TEST

Suite *
snap_suite(void)
{
	Suite *s = suite_create("snap");
	TCase *tc = tcase_create("state");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_state);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	return s;
}
