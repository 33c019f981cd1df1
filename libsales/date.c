/*
 * date.c - civil dates as day numbers, and reporting periods.
 *
 * The calendar arithmetic is done by hand rather than with mktime(3) or
 * timegm(3): a CRM close date is a calendar day, not an instant, and
 * must not move with the machine's time zone or daylight saving time.
 *
 * Internally the arithmetic counts from 0001-01-01 (the first day of
 * the proleptic Gregorian calendar's year 1), where the 400-year cycle
 * starts cleanly; EPOCH_OFFSET moves those counts to days since
 * 1970-01-01.
 */
#include <string.h>
#include <time.h>

#include "sales_int.h"

/* Days from 0001-01-01 to 1970-01-01. */
#define EPOCH_OFFSET	719162

/* Days in 400, 100, 4 and 1 Gregorian years. */
#define DAYS_400Y	146097
#define DAYS_100Y	36524
#define DAYS_4Y		1461
#define DAYS_1Y		365

/* Days before the first of each month in a common year; [12] = 365. */
static const int days_before_month[13] = {
	0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365
};

static int	is_leap(long);
static int	days_in_month(int, int);
static long	floor_div(long, long);
static int32_t	civil_to_day(long, int, int);
static int	is_digit(int);
static int	digits_value(const char *, int);
static int	iso_fast(const char *, int32_t *);
static int	parse_general(const char *, size_t, enum sales_date_order,
		    int32_t *, const char **) __attribute__((noinline));
static int	parse_iso(const char *, const char *, int *, int *, int *);
static int	parse_slashed(const char *, const char *,
		    enum sales_date_order, int *, int *, int *);
static int	time_part_ok(const char *, const char *);
static const char *find_dots(const char *, size_t);
static int	period_range(const char *, size_t, const char *,
		    struct sales_period *, const char **);
static int	period_named(const char *, size_t, int,
		    struct sales_period *);
static int	set_why(const char **, const char *);

int
sales_date_parse(const char *s, size_t len, enum sales_date_order order,
    int32_t *day, const char **why)
{
	if (len == 10 && s[4] == '-' && s[7] == '-' && iso_fast(s, day))
		return SALES_OK;
	return parse_general(s, len, order, day, why);
}

/*
 * A month outside 1..12 is carried into the year (month 13 is January
 * of the next year, month 0 December of the one before), and a day is
 * simply an offset from the first of the month, so period arithmetic can
 * say "the first of the month three months on, minus one day".  The
 * header promises results only for valid dates; this is what the
 * library itself relies on.
 */
int32_t
sales_date_from_ymd(int y, int m, int d)
{
	long years;

	if (m < 1 || m > 12) {
		years = floor_div((long)m - 1, 12);
		return (int32_t)(civil_to_day(y + years,
		    (int)(m - years * 12), 1) + (long)d - 1);
	}
	return (int32_t)(civil_to_day(y, m, 1) + (long)d - 1);
}

void
sales_date_to_ymd(int32_t day, int *y, int *m, int *d)
{
	long n = (long)day + EPOCH_OFFSET;
	long cycles, centuries, quads, years;
	int leap, month;

	/* Peel off whole 400-, 100-, 4- and 1-year blocks. */
	cycles = floor_div(n, DAYS_400Y);
	n -= cycles * DAYS_400Y;
	centuries = n / DAYS_100Y;
	/* The last day of a 400-year cycle is day 366 of a leap year. */
	if (centuries == 4)
		centuries = 3;
	n -= centuries * DAYS_100Y;
	quads = n / DAYS_4Y;
	n -= quads * DAYS_4Y;
	years = n / DAYS_1Y;
	if (years == 4)
		years = 3;
	n -= years * DAYS_1Y;
	*y = (int)(cycles * 400 + centuries * 100 + quads * 4 + years + 1);

	/*
	 * n is now the day of the year, from 0.  No month is longer than
	 * 31 days, so n / 32 + 1 is the month or the one before it.
	 */
	leap = is_leap(*y);
	month = (int)(n / 32) + 1;
	if (month < 12 && n >= days_before_month[month] +
	    (leap && month >= 2))
		month++;
	*m = month;
	*d = (int)(n - days_before_month[month - 1] -
	    (leap && month > 2)) + 1;
}

int
sales_date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= days_in_month(y, m);
}

/*
 * Days outside years 1..9999 are written as "" like SALES_DATE_NONE:
 * they cannot come from a parsed date, and "YYYY-MM-DD" has no room
 * for them.
 */
char *
sales_date_format(int32_t day, char buf[SALES_DATE_BUFSZ])
{
	int y, m, d;

	if (day < civil_to_day(1, 1, 1) || day > civil_to_day(9999, 12, 31)) {
		buf[0] = '\0';
		return buf;
	}
	sales_date_to_ymd(day, &y, &m, &d);
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return buf;
}

