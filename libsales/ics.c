/*
 * ics.c - iCalendar events over libical; see sales_ics.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "sales_int.h"

#define ERRSZ		1024
#define MAX_OCC		100000		/* occurrences of one series */
#define MAX_DEPTH	16

struct override {
	const char	*uid;		/* borrowed from the component */
	int32_t		 day;
};

struct sales_ics {
	FILE			*fp;
	char			*name;
	int32_t			 until;
	int			 loaded;
	int			 fatal;		/* status once failed */
	icalcomponent		*cal;
	icalcomponent		*cur;		/* next VEVENT */
	uint64_t		*lines;		/* BEGIN:VEVENT lines */
	size_t			 nlines, ievent;
	struct override		*ovr;
	size_t			 novr;
	int32_t			*occ;
	size_t			 capocc;
	struct sales_ics_person	*people;
	size_t			 cappeople;
	char			 err[ERRSZ];
};

struct sales_ics *
sales_ics_open(FILE *fp, const char *name, int32_t until)
{
	struct sales_ics *ics;

	if ((ics = calloc(1, sizeof(*ics))) == NULL)
		return NULL;
	if ((ics->name = strdup(name)) == NULL) {
		free(ics);
		return NULL;
	}
	ics->fp = fp;
	ics->until = until;
	return ics;
}

void
sales_ics_close(struct sales_ics *ics)
{
	if (ics == NULL)
		return;
	if (ics->cal != NULL)
		icalcomponent_free(ics->cal);
	free(ics->lines);
	free(ics->ovr);
	free(ics->occ);
	free(ics->people);
	free(ics->name);
	free(ics);
}

const char *
sales_ics_error(const struct sales_ics *ics)
{
	return ics->err;
}

static int
fail(struct sales_ics *ics, int rc, uint64_t line, const char *msg,
    const char *arg)
{
	if (line > 0)
		sales_fmt(ics->err, sizeof(ics->err), "%s:%llu: %s%s",
		    ics->name, (unsigned long long)line, msg, arg);
	else
		sales_fmt(ics->err, sizeof(ics->err), "%s: %s%s", ics->name,
		    msg, arg);
	if (rc != SALES_EDATA)
		ics->fatal = rc;
	return rc;
}

/* Non-zero when line (after unfolding is not needed) starts with p. */
static int
starts(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);

	return len >= n && sales_ieq(s, n, p);
}

/*
 * Checks BEGIN/END nesting and notes the line of every BEGIN:VEVENT.
 */
static int
scan(struct sales_ics *ics, const char *buf, size_t size)
{
	char stack[MAX_DEPTH][64];
	uint64_t at[MAX_DEPTH], line = 0, *nl;
	const char *s = buf, *e, *end = buf + size;
	size_t len, depth = 0, cap = 0;
	int first = 1;

	for (; s < end; s = e + 1) {
		line++;
		if ((e = memchr(s, '\n', (size_t)(end - s))) == NULL)
			e = end;
		len = (size_t)(e - s);
		if (len > 0 && s[len - 1] == '\r')
			len--;
		if (len == 0)
			continue;
		if (first && !starts(s, len, "BEGIN:VCALENDAR"))
			return fail(ics, SALES_EPARSE, line, "not an "
			    "iCalendar file (no BEGIN:VCALENDAR)", "");
		first = 0;
		if (starts(s, len, "BEGIN:")) {
			if (depth == MAX_DEPTH)
				return fail(ics, SALES_EPARSE, line,
				    "components nested too deep", "");
			sales_fmt(stack[depth], sizeof(stack[0]), "%.*s",
			    (int)(len - 6), s + 6);
			at[depth++] = line;
			if (starts(s, len, "BEGIN:VEVENT")) {
				if (ics->nlines == cap) {
					cap = cap ? cap * 2 : 64;
					if ((nl = realloc(ics->lines, cap *
					    sizeof(*nl))) == NULL)
						return fail(ics, SALES_ENOMEM,
						    0, "out of memory", "");
					ics->lines = nl;
				}
				ics->lines[ics->nlines++] = line;
			}
		} else if (starts(s, len, "END:")) {
			if (depth == 0 || len - 4 != strlen(stack[depth - 1]) ||
			    !sales_ieq(s + 4, len - 4, stack[depth - 1])) {
				char what[160];

				if (depth == 0)
					return fail(ics, SALES_EPARSE, line,
					    "END without BEGIN", "");
				sales_fmt(what, sizeof(what), "%.*s does not "
				    "close BEGIN:%s of line %llu", (int)(len >
				    60 ? 60 : len), s, stack[depth - 1],
				    (unsigned long long)at[depth - 1]);
				return fail(ics, SALES_EPARSE, line, what, "");
			}
			depth--;
		}
	}
	if (first)
		return fail(ics, SALES_EPARSE, 0, "empty file, expected "
		    "BEGIN:VCALENDAR", "");
	if (depth > 0) {
		char what[160];

		sales_fmt(what, sizeof(what), "BEGIN:%s of line %llu is never "
		    "closed", stack[depth - 1],
		    (unsigned long long)at[depth - 1]);
		return fail(ics, SALES_EPARSE, line, what, "");
	}
	return SALES_OK;
}

