/*
 * check_backtest.c - unit tests for backtest.c: the accuracy measures
 * (WAPE, MAPE over non-zero actuals, bias, P10-P90 coverage), the origin
 * count, and a run's rows and verdict on a small hand-made history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "sales.h"

#define NEAR(a, b)	((a) - (b) < 1e-9 && (b) - (a) < 1e-9)

/*
 * Forecasts 100, 200, 0 against actuals 150, 100, 0: errors -50, +100,
 * 0.  WAPE = 150 / 250 = 60%; MAPE over the two non-zero actuals =
 * (50/150 + 100/100) / 2 = 66.67%; bias = 50 / 3; coverage: 150 in
 * [50, 200] yes, 100 in [150, 250] no, 0 in [0, 10] yes: 66.67%.
 */
START_TEST(test_accuracy)
{
	static const int64_t f[] = { 100, 200, 0 }, a[] = { 150, 100, 0 };
	static const int64_t lo[] = { 50, 150, 0 }, hi[] = { 200, 250, 10 };
	struct sales_accuracy r;

	sales_backtest_accuracy(f, a, lo, hi, 3, &r);
	ck_assert_msg(NEAR(r.wape, 60), "wape %f", r.wape);
	ck_assert_msg(NEAR(r.mape, 200.0 / 3), "mape %f", r.mape);
	ck_assert_msg(NEAR(r.bias, 50.0 / 3), "bias %f", r.bias);
	ck_assert_msg(NEAR(r.coverage, 200.0 / 3), "coverage %f", r.coverage);
}
END_TEST

/* No actual revenue: WAPE and MAPE undefined (negative), no coverage. */
START_TEST(test_accuracy_zero)
{
	static const int64_t f[] = { 100, 0 }, a[] = { 0, 0 };
	struct sales_accuracy r;

	sales_backtest_accuracy(f, a, NULL, NULL, 2, &r);
	ck_assert(r.wape < 0);
	ck_assert(r.mape < 0);
	ck_assert(r.coverage < 0);
	ck_assert_msg(NEAR(r.bias, 50), "bias %f", r.bias);
}
END_TEST

START_TEST(test_origins)
{
	struct sales_backtest_options bo;

	memset(&bo, 0, sizeof(bo));
	bo.from = 100;
	bo.to = 100 + 51 * 7;
	bo.step = 7;
	ck_assert_uint_eq(sales_backtest_norigins(&bo), 52);
	bo.to = 100 + 51 * 7 + 6;
	ck_assert_uint_eq(sales_backtest_norigins(&bo), 52);
	bo.to = 99;
	ck_assert_uint_eq(sales_backtest_norigins(&bo), 0);
}
END_TEST

/*
 * One owner who wins 100.00 every 10 days from deals that take exactly
 * 10 days: the run-rate is right on the money and the verdict for the
 * model (which sees open deals of ages 0..9) is a line or nothing, but
 * the per-origin actual must be 300.00 for 30 days at every origin.
 */
