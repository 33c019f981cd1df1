/*
 * check_par.c - unit tests for parallel reading (par.c) and the merge of
 * partial forecasts: a file read in N parts must give exactly what a
 * sequential read gives (every row, its line, its fields, every bad row
 * and its message, in order), whatever the cuts fall on: quoted newlines
 * at the cut, CRLF, a byte-order mark, bad rows in several parts, files
 * smaller than the number of parts.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "sales.h"

/* The least part size parallel() asks for (bytes). */
static size_t min_part = 1;

/* A transcript per part: rows and errors as text, in order. */
struct parts {
	char	*text[SALES_PAR_MAX_JOBS];
	size_t	 len[SALES_PAR_MAX_JOBS];
};

/* Appends every row of csv to out, or its error. */
static void
dump(struct sales_csv *csv, FILE *out)
{
	const struct sales_row *row;
	size_t i;
	int rc;

	while ((rc = sales_csv_next(csv, &row)) == SALES_OK ||
	    rc == SALES_EDATA) {
		if (rc == SALES_EDATA) {
			fprintf(out, "! %s\n", sales_csv_error(csv));
			continue;
		}
		fprintf(out, "%" PRIu64, row->line);
		for (i = 0; i < row->nfields; i++)
			fprintf(out, " [%s]", row->fields[i]);
		fputc('\n', out);
	}
	if (rc != SALES_EOF)
		fprintf(out, "!! %d %s\n", rc, sales_csv_error(csv));
}

static int
dump_part(struct sales_csv *csv, size_t i, void *arg)
{
	struct parts *p = arg;
	FILE *out = open_memstream(&p->text[i], &p->len[i]);

	if (out == NULL)
		return SALES_ENOMEM;
	dump(csv, out);
	fclose(out);
	return SALES_OK;
}

/* A temporary file holding s[0..len); returns its descriptor. */
static int
temp_file(const char *s, size_t len)
{
	char path[] = "/tmp/check_par.XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	unlink(path);
	ck_assert_int_eq(write(fd, s, len), (ssize_t)len);
	return fd;
}

/* The sequential transcript: header line, then dump(). */
static char *
sequential(int fd)
{
	const struct sales_row *hdr;
	struct sales_csv *csv;
	char *text = NULL;
	size_t len = 0;
	FILE *fp, *out;

	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	fp = fdopen(dup(fd), "rb");
	csv = sales_csv_open(fp, "t.csv", NULL);
	out = open_memstream(&text, &len);
	if (sales_csv_header(csv, &hdr) == SALES_OK)
		dump(csv, out);
	else
		fprintf(out, "!! %s\n", sales_csv_error(csv));
	fclose(out);
	sales_csv_close(csv);
	fclose(fp);
	return text;
}

/*
 * Reads fd in parallel with jobs threads and parts of at least 1 byte;
 * returns the joined transcript, or NULL when the file was not split
 * (*rc says why).
 */
static char *
parallel(int fd, size_t jobs, int *rc, size_t *nparts)
{
	struct sales_par_options o = { jobs, min_part };
	struct parts p;
	char *all = NULL;
	size_t len = 0, i;
	FILE *out;

	memset(&p, 0, sizeof(p));
	*nparts = 0;
	*rc = sales_par_read(fd, "t.csv", NULL, &o, dump_part, &p, nparts);
	out = open_memstream(&all, &len);
	for (i = 0; i < *nparts; i++) {
		if (p.text[i] != NULL)
			fputs(p.text[i], out);
		free(p.text[i]);
	}
	fclose(out);
	if (*rc != SALES_OK) {
		free(all);
		return NULL;
	}
	return all;
}

/*
 * For every jobs count from 2 to 9, the parallel transcript equals the
 * sequential one.  Returns how many runs were really split.
 */
static int
same_for_all_jobs(const char *s, size_t len)
{
	int fd = temp_file(s, len), rc, split = 0;
	char *want = sequential(fd), *got;
	size_t jobs, n;

	for (jobs = 2; jobs <= 9; jobs++) {
		got = parallel(fd, jobs, &rc, &n);
		if (got == NULL)
			continue;	/* to be read sequentially */
		if (n > 1)
			split++;
		if (strcmp(got, want) != 0)
			ck_abort_msg("jobs %zu, %zu parts:\nwant:\n%s\ngot:\n%s",
			    jobs, n, want, got);
		free(got);
	}
	free(want);
	close(fd);
	return split;
}

