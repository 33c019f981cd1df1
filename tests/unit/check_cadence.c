/*
 * check_cadence.c - the one-on-one cadence rules, with hand-computed
 * expectations.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "sales.h"

static int32_t
D(const char *s)
{
	const char *why;
	int32_t d;

	ck_assert_int_eq(sales_date_parse(s, strlen(s), SALES_DATE_MDY, &d,
	    &why), SALES_OK);
	return d;
}

static struct sales_cadence *
mk(const char *every, enum sales_cad_rule rule, int grace, int warn,
    const char *since, const char *as_of)
{
	struct sales_cadence_options o;
	struct sales_cadence *c;

	memset(&o, 0, sizeof(o));
	ck_assert_int_eq(sales_cadence_every_parse(every, &o), SALES_OK);
	o.rule = rule;
	o.grace = grace;
	o.warn = warn;
	o.since = D(since);
	o.as_of = D(as_of);
	c = sales_cadence_new(&o);
	ck_assert_ptr_nonnull(c);
	return c;
}

/* Adds a roster row: rep, manager, start, end ("" for none). */
static void
roster(struct sales_cadence *c, const char *rep, const char *mgr,
    const char *start, const char *end)
{
	struct sales_cad_input in;
	struct sales_row row;
	char *f[6];
	size_t l[6];
	int i;

	f[0] = (char *)rep;
	f[1] = (char *)"";
	f[2] = (char *)mgr;
	f[3] = (char *)"T";
	f[4] = (char *)start;
	f[5] = (char *)end;
	for (i = 0; i < 6; i++) {
		in.index[i] = i;
		l[i] = strlen(f[i]);
	}
	in.kind = SALES_CAD_ROSTER;
	in.file = "roster.csv";
	in.order = SALES_DATE_MDY;
	row.nfields = 6;
	row.fields = f;
	row.lens = l;
	row.line = 2;
	ck_assert_int_eq(sales_cadence_roster_row(c, &in, &row), SALES_OK);
}

static void
meet(struct sales_cadence *c, const char *rep, const char *day)
{
	ck_assert_int_eq(sales_cadence_add(c, "m.csv", 2, D(day), "M", rep),
	    SALES_OK);
}

static struct sales_cad_rep
get(struct sales_cadence *c, size_t i)
{
	struct sales_cad_rep r;

	ck_assert_int_eq(sales_cadence_rep(c, i, &r), SALES_OK);
	return r;
}

START_TEST(test_every)
{
	struct sales_cadence_options o;

	memset(&o, 0, sizeof(o));
	ck_assert_int_eq(sales_cadence_every_parse("monthly", &o), SALES_OK);
	ck_assert_int_eq(o.monthly, 1);
	ck_assert_int_eq(sales_cadence_every_parse("weekly", &o), SALES_OK);
	ck_assert(o.monthly == 0 && o.days == 7);
	ck_assert_int_eq(sales_cadence_every_parse("2w", &o), SALES_OK);
	ck_assert_int_eq(o.days, 14);
	ck_assert_int_eq(sales_cadence_every_parse("30d", &o), SALES_OK);
	ck_assert_int_eq(o.days, 30);
	ck_assert_int_eq(sales_cadence_every_parse("0d", &o), SALES_EUSAGE);
	ck_assert_int_eq(sales_cadence_every_parse("53w", &o), SALES_EUSAGE);
	ck_assert_int_eq(sales_cadence_every_parse("3m", &o), SALES_EUSAGE);
	ck_assert_int_eq(sales_cadence_every_parse("", &o), SALES_EUSAGE);
}
END_TEST

/* Calendar months across a leap February. */
START_TEST(test_calendar_leap)
{
	struct sales_cadence *c;
	struct sales_cad_rep r;

	c = mk("monthly", SALES_CAD_CALENDAR, 7, 7, "2024-01-01",
	    "2024-03-15");
	meet(c, "a", "2024-01-31");
	meet(c, "a", "2024-02-29");
	meet(c, "a", "2024-02-29");	/* same day twice: once */
	ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
	r = get(c, 0);
	ck_assert_int_eq(r.last, D("2024-02-29"));
	ck_assert_int_eq(r.next_due, D("2024-03-31"));
	ck_assert_int_eq(r.days_since, 15);
	ck_assert_int_eq(r.meetings, 2);
	ck_assert_int_eq(r.periods, 2);		/* March in progress */
	ck_assert_int_eq(r.periods_met, 2);
	ck_assert_int_eq(r.compliance, 1000);
	ck_assert_int_eq(r.streak, 2);
	ck_assert_int_eq(r.longest_gap, 30);	/* Jan 1 -> Jan 31 */
	ck_assert_str_eq(r.status, "ok");
	sales_cadence_free(c);
}
END_TEST

