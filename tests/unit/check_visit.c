/*
 * check_visit.c - unit tests for visit.c: name keys and edit distance,
 * validation and the row format, the append path (header, torn tail,
 * read-only, repair), 16 concurrent writers and a SIGKILL'd writer, and
 * coverage computed on small hand-checked cases.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "sales.h"

#define D(y, m, d)	sales_date_from_ymd(y, m, d)

static char dir[64];
static char logpath[128];

static void
setup(void)
{
	strcpy(dir, "/tmp/check_visit.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(logpath, sizeof(logpath), "%s/log.csv", dir);
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "check_visit: could not remove %s\n", dir);
}

/* The whole file as a string (caller frees); "" when missing. */
static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = calloc(1, 1 << 20);
	size_t n = 0;

	ck_assert_ptr_nonnull(buf);
	if (fp != NULL) {
		n = fread(buf, 1, (1 << 20) - 1, fp);
		fclose(fp);
	}
	buf[n] = '\0';
	return buf;
}

static void
spit(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
visit(struct sales_visit *v, int32_t date, const char *exec,
    const char *acct)
{
	memset(v, 0, sizeof(*v));
	v->date = date;
	v->executive = exec;
	v->title = "CEO";
	v->account = acct;
	v->note = "";
	v->kind = SALES_VISIT_ONSITE;
}

/* Appends one visit through the library's append path. */
static int
append(const char *exec, const char *acct, const char *note, char *err)
{
	struct sales_visit_buf b = { NULL, 0, 0 };
	struct sales_visit v;
	int rc;

	visit(&v, D(2026, 11, 1), exec, acct);
	v.note = note;
	if (sales_visit_format(&b, &v) != SALES_OK)
		return SALES_ENOMEM;
	rc = sales_visit_append(logpath, b.data, b.len, err, 512);
	sales_visit_buf_fini(&b);
	return rc;
}

START_TEST(key_and_distance)
{
	char *k = sales_visit_key("  ACME \t Corp  ", 15);

	ck_assert_str_eq(k, "acme corp");
	free(k);
	ck_assert_uint_eq(sales_visit_distance("kitten", "sitting"), 3);
	ck_assert_uint_eq(sales_visit_distance("", "abc"), 3);
	ck_assert_uint_eq(sales_visit_distance("acme crop", "acme corp"), 2);
	ck_assert_uint_eq(sales_visit_distance("same", "same"), 0);
}
END_TEST

START_TEST(kinds)
{
	int k;

	ck_assert_int_eq(sales_visit_kind_parse(" Virtual ", 9, &k), SALES_OK);
	ck_assert_int_eq(k, SALES_VISIT_VIRTUAL);
	ck_assert_str_eq(sales_visit_kind_name(k), "virtual");
	ck_assert_int_eq(sales_visit_kind_parse("lunch", 5, &k), SALES_EDATA);
}
END_TEST

START_TEST(validate)
{
	struct sales_visit v;
	char err[256];

	visit(&v, D(2026, 11, 28), "Dana", "Acme");
	ck_assert_int_eq(sales_visit_check(&v, D(2026, 11, 28), 0, err,
	    sizeof(err)), SALES_OK);
	v.date = D(2026, 11, 29);
	ck_assert_int_eq(sales_visit_check(&v, D(2026, 11, 28), 0, err,
	    sizeof(err)), SALES_EDATA);
	ck_assert_int_eq(sales_visit_check(&v, D(2026, 11, 28), 1, err,
	    sizeof(err)), SALES_OK);
	v.account = "  ";
	ck_assert_int_eq(sales_visit_check(&v, D(2026, 11, 29), 0, err,
	    sizeof(err)), SALES_EDATA);
	ck_assert_str_eq(err, "column \"account\" is empty");
	v.account = "Acme";
	v.note = "two\nlines";
	ck_assert_int_eq(sales_visit_check(&v, D(2026, 11, 29), 0, err,
	    sizeof(err)), SALES_EDATA);
}
END_TEST

START_TEST(format)
{
	struct sales_visit_buf b = { NULL, 0, 0 };
	struct sales_visit v;

	visit(&v, D(2026, 1, 5), "Dana", "Acme, Inc");
	v.note = "said \"yes\"";
	v.title = " CEO";
	v.kind = SALES_VISIT_EVENT;
	ck_assert_int_eq(sales_visit_format(&b, &v), SALES_OK);
	ck_assert_str_eq(b.data,
	    "2026-01-05,Dana,\" CEO\",\"Acme, Inc\",event,\"said \"\"yes\"\"\"\n");
	sales_visit_buf_fini(&b);
}
END_TEST

START_TEST(append_new_and_again)
{
	char err[512], *s;

	ck_assert_int_eq(append("Dana", "Acme", "", err), SALES_OK);
	ck_assert_int_eq(append("Raj", "Globex", "n", err), SALES_OK);
	s = slurp(logpath);
	ck_assert_str_eq(s, SALES_VISIT_HEADER "\n"
	    "2026-11-01,Dana,CEO,Acme,onsite,\n"
	    "2026-11-01,Raj,CEO,Globex,onsite,n\n");
	free(s);
}
END_TEST

START_TEST(append_refused)
{
	char err[512], *s, path[160];

	/* A torn tail: refused, file untouched. */
	spit(logpath, SALES_VISIT_HEADER "\n2026-11-01,Dana,CEO,Ac");
	ck_assert_int_eq(append("Raj", "Globex", "", err), SALES_EDATA);
	s = slurp(logpath);
	ck_assert_str_eq(s, SALES_VISIT_HEADER "\n2026-11-01,Dana,CEO,Ac");
	free(s);
	/* Another header: refused, untouched. */
	spit(logpath, "date,who\n");
	ck_assert_int_eq(append("Raj", "Globex", "", err), SALES_EPARSE);
	s = slurp(logpath);
	ck_assert_str_eq(s, "date,who\n");
	free(s);
	/* Read-only, even for root. */
	spit(logpath, SALES_VISIT_HEADER "\n");
	ck_assert_int_eq(chmod(logpath, 0444), 0);
	ck_assert_int_eq(append("Raj", "Globex", "", err), SALES_EIO);
	s = slurp(logpath);
	ck_assert_str_eq(s, SALES_VISIT_HEADER "\n");
	free(s);
	/* A missing directory. */
	snprintf(path, sizeof(path), "%s/no/such", dir);
	strcpy(logpath, path);
	ck_assert_int_eq(append("Raj", "Globex", "", err), SALES_EIO);
	ck_assert_ptr_nonnull(strstr(err, "No such file or directory"));
}
END_TEST

START_TEST(repair_moves_tail)
{
	char err[512], rpath[160], *s;
	size_t moved;

	spit(logpath, SALES_VISIT_HEADER "\n2026-11-01,Dana,CEO,Acme,onsite,\n"
	    "2026-11-02,Raj,C");
	ck_assert_int_eq(sales_visit_repair(logpath, &moved, err, sizeof(err)),
	    SALES_OK);
	ck_assert_uint_eq(moved, 16);
	s = slurp(logpath);
	ck_assert_str_eq(s, SALES_VISIT_HEADER
	    "\n2026-11-01,Dana,CEO,Acme,onsite,\n");
	free(s);
	snprintf(rpath, sizeof(rpath), "%s.rejects", logpath);
	s = slurp(rpath);
	ck_assert_str_eq(s, "2026-11-02,Raj,C\n");
	free(s);
	/* A whole log: nothing moved; appending works again. */
	ck_assert_int_eq(sales_visit_repair(logpath, &moved, err, sizeof(err)),
	    SALES_OK);
	ck_assert_uint_eq(moved, 0);
	ck_assert_int_eq(append("Raj", "Globex", "", err), SALES_OK);
}
END_TEST

START_TEST(log_read)
{
	struct sales_visit_log *l;
	struct sales_visit v;
	char err[512];

	spit(logpath, SALES_VISIT_HEADER "\n2026-11-01,Dana,CEO,Acme,onsite,\n"
	    "2026-11-02,Raj,CRO,,onsite,\n2026-11-03,Mei,CFO,Initech,lunch,\n"
	    "2026-11-0");
	ck_assert_int_eq(sales_visit_log_open(logpath, "log", &l, err,
	    sizeof(err)), SALES_OK);
	ck_assert_uint_eq(sales_visit_log_torn(l), 5);
	ck_assert_int_eq(sales_visit_log_next(l, D(2026, 11, 28), 0, &v),
	    SALES_OK);
	ck_assert_str_eq(v.account, "Acme");
	ck_assert_int_eq(sales_visit_log_next(l, D(2026, 11, 28), 0, &v),
	    SALES_EDATA);
	ck_assert_str_eq(sales_visit_log_error(l),
	    "log:3: column \"account\" is empty");
	ck_assert_int_eq(sales_visit_log_next(l, D(2026, 11, 28), 0, &v),
	    SALES_EDATA);
	ck_assert_str_eq(sales_visit_log_error(l), "log:4: column \"kind\": "
	    "\"lunch\" is not onsite, virtual or event");
	ck_assert_int_eq(sales_visit_log_next(l, D(2026, 11, 28), 0, &v),
	    SALES_EOF);
	sales_visit_log_close(l);
	spit(logpath, "date,who\n");
	ck_assert_int_eq(sales_visit_log_open(logpath, "log", &l, err,
	    sizeof(err)), SALES_EDATA);
}
END_TEST

#define NPROC	16
#define NROWS	200

/*
 * 16 processes append 200 rows each at once, through the same path as
 * visit-log add: every row must arrive whole, exactly once.
 */
START_TEST(concurrent_writers)
{
	static unsigned char seen[NPROC][NROWS];
	struct sales_visit_log *l;
	struct sales_visit v;
	pid_t pid[NPROC];
	char err[512];
	int i, j, st, rc;
	size_t n = 0;

	for (i = 0; i < NPROC; i++) {
		if ((pid[i] = fork()) == 0) {
			char exec[16], note[16];

			snprintf(exec, sizeof(exec), "writer %d", i);
			for (j = 0; j < NROWS; j++) {
				snprintf(note, sizeof(note), "row %d", j);
				if (append(exec, "Acme, Inc", note, err) !=
				    SALES_OK)
					_exit(1);
			}
			_exit(0);
		}
		ck_assert_int_ge(pid[i], 0);
	}
	for (i = 0; i < NPROC; i++) {
		ck_assert_int_eq(waitpid(pid[i], &st, 0), pid[i]);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		    "writer %d failed", i);
	}
	ck_assert_int_eq(sales_visit_log_open(logpath, NULL, &l, err,
	    sizeof(err)), SALES_OK);
	ck_assert_uint_eq(sales_visit_log_torn(l), 0);
	memset(seen, 0, sizeof(seen));
	while ((rc = sales_visit_log_next(l, D(2026, 11, 28), 0, &v)) !=
	    SALES_EOF) {
		if (rc != SALES_OK)
			ck_abort_msg("bad row: %s", sales_visit_log_error(l));
		if (sscanf(v.executive, "writer %d", &i) != 1 ||
		    sscanf(v.note, "row %d", &j) != 1 || i < 0 ||
		    i >= NPROC || j < 0 || j >= NROWS ||
		    strcmp(v.account, "Acme, Inc") != 0 || seen[i][j]++)
			ck_abort_msg("line %llu: unexpected or repeated row",
			    (unsigned long long)v.line);
		n++;
	}
	sales_visit_log_close(l);
	ck_assert_uint_eq(n, NPROC * NROWS);
}
END_TEST

