/*
 * check_stage.c - unit tests for stage.c: the built-in stage table,
 * overrides, --stages files, and the state, forecast category and
 * probability parsers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "sales.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define PCT(n)		((n) * (SALES_PPM / 100))

static struct sales_stages *stages;

static void
setup(void)
{
	stages = sales_stages_new();
	ck_assert_ptr_nonnull(stages);
}

static void
teardown(void)
{
	sales_stages_free(stages);
	stages = NULL;
}

/* Loads a --stages file held in text; err receives the message. */
static int
load(const char *text, char *err, size_t errsz)
{
	struct sales_csv *c;
	FILE *fp;
	int rc;

	fp = fmemopen((void *)text, strlen(text), "r");
	ck_assert_ptr_nonnull(fp);
	c = sales_csv_open(fp, "stages.csv", NULL);
	ck_assert_ptr_nonnull(c);
	err[0] = '\0';
	rc = sales_stages_load(stages, c, err, errsz);
	/* The message must be the reader's own where the reader failed. */
	if (rc == SALES_EPARSE)
		ck_assert_str_eq(err, sales_csv_error(c));
	sales_csv_close(c);
	fclose(fp);
	return rc;
}

static void
assert_stage(const char *name, enum sales_state state, int32_t prob,
    enum sales_fcat fcat)
{
	const struct sales_stage *st;

	st = sales_stages_find(stages, name, strlen(name));
	ck_assert_msg(st != NULL, "stage \"%s\" not found", name);
	ck_assert_int_eq(st->state, state);
	ck_assert_int_eq(st->prob, prob);
	ck_assert_int_eq(st->fcat, fcat);
}

/* Built-in stages, in the spellings exports and people use. */
static const struct {
	const char		*name;
	enum sales_state	 state;
	int32_t			 prob;
	enum sales_fcat		 fcat;
} builtin_cases[] = {
	{ "Prospecting", SALES_OPEN, PCT(10), SALES_FCAT_PIPELINE },
	{ "Qualification", SALES_OPEN, PCT(10), SALES_FCAT_PIPELINE },
	{ "Needs Analysis", SALES_OPEN, PCT(20), SALES_FCAT_PIPELINE },
	{ "Value Proposition", SALES_OPEN, PCT(50), SALES_FCAT_PIPELINE },
	{ "Id. Decision Makers", SALES_OPEN, PCT(60), SALES_FCAT_PIPELINE },
	{ "Perception Analysis", SALES_OPEN, PCT(70), SALES_FCAT_PIPELINE },
	{ "Proposal/Price Quote", SALES_OPEN, PCT(75), SALES_FCAT_PIPELINE },
	{ "Negotiation/Review", SALES_OPEN, PCT(90), SALES_FCAT_PIPELINE },
	{ "Closed Won", SALES_WON, PCT(100), SALES_FCAT_CLOSED },
	{ "Closed Lost", SALES_LOST, 0, SALES_FCAT_OMITTED },
	{ "Appointment Scheduled", SALES_OPEN, PCT(20), SALES_FCAT_PIPELINE },
	{ "Qualified to Buy", SALES_OPEN, PCT(40), SALES_FCAT_PIPELINE },
	{ "Presentation Scheduled", SALES_OPEN, PCT(60),
	    SALES_FCAT_PIPELINE },
	{ "Decision Maker Bought-In", SALES_OPEN, PCT(80),
	    SALES_FCAT_PIPELINE },
	{ "Contract Sent", SALES_OPEN, PCT(90), SALES_FCAT_PIPELINE },
	{ "appointmentscheduled", SALES_OPEN, PCT(20), SALES_FCAT_PIPELINE },
	{ "qualifiedtobuy", SALES_OPEN, PCT(40), SALES_FCAT_PIPELINE },
	{ "presentationscheduled", SALES_OPEN, PCT(60), SALES_FCAT_PIPELINE },
	{ "decisionmakerboughtin", SALES_OPEN, PCT(80), SALES_FCAT_PIPELINE },
	{ "contractsent", SALES_OPEN, PCT(90), SALES_FCAT_PIPELINE },
	{ "closedwon", SALES_WON, PCT(100), SALES_FCAT_CLOSED },
	{ "closedlost", SALES_LOST, 0, SALES_FCAT_OMITTED },
	{ "won", SALES_WON, PCT(100), SALES_FCAT_CLOSED },
	{ "lost", SALES_LOST, 0, SALES_FCAT_OMITTED },
	/* Case and surrounding blanks do not matter. */
	{ "PROSPECTING", SALES_OPEN, PCT(10), SALES_FCAT_PIPELINE },
	{ "  closed won\t", SALES_WON, PCT(100), SALES_FCAT_CLOSED },
	{ "\tid. decision makers ", SALES_OPEN, PCT(60), SALES_FCAT_PIPELINE },
	{ "DECISION MAKER BOUGHT-IN", SALES_OPEN, PCT(80),
	    SALES_FCAT_PIPELINE },
	{ "ClosedWon", SALES_WON, PCT(100), SALES_FCAT_CLOSED },
	{ " Won ", SALES_WON, PCT(100), SALES_FCAT_CLOSED },
	{ "LOST", SALES_LOST, 0, SALES_FCAT_OMITTED },
};

