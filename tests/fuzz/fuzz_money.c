/*
 * fuzz_money.c - the money parser.  The first byte picks the decimal
 * comma.  An amount that parses must format to text that parses back to
 * the same cents; one that does not must say why.
 */
#include <string.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[SALES_MONEY_BUFSZ];
	const char *why = NULL;
	int64_t cents, again;
	int flags;

	if (size < 1)
		return 0;
	flags = (data[0] & 1) ? SALES_MONEY_DECIMAL_COMMA : 0;
	if (sales_money_parse((const char *)data + 1, size - 1, flags, &cents,
	    &why) == SALES_OK) {
		sales_money_format(cents, buf);
		FUZZ_ASSERT(sales_money_parse(buf, strlen(buf), 0, &again,
		    &why) == SALES_OK);
		FUZZ_ASSERT(again == cents);
	} else {
		FUZZ_ASSERT(why != NULL && why[0] != '\0');
	}
	return 0;
}
