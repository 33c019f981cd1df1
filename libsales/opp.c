/*
 * opp.c - opportunity rows: the opportunities schema with the aliases of
 * real CRM exports, and a reader that checks each row and turns it into a
 * struct sales_opp.
 */
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

#define ERRSZ	512

/* Column names, in enum sales_opp_column order. */
static const char *const opp_columns[SALES_OPP_NCOLUMNS] = {
	"owner", "amount", "stage", "close_date", "id", "account", "name",
	"probability", "created_date", "forecast_category", "team", "manager",
	"currency", "is_closed", "is_won", "status"
};

/*
 * Aliases, best rank first.  Labels are compared after normalisation
 * (case, spaces, underscores, hyphens, dots dropped: schema.c), so
 * "CloseDate", "close_date" and "Close Date" need one entry.  Sources:
 * Salesforce report labels and Data Export API names, HubSpot deal
 * export labels and property names, Pipedrive "Deal - X" export labels
 * (research/crm-exports.md).
 */
static const struct sales_alias opp_aliases[] = {
	{ SALES_OPP_OWNER, 0, "Opportunity Owner" },
	{ SALES_OPP_OWNER, 0, "Deal owner" },
	{ SALES_OPP_OWNER, 0, "Deal - Owner" },
	{ SALES_OPP_OWNER, 1, "Owner Name" },
	{ SALES_OPP_OWNER, 1, "Sales Rep" },
	{ SALES_OPP_OWNER, 1, "Rep" },
	{ SALES_OPP_OWNER, 2, "OwnerId" },
	{ SALES_OPP_OWNER, 2, "hubspot_owner_id" },
	/* The converted amount is in the corporate currency: prefer it. */
	{ SALES_OPP_AMOUNT, 0, "Amount (Converted)" },
	{ SALES_OPP_AMOUNT, 1, "Amount" },
	{ SALES_OPP_AMOUNT, 1, "Deal - Value" },
	{ SALES_OPP_AMOUNT, 1, "Deal Value" },
	{ SALES_OPP_AMOUNT, 1, "Value" },
	/* HubSpot's converted amount, likewise. */
	{ SALES_OPP_AMOUNT, 0, "Amount in company currency" },
	{ SALES_OPP_STAGE, 0, "Stage" },
	{ SALES_OPP_STAGE, 0, "StageName" },
	{ SALES_OPP_STAGE, 0, "Deal Stage" },
	{ SALES_OPP_STAGE, 0, "Deal - Stage" },
	{ SALES_OPP_CLOSE_DATE, 0, "Close Date" },
	{ SALES_OPP_CLOSE_DATE, 0, "Deal - Expected close date" },
	{ SALES_OPP_CLOSE_DATE, 1, "Expected Close Date" },
	{ SALES_OPP_ID, 0, "Opportunity ID" },
	{ SALES_OPP_ID, 0, "Record ID" },
	{ SALES_OPP_ID, 0, "Deal ID" },
	{ SALES_OPP_ID, 0, "Deal - ID" },
	{ SALES_OPP_ID, 1, "hs_object_id" },
	{ SALES_OPP_ACCOUNT, 0, "Account Name" },
	{ SALES_OPP_ACCOUNT, 0, "Deal - Organization" },
	{ SALES_OPP_ACCOUNT, 1, "Company" },
	{ SALES_OPP_ACCOUNT, 1, "Company Name" },
	{ SALES_OPP_ACCOUNT, 1, "Associated Company" },
	{ SALES_OPP_ACCOUNT, 1, "Organization" },
	{ SALES_OPP_ACCOUNT, 2, "AccountId" },
	{ SALES_OPP_NAME, 0, "Opportunity Name" },
	{ SALES_OPP_NAME, 0, "Deal Name" },
	{ SALES_OPP_NAME, 0, "Deal - Title" },
	{ SALES_OPP_NAME, 1, "Title" },
	{ SALES_OPP_PROBABILITY, 0, "Probability (%)" },
	{ SALES_OPP_PROBABILITY, 0, "Deal - Probability" },
	{ SALES_OPP_PROBABILITY, 1, "Deal probability" },
	{ SALES_OPP_PROBABILITY, 1, "hs_deal_stage_probability" },
	{ SALES_OPP_CREATED_DATE, 0, "Created Date" },
	{ SALES_OPP_CREATED_DATE, 0, "Create Date" },
	{ SALES_OPP_CREATED_DATE, 0, "Deal - Deal created" },
	{ SALES_OPP_CREATED_DATE, 1, "Created" },
	{ SALES_OPP_FORECAST_CATEGORY, 0, "Forecast Category Name" },
	{ SALES_OPP_FORECAST_CATEGORY, 1, "Forecast Category" },
	{ SALES_OPP_FORECAST_CATEGORY, 1, "hs_manual_forecast_category" },
	{ SALES_OPP_TEAM, 1, "Sales Team" },
	{ SALES_OPP_TEAM, 1, "Owner Role" },
	{ SALES_OPP_MANAGER, 1, "Owner Manager" },
	{ SALES_OPP_MANAGER, 1, "Sales Manager" },
	{ SALES_OPP_CURRENCY, 0, "Amount (Converted) Currency" },
	{ SALES_OPP_CURRENCY, 1, "currency" },
	{ SALES_OPP_CURRENCY, 1, "Amount Currency" },
	{ SALES_OPP_CURRENCY, 1, "CurrencyIsoCode" },
	{ SALES_OPP_CURRENCY, 1, "Opportunity Currency" },
	{ SALES_OPP_CURRENCY, 1, "Deal - Currency" },
	{ SALES_OPP_IS_CLOSED, 0, "IsClosed" },
	{ SALES_OPP_IS_CLOSED, 1, "Closed" },
	{ SALES_OPP_IS_WON, 0, "IsWon" },
	{ SALES_OPP_IS_WON, 1, "Won" },
	{ SALES_OPP_STATUS, 0, "Deal - Status" },
};

