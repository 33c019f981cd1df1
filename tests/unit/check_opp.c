/*
 * check_opp.c - unit tests for opp.c: reading deals from the exports of
 * Salesforce (reports and Data Export), HubSpot and Pipedrive, how the
 * state, probability and forecast category of a deal are decided, every
 * row error with its exact message, and the errors of opening a file.
 *
 * Input is CSV text in memory, read through fmemopen(3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "sales.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define PCT(n)		((n) * (SALES_PPM / 100))
#define BIT(c)		((uint64_t)1 << (c))
#define REQUIRED	(BIT(SALES_OPP_OWNER) | BIT(SALES_OPP_AMOUNT) | \
			 BIT(SALES_OPP_STAGE) | BIT(SALES_OPP_CLOSE_DATE))

/* The file name every message starts with. */
#define FILE_NAME	"deals.csv"

/* One open input: the stream, its CSV reader and the deal reader. */
static FILE			*fp;
static struct sales_csv		*csv;
static struct sales_opp_reader	*reader;
static struct sales_stages	*stages;
static struct sales_opp_options	 opts;
static char			 open_err[512];

static void	setup(void);
static void	teardown(void);
static int	try_open(const char *);
static void	open_ok(const char *);
static void	next_ok(struct sales_opp *);
static void	next_bad(const char *);
static void	next_eof(void);

static void
setup(void)
{
	stages = sales_stages_new();
	ck_assert_ptr_nonnull(stages);
	memset(&opts, 0, sizeof(opts));
	opts.date_order = SALES_DATE_MDY;
	opts.stages = stages;
	fp = NULL;
	csv = NULL;
	reader = NULL;
	open_err[0] = '\0';
}

static void
teardown(void)
{
	sales_opp_close(reader);
	sales_csv_close(csv);
	if (fp != NULL)
		fclose(fp);
	sales_stages_free(stages);
	reader = NULL;
	csv = NULL;
	fp = NULL;
	stages = NULL;
}

/*
 * Opens a deal reader on text with the current opts.  Returns what
 * sales_opp_open returned; the message is in open_err.  text must be a
 * string literal or otherwise outlive the test.
 */
static int
try_open(const char *text)
{
	int rc;

	fp = fmemopen((void *)text, strlen(text), "r");
	ck_assert_ptr_nonnull(fp);
	csv = sales_csv_open(fp, FILE_NAME, NULL);
	ck_assert_ptr_nonnull(csv);
	rc = sales_opp_open(csv, &opts, &reader, open_err, sizeof(open_err));
	if (rc == SALES_OK)
		ck_assert_ptr_nonnull(reader);
	else
		ck_assert_ptr_null(reader);
	return rc;
}

static void
open_ok(const char *text)
{
	int rc = try_open(text);

	ck_assert_msg(rc == SALES_OK, "open: %d %s", rc, open_err);
}

static void
next_ok(struct sales_opp *d)
{
	int rc;

	memset(d, 0xa5, sizeof(*d));
	rc = sales_opp_next(reader, d);
	ck_assert_msg(rc == SALES_OK, "next: %d %s", rc,
	    sales_opp_error(reader));
}

/* The next row must be SALES_EDATA with exactly message msg. */
static void
next_bad(const char *msg)
{
	struct sales_opp d;

	ck_assert_int_eq(sales_opp_next(reader, &d), SALES_EDATA);
	ck_assert_str_eq(sales_opp_error(reader), msg);
}

static void
next_eof(void)
{
	struct sales_opp d;

	ck_assert_int_eq(sales_opp_next(reader, &d), SALES_EOF);
}

static int32_t
ymd(int y, int m, int d)
{
	return sales_date_from_ymd(y, m, d);
}

/*
 * Exports.
 */

/* A Salesforce "Opportunities" report, with its footer. */
START_TEST(test_salesforce_report)
{
	static const char text[] =
	    "\"Opportunity Owner\",\"Account Name\",\"Amount\","
	    "\"Close Date\",\"Stage\",\"Probability (%)\","
	    "\"Forecast Category\"\n"
	    "\"Ann Lee\",\"Acme\",\"$1,234.50\",\"3/15/2026\","
	    "\"Prospecting\",\"10\",\"Pipeline\"\n"
	    "\"Bob\",\"Beta Corp\",\"$25,000.00\",\"12/1/2026\","
	    "\"Closed Won\",\"100\",\"Closed\"\n"
	    "\"Cy\",\"Gamma\",\"$0.50\",\"1/31/2027\",\"Negotiation/Review\","
	    "\"90\",\"Commit\"\n"
	    "\"Di\",\"Delta\",\"($7.25)\",\"2/28/2026\",\"Closed Lost\","
	    "\"0\",\"Omitted\"\n"
	    "\n"
	    "\"Grand Totals (4 records)\",\"\",\"\",\"\",\"\","
	    "\"\",\"\"\n"
	    "\"Confidential Information - Do Not Distribute\",\"\",\"\","
	    "\"\",\"\",\"\",\"\"\n";
	struct sales_opp d;

	open_ok(text);
	ck_assert_uint_eq(sales_opp_columns(reader), REQUIRED |
	    BIT(SALES_OPP_ACCOUNT) | BIT(SALES_OPP_PROBABILITY) |
	    BIT(SALES_OPP_FORECAST_CATEGORY));

	next_ok(&d);
	ck_assert_str_eq(d.owner, "Ann Lee");
	ck_assert_str_eq(d.account, "Acme");
	ck_assert_str_eq(d.stage, "Prospecting");
	/* Absent optional text columns read as "". */
	ck_assert_str_eq(d.id, "");
	ck_assert_str_eq(d.name, "");
	ck_assert_str_eq(d.team, "");
	ck_assert_str_eq(d.manager, "");
	ck_assert_int_eq(d.amount, 123450);
	ck_assert_int_eq(d.close, ymd(2026, 3, 15));
	ck_assert_int_eq(d.created, SALES_DATE_NONE);
	ck_assert_int_eq(d.prob, PCT(10));
	ck_assert_int_eq(d.state, SALES_OPEN);
	ck_assert_int_eq(d.fcat, SALES_FCAT_PIPELINE);
	ck_assert_uint_eq(d.line, 2);

	next_ok(&d);
	ck_assert_str_eq(d.owner, "Bob");
	ck_assert_str_eq(d.account, "Beta Corp");
	ck_assert_int_eq(d.amount, 2500000);
	ck_assert_int_eq(d.close, ymd(2026, 12, 1));
	ck_assert_int_eq(d.prob, SALES_PPM);
	ck_assert_int_eq(d.state, SALES_WON);
	ck_assert_int_eq(d.fcat, SALES_FCAT_CLOSED);
	ck_assert_uint_eq(d.line, 3);

	next_ok(&d);
	ck_assert_str_eq(d.owner, "Cy");
	ck_assert_int_eq(d.amount, 50);
	ck_assert_int_eq(d.close, ymd(2027, 1, 31));
	ck_assert_int_eq(d.prob, PCT(90));
	ck_assert_int_eq(d.state, SALES_OPEN);
	ck_assert_int_eq(d.fcat, SALES_FCAT_COMMIT);

	next_ok(&d);
	ck_assert_str_eq(d.owner, "Di");
	ck_assert_int_eq(d.amount, -725);
	ck_assert_int_eq(d.close, ymd(2026, 2, 28));
	ck_assert_int_eq(d.prob, 0);
	ck_assert_int_eq(d.state, SALES_LOST);
	ck_assert_int_eq(d.fcat, SALES_FCAT_OMITTED);
	ck_assert_uint_eq(d.line, 5);

	/* The footer ends the data. */
	next_eof();
}
END_TEST