int
sales_date_today(int32_t *day)
{
	struct tm tm;
	time_t now;

	if ((now = time(NULL)) == (time_t)-1)
		return SALES_EIO;
	if (localtime_r(&now, &tm) == NULL)
		return SALES_EIO;
	*day = civil_to_day(tm.tm_year + 1900L, tm.tm_mon + 1, tm.tm_mday);
	return SALES_OK;
}

int
sales_period_parse(const char *s, int fiscal_start,
    struct sales_period *p, const char **why)
{
	const char *t, *dots;
	size_t n;

	if (fiscal_start < 1 || fiscal_start > 12) {
		set_why(why, "has a fiscal start that is not a month");
		return SALES_EUSAGE;
	}
	n = strlen(s);
	t = sales_trim(s, &n);
	if ((dots = find_dots(t, n)) != NULL)
		return period_range(t, n, dots, p, why);
	if (!period_named(t, n, fiscal_start, p))
		return set_why(why, "is not a period");
	/* The last fiscal year of 9999 would end in year 10000. */
	if (p->last > civil_to_day(9999, 12, 31))
		return set_why(why, "is not a period");
	return SALES_OK;
}

void
sales_period_of(int32_t day, enum sales_period_unit unit,
    int fiscal_start, struct sales_period *p)
{
	int y, m, d, first_month, months;

	/* A bad fiscal_start is the caller's bug; treat it as January. */
	if (fiscal_start < 1 || fiscal_start > 12)
		fiscal_start = 1;
	sales_date_to_ymd(day, &y, &m, &d);
	switch (unit) {
	case SALES_PERIOD_QUARTER:
		/* Back up to the quarter's first month, maybe last year. */
		first_month = m - (m - fiscal_start + 12) % 3;
		months = 3;
		break;
	case SALES_PERIOD_YEAR:
		first_month = fiscal_start;
		if (m < fiscal_start)
			y--;
		months = 12;
		break;
	case SALES_PERIOD_MONTH:
	default:
		first_month = m;
		months = 1;
		break;
	}
	p->first = sales_date_from_ymd(y, first_month, 1);
	p->last = sales_date_from_ymd(y, first_month + months, 1) - 1;
}

static int
is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	return days_before_month[m] - days_before_month[m - 1] +
	    (m == 2 && is_leap(y));
}

/* Division rounding toward minus infinity, for years before 1. */
static long
floor_div(long a, long b)
{
	long q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/*
 * Day number of y-m-d, with 1 <= m <= 12; y and d may be anything.
 * Years before 1 are first moved forward by whole 400-year cycles (each
 * exactly DAYS_400Y days), so the leap-day count only ever divides
 * non-negative numbers, which is also the cheap case for the compiler.
 */
static int32_t
civil_to_day(long y, int m, int d)
{
	long days = 0, cycles;
	unsigned long py;

	if (y < 1) {
		cycles = (1 - y) / 400 + 1;
		y += cycles * 400;
		days -= cycles * DAYS_400Y;
	}
	py = (unsigned long)y - 1;
	days += (long)(py * 365 + py / 4 - py / 100 + py / 400);
	days += days_before_month[m - 1] + (m > 2 && is_leap(y));
	return (int32_t)(days + d - 1 - EPOCH_OFFSET);
}

static int
is_digit(int c)
{
	return (unsigned)c - '0' < 10;
}

/* The value of n decimal digits at s (already known to be digits). */
static int
digits_value(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

/*
 * The fast path: exactly "YYYY-MM-DD" and a valid date, what most
 * exports and our own output hold.  Returns 1 with *day set, or 0 to
 * let the general parser decide and explain.
 */
static int
iso_fast(const char *s, int32_t *day)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned y0 = u[0] - '0', y1 = u[1] - '0', y2 = u[2] - '0',
	    y3 = u[3] - '0', m0 = u[5] - '0', m1 = u[6] - '0',
	    d0 = u[8] - '0', d1 = u[9] - '0';
	int y, m, d;

	/* Non-digits wrap around to large unsigned values. */
	if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) |
	    (m1 > 9) | (d0 > 9) | (d1 > 9))
		return 0;
	y = (int)(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
	m = (int)(m0 * 10 + m1);
	d = (int)(d0 * 10 + d1);
	if (!sales_date_valid(y, m, d))
		return 0;
	*day = civil_to_day(y, m, d);
	return 1;
}

/* Everything but the fast path: trimming, time parts, slashed dates. */
static int
parse_general(const char *s, size_t len, enum sales_date_order order,
    int32_t *day, const char **why)
{
	const char *p, *end;
	size_t n = len;
	int y, m, d, r;

	p = sales_trim(s, &n);
	end = p + n;
	if (p == end)
		return set_why(why, "is empty");
	if (end - p >= 5 && p[4] == '-')
		r = parse_iso(p, end, &y, &m, &d);
	else
		r = parse_slashed(p, end, order, &y, &m, &d);
	if (!r)
		return set_why(why, "is not a date");
	if (!sales_date_valid(y, m, d))
		return set_why(why, "is not a valid calendar date");
	*day = civil_to_day(y, m, d);
	return SALES_OK;
}