START_TEST(test_run)
{
	struct sales_forecast_options fo;
	struct sales_model_options mo;
	struct sales_backtest_options bo;
	struct sales_model *m;
	struct sales_backtest *b;
	struct sales_out *o;
	struct sales_opp d;
	int32_t t0 = sales_date_from_ymd(2025, 1, 1), c;
	char *text = NULL, *line;
	size_t size, n = 0;
	FILE *fp;

	memset(&fo, 0, sizeof(fo));
	fo.horizons[0] = 30;
	fo.nhorizons = 1;
	memset(&mo, 0, sizeof(mo));
	mo.trials = 100;
	m = sales_model_new(&fo, &mo);
	ck_assert_ptr_nonnull(m);
	memset(&d, 0, sizeof(d));
	d.owner = d.account = d.stage = d.id = d.name = d.team = d.manager = "";
	for (c = t0; c < t0 + 800; c += 10) {
		d.created = c;
		d.close = c + 10;
		d.amount = 10000;
		d.state = SALES_WON;
		ck_assert_int_eq(sales_model_add(m, &d), SALES_OK);
	}
	memset(&bo, 0, sizeof(bo));
	bo.from = t0 + 400;
	bo.to = t0 + 400 + 70;
	bo.step = 7;
	b = sales_backtest_new(m, &bo);
	ck_assert_ptr_nonnull(b);
	fp = open_memstream(&text, &size);
	o = sales_out_new(fp, SALES_FMT_CSV, 0);
	ck_assert_int_eq(sales_backtest_run(b, o), SALES_OK);
	ck_assert_int_eq(sales_out_finish(o), SALES_OK);
	sales_out_free(o);
	fclose(fp);
	ck_assert_str_eq(strtok(text, "\n"),
	    "origin,horizon,expected,p10,p50,p90,actual,runrate,model");
	while ((line = strtok(NULL, "\n")) != NULL) {
		/* 365 days held 36 or 37 wins: 3600.00 x 30/365 = 295.89. */
		if (strstr(line, ",300.00,") == NULL)
			ck_abort_msg("row without 300.00 actual: %s", line);
		n++;
	}
	ck_assert_uint_eq(n, 11);
	free(text);
	sales_backtest_free(b);
	sales_model_free(m);
}
END_TEST

/*
 * The combination.  Records m = 100, 100, 100 (the model, too high),
 * r = 50, 60, 70, a = 60, 60, 60.  |w m + (1-w) r - a| summed: w = 0
 * gives 10 + 0 + 10 = 20; w = 0.05: r + 0.05 (m - r) = 52.5, 62, 71.5
 * -> 7.5 + 2 + 11.5 = 21; so w = 0 (index 0).  With no records the
 * model stands (index SALES_CALIB_STEPS).  When the model is right,
 * w = 1.
 */
START_TEST(test_weight)
{
	static const double m[] = { 100, 100, 100 }, r[] = { 50, 60, 70 };
	static const double a[] = { 60, 60, 60 };

	ck_assert_int_eq(sales_calib_weight(m, r, a, 3), 0);
	ck_assert_int_eq(sales_calib_weight(m, r, a, 0), SALES_CALIB_STEPS);
	ck_assert_int_eq(sales_calib_weight(m, r, m, 3), SALES_CALIB_STEPS);
}
END_TEST

/*
 * Conformal quantiles of the ratios 1.0, 0.1, ..., 1.9 shuffled (n = 19;
 * the values 0.1..1.9): lo = floor(20 / 10) = 2nd smallest = 0.2;
 * median = 10th = 1.0; hi = ceil(0.9 x 20) = 18th = 1.8.  Seven ratios
 * are too few.
 */
START_TEST(test_quantiles)
{
	double r[19], q[3] = { -1, -1, -1 };
	int i;

	for (i = 0; i < 19; i++)
		r[i] = ((i * 7) % 19 + 1) / 10.0;
	ck_assert_int_eq(sales_calib_quantiles_eff(r, 19, 0, q), 1);
	ck_assert_msg(NEAR(q[0], 0.2) && NEAR(q[1], 1.0) && NEAR(q[2], 1.8),
	    "q = %f %f %f", q[0], q[1], q[2]);
	ck_assert_int_eq(sales_calib_quantiles_eff(r, 7, 0, q), 0);
}
END_TEST

/* Ten past outcomes around 100.00: errors -20, -10, -5, 4 x 0, 5, 10, 20. */
static const int64_t outcome[10] = {
	9000, 9500, 10000, 10500, 11000, 8000, 12000, 10000, 10000, 10000
};

/*
 * The conformal tests: a model with horizons hz[0..nh) that knows one deal,
 * lost at close (long before T), and a calibrator on it.
 */
