/*
 * sales_opp.h - opportunity (deal) rows: the opportunities schema and a
 * reader that turns CSV rows into checked deals.
 *
 * Canonical columns (sales-csv(5)): owner, amount, stage, close_date are
 * required; id, account, name, probability, created_date,
 * forecast_category, team, manager, currency, is_closed, is_won and
 * status are optional.  Where is_closed/is_won (Salesforce Data Export) or
 * status (Pipedrive: open/won/lost) is present and not empty it decides
 * the state, and a stage the table does not know is then no error; when
 * that state differs from the stage's, the deal takes the state's own
 * defaults (won: 100%, closed; lost: 0%, omitted; open: the stage's
 * probability, pipeline).  A row's own
 * probability, when the file has one and the cell is not empty, wins over
 * the stage default.  An empty amount counts as 0; an open deal may have
 * an empty close_date (unscheduled).
 */
#ifndef SALES_OPP_H
#define SALES_OPP_H

enum sales_opp_column {
	SALES_OPP_OWNER,
	SALES_OPP_AMOUNT,
	SALES_OPP_STAGE,
	SALES_OPP_CLOSE_DATE,
	SALES_OPP_ID,
	SALES_OPP_ACCOUNT,
	SALES_OPP_NAME,
	SALES_OPP_PROBABILITY,
	SALES_OPP_CREATED_DATE,
	SALES_OPP_FORECAST_CATEGORY,
	SALES_OPP_TEAM,
	SALES_OPP_MANAGER,
	SALES_OPP_CURRENCY,
	SALES_OPP_IS_CLOSED,
	SALES_OPP_IS_WON,
	SALES_OPP_STATUS,
	SALES_OPP_NCOLUMNS
};

/* The opportunities schema (columns and aliases). */
extern const struct sales_schema sales_opp_schema;

/*
 * One deal.  Strings are borrowed from the reader, valid until the next
 * sales_opp_next(); an absent optional text column reads as "".  The
 * currency is trimmed and in upper case (when shorter than 16 bytes).
 */
struct sales_opp {
	const char		*owner;
	const char		*account;
	const char		*stage;
	const char		*id;
	const char		*name;
	const char		*team;
	const char		*manager;
	const char		*currency;	/* "" when absent */
	int64_t			 amount;	/* cents */
	int32_t			 close;		/* SALES_DATE_NONE if empty */
	int32_t			 created;	/* SALES_DATE_NONE if absent */
	int32_t			 prob;		/* ppm */
	enum sales_state	 state;
	enum sales_fcat		 fcat;
	uint64_t		 line;
};

struct sales_opp_options {
	enum sales_date_order		 date_order;
	int				 money_flags;	/* SALES_MONEY_* */
	/* Borrowed; must not change while a reader is open. */
	const struct sales_stages	*stages;
	const struct sales_map		*map;		/* --map overrides */
	size_t				 nmap;
	uint64_t			 need;	/* extra required columns,
						   bit (1 << SALES_OPP_x) */
	uint64_t			 ignore; /* optional columns the
						   caller never reads: not
						   parsed, not checked */
};

struct sales_opp_reader;

/*
 * Reads the header of csv and binds the schema.  csv stays the caller's
 * and must outlive the reader.  On success *r is set and SALES_OK
 * returned.  Otherwise *r is NULL and the message is in err: the CSV's
 * own error, or "file: missing column ...".
 */
int sales_opp_open(struct sales_csv *csv, const struct sales_opp_options *o,
    struct sales_opp_reader **r, char *err, size_t errsz);

/*
 * Next deal into *d.  Returns SALES_OK, SALES_EOF, SALES_EDATA (a bad
 * row: sales_opp_error() has 'file:line: column "amount": "12x" is not an
 * amount' and sales_opp_row() the raw row; call again for the next), or a
 * fatal status from the CSV reader.
 */
int sales_opp_next(struct sales_opp_reader *r, struct sales_opp *d);

/* The last message (borrowed, "" if none). */
const char *sales_opp_error(const struct sales_opp_reader *r);

/* The raw row last read (borrowed), for --rejects. */
const struct sales_row *sales_opp_row(const struct sales_opp_reader *r);

/* Bit mask of the canonical columns this file has. */
uint64_t sales_opp_columns(const struct sales_opp_reader *r);

void sales_opp_close(struct sales_opp_reader *r);

#endif /* SALES_OPP_H */
