/*
 * sales_cadence.h - one-on-one cadence: who has gone without a
 * one-on-one with their manager, from a meetings log and a roster.
 *
 *	struct sales_cadence *c = sales_cadence_new(&opt);
 *	sales_cadence_bind(c, SALES_CAD_ROSTER, hdr, map, nmap, &in, err, n);
 *	while (rows) sales_cadence_roster_row(c, &in, row);
 *	sales_cadence_bind(c, SALES_CAD_MEETINGS, hdr, ...);
 *	while (rows) sales_cadence_meeting_row(c, &in, row);
 *	sales_cadence_finish(c);
 *	sales_cadence_write(c, out, SALES_CAD_OUT_REPS);
 *	sales_cadence_free(c);
 *
 * Every one-on-one is kept as one bit per day of the look-back window
 * (--since .. --as-of) per rep, so memory grows with the number of reps
 * and the length of the window, never with the number of meetings; two
 * records of one meeting on one day (the CRM and the calendar) count
 * once.
 *
 * Periods: monthly is calendar months; weekly is Monday-to-Sunday
 * weeks; 2w is two-week blocks of Monday weeks counted from Monday
 * 1970-01-05; any other Nd is N-day blocks from the --since date.  A
 * period counts for a rep when the rep's window (since or start date,
 * to as-of or end date) covers it whole, or when it holds a one-on-one.
 *
 * Due date: with the calendar rule, the last day of the period after the
 * one holding the last one-on-one; with the gap rule, the last
 * one-on-one plus the interval (monthly: the same day next month, or
 * that month's last day).  A rep never met is due at the end of the
 * first whole period after their start date (calendar) or at the start
 * date plus the interval (gap); without a start date they are "never".
 * Status: overdue when more than grace days past due; due-soon when due
 * within warn days (or past due within the grace); else ok; "never" when
 * there is no one-on-one and the rep is already due.  A leaver (end date
 * before as-of) is judged at their end date and is left out of the
 * problems (--check) and escalations.
 *
 * Errors: SALES_EDATA for a bad row, with sales_cadence_error() shaped
 * "file:line: message"; the caller may go on.  Strings are copied.
 */
#ifndef SALES_CADENCE_H
#define SALES_CADENCE_H

enum sales_cad_rule {
	SALES_CAD_CALENDAR,	/* at least one per calendar period */
	SALES_CAD_GAP		/* no gap longer than the interval */
};

struct sales_cadence_options {
	int		 monthly;	/* 1: calendar months; 0: days */
	int		 days;		/* interval in days when !monthly */
	enum sales_cad_rule rule;
	int		 grace;		/* days past due before overdue */
	int		 warn;		/* due-soon window, days */
	int32_t		 since;		/* first day of the look-back */
	int32_t		 as_of;		/* today */
	const char	*types;		/* comma list of types, NULL: 1:1 */
	const char	*titles;	/* calendar title patterns, ditto */
};

/* Parses monthly, weekly, 2w, 30d, 14d ... into o.  SALES_EUSAGE if bad. */
int sales_cadence_every_parse(const char *s, struct sales_cadence_options *o);

/* File kinds for sales_cadence_bind. */
enum sales_cad_kind {
	SALES_CAD_ROSTER,	/* rep, email, manager, team, start/end_date */
	SALES_CAD_MEETINGS	/* date, manager, rep, type, subject */
};

#define SALES_CAD_NCOLS	6
/* One bound input; the caller owns it (stack storage is fine). */
struct sales_cad_input {
	enum sales_cad_kind	 kind;
	const char		*file;		/* borrowed; for messages */
	enum sales_date_order	 order;
	int			 index[SALES_CAD_NCOLS];
};

/* Output tables for sales_cadence_write. */
enum sales_cad_table {
	SALES_CAD_OUT_REPS,	/* one row per rep */
	SALES_CAD_OUT_MANAGER,	/* --by manager */
	SALES_CAD_OUT_TEAM,	/* --by team */
	SALES_CAD_OUT_ESCALATE,	/* who to notify about whom */
	SALES_CAD_OUT_METRICS	/* owner, metric, date, value */
};

struct sales_cadence;

/* NULL when out of memory or when o is inconsistent (since > as_of). */
struct sales_cadence *sales_cadence_new(const struct sales_cadence_options *o);
void sales_cadence_free(struct sales_cadence *c);

/*
 * Binds a header row of one file kind.  Roster: rep required, the rest
 * optional.  Meetings: date and rep required; with neither type nor
 * subject column every row is taken as a one-on-one.  SALES_OK, or
 * SALES_EDATA with the reason in err.
 */
int sales_cadence_bind(struct sales_cadence *c, enum sales_cad_kind kind,
    const struct sales_row *hdr, const struct sales_map *map, size_t nmap,
    struct sales_cad_input *in, char *err, size_t errsz);

/*
 * Adds one roster row.  SALES_EDATA for an empty rep, a bad date, an end
 * before the start or a rep listed twice; SALES_ENOMEM.
 */
int sales_cadence_roster_row(struct sales_cadence *c,
    const struct sales_cad_input *in, const struct sales_row *row);

/*
 * Adds one meeting row; rows that are not one-on-ones are counted and
 * ignored.  SALES_EDATA for a bad or empty date, an empty rep, or a date
 * after as-of.  A rep not on the roster (when there is one) is not
 * counted: the first such row for each name sets a warning, returned by
 * sales_cadence_warning() until the next call ("" otherwise).
 */
int sales_cadence_meeting_row(struct sales_cadence *c,
    const struct sales_cad_input *in, const struct sales_row *row);

/*
 * Adds one one-on-one of rep (a name or e-mail) on day.  manager is
 * used for a rep not seen before when there is no roster.  Returns as
 * sales_cadence_meeting_row; file and line are for messages.
 */