/* Gap rule, monthly: Jan 31 is due Feb 29 in a leap year, Feb 28 else. */
START_TEST(test_gap_month_end)
{
	struct sales_cadence *c;
	struct sales_cad_rep r;

	c = mk("monthly", SALES_CAD_GAP, 7, 7, "2023-01-01", "2024-03-05");
	meet(c, "a", "2024-01-31");
	meet(c, "b", "2023-01-31");
	ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
	r = get(c, 0);
	ck_assert_int_eq(r.next_due, D("2024-02-29"));
	ck_assert_str_eq(r.status, "due-soon");	/* 5 days late, grace 7 */
	ck_assert_int_eq(r.level, 0);
	r = get(c, 1);
	ck_assert_int_eq(r.next_due, D("2023-02-28"));
	ck_assert_str_eq(r.status, "overdue");
	/* 2023-02-28 -> 2024-03-05 is 371 days late: past 2 x grace. */
	ck_assert_int_eq(r.level, 2);
	/* 2023-01-01 .. 2023-01-31, then 2023-01-31 .. 2024-03-05. */
	ck_assert_int_eq(r.longest_gap, 399);
	sales_cadence_free(c);
}
END_TEST

/* Grace: overdue after grace days; escalation levels at grace, 2x. */
START_TEST(test_grace_levels)
{
	static const struct {
		const char *as_of, *status;
		int level;
	} t[] = {
		{ "2024-02-29", "due-soon", 0 },	/* due day */
		{ "2024-03-07", "due-soon", 0 },	/* 7 late = grace */
		{ "2024-03-08", "overdue", 1 },		/* 8 late */
		{ "2024-03-14", "overdue", 1 },		/* 14 = 2 x grace */
		{ "2024-03-15", "overdue", 2 },		/* 15 */
	};
	struct sales_cadence *c;
	struct sales_cad_rep r;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		c = mk("monthly", SALES_CAD_GAP, 7, 0, "2024-01-01", t[i].as_of);
		meet(c, "a", "2024-01-31");
		ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
		r = get(c, 0);
		if (strcmp(r.status, t[i].status) != 0 || r.level != t[i].level)
			ck_abort_msg("as of %s: %s level %d, want %s %d",
			    t[i].as_of, r.status, r.level, t[i].status,
			    t[i].level);
		sales_cadence_free(c);
	}
}
END_TEST

/* Warn window before the due date (calendar rule, due 2024-03-31). */
START_TEST(test_warn)
{
	struct sales_cadence *c;

	c = mk("monthly", SALES_CAD_CALENDAR, 0, 7, "2024-01-01",
	    "2024-03-24");
	meet(c, "a", "2024-02-10");
	ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
	ck_assert_str_eq(get(c, 0).status, "due-soon");	/* 7 days before */
	sales_cadence_free(c);
	c = mk("monthly", SALES_CAD_CALENDAR, 0, 7, "2024-01-01",
	    "2024-03-23");
	meet(c, "a", "2024-02-10");
	ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
	ck_assert_str_eq(get(c, 0).status, "ok");	/* 8 days before */
	sales_cadence_free(c);
	c = mk("monthly", SALES_CAD_CALENDAR, 0, 7, "2024-01-01",
	    "2024-04-01");
	meet(c, "a", "2024-02-10");
	ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
	ck_assert_str_eq(get(c, 0).status, "overdue");	/* grace 0 */
	sales_cadence_free(c);
}
END_TEST