/*
 * A writer killed with SIGKILL mid-run: the log is whole or repairable,
 * and every row the writer saw committed is there.
 */
START_TEST(killed_writer)
{
	struct sales_visit_log *l;
	struct sales_visit v;
	char err[512];
	int fds[2], st, j;
	size_t moved, n = 0, committed = 0;
	pid_t pid;
	ssize_t r;

	ck_assert_int_eq(pipe(fds), 0);
	if ((pid = fork()) == 0) {
		char note[16];

		close(fds[0]);
		for (j = 0;; j++) {
			snprintf(note, sizeof(note), "row %d", j);
			if (append("writer", "Acme", note, err) != SALES_OK)
				_exit(1);
			if (write(fds[1], "x", 1) != 1)
				_exit(1);
		}
	}
	close(fds[1]);
	/* Let it commit some rows, then kill it wherever it is. */
	while (committed < 60 && read(fds[0], err, 1) == 1)
		committed++;
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFSIGNALED(st));
	while ((r = read(fds[0], err, sizeof(err))) > 0)
		committed += (size_t)r;
	close(fds[0]);

	ck_assert_int_eq(sales_visit_repair(logpath, &moved, err, sizeof(err)),
	    SALES_OK);
	ck_assert_int_eq(sales_visit_log_open(logpath, NULL, &l, err,
	    sizeof(err)), SALES_OK);
	ck_assert_uint_eq(sales_visit_log_torn(l), 0);
	while (sales_visit_log_next(l, D(2026, 11, 28), 0, &v) == SALES_OK) {
		if (sscanf(v.note, "row %d", &j) != 1 || (size_t)j != n)
			ck_abort_msg("row %zu out of order", n);
		n++;
	}
	sales_visit_log_close(l);
	ck_assert_uint_ge(n, committed);
	/* Whatever was torn was moved, not lost: at most one row more. */
	ck_assert_uint_le(n, committed + 1);
}
END_TEST