/* A HubSpot deal export with internal stage ids and date-times. */
START_TEST(test_hubspot)
{
	static const char text[] =
	    "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,"
	    "Deal owner\n"
	    "101,Big deal,appointmentscheduled,5000,2026-12-15 00:00,"
	    "2026-01-02 09:30,Ann\n"
	    "102,Renewal,closedwon,1200.5,2026-02-01 00:00,"
	    "2025-11-30 00:00,Bob\n"
	    "103,Lost one,closedlost,300,2026-01-20 00:00,,Cy\n"
	    "104,Late,contractsent,,,2026-01-05 14:15,Ann\n";
	struct sales_opp d;

	open_ok(text);
	ck_assert_uint_eq(sales_opp_columns(reader), REQUIRED |
	    BIT(SALES_OPP_ID) | BIT(SALES_OPP_NAME) |
	    BIT(SALES_OPP_CREATED_DATE));

	next_ok(&d);
	ck_assert_str_eq(d.id, "101");
	ck_assert_str_eq(d.name, "Big deal");
	ck_assert_str_eq(d.stage, "appointmentscheduled");
	ck_assert_str_eq(d.owner, "Ann");
	ck_assert_str_eq(d.account, "");
	ck_assert_int_eq(d.amount, 500000);
	ck_assert_int_eq(d.close, ymd(2026, 12, 15));
	ck_assert_int_eq(d.created, ymd(2026, 1, 2));
	ck_assert_int_eq(d.prob, PCT(20));
	ck_assert_int_eq(d.state, SALES_OPEN);
	ck_assert_int_eq(d.fcat, SALES_FCAT_PIPELINE);

	next_ok(&d);
	ck_assert_str_eq(d.id, "102");
	ck_assert_int_eq(d.amount, 120050);
	ck_assert_int_eq(d.close, ymd(2026, 2, 1));
	ck_assert_int_eq(d.created, ymd(2025, 11, 30));
	ck_assert_int_eq(d.prob, SALES_PPM);
	ck_assert_int_eq(d.state, SALES_WON);
	ck_assert_int_eq(d.fcat, SALES_FCAT_CLOSED);

	next_ok(&d);
	ck_assert_str_eq(d.id, "103");
	/* An empty created date is no date, not an error. */
	ck_assert_int_eq(d.created, SALES_DATE_NONE);
	ck_assert_int_eq(d.prob, 0);
	ck_assert_int_eq(d.state, SALES_LOST);
	ck_assert_int_eq(d.fcat, SALES_FCAT_OMITTED);

	/* Empty amount and close date on an open deal: 0, unscheduled. */
	next_ok(&d);
	ck_assert_str_eq(d.id, "104");
	ck_assert_int_eq(d.amount, 0);
	ck_assert_int_eq(d.close, SALES_DATE_NONE);
	ck_assert_int_eq(d.created, ymd(2026, 1, 5));
	ck_assert_int_eq(d.prob, PCT(90));
	ck_assert_uint_eq(d.line, 5);

	next_eof();
}
END_TEST

/*
 * Salesforce Data Export (API names): IsClosed/IsWon decide the state,
 * so a stage the table does not know is no error.
 */
START_TEST(test_salesforce_export)
{
	static const char text[] =
	    "Id,OwnerId,AccountId,Name,StageName,Amount,Probability,"
	    "CloseDate,IsClosed,IsWon,ForecastCategoryName,CreatedDate\n"
	    "0061,0051,0011,One,Custom Stage,1000,25,2026-03-31,false,false,"
	    "BestCase,2025-01-02T10:00:00.000Z\n"
	    "0062,0051,0012,Two,Signed,2000,,2026-01-15,true,true,,"
	    "2025-01-03T10:00:00.000Z\n"
	    "0063,0052,0013,Three,Dead,3000,,2026-01-16,true,false,,"
	    "2025-01-04T10:00:00.000Z\n"
	    "0064,0052,0014,Four,Custom Stage,4000,,,false,false,,"
	    "2025-01-05T10:00:00.000Z\n"
	    /* A known closed stage, but IsClosed says open. */
	    "0065,0052,0015,Five,Closed Won,5000,,2026-05-01,false,false,,"
	    "2025-01-06T10:00:00.000Z\n";
	struct sales_opp d;

	open_ok(text);
	ck_assert_uint_eq(sales_opp_columns(reader), REQUIRED |
	    BIT(SALES_OPP_ID) | BIT(SALES_OPP_ACCOUNT) | BIT(SALES_OPP_NAME) |
	    BIT(SALES_OPP_PROBABILITY) | BIT(SALES_OPP_CREATED_DATE) |
	    BIT(SALES_OPP_FORECAST_CATEGORY) | BIT(SALES_OPP_IS_CLOSED) |
	    BIT(SALES_OPP_IS_WON));

	next_ok(&d);
	ck_assert_str_eq(d.id, "0061");
	ck_assert_str_eq(d.owner, "0051");
	ck_assert_str_eq(d.account, "0011");
	ck_assert_str_eq(d.name, "One");
	ck_assert_str_eq(d.stage, "Custom Stage");
	ck_assert_int_eq(d.amount, 100000);
	ck_assert_int_eq(d.close, ymd(2026, 3, 31));
	ck_assert_int_eq(d.created, ymd(2025, 1, 2));
	ck_assert_int_eq(d.state, SALES_OPEN);
	ck_assert_int_eq(d.prob, PCT(25));
	ck_assert_int_eq(d.fcat, SALES_FCAT_BEST_CASE);

	/* Unknown stage, no probability: won counts 100%, closed. */
	next_ok(&d);
	ck_assert_str_eq(d.stage, "Signed");
	ck_assert_int_eq(d.state, SALES_WON);
	ck_assert_int_eq(d.prob, SALES_PPM);
	ck_assert_int_eq(d.fcat, SALES_FCAT_CLOSED);

	next_ok(&d);
	ck_assert_str_eq(d.stage, "Dead");
	ck_assert_int_eq(d.state, SALES_LOST);
	ck_assert_int_eq(d.prob, 0);
	ck_assert_int_eq(d.fcat, SALES_FCAT_OMITTED);

	/* Unknown open stage: 0%, pipeline; may be unscheduled. */
	next_ok(&d);
	ck_assert_str_eq(d.stage, "Custom Stage");
	ck_assert_int_eq(d.state, SALES_OPEN);
	ck_assert_int_eq(d.close, SALES_DATE_NONE);
	ck_assert_int_eq(d.prob, 0);
	ck_assert_int_eq(d.fcat, SALES_FCAT_PIPELINE);

	next_ok(&d);
	ck_assert_str_eq(d.stage, "Closed Won");
	ck_assert_int_eq(d.state, SALES_OPEN);

	next_eof();
}
END_TEST