START_TEST(test_builtin)
{
	assert_stage(builtin_cases[_i].name, builtin_cases[_i].state,
	    builtin_cases[_i].prob, builtin_cases[_i].fcat);
}
END_TEST

/* Names that are no stage: inner spaces and spelling count. */
static const char *const unknown_cases[] = {
	"", "   ", "Closed", "closed  won", "Closed-Won", "Prospect",
	"Prospectingg", "Negotiation", "Id Decision Makers", "open",
};

START_TEST(test_unknown)
{
	const char *s = unknown_cases[_i];

	ck_assert_ptr_null(sales_stages_find(stages, s, strlen(s)));
}
END_TEST

START_TEST(test_find_length)
{
	const struct sales_stage *st;

	/* The name need not be NUL-terminated. */
	st = sales_stages_find(stages, "Closed Won, really", 10);
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(st->state, SALES_WON);
	ck_assert_str_eq(st->name, "Closed Won");
	ck_assert_ptr_null(sales_stages_find(stages, "Closed Won", 9));
}
END_TEST

START_TEST(test_override)
{
	const struct sales_stage *st;
	char name[] = "prospecting";

	ck_assert_int_eq(sales_stages_add(stages, name, SALES_OPEN, PCT(25),
	    SALES_FCAT_COMMIT), SALES_OK);
	/* The name is copied. */
	memset(name, 'x', strlen(name));
	st = sales_stages_find(stages, "Prospecting", 11);
	ck_assert_ptr_nonnull(st);
	ck_assert_str_eq(st->name, "prospecting");
	ck_assert_int_eq(st->state, SALES_OPEN);
	ck_assert_int_eq(st->prob, PCT(25));
	ck_assert_int_eq(st->fcat, SALES_FCAT_COMMIT);
	/* Others are untouched. */
	assert_stage("Qualification", SALES_OPEN, PCT(10),
	    SALES_FCAT_PIPELINE);
}
END_TEST

START_TEST(test_add_new)
{
	const struct sales_stage *st;

	ck_assert_int_eq(sales_stages_add(stages, " Discovery\t", SALES_OPEN,
	    PCT(5), SALES_FCAT_PIPELINE), SALES_OK);
	st = sales_stages_find(stages, "DISCOVERY", 9);
	ck_assert_ptr_nonnull(st);
	ck_assert_str_eq(st->name, "Discovery");
	ck_assert_int_eq(st->prob, PCT(5));
	ck_assert_int_eq(sales_stages_add(stages, "Verloren", SALES_LOST, 0,
	    SALES_FCAT_OMITTED), SALES_OK);
	assert_stage("verloren", SALES_LOST, 0, SALES_FCAT_OMITTED);
}
END_TEST

START_TEST(test_grow)
{
	char name[32];
	int i;

	/* Enough stages to grow the table several times. */
	for (i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "Stage %d", i);
		ck_assert_int_eq(sales_stages_add(stages, name, SALES_OPEN,
		    i % 101 * 10000, SALES_FCAT_BEST_CASE), SALES_OK);
	}
	for (i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "stage %d", i);
		assert_stage(name, SALES_OPEN, i % 101 * 10000,
		    SALES_FCAT_BEST_CASE);
	}
	for (i = 0; i < (int)NELEM(builtin_cases); i++)
		assert_stage(builtin_cases[i].name, builtin_cases[i].state,
		    builtin_cases[i].prob, builtin_cases[i].fcat);
}
END_TEST

