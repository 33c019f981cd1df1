/*
 * check_waterfall.c - unit tests for waterfall.c: every path of a deal
 * through a period (start, created, pulled in, increased, decreased,
 * pushed out, won, lost, created-and-closed) on hand-made snapshots, and
 * the identity start + flows = end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "sales.h"

/*
 * The period is February 2026.
 *   A: in at both ends, 100 -> 150: increased 50.
 *   B: in at the start, won on 5 Feb: won 200.
 *   C: in at the start, planned close moved to March: pushed out 300.
 *   D: first snapshot on 3 Feb, planned in February: created 400.
 *   E: planned for April, moved to 26 Feb: pulled in 500.
 *   F: created 2 Feb and lost 14 Feb: created 60 and lost 60.
 *   G: in at both ends, 70 -> 50: decreased 20.
 *   H: planned for May throughout: nowhere.
 * start = 100 + 200 + 300 + 70 = 670; end = 150 + 400 + 500 + 50 = 1100;
 * 670 + 460 + 500 + 50 - 20 - 300 - 200 - 60 = 1100: residue 0.
 */
static const char snaps_csv[] =
    "id,snapshot_date,stage,amount,close_date\n"
    "A,2026-01-10,Prospecting,100,2026-02-15\n"
    "A,2026-02-10,Prospecting,150,2026-02-20\n"
    "B,2026-01-05,Qualification,200,2026-02-10\n"
    "B,2026-02-05,Closed Won,200,2026-02-05\n"
    "C,2026-01-20,Prospecting,300,2026-02-25\n"
    "C,2026-02-20,Prospecting,300,2026-03-20\n"
    "D,2026-02-03,Prospecting,400,2026-02-27\n"
    "E,2026-01-15,Prospecting,500,2026-04-30\n"
    "E,2026-02-12,Prospecting,500,2026-02-26\n"
    "F,2026-02-02,Prospecting,60,2026-02-20\n"
    "F,2026-02-14,Closed Lost,60,2026-02-14\n"
    "G,2026-01-02,Prospecting,70,2026-02-08\n"
    "G,2026-02-04,Prospecting,50,2026-02-08\n"
    "H,2026-01-02,Prospecting,80,2026-05-08\n";

START_TEST(test_paths)
{
	static const char *const ids = "ABCDEFGH";
	struct sales_forecast_options fo;
	struct sales_model_options mo;
	struct sales_stages *stages = sales_stages_new();
	struct sales_snaps *snaps = sales_snaps_new(stages);
	struct sales_model *m;
	struct sales_csv *csv;
	struct sales_out *o;
	struct sales_opp d;
	char *text = NULL, id[2] = "";
	size_t size, i;
	FILE *fp;

	fp = fmemopen((void *)snaps_csv, strlen(snaps_csv), "r");
	csv = sales_csv_open(fp, "h.csv", NULL);
	ck_assert_int_eq(sales_snaps_load(snaps, csv, SALES_DATE_MDY, 0, NULL,
	    0), SALES_OK);
	sales_csv_close(csv);
	fclose(fp);
	memset(&fo, 0, sizeof(fo));
	fo.horizons[0] = 30;
	fo.nhorizons = 1;
	fo.by[0] = SALES_BY_OWNER;
	fo.nby = 1;
	fo.total = 1;
	memset(&mo, 0, sizeof(mo));
	mo.snaps = snaps;
	m = sales_model_new(&fo, &mo);
	memset(&d, 0, sizeof(d));
	d.owner = "Ann";
	d.account = d.stage = d.name = d.team = d.manager = "";
	d.created = SALES_DATE_NONE;
	d.close = SALES_DATE_NONE;
	for (i = 0; i < 8; i++) {
		id[0] = ids[i];
		d.id = id;
		ck_assert_int_eq(sales_model_add(m, &d), SALES_OK);
	}
	fp = open_memstream(&text, &size);
	o = sales_out_new(fp, SALES_FMT_CSV, 0);
	ck_assert_int_eq(sales_waterfall_write(m,
	    sales_date_from_ymd(2026, 2, 1), sales_date_from_ymd(2026, 2, 28),
	    1, o), SALES_OK);
	ck_assert_int_eq(sales_out_finish(o), SALES_OK);
	sales_out_free(o);
	fclose(fp);
	ck_assert_str_eq(text, "owner,start,created,pulled_in,increased,"
	    "decreased,pushed_out,won,lost,end,residue\n"
	    "Ann,670.00,460.00,500.00,50.00,20.00,300.00,200.00,60.00,"
	    "1100.00,0.00\n"
	    "Total,670.00,460.00,500.00,50.00,20.00,300.00,200.00,60.00,"
	    "1100.00,0.00\n");
	free(text);
	sales_model_free(m);
	sales_snaps_free(snaps);
	sales_stages_free(stages);
}
END_TEST

Suite *
waterfall_suite(void)
{
	Suite *s = suite_create("waterfall");
	TCase *tc = tcase_create("identity");

	tcase_add_test(tc, test_paths);
	suite_add_tcase(s, tc);
	return s;
}