/*
 * Whole headers as the exports write them: the columns we do not read
 * neither match nor clash with ours.
 */
START_TEST(test_full_headers)
{
	static const char sfdc[] =
	    "\"Id\",\"IsDeleted\",\"AccountId\",\"IsPrivate\",\"Name\","
	    "\"Description\",\"StageName\",\"Amount\",\"Probability\","
	    "\"ExpectedRevenue\",\"TotalOpportunityQuantity\",\"CloseDate\","
	    "\"Type\",\"NextStep\",\"LeadSource\",\"IsClosed\",\"IsWon\","
	    "\"ForecastCategory\",\"ForecastCategoryName\","
	    "\"CurrencyIsoCode\",\"CampaignId\",\"HasOpportunityLineItem\","
	    "\"Pricebook2Id\",\"OwnerId\",\"CreatedDate\",\"CreatedById\","
	    "\"LastModifiedDate\",\"LastModifiedById\",\"SystemModstamp\","
	    "\"LastActivityDate\",\"FiscalQuarter\",\"FiscalYear\","
	    "\"Fiscal\",\"ContactId\",\"LastStageChangeDate\"\n"
	    "\"006A\",\"false\",\"001A\",\"false\",\"Deal\",\"\","
	    "\"Id. Decision Makers\",\"1500.0\",\"60\",\"900.0\",\"\","
	    "\"2026-06-30\",\"New\",\"\",\"Web\",\"false\",\"false\","
	    "\"BestCase\",\"Commit\",\"USD\",\"\",\"false\",\"\","
	    "\"005A\",\"2025-10-01T09:00:00.000+0000\",\"005A\","
	    "\"2025-10-02T09:00:00.000+0000\",\"005A\","
	    "\"2025-10-02T09:00:00.000+0000\",\"\",\"2\",\"2026\","
	    "\"2026 2\",\"\",\"\"\n";
	static const char hubspot[] =
	    "\"Record ID\",\"Deal Name\",\"Deal Stage\",\"Close Date\","
	    "\"Deal owner\",\"Amount\",\"Create Date\",\"Pipeline\","
	    "\"Last Activity Date\",\"Associated Company IDs\","
	    "\"Date entered \"\"Closed Won (Sales Pipeline)\"\"\"\n"
	    "\"9001\",\"Solar\",\"Closed Won\",\"2026-01-15 10:00\","
	    "\"Ann\",\"45362.12\",\"2025-12-01 09:00\",\"Sales Pipeline\","
	    "\"\",\"77\",\"2026-01-15 10:00\"\n";
	struct sales_opp d;

	open_ok(sfdc);
	ck_assert_uint_eq(sales_opp_columns(reader), REQUIRED |
	    BIT(SALES_OPP_ID) | BIT(SALES_OPP_ACCOUNT) | BIT(SALES_OPP_NAME) |
	    BIT(SALES_OPP_PROBABILITY) | BIT(SALES_OPP_CREATED_DATE) |
	    BIT(SALES_OPP_FORECAST_CATEGORY) | BIT(SALES_OPP_CURRENCY) |
	    BIT(SALES_OPP_IS_CLOSED) | BIT(SALES_OPP_IS_WON));
	next_ok(&d);
	ck_assert_str_eq(d.id, "006A");
	ck_assert_str_eq(d.owner, "005A");
	ck_assert_int_eq(d.amount, 150000);
	ck_assert_int_eq(d.prob, PCT(60));
	ck_assert_int_eq(d.close, ymd(2026, 6, 30));
	ck_assert_int_eq(d.created, ymd(2025, 10, 1));
	ck_assert_int_eq(d.state, SALES_OPEN);
	/*
	 * ForecastCategoryName (the label) is read, not ForecastCategory
	 * (the API value); they disagree here only to show which it is.
	 */
	ck_assert_int_eq(d.fcat, SALES_FCAT_COMMIT);
	next_eof();
	teardown();
	setup();

	open_ok(hubspot);
	ck_assert_uint_eq(sales_opp_columns(reader), REQUIRED |
	    BIT(SALES_OPP_ID) | BIT(SALES_OPP_NAME) |
	    BIT(SALES_OPP_CREATED_DATE));
	next_ok(&d);
	ck_assert_str_eq(d.id, "9001");
	ck_assert_int_eq(d.amount, 4536212);
	ck_assert_int_eq(d.state, SALES_WON);
	ck_assert_int_eq(d.close, ymd(2026, 1, 15));
	next_eof();
}
END_TEST

/* IsClosed and IsWon values Salesforce and people write. */
START_TEST(test_is_closed_values)
{
	static const char text[] =
	    "owner,amount,stage,close_date,is_closed,is_won\n"
	    "A,1,X,2026-01-01,TRUE,True\n"
	    "A,1,X,2026-01-01,1,0\n"
	    "A,1,X,2026-01-01,yes,no\n"
	    "A,1,X,2026-01-01,False,\n"
	    "A,1,X,2026-01-01, true , false \n";
	struct sales_opp d;

	open_ok(text);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_WON);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_LOST);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_LOST);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_OPEN);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_LOST);
	next_eof();
}
END_TEST

/* Without is_won, a closed deal is lost. */
START_TEST(test_is_closed_alone)
{
	static const char text[] =
	    "owner,amount,stage,close_date,IsClosed\n"
	    "A,1,Whatever,2026-01-01,true\n"
	    "A,1,Whatever,,false\n";
	struct sales_opp d;

	open_ok(text);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_LOST);
	ck_assert_int_eq(d.prob, 0);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_OPEN);
	next_eof();
}
END_TEST

