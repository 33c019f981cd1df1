/*
 * check_schema.c - unit tests for schema.c: binding a schema to header
 * rows (normalisation, ranks, ambiguity, missing columns), --map
 * overrides and their parsing.  Header rows are built by hand.
 */
#include <string.h>

#include <check.h>

#include "sales.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAXHDR		16

/* A test schema shaped like the opportunities one. */
enum {
	OWNER,
	AMOUNT,
	STAGE,
	CLOSE_DATE,
	PROBABILITY,
	ACCOUNT,
	FCAT,
	NCOLS
};

#define REQUIRED	(1u << OWNER | 1u << AMOUNT | 1u << STAGE | \
			 1u << CLOSE_DATE)

static const char *const columns[NCOLS] = {
	"owner", "amount", "stage", "close_date", "probability", "account",
	"forecast_category"
};

static const struct sales_alias aliases[] = {
	{ OWNER, 0, "Opportunity Owner" },
	{ OWNER, 0, "Deal owner" },
	{ OWNER, 1, "Sales Rep" },
	{ AMOUNT, 0, "Amount (Converted)" },
	{ AMOUNT, 1, "Amount" },
	{ AMOUNT, 1, "Deal Value" },
	{ STAGE, 0, "Stage" },
	{ STAGE, 0, "Deal Stage" },
	/* Out of rank order on purpose: messages list them by rank. */
	{ CLOSE_DATE, 2, "Expected Close Date" },
	{ CLOSE_DATE, 0, "Close Date" },
	{ CLOSE_DATE, 1, "Deal - Expected close date" },
	{ CLOSE_DATE, 0, "CloseDate" },
	{ PROBABILITY, 0, "Probability (%)" },
	{ ACCOUNT, 0, "Account Name" },
	{ ACCOUNT, 1, "Company" },
	/* The canonical name listed with a worse rank. */
	{ FCAT, 0, "Forecast Category Name" },
	{ FCAT, 1, "Forecast Category" },
};

static const struct sales_schema schema = {
	columns, NCOLS, aliases, NELEM(aliases)
};

/* A header row over string literals. */
struct hdr {
	char			*fields[MAXHDR];
	size_t			 lens[MAXHDR];
	struct sales_row	 row;
};

/* Fills h from a NULL-terminated list of header names. */
static const struct sales_row *
make_hdr(struct hdr *h, const char *const *names)
{
	size_t n;

	for (n = 0; names[n] != NULL; n++) {
		ck_assert_uint_lt(n, MAXHDR);
		h->fields[n] = (char *)names[n];
		h->lens[n] = strlen(names[n]);
	}
	h->row.nfields = n;
	h->row.fields = h->fields;
	h->row.lens = h->lens;
	h->row.line = 1;
	return &h->row;
}

/* Binds names; returns the status, index and err filled. */
static int
bind(const char *const *names, uint64_t required,
    const struct sales_map *map, size_t nmap, int *index, char *err,
    size_t errsz)
{
	struct hdr h;

	err[0] = '\0';
	return sales_schema_bind(&schema, make_hdr(&h, names), required,
	    map, nmap, index, err, errsz);
}

START_TEST(test_salesforce_report)
{
	static const char *const names[] = {
		"Opportunity Owner", "Account Name", "Amount", "Close Date",
		"Stage", "Probability (%)", NULL
	};
	int index[NCOLS];
	char err[256];

	ck_assert_int_eq(bind(names, REQUIRED, NULL, 0, index, err,
	    sizeof(err)), SALES_OK);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(index[OWNER], 0);
	ck_assert_int_eq(index[ACCOUNT], 1);
	ck_assert_int_eq(index[AMOUNT], 2);
	ck_assert_int_eq(index[CLOSE_DATE], 3);
	ck_assert_int_eq(index[STAGE], 4);
	ck_assert_int_eq(index[PROBABILITY], 5);
	ck_assert_int_eq(index[FCAT], -1);
}
END_TEST

START_TEST(test_hubspot_export)
{
	static const char *const names[] = {
		"Record ID", "Deal Name", "Deal Stage", "Amount",
		"Close Date", "Create Date", "Deal owner", "Pipeline", NULL
	};
	int index[NCOLS];
	char err[256];

	ck_assert_int_eq(bind(names, REQUIRED, NULL, 0, index, err,
	    sizeof(err)), SALES_OK);
	ck_assert_int_eq(index[OWNER], 6);
	ck_assert_int_eq(index[AMOUNT], 3);
	ck_assert_int_eq(index[STAGE], 2);
	ck_assert_int_eq(index[CLOSE_DATE], 4);
	ck_assert_int_eq(index[PROBABILITY], -1);
	ck_assert_int_eq(index[ACCOUNT], -1);
}
END_TEST

