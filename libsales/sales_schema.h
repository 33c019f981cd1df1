/*
 * sales_schema.h - finding canonical columns in a header by name.
 *
 * Every file kind (opportunities, roster, meetings ...) has canonical
 * column names (owner, amount, close_date ...) and, for each, ranked
 * aliases: the labels Salesforce, HubSpot and Pipedrive exports and
 * spreadsheets use.  Header names and aliases are compared after
 * normalising both: lower case, and spaces, underscores, hyphens and
 * dots dropped, so "Close Date", "close_date", "CloseDate" and
 * "CLOSE-DATE" are one name.  A column's canonical name is itself an
 * alias of rank 0, unless the aliases list it with another rank.  When
 * several headers match one column, the best-ranked alias wins silently
 * ("Amount (Converted)" over "Amount"); two matches of equal rank are an
 * error, as is a missing required column.  --map canonical=Header
 * overrides the aliases for a column.
 */
#ifndef SALES_SCHEMA_H
#define SALES_SCHEMA_H

/* One alias: column index in the schema, rank (0 best), label. */
struct sales_alias {
	int		 column;
	int		 rank;
	const char	*label;
};

#define SALES_SCHEMA_MAX	64	/* columns in one schema */

struct sales_schema {
	const char *const		*columns;	/* canonical names */
	size_t				 ncolumns;
	const struct sales_alias	*aliases;
	size_t				 naliases;
};

/* One --map override: canonical column name and header text. */
struct sales_map {
	const char	*column;
	const char	*header;
};

/*
 * Splits "canonical=Header Name" into m (pointers into arg, which is
 * modified: the '=' becomes a NUL).  SALES_OK or SALES_EUSAGE.
 */
int sales_map_parse(char *arg, struct sales_map *m);

/*
 * Binds schema s to a header row.  index[i] (an array of s->ncolumns)
 * receives the header position of canonical column i, or -1 when the
 * header has none.  required is a bit mask (bit i = column i) of columns
 * that must be found.  map/nmap are --map overrides; a map naming an
 * unknown canonical column or a header that is not there is an error.
 *
 * Returns SALES_OK, or SALES_EDATA with a message in err, e.g.
 *   missing column "close_date" (looked for "Close Date", "CloseDate",
 *   "Expected Close Date" ...; use --map close_date=HEADER)
 *   ambiguous column "amount": "Amount" and "amount" both match
 */
int sales_schema_bind(const struct sales_schema *s,
    const struct sales_row *hdr, uint64_t required,
    const struct sales_map *map, size_t nmap, int *index,
    char *err, size_t errsz);

/*
 * Index of canonical column name in s, or -1.
 */
int sales_schema_column(const struct sales_schema *s, const char *name);

#endif /* SALES_SCHEMA_H */