static struct sales_model *
calib_model(const int *hz, size_t nh, int32_t close, struct sales_calib **cp)
{
	struct sales_forecast_options fo;
	struct sales_model_options mo;
	struct sales_model *m;
	struct sales_opp d;
	size_t h;

	memset(&fo, 0, sizeof(fo));
	for (h = 0; h < nh; h++)
		fo.horizons[h] = hz[h];
	fo.nhorizons = nh;
	memset(&mo, 0, sizeof(mo));
	m = sales_model_new(&fo, &mo);
	ck_assert_ptr_nonnull(m);
	memset(&d, 0, sizeof(d));
	d.owner = d.account = d.stage = d.id = d.name = d.team = d.manager = "";
	d.created = close - 50;
	d.close = close;
	d.state = SALES_LOST;
	ck_assert_int_eq(sales_model_add(m, &d), SALES_OK);
	*cp = sales_calib_new(m);
	ck_assert_ptr_nonnull(*cp);
	return m;
}

/*
 * Records the origin t where, at every horizon h < nh, model, run-rate
 * and point forecast said 100.00 and actual[h] was won.
 */
static void
calib_record(struct sales_model *m, struct sales_calib *c, int32_t t,
    const int64_t *actual, size_t nh)
{
	struct sales_model_cell *x;
	size_t h;

	ck_assert_int_eq(sales_model_fit(m, t, SALES_FIT_POINT), SALES_OK);
	for (h = 0; h < nh; h++) {
		x = sales_model_cell_mut(m, 0, h);
		x->model = x->runrate = x->expected = 10000;
		x->actual = actual[h];
	}
	ck_assert_int_eq(sales_calib_record(c, t), SALES_OK);
}

/*
 * Conformal ranges through sales_calib_apply.  Ten past origins (30 days
 * apart from T-370 on, all with their outcome known at T), where model
 * and run-rate both said 100.00 and the point forecast was 100.00, and
 * the outcomes were 90, 95, 100, 105, 110, 80, 120, 100, 100, 100: the
 * errors sorted are -20, -10, -5, 0, 0, 0, 0, 5, 10, 20.  n = 10: the
 * floor(11/10) = 1st is -20, the ceil(99/10) = 10th is 20, the median 0.
 * At T model and run-rate say 200.00: P10 180.00, P50 200.00, P90
 * 220.00, expected 200.00 (model and run-rate agree, so any weight).
 */
START_TEST(test_conformal)
{
	static const int hz[] = { 30, 60 };
	struct sales_model *m;
	struct sales_calib *c;
	struct sales_model_cell *x;
	int32_t T = sales_date_from_ymd(2026, 6, 1);
	int k;

	m = calib_model(hz, 1, T - 400, &c);
	for (k = 0; k < 10; k++) {
		calib_record(m, c, T - 370 + 30 * k, &outcome[k], 1);
	}
	ck_assert_int_eq(sales_model_fit(m, T, 0), SALES_OK);
	x = sales_model_cell_mut(m, 0, 0);
	x->model = x->runrate = 20000;
	ck_assert_int_eq(sales_calib_apply(c, T), SALES_OK);
	x = sales_model_cell_mut(m, 0, 0);
	ck_assert_int_eq(x->expected, 20000);
	ck_assert_int_eq(x->p10, 18000);
	ck_assert_int_eq(x->p50, 20000);
	ck_assert_int_eq(x->p90, 22000);
	sales_calib_free(c);
	sales_model_free(m);
}
END_TEST

/*
 * The weight is shrunk toward the model.  Two records: m = 100, r = 80,
 * a = 95 (error |20 w - 15|) and m = r = 100, a = 160 (60 whatever w).
 * E(1) = 65, E(0) = 75, the least E(0.75) = 60.  E(1) is within 10% of
 * it (66) and below E(0): the model stands (index 20), where the least
 * error alone would pick 15.  With the second outcome 100 instead (error
 * 0): E(1) = 5 > 1.1 x E(0.75) = 0, so index 15.
 */