/* Better-ranked aliases win silently, whatever the header order. */
static const struct {
	const char	*names[5];
	int		 column;
	int		 index;
} rank_cases[] = {
	{ { "Amount", "Amount (Converted)", NULL }, AMOUNT, 1 },
	{ { "Amount (Converted)", "Amount", NULL }, AMOUNT, 0 },
	{ { "Amount", "Deal Value", "Amount (Converted)", NULL }, AMOUNT, 2 },
	{ { "Sales Rep", "owner", NULL }, OWNER, 1 },
	{ { "Expected Close Date", "Deal - Expected close date", NULL },
	  CLOSE_DATE, 1 },
	{ { "Expected Close Date", "close_date", NULL }, CLOSE_DATE, 1 },
	{ { "Forecast Category", "Forecast Category Name", NULL }, FCAT, 1 },
	{ { "ForecastCategory", "ForecastCategoryName", NULL }, FCAT, 1 },
	{ { "forecast_category", NULL }, FCAT, 0 },
	{ { "Company", "Account Name", NULL }, ACCOUNT, 1 },
};

START_TEST(test_rank)
{
	int index[NCOLS];
	char err[256];

	ck_assert_int_eq(bind(rank_cases[_i].names, 0, NULL, 0, index, err,
	    sizeof(err)), SALES_OK);
	ck_assert_int_eq(index[rank_cases[_i].column], rank_cases[_i].index);
}
END_TEST

/* Header names that do and do not normalise to close_date. */
static const struct {
	const char	*name;
	int		 found;
} norm_cases[] = {
	{ "close_date", 1 },
	{ "Close Date", 1 },
	{ "CloseDate", 1 },
	{ "CLOSE-DATE", 1 },
	{ "close.date", 1 },
	{ "\tclose date ", 1 },
	{ "_Close__Date_", 1 },
	{ "\xEF\xBB\xBF" "Close Date", 1 },
	{ "Deal - Expected close date", 1 },
	{ "DEAL_EXPECTED_CLOSE_DATE", 1 },
	{ "dealexpectedclosedate", 1 },
	{ "Close Dates", 0 },
	{ "Closed Date", 0 },
	{ "Close/Date", 0 },
	{ "Close Date (2)", 0 },
	{ "Close", 0 },
	{ "", 0 },
	{ "\xEF\xBB\xBF", 0 },
	{ "Clos\xC3\xA9 Date", 0 },
};

START_TEST(test_normalise)
{
	const char *names[] = { norm_cases[_i].name, NULL };
	int index[NCOLS];
	char err[256];

	ck_assert_int_eq(bind(names, 0, NULL, 0, index, err, sizeof(err)),
	    SALES_OK);
	ck_assert_int_eq(index[CLOSE_DATE], norm_cases[_i].found ? 0 : -1);
}
END_TEST

START_TEST(test_shared_header)
{
	static const char *const cols[] = { "rep", "owner" };
	static const struct sales_alias al[] = { { 0, 0, "Owner" } };
	static const struct sales_schema s = { cols, 2, al, 1 };
	static const char *const names[] = { "Owner", NULL };
	struct hdr h;
	int index[2];
	char err[64];

	/* One header may serve two canonical columns. */
	ck_assert_int_eq(sales_schema_bind(&s, make_hdr(&h, names), 3, NULL,
	    0, index, err, sizeof(err)), SALES_OK);
	ck_assert_int_eq(index[0], 0);
	ck_assert_int_eq(index[1], 0);
}
END_TEST

START_TEST(test_empty_header)
{
	static const char *const names[] = { NULL };
	int index[NCOLS];
	char err[256];
	int i;

	ck_assert_int_eq(bind(names, 0, NULL, 0, index, err, sizeof(err)),
	    SALES_OK);
	for (i = 0; i < NCOLS; i++)
		ck_assert_int_eq(index[i], -1);
}
END_TEST

static const struct {
	const char	*names[5];
	uint64_t	 required;
	const char	*err;
} error_cases[] = {
	{ { "Amount", "amount", NULL }, 0,
	  "ambiguous column \"amount\": \"Amount\" and \"amount\" both match "
	  "(use --map amount=HEADER)" },
	{ { "Deal Value", "Stage", "Amount", NULL }, 0,
	  "ambiguous column \"amount\": \"Deal Value\" and \"Amount\" both "
	  "match (use --map amount=HEADER)" },
	/* An optional column can be ambiguous too. */
	{ { "Account Name", "account", NULL }, 0,
	  "ambiguous column \"account\": \"Account Name\" and \"account\" "
	  "both match (use --map account=HEADER)" },
	{ { "owner", "amount", "stage", NULL }, REQUIRED,
	  "missing column \"close_date\" (looked for \"close_date\", "
	  "\"Close Date\", \"CloseDate\", \"Deal - Expected close date\", "
	  "\"Expected Close Date\"; use --map close_date=HEADER)" },
	{ { "amount", "stage", "close_date", NULL }, REQUIRED,
	  "missing column \"owner\" (looked for \"owner\", "
	  "\"Opportunity Owner\", \"Deal owner\", \"Sales Rep\"; use "
	  "--map owner=HEADER)" },
	{ { NULL }, 1u << PROBABILITY,
	  "missing column \"probability\" (looked for \"probability\", "
	  "\"Probability (%)\"; use --map probability=HEADER)" },
	/* The first column in schema order is reported. */
	{ { "Deal Value", NULL }, REQUIRED,
	  "missing column \"owner\" (looked for \"owner\", "
	  "\"Opportunity Owner\", \"Deal owner\", \"Sales Rep\"; use "
	  "--map owner=HEADER)" },
};