/* Pipedrive: "Deal - Status" decides the state. */
START_TEST(test_pipedrive)
{
	static const char text[] =
	    "Deal - ID,Deal - Title,Deal - Owner,Deal - Value,"
	    "Deal - Currency,Deal - Stage,Deal - Status,"
	    "Deal - Expected close date,Deal - Organization,"
	    "Deal - Probability,Deal - Deal created\n"
	    "7,Seven,Ann,1500,EUR,Qualified,open,2026-04-30,Acme,40,"
	    "2026-01-10 08:00:00\n"
	    "8,Eight,Bob,2500,EUR,Negotiations Started,won,2026-01-31,Beta,,"
	    "2025-12-01 08:00:00\n"
	    "9,Nine,Bob,3500,EUR,Proposal Made,lost,2026-02-01,Gamma,,"
	    "2025-12-02 08:00:00\n"
	    /* A known won stage, but the status says open. */
	    "10,Ten,Cy,10,EUR,closedwon,Open,,Delta,,\n";
	struct sales_opp d;

	open_ok(text);
	ck_assert_uint_eq(sales_opp_columns(reader), REQUIRED |
	    BIT(SALES_OPP_ID) | BIT(SALES_OPP_NAME) | BIT(SALES_OPP_CURRENCY) |
	    BIT(SALES_OPP_STATUS) | BIT(SALES_OPP_ACCOUNT) |
	    BIT(SALES_OPP_PROBABILITY) | BIT(SALES_OPP_CREATED_DATE));

	next_ok(&d);
	ck_assert_str_eq(d.id, "7");
	ck_assert_str_eq(d.name, "Seven");
	ck_assert_str_eq(d.owner, "Ann");
	ck_assert_str_eq(d.account, "Acme");
	ck_assert_str_eq(d.stage, "Qualified");
	ck_assert_int_eq(d.amount, 150000);
	ck_assert_int_eq(d.close, ymd(2026, 4, 30));
	ck_assert_int_eq(d.created, ymd(2026, 1, 10));
	ck_assert_int_eq(d.state, SALES_OPEN);
	ck_assert_int_eq(d.prob, PCT(40));
	ck_assert_int_eq(d.fcat, SALES_FCAT_PIPELINE);

	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_WON);
	ck_assert_int_eq(d.prob, SALES_PPM);
	ck_assert_int_eq(d.fcat, SALES_FCAT_CLOSED);

	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_LOST);
	ck_assert_int_eq(d.prob, 0);
	ck_assert_int_eq(d.fcat, SALES_FCAT_OMITTED);

	next_ok(&d);
	ck_assert_str_eq(d.id, "10");
	ck_assert_int_eq(d.state, SALES_OPEN);
	ck_assert_int_eq(d.close, SALES_DATE_NONE);

	next_eof();
}
END_TEST

/* "Amount (Converted)" beats "Amount", wherever it stands. */
START_TEST(test_amount_converted)
{
	static const char text[] =
	    "Opportunity Owner,Amount,Amount (Converted),Close Date,Stage\n"
	    "Ann,100.00,90.50,1/2/2026,Prospecting\n";
	struct sales_opp d;

	open_ok(text);
	next_ok(&d);
	ck_assert_int_eq(d.amount, 9050);
	next_eof();
}
END_TEST

/* A multi-currency Salesforce report: the currency columns too. */
START_TEST(test_amount_multi_currency)
{
	static const char text[] =
	    "\"Opportunity Owner\",\"Amount Currency\",\"Amount\","
	    "\"Amount (Converted) Currency\",\"Amount (Converted)\","
	    "\"Close Date\",\"Stage\"\n"
	    "\"Ann\",\"EUR\",\"EUR 1,000.00\",\"USD\",\"USD 1,100.00\","
	    "\"1/2/2026\",\"Prospecting\"\n";
	struct sales_opp d;

	open_ok(text);
	ck_assert_uint_eq(sales_opp_columns(reader), REQUIRED |
	    BIT(SALES_OPP_CURRENCY));
	next_ok(&d);
	ck_assert_int_eq(d.amount, 110000);
	next_eof();
}
END_TEST

START_TEST(test_amount_converted_first)
{
	static const char text[] =
	    "Amount (Converted),Opportunity Owner,Amount,Close Date,Stage\n"
	    "\"1,000.01\",Ann,5,1/2/2026,Prospecting\n";
	struct sales_opp d;

	open_ok(text);
	next_ok(&d);
	ck_assert_int_eq(d.amount, 100001);
	next_eof();
}
END_TEST

/* HubSpot's converted amount beats its plain Amount. */
START_TEST(test_amount_hubspot_converted)
{
	static const char text[] =
	    "Deal owner,Amount,Amount in company currency,Close Date,"
	    "Deal Stage\n"
	    "Ann,100.00,91.25,2026-01-02,contractsent\n";
	struct sales_opp d;

	open_ok(text);
	next_ok(&d);
	ck_assert_int_eq(d.amount, 9125);
	next_eof();
}
END_TEST

/*
 * An empty IsClosed cell leaves the state to the stage; a state that
 * contradicts the stage takes that state's own defaults.
 */
START_TEST(test_is_closed_blank_and_contradicting)
{
	static const char text[] =
	    "OwnerId,Amount,StageName,CloseDate,IsClosed,IsWon\n"
	    "A,1,Closed Won,2026-01-02,,\n"
	    "A,1,Prospecting,2026-01-02,true,true\n"
	    "A,1,Negotiation/Review,2026-01-02,true,false\n"
	    "A,1,Closed Lost,2026-01-02,false,false\n";
	struct sales_opp d;

	open_ok(text);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_WON);
	ck_assert_int_eq(d.prob, SALES_PPM);
	ck_assert_int_eq(d.fcat, SALES_FCAT_CLOSED);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_WON);
	ck_assert_int_eq(d.prob, SALES_PPM);
	ck_assert_int_eq(d.fcat, SALES_FCAT_CLOSED);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_LOST);
	ck_assert_int_eq(d.prob, 0);
	ck_assert_int_eq(d.fcat, SALES_FCAT_OMITTED);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_OPEN);
	ck_assert_int_eq(d.prob, 0);
	ck_assert_int_eq(d.fcat, SALES_FCAT_PIPELINE);
	next_eof();
}
END_TEST

/* An ignored optional column is neither read nor checked. */
START_TEST(test_ignore_column)
{
	static const char text[] =
	    "owner,amount,stage,close_date,created_date\n"
	    "Ann,1,Prospecting,2026-01-02,not a date\n";
	struct sales_opp d;

	opts.ignore = BIT(SALES_OPP_CREATED_DATE);
	open_ok(text);
	ck_assert_uint_eq(sales_opp_columns(reader), REQUIRED |
	    BIT(SALES_OPP_CREATED_DATE));
	next_ok(&d);
	ck_assert_int_eq(d.created, SALES_DATE_NONE);
	next_eof();
}
END_TEST

/* Without ignore, the same row is bad. */
START_TEST(test_ignore_column_off)
{
	static const char text[] =
	    "owner,amount,stage,close_date,created_date\n"
	    "Ann,1,Prospecting,2026-01-02,not a date\n";

	open_ok(text);
	next_bad(FILE_NAME ":2: column \"created_date\": \"not a date\" "
	    "is not a date");
	next_eof();
}
END_TEST

/* Options pass through: a decimal comma and day-first dates. */
START_TEST(test_options_formats)
{
	static const char text[] =
	    "owner;amount;stage;close_date;created_date\n"
	    "Ann;1.234,50 \xe2\x82\xac;Prospecting;3/4/2026;31/12/2025\n";
	struct sales_csv_options co = { ';', NULL, 0, 0 };
	struct sales_opp d;

	opts.date_order = SALES_DATE_DMY;
	opts.money_flags = SALES_MONEY_DECIMAL_COMMA;
	fp = fmemopen((void *)text, strlen(text), "r");
	ck_assert_ptr_nonnull(fp);
	csv = sales_csv_open(fp, FILE_NAME, &co);
	ck_assert_ptr_nonnull(csv);
	ck_assert_int_eq(sales_opp_open(csv, &opts, &reader, open_err,
	    sizeof(open_err)), SALES_OK);
	next_ok(&d);
	ck_assert_int_eq(d.amount, 123450);
	ck_assert_int_eq(d.close, ymd(2026, 4, 3));
	ck_assert_int_eq(d.created, ymd(2025, 12, 31));
	next_eof();
}
END_TEST