START_TEST(test_weight_shrunk)
{
	static const double m[] = { 100, 100 }, r[] = { 80, 100 };
	static const double a[] = { 95, 160 }, b[] = { 95, 100 };

	ck_assert_int_eq(sales_calib_weight(m, r, a, 2), SALES_CALIB_STEPS);
	ck_assert_int_eq(sales_calib_weight(m, r, b, 2), 15);
}
END_TEST

/*
 * test_conformal's case with open deals whose own spread is wider than
 * the past errors above (sd 50.00: 1.2816 x 5000 = 6407.76, beyond the
 * +20.00) and narrower below (sd_capped 10.00: 1281.55, within -20.00):
 * P10 stays 180.00, P90 becomes 200.00 + 64.08 = 264.08.
 */
START_TEST(test_conformal_spread)
{
	static const int hz[] = { 30, 60 };
	struct sales_model *m;
	struct sales_calib *c;
	struct sales_model_cell *x;
	int32_t T = sales_date_from_ymd(2026, 6, 1);
	int k;

	m = calib_model(hz, 1, T - 400, &c);
	for (k = 0; k < 10; k++) {
		calib_record(m, c, T - 370 + 30 * k, &outcome[k], 1);
	}
	ck_assert_int_eq(sales_model_fit(m, T, 0), SALES_OK);
	x = sales_model_cell_mut(m, 0, 0);
	x->model = x->runrate = 20000;
	x->sd = 5000;
	x->sd_capped = 1000;
	ck_assert_int_eq(sales_calib_apply(c, T), SALES_OK);
	x = sales_model_cell_mut(m, 0, 0);
	ck_assert_int_eq(x->expected, 20000);
	ck_assert_int_eq(x->p10, 18000);
	ck_assert_int_eq(x->p50, 20000);
	ck_assert_int_eq(x->p90, 26408);
	sales_calib_free(c);
	sales_model_free(m);
}
END_TEST

/*
 * Across horizons the figures are cumulative.  test_conformal's records
 * at 30 days, and at 60 days records where model, run-rate and point
 * said 100.00 and 50.00 was won every time (errors all -50.00).  At T
 * both horizons say 200.00: 30 days P10/P50/P90 180.00/200.00/220.00;
 * 60 days alone would give 150.00 for all three, below the 30-day
 * figures; the running maximum keeps 180.00/200.00/220.00, and the
 * expected stays 200.00.
 */
START_TEST(test_conformal_monotone)
{
	static const int hz[] = { 30, 60 };
	struct sales_model *m;
	struct sales_calib *c;
	struct sales_model_cell *x;
	int32_t T = sales_date_from_ymd(2026, 6, 1);
	int k;

	m = calib_model(hz, 2, T - 400, &c);
	for (k = 0; k < 10; k++) {
		const int64_t won[2] = { outcome[k], 5000 };

		calib_record(m, c, T - 370 + 30 * k, won, 2);
	}
	ck_assert_int_eq(sales_model_fit(m, T, 0), SALES_OK);
	for (k = 0; k < 2; k++) {
		x = sales_model_cell_mut(m, 0, (size_t)k);
		x->model = x->runrate = 20000;
	}
	ck_assert_int_eq(sales_calib_apply(c, T), SALES_OK);
	for (k = 0; k < 2; k++) {
		x = sales_model_cell_mut(m, 0, (size_t)k);
		ck_assert_int_eq(x->expected, 20000);
		ck_assert_int_eq(x->p10, 18000);
		ck_assert_int_eq(x->p50, 20000);
		ck_assert_int_eq(x->p90, 22000);
	}
	sales_calib_free(c);
	sales_model_free(m);
}
END_TEST

/*
 * The errors of the two conformal tests below, recorded at 30 weekly
 * origins with horizon hz[0], applied at a forecast of 200.00: P10, P50
 * and P90 must be want[0..2].
 */