START_TEST(test_free_null)
{
	sales_stages_free(NULL);
}
END_TEST

static const struct {
	const char		*s;
	int			 rc;
	enum sales_state	 state;
} state_cases[] = {
	{ "open", SALES_OK, SALES_OPEN },
	{ "OPEN", SALES_OK, SALES_OPEN },
	{ " Open\t", SALES_OK, SALES_OPEN },
	{ "won", SALES_OK, SALES_WON },
	{ "Won", SALES_OK, SALES_WON },
	{ "closed won", SALES_OK, SALES_WON },
	{ "Closed Won", SALES_OK, SALES_WON },
	{ "lost", SALES_OK, SALES_LOST },
	{ "LOST ", SALES_OK, SALES_LOST },
	{ "closed lost", SALES_OK, SALES_LOST },
	{ "CLOSED LOST", SALES_OK, SALES_LOST },
	{ "", SALES_EDATA, SALES_OPEN },
	{ "closed", SALES_EDATA, SALES_OPEN },
	{ "maybe", SALES_EDATA, SALES_OPEN },
	{ "opened", SALES_EDATA, SALES_OPEN },
	{ "closedwon", SALES_EDATA, SALES_OPEN },
	{ "closed  won", SALES_EDATA, SALES_OPEN },
};

START_TEST(test_state_parse)
{
	enum sales_state st = SALES_OPEN;

	ck_assert_int_eq(sales_state_parse(state_cases[_i].s,
	    strlen(state_cases[_i].s), &st), state_cases[_i].rc);
	if (state_cases[_i].rc == SALES_OK)
		ck_assert_int_eq(st, state_cases[_i].state);
}
END_TEST

START_TEST(test_state_name)
{
	ck_assert_str_eq(sales_state_name(SALES_OPEN), "open");
	ck_assert_str_eq(sales_state_name(SALES_WON), "won");
	ck_assert_str_eq(sales_state_name(SALES_LOST), "lost");
}
END_TEST

static const struct {
	const char	*s;
	int		 rc;
	enum sales_fcat	 fcat;
} fcat_cases[] = {
	{ "Pipeline", SALES_OK, SALES_FCAT_PIPELINE },
	{ "pipeline", SALES_OK, SALES_FCAT_PIPELINE },
	{ " PIPELINE ", SALES_OK, SALES_FCAT_PIPELINE },
	{ "Best Case", SALES_OK, SALES_FCAT_BEST_CASE },
	{ "BestCase", SALES_OK, SALES_FCAT_BEST_CASE },
	{ "best_case", SALES_OK, SALES_FCAT_BEST_CASE },
	{ "best-case", SALES_OK, SALES_FCAT_BEST_CASE },
	{ "Most Likely", SALES_OK, SALES_FCAT_BEST_CASE },
	{ "MostLikely", SALES_OK, SALES_FCAT_BEST_CASE },
	{ "Commit", SALES_OK, SALES_FCAT_COMMIT },
	{ "Forecast", SALES_OK, SALES_FCAT_COMMIT },
	{ "Closed", SALES_OK, SALES_FCAT_CLOSED },
	{ "Closed Won", SALES_OK, SALES_FCAT_CLOSED },
	{ "closedwon", SALES_OK, SALES_FCAT_CLOSED },
	{ "Omitted", SALES_OK, SALES_FCAT_OMITTED },
	{ "Not forecasted", SALES_OK, SALES_FCAT_OMITTED },
	{ "NOT_FORECASTED", SALES_OK, SALES_FCAT_OMITTED },
	{ "Closed Lost", SALES_OK, SALES_FCAT_OMITTED },
	{ "", SALES_EDATA, SALES_FCAT_PIPELINE },
	{ "   ", SALES_EDATA, SALES_FCAT_PIPELINE },
	{ "maybe", SALES_EDATA, SALES_FCAT_PIPELINE },
	{ "Committed", SALES_EDATA, SALES_FCAT_PIPELINE },
	{ "best.case", SALES_EDATA, SALES_FCAT_PIPELINE },
	{ "pipeline pipeline pipeline pipeline", SALES_EDATA,
	    SALES_FCAT_PIPELINE },
};

