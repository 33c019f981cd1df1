/*
 * fuzz_forecast.c - pipeline-forecast in process: the same library
 * calls the binary makes (opportunity reader, weighted forecast, output
 * writer), on a fuzzed file.  The first byte picks the grouping, the
 * total row and the output format.
 */
#include <string.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const by[] = { "owner", "stage", "none",
	    "forecast_category" };
	static const enum sales_format fmt[] = { SALES_FMT_CSV,
	    SALES_FMT_TSV, SALES_FMT_TABLE, SALES_FMT_JSON };
	struct sales_forecast_options fo;
	struct sales_opp_options oo;
	struct sales_opp_reader *r;
	struct sales_stages *stages;
	struct sales_forecast *f;
	struct sales_csv *csv;
	struct sales_out *out;
	struct sales_opp d;
	char err[1024], *text = NULL;
	size_t textlen = 0;
	FILE *fp, *sink;
	unsigned sel;
	int rc, ok = 1;

	if (size < 1)
		return 0;
	sel = data[0];
	memset(&fo, 0, sizeof(fo));
	FUZZ_ASSERT(sales_group_parse(by[sel & 3], &fo) == SALES_OK);
	FUZZ_ASSERT(sales_horizon_parse((sel & 4) ? "7,30" : "30,60,90",
	    &fo) == SALES_OK);
	fo.total = (sel & 8) != 0;
	fo.as_of = sales_date_from_ymd(2026, 11, 28);
	stages = sales_stages_new();
	f = sales_forecast_new(&fo);
	fp = fuzz_stream(data + 1, size - 1);
	if (stages == NULL || f == NULL || fp == NULL)
		goto out;
	memset(&oo, 0, sizeof(oo));
	oo.stages = stages;
	if ((csv = sales_csv_open(fp, "fuzz.csv", NULL)) == NULL)
		goto out;
	if (sales_opp_open(csv, &oo, &r, err, sizeof(err)) == SALES_OK) {
		while ((rc = sales_opp_next(r, &d)) == SALES_OK ||
		    rc == SALES_EDATA)
			if (rc == SALES_OK &&
			    sales_forecast_add(f, &d) != SALES_OK)
				ok = 0;
		sales_opp_close(r);
	}
	sales_csv_close(csv);
	if (ok && (sink = open_memstream(&text, &textlen)) != NULL) {
		if ((out = sales_out_new(sink, fmt[(sel >> 4) & 3], 0)) !=
		    NULL) {
			rc = sales_forecast_write(f, out);
			if (rc == SALES_OK)
				rc = sales_out_finish(out);
			FUZZ_ASSERT(rc == SALES_OK || rc == SALES_EDATA ||
			    rc == SALES_ENOMEM);
			sales_out_free(out);
		}
		fclose(sink);
		free(text);
	}
out:
	if (fp != NULL)
		fclose(fp);
	sales_forecast_free(f);
	sales_stages_free(stages);
	return 0;
}