/* New hire: due at the end of the first whole month after starting. */
START_TEST(test_start_date)
{
	struct sales_cadence *c;
	struct sales_cad_rep r;

	c = mk("monthly", SALES_CAD_CALENDAR, 7, 7, "2023-06-01",
	    "2024-03-15");
	roster(c, "new", "M", "2024-02-10", "");
	roster(c, "first", "M", "2024-02-01", "");
	ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
	r = get(c, 0);			/* "first": February is whole */
	ck_assert_str_eq(r.rep, "first");
	ck_assert_int_eq(r.next_due, D("2024-02-29"));
	ck_assert_str_eq(r.status, "never");
	ck_assert_int_eq(r.periods, 1);
	r = get(c, 1);			/* "new": March is the first whole */
	ck_assert_int_eq(r.next_due, D("2024-03-31"));
	ck_assert_str_eq(r.status, "ok");	/* not due yet */
	ck_assert_int_eq(r.periods, 0);	/* Feb partial, Mar in progress */
	ck_assert_int_eq(r.compliance, -1);
	ck_assert_int_eq(r.longest_gap, 34);	/* Feb 10 -> Mar 15 */
	sales_cadence_free(c);
	/* Gap rule: start + one month. */
	c = mk("monthly", SALES_CAD_GAP, 7, 7, "2023-06-01", "2024-03-15");
	roster(c, "new", "M", "2024-01-31", "");
	ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
	ck_assert_int_eq(get(c, 0).next_due, D("2024-02-29"));
	ck_assert_str_eq(get(c, 0).status, "never");
	sales_cadence_free(c);
}
END_TEST

/* Leaver: counted to the end date, judged there, not a problem. */
START_TEST(test_end_date)
{
	struct sales_cadence *c;
	struct sales_cad_rep r;
	char buf[256];
	size_t it = 0;

	c = mk("monthly", SALES_CAD_CALENDAR, 7, 7, "2024-01-01",
	    "2024-06-15");
	roster(c, "gone", "M", "", "2024-02-15");
	roster(c, "long gone", "M", "", "2023-12-31");
	meet(c, "gone", "2024-01-10");
	ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
	ck_assert_uint_eq(sales_cadence_reps(c), 1);	/* left earlier */
	r = get(c, 0);
	ck_assert_int_eq(r.periods, 1);		/* Feb partial, unmet */
	ck_assert_int_eq(r.periods_met, 1);
	ck_assert_int_eq(r.days_since, 36);	/* Jan 10 -> Feb 15 */
	ck_assert_int_eq(r.longest_gap, 36);
	ck_assert_int_eq(r.next_due, D("2024-02-29"));
	ck_assert_str_eq(r.status, "ok");
	ck_assert_int_eq(sales_cadence_problem(c, &it, buf, sizeof(buf)), 0);
	sales_cadence_free(c);
}
END_TEST

/* The head of the organisation (no manager on the roster) is not checked. */
START_TEST(test_roster_head)
{
	struct sales_cadence *c;
	struct sales_cad_rep r;
	char buf[256];
	size_t it = 0;

	c = mk("monthly", SALES_CAD_CALENDAR, 7, 7, "2024-01-01",
	    "2024-03-15");
	roster(c, "head", "", "", "");
	roster(c, "rep", "head", "", "");
	ck_assert_int_eq(sales_cadence_add(c, "m.csv", 2, D("2024-03-01"),
	    "head", "rep"), SALES_OK);
	ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
	ck_assert_uint_eq(sales_cadence_reps(c), 1);
	r = get(c, 0);
	ck_assert_str_eq(r.rep, "rep");
	ck_assert_str_eq(r.manager, "head");
	ck_assert_str_eq(r.status, "ok");
	ck_assert_int_eq(sales_cadence_problem(c, &it, buf, sizeof(buf)), 0);
	sales_cadence_free(c);
}
END_TEST

/* Streaks and the longest gap. */
START_TEST(test_streak_gap)
{
	struct sales_cadence *c;
	struct sales_cad_rep r;

	c = mk("monthly", SALES_CAD_CALENDAR, 7, 7, "2024-01-01",
	    "2024-06-10");
	meet(c, "a", "2024-01-05");
	meet(c, "a", "2024-03-28");
	meet(c, "a", "2024-04-02");
	meet(c, "a", "2024-05-30");
	meet(c, "b", "2023-12-20");	/* before since: last and gaps */
	meet(c, "b", "2024-06-03");
	ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
	r = get(c, 0);
	ck_assert_int_eq(r.periods, 5);		/* June in progress */
	ck_assert_int_eq(r.periods_met, 4);
	ck_assert_int_eq(r.compliance, 800);
	ck_assert_int_eq(r.streak, 3);		/* Mar, Apr, May */
	ck_assert_int_eq(r.longest_gap, 83);	/* Jan 5 -> Mar 28 */
	r = get(c, 1);
	ck_assert_int_eq(r.meetings, 1);
	ck_assert_int_eq(r.periods, 6);
	ck_assert_int_eq(r.streak, 1);
	ck_assert_int_eq(r.longest_gap, 166);	/* Dec 20 -> Jun 3 */
	sales_cadence_free(c);
}
END_TEST