static void
conformal_case(const int *hz, const int64_t want[3])
{
	struct sales_model *m;
	struct sales_calib *c;
	struct sales_model_cell *x;
	int32_t T = sales_date_from_ymd(2026, 6, 1);
	int64_t recent[30];
	int k;

	for (k = 0; k < 30; k++)
		recent[k] = 10000;
	recent[0] = recent[2] = 5000;
	recent[1] = recent[3] = 15000;
	recent[4] = 8000;
	recent[5] = 9000;
	recent[28] = 11000;
	recent[29] = 12000;
	m = calib_model(hz, 1, T - 450, &c);
	for (k = 0; k < 30; k++)
		calib_record(m, c, T - 400 + 7 * k, &recent[k], 1);
	ck_assert_int_eq(sales_model_fit(m, T, 0), SALES_OK);
	x = sales_model_cell_mut(m, 0, 0);
	x->model = x->runrate = 20000;
	ck_assert_int_eq(sales_calib_apply(c, T), SALES_OK);
	x = sales_model_cell_mut(m, 0, 0);
	ck_assert_int_eq(x->p10, want[0]);
	ck_assert_int_eq(x->p50, want[1]);
	ck_assert_int_eq(x->p90, want[2]);
	sales_calib_free(c);
	sales_model_free(m);
}

/*
 * The ranges use the errors of the most recent SALES_CALIB_RECENT (26)
 * usable origins only.  30 weekly records from T-400 (all known by T),
 * model = run-rate = point = 100.00; the first 4 outcomes 50.00, 150.00,
 * 50.00, 150.00 (errors -50, +50), then errors -20, -10, 22 x 0, +10,
 * +20.  A 7-day horizon, so the 26 weekly windows do not overlap (eff =
 * 175 / 7 + 1 = 26).  The last 26 sorted: the floor(27/10) = 2nd is
 * -10, the ceil(24.3) = 25th is +10, the median 0: at 200.00, P10
 * 190.00, P50 200.00, P90 210.00 (all 30 would give the 3rd, -20, and
 * the 28th, +20).
 */
START_TEST(test_conformal_recent)
{
	static const int hz[] = { 7, 14 };
	static const int64_t want[3] = { 19000, 20000, 21000 };

	conformal_case(hz, want);
}
END_TEST

/*
 * Non-overlapping windows among origins 0, 7, 14, 30, 31, 60, 95 (days):
 * 30-day windows from 0, 30, 60 and 95 (4); 7-day ones from every
 * origin but 31 (6).  None among none.
 */
START_TEST(test_windows)
{
	static const int32_t o[] = { 0, 7, 14, 30, 31, 60, 95 };

	ck_assert_int_eq(sales_calib_windows(o, 7, 30), 4);
	ck_assert_int_eq(sales_calib_windows(o, 7, 7), 6);
	ck_assert_int_eq(sales_calib_windows(o, 0, 30), 0);
}
END_TEST

/*
 * The weight from few independent windows.  Eight records, m = 100, r
 * alternately 80 and 100, a alternately 95 and 100: E(1) = 4 x 5 = 20,
 * E(0) = 4 x 15 = 60, E(0.75) = 0 (0.75 x 100 + 0.25 x 80 = 95).  With
 * origins 30 days apart (8 non-overlapping 30-day windows) the weight is
 * fitted: index 15 (E(1) is not within 10% of 0).  With weekly origins
 * (0..49: windows from 0 and 30 only, 2) the model stands, index 20,
 * since E(1) <= E(0).  test_weight's records (E(1) = 120 > E(0) = 20)
 * on 3 windows: the run-rate did better outright, so the weight is
 * fitted, index 0.
 */