/*
 * Quoted newlines everywhere: with a padding that shifts every cut
 * through every byte of the rows, some cut falls on each quoted newline,
 * on the quote before and after it, and on each row end.
 */
START_TEST(test_quoted_newlines_at_every_cut)
{
	char buf[4096];
	int pad, split = 0;

	for (pad = 0; pad < 48; pad++) {
		int n = snprintf(buf, sizeof(buf),
		    "id,name,amount\n"
		    "1,\"%*s\",10\n"
		    "2,\"two\nlines\",20\n"
		    "3,\"a \"\"quoted\"\"\n, and\n\nmore\",30\n"
		    "4,plain,40\n"
		    "5,\"\n\",50\n"
		    "6,\"x\",60\n", pad, "");

		split += same_for_all_jobs(buf, (size_t)n);
	}
	ck_assert_int_gt(split, 300);
}
END_TEST

START_TEST(test_crlf_and_bom)
{
	static const char in[] = "\xef\xbb\xbf" "id,name\r\n1,\"a\r\nb\"\r\n"
	    "2,c\r\n3,d\r\n4,\"e\"\r\n5,f\r\n6,g\r\n";

	ck_assert_int_gt(same_for_all_jobs(in, sizeof(in) - 1), 0);
}
END_TEST

/* Bad rows in several parts come out in line order with their lines. */
START_TEST(test_bad_rows_in_several_parts)
{
	static const char in[] = "a,b\n1,2\n3\n4,5\n6,7,8\n9,10\n11\n"
	    "12,13\n14,\"x\ny\",15\n16,17\n";

	ck_assert_int_gt(same_for_all_jobs(in, sizeof(in) - 1), 0);
}
END_TEST

/*
 * Blank lines and a Salesforce footer at the end.  A footer met before
 * the last part sends the read back to one thread, so the parts are
 * kept large enough (a third of the file) for the last to hold it.
 */
START_TEST(test_blank_lines_and_footer)
{
	static const char tail[] = "\n\"B\",\"2\"\n\"C\",\"3\"\n\"\"\n\"\"\n"
	    "\"Grand Totals (3 records)\"\n\"\"\n"
	    "\"Copyright (c) 2000-2026 salesforce.com, inc.\"\n";
	char in[4096];
	int len = snprintf(in, sizeof(in), "\"Owner\",\"Amount\"\n"), i;

	for (i = 0; i < 60; i++)
		len += snprintf(in + len, sizeof(in) - (size_t)len,
		    "\"A%d\",\"%d\"\n", i, i);
	len += snprintf(in + len, sizeof(in) - (size_t)len, "%s", tail);
	min_part = (size_t)len / 3;
	ck_assert_int_gt(same_for_all_jobs(in, (size_t)len), 0);
	min_part = 1;
}
END_TEST

/*
 * A footer before the last part is not for the parts to judge ("data
 * after the report footer" needs what came before): the read fails and
 * the caller reads sequentially.
 */
START_TEST(test_footer_mid_file_fails)
{
	static const char in[] = "a,b\n1,2\nGrand Totals (1 records),\n"
	    "3,4\n5,6\n7,8\n9,10\n";
	int fd = temp_file(in, sizeof(in) - 1), rc;
	size_t n;
	char *got = parallel(fd, 4, &rc, &n);

	ck_assert_ptr_null(got);
	ck_assert_int_eq(rc, SALES_EDATA);
	close(fd);
}
END_TEST

/* Fewer rows than jobs: fewer parts, same rows. */
START_TEST(test_fewer_rows_than_jobs)
{
	static const char in[] = "a,b\n1,2\n3,4\n";
	int fd = temp_file(in, sizeof(in) - 1), rc;
	size_t n;
	char *got = parallel(fd, 8, &rc, &n), *want = sequential(fd);

	ck_assert_ptr_nonnull(got);
	ck_assert_uint_le(n, 3);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	close(fd);
}
END_TEST

/*
 * Two threads read eight parts each after part 0, taken in turn: 17
 * parts, and the same transcript as one thread.
 */