START_TEST(test_errors)
{
	int index[NCOLS];
	char err[512];

	ck_assert_int_eq(bind(error_cases[_i].names, error_cases[_i].required,
	    NULL, 0, index, err, sizeof(err)), SALES_EDATA);
	ck_assert_str_eq(err, error_cases[_i].err);
}
END_TEST

START_TEST(test_missing_short_buffer)
{
	static const char *const names[] = { "owner", NULL };
	int index[NCOLS];
	char err[120], tiny[10];

	/* The list of names is cut to leave room for the --map hint. */
	ck_assert_int_eq(bind(names, 1u << CLOSE_DATE, NULL, 0, index, err,
	    sizeof(err)), SALES_EDATA);
	ck_assert_str_eq(err, "missing column \"close_date\" (looked for "
	    "\"close_date\", \"Close Date\", \"CloseDate\", ...; use --map "
	    "close_date=HEADER)");
	/* A tiny buffer still gets a terminated string. */
	ck_assert_int_eq(bind(names, 1u << CLOSE_DATE, NULL, 0, index, tiny,
	    sizeof(tiny)), SALES_EDATA);
	ck_assert_str_eq(tiny, "missing c");
}
END_TEST

static const struct {
	const char	*names[5];
	struct sales_map map[2];
	size_t		 nmap;
	int		 column;
	int		 index;
} map_cases[] = {
	/* A map beats the aliases' ranks. */
	{ { "Amount", "Amount (Converted)", NULL },
	  { { "amount", "Amount" } }, 1, AMOUNT, 0 },
	/* ... and settles an ambiguity, preferring the exact text. */
	{ { "Amount", "amount", NULL }, { { "amount", "amount" } }, 1,
	  AMOUNT, 1 },
	{ { "Amount", "amount", NULL }, { { "amount", "Amount" } }, 1,
	  AMOUNT, 0 },
	/* Normalised comparison otherwise; first match. */
	{ { "Stage", "Due Date", NULL }, { { "close_date", "due-date" } }, 1,
	  CLOSE_DATE, 1 },
	{ { "Owner", "Amount", NULL }, { { "AMOUNT", "OWNER" } }, 1,
	  AMOUNT, 0 },
	/* A later map for the same column wins. */
	{ { "A", "B", NULL }, { { "owner", "A" }, { "owner", "B" } }, 2,
	  OWNER, 1 },
	/* A map naming a header also matched elsewhere is fine. */
	{ { "Amount", "Stage", NULL }, { { "owner", "Amount" } }, 1,
	  AMOUNT, 0 },
};

START_TEST(test_map)
{
	int index[NCOLS];
	char err[256];

	ck_assert_int_eq(bind(map_cases[_i].names, 0, map_cases[_i].map,
	    map_cases[_i].nmap, index, err, sizeof(err)), SALES_OK);
	ck_assert_int_eq(index[map_cases[_i].column], map_cases[_i].index);
}
END_TEST

START_TEST(test_map_required)
{
	static const char *const names[] = {
		"Rep", "Value", "Phase", "Due", NULL
	};
	static const struct sales_map map[] = {
		{ "owner", "Rep" }, { "amount", "Value" },
		{ "stage", "Phase" }, { "close_date", "Due" },
	};
	int index[NCOLS];
	char err[256];

	ck_assert_int_eq(bind(names, REQUIRED, map, NELEM(map), index, err,
	    sizeof(err)), SALES_OK);
	ck_assert_int_eq(index[OWNER], 0);
	ck_assert_int_eq(index[AMOUNT], 1);
	ck_assert_int_eq(index[STAGE], 2);
	ck_assert_int_eq(index[CLOSE_DATE], 3);
}
END_TEST