/*
 * Probabilities and forecast categories.
 */

/*
 * A row's probability against the stage default, under a "Probability
 * (%)" header (every value a percentage) and a plain "probability"
 * header (a decimal value of at most 1 is a fraction).
 */
static const struct {
	const char	*header;
	const char	*cell;
	int32_t		 prob;
} prob_cases[] = {
	/* Empty: the stage default (Prospecting, 10%). */
	{ "Probability (%)", "", PCT(10) },
	{ "Probability (%)", "  ", PCT(10) },
	{ "probability", "", PCT(10) },
	/* The row's own value wins, even 0. */
	{ "Probability (%)", "0", 0 },
	{ "Probability (%)", "75", PCT(75) },
	{ "Probability (%)", "0.5", 5000 },
	{ "Probability (%)", "1.0", PCT(1) },
	{ "Probability (%)", "1", PCT(1) },
	{ "Probability (%)", "100", SALES_PPM },
	{ "Probability (%)", "12.5%", 125000 },
	{ "probability", "0.5", 500000 },
	{ "probability", "1.0", SALES_PPM },
	{ "probability", "0.05", 50000 },
	{ "probability", "1", PCT(1) },
	{ "probability", "50", PCT(50) },
	{ "probability", "0", 0 },
	{ "probability", "0.5%", 5000 },
	{ "probability", "33.3333", 333333 },
	{ "Deal probability", "0.8", 800000 },
};

START_TEST(test_probability)
{
	static char text[256];
	struct sales_opp d;

	snprintf(text, sizeof(text), "owner,amount,stage,close_date,\"%s\"\n"
	    "Ann,10,Prospecting,2026-01-01,\"%s\"\n", prob_cases[_i].header,
	    prob_cases[_i].cell);
	open_ok(text);
	next_ok(&d);
	ck_assert_msg(d.prob == prob_cases[_i].prob, "%s \"%s\": %d, not %d",
	    prob_cases[_i].header, prob_cases[_i].cell, (int)d.prob,
	    (int)prob_cases[_i].prob);
	next_eof();
}
END_TEST

/* No probability column: the stage default. */
START_TEST(test_probability_absent)
{
	static const char text[] =
	    "owner,amount,stage,close_date\n"
	    "Ann,10,Needs Analysis,2026-01-01\n"
	    "Ann,10,Negotiation/Review,2026-01-01\n"
	    "Ann,10,closed won,2026-01-01\n";
	struct sales_opp d;

	open_ok(text);
	ck_assert_uint_eq(sales_opp_columns(reader), REQUIRED);
	next_ok(&d);
	ck_assert_int_eq(d.prob, PCT(20));
	next_ok(&d);
	ck_assert_int_eq(d.prob, PCT(90));
	next_ok(&d);
	ck_assert_int_eq(d.prob, SALES_PPM);
	ck_assert_int_eq(d.state, SALES_WON);
	next_eof();
}
END_TEST

static const struct {
	const char	*cell;
	enum sales_fcat	 fcat;
} fcat_cases[] = {
	/* Empty: the stage's default (Prospecting: pipeline). */
	{ "", SALES_FCAT_PIPELINE },
	{ " ", SALES_FCAT_PIPELINE },
	{ "Pipeline", SALES_FCAT_PIPELINE },
	{ "Best Case", SALES_FCAT_BEST_CASE },
	{ "BestCase", SALES_FCAT_BEST_CASE },
	{ "best_case", SALES_FCAT_BEST_CASE },
	{ "Most Likely", SALES_FCAT_BEST_CASE },
	{ "Commit", SALES_FCAT_COMMIT },
	{ "Forecast", SALES_FCAT_COMMIT },
	{ "COMMIT", SALES_FCAT_COMMIT },
	{ "Closed", SALES_FCAT_CLOSED },
	{ "Closed won", SALES_FCAT_CLOSED },
	{ "Omitted", SALES_FCAT_OMITTED },
	{ "Not forecasted", SALES_FCAT_OMITTED },
};

START_TEST(test_fcat)
{
	static char text[256];
	struct sales_opp d;

	snprintf(text, sizeof(text), "owner,amount,stage,close_date,"
	    "Forecast Category\nAnn,10,Prospecting,2026-01-01,\"%s\"\n",
	    fcat_cases[_i].cell);
	open_ok(text);
	next_ok(&d);
	ck_assert_msg(d.fcat == fcat_cases[_i].fcat, "\"%s\": %d, not %d",
	    fcat_cases[_i].cell, (int)d.fcat, (int)fcat_cases[_i].fcat);
	next_eof();
}
END_TEST

/* No forecast category column: each stage's default. */
START_TEST(test_fcat_absent)
{
	static const char text[] =
	    "owner,amount,stage,close_date\n"
	    "Ann,10,Value Proposition,2026-01-01\n"
	    "Ann,10,Closed Won,2026-01-01\n"
	    "Ann,10,Closed Lost,2026-01-01\n";
	struct sales_opp d;

	open_ok(text);
	next_ok(&d);
	ck_assert_int_eq(d.fcat, SALES_FCAT_PIPELINE);
	next_ok(&d);
	ck_assert_int_eq(d.fcat, SALES_FCAT_CLOSED);
	next_ok(&d);
	ck_assert_int_eq(d.fcat, SALES_FCAT_OMITTED);
	next_eof();
}
END_TEST

/* A stage from --stages, and one overriding a built-in. */
START_TEST(test_custom_stage)
{
	static const char text[] =
	    "owner,amount,stage,close_date\n"
	    "Ann,10,verbal ,2026-01-01\n"
	    "Ann,10,Prospecting,2026-01-01\n"
	    "Ann,10,Signed,2026-01-01\n";
	struct sales_opp d;

	ck_assert_int_eq(sales_stages_add(stages, "Verbal", SALES_OPEN,
	    PCT(80), SALES_FCAT_COMMIT), SALES_OK);
	ck_assert_int_eq(sales_stages_add(stages, "Prospecting", SALES_OPEN,
	    PCT(5), SALES_FCAT_BEST_CASE), SALES_OK);
	ck_assert_int_eq(sales_stages_add(stages, "Signed", SALES_WON,
	    SALES_PPM, SALES_FCAT_CLOSED), SALES_OK);
	open_ok(text);
	next_ok(&d);
	ck_assert_str_eq(d.stage, "verbal ");
	ck_assert_int_eq(d.state, SALES_OPEN);
	ck_assert_int_eq(d.prob, PCT(80));
	ck_assert_int_eq(d.fcat, SALES_FCAT_COMMIT);
	next_ok(&d);
	ck_assert_int_eq(d.prob, PCT(5));
	ck_assert_int_eq(d.fcat, SALES_FCAT_BEST_CASE);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_WON);
	ck_assert_int_eq(d.fcat, SALES_FCAT_CLOSED);
	next_eof();
}
END_TEST

/*
 * Values repeat over many rows; similar values (same length, same first
 * and last byte) alternate, and a bad value between two good ones does
 * not change what the good one reads as.
 */