/* Weekly calendar periods are Monday weeks. */
START_TEST(test_weekly)
{
	struct sales_cadence *c;
	struct sales_cad_rep r;

	/* 2024-02-26 is a Monday; as of Sunday 2024-03-10: 2 weeks. */
	c = mk("weekly", SALES_CAD_CALENDAR, 0, 0, "2024-02-26",
	    "2024-03-10");
	meet(c, "a", "2024-03-03");	/* Sunday of week 1 */
	meet(c, "a", "2024-03-04");	/* Monday of week 2 */
	ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
	r = get(c, 0);
	ck_assert_int_eq(r.periods, 2);
	ck_assert_int_eq(r.periods_met, 2);
	ck_assert_int_eq(r.next_due, D("2024-03-17"));
	sales_cadence_free(c);
}
END_TEST

/* The escalation chain: manager, then the manager's manager. */
START_TEST(test_escalation)
{
	struct sales_cadence *c;
	struct sales_out *o;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	c = mk("monthly", SALES_CAD_GAP, 5, 7, "2024-01-01", "2024-04-01");
	roster(c, "rep1", "mgr", "", "");
	roster(c, "rep2", "mgr", "", "");
	roster(c, "mgr", "vp", "", "");
	roster(c, "vp", "", "", "");
	meet(c, "rep1", "2024-02-25");	/* due 03-25, 7 late: level 1 */
	meet(c, "rep2", "2024-02-19");	/* due 03-19, 13 late: level 2 */
	meet(c, "mgr", "2024-03-20");
	meet(c, "vp", "2024-03-30");
	ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
	ck_assert_int_eq(get(c, 1).level, 1);
	ck_assert_int_eq(get(c, 2).level, 2);
	fp = open_memstream(&buf, &len);
	o = sales_out_new(fp, SALES_FMT_CSV, 0);
	ck_assert_int_eq(sales_cadence_write(c, o, SALES_CAD_OUT_ESCALATE),
	    SALES_OK);
	ck_assert_int_eq(sales_out_finish(o), SALES_OK);
	sales_out_free(o);
	fclose(fp);
	ck_assert_str_eq(buf,
	    "notify,level,rep,manager,status,next_due,days_overdue\n"
	    "mgr,1,rep1,mgr,overdue,2024-03-25,7\n"
	    "mgr,1,rep2,mgr,overdue,2024-03-19,13\n"
	    "vp,2,rep2,mgr,overdue,2024-03-19,13\n");
	free(buf);
	sales_cadence_free(c);
}
END_TEST

/* Future meetings are errors; unknown reps warned once, not counted. */
START_TEST(test_bad_meetings)
{
	struct sales_cadence *c;

	c = mk("monthly", SALES_CAD_CALENDAR, 7, 7, "2024-01-01",
	    "2024-03-15");
	roster(c, "a", "M", "", "");
	ck_assert_int_eq(sales_cadence_add(c, "m.csv", 9, D("2024-03-16"),
	    "M", "a"), SALES_EDATA);
	ck_assert_str_eq(sales_cadence_error(c), "m.csv:9: meeting on "
	    "2024-03-16 is after the as-of date 2024-03-15");
	ck_assert_int_eq(sales_cadence_add(c, "m.csv", 10, D("2024-03-01"),
	    "M", "Zed"), SALES_OK);
	ck_assert_str_eq(sales_cadence_warning(c), "m.csv:10: \"Zed\" is "
	    "not on the roster; meetings with them are not counted");
	ck_assert_int_eq(sales_cadence_add(c, "m.csv", 11, D("2024-03-02"),
	    "M", "ZED"), SALES_OK);
	ck_assert_str_eq(sales_cadence_warning(c), "");
	ck_assert_uint_eq(sales_cadence_unknown(c), 2);
	ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
	ck_assert_uint_eq(sales_cadence_reps(c), 1);
	ck_assert_int_eq(get(c, 0).meetings, 0);
	sales_cadence_free(c);
}
END_TEST

START_TEST(test_types)
{
	static const char *yes[] = { "1:1", "One-on-One", "1on1", "1-on-1",
	    "ONE ON ONE", "one-to-one", " 1:1 " };
	static const char *no[] = { "Pipeline review", "Meeting", "", "11am" };
	struct sales_cadence *c;
	size_t i;

	c = mk("monthly", SALES_CAD_CALENDAR, 7, 7, "2024-01-01",
	    "2024-03-15");
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!sales_cadence_is_one_on_one(c, yes[i], strlen(yes[i])))
			ck_abort_msg("\"%s\" not a one-on-one", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (sales_cadence_is_one_on_one(c, no[i], strlen(no[i])))
			ck_abort_msg("\"%s\" taken as a one-on-one", no[i]);
	sales_cadence_free(c);
}
END_TEST

