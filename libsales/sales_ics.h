/*
 * sales_ics.h - events from an iCalendar (RFC 5545) file, read with
 * libical, recurring series expanded.
 *
 *	struct sales_ics *ics = sales_ics_open(fp, "team.ics", until);
 *	while ((rc = sales_ics_next(ics, &ev)) != SALES_EOF)
 *		if (rc == SALES_EDATA) ... sales_ics_error(ics), go on
 *		else if (rc < 0) ... fatal, stop
 *	sales_ics_close(ics);
 *
 * The whole file is read at the first sales_ics_next().  Before libical
 * parses it, a scan checks its shape and gives line numbers: the file
 * must start with BEGIN:VCALENDAR and every BEGIN:X must be closed by
 * END:X (SALES_EPARSE otherwise, "file:line: message").  Each VEVENT is
 * then handed back with the line of its BEGIN:VEVENT, its summary, its
 * participants (ORGANIZER and ATTENDEE: CN and mailto: address, and
 * whether PARTSTAT=DECLINED), and its occurrence dates up to until:
 * DTSTART alone, or the RRULE series from DTSTART without its EXDATE
 * dates and without the dates that an exception (a VEVENT of the same
 * UID with a RECURRENCE-ID) replaces; the exception comes back as an
 * event of its own (with the series' participants and summary when it
 * lists none).  STATUS:CANCELLED sets cancelled.  A date is the
 * calendar date of DTSTART as written (its own time zone, or UTC for
 * "Z" times).  An event without DTSTART, with a bad one, or with a
 * property libical could not parse is SALES_EDATA.
 *
 * Everything handed back is borrowed until the next call.
 */
#ifndef SALES_ICS_H
#define SALES_ICS_H

struct sales_ics;

struct sales_ics_person {
	const char	*name;		/* CN, or "" */
	const char	*email;		/* without "mailto:", or "" */
	int		 organizer;
	int		 declined;
};

struct sales_ics_event {
	uint64_t			 line;
	const char			*summary;	/* or "" */
	int				 cancelled;
	size_t				 nocc;
	const int32_t			*occ;		/* ascending */
	size_t				 npeople;
	const struct sales_ics_person	*people;
};

/* NULL when out of memory.  fp stays the caller's; name is copied. */
struct sales_ics *sales_ics_open(FILE *fp, const char *name, int32_t until);
int sales_ics_next(struct sales_ics *ics, struct sales_ics_event *ev);
const char *sales_ics_error(const struct sales_ics *ics);
void sales_ics_close(struct sales_ics *ics);

#endif /* SALES_ICS_H */