START_TEST(test_repeats)
{
	static const char text[] =
	    "owner,amount,stage,close_date,probability,forecast_category\n"
	    "A,1,Closed Won,2026-01-01,,Closed\n"
	    "A,1,Closed won,2026-01-01,1.5,Commit\n"
	    "A,1,Closed Wan,2026-01-01,1.5,Commit\n"
	    "A,1,Closed Won,2026-01-01,105,Commit\n"
	    "A,1,Closed Won,2026-01-01,1.5,Cammit\n"
	    "A,1,Closed Won,2026-01-01,1.5,Commit\n"
	    "A,1,closed won,2026-01-01,0.5,COMMIT\n"
	    "A,1,Closed Wan,2026-01-01,1.5,Commit\n"
	    "A,1,Closed Won,2026-01-01,0.5,Commit\n"
	    "A,1,Prospecting,2026-01-01,,\n";
	struct sales_opp d;

	open_ok(text);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_WON);
	ck_assert_int_eq(d.prob, SALES_PPM);
	ck_assert_int_eq(d.fcat, SALES_FCAT_CLOSED);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_WON);
	ck_assert_int_eq(d.prob, 15000);
	ck_assert_int_eq(d.fcat, SALES_FCAT_COMMIT);
	next_bad("deals.csv:4: column \"stage\": \"Closed Wan\" is not a "
	    "known stage (define it with --stages FILE)");
	next_bad("deals.csv:5: column \"probability\": \"105\" is out of "
	    "range");
	next_bad("deals.csv:6: column \"forecast_category\": \"Cammit\" is "
	    "not a forecast category (pipeline, best case, commit, closed, "
	    "omitted)");
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_WON);
	ck_assert_int_eq(d.prob, 15000);
	ck_assert_int_eq(d.fcat, SALES_FCAT_COMMIT);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_WON);
	ck_assert_int_eq(d.prob, 500000);
	ck_assert_int_eq(d.fcat, SALES_FCAT_COMMIT);
	next_bad("deals.csv:9: column \"stage\": \"Closed Wan\" is not a "
	    "known stage (define it with --stages FILE)");
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_WON);
	ck_assert_int_eq(d.prob, 500000);
	next_ok(&d);
	ck_assert_int_eq(d.state, SALES_OPEN);
	ck_assert_int_eq(d.prob, PCT(10));
	ck_assert_int_eq(d.fcat, SALES_FCAT_PIPELINE);
	next_eof();
}
END_TEST

/* Long stage and category names, as long as spreadsheets allow. */
START_TEST(test_long_names)
{
	static const char text[] =
	    "owner,amount,stage,close_date\n"
	    "A,1,Stage with a very long name indeed that goes on and on 1,"
	    "2026-01-01\n"
	    "A,1,Stage with a very long name indeed that goes on and on 2,"
	    "2026-01-01\n"
	    "A,1,Stage with a very long name indeed that goes on and on 1,"
	    "2026-01-01\n"
	    "A,1,Stage with a very long name indeed that goes on and on 2,"
	    "2026-01-01\n";
	struct sales_opp d;
	int i;

	ck_assert_int_eq(sales_stages_add(stages, "Stage with a very long "
	    "name indeed that goes on and on 1", SALES_OPEN, PCT(11),
	    SALES_FCAT_PIPELINE), SALES_OK);
	ck_assert_int_eq(sales_stages_add(stages, "Stage with a very long "
	    "name indeed that goes on and on 2", SALES_OPEN, PCT(22),
	    SALES_FCAT_COMMIT), SALES_OK);
	open_ok(text);
	for (i = 0; i < 4; i++) {
		next_ok(&d);
		ck_assert_int_eq(d.prob, i % 2 == 0 ? PCT(11) : PCT(22));
		ck_assert_int_eq(d.fcat, i % 2 == 0 ? SALES_FCAT_PIPELINE :
		    SALES_FCAT_COMMIT);
	}
	next_eof();
}
END_TEST


/*
 * Bad rows.
 */

#define HDR	"owner,amount,stage,close_date,created_date,probability," \
		"forecast_category\n"
#define COLS	"deals.csv:2: column "

static const struct {
	const char	*text;
	const char	*msg;
} bad_cases[] = {
	{ HDR "Ann,12x,Prospecting,2026-01-01,,,\n",
	    COLS "\"amount\": \"12x\" is not an amount" },
	{ HDR "Ann,1.234,Prospecting,2026-01-01,,,\n",
	    COLS "\"amount\": \"1.234\" has more than 2 decimal places" },
	{ HDR "Ann,99999999999999999999,Prospecting,2026-01-01,,,\n",
	    COLS "\"amount\": \"99999999999999999999\" is out of range" },
	{ HDR "Ann,1,Prospecting,soon,,,\n",
	    COLS "\"close_date\": \"soon\" is not a date" },
	{ HDR "Ann,1,Prospecting,2026-02-30,,,\n",
	    COLS "\"close_date\": \"2026-02-30\" is not a valid calendar "
	    "date" },
	{ HDR "Ann,1,Prospecting,13/1/2026,,,\n",
	    COLS "\"close_date\": \"13/1/2026\" is not a valid calendar "
	    "date" },
	{ HDR "Ann,1,Closed Won,,,,\n",
	    COLS "\"close_date\": \"\" is empty on a closed deal" },
	{ HDR "Ann,1,Closed Lost,,,,\n",
	    COLS "\"close_date\": \"\" is empty on a closed deal" },
	{ HDR "Ann,1,Prospecting,2026-01-01,yesterday,,\n",
	    COLS "\"created_date\": \"yesterday\" is not a date" },
	{ HDR "Ann,1,Prospecting,2026-01-01,2025-13-01,,\n",
	    COLS "\"created_date\": \"2025-13-01\" is not a valid calendar "
	    "date" },
	{ HDR "Ann,1,Nope,2026-01-01,,,\n",
	    COLS "\"stage\": \"Nope\" is not a known stage (define it with "
	    "--stages FILE)" },
	{ HDR "Ann,1,,2026-01-01,,,\n",
	    COLS "\"stage\": \"\" is empty" },
	{ HDR "Ann,1,Prospecting,2026-01-01,,abc,\n",
	    COLS "\"probability\": \"abc\" is not a probability" },
	{ HDR "Ann,1,Prospecting,2026-01-01,,150,\n",
	    COLS "\"probability\": \"150\" is out of range" },
	{ HDR "Ann,1,Prospecting,2026-01-01,,-5,\n",
	    COLS "\"probability\": \"-5\" is out of range" },
	{ HDR "Ann,1,Prospecting,2026-01-01,,,Maybe\n",
	    COLS "\"forecast_category\": \"Maybe\" is not a forecast category "
	    "(pipeline, best case, commit, closed, omitted)" },
	{ "owner,amount,stage,close_date,IsClosed,IsWon\n"
	    "Ann,1,Anything,2026-01-01,maybe,false\n",
	    COLS "\"is_closed\": \"maybe\" is not true or false" },
	{ "owner,amount,stage,close_date,IsClosed,IsWon\n"
	    "Ann,1,Anything,2026-01-01,true,perhaps\n",
	    COLS "\"is_won\": \"perhaps\" is not true or false" },
	{ "owner,amount,stage,close_date,IsClosed\n"
	    "Ann,1,,2026-01-01,false\n",
	    COLS "\"stage\": \"\" is empty" },
	{ "owner,amount,stage,close_date,IsClosed,IsWon\n"
	    "Ann,1,Anything,,true,true\n",
	    COLS "\"close_date\": \"\" is empty on a closed deal" },
	{ "owner,amount,stage,close_date,Deal - Status\n"
	    "Ann,1,Anything,2026-01-01,pending\n",
	    COLS "\"status\": \"pending\" is not a state (open, won, lost)" },
	{ "owner,amount,stage,close_date,Deal - Status\n"
	    "Ann,1,Anything,,lost\n",
	    COLS "\"close_date\": \"\" is empty on a closed deal" },
};

