/*
 * sales_date.h - civil dates and reporting periods.
 *
 * A date is an int32_t day number: days since 1970-01-01 in the proleptic
 * Gregorian calendar, with no time zone; SALES_DATE_NONE (sales.h) marks
 * "no date".  Years 1 to 9999 are valid.
 */
#ifndef SALES_DATE_H
#define SALES_DATE_H

/* Order of day and month in slashed dates. */
enum sales_date_order {
	SALES_DATE_MDY,		/* 3/4/2025 is March 4 (US exports) */
	SALES_DATE_DMY		/* 3/4/2025 is 3 April (--date-format dmy) */
};

#define SALES_DATE_BUFSZ	11	/* "YYYY-MM-DD" + NUL */

/*
 * Parses s[0..len): ISO "YYYY-MM-DD", optionally followed by a time part
 * ("T14:15:33Z", " 14:15", " 2:15:33 PM", which is accepted and dropped),
 * or "M/D/YYYY" (order as given) with an optional time part.  Leading and
 * trailing spaces are ignored.  Returns SALES_OK, or SALES_EDATA with *why
 * a static phrase completing '"<value>" ...': "is not a date",
 * "is not a valid calendar date" (2025-02-29), "is empty".
 */
int sales_date_parse(const char *s, size_t len, enum sales_date_order order,
    int32_t *day, const char **why);

/* Day number of a (valid) y-m-d, and back. */
int32_t sales_date_from_ymd(int y, int m, int d);
void sales_date_to_ymd(int32_t day, int *y, int *m, int *d);

/* Non-zero when y-m-d is a real calendar date with 1 <= y <= 9999. */
int sales_date_valid(int y, int m, int d);

/* Writes "YYYY-MM-DD" into buf and returns buf; "" for SALES_DATE_NONE. */
char *sales_date_format(int32_t day, char buf[SALES_DATE_BUFSZ]);

/* Today's local date (localtime(3)).  SALES_OK or SALES_EIO. */
int sales_date_today(int32_t *day);

/*
 * A reporting period: the days first..last, both inclusive.
 *
 * Periods are written "2026-11" (month), "2026-Q4" (quarter), "2026"
 * (year) or "2026-10-01..2026-12-31" (explicit range).  fiscal_start is
 * the month (1-12) a fiscal year begins; quarters and years then count
 * from it, and a fiscal year is named by the calendar year it starts in
 * (fiscal_start 2: "2026" is 2026-02-01..2027-01-31, "2026-Q1" is
 * February to April 2026).  Months are always calendar months.
 */
struct sales_period {
	int32_t	first;
	int32_t	last;
};

enum sales_period_unit {
	SALES_PERIOD_MONTH,
	SALES_PERIOD_QUARTER,
	SALES_PERIOD_YEAR
};

/*
 * Parses a period.  Returns SALES_OK or SALES_EDATA with *why as in
 * sales_date_parse ("is not a period", "ends before it starts").
 */
int sales_period_parse(const char *s, int fiscal_start,
    struct sales_period *p, const char **why);

/* The month, quarter or year (fiscal as above) that holds day. */
void sales_period_of(int32_t day, enum sales_period_unit unit,
    int fiscal_start, struct sales_period *p);

#endif /* SALES_DATE_H */