const struct sales_schema sales_opp_schema = {
	opp_columns, SALES_OPP_NCOLUMNS,
	opp_aliases, sizeof(opp_aliases) / sizeof(opp_aliases[0])
};

#define REQUIRED	((1u << SALES_OPP_OWNER) | (1u << SALES_OPP_AMOUNT) | \
			 (1u << SALES_OPP_STAGE) | (1u << SALES_OPP_CLOSE_DATE))

struct sales_opp_reader {
	struct sales_csv		*csv;
	struct sales_opp_options	 opt;
	int				 index[SALES_OPP_NCOLUMNS];
	uint64_t			 columns;
	int				 prob_percent;	/* "Probability (%)" */
	const struct sales_row		*row;
	struct sales_memo		 stage_memo;
	struct sales_memo		 fcat_memo;
	struct sales_memo		 prob_memo;
	char				 currency[16];	/* upper case */
	char				 err[ERRSZ];
};

static int	bad(struct sales_opp_reader *, int, const char *, size_t,
		    const char *);
static int	parse_bool(const char *, size_t, int *);
static const struct sales_stage *find_stage(struct sales_opp_reader *,
		    const char *, size_t);
static int	parse_fcat(struct sales_opp_reader *, const char *, size_t,
		    enum sales_fcat *);
static int	parse_prob(struct sales_opp_reader *, const char *, size_t,
		    int32_t *, const char **);
static int	decide_state(struct sales_opp_reader *, const struct sales_row *,
		    struct sales_opp *, const struct sales_stage *);

int
sales_opp_open(struct sales_csv *csv, const struct sales_opp_options *o,
    struct sales_opp_reader **rp, char *err, size_t errsz)
{
	struct sales_opp_reader *r;
	const struct sales_row *hdr;
	char msg[ERRSZ];
	int rc, i, pi;