START_TEST(test_bad_row)
{
	const struct sales_row *row;

	open_ok(bad_cases[_i].text);
	next_bad(bad_cases[_i].msg);
	/* The raw row, for --rejects. */
	row = sales_opp_row(reader);
	ck_assert_ptr_nonnull(row);
	ck_assert_uint_eq(row->line, 2);
	ck_assert_str_eq(row->fields[0], "Ann");
	next_eof();
}
END_TEST

/* A row of the wrong width: the CSV reader's message, the raw row. */
START_TEST(test_ragged_row)
{
	static const char text[] =
	    "owner,amount,stage,close_date\n"
	    "Ann,1,Prospecting\n"
	    "Bob,2,Prospecting,2026-01-01\n"
	    "Cy,3,Prospecting,2026-01-01,extra\n";
	const struct sales_row *row;
	struct sales_opp d;

	open_ok(text);
	next_bad("deals.csv:2: row has 3 fields, header has 4");
	ck_assert_str_eq(sales_opp_error(reader), sales_csv_error(csv));
	row = sales_opp_row(reader);
	ck_assert_ptr_nonnull(row);
	ck_assert_uint_eq(row->nfields, 3);
	ck_assert_uint_eq(row->line, 2);
	ck_assert_str_eq(row->fields[0], "Ann");
	ck_assert_str_eq(row->fields[1], "1");
	ck_assert_str_eq(row->fields[2], "Prospecting");

	next_ok(&d);
	ck_assert_str_eq(d.owner, "Bob");
	ck_assert_uint_eq(d.line, 3);

	next_bad("deals.csv:4: row has 5 fields, header has 4");
	row = sales_opp_row(reader);
	ck_assert_uint_eq(row->nfields, 5);
	ck_assert_str_eq(row->fields[4], "extra");
	next_eof();
}
END_TEST

/* After a bad row the reader goes on, and line numbers stay right. */
START_TEST(test_continue_after_bad)
{
	static const char text[] =
	    "owner,amount,stage,close_date\n"
	    "Ann,1,Prospecting,2026-01-01\n"
	    "Bob,oops,Prospecting,2026-01-01\n"
	    "\"Cy\nCyson\",3,Prospecting,2026-01-01\n"
	    "Di,4,Nope,2026-01-01\n"
	    "Ed,5,Prospecting,2026-01-02\n";
	struct sales_opp d;

	open_ok(text);
	next_ok(&d);
	ck_assert_str_eq(d.owner, "Ann");
	next_bad("deals.csv:3: column \"amount\": \"oops\" is not an amount");
	ck_assert_str_eq(sales_opp_row(reader)->fields[0], "Bob");
	next_ok(&d);
	ck_assert_str_eq(d.owner, "Cy\nCyson");
	ck_assert_uint_eq(d.line, 4);
	next_bad("deals.csv:6: column \"stage\": \"Nope\" is not a known "
	    "stage (define it with --stages FILE)");
	next_ok(&d);
	ck_assert_str_eq(d.owner, "Ed");
	ck_assert_int_eq(d.amount, 500);
	ck_assert_int_eq(d.close, ymd(2026, 1, 2));
	ck_assert_uint_eq(d.line, 7);
	next_eof();
	next_eof();
}
END_TEST

/* A malformed file is fatal: the CSV reader's status and message. */
START_TEST(test_fatal)
{
	static const char text[] =
	    "owner,amount,stage,close_date\n"
	    "Ann,\"1,Prospecting,2026-01-01\n";
	struct sales_opp d;

	open_ok(text);
	ck_assert_int_eq(sales_opp_next(reader, &d), SALES_EPARSE);
	ck_assert_str_eq(sales_opp_error(reader),
	    "deals.csv:2: unterminated quoted field");
	ck_assert_str_eq(sales_opp_error(reader), sales_csv_error(csv));
	/* Later calls return the same status. */
	ck_assert_int_eq(sales_opp_next(reader, &d), SALES_EPARSE);
}
END_TEST

/* Data after a Salesforce footer is a bad row from the CSV reader. */
START_TEST(test_after_footer)
{
	static const char text[] =
	    "owner,amount,stage,close_date\n"
	    "Ann,1,Prospecting,2026-01-01\n"
	    "\"Grand Totals (1 records)\",,,\n"
	    "Bob,1,Prospecting,2026-01-01\n";
	struct sales_opp d;

	open_ok(text);
	next_ok(&d);
	next_bad("deals.csv:4: data after the report footer");
	ck_assert_str_eq(sales_opp_row(reader)->fields[0], "Bob");
	next_eof();
}
END_TEST

/* A long bad value is cut in the message, which stays one line. */
START_TEST(test_long_value)
{
	static char text[512];
	char want[256], value[201];
	struct sales_opp d;

	memset(value, 'x', 200);
	value[200] = '\0';
	snprintf(text, sizeof(text), "owner,amount,stage,close_date\n"
	    "Ann,%s,Prospecting,2026-01-01\nBob,1,Prospecting,2026-01-01\n",
	    value);
	open_ok(text);
	ck_assert_int_eq(sales_opp_next(reader, &d), SALES_EDATA);
	/* The value is shortened but the message still names it. */
	snprintf(want, sizeof(want), "deals.csv:2: column \"amount\": \"%.*s",
	    10, value);
	ck_assert(strncmp(sales_opp_error(reader), want, strlen(want)) == 0);
	ck_assert(strstr(sales_opp_error(reader), "\" is not an amount") !=
	    NULL);
	ck_assert_uint_lt(strlen(sales_opp_error(reader)), 200);
	next_ok(&d);
	ck_assert_str_eq(d.owner, "Bob");
}
END_TEST

/*
 * Opening.
 */

START_TEST(test_open_missing)
{
	ck_assert_int_eq(try_open("owner,amount,stage\nAnn,1,Prospecting\n"),
	    SALES_EDATA);
	ck_assert_str_eq(open_err, "deals.csv: missing column \"close_date\" "
	    "(looked for \"close_date\", \"Close Date\", "
	    "\"Deal - Expected close date\", \"Expected Close Date\"; "
	    "use --map close_date=HEADER)");
}
END_TEST

START_TEST(test_open_ambiguous)
{
	ck_assert_int_eq(try_open("Opportunity Owner,amount,stage,close_date,"
	    "Deal owner\n"), SALES_EDATA);
	ck_assert_str_eq(open_err, "deals.csv: ambiguous column \"owner\": "
	    "\"Opportunity Owner\" and \"Deal owner\" both match "
	    "(use --map owner=HEADER)");
}
END_TEST

