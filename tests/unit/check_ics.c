/*
 * check_ics.c - iCalendar events: series expansion with EXDATE and
 * RECURRENCE-ID exceptions, cancellations, declines, malformed files.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "sales.h"

static const char series[] =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "BEGIN:VEVENT\r\n"				/* line 3 */
    "UID:s1\r\n"
    "DTSTART:20240222T100000Z\r\n"		/* a Thursday */
    "RRULE:FREQ=WEEKLY;COUNT=6\r\n"
    "EXDATE:20240229T100000Z\r\n"
    "SUMMARY:1:1\r\n"
    "ORGANIZER;CN=Mia:mailto:mia@x.test\r\n"
    "ATTENDEE;CN=Rex;PARTSTAT=ACCEPTED:mailto:rex@x.test\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"				/* line 12 */
    "UID:s1\r\n"
    "RECURRENCE-ID:20240307T100000Z\r\n"
    "DTSTART:20240308T100000Z\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"				/* line 17 */
    "UID:s1\r\n"
    "RECURRENCE-ID:20240314T100000Z\r\n"
    "DTSTART:20240314T100000Z\r\n"
    "STATUS:CANCELLED\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"				/* line 23 */
    "UID:d1\r\n"
    "DTSTART;VALUE=DATE:20240301\r\n"
    "ATTENDEE;CN=Rex;PARTSTAT=DECLINED:mailto:rex@x.test\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";

static struct sales_ics *
open_str(const char *s, const char *until, FILE **fpp)
{
	const char *why;
	int32_t u;

	ck_assert_int_eq(sales_date_parse(until, strlen(until),
	    SALES_DATE_MDY, &u, &why), SALES_OK);
	*fpp = fmemopen((void *)s, strlen(s), "r");
	ck_assert_ptr_nonnull(*fpp);
	return sales_ics_open(*fpp, "cal.ics", u);
}

START_TEST(test_series)
{
	struct sales_ics_event ev;
	struct sales_ics *ics;
	FILE *fp;
	char d[SALES_DATE_BUFSZ];

	ics = open_str(series, "2024-03-21", &fp);
	ck_assert_int_eq(sales_ics_next(ics, &ev), SALES_OK);
	ck_assert_uint_eq(ev.line, 3);
	ck_assert_str_eq(ev.summary, "1:1");
	/* 02-22, 02-29 (EXDATE), 03-07 and 03-14 (exceptions), 03-21; the
	 * sixth, 03-28, is after until. */
	ck_assert_uint_eq(ev.nocc, 2);
	ck_assert_str_eq(sales_date_format(ev.occ[0], d), "2024-02-22");
	ck_assert_str_eq(sales_date_format(ev.occ[1], d), "2024-03-21");
	ck_assert_uint_eq(ev.npeople, 2);
	ck_assert_str_eq(ev.people[0].email, "mia@x.test");
	ck_assert_int_eq(ev.people[0].organizer, 1);
	ck_assert_str_eq(ev.people[1].name, "Rex");
	ck_assert_int_eq(ev.people[1].declined, 0);
	ck_assert_int_eq(sales_ics_next(ics, &ev), SALES_OK);
	ck_assert_uint_eq(ev.line, 12);
	ck_assert_uint_eq(ev.nocc, 1);
	ck_assert_str_eq(sales_date_format(ev.occ[0], d), "2024-03-08");
	ck_assert_int_eq(ev.cancelled, 0);
	ck_assert_int_eq(sales_ics_next(ics, &ev), SALES_OK);
	ck_assert_uint_eq(ev.line, 17);
	ck_assert_int_eq(ev.cancelled, 1);
	ck_assert_int_eq(sales_ics_next(ics, &ev), SALES_OK);
	ck_assert_uint_eq(ev.line, 23);
	ck_assert_int_eq(ev.people[0].declined, 1);
	ck_assert_int_eq(sales_ics_next(ics, &ev), SALES_EOF);
	sales_ics_close(ics);
	fclose(fp);
}
END_TEST

/* Through the cadence rules: cancelled and declined do not count. */
START_TEST(test_cadence)
{
	struct sales_cadence_options o;
	struct sales_ics_event ev;
	struct sales_cadence *c;
	struct sales_cad_rep r;
	struct sales_ics *ics;
	const char *why;
	FILE *fp;
	int rc;

	memset(&o, 0, sizeof(o));
	o.monthly = 1;
	o.grace = o.warn = 7;
	(void)sales_date_parse("2024-01-01", 10, SALES_DATE_MDY, &o.since,
	    &why);
	(void)sales_date_parse("2024-03-21", 10, SALES_DATE_MDY, &o.as_of,
	    &why);
	c = sales_cadence_new(&o);
	ics = open_str(series, "2024-03-21", &fp);
	while ((rc = sales_ics_next(ics, &ev)) == SALES_OK)
		ck_assert_int_eq(sales_cadence_ics_event(c, "cal.ics", &ev),
		    SALES_OK);
	ck_assert_int_eq(rc, SALES_EOF);
	ck_assert_int_eq(sales_cadence_finish(c), SALES_OK);
	ck_assert_uint_eq(sales_cadence_reps(c), 1);
	ck_assert_int_eq(sales_cadence_rep(c, 0, &r), SALES_OK);
	ck_assert_str_eq(r.rep, "Rex");
	ck_assert_str_eq(r.manager, "Mia");
	ck_assert_int_eq(r.meetings, 3);	/* 02-22, 03-08, 03-21 */
	ck_assert_uint_eq(sales_cadence_ignored(c), 2);
	sales_ics_close(ics);
	fclose(fp);
	sales_cadence_free(c);
}
END_TEST

START_TEST(test_malformed)
{
	static const struct {
		const char *in, *msg;
	} t[] = {
		{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20240101\n",
		  "cal.ics:3: BEGIN:VEVENT of line 2 is never closed" },
		{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n",
		  "cal.ics:3: END:VCALENDAR does not close BEGIN:VEVENT of "
		  "line 2" },
		{ "date,rep\n", "cal.ics:1: not an iCalendar file (no "
		  "BEGIN:VCALENDAR)" },
		{ "", "cal.ics: empty file, expected BEGIN:VCALENDAR" },
		{ "BEGIN:VCALENDAR\nEND:VEVENT\n", "cal.ics:2: END:VEVENT does "
		  "not close BEGIN:VCALENDAR of line 1" },
	};
	struct sales_ics_event ev;
	struct sales_ics *ics;
	size_t i;
	FILE *fp;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ics = open_str(t[i].in, "2024-03-21", &fp);
		if (sales_ics_next(ics, &ev) != SALES_EPARSE ||
		    strcmp(sales_ics_error(ics), t[i].msg) != 0)
			ck_abort_msg("case %zu: \"%s\"", i,
			    sales_ics_error(ics));
		sales_ics_close(ics);
		fclose(fp);
	}
}
END_TEST

Suite *
ics_suite(void)
{
	Suite *s = suite_create("ics");
	TCase *tc = tcase_create("events");

	tcase_add_test(tc, test_series);
	tcase_add_test(tc, test_cadence);
	tcase_add_test(tc, test_malformed);
	suite_add_tcase(s, tc);
	return s;
}
