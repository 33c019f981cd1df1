/*
 * csvdiff.h - the differential test of the CSV reader's fast path, shared
 * by tests/unit/check_csvfast.c and tests/fuzz/fuzz_csvdiff.c.
 *
 * csvdiff_transcript() reads a whole input with one reader and writes
 * everything the reader said into one string: the header and each row
 * with its line number and every field with its length (fields may hold
 * any byte), the message of every SALES_EDATA row, the final status with
 * its message, and the count of skipped rows.  Read once with the fast
 * path and once with SALES_CSV_LIBCSV_ONLY, the same bytes must give the
 * same string: same fields, same record boundaries, same lines, same
 * errors.
 */
#ifndef CSVDIFF_H
#define CSVDIFF_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sales.h"

static inline void
csvdiff_row(FILE *out, const char *tag, const struct sales_row *r)
{
	size_t i;

	fprintf(out, "%s %" PRIu64 " %zu", tag, r->line, r->nfields);
	for (i = 0; i < r->nfields; i++) {
		fprintf(out, " %zu:", r->lens[i]);
		fwrite(r->fields[i], 1, r->lens[i], out);
		/* Every field is NUL-terminated at its length. */
		if (r->fields[i][r->lens[i]] != '\0')
			fputs("<no NUL>", out);
	}
	fputc('\n', out);
}

/*
 * The transcript of in[0..len) read with opts (its flags ORed with
 * extra), malloc'ed; *outlen gets its length.  NULL when out of memory.
 */
static inline char *
csvdiff_transcript(const void *in, size_t len,
    const struct sales_csv_options *opts, int extra, size_t *outlen)
{
	struct sales_csv_options o = *opts;
	const struct sales_row *hdr, *row;
	struct sales_csv *c;
	FILE *fp, *out;
	char *text = NULL;
	size_t n = 0;
	int rc;

	o.flags |= extra;
	fp = len != 0 ? fmemopen((void *)(uintptr_t)in, len, "rb") :
	    tmpfile();
	if (fp == NULL)
		return NULL;
	if ((out = open_memstream(&text, &n)) == NULL) {
		fclose(fp);
		return NULL;
	}
	if ((c = sales_csv_open(fp, "t.csv", &o)) == NULL) {
		fclose(out);
		fclose(fp);
		free(text);
		return NULL;
	}
	if ((rc = sales_csv_header(c, &hdr)) == SALES_OK) {
		csvdiff_row(out, "h", hdr);
		while ((rc = sales_csv_next(c, &row)) == SALES_OK ||
		    rc == SALES_EDATA) {
			if (rc == SALES_EDATA)
				fprintf(out, "! %s\n", sales_csv_error(c));
			csvdiff_row(out, "r", row);
		}
	}
	fprintf(out, "end %d %s skipped %" PRIu64 "\n", rc,
	    rc != SALES_EOF ? sales_csv_error(c) : "", sales_csv_skipped(c));
	sales_csv_close(c);
	fclose(fp);
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	*outlen = n;
	return text;
}

#endif /* CSVDIFF_H */