static int32_t
day_of(struct icaltimetype t)
{
	if (icaltime_is_null_time(t) || !sales_date_valid(t.year, t.month,
	    t.day))
		return SALES_DATE_NONE;
	return sales_date_from_ymd(t.year, t.month, t.day);
}

static int
load(struct sales_ics *ics)
{
	char *buf = NULL, *nb;
	size_t size = 0, cap = 0, n;
	icalcomponent *ev;
	struct icaltimetype rid;
	size_t nov = 0;
	int rc;

	ics->loaded = 1;
	for (;;) {
		if (size + 65536 + 1 > cap) {
			cap = cap ? cap * 2 : 65536 * 2;
			if ((nb = realloc(buf, cap)) == NULL) {
				free(buf);
				return fail(ics, SALES_ENOMEM, 0,
				    "out of memory", "");
			}
			buf = nb;
		}
		n = fread(buf + size, 1, 65536, ics->fp);
		size += n;
		if (n < 65536)
			break;
	}
	if (ferror(ics->fp)) {
		free(buf);
		return fail(ics, SALES_EIO, 0, strerror(errno), "");
	}
	buf[size] = '\0';
	if (memchr(buf, '\0', size) != NULL) {
		free(buf);
		return fail(ics, SALES_EPARSE, 0, "a NUL byte: not an "
		    "iCalendar file", "");
	}
	if ((rc = scan(ics, buf, size)) != SALES_OK) {
		free(buf);
		return rc;
	}
	ics->cal = icalparser_parse_string(buf);
	free(buf);
	if (ics->cal == NULL)
		return fail(ics, SALES_EPARSE, 1, "libical could not parse "
		    "the calendar", "");
	if (icalcomponent_isa(ics->cal) != ICAL_VCALENDAR_COMPONENT)
		return fail(ics, SALES_EPARSE, 1, "not a VCALENDAR", "");
	/* Exceptions, to leave their dates out of their series. */
	for (ev = icalcomponent_get_first_component(ics->cal,
	    ICAL_VEVENT_COMPONENT); ev != NULL;
	    ev = icalcomponent_get_next_component(ics->cal,
	    ICAL_VEVENT_COMPONENT))
		if (icalcomponent_get_first_property(ev,
		    ICAL_RECURRENCEID_PROPERTY) != NULL)
			nov++;
	if (nov > 0 && (ics->ovr = calloc(nov, sizeof(*ics->ovr))) == NULL)
		return fail(ics, SALES_ENOMEM, 0, "out of memory", "");
	for (ev = icalcomponent_get_first_component(ics->cal,
	    ICAL_VEVENT_COMPONENT); ev != NULL;
	    ev = icalcomponent_get_next_component(ics->cal,
	    ICAL_VEVENT_COMPONENT)) {
		if (icalcomponent_get_first_property(ev,
		    ICAL_RECURRENCEID_PROPERTY) == NULL)
			continue;
		rid = icalcomponent_get_recurrenceid(ev);
		ics->ovr[ics->novr].uid = icalcomponent_get_uid(ev);
		ics->ovr[ics->novr].day = day_of(rid);
		if (ics->ovr[ics->novr].uid == NULL)
			ics->ovr[ics->novr].uid = "";
		ics->novr++;
	}
	ics->cur = icalcomponent_get_first_component(ics->cal,
	    ICAL_VEVENT_COMPONENT);
	return SALES_OK;
}

