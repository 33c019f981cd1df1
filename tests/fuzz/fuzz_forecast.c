/*
 * fuzz_forecast.c - pipeline-forecast in process: the same library
 * calls the binary makes (opportunity reader, weighted forecast, output
 * writer), on a fuzzed file.  The first byte picks the grouping, the
 * total row and the output format.  The forecast's partial (--partial)
 * is read back (--merge) and must write the same report.  With bit 0x40
 * of the first byte, the input is read as a partial itself.
 */
#include <string.h>

#include "fuzz.h"

/* The forecast written as CSV into memory; NULL when it failed. */
static char *
report(struct sales_forecast *f, int partial)
{
	struct sales_out *out;
	char *text = NULL;
	size_t len = 0;
	FILE *sink;
	int rc = SALES_ENOMEM;

	if ((sink = open_memstream(&text, &len)) == NULL)
		return NULL;
	if ((out = sales_out_new(sink, SALES_FMT_CSV, 0)) != NULL) {
		rc = partial ? sales_forecast_write_partial(f, out) :
		    sales_forecast_write(f, out);
		if (rc == SALES_OK)
			rc = sales_out_finish(out);
		sales_out_free(out);
	}
	fclose(sink);
	if (rc != SALES_OK) {
		free(text);
		return NULL;
	}
	return text;
}

/* --merge over a fuzzed partial: a status, never a crash. */
static void
merge_fuzzed(const uint8_t *data, size_t size,
    const struct sales_forecast_options *fo)
{
	struct sales_forecast_options po = *fo;
	const struct sales_row *hdr, *row;
	struct sales_forecast *g = NULL;
	struct sales_csv *csv = NULL;
	const char *why;
	char *text;
	FILE *fp;
	int rc;

	if ((fp = fuzz_stream(data, size)) == NULL)
		return;
	if ((csv = sales_csv_open(fp, "partial.csv", NULL)) != NULL &&
	    sales_csv_header(csv, &hdr) == SALES_OK &&
	    sales_forecast_partial_options(hdr, &po, &why) == SALES_OK &&
	    (g = sales_forecast_new(&po)) != NULL) {
		while ((rc = sales_csv_next(csv, &row)) == SALES_OK ||
		    rc == SALES_EDATA) {
			if (rc == SALES_OK) {
				rc = sales_forecast_add_partial(g, row);
				FUZZ_ASSERT(rc == SALES_OK ||
				    rc == SALES_EDATA || rc == SALES_ENOMEM);
				FUZZ_ASSERT(rc == SALES_OK ||
				    sales_forecast_error(g)[0] != '\0');
			}
		}
		free(report(g, 0));
		if ((text = report(g, 1)) != NULL)
			free(text);
	}
	sales_forecast_free(g);
	sales_csv_close(csv);
	fclose(fp);
}

/* Reads partial text back into a new forecast and compares reports. */
static void
round_trip(struct sales_forecast *f, const struct sales_forecast_options *fo)
{
	struct sales_forecast_options po = *fo;
	const struct sales_row *hdr, *row;
	struct sales_forecast *g = NULL;
	struct sales_csv *csv = NULL;
	char *part, *want = NULL, *got = NULL;
	const char *why;
	FILE *fp = NULL;
	int rc;

	if ((part = report(f, 1)) == NULL)
		return;
	if ((fp = fuzz_stream((const uint8_t *)part, strlen(part))) == NULL ||
	    (csv = sales_csv_open(fp, "partial.csv", NULL)) == NULL)
		goto out;
	FUZZ_ASSERT(sales_csv_header(csv, &hdr) == SALES_OK);
	FUZZ_ASSERT(sales_forecast_partial_options(hdr, &po, &why) ==
	    SALES_OK);
	FUZZ_ASSERT(po.nby == fo->nby && po.nhorizons == fo->nhorizons);
	if ((g = sales_forecast_new(&po)) == NULL)
		goto out;
	while ((rc = sales_csv_next(csv, &row)) == SALES_OK) {
		rc = sales_forecast_add_partial(g, row);
		if (rc == SALES_ENOMEM)
			goto out;
		FUZZ_ASSERT(rc == SALES_OK);
	}
	FUZZ_ASSERT(rc == SALES_EOF);
	want = report(f, 0);
	got = report(g, 0);
	FUZZ_ASSERT((want == NULL) == (got == NULL));
	FUZZ_ASSERT(want == NULL || strcmp(want, got) == 0);
out:
	free(want);
	free(got);
	sales_forecast_free(g);
	sales_csv_close(csv);
	if (fp != NULL)
		fclose(fp);
	free(part);
}

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
	if (sel & 0x40) {
		merge_fuzzed(data + 1, size - 1, &fo);
		return 0;
	}
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
	if (ok)
		round_trip(f, &fo);
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