START_TEST(test_more_parts_than_threads)
{
	char in[8192], *got, *want;
	int len = snprintf(in, sizeof(in), "id,name\n"), i, fd, rc;
	size_t n;

	for (i = 0; i < 300; i++)
		len += snprintf(in + len, sizeof(in) - (size_t)len,
		    i % 7 ? "%d,n%d\n" : "%d,\"two\nlines %d\"\n", i, i);
	fd = temp_file(in, (size_t)len);
	got = parallel(fd, 2, &rc, &n);
	want = sequential(fd);
	ck_assert_int_eq(rc, SALES_OK);
	ck_assert_uint_eq(n, 17);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	close(fd);
}
END_TEST

/*
 * A stray quote in an unquoted field: after it the quote parity is
 * wrong, so no later newline looks like a record end and no cut is made
 * after it.  The part that holds it reads to the end of the file: the
 * sequential result.
 */
START_TEST(test_stray_quote_one_part)
{
	static const char in[] = "a,b\n1,2\n3,x\"y\n5,6\n7,8\n9,10\n11,12\n";
	int fd = temp_file(in, sizeof(in) - 1), rc;
	size_t n;
	char *got = parallel(fd, 3, &rc, &n), *want = sequential(fd);

	ck_assert_int_eq(rc, SALES_OK);
	ck_assert_uint_le(n, 3);	/* cuts only before line 3 */
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	close(fd);
}
END_TEST

/* What cannot be split is refused before any work: pipes, UTF-16, one job. */
START_TEST(test_not_split)
{
	static const char in[] = "a,b\n1,2\n3,4\n5,6\n";
	static const char u16[] = "\xff\xfe" "a\0,\0b\0\n\0" "1\0,\0" "2\0\n\0";
	struct sales_csv_options latin = { 0, "latin1", 0, 0 };
	struct sales_par_options one = { 1, 1 }, two = { 2, 1 };
	struct sales_par_options big = { 2, 1024 * 1024 };
	int fd = temp_file(in, sizeof(in) - 1), fd16, pfd[2];
	size_t n = 99;

	ck_assert_int_eq(sales_par_read(fd, "t", NULL, &one, NULL, NULL, &n),
	    SALES_EUSAGE);
	ck_assert_int_eq(sales_par_read(fd, "t", NULL, &big, NULL, NULL, &n),
	    SALES_EUSAGE);
	ck_assert_int_eq(sales_par_read(fd, "t", &latin, &two, NULL, NULL,
	    &n), SALES_EUSAGE);
	fd16 = temp_file(u16, sizeof(u16) - 1);
	ck_assert_int_eq(sales_par_read(fd16, "t", NULL, &two, NULL, NULL,
	    &n), SALES_EUSAGE);
	ck_assert_int_eq(pipe(pfd), 0);
	ck_assert_int_eq(sales_par_read(pfd[0], "t", NULL, &two, NULL, NULL,
	    &n), SALES_EUSAGE);
	ck_assert_uint_eq(n, 99);
	close(pfd[0]);
	close(pfd[1]);
	close(fd16);
	close(fd);
}
END_TEST

/* A forecast of a few deals, written as CSV text. */
static char *
forecast_text(struct sales_forecast *f)
{
	struct sales_out *o;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	o = sales_out_new(out, SALES_FMT_CSV, 0);
	ck_assert_int_eq(sales_forecast_write(f, o), SALES_OK);
	ck_assert_int_eq(sales_out_finish(o), SALES_OK);
	sales_out_free(o);
	fclose(out);
	return text;
}

static void
add_deal(struct sales_forecast *f, const char *owner, int64_t amount,
    int days, int32_t prob)
{
	struct sales_opp d;

	memset(&d, 0, sizeof(d));
	d.owner = owner;
	d.account = d.stage = d.id = d.name = d.team = d.manager = "";
	d.amount = amount;
	d.close = sales_date_from_ymd(2026, 11, 28) + days;
	d.created = SALES_DATE_NONE;
	d.prob = prob;
	d.state = SALES_OPEN;
	d.fcat = SALES_FCAT_COMMIT;
	ck_assert_int_eq(sales_forecast_add(f, &d), SALES_OK);
}

/*
 * The merge is associative and commutative: (a+b)+c, a+(b+c), c+b+a and
 * everything added to one forecast all write the same text.
 */