/* Accounts A 300, B 200, C 100, D 50; top 3; as of 2026-11-28. */
static struct sales_coverage *
small_coverage(size_t top, int listed)
{
	struct sales_coverage_options o = { D(2026, 11, 28), 365, 90, top };
	struct sales_coverage *c = sales_coverage_new(&o);
	struct sales_visit v;

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(sales_coverage_add_account(c, "Alpha Co", 30000),
	    SALES_OK);
	ck_assert_int_eq(sales_coverage_add_account(c, "Beta", 20000), SALES_OK);
	ck_assert_int_eq(sales_coverage_add_account(c, "Gamma", 10000),
	    SALES_OK);
	ck_assert_int_eq(sales_coverage_add_account(c, "Delta", 5000), SALES_OK);
	if (listed)
		ck_assert_int_eq(sales_coverage_add_exec(c, "dana", "Chief"), SALES_OK);
	visit(&v, D(2026, 11, 1), "Dana", "ALPHA  co");	/* 27 days */
	v.line = 2;
	ck_assert_int_eq(sales_coverage_add_visit(c, &v), SALES_OK);
	visit(&v, D(2026, 11, 1), "Raj", "alpha co");	/* same day, later */
	v.line = 3;
	v.title = "CRO";
	ck_assert_int_eq(sales_coverage_add_visit(c, &v), SALES_OK);
	visit(&v, D(2026, 8, 29), "Dana", "Beta");	/* 91 days: overdue */
	v.line = 4;
	ck_assert_int_eq(sales_coverage_add_visit(c, &v), SALES_OK);
	visit(&v, D(2026, 12, 1), "Dana", "Gamma");	/* after as-of */
	v.line = 5;
	ck_assert_int_eq(sales_coverage_add_visit(c, &v), SALES_OK);
	visit(&v, D(2026, 10, 1), "Raj", "Gama");	/* a misspelling */
	v.line = 6;
	ck_assert_int_eq(sales_coverage_add_visit(c, &v), SALES_OK);
	ck_assert_int_eq(sales_coverage_finish(c), SALES_OK);
	return c;
}