/*
 * "YYYY-MM-DD", then nothing or a time part after 'T' or a space
 * ("2026-03-05T14:15:33Z", "2026-03-05 2:15 PM").
 */
static int
parse_iso(const char *p, const char *end, int *y, int *m, int *d)
{
	int i;

	if (end - p < 10 || p[4] != '-' || p[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit((unsigned char)p[i]))
			return 0;
	*y = digits_value(p, 4);
	*m = digits_value(p + 5, 2);
	*d = digits_value(p + 8, 2);
	p += 10;
	if (p == end)
		return 1;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return 0;
	return time_part_ok(p + 1, end);
}

/*
 * "M/D/YYYY" or "D/M/YYYY": one or two digits for day and month, four
 * for the year (a two-digit year would need a guess at the century),
 * then nothing or a space and a time part ("3/5/2026 2:15:33 PM").
 */
static int
parse_slashed(const char *p, const char *end, enum sales_date_order order,
    int *y, int *m, int *d)
{
	int f[3], i, n;

	for (i = 0; i < 3; i++) {
		for (n = 0; p + n < end && is_digit((unsigned char)p[n]); n++)
			if (n == 4)
				return 0;
		if (i < 2 ? (n < 1 || n > 2 || p + n == end ||
		    p[n] != '/') : n != 4)
			return 0;
		f[i] = digits_value(p, n);
		p += n + (i < 2);
	}
	if (order == SALES_DATE_DMY) {
		*d = f[0];
		*m = f[1];
	} else {
		*m = f[0];
		*d = f[1];
	}
	*y = f[2];
	if (p == end)
		return 1;
	if (*p != ' ')
		return 0;
	return time_part_ok(p + 1, end);
}

/*
 * A time of day is dropped, so it is only checked loosely: it starts
 * with a digit and holds nothing but digits, ':', '.', '+', '-', 'Z',
 * spaces and AM/PM.  That still turns away a date glued to other text.
 */
static int
time_part_ok(const char *p, const char *end)
{
	if (p == end || !is_digit((unsigned char)*p))
		return 0;
	while (p < end) {
		int c = (unsigned char)*p;

		if (is_digit(c) || c == ':' || c == '.' || c == '+' ||
		    c == '-' || c == ' ' || c == 'Z' || c == 'z')
			p++;
		else if ((c == 'A' || c == 'a' || c == 'P' || c == 'p') &&
		    end - p >= 2 && (p[1] == 'M' || p[1] == 'm'))
			p += 2;
		else
			return 0;
	}
	return 1;
}

/* The first ".." in s[0..len), or NULL. */
static const char *
find_dots(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if (s[i] == '.' && s[i + 1] == '.')
			return s + i;
	return NULL;
}

/*
 * "first..last" (dots points at the ".."): each side a date in any form
 * sales_date_parse takes, month before day.
 */
static int
period_range(const char *s, size_t len, const char *dots,
    struct sales_period *p, const char **why)
{
	size_t left = (size_t)(dots - s);

	if (sales_date_parse(s, left, SALES_DATE_MDY, &p->first,
	    why) != SALES_OK ||
	    sales_date_parse(dots + 2, len - left - 2, SALES_DATE_MDY,
	    &p->last, why) != SALES_OK)
		return set_why(why, "is not a period");
	if (p->last < p->first)
		return set_why(why, "ends before it starts");
	return SALES_OK;
}

/*
 * "YYYY" (a fiscal year), "YYYY-MM" (a calendar month) or "YYYY-Qn" (a
 * fiscal quarter).  Returns 1 with *p set, or 0.
 */
static int
period_named(const char *s, size_t len, int fiscal_start,
    struct sales_period *p)
{
	int y, first_month, months, i;

	if (len < 4)
		return 0;
	for (i = 0; i < 4; i++)
		if (!is_digit((unsigned char)s[i]))
			return 0;
	if ((y = digits_value(s, 4)) < 1)
		return 0;
	if (len == 4) {
		first_month = fiscal_start;
		months = 12;
	} else if (len == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'q') &&
	    s[6] >= '1' && s[6] <= '4') {
		first_month = fiscal_start + 3 * (s[6] - '1');
		months = 3;
	} else if (len == 7 && s[4] == '-' && is_digit((unsigned char)s[5]) &&
	    is_digit((unsigned char)s[6])) {
		first_month = digits_value(s + 5, 2);
		if (first_month < 1 || first_month > 12)
			return 0;
		months = 1;
	} else
		return 0;
	p->first = sales_date_from_ymd(y, first_month, 1);
	p->last = sales_date_from_ymd(y, first_month + months, 1) - 1;
	return 1;
}

/* Sets *why (when the caller asked for it) and returns SALES_EDATA. */
static int
set_why(const char **why, const char *msg)
{
	if (why != NULL)
		*why = msg;
	return SALES_EDATA;
}