	*rp = NULL;
	if ((rc = sales_csv_header(csv, &hdr)) != SALES_OK) {
		sales_fmt(err, errsz, "%s", sales_csv_error(csv));
		return rc;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		sales_fmt(err, errsz, "%s: out of memory", sales_csv_name(csv));
		return SALES_ENOMEM;
	}
	r->csv = csv;
	r->opt = *o;
	rc = sales_schema_bind(&sales_opp_schema, hdr, REQUIRED | o->need,
	    o->map, o->nmap, r->index, msg, sizeof(msg));
	if (rc != SALES_OK) {
		sales_fmt(err, errsz, "%s: %s", sales_csv_name(csv), msg);
		free(r);
		return rc;
	}
	for (i = 0; i < SALES_OPP_NCOLUMNS; i++) {
		if (r->index[i] < 0)
			continue;
		r->columns |= (uint64_t)1 << i;
		/* An ignored column reads as absent from here on. */
		if ((o->ignore & ~(REQUIRED | o->need)) & ((uint64_t)1 << i))
			r->index[i] = -1;
	}
	/* A header that says "%" means every value is a percentage. */
	if ((pi = r->index[SALES_OPP_PROBABILITY]) >= 0)
		r->prob_percent = memchr(hdr->fields[pi], '%',
		    hdr->lens[pi]) != NULL;
	*rp = r;
	return SALES_OK;
}

/* Records a bad value in column col and returns SALES_EDATA. */
static int
bad(struct sales_opp_reader *r, int col, const char *v, size_t len,
    const char *why)
{
	sales_fmt(r->err, sizeof(r->err), "%s:%llu: column \"%s\": \"%.*s\" %s",
	    sales_csv_name(r->csv), (unsigned long long)r->row->line,
	    opp_columns[col], len > 64 ? 64 : (int)len, v, why);
	return SALES_EDATA;
}

/* Reads true/false, 1/0, yes/no (Salesforce writes "true"/"false"). */
static int
parse_bool(const char *s, size_t len, int *v)
{
	s = sales_trim(s, &len);
	if (sales_ieq(s, len, "true") || sales_ieq(s, len, "1") ||
	    sales_ieq(s, len, "yes")) {
		*v = 1;
		return SALES_OK;
	}
	if (sales_ieq(s, len, "false") || sales_ieq(s, len, "0") ||
	    sales_ieq(s, len, "no")) {
		*v = 0;
		return SALES_OK;
	}
	return SALES_EDATA;
}

/* sales_stages_find() through a memo: exports repeat a few stages. */
static const struct sales_stage *
find_stage(struct sales_opp_reader *r, const char *s, size_t len)
{
	struct sales_memo_slot *m = sales_memo_slot(&r->stage_memo, s, len);
	const struct sales_stage *st;

	if (sales_memo_hit(m, s, len))
		return m->ptr;
	if ((st = sales_stages_find(r->opt.stages, s, len)) != NULL)
		sales_memo_set(m, s, len, 0, st);
	return st;
}

/* sales_fcat_parse() through a memo, as find_stage(). */
static int
parse_fcat(struct sales_opp_reader *r, const char *s, size_t len,
    enum sales_fcat *fcat)
{
	struct sales_memo_slot *m = sales_memo_slot(&r->fcat_memo, s, len);

	if (sales_memo_hit(m, s, len)) {
		*fcat = (enum sales_fcat)m->value;
		return SALES_OK;
	}
	if (sales_fcat_parse(s, len, fcat) != SALES_OK)
		return SALES_EDATA;
	sales_memo_set(m, s, len, (int)*fcat, NULL);
	return SALES_OK;
}

/* sales_prob_parse() through a memo: probabilities repeat too. */
static int
parse_prob(struct sales_opp_reader *r, const char *s, size_t len,
    int32_t *prob, const char **why)
{
	struct sales_memo_slot *m = sales_memo_slot(&r->prob_memo, s, len);

	if (sales_memo_hit(m, s, len)) {
		*prob = m->value;
		return SALES_OK;
	}
	if (sales_prob_parse(s, len, r->prob_percent, prob, why) != SALES_OK)
		return SALES_EDATA;
	sales_memo_set(m, s, len, *prob, NULL);
	return SALES_OK;
}