START_TEST(coverage_accounts)
{
	struct sales_coverage *c = small_coverage(3, 0);
	const struct sales_coverage_account *a;

	ck_assert_uint_eq(sales_coverage_ntop(c), 3);
	a = sales_coverage_top(c, 0);
	ck_assert_str_eq(a->name, "Alpha Co");
	ck_assert_int_eq(a->last, D(2026, 11, 1));
	ck_assert_str_eq(a->last_exec, "Raj");
	ck_assert_str_eq(a->last_title, "CRO");
	ck_assert_uint_eq(a->visits, 2);
	ck_assert_uint_eq(a->execs, 2);
	ck_assert_int_eq(a->status, SALES_COVERAGE_OK);
	a = sales_coverage_top(c, 1);
	ck_assert_str_eq(a->name, "Beta");
	ck_assert_int_eq(a->status, SALES_COVERAGE_OVERDUE);
	a = sales_coverage_top(c, 2);
	ck_assert_str_eq(a->name, "Gamma");
	ck_assert_int_eq(a->status, SALES_COVERAGE_NEVER);
	/* 1 of 3 covered: 333 per mille. */
	ck_assert_int_eq(sales_coverage_permille(c), 333);
	ck_assert(sales_coverage_failing(c));
	ck_assert_uint_eq(sales_coverage_nunknown(c), 1);
	ck_assert_str_eq(sales_coverage_unknown(c, 0)->name, "Gama");
	ck_assert_str_eq(sales_coverage_unknown(c, 0)->closest, "Gamma");
	ck_assert_uint_eq(sales_coverage_unknown(c, 0)->first_line, 6);
	sales_coverage_free(c);
}
END_TEST

