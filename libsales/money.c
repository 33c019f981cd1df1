/*
 * money.c - exact money amounts in int64_t cents: parsing the shapes CRM
 * exports and spreadsheets produce, plain formatting, and weighting by a
 * probability.
 *
 * Nothing here touches binary floating point: "0.10" must be exactly ten
 * cents, and a sum of a million rows must not drift.
 *
 * sales_money_parse is called once per row, so it starts with a tight
 * loop for the plain shapes most files hold ("45362.12", "-12", "0.0");
 * only when that loop meets anything else does the general parser run,
 * which understands currency symbols and codes, thousands separators and
 * accounting parentheses.  The general parser is kept out of line so
 * that the fast path stays a small function with a cheap prologue.
 */
#include <string.h>

#include "sales_int.h"

/*
 * The largest whole-unit part that can still carry cents in an int64:
 * 2^63 cents is 92233720368547758.08, so any more units overflow.
 */
#define UNITS_MAX	92233720368547758ULL

/* 2^63, the magnitude of INT64_MIN, as an unsigned value. */
#define MAG_INT64_MIN	((uint64_t)INT64_MAX + 1)

#define PPM_ONE		1000000

/*
 * The pieces of a number as the general parser reads them.  Errors are
 * collected rather than returned at once, because a value that is not an
 * amount at all must say so even when it also has too many decimals.
 */
struct amount {
	uint64_t	units;		/* whole units, capped past UNITS_MAX */
	int		cents;		/* the first two decimals, 0-99 */
	int		digits;		/* digits seen, integer and decimal */
	int		extra;		/* a non-zero third or later decimal */
};

static int	parse_plain(const char *, size_t, char, int64_t *);
static int	parse_general(const char *, size_t, int, int64_t *,
		    const char **) __attribute__((noinline));
static int	parse_number(const char **, const char *, int,
		    struct amount *);
static size_t	group_sep_len(const char *, const char *, int);
static int	three_digits_follow(const char *, const char *);
static size_t	currency_len(const char *, const char *);
static size_t	gap_len(const char *, const char *);
static const char *skip_gaps(const char *, const char *);
static int	finish(const struct amount *, int, int64_t *, const char **);
static int	is_digit(int);

int
sales_money_parse(const char *s, size_t len, int flags, int64_t *cents,
    const char **why)
{
	char dec = (flags & SALES_MONEY_DECIMAL_COMMA) ? ',' : '.';

	if (parse_plain(s, len, dec, cents))
		return SALES_OK;
	return parse_general(s, len, flags, cents, why);
}

char *
sales_money_format(int64_t cents, char buf[SALES_MONEY_BUFSZ])
{
	char tmp[SALES_MONEY_BUFSZ];
	char *p = tmp + sizeof(tmp);
	uint64_t mag;
	size_t n;
	int i;

	/*
	 * Negate in unsigned arithmetic: -INT64_MIN does not fit in an
	 * int64_t, but 0 - (uint64_t)INT64_MIN is exactly 2^63.
	 */
	mag = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;
	*--p = '\0';
	for (i = 0; i < 2; i++) {
		*--p = (char)('0' + mag % 10);
		mag /= 10;
	}
	*--p = '.';
	do {
		*--p = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag > 0);
	if (cents < 0)
		*--p = '-';
	n = (size_t)(tmp + sizeof(tmp) - p);
	memcpy(buf, p, n);
	return buf;
}

/*
 * The product is split so that no intermediate value overflows: with
 * cents = hi * 1,000,000 + lo (hi and lo share the sign of cents),
 * cents * ppm / 1,000,000 = hi * ppm + lo * ppm / 1,000,000, where
 * hi * ppm is exact and only the remainder of lo * ppm decides the
 * rounding.  A ppm outside 0..1,000,000 is not a probability; it is
 * clamped so the result still fits.
 */
int64_t
sales_money_scale_ppm(int64_t cents, int32_t ppm)
{
	int64_t hi, lo, prod, q, r;

	if (ppm < 0)
		ppm = 0;
	else if (ppm > PPM_ONE)
		ppm = PPM_ONE;
	hi = cents / PPM_ONE;
	lo = cents % PPM_ONE;
	prod = lo * ppm;
	q = prod / PPM_ONE;
	r = prod % PPM_ONE;
	/* Half away from zero: r carries the sign of cents. */
	if (r >= PPM_ONE / 2)
		q++;
	else if (r <= -(PPM_ONE / 2))
		q--;
	return hi * ppm + q;
}

