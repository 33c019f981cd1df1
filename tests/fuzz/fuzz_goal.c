/*
 * fuzz_goal.c - goal-score in process: the same library calls the binary
 * makes (goals, roster, metrics and forecast inputs bound and added, the
 * opportunities through the opportunity reader, every view written).
 * The first byte picks the view; the rest holds the five inputs in the
 * order goals, roster, metrics, forecast, opportunities, separated by
 * lines "===".
 */
#include <string.h>

#include "fuzz.h"

#define NPARTS	5

/* Feeds one CSV input of kind to g, as read_input() in goal-score.c. */
static void
feed(struct sales_goal *g, enum sales_goal_input kind, const uint8_t *data,
    size_t size)
{
	const struct sales_row *row;
	struct sales_csv *csv;
	FILE *fp;
	int rc;

	if ((fp = fuzz_stream(data, size)) == NULL)
		return;
	if ((csv = sales_csv_open(fp, "in.csv", NULL)) != NULL) {
		if (sales_goal_bind(g, kind, csv, NULL, 0) == SALES_OK)
			while ((rc = sales_csv_next(csv, &row)) == SALES_OK ||
			    rc == SALES_EDATA)
				if (rc == SALES_OK)
					(void)sales_goal_add(g, kind, row);
		sales_csv_close(csv);
	}
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum sales_goal_by by[] = { SALES_GOAL_BY_OWNER,
	    SALES_GOAL_BY_TEAM, SALES_GOAL_BY_MANAGER, SALES_GOAL_BY_ALL };
	static const enum sales_goal_input kinds[] = { SALES_GOAL_GOALS,
	    SALES_GOAL_ROSTER, SALES_GOAL_METRICS, SALES_GOAL_FORECAST };
	const uint8_t *p[NPARTS];
	size_t len[NPARTS], n, i, offtrack;
	struct sales_goal_options go;
	struct sales_opp_options oo;
	struct sales_opp_reader *r;
	struct sales_stages *stages;
	struct sales_goal *g;
	struct sales_csv *csv;
	struct sales_out *out;
	struct sales_opp d;
	char err[1024], *text = NULL;
	size_t textlen = 0;
	FILE *fp, *sink;
	unsigned sel;
	int rc;

	if (size < 1)
		return 0;
	sel = data[0];
	memset(&go, 0, sizeof(go));
	go.as_of = sales_date_from_ymd(2026, 11, 16);
	go.by = by[sel & 3];
	go.scorecard = (sel & 4) != 0;
	go.at_risk = 100;
	go.off_track = 80;
	if (sel & 8) {
		go.to_date = 1;
		go.to_date_unit = SALES_PERIOD_QUARTER;
	}
	n = fuzz_split(data + 1, size - 1, NPARTS, p, len);
	stages = sales_stages_new();
	g = sales_goal_new(&go);
	if (stages == NULL || g == NULL)
		goto out;
	for (i = 0; i < n && i < 4; i++)
		feed(g, kinds[i], p[i], len[i]);
	if (n == NPARTS && (fp = fuzz_stream(p[4], len[4])) != NULL) {
		memset(&oo, 0, sizeof(oo));
		oo.stages = stages;
		if ((csv = sales_csv_open(fp, "deals.csv", NULL)) != NULL) {
			if (sales_opp_open(csv, &oo, &r, err, sizeof(err)) ==
			    SALES_OK) {
				while ((rc = sales_opp_next(r, &d)) == SALES_OK ||
				    rc == SALES_EDATA)
					if (rc == SALES_OK)
						(void)sales_goal_add_opp(g,
						    "deals.csv", &d);
				sales_opp_close(r);
			}
			sales_csv_close(csv);
		}
		fclose(fp);
	}
	if ((sink = open_memstream(&text, &textlen)) != NULL) {
		if ((out = sales_out_new(sink, SALES_FMT_CSV, 0)) != NULL) {
			rc = sales_goal_write(g, out, &offtrack);
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
	sales_goal_free(g);
	sales_stages_free(stages);
	return 0;
}