static int
add_occ(struct sales_ics *ics, size_t *n, int32_t d)
{
	int32_t *p;
	size_t cap;

	if (*n == ics->capocc) {
		cap = ics->capocc ? ics->capocc * 2 : 64;
		if ((p = realloc(ics->occ, cap * sizeof(*p))) == NULL)
			return SALES_ENOMEM;
		ics->occ = p;
		ics->capocc = cap;
	}
	ics->occ[(*n)++] = d;
	return SALES_OK;
}

/* Non-zero when day of series uid is excluded or replaced. */
static int
skipped(const struct sales_ics *ics, icalcomponent *ev, const char *uid,
    int32_t d)
{
	icalproperty *p;
	size_t i;

	for (i = 0; i < ics->novr; i++)
		if (ics->ovr[i].day == d && strcmp(ics->ovr[i].uid, uid) == 0)
			return 1;
	for (p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY);
	    p != NULL; p = icalcomponent_get_next_property(ev,
	    ICAL_EXDATE_PROPERTY))
		if (day_of(icalproperty_get_exdate(p)) == d)
			return 1;
	return 0;
}

static int
add_person(struct sales_ics *ics, size_t *n, icalproperty *p, int org)
{
	struct sales_ics_person *np;
	icalparameter *par;
	const char *v;
	size_t cap;

	if (*n == ics->cappeople) {
		cap = ics->cappeople ? ics->cappeople * 2 : 8;
		if ((np = realloc(ics->people, cap * sizeof(*np))) == NULL)
			return SALES_ENOMEM;
		ics->people = np;
		ics->cappeople = cap;
	}
	np = &ics->people[*n];
	memset(np, 0, sizeof(*np));
	np->organizer = org;
	v = org ? icalproperty_get_organizer(p) : icalproperty_get_attendee(p);
	if (v == NULL)
		v = "";
	if (strlen(v) >= 7 && sales_ieq(v, 7, "mailto:"))
		v += 7;
	np->email = v;
	par = icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER);
	np->name = par != NULL && icalparameter_get_cn(par) != NULL ?
	    icalparameter_get_cn(par) : "";
	par = icalproperty_get_first_parameter(p, ICAL_PARTSTAT_PARAMETER);
	np->declined = par != NULL &&
	    icalparameter_get_partstat(par) == ICAL_PARTSTAT_DECLINED;
	(*n)++;
	return SALES_OK;
}

/* The series (no RECURRENCE-ID) of uid, or NULL. */
static icalcomponent *
master(struct sales_ics *ics, const char *uid)
{
	icalcomponent *ev;
	icalcompiter it;
	const char *u;

	for (it = icalcomponent_begin_component(ics->cal,
	    ICAL_VEVENT_COMPONENT);
	    (ev = icalcompiter_deref(&it)) != NULL; icalcompiter_next(&it)) {
		u = icalcomponent_get_uid(ev);
		if (u != NULL && strcmp(u, uid) == 0 &&
		    icalcomponent_get_first_property(ev,
		    ICAL_RECURRENCEID_PROPERTY) == NULL)
			return ev;
	}
	return NULL;
}