/*
 * Partial states: the meetings below cut into 2 and 3 consecutive
 * pieces at every position, each piece into its own partial, merged in
 * several groupings and orders, always give the one-pass state.
 */
struct cev {
	uint64_t	 line;
	const char	*rep, *mgr, *day;
};

static const struct cev cevs[] = {
	{ 2, "alice", "", "2026-01-05" },
	{ 3, "Zed", "M", "2026-01-06" },
	{ 4, "bob", "Mia", "2025-12-20" },	/* before the window */
	{ 5, "ALICE", "Max", "2026-02-10" },
	{ 6, "zed", "M", "2026-02-11" },
	{ 7, "Bob", "Ned", "2026-02-12" },
	{ 8, "carl", "", "2026-03-01" },
	{ 9, "alice", "Ned", "2026-03-02" },
	{ 10, "Carl", "Ola", "2026-03-03" },
	{ 11, "ZED", "M", "2026-03-04" },
};
#define NCEV	(sizeof(cevs) / sizeof(cevs[0]))

/* A base state: the roster (alice, bob) when with_roster. */
static struct sales_cadence *
cbase(int with_roster)
{
	struct sales_cadence *c;

	c = mk("monthly", SALES_CAD_CALENDAR, 7, 7, "2026-01-01",
	    "2026-03-31");
	if (with_roster) {
		roster(c, "Alice", "Dana", "", "");
		roster(c, "Bob", "Dana", "", "");
	}
	sales_cadence_set_seq(c, 1);
	return c;
}

/* A partial of base holding meetings [from, to). */
static struct sales_cadence *
cpiece(const struct sales_cadence *base, size_t from, size_t to)
{
	struct sales_cadence *c;
	size_t i;

	c = sales_cadence_part_new(base);
	ck_assert_ptr_nonnull(c);
	for (i = from; i < to; i++)
		if (sales_cadence_add(c, "m.csv", cevs[i].line,
		    D(cevs[i].day), cevs[i].mgr, cevs[i].rep) != SALES_OK)
			ck_abort_msg("add %zu", i);
	return c;
}

/* Everything a state shows: the tables, the counts, the first warnings. */
static char *
csnap(struct sales_cadence *c)
{
	static const char *const names[] = { "zed", "carl", "alice" };
	char *buf = NULL;
	size_t len = 0, i;
	uint64_t line;
	struct sales_out *o;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	fprintf(fp, "unknown %llu ignored %llu\n",
	    (unsigned long long)sales_cadence_unknown(c),
	    (unsigned long long)sales_cadence_ignored(c));
	for (i = 0; i < 3; i++) {
		int warned;

		line = 0;
		warned = sales_cadence_warned(c, names[i], &line);
		fprintf(fp, "%s %d %llu\n", names[i], warned,
		    (unsigned long long)line);
	}
	if (sales_cadence_finish(c) != SALES_OK)
		ck_abort_msg("finish");
	o = sales_out_new(fp, SALES_FMT_CSV, 0);
	if (sales_cadence_write(c, o, SALES_CAD_OUT_REPS) != SALES_OK ||
	    sales_out_finish(o) != SALES_OK)
		ck_abort_msg("write");
	sales_out_free(o);
	fclose(fp);
	return buf;
}