START_TEST(coverage_execs)
{
	struct sales_coverage *c = small_coverage(2, 0);
	const struct sales_coverage_exec *e;

	ck_assert_uint_eq(sales_coverage_nexecs(c), 2);
	e = sales_coverage_exec(c, 0);
	ck_assert_str_eq(e->name, "Dana");
	ck_assert_uint_eq(e->visits, 2);
	ck_assert_uint_eq(e->ntop, 2);
	ck_assert_str_eq(e->top_names, "Alpha Co; Beta");
	e = sales_coverage_exec(c, 1);
	ck_assert_str_eq(e->name, "Raj");
	ck_assert_uint_eq(e->visits, 2);	/* one to "Gama" */
	ck_assert_uint_eq(e->top_visits, 1);
	ck_assert_int_eq(sales_coverage_permille(c), 500);
	sales_coverage_free(c);
	/* Only listed executives count: Raj's visit is gone. */
	c = small_coverage(3, 1);
	ck_assert_uint_eq(sales_coverage_nexecs(c), 1);
	ck_assert_str_eq(sales_coverage_top(c, 0)->last_exec, "dana");
	ck_assert_uint_eq(sales_coverage_top(c, 0)->visits, 1);
	ck_assert_uint_eq(sales_coverage_nunknown(c), 0);
	sales_coverage_free(c);
}
END_TEST

START_TEST(accounts_from_forecast)
{
	static const char text[] =
	    "account,horizon,deals,pipeline,weighted\n"
	    "Acme,30,1,100.00,50.00\n"
	    "Acme,60,2,300.00,150.00\n"
	    "Globex,30,1,500.00,400.00\n"
	    "Globex,60,1,500.00,400.00\n"
	    "Hooli,60,3,900.00,90.00\n";
	struct sales_coverage_options o = { D(2026, 11, 28), 365, 90, 0 };
	struct sales_coverage *c;
	struct sales_csv *csv;
	char name[32], err[256];
	FILE *fp;
	long h;

	for (h = 0; h <= 30; h += 30) {
		fp = fmemopen((void *)text, strlen(text), "r");
		csv = sales_csv_open(fp, "f", NULL);
		c = sales_coverage_new(&o);
		ck_assert_int_eq(sales_coverage_read_accounts(c, csv, NULL, h,
		    0, NULL, 0, name, sizeof(name), err, sizeof(err)),
		    SALES_OK);
		ck_assert_str_eq(name, "weighted");
		ck_assert_int_eq(sales_coverage_finish(c), SALES_OK);
		if (h == 0) {
			ck_assert_uint_eq(sales_coverage_ntop(c), 3);
			ck_assert_str_eq(sales_coverage_top(c, 0)->name,
			    "Globex");
			ck_assert_int_eq(sales_coverage_top(c, 1)->value,
			    15000);
			ck_assert_str_eq(sales_coverage_top(c, 2)->name,
			    "Hooli");
		} else {
			ck_assert_uint_eq(sales_coverage_ntop(c), 2);
			ck_assert_int_eq(sales_coverage_top(c, 1)->value,
			    5000);
		}
		sales_coverage_free(c);
		sales_csv_close(csv);
		fclose(fp);
	}
}
END_TEST

/*
 * Gama: 2 visits, first at line 6 spelt "Gama".  Alpha Co: two visits on
 * Nov 1, the later (line 3) by raj, spelt as in his first visit.  Beta:
 * Aug 29 and Nov 20 by Dana (title Chief that day).  Gamma: Nov 20 by
 * "dana", line 10, after line 9: her title is COO; Dec 1 is after the
 * as-of date; Delta's visit is before the look-back.  Dana made 4 visits
 * in the look-back, all to the top 3; raj 4, one to a top account.
 */
#define COV_MERGE_WANT							\
	"unknown Gama 2 line 6 closest Gamma\n"				\
	"unknown Zeta Corp 1 line 11 closest Alpha Co\n"			\
	"rank,account,value,last_visit,last_visitor,title,days_since,"	\
	"visits,executives,status\n"					\
	"1,Alpha Co,300.00,2026-11-01,raj,CRO,27,2,2,ok\n"		\
	"2,Beta,200.00,2026-11-20,Dana,Chief,8,2,1,ok\n"			\
	"3,Gamma,100.00,2026-11-20,Dana,COO,8,1,1,ok\n"			\
	",Coverage,,,,,,5,2,100.0%\n"					\
	"executive,title,visits,top_account_visits,top_accounts,accounts\n" \
	"Dana,COO,4,4,3,Alpha Co; Beta; Gamma\n"				\
	"raj,CRO,4,1,1,Alpha Co\n"					\
	"(nobody),,0,0,0,\n"						\
	"owner,metric,date,value\n"					\
	"Dana,executive_visits,2026-08-01,1\n"				\
	"Dana,executive_visits,2026-11-01,3\n"				\
	"raj,executive_visits,2026-09-01,1\n"				\
	"raj,executive_visits,2026-10-01,2\n"				\
	"raj,executive_visits,2026-11-01,1\n"				\
	"all,top_account_coverage,2026-11-28,100.0\n"

