/*
 * sales_csv.h - pull-style CSV reader over libcsv.
 *
 * The reader owns one libcsv parser per input, reads the stream in large
 * chunks, feeds libcsv one physical line at a time so that every record
 * knows the line it starts on (quoted fields may hold newlines), and
 * hands back one record per call:
 *
 *	struct sales_csv *c = sales_csv_open(fp, "deals.csv", NULL);
 *	const struct sales_row *hdr, *row;
 *	if (sales_csv_header(c, &hdr) != SALES_OK) ... sales_csv_error(c)
 *	while ((rc = sales_csv_next(c, &row)) == SALES_OK || rc == SALES_EDATA)
 *		...
 *	sales_csv_close(c);
 *
 * It strips a UTF-8 byte-order mark, accepts LF and CRLF, RFC 4180
 * quoting, keeps spaces around unquoted fields (libcsv would trim them),
 * converts other encodings to UTF-8 with iconv(3), rejects rows whose
 * width differs from the header's, and skips the footer lines Salesforce
 * appends to report exports ("Grand Totals (N records)", "Confidential
 * Information - Do Not Distribute", the copyright line, blank rows).
 *
 * Ownership: rows and every string in them are borrowed, valid until the
 * next sales_csv_next() or sales_csv_close() on the same handle.  The
 * header row stays valid until sales_csv_close().
 */
#ifndef SALES_CSV_H
#define SALES_CSV_H

struct sales_csv;

/*
 * One record.  fields[i] is NUL-terminated and lens[i] is its length in
 * bytes (a field never holds a NUL byte: such a row is an error).
 */
struct sales_row {
	size_t		 nfields;
	char		**fields;
	size_t		*lens;
	uint64_t	 line;		/* physical line the record starts on */
};

/* Reader flags. */
#define SALES_CSV_RAGGED	0x01	/* allow rows of any width */
#define SALES_CSV_NO_FOOTER	0x02	/* do not skip Salesforce footers */

#define SALES_CSV_MAX_FIELD	(1024 * 1024)	/* default field limit */

struct sales_csv_options {
	unsigned char	 delimiter;	/* 0 means ',' */
	/*
	 * Input encoding, any name iconv(3) knows, plus "latin1" and
	 * "utf-16" (byte order from the BOM, else guessed from the first
	 * bytes).  NULL or "utf-8" means no conversion; bytes pass through
	 * unchanged even when they are not valid UTF-8.  A UTF-16 BOM at the
	 * start of the input selects UTF-16 on its own.
	 */
	const char	*encoding;
	size_t		 max_field;	/* bytes; 0 means SALES_CSV_MAX_FIELD */
	int		 flags;		/* SALES_CSV_* */
};

/*
 * Opens a reader on fp, which the caller keeps owning (it is not closed).
 * name is used in messages ("<stdin>" for standard input) and is copied.
 * opts may be NULL for the defaults.  Returns NULL only when out of
 * memory; any other problem (an unknown encoding) is reported by the
 * first sales_csv_header() or sales_csv_next().
 */
struct sales_csv *sales_csv_open(FILE *fp, const char *name,
    const struct sales_csv_options *opts);

/*
 * Reads the header row if not read yet and returns it in *hdr.
 * Returns SALES_OK; SALES_EPARSE for an empty input ("empty file, expected
 * a header row") or malformed CSV; SALES_EIO; SALES_ENOMEM.
 */
int sales_csv_header(struct sales_csv *c, const struct sales_row **hdr);

/*
 * Returns the next data row in *row (reading the header first if needed).
 *  SALES_OK	*row is a good row.
 *  SALES_EOF	no more rows; *row untouched.
 *  SALES_EDATA	*row is set but bad (wrong width, a NUL byte, a field
 *		over the size limit); sales_csv_error() says why.  The caller
 *		may report it and call again.
 *  SALES_EPARSE, SALES_EIO, SALES_ENOMEM
 *		fatal for this input; sales_csv_error() says why.  Later
 *		calls return the same status.
 */
int sales_csv_next(struct sales_csv *c, const struct sales_row **row);

/*
 * The message for the last error, "file:line: message", borrowed until
 * the next call on c; "" when there was none.
 */
const char *sales_csv_error(const struct sales_csv *c);

/* The saved errno of the last SALES_EIO, else 0. */
int sales_csv_errno(const struct sales_csv *c);

/* The input's name as given to sales_csv_open (borrowed). */
const char *sales_csv_name(const struct sales_csv *c);

/* Number of footer and blank rows skipped so far. */
uint64_t sales_csv_skipped(const struct sales_csv *c);

/* Releases the reader (not the FILE).  NULL is accepted. */
void sales_csv_close(struct sales_csv *c);

#endif /* SALES_CSV_H */