START_TEST(test_weight_thin)
{
	static const double m[] = { 100, 100, 100, 100, 100, 100, 100, 100 };
	static const double r[] = { 80, 100, 80, 100, 80, 100, 80, 100 };
	static const double a[] = { 95, 100, 95, 100, 95, 100, 95, 100 };
	static const double r3[] = { 50, 60, 70 }, a3[] = { 60, 60, 60 };
	static const int32_t monthly[] = { 0, 30, 60, 90, 120, 150, 180, 210 };
	static const int32_t weekly[] = { 0, 7, 14, 21, 28, 35, 42, 49 };

	ck_assert_int_eq(sales_calib_weight_thin(monthly, m, r, a, 8, 30), 15);
	ck_assert_int_eq(sales_calib_weight_thin(weekly, m, r, a, 8, 30),
	    SALES_CALIB_STEPS);
	ck_assert_int_eq(sales_calib_weight_thin(monthly, m, r3, a3, 3, 30),
	    0);
	ck_assert_int_eq(sales_calib_weight_thin(monthly, m, r, a, 0, 30),
	    SALES_CALIB_STEPS);
}
END_TEST

#define NEAR6(a, b)	((a) - (b) < 1e-6 && (b) - (a) < 1e-6)

/*
 * Quantiles at an effective count.  test_quantiles' 19 values 0.1..1.9:
 * eff 19 (or 0, or above 19: n) gives its 0.2, 1.0, 1.8; eff 9.5 (m = 9)
 * the floor(10/10) = 1st of 9 -> the ceil(19 / 9) = 3rd of 19, 0.3, and
 * ceil(0.9 x 10) = 9th of 9 -> the 19th, 1.9.  Below 9 the t interval:
 * errors -2, -1, -1, 0, 0, 1, 1, 2 (mean 0, sum of squares 12, sd
 * sqrt(12/7) = 1.3093073) with eff 4: 1.8311 sd = 2.3974727; eff 2.5:
 * (3.7694 + 2.1773) / 2 = 2.97335 sd = 3.8930290; eff 1: as 2, 3.7694 sd
 * = 4.9353031; the median stays 0.
 */
START_TEST(test_quantiles_eff)
{
	static const double e8[] = { 1, -1, 2, 0, -2, 0, 1, -1 };
	static const double eff8[] = { 4, 2.5, 1 };
	static const double half[] = { 2.397472672867, 3.893028983599,
	    4.935303092733 };
	double r[19], q[3] = { -1, -1, -1 }, e[8];
	int i, k;

	for (i = 0; i < 19; i++)
		r[i] = ((i * 7) % 19 + 1) / 10.0;
	ck_assert_int_eq(sales_calib_quantiles_eff(r, 19, 19, q), 1);
	ck_assert_msg(NEAR(q[0], 0.2) && NEAR(q[1], 1.0) && NEAR(q[2], 1.8),
	    "q = %f %f %f", q[0], q[1], q[2]);
	ck_assert_int_eq(sales_calib_quantiles_eff(r, 19, 0, q), 1);
	ck_assert_msg(NEAR(q[0], 0.2) && NEAR(q[2], 1.8), "q = %f %f %f",
	    q[0], q[1], q[2]);
	ck_assert_int_eq(sales_calib_quantiles_eff(r, 19, 40, q), 1);
	ck_assert_msg(NEAR(q[0], 0.2) && NEAR(q[2], 1.8), "q = %f %f %f",
	    q[0], q[1], q[2]);
	ck_assert_int_eq(sales_calib_quantiles_eff(r, 19, 9.5, q), 1);
	ck_assert_msg(NEAR(q[0], 0.3) && NEAR(q[1], 1.0) && NEAR(q[2], 1.9),
	    "q = %f %f %f", q[0], q[1], q[2]);
	for (k = 0; k < 3; k++) {
		memcpy(e, e8, sizeof(e));
		ck_assert_int_eq(sales_calib_quantiles_eff(e, 8, eff8[k], q),
		    1);
		ck_assert_msg(NEAR6(q[0], -half[k]) && NEAR(q[1], 0) &&
		    NEAR6(q[2], half[k]), "eff %f: q = %f %f %f", eff8[k],
		    q[0], q[1], q[2]);
	}
	ck_assert_int_eq(sales_calib_quantiles_eff(e, 7, 4, q), 0);
}
END_TEST