START_TEST(test_fcat_parse)
{
	enum sales_fcat f = SALES_FCAT_PIPELINE;

	ck_assert_int_eq(sales_fcat_parse(fcat_cases[_i].s,
	    strlen(fcat_cases[_i].s), &f), fcat_cases[_i].rc);
	if (fcat_cases[_i].rc == SALES_OK)
		ck_assert_int_eq(f, fcat_cases[_i].fcat);
}
END_TEST

START_TEST(test_fcat_name)
{
	enum sales_fcat f;

	ck_assert_str_eq(sales_fcat_name(SALES_FCAT_PIPELINE), "pipeline");
	ck_assert_str_eq(sales_fcat_name(SALES_FCAT_BEST_CASE), "best_case");
	ck_assert_str_eq(sales_fcat_name(SALES_FCAT_COMMIT), "commit");
	ck_assert_str_eq(sales_fcat_name(SALES_FCAT_CLOSED), "closed");
	ck_assert_str_eq(sales_fcat_name(SALES_FCAT_OMITTED), "omitted");
	/* Every name reads back as its category. */
	for (f = SALES_FCAT_PIPELINE; f <= SALES_FCAT_OMITTED; f++) {
		enum sales_fcat g;
		const char *n = sales_fcat_name(f);

		ck_assert_int_eq(sales_fcat_parse(n, strlen(n), &g), SALES_OK);
		ck_assert_int_eq(g, f);
	}
}
END_TEST

#define NOTPROB	"is not a probability"
#define RANGE	"is out of range"
#define EMPTY	"is empty"

static const struct {
	const char	*s;
	int		 percent;
	int32_t		 ppm;
	const char	*why;		/* NULL for success */
} prob_cases[] = {
	{ "75", 0, 750000, NULL },
	{ "75%", 0, 750000, NULL },
	{ " 75 % ", 0, 750000, NULL },
	{ "75.5", 0, 755000, NULL },
	{ "0.75", 0, 750000, NULL },
	{ "1.0", 0, 1000000, NULL },
	{ "1.00", 0, 1000000, NULL },
	{ "1", 0, 10000, NULL },
	{ "0", 0, 0, NULL },
	{ "0.0", 0, 0, NULL },
	{ "100", 0, 1000000, NULL },
	{ "100%", 0, 1000000, NULL },
	{ "100.0", 0, 1000000, NULL },
	{ "0.5", 0, 500000, NULL },
	{ ".5", 0, 500000, NULL },
	{ "1.5", 0, 15000, NULL },
	{ "007", 0, 70000, NULL },
	{ "+50", 0, 500000, NULL },
	{ "-0", 0, 0, NULL },
	{ "12.3456", 0, 123456, NULL },
	{ "12.345600", 0, 123456, NULL },
	{ "0.123456", 0, 123456, NULL },
	{ "0.1234560", 0, 123456, NULL },
	{ "0.000001", 0, 1, NULL },
	{ "\t20\t", 0, 200000, NULL },
	/* A "%" column: every value is a percentage. */
	{ "0.5", 1, 5000, NULL },
	{ "0.75", 1, 7500, NULL },
	{ "1.0", 1, 10000, NULL },
	{ "1", 1, 10000, NULL },
	{ "75", 1, 750000, NULL },
	{ "0.0001", 1, 1, NULL },
	{ "1.5", 1, 15000, NULL },
	/* Errors. */
	{ "", 0, 0, EMPTY },
	{ "   ", 0, 0, EMPTY },
	{ "%", 0, 0, NOTPROB },
	{ "abc", 0, 0, NOTPROB },
	{ "75x", 0, 0, NOTPROB },
	{ "7 5", 0, 0, NOTPROB },
	{ "75.", 0, 0, NOTPROB },
	{ ".", 0, 0, NOTPROB },
	{ "-", 0, 0, NOTPROB },
	{ "1e2", 0, 0, NOTPROB },
	{ "75,5", 0, 0, NOTPROB },
	{ "50%%", 0, 0, NOTPROB },
	{ "%50", 0, 0, NOTPROB },
	{ "0x10", 0, 0, NOTPROB },
	{ "12.34567", 0, 0, NOTPROB },
	{ "0.1234567", 0, 0, NOTPROB },
	{ "0.00001", 1, 0, NOTPROB },
	{ "101", 0, 0, RANGE },
	{ "150", 0, 0, RANGE },
	{ "100.5", 0, 0, RANGE },
	{ "100.00001", 0, 0, RANGE },
	{ "-5", 0, 0, RANGE },
	{ "-0.5", 0, 0, RANGE },
	{ "-0.0000001", 0, 0, RANGE },
	{ "99999999999999999999", 0, 0, RANGE },
	{ "101%", 0, 0, RANGE },
};