START_TEST(test_merge_associative)
{
	struct sales_forecast_options o;
	struct sales_forecast *a[3], *all, *ab, *bc, *x, *y, *z;
	static const char *owner[] = { "Ann", "Bob", "Cy", "Ann", "Di" };
	char *t_all, *t1, *t2, *t3;
	int i, k;

	memset(&o, 0, sizeof(o));
	ck_assert_int_eq(sales_group_parse("owner", &o), SALES_OK);
	ck_assert_int_eq(sales_horizon_parse("30,60,90", &o), SALES_OK);
	o.as_of = sales_date_from_ymd(2026, 11, 28);
	o.total = 1;
	all = sales_forecast_new(&o);
	for (k = 0; k < 3; k++)
		a[k] = sales_forecast_new(&o);
	for (i = 0; i < 30; i++) {
		/* Amounts with odd cents and probabilities that do not
		 * divide evenly, so that rounding would show. */
		int64_t amount = 100001 + i * 7919;
		int days = -5 + i * 4;
		int32_t prob = 333333 + i * 1111;

		add_deal(all, owner[i % 5], amount, days, prob);
		add_deal(a[i % 3], owner[i % 5], amount, days, prob);
	}
	ab = sales_forecast_new(&o);
	bc = sales_forecast_new(&o);
	x = sales_forecast_new(&o);
	y = sales_forecast_new(&o);
	z = sales_forecast_new(&o);
	/* x = (a0 + a1) + a2 */
	ck_assert_int_eq(sales_forecast_merge(ab, a[0]), SALES_OK);
	ck_assert_int_eq(sales_forecast_merge(ab, a[1]), SALES_OK);
	ck_assert_int_eq(sales_forecast_merge(x, ab), SALES_OK);
	ck_assert_int_eq(sales_forecast_merge(x, a[2]), SALES_OK);
	/* y = a0 + (a1 + a2) */
	ck_assert_int_eq(sales_forecast_merge(bc, a[1]), SALES_OK);
	ck_assert_int_eq(sales_forecast_merge(bc, a[2]), SALES_OK);
	ck_assert_int_eq(sales_forecast_merge(y, a[0]), SALES_OK);
	ck_assert_int_eq(sales_forecast_merge(y, bc), SALES_OK);
	/* z = a2 + a1 + a0 */
	for (k = 2; k >= 0; k--)
		ck_assert_int_eq(sales_forecast_merge(z, a[k]), SALES_OK);
	t_all = forecast_text(all);
	t1 = forecast_text(x);
	t2 = forecast_text(y);
	t3 = forecast_text(z);
	ck_assert_str_eq(t1, t_all);
	ck_assert_str_eq(t2, t_all);
	ck_assert_str_eq(t3, t_all);
	free(t_all);
	free(t1);
	free(t2);
	free(t3);
	for (k = 0; k < 3; k++)
		sales_forecast_free(a[k]);
	sales_forecast_free(all);
	sales_forecast_free(ab);
	sales_forecast_free(bc);
	sales_forecast_free(x);
	sales_forecast_free(y);
	sales_forecast_free(z);
}
END_TEST

/*
 * The history method's reading: the forecast and the model of a file
 * read in parts (sales_forecast_model_read_par) are those of one
 * sequential reading, whatever the number of parts: the forecast's
 * text, the model's cells and its deal list, and the bad rows in order.
 * Names hold quoted newlines, owners and teams first show late in the
 * file, some rows are bad, and some deals have snapshots (looked up by
 * every part at once).
 */
struct hist {
	struct sales_forecast	*f;
	struct sales_model	*m;
	char			*bad;	/* the messages, one a line */
};

static char *
hist_text(struct hist *h)
{
	struct sales_out *o;
	char *text = NULL, *f = forecast_text(h->f);
	size_t len = 0, g, k, ng;
	FILE *out = open_memstream(&text, &len);

	fprintf(out, "%s--\n%s--\n", f, h->bad);
	free(f);
	ck_assert_int_eq(sales_model_fit(h->m, sales_date_from_ymd(2026, 11,
	    28), SALES_FIT_LIVE | SALES_FIT_RANGES), SALES_OK);
	ng = sales_model_ngroups(h->m);
	for (g = 0; g <= ng; g++)
		for (k = 0; k < 2; k++) {
			const struct sales_model_cell *c;

			c = sales_model_cell(h->m, g, k);
			fprintf(out, "%zu %zu %" PRId64 " %" PRId64 " %" PRId64
			    " %" PRId64 " %" PRId64 " %" PRId64 "\n", g, k,
			    c->expected, c->model, c->new_business, c->p10,
			    c->p50, c->p90);
		}
	fflush(out);
	o = sales_out_new(out, SALES_FMT_CSV, 0);
	ck_assert_int_eq(sales_model_write_deals(h->m, o, 0), SALES_OK);
	ck_assert_int_eq(sales_out_finish(o), SALES_OK);
	sales_out_free(o);
	fclose(out);
	return text;
}