/* options.need makes an optional column required. */
START_TEST(test_open_need)
{
	opts.need = BIT(SALES_OPP_ACCOUNT);
	ck_assert_int_eq(try_open("owner,amount,stage,close_date\n"),
	    SALES_EDATA);
	ck_assert_str_eq(open_err, "deals.csv: missing column \"account\" "
	    "(looked for \"account\", \"Account Name\", "
	    "\"Deal - Organization\", \"Company\", \"Company Name\", "
	    "\"Associated Company\", \"Organization\", \"AccountId\"; "
	    "use --map account=HEADER)");
}
END_TEST

START_TEST(test_open_need_present)
{
	struct sales_opp d;

	opts.need = BIT(SALES_OPP_ACCOUNT) | BIT(SALES_OPP_TEAM);
	open_ok("owner,amount,stage,close_date,Company,Sales Team\n"
	    "Ann,1,Prospecting,2026-01-01,Acme,East\n");
	next_ok(&d);
	ck_assert_str_eq(d.account, "Acme");
	ck_assert_str_eq(d.team, "East");
	next_eof();
}
END_TEST

/* --map names a header the aliases do not know. */
START_TEST(test_open_map)
{
	static const struct sales_map map[] = {
		{ "owner", "Rep Name" },
		{ "manager", "Boss" },
	};
	struct sales_opp d;

	opts.map = map;
	opts.nmap = NELEM(map);
	open_ok("Rep Name,amount,stage,close_date,Boss\n"
	    "Ann,1,Prospecting,2026-01-01,Zed\n");
	ck_assert_uint_eq(sales_opp_columns(reader), REQUIRED |
	    BIT(SALES_OPP_MANAGER));
	next_ok(&d);
	ck_assert_str_eq(d.owner, "Ann");
	ck_assert_str_eq(d.manager, "Zed");
	next_eof();
}
END_TEST

/* --map settles an ambiguity and overrides a better alias. */
START_TEST(test_open_map_ambiguous)
{
	static const struct sales_map map[] = {
		{ "owner", "Deal owner" },
		{ "amount", "Amount" },
	};
	struct sales_opp d;

	opts.map = map;
	opts.nmap = NELEM(map);
	open_ok("Opportunity Owner,Amount,Amount (Converted),stage,"
	    "close_date,Deal owner\n"
	    "Ann,10,20,Prospecting,2026-01-01,Bob\n");
	next_ok(&d);
	ck_assert_str_eq(d.owner, "Bob");
	ck_assert_int_eq(d.amount, 1000);
	next_eof();
}
END_TEST

START_TEST(test_open_map_missing)
{
	static const struct sales_map map[] = { { "owner", "Nope" } };

	opts.map = map;
	opts.nmap = NELEM(map);
	ck_assert_int_eq(try_open("owner,amount,stage,close_date\n"),
	    SALES_EDATA);
	ck_assert_str_eq(open_err,
	    "deals.csv: --map owner=Nope: no column \"Nope\" in the header");
}
END_TEST

/* The CSV reader's own error, as it is. */
START_TEST(test_open_empty)
{
	ck_assert_int_eq(try_open(""), SALES_EPARSE);
	ck_assert_str_eq(open_err, sales_csv_error(csv));
	ck_assert_str_eq(open_err, "deals.csv: empty file, expected a "
	    "header row");
}
END_TEST

/* Every canonical column, by its own name. */
START_TEST(test_columns_all)
{
	struct sales_opp d;

	open_ok("owner,amount,stage,close_date,id,account,name,probability,"
	    "created_date,forecast_category,team,manager,currency,is_closed,"
	    "is_won,status\n"
	    "Ann,1,X,2026-01-01,I,A,N,50,2025-01-01,commit,T,M,USD,false,"
	    "false,open\n");
	ck_assert_uint_eq(sales_opp_columns(reader),
	    BIT(SALES_OPP_NCOLUMNS) - 1);
	next_ok(&d);
	ck_assert_str_eq(d.owner, "Ann");
	ck_assert_str_eq(d.id, "I");
	ck_assert_str_eq(d.account, "A");
	ck_assert_str_eq(d.name, "N");
	ck_assert_str_eq(d.team, "T");
	ck_assert_str_eq(d.manager, "M");
	ck_assert_int_eq(d.prob, PCT(50));
	ck_assert_int_eq(d.fcat, SALES_FCAT_COMMIT);
	ck_assert_int_eq(d.state, SALES_OPEN);
	next_eof();
}
END_TEST

/* A header with no data rows: EOF at once. */
START_TEST(test_header_only)
{
	open_ok("owner,amount,stage,close_date\n");
	next_eof();
}
END_TEST

Suite *
opp_suite(void)
{
	Suite *s = suite_create("opp");
	TCase *tc;

	tc = tcase_create("exports");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_salesforce_report);
	tcase_add_test(tc, test_hubspot);
	tcase_add_test(tc, test_salesforce_export);
	tcase_add_test(tc, test_full_headers);
	tcase_add_test(tc, test_is_closed_values);
	tcase_add_test(tc, test_is_closed_alone);
	tcase_add_test(tc, test_pipedrive);
	tcase_add_test(tc, test_amount_converted);
	tcase_add_test(tc, test_amount_converted_first);
	tcase_add_test(tc, test_amount_multi_currency);
	tcase_add_test(tc, test_options_formats);
	tcase_add_test(tc, test_amount_hubspot_converted);
	tcase_add_test(tc, test_is_closed_blank_and_contradicting);
	tcase_add_test(tc, test_ignore_column);
	tcase_add_test(tc, test_ignore_column_off);
	suite_add_tcase(s, tc);

	tc = tcase_create("probability");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_probability, 0, NELEM(prob_cases));
	tcase_add_test(tc, test_probability_absent);
	tcase_add_loop_test(tc, test_fcat, 0, NELEM(fcat_cases));
	tcase_add_test(tc, test_fcat_absent);
	tcase_add_test(tc, test_custom_stage);
	tcase_add_test(tc, test_repeats);
	tcase_add_test(tc, test_long_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_bad_row, 0, NELEM(bad_cases));
	tcase_add_test(tc, test_ragged_row);
	tcase_add_test(tc, test_continue_after_bad);
	tcase_add_test(tc, test_long_value);
	tcase_add_test(tc, test_fatal);
	tcase_add_test(tc, test_after_footer);
	suite_add_tcase(s, tc);

	tc = tcase_create("open");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_open_missing);
	tcase_add_test(tc, test_open_ambiguous);
	tcase_add_test(tc, test_open_need);
	tcase_add_test(tc, test_open_need_present);
	tcase_add_test(tc, test_open_map);
	tcase_add_test(tc, test_open_map_ambiguous);
	tcase_add_test(tc, test_open_map_missing);
	tcase_add_test(tc, test_open_empty);
	tcase_add_test(tc, test_columns_all);
	tcase_add_test(tc, test_header_only);
	suite_add_tcase(s, tc);

	return s;
}