/*
 * The state comes from status (Pipedrive) or is_closed/is_won
 * (Salesforce Data Export) when the file has them and the cell is not
 * empty, else from the stage.
 */
static int
decide_state(struct sales_opp_reader *r, const struct sales_row *row,
    struct sales_opp *d, const struct sales_stage *st)
{
	int ic = r->index[SALES_OPP_IS_CLOSED], iw = r->index[SALES_OPP_IS_WON];
	int is = r->index[SALES_OPP_STATUS];
	int closed, won;

	if (is >= 0 && !sales_blank(row->fields[is], row->lens[is])) {
		enum sales_state s;

		if (sales_state_parse(row->fields[is], row->lens[is], &s) !=
		    SALES_OK)
			return bad(r, SALES_OPP_STATUS, row->fields[is],
			    row->lens[is], "is not a state (open, won, lost)");
		d->state = s;
		return SALES_OK;
	}
	if (ic >= 0 && !sales_blank(row->fields[ic], row->lens[ic])) {
		if (parse_bool(row->fields[ic], row->lens[ic], &closed) !=
		    SALES_OK)
			return bad(r, SALES_OPP_IS_CLOSED, row->fields[ic],
			    row->lens[ic], "is not true or false");
		won = 0;
		if (closed && iw >= 0 && parse_bool(row->fields[iw],
		    row->lens[iw], &won) != SALES_OK)
			return bad(r, SALES_OPP_IS_WON, row->fields[iw],
			    row->lens[iw], "is not true or false");
		d->state = !closed ? SALES_OPEN : won ? SALES_WON : SALES_LOST;
		return SALES_OK;
	}
	if (st == NULL)
		return bad(r, SALES_OPP_STAGE, d->stage, strlen(d->stage),
		    "is not a known stage (define it with --stages FILE)");
	d->state = st->state;
	return SALES_OK;
}

/*
 * A currency cell as an upper-case code, so that "eur " and "EUR" are one
 * currency; a cell too long to be a code is handed back as it is.
 */
static const char *
currency_code(struct sales_opp_reader *r, const char *s, size_t len)
{
	const char *c = sales_trim(s, &len);
	size_t k;

	if (len >= sizeof(r->currency))
		return s;
	for (k = 0; k < len; k++)
		r->currency[k] = (char)(c[k] >= 'a' && c[k] <= 'z' ?
		    c[k] - ('a' - 'A') : c[k]);
	r->currency[len] = '\0';
	return r->currency;
}

#define CELL(r, row, c) \
	((r)->index[c] >= 0 ? (row)->fields[(r)->index[c]] : "")