START_TEST(test_prob_parse)
{
	const char *why = NULL;
	int32_t ppm = -1;
	int rc;

	rc = sales_prob_parse(prob_cases[_i].s, strlen(prob_cases[_i].s),
	    prob_cases[_i].percent, &ppm, &why);
	if (prob_cases[_i].why == NULL) {
		ck_assert_msg(rc == SALES_OK, "\"%s\": %s", prob_cases[_i].s,
		    why);
		ck_assert_int_eq(ppm, prob_cases[_i].ppm);
	} else {
		ck_assert_int_eq(rc, SALES_EDATA);
		ck_assert_str_eq(why, prob_cases[_i].why);
	}
}
END_TEST

START_TEST(test_prob_length)
{
	const char *why;
	int32_t ppm;

	/* Only s[0..len) is read. */
	ck_assert_int_eq(sales_prob_parse("75123", 2, 0, &ppm, &why),
	    SALES_OK);
	ck_assert_int_eq(ppm, 750000);
	ck_assert_int_eq(sales_prob_parse("0.5%", 3, 0, &ppm, &why),
	    SALES_OK);
	ck_assert_int_eq(ppm, 500000);
}
END_TEST

START_TEST(test_load)
{
	char err[256];

	ck_assert_int_eq(load(
	    "stage,state,probability,forecast_category\n"
	    "Discovery,open,15,\n"
	    "Verbal,open,0.9,commit\n"
	    " Signed ,Closed Won,100,\n"
	    "Prospecting,open,5%,best case\n"
	    "Gone,lost,0,\n", err, sizeof(err)), SALES_OK);
	ck_assert_str_eq(err, "");
	assert_stage("discovery", SALES_OPEN, PCT(15), SALES_FCAT_PIPELINE);
	assert_stage("Verbal", SALES_OPEN, PCT(90), SALES_FCAT_COMMIT);
	assert_stage("signed", SALES_WON, PCT(100), SALES_FCAT_CLOSED);
	assert_stage("Gone", SALES_LOST, 0, SALES_FCAT_OMITTED);
	/* A file's stage overrides the built-in one. */
	assert_stage("Prospecting", SALES_OPEN, PCT(5),
	    SALES_FCAT_BEST_CASE);
	assert_stage("Closed Lost", SALES_LOST, 0, SALES_FCAT_OMITTED);
}
END_TEST

START_TEST(test_load_columns)
{
	char err[256];

	/*
	 * Columns are found by name in any order; a "%" in the probability
	 * header makes "0.5" half a percent; the forecast category defaults
	 * from the state.
	 */
	ck_assert_int_eq(load(
	    "Probability (%), State ,STAGE\r\n"
	    "0.5,open,Tiny\r\n"
	    "\"0\",\"lost\",\"Lost, sadly\"\r\n"
	    "100,won,Booked\r\n", err, sizeof(err)), SALES_OK);
	assert_stage("tiny", SALES_OPEN, 5000, SALES_FCAT_PIPELINE);
	assert_stage("Lost, sadly", SALES_LOST, 0, SALES_FCAT_OMITTED);
	assert_stage("booked", SALES_WON, PCT(100), SALES_FCAT_CLOSED);
}
END_TEST

START_TEST(test_load_header_only)
{
	char err[256];

	ck_assert_int_eq(load("stage,state,probability\n", err, sizeof(err)),
	    SALES_OK);
}
END_TEST