static const struct {
	struct sales_map map;
	const char	*err;
} map_errors[] = {
	{ { "foo", "Amount" },
	  "--map: unknown column \"foo\" (known: owner, amount, stage, "
	  "close_date, probability, account, forecast_category)" },
	{ { "close date", "Amount" },
	  "--map: unknown column \"close date\" (known: owner, amount, "
	  "stage, close_date, probability, account, forecast_category)" },
	{ { "amount", "Foo" },
	  "--map amount=Foo: no column \"Foo\" in the header" },
	{ { "amount", "Amount (USD)" },
	  "--map amount=Amount (USD): no column \"Amount (USD)\" in the "
	  "header" },
};

START_TEST(test_map_errors)
{
	static const char *const names[] = { "Amount", "Stage", NULL };
	int index[NCOLS];
	char err[256];

	ck_assert_int_eq(bind(names, 0, &map_errors[_i].map, 1, index, err,
	    sizeof(err)), SALES_EDATA);
	ck_assert_str_eq(err, map_errors[_i].err);
}
END_TEST

START_TEST(test_map_unknown_short)
{
	static const char *const names[] = { "Amount", NULL };
	static const struct sales_map map = { "foo", "Amount" };
	int index[NCOLS];
	char err[64];

	ck_assert_int_eq(bind(names, 0, &map, 1, index, err, sizeof(err)),
	    SALES_EDATA);
	ck_assert_str_eq(err, "--map: unknown column \"foo\" (known: owner, "
	    "amount, stage, ...)");
}
END_TEST

static const struct {
	const char	*arg;
	int		 rc;
	const char	*column;
	const char	*header;
} parse_cases[] = {
	{ "amount=Amount (Converted)", SALES_OK, "amount",
	  "Amount (Converted)" },
	{ " amount = Deal Value ", SALES_OK, "amount", "Deal Value" },
	{ "owner=a=b", SALES_OK, "owner", "a=b" },
	{ "x=y", SALES_OK, "x", "y" },
	{ "amount", SALES_EUSAGE, NULL, NULL },
	{ "=Amount", SALES_EUSAGE, NULL, NULL },
	{ "amount=", SALES_EUSAGE, NULL, NULL },
	{ " = x", SALES_EUSAGE, NULL, NULL },
	{ "amount=  ", SALES_EUSAGE, NULL, NULL },
	{ "=", SALES_EUSAGE, NULL, NULL },
	{ "", SALES_EUSAGE, NULL, NULL },
};

START_TEST(test_map_parse)
{
	struct sales_map m = { NULL, NULL };
	char arg[64];

	strcpy(arg, parse_cases[_i].arg);
	ck_assert_int_eq(sales_map_parse(arg, &m), parse_cases[_i].rc);
	if (parse_cases[_i].rc != SALES_OK) {
		ck_assert_ptr_null(m.column);
		return;
	}
	ck_assert_str_eq(m.column, parse_cases[_i].column);
	ck_assert_str_eq(m.header, parse_cases[_i].header);
	/* Pointers into arg. */
	ck_assert(m.column >= arg && m.column < arg + sizeof(arg));
	ck_assert(m.header >= arg && m.header < arg + sizeof(arg));
}
END_TEST

static const struct {
	const char	*name;
	int		 index;
} column_cases[] = {
	{ "owner", OWNER },
	{ "amount", AMOUNT },
	{ "AMOUNT", AMOUNT },
	{ "Close_Date", CLOSE_DATE },
	{ "forecast_category", FCAT },
	{ "close date", -1 },
	{ "closedate", -1 },
	{ "amoun", -1 },
	{ "amounts", -1 },
	{ "", -1 },
};

START_TEST(test_column)
{
	ck_assert_int_eq(sales_schema_column(&schema, column_cases[_i].name),
	    column_cases[_i].index);
}
END_TEST

Suite *
schema_suite(void)
{
	Suite *s = suite_create("schema");
	TCase *tc;

	tc = tcase_create("bind");
	tcase_add_test(tc, test_salesforce_report);
	tcase_add_test(tc, test_hubspot_export);
	tcase_add_loop_test(tc, test_rank, 0, NELEM(rank_cases));
	tcase_add_loop_test(tc, test_normalise, 0, NELEM(norm_cases));
	tcase_add_test(tc, test_shared_header);
	tcase_add_test(tc, test_empty_header);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_errors, 0, NELEM(error_cases));
	tcase_add_test(tc, test_missing_short_buffer);
	suite_add_tcase(s, tc);

	tc = tcase_create("map");
	tcase_add_loop_test(tc, test_map, 0, NELEM(map_cases));
	tcase_add_test(tc, test_map_required);
	tcase_add_loop_test(tc, test_map_errors, 0, NELEM(map_errors));
	tcase_add_test(tc, test_map_unknown_short);
	tcase_add_loop_test(tc, test_map_parse, 0, NELEM(parse_cases));
	tcase_add_loop_test(tc, test_column, 0, NELEM(column_cases));
	suite_add_tcase(s, tc);

	return s;
}