START_TEST(test_history_parts)
{
	static const char snap_text[] =
	    "id,snapshot_date,stage,amount,close_date\n"
	    "D6,2026-06-01,Prospecting,100.00,2026-08-01\n"
	    "D6,2026-09-01,Prospecting,100.00,2026-12-07\n"
	    "D40,2026-09-01,Prospecting,100.00,2026-12-01\n"
	    "D70,2026-10-01,Prospecting,100.00,2026-12-15\n";
	static const char *const owners[] = { "Ann", "Bob", "Cy" };
	static const char *const stage[] = { "Closed Won", "Closed Lost",
	    "Prospecting", "Negotiation/Review" };
	struct sales_forecast_options fo;
	struct sales_model_options mo;
	struct sales_opp_options oo;
	struct sales_par_options po = { 2, 1 };
	struct sales_stages *stages = sales_stages_new();
	struct sales_snaps *snaps = sales_snaps_new(stages);
	struct sales_opp_reader *r;
	struct sales_badrows bad;
	struct sales_csv *csv;
	struct sales_opp d;
	struct hist want, got;
	char *text = NULL, *t_want, *t_got, err[256];
	size_t len = 0, i;
	uint64_t cols;
	FILE *fp, *in;
	int fd, rc, k;

	fp = fmemopen((void *)snap_text, strlen(snap_text), "r");
	csv = sales_csv_open(fp, "h.csv", NULL);
	ck_assert_int_eq(sales_snaps_load(snaps, csv, SALES_DATE_MDY, 0, NULL,
	    0), SALES_OK);
	sales_csv_close(csv);
	fclose(fp);
	fp = open_memstream(&text, &len);
	fprintf(fp, "id,owner,team,name,amount,stage,close_date,"
	    "created_date\n");
	for (k = 0; k < 90; k++)
		fprintf(fp, "D%d,%s,%s,\"Deal %d%s\",%s%d.%02d,%s,"
		    "2026-%02d-%02d,2026-%02d-%02d\n", k,
		    k >= 60 && k % 3 == 0 ? "Zed" : owners[k % 3],
		    k >= 70 && k % 2 == 0 ? "West" : "East", k,
		    k % 7 == 0 ? "\nsecond line" : "", k % 23 == 5 ? "x" : "",
		    100 + k * 37, k % 100, stage[k % 4],
		    k % 4 < 2 ? 1 + k % 10 : k % 8 == 2 ? 11 : 12, 1 + k % 28,
		    k == 33 ? 12 : 1 + k % 9, 1 + (k * 7) % 28);
	fclose(fp);
	fd = temp_file(text, len);
	free(text);

	memset(&fo, 0, sizeof(fo));
	ck_assert_int_eq(sales_group_parse("owner,team", &fo), SALES_OK);
	ck_assert_int_eq(sales_horizon_parse("30,60", &fo), SALES_OK);
	fo.as_of = sales_date_from_ymd(2026, 11, 28);
	fo.total = 1;
	memset(&mo, 0, sizeof(mo));
	mo.trials = 300;
	mo.seed = 1;
	mo.keep_deals = 1;
	mo.snaps = snaps;
	memset(&oo, 0, sizeof(oo));
	oo.stages = stages;
	oo.need = (uint64_t)1 << SALES_OPP_CREATED_DATE |
	    (uint64_t)1 << SALES_OPP_ID;

	/* One sequential reading, as pipeline-forecast -j 1 does. */
	want.f = sales_forecast_new(&fo);
	want.m = sales_model_new(&fo, &mo);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	in = fdopen(dup(fd), "rb");
	csv = sales_csv_open(in, "t.csv", NULL);
	ck_assert_msg(sales_opp_open(csv, &oo, &r, err, sizeof(err)) ==
	    SALES_OK, "%s", err);
	fp = open_memstream(&want.bad, &len);
	while ((rc = sales_opp_next(r, &d)) != SALES_EOF) {
		if (rc == SALES_EDATA) {
			fprintf(fp, "%s\n", sales_opp_error(r));
			continue;
		}
		ck_assert_int_eq(rc, SALES_OK);
		ck_assert_int_eq(sales_forecast_add(want.f, &d), SALES_OK);
		ck_assert_int_eq(sales_model_add(want.m, &d), SALES_OK);
	}
	fclose(fp);
	sales_opp_close(r);
	sales_csv_close(csv);
	fclose(in);
	ck_assert_ptr_nonnull(strstr(want.bad, "t.csv:"));
	t_want = hist_text(&want);
	ck_assert_ptr_nonnull(strstr(t_want, "Zed,West,"));

	for (po.jobs = 2; po.jobs <= 6; po.jobs++) {
		memset(&bad, 0, sizeof(bad));
		ck_assert_int_eq(sales_forecast_model_read_par(fd, "t.csv",
		    NULL, &po, &oo, &fo, &mo, &got.f, &got.m, &cols, &bad),
		    SALES_OK);
		ck_assert_uint_ne(cols & (uint64_t)1 << SALES_OPP_CREATED_DATE,
		    0);
		fp = open_memstream(&got.bad, &len);
		for (i = 0; i < bad.n; i++)
			fprintf(fp, "%s\n", bad.v[i].msg);
		fclose(fp);
		sales_badrows_clear(&bad);
		t_got = hist_text(&got);
		ck_assert_msg(strcmp(t_got, t_want) == 0, "-j %zu:\nwant:\n%s\n"
		    "got:\n%s", po.jobs, t_want, t_got);
		free(t_got);
		free(got.bad);
		sales_forecast_free(got.f);
		sales_model_free(got.m);
	}
	free(t_want);
	free(want.bad);
	sales_forecast_free(want.f);
	sales_model_free(want.m);
	sales_snaps_free(snaps);
	sales_stages_free(stages);
	close(fd);
}
END_TEST