static const struct {
	const char	*text;
	int		 rc;
	const char	*err;
} load_errors[] = {
	{ "stage,state,probability\nA,open,10\nB,maybe,10\n", SALES_EDATA,
	  "stages.csv:3: column \"state\": \"maybe\" is not a state "
	  "(open, won, lost)" },
	{ "stage,state,probability\nA,,10\n", SALES_EDATA,
	  "stages.csv:2: column \"state\": \"\" is empty" },
	{ "stage,state,probability\nA,open,150\n", SALES_EDATA,
	  "stages.csv:2: column \"probability\": \"150\" is out of range" },
	{ "stage,state,probability\nA,open,lots\n", SALES_EDATA,
	  "stages.csv:2: column \"probability\": \"lots\" is not a "
	  "probability" },
	{ "stage,state,probability\nA,open, \n", SALES_EDATA,
	  "stages.csv:2: column \"probability\": \"\" is empty" },
	{ "stage,state,probability\n  ,open,10\n", SALES_EDATA,
	  "stages.csv:2: column \"stage\": \"\" is empty" },
	{ "stage,state,probability,forecast_category\nA,open,10,maybe\n",
	  SALES_EDATA,
	  "stages.csv:2: column \"forecast_category\": \"maybe\" is not a "
	  "forecast category (pipeline, best_case, commit, closed, "
	  "omitted)" },
	/* The line is where the record starts, after a multi-line field. */
	{ "stage,state,probability\n\"Two\nLines\",open,10\nC,open,-1\n",
	  SALES_EDATA,
	  "stages.csv:4: column \"probability\": \"-1\" is out of range" },
	{ "stage,probability\nA,10\n", SALES_EDATA,
	  "stages.csv: missing column \"state\" (looked for \"state\"; use "
	  "--map state=HEADER)" },
	{ "state,Probability (%)\nopen,10\n", SALES_EDATA,
	  "stages.csv: missing column \"stage\" (looked for \"stage\"; use "
	  "--map stage=HEADER)" },
	{ "stage,state,probability,Probability\nA,open,10,10\n", SALES_EDATA,
	  "stages.csv: ambiguous column \"probability\": \"probability\" and "
	  "\"Probability\" both match (use --map probability=HEADER)" },
};

START_TEST(test_load_errors)
{
	char err[256];

	ck_assert_int_eq(load(load_errors[_i].text, err, sizeof(err)),
	    load_errors[_i].rc);
	ck_assert_str_eq(err, load_errors[_i].err);
}
END_TEST

START_TEST(test_load_csv_errors)
{
	struct sales_csv *c;
	char err[256];
	const char *text;
	FILE *fp;
	int rc;

	/* An empty file: the reader's message and status, as they are. */
	ck_assert_int_eq(load("", err, sizeof(err)), SALES_EPARSE);
	ck_assert_ptr_nonnull(strstr(err, "stages.csv"));

	/* A short row stops the load with the reader's message. */
	text = "stage,state,probability\nA,open,10\nB,open\n";
	fp = fmemopen((void *)text, strlen(text), "r");
	ck_assert_ptr_nonnull(fp);
	c = sales_csv_open(fp, "stages.csv", NULL);
	ck_assert_ptr_nonnull(c);
	rc = sales_stages_load(stages, c, err, sizeof(err));
	ck_assert_int_eq(rc, SALES_EDATA);
	ck_assert_str_eq(err, sales_csv_error(c));
	ck_assert_ptr_nonnull(strstr(err, "stages.csv:3:"));
	sales_csv_close(c);
	fclose(fp);
}
END_TEST

Suite *
stage_suite(void)
{
	Suite *s = suite_create("stage");
	TCase *tc;

	tc = tcase_create("table");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_builtin, 0, NELEM(builtin_cases));
	tcase_add_loop_test(tc, test_unknown, 0, NELEM(unknown_cases));
	tcase_add_test(tc, test_find_length);
	tcase_add_test(tc, test_override);
	tcase_add_test(tc, test_add_new);
	tcase_add_test(tc, test_grow);
	tcase_add_test(tc, test_free_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_state_parse, 0, NELEM(state_cases));
	tcase_add_test(tc, test_state_name);
	tcase_add_loop_test(tc, test_fcat_parse, 0, NELEM(fcat_cases));
	tcase_add_test(tc, test_fcat_name);
	tcase_add_loop_test(tc, test_prob_parse, 0, NELEM(prob_cases));
	tcase_add_test(tc, test_prob_length);
	suite_add_tcase(s, tc);

	tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_load);
	tcase_add_test(tc, test_load_columns);
	tcase_add_test(tc, test_load_header_only);
	tcase_add_loop_test(tc, test_load_errors, 0, NELEM(load_errors));
	tcase_add_test(tc, test_load_csv_errors);
	suite_add_tcase(s, tc);

	return s;
}
