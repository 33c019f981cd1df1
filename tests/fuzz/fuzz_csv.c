/*
 * fuzz_csv.c - the CSV reader with every encoding and option.  The first
 * byte picks the options; the rest is the file.  Invariants: every field
 * is NUL-terminated at its length, rows are as wide as the header unless
 * ragged rows are allowed, line numbers never go back, and the reader
 * always ends (EOF or a fatal status) without crashing.
 */
#include <string.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const enc[] = { NULL, "latin1", "utf-16", "utf-8" };
	static const unsigned char delim[] = { ',', ';', '\t', '|' };
	struct sales_csv_options o;
	const struct sales_row *hdr, *row;
	struct sales_csv *c;
	uint64_t last = 0;
	unsigned sel;
	FILE *fp;
	int rc;

	if (size < 1)
		return 0;
	sel = data[0];
	memset(&o, 0, sizeof(o));
	o.encoding = enc[sel & 3];
	o.delimiter = delim[(sel >> 2) & 3];
	o.flags = ((sel & 0x10) ? SALES_CSV_RAGGED : 0) |
	    ((sel & 0x20) ? SALES_CSV_NO_FOOTER : 0);
	o.max_field = (sel & 0x40) ? 8 : 0;
	if ((fp = fuzz_stream(data + 1, size - 1)) == NULL)
		return 0;
	if ((c = sales_csv_open(fp, "fuzz.csv", &o)) == NULL) {
		fclose(fp);
		return 0;
	}
	if (sales_csv_header(c, &hdr) == SALES_OK) {
		FUZZ_ASSERT(hdr->nfields > 0);
		while ((rc = sales_csv_next(c, &row)) == SALES_OK ||
		    rc == SALES_EDATA) {
			FUZZ_ASSERT(sales_csv_error(c) != NULL);
			if (rc == SALES_EDATA)
				continue;
			FUZZ_ASSERT(row->line >= last);
			last = row->line;
			if (!(o.flags & SALES_CSV_RAGGED))
				FUZZ_ASSERT(row->nfields == hdr->nfields);
			for (size_t i = 0; i < row->nfields; i++)
				FUZZ_ASSERT(strlen(row->fields[i]) ==
				    row->lens[i]);
		}
		FUZZ_ASSERT(rc == SALES_EOF || rc < 0);
		if (rc < 0)
			FUZZ_ASSERT(sales_csv_error(c)[0] != '\0');
	}
	sales_csv_close(c);
	fclose(fp);
	return 0;
}
