/*
 * fuzz_cadence.c - cadence-check in process: a roster, a meetings file
 * and a calendar, separated by lines "===", through the same library
 * calls the binary makes, and every output table written.  The first
 * byte picks the rule and the interval.
 */
#include <string.h>

#include "fuzz.h"

static void
feed_csv(struct sales_cadence *c, enum sales_cad_kind kind,
    const uint8_t *data, size_t size)
{
	const struct sales_row *hdr, *row;
	struct sales_cad_input in;
	struct sales_csv *csv;
	char err[512];
	FILE *fp;
	int rc;

	if ((fp = fuzz_stream(data, size)) == NULL)
		return;
	if ((csv = sales_csv_open(fp, "in.csv", NULL)) != NULL &&
	    sales_csv_header(csv, &hdr) == SALES_OK &&
	    sales_cadence_bind(c, kind, hdr, NULL, 0, &in, err,
	    sizeof(err)) == SALES_OK) {
		in.file = "in.csv";
		while ((rc = sales_csv_next(csv, &row)) == SALES_OK ||
		    rc == SALES_EDATA) {
			if (rc != SALES_OK)
				continue;
			rc = kind == SALES_CAD_ROSTER ?
			    sales_cadence_roster_row(c, &in, row) :
			    sales_cadence_meeting_row(c, &in, row);
			if (rc == SALES_EDATA)
				FUZZ_ASSERT(sales_cadence_error(c)[0] != '\0');
		}
	}
	sales_csv_close(csv);
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const every[] = { "monthly", "weekly", "2w",
	    "30d" };
	struct sales_cadence_options o;
	struct sales_ics_event ev;
	struct sales_cadence *c;
	struct sales_ics *ics;
	struct sales_out *out;
	const uint8_t *p[3];
	size_t len[3], n, it = 0;
	char *text = NULL, line[512];
	size_t textlen = 0;
	FILE *fp, *sink;
	int t, rc;

	if (size < 1)
		return 0;
	memset(&o, 0, sizeof(o));
	FUZZ_ASSERT(sales_cadence_every_parse(every[data[0] & 3], &o) ==
	    SALES_OK);
	o.rule = (data[0] & 4) ? SALES_CAD_GAP : SALES_CAD_CALENDAR;
	o.grace = data[0] >> 5;
	o.warn = 7;
	o.as_of = sales_date_from_ymd(2026, 11, 28);
	o.since = o.as_of - 365;
	if ((c = sales_cadence_new(&o)) == NULL)
		return 0;
	n = fuzz_split(data + 1, size - 1, 3, p, len);
	feed_csv(c, SALES_CAD_ROSTER, p[0], len[0]);
	if (n > 1)
		feed_csv(c, SALES_CAD_MEETINGS, p[1], len[1]);
	if (n > 2 && (fp = fuzz_stream(p[2], len[2])) != NULL) {
		if ((ics = sales_ics_open(fp, "in.ics", o.as_of)) != NULL) {
			while ((rc = sales_ics_next(ics, &ev)) == SALES_OK ||
			    rc == SALES_EDATA)
				if (rc == SALES_OK)
					(void)sales_cadence_ics_event(c,
					    "in.ics", &ev);
			sales_ics_close(ics);
		}
		fclose(fp);
	}
	if (sales_cadence_finish(c) == SALES_OK &&
	    (sink = open_memstream(&text, &textlen)) != NULL) {
		for (t = SALES_CAD_OUT_REPS; t <= SALES_CAD_OUT_METRICS; t++)
			if ((out = sales_out_new(sink, SALES_FMT_CSV, 0)) !=
			    NULL) {
				rc = sales_cadence_write(c, out,
				    (enum sales_cad_table)t);
				if (rc == SALES_OK)
					rc = sales_out_finish(out);
				FUZZ_ASSERT(rc == SALES_OK || rc == SALES_ENOMEM);
				sales_out_free(out);
			}
		while (sales_cadence_problem(c, &it, line, sizeof(line)))
			FUZZ_ASSERT(line[0] != '\0');
		fclose(sink);
		free(text);
	}
	sales_cadence_free(c);
	return 0;
}