int
sales_ics_next(struct sales_ics *ics, struct sales_ics_event *out)
{
	icalcomponent *ev;
	icalproperty *p;
	struct icaltimetype start, t;
	icalrecur_iterator *it;
	const char *uid, *s;
	size_t nocc = 0, npeople = 0, k;
	uint64_t line;
	int32_t d;
	int rc;

	if (ics->fatal)
		return ics->fatal;
	if (!ics->loaded && (rc = load(ics)) != SALES_OK)
		return rc;
	if ((ev = ics->cur) == NULL)
		return SALES_EOF;
	ics->cur = icalcomponent_get_next_component(ics->cal,
	    ICAL_VEVENT_COMPONENT);
	line = ics->ievent < ics->nlines ? ics->lines[ics->ievent] : 0;
	ics->ievent++;
	memset(out, 0, sizeof(*out));
	out->line = line;
	if ((p = icalcomponent_get_first_property(ev,
	    ICAL_XLICERROR_PROPERTY)) != NULL)
		return fail(ics, SALES_EDATA, line, "event not understood: ",
		    icalproperty_get_xlicerror(p) ?
		    icalproperty_get_xlicerror(p) : "");
	if (icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY) ==
	    NULL)
		return fail(ics, SALES_EDATA, line, "event without DTSTART",
		    "");
	start = icalcomponent_get_dtstart(ev);
	if ((d = day_of(start)) == SALES_DATE_NONE)
		return fail(ics, SALES_EDATA, line, "event with a bad DTSTART",
		    "");
	s = icalcomponent_get_summary(ev);
	out->summary = s != NULL ? s : "";
	out->cancelled = icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED;
	uid = icalcomponent_get_uid(ev);
	if (uid == NULL)
		uid = "";
	p = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
	if (p != NULL && icalcomponent_get_first_property(ev,
	    ICAL_RECURRENCEID_PROPERTY) == NULL) {
		if ((it = icalrecur_iterator_new(icalproperty_get_rrule(p),
		    start)) == NULL)
			return fail(ics, SALES_EDATA, line, "a recurrence "
			    "rule libical cannot expand", "");
		for (k = 0; k < MAX_OCC; k++) {
			t = icalrecur_iterator_next(it);
			if (icaltime_is_null_time(t) ||
			    (d = day_of(t)) == SALES_DATE_NONE ||
			    d > ics->until)
				break;
			if (!skipped(ics, ev, uid, d) &&
			    add_occ(ics, &nocc, d) != SALES_OK) {
				icalrecur_iterator_free(it);
				return fail(ics, SALES_ENOMEM, 0,
				    "out of memory", "");
			}
		}
		icalrecur_iterator_free(it);
	} else if (d <= ics->until && add_occ(ics, &nocc, d) != SALES_OK)
		return fail(ics, SALES_ENOMEM, 0, "out of memory", "");
	/* An exception that leaves out its people takes the series'. */
	if (icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY) !=
	    NULL && icalcomponent_get_first_property(ev,
	    ICAL_ORGANIZER_PROPERTY) == NULL &&
	    icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY) ==
	    NULL) {
		icalcomponent *m = master(ics, uid);

		if (m != NULL) {
			ev = m;
			if (out->summary[0] == '\0' &&
			    (s = icalcomponent_get_summary(m)) != NULL)
				out->summary = s;
		}
	}
	if ((p = icalcomponent_get_first_property(ev,
	    ICAL_ORGANIZER_PROPERTY)) != NULL &&
	    add_person(ics, &npeople, p, 1) != SALES_OK)
		return fail(ics, SALES_ENOMEM, 0, "out of memory", "");
	for (p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
	    p != NULL; p = icalcomponent_get_next_property(ev,
	    ICAL_ATTENDEE_PROPERTY))
		if (add_person(ics, &npeople, p, 0) != SALES_OK)
			return fail(ics, SALES_ENOMEM, 0, "out of memory", "");
	out->nocc = nocc;
	out->occ = ics->occ;
	out->npeople = npeople;
	out->people = ics->people;
	return SALES_OK;
}
