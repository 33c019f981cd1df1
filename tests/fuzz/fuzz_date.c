/*
 * fuzz_date.c - the date and period parsers.  The first byte picks the
 * day/month order and the fiscal start.  A date that parses is a real
 * civil date whose ISO form parses back to the same day; a period that
 * parses does not end before it starts.
 */
#include <string.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[SALES_DATE_BUFSZ];
	struct sales_period p;
	const char *why = NULL;
	int32_t day, again;
	int y, m, d, fiscal;
	char *s;

	if (size < 1)
		return 0;
	fiscal = 1 + (data[0] >> 1) % 12;
	if (sales_date_parse((const char *)data + 1, size - 1,
	    (data[0] & 1) ? SALES_DATE_DMY : SALES_DATE_MDY, &day, &why) ==
	    SALES_OK) {
		sales_date_to_ymd(day, &y, &m, &d);
		FUZZ_ASSERT(sales_date_valid(y, m, d));
		sales_date_format(day, buf);
		FUZZ_ASSERT(sales_date_parse(buf, strlen(buf), SALES_DATE_MDY,
		    &again, &why) == SALES_OK);
		FUZZ_ASSERT(again == day);
	} else {
		FUZZ_ASSERT(why != NULL && why[0] != '\0');
	}
	if ((s = fuzz_string(data + 1, size - 1)) == NULL)
		return 0;
	if (sales_period_parse(s, fiscal, &p, &why) == SALES_OK)
		FUZZ_ASSERT(p.first <= p.last);
	free(s);
	return 0;
}
