/*
 * fuzz_csvdiff.c - the CSV reader's fast path against libcsv alone.  The
 * first byte picks the delimiter, the field limit, the flags, an
 * encoding or (bits 0xc0 with a comma) that the rest be repeated past
 * the reader's 256 KiB chunk, so that lines cross chunk boundaries; the
 * rest is the file.
 * Invariant: read with the fast path and with SALES_CSV_LIBCSV_ONLY, the
 * file gives the same transcript (csvdiff.h).
 */
#include <string.h>

#include "fuzz.h"
#include "csvdiff.h"

#define BIG	(300 * 1024)	/* past one read chunk */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char delim[] = { ',', ';', '\t', ' ' };
	static const size_t maxf[] = { 0, 8, 64, 0 };
	struct sales_csv_options o;
	const uint8_t *in;
	uint8_t *big = NULL;
	char *fast, *slow;
	size_t len, flen = 0, slen = 0, i;
	unsigned sel;

	if (size < 1)
		return 0;
	sel = data[0];
	in = data + 1;
	len = size - 1;
	memset(&o, 0, sizeof(o));
	o.delimiter = delim[sel & 3];
	o.max_field = maxf[(sel >> 2) & 3];
	o.flags = ((sel & 0x10) ? SALES_CSV_RAGGED : 0) |
	    ((sel & 0x20) ? SALES_CSV_NO_FOOTER : 0);
	if ((sel & 0xc0) == 0x40)
		o.encoding = "latin1";
	/* One input in 16 only, as it is slow: 0xc0 with a comma. */
	if ((sel & 0xc0) == 0xc0 && (sel & 3) == 0 && len > 0) {
		if ((big = malloc(BIG + len)) == NULL)
			return 0;
		for (i = 0; i < BIG; i += len)
			memcpy(big + i, in, len);
		in = big;
		len = i;
	}
	fast = csvdiff_transcript(in, len, &o, 0, &flen);
	slow = csvdiff_transcript(in, len, &o, SALES_CSV_LIBCSV_ONLY, &slen);
	if (fast != NULL && slow != NULL) {
		if (flen != slen || memcmp(fast, slow, flen) != 0) {
			fprintf(stderr, "--- fast path\n%.*s--- libcsv only\n"
			    "%.*s", (int)(flen > 4000 ? 4000 : flen), fast,
			    (int)(slen > 4000 ? 4000 : slen), slow);
		}
		FUZZ_ASSERT(flen == slen && memcmp(fast, slow, flen) == 0);
	}
	free(fast);
	free(slow);
	free(big);
	return 0;
}