/* Kept bad rows: copies of the message and of every field. */
START_TEST(test_badrows_copy)
{
	struct sales_badrows b;
	char f0[] = "x", f1[] = "";
	char *fields[] = { f0, f1 };
	size_t lens[] = { 1, 0 };
	struct sales_row row = { 2, fields, lens, 7 };

	memset(&b, 0, sizeof(b));
	b.max = 2;
	ck_assert_int_eq(sales_badrows_add(&b, "t:7: bad", &row), SALES_OK);
	ck_assert_int_eq(sales_badrows_add(&b, "t:8: no row", NULL), SALES_OK);
	ck_assert_int_eq(sales_badrows_add(&b, "t:9: over", &row), SALES_EDATA);
	f0[0] = 'y';
	ck_assert_uint_eq(b.n, 2);
	ck_assert_str_eq(b.v[0].msg, "t:7: bad");
	ck_assert_str_eq(b.v[0].row.fields[0], "x");
	ck_assert_str_eq(b.v[0].row.fields[1], "");
	ck_assert_uint_eq(b.v[0].row.line, 7);
	ck_assert_uint_eq(b.v[1].row.nfields, 0);
	sales_badrows_clear(&b);
	ck_assert_uint_eq(b.n, 0);
}
END_TEST

Suite *
par_suite(void)
{
	Suite *s = suite_create("par");
	TCase *tc = tcase_create("par");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_quoted_newlines_at_every_cut);
	tcase_add_test(tc, test_crlf_and_bom);
	tcase_add_test(tc, test_bad_rows_in_several_parts);
	tcase_add_test(tc, test_blank_lines_and_footer);
	tcase_add_test(tc, test_footer_mid_file_fails);
	tcase_add_test(tc, test_fewer_rows_than_jobs);
	tcase_add_test(tc, test_more_parts_than_threads);
	tcase_add_test(tc, test_stray_quote_one_part);
	tcase_add_test(tc, test_not_split);
	tcase_add_test(tc, test_merge_associative);
	tcase_add_test(tc, test_badrows_copy);
	tcase_add_test(tc, test_history_parts);
	suite_add_tcase(s, tc);
	return s;
}