/*
 * test_conformal_recent's records at 30 days: the 26 weekly windows
 * overlap, spanning 175 days, eff = 175 / 30 + 1 = 6.8333.  Their
 * errors -20, -10, 22 x 0, +10, +20 (mean 0, sum of squares 1000.00^2
 * x 10 in cents, sd sqrt(10^7 / 25) = 632.46 cents); the factor 1.5941
 * + 0.8333 x (1.5392 - 1.5941) = 1.54835: +/- 979.26 cents.  At 200.00:
 * P10 190.21, P50 200.00, P90 209.79 (the plain ranks would say 190.00
 * and 210.00).
 */
START_TEST(test_conformal_overlap)
{
	static const int hz[] = { 30, 60 };
	static const int64_t want[3] = { 19021, 20000, 20979 };

	conformal_case(hz, want);
}
END_TEST

/*
 * test_weight_thin through sales_calib_apply: eight records (model
 * 100.00, run-rate 80.00 and 100.00 in turn, won 95.00 and 100.00),
 * all known at T.  At T the model says 200.00 and the run-rate 100.00.
 * Origins 30 days apart: weight 0.75, expected 175.00; weekly (two
 * independent 30-day windows): the model alone, 200.00.
 */
START_TEST(test_weight_thin_apply)
{
	static const int hz[] = { 30, 60 };
	struct sales_model *m;
	struct sales_calib *c;
	struct sales_model_cell *x;
	int32_t T = sales_date_from_ymd(2026, 6, 1);
	int k, step;

	for (step = 7; step <= 30; step += 23) {
		m = calib_model(hz, 1, T - 450, &c);
		for (k = 0; k < 8; k++) {
			ck_assert_int_eq(sales_model_fit(m, T - 300 + step * k,
			    SALES_FIT_POINT), SALES_OK);
			x = sales_model_cell_mut(m, 0, 0);
			x->model = x->expected = 10000;
			x->runrate = k % 2 == 0 ? 8000 : 10000;
			x->actual = k % 2 == 0 ? 9500 : 10000;
			ck_assert_int_eq(sales_calib_record(c,
			    T - 300 + step * k), SALES_OK);
		}
		ck_assert_int_eq(sales_model_fit(m, T, 0), SALES_OK);
		x = sales_model_cell_mut(m, 0, 0);
		x->model = 20000;
		x->runrate = 10000;
		ck_assert_int_eq(sales_calib_apply(c, T), SALES_OK);
		x = sales_model_cell_mut(m, 0, 0);
		ck_assert_int_eq(x->expected, step == 7 ? 20000 : 17500);
		sales_calib_free(c);
		sales_model_free(m);
	}
}
END_TEST

Suite *
backtest_suite(void)
{
	Suite *s = suite_create("backtest");
	TCase *tc = tcase_create("measures");

	tcase_add_test(tc, test_accuracy);
	tcase_add_test(tc, test_accuracy_zero);
	tcase_add_test(tc, test_origins);
	tcase_add_test(tc, test_run);
	tcase_add_test(tc, test_weight);
	tcase_add_test(tc, test_quantiles);
	tcase_add_test(tc, test_conformal);
	tcase_add_test(tc, test_weight_shrunk);
	tcase_add_test(tc, test_conformal_spread);
	tcase_add_test(tc, test_conformal_monotone);
	tcase_add_test(tc, test_conformal_recent);
	tcase_add_test(tc, test_windows);
	tcase_add_test(tc, test_weight_thin);
	tcase_add_test(tc, test_quantiles_eff);
	tcase_add_test(tc, test_conformal_overlap);
	tcase_add_test(tc, test_weight_thin_apply);
	suite_add_tcase(s, tc);
	return s;
}