/*
 * Partial states: the visits below cut into 2 and 3 consecutive pieces
 * at every position, each into its own partial of the same accounts,
 * merged in several groupings and orders, always give the one-pass
 * coverage.
 */
struct pvisit {
	uint64_t	 line;
	int		 y, m, d;
	const char	*exec, *title, *acct;
};

static const struct pvisit pvisits[] = {
	{ 2, 2026, 11, 1, "Dana", "VP", "ALPHA  co" },
	{ 3, 2026, 11, 1, "raj", "CRO", "alpha co" },	/* same day, later */
	{ 4, 2026, 8, 29, "Dana", "VP", "Beta" },
	{ 5, 2026, 12, 1, "Dana", "VP", "Gamma" },	/* after as-of */
	{ 6, 2026, 10, 1, "Raj", "CRO", "Gama" },	/* no account */
	{ 7, 2025, 11, 1, "Dana", "VP", "Delta" },	/* before the look-back */
	{ 8, 2026, 10, 15, "Raj", "CRO", "gama" },
	{ 9, 2026, 11, 20, "Dana", "Chief", "Beta" },
	{ 10, 2026, 11, 20, "dana", "COO", "Gamma" },	/* same day, later */
	{ 11, 2026, 9, 1, "Raj", "CRO", "Zeta Corp" },
};
#define NPVISIT	(sizeof(pvisits) / sizeof(pvisits[0]))

static struct sales_coverage *
cov_base(void)
{
	struct sales_coverage_options o = { D(2026, 11, 28), 365, 90, 3 };
	struct sales_coverage *c = sales_coverage_new(&o);

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(sales_coverage_add_account(c, "Alpha Co", 30000),
	    SALES_OK);
	ck_assert_int_eq(sales_coverage_add_account(c, "Beta", 20000), SALES_OK);
	ck_assert_int_eq(sales_coverage_add_account(c, "Gamma", 10000),
	    SALES_OK);
	ck_assert_int_eq(sales_coverage_add_account(c, "Delta", 5000), SALES_OK);
	sales_coverage_set_seq(c, 1);
	return c;
}

static struct sales_coverage *
cov_piece(const struct sales_coverage *base, size_t from, size_t to)
{
	struct sales_coverage *c = sales_coverage_part_new(base);
	struct sales_visit v;
	size_t i;

	ck_assert_ptr_nonnull(c);
	for (i = from; i < to; i++) {
		visit(&v, D(pvisits[i].y, pvisits[i].m, pvisits[i].d),
		    pvisits[i].exec, pvisits[i].acct);
		v.title = pvisits[i].title;
		v.line = pvisits[i].line;
		if (sales_coverage_add_visit(c, &v) != SALES_OK)
			ck_abort_msg("visit %zu", i);
	}
	return c;
}

/* Every table, and the unknown names. */
static char *
cov_snap(struct sales_coverage *c)
{
	const struct sales_coverage_unknown *u;
	struct sales_out *o;
	char *buf = NULL;
	size_t len, i;
	FILE *fp;

	if (sales_coverage_finish(c) != SALES_OK)
		ck_abort_msg("finish");
	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	for (i = 0; i < sales_coverage_nunknown(c); i++) {
		u = sales_coverage_unknown(c, i);
		fprintf(fp, "unknown %s %llu line %llu closest %s\n", u->name,
		    (unsigned long long)u->visits,
		    (unsigned long long)u->first_line, u->closest);
	}
	o = sales_out_new(fp, SALES_FMT_CSV, 0);
	if (sales_coverage_write(c, o, "value", 1) != SALES_OK ||
	    sales_out_finish(o) != SALES_OK)
		ck_abort_msg("write");
	sales_out_free(o);
	o = sales_out_new(fp, SALES_FMT_CSV, 0);
	if (sales_coverage_write_execs(c, o) != SALES_OK ||
	    sales_out_finish(o) != SALES_OK)
		ck_abort_msg("write execs");
	sales_out_free(o);
	o = sales_out_new(fp, SALES_FMT_CSV, 0);
	if (sales_coverage_write_metrics(c, o) != SALES_OK ||
	    sales_out_finish(o) != SALES_OK)
		ck_abort_msg("write metrics");
	sales_out_free(o);
	fclose(fp);
	return buf;
}

