/*
 * fuzz_visit.c - visit-log report in process: an accounts file and a
 * visits log, separated by a line "===", through the same library calls
 * the binary makes (the log read from a file, as the tool reads it), and
 * every view written.  The first byte picks --top and --max-gap.
 */
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sales_coverage_options co;
	struct sales_visit_log *log = NULL;
	struct sales_coverage *c;
	struct sales_visit v;
	struct sales_csv *csv;
	struct sales_out *out;
	const uint8_t *sep = NULL;
	char path[] = "/tmp/fuzz_visit.XXXXXX", err[512], name[256];
	char *text = NULL;
	size_t textlen = 0, i, alen;
	FILE *fp, *sink;
	int fd, rc;

	if (size < 1)
		return 0;
	memset(&co, 0, sizeof(co));
	co.as_of = sales_date_from_ymd(2026, 11, 28);
	co.look_back = 365;
	co.max_gap = 30 + (data[0] >> 4) * 10;
	co.top = data[0] & 15;
	data++;
	size--;
	for (i = 0; i + 5 <= size; i++)
		if (memcmp(data + i, "\n===\n", 5) == 0) {
			sep = data + i;
			break;
		}
	alen = sep != NULL ? (size_t)(sep - data) + 1 : size;
	if ((c = sales_coverage_new(&co)) == NULL)
		return 0;
	if ((fp = fuzz_stream(data, alen)) != NULL) {
		if ((csv = sales_csv_open(fp, "accounts.csv", NULL)) != NULL) {
			if (sales_coverage_read_accounts(c, csv, NULL, 0, 0,
			    NULL, 0, name, sizeof(name), err, sizeof(err)) !=
			    SALES_OK)
				FUZZ_ASSERT(err[0] != '\0');
			sales_csv_close(csv);
		}
		fclose(fp);
	}
	if (sep != NULL && (fd = mkstemp(path)) >= 0) {
		const uint8_t *lg = sep + 5;
		size_t llen = size - (size_t)(lg - data);

		if (write(fd, lg, llen) == (ssize_t)llen &&
		    sales_visit_log_open(path, "log.csv", &log, err,
		    sizeof(err)) == SALES_OK) {
			while ((rc = sales_visit_log_next(log, co.as_of, 0,
			    &v)) == SALES_OK || rc == SALES_EDATA)
				if (rc == SALES_OK)
					(void)sales_coverage_add_visit(c, &v);
				else
					FUZZ_ASSERT(sales_visit_log_error(log)[0]
					    != '\0');
			sales_visit_log_close(log);
		}
		close(fd);
		unlink(path);
	}
	if (sales_coverage_finish(c) == SALES_OK &&
	    (sink = open_memstream(&text, &textlen)) != NULL) {
		for (i = 0; i < 3; i++)
			if ((out = sales_out_new(sink, SALES_FMT_CSV, 0)) !=
			    NULL) {
				rc = i == 0 ? sales_coverage_write(c, out,
				    "revenue", 1) : i == 1 ?
				    sales_coverage_write_execs(c, out) :
				    sales_coverage_write_metrics(c, out);
				if (rc == SALES_OK)
					rc = sales_out_finish(out);
				FUZZ_ASSERT(rc == SALES_OK || rc == SALES_ENOMEM);
				sales_out_free(out);
			}
		(void)sales_coverage_failing(c);
		fclose(sink);
		free(text);
	}
	sales_coverage_free(c);
	return 0;
}