static void
check_merges(int with_roster, const char *want_text)
{
	struct sales_cadence *base, *one, *a, *b, *x;
	char *want, *got;
	size_t k, k2, g;

	base = cbase(with_roster);
	one = cpiece(base, 0, NCEV);
	want = csnap(one);
	ck_assert_str_eq(want, want_text);
	/* Two pieces, both orders. */
	for (k = 0; k <= NCEV; k++)
		for (g = 0; g < 2; g++) {
			a = cpiece(base, 0, k);
			b = cpiece(base, k, NCEV);
			x = g == 0 ? a : b;
			if (sales_cadence_merge(x, g == 0 ? b : a) != SALES_OK)
				ck_abort_msg("merge");
			got = csnap(x);
			if (strcmp(got, want) != 0)
				ck_abort_msg("2 pieces at %zu, order %zu:\n%s",
				    k, g, got);
			free(got);
			sales_cadence_free(a);
			sales_cadence_free(b);
		}
	/* Three pieces: a+(b+c), (a+b)+c, (c+a)+b. */
	for (k = 0; k <= NCEV; k++)
		for (k2 = k; k2 <= NCEV; k2++)
			for (g = 0; g < 3; g++) {
				struct sales_cadence *p[3];
				int rc;

				p[0] = cpiece(base, 0, k);
				p[1] = cpiece(base, k, k2);
				p[2] = cpiece(base, k2, NCEV);
				if (g == 0) {
					rc = sales_cadence_merge(p[1], p[2]);
					rc |= sales_cadence_merge(p[0], p[1]);
					x = p[0];
				} else if (g == 1) {
					rc = sales_cadence_merge(p[0], p[1]);
					rc |= sales_cadence_merge(p[0], p[2]);
					x = p[0];
				} else {
					rc = sales_cadence_merge(p[2], p[0]);
					rc |= sales_cadence_merge(p[2], p[1]);
					x = p[2];
				}
				if (rc != SALES_OK)
					ck_abort_msg("merge");
				got = csnap(x);
				if (strcmp(got, want) != 0)
					ck_abort_msg("3 pieces at %zu,%zu, "
					    "grouping %zu:\n%s", k, k2, g, got);
				free(got);
				sales_cadence_free(p[0]);
				sales_cadence_free(p[1]);
				sales_cadence_free(p[2]);
			}
	free(want);
	sales_cadence_free(one);
	sales_cadence_free(base);
}

/*
 * With a roster: zed is unknown (3 rows, first at line 3, spelt "Zed"),
 * carl too (2 rows, line 8).  alice met Jan 5, Feb 10, Mar 2: 3 of 3
 * months; bob Feb 12 only: Dec 20 is before the window but starts his
 * longest gap (54 days to Feb 12), and he is due Mar 31, the as-of
 * date: due-soon.
 */
START_TEST(test_merge_roster)
{
	check_merges(1,
	    "unknown 5 ignored 0\n"
	    "zed 1 3\n"
	    "carl 1 8\n"
	    "alice 0 0\n"
	    "rep,manager,team,last_one_on_one,days_since,next_due,status,"
	    "meetings,periods,periods_met,compliance_pct,longest_gap_days,"
	    "streak\n"
	    "Alice,Dana,T,2026-03-02,29,2026-04-30,ok,3,3,3,100.0,36,3\n"
	    "Bob,Dana,T,2026-02-12,47,2026-03-31,due-soon,1,3,1,33.3,54,0\n");
}
END_TEST

/*
 * No roster: every name is a rep, spelt as first seen (alice, Zed, bob,
 * carl), with the first non-empty manager (alice: Max at line 5, not
 * Ned; bob: Mia; carl: Ola at line 10).
 */
START_TEST(test_merge_no_roster)
{
	check_merges(0,
	    "unknown 0 ignored 0\n"
	    "zed 0 0\n"
	    "carl 0 0\n"
	    "alice 0 0\n"
	    "rep,manager,team,last_one_on_one,days_since,next_due,status,"
	    "meetings,periods,periods_met,compliance_pct,longest_gap_days,"
	    "streak\n"
	    "Zed,M,,2026-03-04,27,2026-04-30,ok,3,3,3,100.0,36,3\n"
	    "alice,Max,,2026-03-02,29,2026-04-30,ok,3,3,3,100.0,36,3\n"
	    "bob,Mia,,2026-02-12,47,2026-03-31,due-soon,1,3,1,33.3,54,0\n"
	    "carl,Ola,,2026-03-03,28,2026-04-30,ok,2,3,1,33.3,59,1\n");
}
END_TEST

Suite *
cadence_suite(void)
{
	Suite *s = suite_create("cadence");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, test_every);
	tcase_add_test(tc, test_calendar_leap);
	tcase_add_test(tc, test_gap_month_end);
	tcase_add_test(tc, test_grace_levels);
	tcase_add_test(tc, test_warn);
	tcase_add_test(tc, test_start_date);
	tcase_add_test(tc, test_end_date);
	tcase_add_test(tc, test_roster_head);
	tcase_add_test(tc, test_streak_gap);
	tcase_add_test(tc, test_weekly);
	tcase_add_test(tc, test_escalation);
	tcase_add_test(tc, test_bad_meetings);
	tcase_add_test(tc, test_types);
	tcase_add_test(tc, test_merge_roster);
	tcase_add_test(tc, test_merge_no_roster);
	suite_add_tcase(s, tc);
	return s;
}