int
sales_opp_next(struct sales_opp_reader *r, struct sales_opp *d)
{
	const struct sales_row *row;
	const struct sales_stage *st;
	const char *why, *v;
	size_t len;
	int rc, i;

	rc = sales_csv_next(r->csv, &row);
	if (rc == SALES_EOF)
		return rc;
	if (rc != SALES_OK && rc != SALES_EDATA) {
		sales_fmt(r->err, sizeof(r->err), "%s", sales_csv_error(r->csv));
		return rc;
	}
	r->row = row;
	if (rc == SALES_EDATA) {
		sales_fmt(r->err, sizeof(r->err), "%s", sales_csv_error(r->csv));
		return rc;
	}
	d->line = row->line;
	d->owner = CELL(r, row, SALES_OPP_OWNER);
	d->account = CELL(r, row, SALES_OPP_ACCOUNT);
	d->stage = CELL(r, row, SALES_OPP_STAGE);
	d->id = CELL(r, row, SALES_OPP_ID);
	d->name = CELL(r, row, SALES_OPP_NAME);
	d->team = CELL(r, row, SALES_OPP_TEAM);
	d->manager = CELL(r, row, SALES_OPP_MANAGER);
	d->currency = "";
	if ((i = r->index[SALES_OPP_CURRENCY]) >= 0)
		d->currency = currency_code(r, row->fields[i], row->lens[i]);

	i = r->index[SALES_OPP_AMOUNT];
	v = row->fields[i];
	len = row->lens[i];
	/* Salesforce leaves Amount blank on deals without one: count 0. */
	if (sales_blank(v, len))
		d->amount = 0;
	else if (sales_money_parse(v, len, r->opt.money_flags, &d->amount,
	    &why) != SALES_OK)
		return bad(r, SALES_OPP_AMOUNT, v, len, why);

	i = r->index[SALES_OPP_OWNER];
	if (sales_blank(row->fields[i], row->lens[i]))
		return bad(r, SALES_OPP_OWNER, row->fields[i], row->lens[i],
		    "is empty");

	i = r->index[SALES_OPP_STAGE];
	if (sales_blank(row->fields[i], row->lens[i]))
		return bad(r, SALES_OPP_STAGE, row->fields[i], row->lens[i],
		    "is empty");
	st = find_stage(r, row->fields[i], row->lens[i]);
	if ((rc = decide_state(r, row, d, st)) != SALES_OK)
		return rc;
	if (st != NULL && st->state == d->state) {
		d->prob = st->prob;
		d->fcat = st->fcat;
	} else {
		/* No stage, or one that disagrees with IsClosed/status. */
		d->prob = d->state == SALES_WON ? SALES_PPM :
		    d->state == SALES_OPEN && st != NULL ? st->prob : 0;
		d->fcat = d->state == SALES_OPEN ? SALES_FCAT_PIPELINE :
		    d->state == SALES_WON ? SALES_FCAT_CLOSED :
		    SALES_FCAT_OMITTED;
	}

	i = r->index[SALES_OPP_CLOSE_DATE];
	v = row->fields[i];
	len = row->lens[i];
	if (sales_blank(v, len)) {
		/* An open deal may be unscheduled; a closed one has a date. */
		if (d->state != SALES_OPEN)
			return bad(r, SALES_OPP_CLOSE_DATE, v, len,
			    "is empty on a closed deal");
		d->close = SALES_DATE_NONE;
	} else if (sales_date_parse(v, len, r->opt.date_order, &d->close,
	    &why) != SALES_OK)
		return bad(r, SALES_OPP_CLOSE_DATE, v, len, why);

	d->created = SALES_DATE_NONE;
	if ((i = r->index[SALES_OPP_CREATED_DATE]) >= 0 &&
	    !sales_blank(row->fields[i], row->lens[i]) &&
	    sales_date_parse(row->fields[i], row->lens[i], r->opt.date_order,
	    &d->created, &why) != SALES_OK)
		return bad(r, SALES_OPP_CREATED_DATE, row->fields[i],
		    row->lens[i], why);

	/* A rep's own probability overrides the stage default. */
	if ((i = r->index[SALES_OPP_PROBABILITY]) >= 0 &&
	    !sales_blank(row->fields[i], row->lens[i]) &&
	    parse_prob(r, row->fields[i], row->lens[i], &d->prob, &why) !=
	    SALES_OK)
		return bad(r, SALES_OPP_PROBABILITY, row->fields[i],
		    row->lens[i], why);

	if ((i = r->index[SALES_OPP_FORECAST_CATEGORY]) >= 0 &&
	    !sales_blank(row->fields[i], row->lens[i]) &&
	    parse_fcat(r, row->fields[i], row->lens[i], &d->fcat) != SALES_OK)
		return bad(r, SALES_OPP_FORECAST_CATEGORY, row->fields[i],
		    row->lens[i], "is not a forecast category (pipeline, "
		    "best case, commit, closed, omitted)");
	return SALES_OK;
}

const char *
sales_opp_error(const struct sales_opp_reader *r)
{
	return r->err;
}

const struct sales_row *
sales_opp_row(const struct sales_opp_reader *r)
{
	return r->row;
}

uint64_t
sales_opp_columns(const struct sales_opp_reader *r)
{
	return r->columns;
}

void
sales_opp_close(struct sales_opp_reader *r)
{
	free(r);
}
