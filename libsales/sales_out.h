/*
 * sales_out.h - the one table writer every tool uses.
 *
 * Formats (-F):
 *  csv	RFC 4180 with a header row, LF line ends.  A field is quoted only
 *	when it must be: it holds the delimiter, a double quote, CR or LF,
 *	or starts or ends with a space or tab (libcsv would trim those).
 *	What it writes reads back unchanged through sales_csv.  Empty and
 *	NULL cells are written as nothing, except the lone cell of a
 *	one-column row, written as "" so the row is not a blank line.
 *  tsv	tab-separated with a header; a tab, newline, CR or backslash inside
 *	a cell is written as \t, \n, \r, \\ (the PostgreSQL COPY and
 *	Miller TSV convention).
 *  table	aligned columns for a terminal: text left-aligned, numbers
 *	right-aligned (their header too), two spaces between columns, no
 *	spaces at line ends, widths counted in UTF-8 characters (bytes that
 *	are not 10xxxxxx; wide CJK characters count as one).  CR, LF and TAB
 *	in a cell are shown as spaces.  Rows are buffered until
 *	sales_out_finish().
 *  json	JSON Lines: one compact object per row, keys are the column names
 *	in column order.  Strings escape " \ and control characters (\n \r
 *	\t \b \f, others and DEL as \u00xx); bytes >= 0x80 pass through
 *	as they are.  Number columns are written as JSON numbers, an empty
 *	or NULL number as null; a number cell that is not a JSON number
 *	(RFC 8259: "1,000", ".5", "01", "12x") is written as a string, so
 *	the line stays valid JSON.
 *
 * With SALES_OUT_EXCEL_SAFE, in csv, tsv and table, a text cell or
 * header name that starts with = + - @ TAB or CR gets a leading
 * apostrophe, before any quoting or escaping, so a spreadsheet does not
 * run it as a formula (OWASP ASVS 1.2.10).  Number columns are exempt,
 * so -12.50 stays a number.  json ignores the flag: spreadsheets do not
 * open it, and its readers would see a changed value.
 *
 * Ownership: the writer borrows fp (never closes it); cells are copied
 * or written before the call returns.
 */
#ifndef SALES_OUT_H
#define SALES_OUT_H

enum sales_format {
	SALES_FMT_CSV,
	SALES_FMT_TSV,
	SALES_FMT_TABLE,
	SALES_FMT_JSON
};

enum sales_coltype {
	SALES_COL_TEXT,
	SALES_COL_NUMBER	/* a decimal number or empty */
};

#define SALES_OUT_EXCEL_SAFE	0x01

struct sales_out;

/* Parses "csv", "tsv", "table" or "json".  SALES_OK or SALES_EUSAGE. */
int sales_format_parse(const char *s, enum sales_format *fmt);

/*
 * Returns a writer on fp, or NULL when out of memory (or when fp is NULL
 * or fmt is not one of enum sales_format).
 */
struct sales_out *sales_out_new(FILE *fp, enum sales_format fmt, int flags);

/*
 * Declares the columns (names and types are copied) and writes the
 * header where the format has one.  Must be called once, before any row.
 * types may be NULL (all text).  Returns SALES_OK; SALES_EUSAGE when
 * called twice, with ncols 0, or with a NULL name; SALES_ENOMEM;
 * SALES_EIO when writing the header failed.
 */
int sales_out_columns(struct sales_out *o, size_t ncols,
    const char *const *names, const enum sales_coltype *types);

/*
 * Writes one row of ncols cells (as declared); a NULL cell is empty.
 * Returns SALES_OK, SALES_ENOMEM, or SALES_EIO (errno saved) once the
 * stream has failed; SALES_EUSAGE before sales_out_columns() or after
 * sales_out_finish().
 */
int sales_out_row(struct sales_out *o, const char *const *cells);

/*
 * Writes a row of n cells whatever the declared width, for csv and tsv
 * only (SALES_EUSAGE otherwise): a rejected input row keeps every field
 * it had, even when its width was the problem.
 */
int sales_out_rowv(struct sales_out *o, size_t n, const char *const *cells);

/*
 * Writes what is buffered (the table format) and flushes fp.  Returns
 * SALES_OK or SALES_EIO (errno saved) when any write failed, so a full
 * disk is never a silent truncation.
 */
int sales_out_finish(struct sales_out *o);

/* Releases the writer (not fp).  NULL is accepted. */
void sales_out_free(struct sales_out *o);

#endif /* SALES_OUT_H */