START_TEST(coverage_merge)
{
	struct sales_coverage *base, *one, *a, *b, *x, *p[3];
	char *want, *got;
	size_t k, k2, n;
	int rc;

	base = cov_base();
	one = cov_piece(base, 0, NPVISIT);
	want = cov_snap(one);
	ck_assert_str_eq(want, COV_MERGE_WANT);
	for (k = 0; k <= NPVISIT; k++)
		for (n = 0; n < 2; n++) {
			a = cov_piece(base, 0, k);
			b = cov_piece(base, k, NPVISIT);
			x = n == 0 ? a : b;
			if (sales_coverage_merge(x, n == 0 ? b : a) != SALES_OK)
				ck_abort_msg("merge");
			got = cov_snap(x);
			if (strcmp(got, want) != 0)
				ck_abort_msg("2 pieces at %zu, order %zu:\n%s",
				    k, n, got);
			free(got);
			sales_coverage_free(a);
			sales_coverage_free(b);
		}
	for (k = 0; k <= NPVISIT; k++)
		for (k2 = k; k2 <= NPVISIT; k2++)
			for (n = 0; n < 3; n++) {
				p[0] = cov_piece(base, 0, k);
				p[1] = cov_piece(base, k, k2);
				p[2] = cov_piece(base, k2, NPVISIT);
				if (n == 0) {
					rc = sales_coverage_merge(p[1], p[2]);
					rc |= sales_coverage_merge(p[0], p[1]);
					x = p[0];
				} else if (n == 1) {
					rc = sales_coverage_merge(p[0], p[1]);
					rc |= sales_coverage_merge(p[0], p[2]);
					x = p[0];
				} else {
					rc = sales_coverage_merge(p[2], p[0]);
					rc |= sales_coverage_merge(p[2], p[1]);
					x = p[2];
				}
				if (rc != SALES_OK)
					ck_abort_msg("merge");
				got = cov_snap(x);
				if (strcmp(got, want) != 0)
					ck_abort_msg("3 pieces at %zu,%zu, "
					    "grouping %zu:\n%s", k, k2, n, got);
				free(got);
				sales_coverage_free(p[0]);
				sales_coverage_free(p[1]);
				sales_coverage_free(p[2]);
			}
	/* A finished state merges no more; the base itself does. */
	ck_assert_int_eq(sales_coverage_merge(base, one), SALES_EUSAGE);
	x = cov_piece(base, 0, NPVISIT);
	ck_assert_int_eq(sales_coverage_merge(base, x), SALES_OK);
	sales_coverage_free(x);
	got = cov_snap(base);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	sales_coverage_free(one);
	sales_coverage_free(base);
}
END_TEST

Suite *
visit_suite(void)
{
	Suite *s = suite_create("visit");
	TCase *tc;

	tc = tcase_create("names");
	tcase_add_test(tc, key_and_distance);
	tcase_add_test(tc, kinds);
	suite_add_tcase(s, tc);

	tc = tcase_create("rows");
	tcase_add_test(tc, validate);
	tcase_add_test(tc, format);
	suite_add_tcase(s, tc);

	tc = tcase_create("log");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, append_new_and_again);
	tcase_add_test(tc, append_refused);
	tcase_add_test(tc, repair_moves_tail);
	tcase_add_test(tc, log_read);
	suite_add_tcase(s, tc);

	tc = tcase_create("concurrency");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, concurrent_writers);
	tcase_add_test(tc, killed_writer);
	suite_add_tcase(s, tc);

	tc = tcase_create("coverage");
	tcase_add_test(tc, coverage_accounts);
	tcase_add_test(tc, coverage_execs);
	tcase_add_test(tc, accounts_from_forecast);
	tcase_add_test(tc, coverage_merge);
	suite_add_tcase(s, tc);
	return s;
}
