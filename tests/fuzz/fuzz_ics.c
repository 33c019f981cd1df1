/*
 * fuzz_ics.c - the iCalendar reader over libical.  The first byte picks
 * how far recurring series are expanded.  Invariants: every event comes
 * back with ascending occurrence dates, none after the limit, and people
 * with non-NULL names and addresses; a bad file ends in a status with a
 * message, never a crash or a hang.
 */
#include <string.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sales_ics_event ev;
	struct sales_ics *ics;
	int32_t until;
	FILE *fp;
	int rc;

	if (size < 1)
		return 0;
	/* Up to about two years past 2026-01-01: recurrences stay bounded. */
	until = sales_date_from_ymd(2026, 1, 1) + data[0] * 3;
	if ((fp = fuzz_stream(data + 1, size - 1)) == NULL)
		return 0;
	if ((ics = sales_ics_open(fp, "fuzz.ics", until)) == NULL) {
		fclose(fp);
		return 0;
	}
	while ((rc = sales_ics_next(ics, &ev)) != SALES_EOF) {
		if (rc == SALES_EDATA) {
			FUZZ_ASSERT(sales_ics_error(ics)[0] != '\0');
			continue;
		}
		if (rc < 0) {
			FUZZ_ASSERT(sales_ics_error(ics)[0] != '\0');
			break;
		}
		FUZZ_ASSERT(ev.summary != NULL);
		for (size_t i = 0; i < ev.nocc; i++) {
			FUZZ_ASSERT(ev.occ[i] <= until);
			FUZZ_ASSERT(i == 0 || ev.occ[i - 1] <= ev.occ[i]);
		}
		for (size_t i = 0; i < ev.npeople; i++)
			FUZZ_ASSERT(ev.people[i].name != NULL &&
			    ev.people[i].email != NULL);
	}
	sales_ics_close(ics);
	fclose(fp);
	return 0;
}