int sales_cadence_add(struct sales_cadence *c, const char *file,
    uint64_t line, int32_t day, const char *manager, const char *rep);

/*
 * Adds the occurrences of one calendar event when it is a one-on-one:
 * not cancelled; two people (ORGANIZER and ATTENDEEs, deduplicated by
 * e-mail or name; "A <> B" in the title names them too), neither of
 * whom declined, one a rep (matched to the roster by e-mail or name)
 * and the other that rep's manager; or, when the title matches a type
 * (--type, --title-pattern), such a pair among more people.  Without a
 * roster, a titled event of two people counts for the attendee, the
 * organizer being the manager.  Returns SALES_OK (counted or not),
 * SALES_ENOMEM; a warning as for sales_cadence_add.
 */
int sales_cadence_ics_event(struct sales_cadence *c, const char *file,
    const struct sales_ics_event *ev);

/* Non-zero when s[0..len) names a one-on-one under the options' types. */
int sales_cadence_is_one_on_one(const struct sales_cadence *c,
    const char *s, size_t len);

/* Computes every rep's figures; call once, after all input. */
int sales_cadence_finish(struct sales_cadence *c);

/* Writes one table (after finish).  Status of the writer. */
int sales_cadence_write(struct sales_cadence *c, struct sales_out *out,
    enum sales_cad_table t);

/*
 * Problems for --check, one per call: *iter starts at 0.  Returns 1 with
 * a line in buf ("alice: overdue since 2026-10-31 (28 days), manager
 * bob"), 0 when there are no more.
 */
int sales_cadence_problem(const struct sales_cadence *c, size_t *iter,
    char *buf, size_t bufsz);

/* Counts after finish. */
size_t sales_cadence_reps(const struct sales_cadence *c);
uint64_t sales_cadence_unknown(const struct sales_cadence *c);	/* rows */
uint64_t sales_cadence_ignored(const struct sales_cadence *c);	/* not 1:1 */

/* Per-rep figures, for tests: index in the sorted order after finish. */
struct sales_cad_rep {
	const char	*rep, *manager, *team;
	int32_t		 start, end, last, next_due;
	int		 days_since;	/* -1: none */
	const char	*status;	/* ok, due-soon, overdue, never */
	int		 meetings, periods, periods_met, compliance; /* -1 */
	int		 longest_gap, streak, level;	/* level: escalation */
};
int sales_cadence_rep(const struct sales_cadence *c, size_t i,
    struct sales_cad_rep *r);

const char *sales_cadence_error(const struct sales_cadence *c);
const char *sales_cadence_warning(const struct sales_cadence *c);

/*
 * Partial states and their merge.
 *
 * What is partial: everything the meetings add.  Per rep, the bitmap of
 * days with a one-on-one in the window (merged by OR: a day met in any
 * part is met), the last one-on-one and the last one before the window
 * (merged by max), and the reps themselves when there is no roster
 * (merged by name, ASCII case folded); the counts of unknown and
 * ignored rows (merged by sum); the set of unknown names already warned
 * about.  Periods, streaks, gaps and due dates are computed from these
 * by sales_cadence_finish(), after the merge, so they need no merging.
 *
 * What depends on the order of the rows is settled by an order key, the
 * input's ordinal (sales_cadence_set_seq()) and the line: a rep's name
 * is spelt as in its first row, a rep's manager (no roster) is the
 * first non-empty one, and an unknown name is warned about at its first
 * row; the merge keeps the smallest key.  So the merge is associative
 * and commutative (OR, max, sum, min-key are), and merging the parts of
 * an input in any grouping gives the state of one sequential read.
 *
 * A map-reduce run (Hadoop Streaming, Spark's RDD.pipe) would give each
 * shard of the meetings the roster (its reps are not partial: every
 * part starts from a copy, sales_cadence_part_new()), compute each
 * shard's partial, and reduce with sales_cadence_merge(); only the
 * reduce step calls sales_cadence_finish() and writes.
 */

/* Sets the ordinal of the input read next (0 .. 2^24 - 1; default 0). */
void sales_cadence_set_seq(struct sales_cadence *c, unsigned seq);

/*
 * A new, empty partial of base: the same options, ordinal, roster and
 * reps (with no meetings) and the names already warned about.  NULL
 * when out of memory.
 */
struct sales_cadence *sales_cadence_part_new(const struct sales_cadence *base);

/*
 * Adds everything src holds into dst (both before finish, same
 * options).  SALES_OK, SALES_ENOMEM, SALES_EUSAGE when they do not
 * match.
 */
int sales_cadence_merge(struct sales_cadence *dst,
    const struct sales_cadence *src);

/*
 * Non-zero when name (not on the roster) was warned about; *line (may
 * be NULL) receives the line of that first warning.
 */
int sales_cadence_warned(const struct sales_cadence *c, const char *name,
    uint64_t *line);

/* The unknown name of the current warning ("" when there is none). */
const char *sales_cadence_warned_name(const struct sales_cadence *c);

/*
 * Reads meetings file fd (named name) in parallel (sales_par.h) and
 * merges it into c: each part adds its rows to a partial of its own,
 * and the partials are merged in file order.  notes receives, in line
 * order, what a sequential read reports as it goes: bad rows (row
 * copied) and warnings about names not on the roster (row.fields NULL).
 * Returns SALES_OK; SALES_EUSAGE when the file cannot be split; another
 * status when a part failed: c is then unchanged, notes empty, and the
 * file is to be read sequentially, which reports the problem exactly.
 */
int sales_cadence_read_par(struct sales_cadence *c, int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *po,
    const struct sales_map *map, size_t nmap, enum sales_date_order order,
    struct sales_badrows *notes);

#endif /* SALES_CADENCE_H */