/*
 * The fast path: [-]digits[<dec>d[d]] and nothing else, at most 16
 * integer digits so that nothing can overflow.  Returns 1 with *cents
 * set, or 0 when the general parser must decide (which may still
 * accept the value).
 */
static int
parse_plain(const char *s, size_t len, char dec, int64_t *cents)
{
	const char *p = s, *end = s + len, *start;
	uint64_t v = 0;
	int neg = 0;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	start = p;
	for (; p < end; p++) {
		unsigned digit = (unsigned char)*p - (unsigned)'0';

		if (digit > 9)
			break;
		v = v * 10 + digit;
	}
	if (p - start > 16)
		return 0;
	v *= 100;
	if (p < end && *p == dec) {
		p++;
		if (p == end || !is_digit((unsigned char)*p))
			return 0;
		v += (uint64_t)(*p++ - '0') * 10;
		if (p < end && is_digit((unsigned char)*p))
			v += (uint64_t)(*p++ - '0');
	} else if (p == start)
		return 0;
	if (p != end)
		return 0;
	*cents = neg ? -(int64_t)v : (int64_t)v;
	return 1;
}

/*
 * The general grammar, after trimming:
 *
 *	value	= "(" inner ")" | inner
 *	inner	= [sign] [currency gaps] [sign] number [gaps currency]
 *
 * with at most one sign, at most one currency (before or after), and no
 * sign inside parentheses.  A sign must touch the currency or the
 * number; gaps (spaces, tabs, no-break spaces) are allowed only between
 * the number and its currency, and just inside parentheses.
 */
static int
parse_general(const char *s, size_t len, int flags, int64_t *cents,
    const char **why)
{
	const char *p, *end;
	struct amount a;
	size_t n = len, cl;
	int neg = 0, sign = 0, paren = 0, cur = 0;

	p = sales_trim(s, &n);
	end = p + n;
	if (p == end) {
		*why = "is empty";
		return SALES_EDATA;
	}
	if (*p == '(' && end[-1] == ')') {
		paren = neg = 1;
		p = skip_gaps(p + 1, end - 1);
		end--;
	}
	if (!paren && (*p == '-' || *p == '+')) {
		neg = *p++ == '-';
		sign = 1;
	}
	if ((cl = currency_len(p, end)) > 0) {
		cur = 1;
		p = skip_gaps(p + cl, end);
		if (!paren && !sign && p < end && (*p == '-' || *p == '+'))
			neg = *p++ == '-';
	}
	if (!parse_number(&p, end, flags, &a))
		goto bad;
	p = skip_gaps(p, end);
	if (!cur)
		p = skip_gaps(p + currency_len(p, end), end);
	if (p != end)
		goto bad;
	return finish(&a, neg, cents, why);
bad:
	*why = "is not an amount";
	return SALES_EDATA;
}

/*
 * Reads digits with optional thousands grouping and decimals from *pp,
 * leaving *pp after the number.  Returns 0 when what is there cannot be
 * a number (no digits, a misplaced separator).
 *
 * A separator counts as grouping only when exactly three digits follow
 * it; otherwise the number ends there and the caller sees what is left.
 * That is how "12 €" ends the number at the space while "1 234,50"
 * (decimal comma) reads on through it.
 */
static int
parse_number(const char **pp, const char *end, int flags,
    struct amount *a)
{
	const char *p = *pp, *sep = NULL;
	char dec = (flags & SALES_MONEY_DECIMAL_COMMA) ? ',' : '.';
	size_t sl = 0, next;
	int n, first = -1;

	memset(a, 0, sizeof(*a));
	for (;;) {
		for (n = 0; p < end && is_digit((unsigned char)*p); n++) {
			a->units = a->units * 10 + (uint64_t)(*p++ - '0');
			if (a->units > UNITS_MAX)
				a->units = UNITS_MAX + 1;
		}
		a->digits += n;
		if (first < 0)
			first = n;
		next = group_sep_len(p, end, flags);
		if (n == 0 || next == 0 || !three_digits_follow(p + next, end))
			break;
		/* Only the first group may be short, and never long. */
		if (first > 3)
			return 0;
		/* "1.234 567" mixes two separators: not one number. */
		if (sep != NULL && (next != sl || memcmp(sep, p, sl) != 0))
			return 0;
		sep = p;
		sl = next;
		p += next;
	}
	if (p < end && *p == dec) {
		p++;
		for (n = 0; p < end && is_digit((unsigned char)*p); n++) {
			if (n < 2)
				a->cents = a->cents * 10 + (*p - '0');
			else if (*p != '0')
				a->extra = 1;
			p++;
		}
		if (n == 0)
			return 0;
		if (n == 1)
			a->cents *= 10;
		a->digits += n;
	}
	*pp = p;
	return a->digits > 0;
}

/*
 * Length of the thousands separator at p, or 0: ',' normally; with a
 * decimal comma '.', a space, U+00A0 or U+202F (what European locales
 * print).
 */
static size_t
group_sep_len(const char *p, const char *end, int flags)
{
	if (p >= end)
		return 0;
	if (!(flags & SALES_MONEY_DECIMAL_COMMA))
		return *p == ',';
	if (*p == '.')
		return 1;
	if (*p == '\t')
		return 0;
	return gap_len(p, end);
}

/* Non-zero when p holds exactly three digits and then no fourth. */
static int
three_digits_follow(const char *p, const char *end)
{
	return end - p >= 3 && is_digit((unsigned char)p[0]) &&
	    is_digit((unsigned char)p[1]) && is_digit((unsigned char)p[2]) &&
	    (end - p == 3 || !is_digit((unsigned char)p[3]));
}

/*
 * Length of the currency marker at p, or 0: "$", "€", "£", "¥" (UTF-8)
 * or a three-letter upper-case ISO code such as "USD".
 */
static size_t
currency_len(const char *p, const char *end)
{
	size_t n = (size_t)(end - p);

	if (n >= 1 && *p == '$')
		return 1;
	if (n >= 2 && memcmp(p, "\xc2\xa3", 2) == 0)	/* £ */
		return 2;
	if (n >= 2 && memcmp(p, "\xc2\xa5", 2) == 0)	/* ¥ */
		return 2;
	if (n >= 3 && memcmp(p, "\xe2\x82\xac", 3) == 0)	/* € */
		return 3;
	if (n >= 3 && p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' &&
	    p[1] <= 'Z' && p[2] >= 'A' && p[2] <= 'Z')
		return 3;
	return 0;
}

/*
 * Length of the gap character at p, or 0: space, tab, and the no-break
 * spaces U+00A0 and U+202F that locale-aware formatting puts between a
 * number and its symbol ("12 €").
 */
static size_t
gap_len(const char *p, const char *end)
{
	size_t n = (size_t)(end - p);

	if (n >= 1 && sales_blank_char((unsigned char)*p))
		return 1;
	if (n >= 2 && memcmp(p, "\xc2\xa0", 2) == 0)
		return 2;
	if (n >= 3 && memcmp(p, "\xe2\x80\xaf", 3) == 0)
		return 3;
	return 0;
}

static const char *
skip_gaps(const char *p, const char *end)
{
	size_t n;

	while ((n = gap_len(p, end)) > 0)
		p += n;
	return p;
}

/* Turns the parsed pieces into cents, checking decimals and range. */
static int
finish(const struct amount *a, int neg, int64_t *cents, const char **why)
{
	uint64_t mag;

	if (a->extra) {
		*why = "has more than 2 decimal places";
		return SALES_EDATA;
	}
	if (a->units > UNITS_MAX)
		goto range;
	mag = a->units * 100 + (uint64_t)a->cents;
	if (neg) {
		if (mag > MAG_INT64_MIN)
			goto range;
		*cents = mag == MAG_INT64_MIN ? INT64_MIN : -(int64_t)mag;
	} else {
		if (mag > (uint64_t)INT64_MAX)
			goto range;
		*cents = (int64_t)mag;
	}
	return SALES_OK;
range:
	*why = "is out of range";
	return SALES_EDATA;
}

static int
is_digit(int c)
{
	return (unsigned)c - '0' < 10;
}
