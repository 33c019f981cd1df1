/*
 * rates.c - currency conversion tables (see sales_rates.h).
 */
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

#define NANO	1000000000LL
#define CODE	16

__extension__ typedef __int128 wide;

struct rate {
	char	code[CODE];
	int64_t	nano;		/* base units per unit, x 1e9 */
};

struct sales_rates {
	struct rate	*v;
	size_t		 n, cap;
	char		 base[CODE];
	char		 err[256];
};

static int	code_of(const char *, size_t, char[CODE]);
static int	parse_rate(const char *, size_t, int64_t *);

/* Folds s[0..len) (trimmed, upper case) into code; -1 if too long. */
static int
code_of(const char *s, size_t len, char code[CODE])
{
	size_t i;

	s = sales_trim(s, &len);
	if (len >= CODE)
		return -1;
	for (i = 0; i < len; i++)
		code[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
	code[len] = '\0';
	return 0;
}

struct sales_rates *
sales_rates_new(const char *base)
{
	struct sales_rates *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	if (code_of(base, strlen(base), r->base) != 0)
		r->base[0] = '\0';
	return r;
}

/* A positive decimal with up to 9 places into billionths. */
static int
parse_rate(const char *s, size_t len, int64_t *nano)
{
	int64_t whole = 0, frac = 0, scale = NANO;
	size_t i = 0;
	int digits = 0;

	s = sales_trim(s, &len);
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		if (__builtin_mul_overflow(whole, 10, &whole) ||
		    __builtin_add_overflow(whole, s[i] - '0', &whole))
			return -1;
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			if (scale == 1)
				return -1;
			scale /= 10;
			frac += (s[i] - '0') * scale;
			digits++;
		}
	}
	if (i != len || digits == 0 || __builtin_mul_overflow(whole, NANO,
	    &whole) || __builtin_add_overflow(whole, frac, nano) || *nano <= 0)
		return -1;
	return 0;
}

int
sales_rates_load(struct sales_rates *r, struct sales_csv *csv)
{
	const struct sales_row *hdr, *row;
	long ic = -1, ir = -1;
	size_t i;
	int rc;

	if ((rc = sales_csv_header(csv, &hdr)) != SALES_OK) {
		sales_fmt(r->err, sizeof(r->err), "%s", sales_csv_error(csv));
		return rc == SALES_EOF ? SALES_EDATA : rc;
	}
	for (i = 0; i < hdr->nfields; i++) {
		size_t len = hdr->lens[i];
		const char *f = sales_trim(hdr->fields[i], &len);

		if (sales_ieq(f, len, "currency"))
			ic = (long)i;
		else if (sales_ieq(f, len, "rate"))
			ir = (long)i;
	}
	if (ic < 0 || ir < 0) {
		sales_fmt(r->err, sizeof(r->err), "%s: missing column \"%s\"",
		    sales_csv_name(csv), ic < 0 ? "currency" : "rate");
		return SALES_EDATA;
	}
	while ((rc = sales_csv_next(csv, &row)) == SALES_OK) {
		struct rate x;

		memset(&x, 0, sizeof(x));
		if (code_of(row->fields[ic], row->lens[ic], x.code) != 0 ||
		    x.code[0] == '\0') {
			sales_fmt(r->err, sizeof(r->err), "%s:%llu: column "
			    "\"currency\": \"%.*s\" is not a currency code",
			    sales_csv_name(csv), (unsigned long long)row->line,
			    (int)row->lens[ic], row->fields[ic]);
			return SALES_EDATA;
		}
		if (parse_rate(row->fields[ir], row->lens[ir], &x.nano) != 0) {
			sales_fmt(r->err, sizeof(r->err), "%s:%llu: column "
			    "\"rate\": \"%.*s\" is not a positive rate",
			    sales_csv_name(csv), (unsigned long long)row->line,
			    (int)row->lens[ir], row->fields[ir]);
			return SALES_EDATA;
		}
		if (r->n == r->cap) {
			size_t cap = r->cap == 0 ? 16 : r->cap * 2;
			struct rate *p = realloc(r->v, cap * sizeof(*p));

			if (p == NULL)
				return SALES_ENOMEM;
			r->v = p;
			r->cap = cap;
		}
		r->v[r->n++] = x;
	}
	if (rc != SALES_EOF) {
		sales_fmt(r->err, sizeof(r->err), "%s", sales_csv_error(csv));
		return rc;
	}
	return SALES_OK;
}

int
sales_rates_convert(struct sales_rates *r, const char *cur, int64_t cents,
    int64_t *out)
{
	char code[CODE];
	int64_t nano = -1;
	wide v, q, rem;
	size_t i;

	if (code_of(cur, strlen(cur), code) != 0) {
		sales_fmt(r->err, sizeof(r->err), "currency \"%s\" has no "
		    "rate", cur);
		return SALES_EDATA;
	}
	if (code[0] == '\0' || strcmp(code, r->base) == 0)
		nano = NANO;
	/* The last row for a code wins. */
	for (i = r->n; nano < 0 && i-- > 0;)
		if (strcmp(r->v[i].code, code) == 0)
			nano = r->v[i].nano;
	if (nano < 0) {
		sales_fmt(r->err, sizeof(r->err), "currency \"%s\" has no "
		    "rate (add it to --rates)", code);
		return SALES_EDATA;
	}
	v = (wide)cents * nano;
	q = v / NANO;
	rem = v % NANO;
	if (rem >= NANO / 2)
		q++;
	else if (rem <= -NANO / 2)
		q--;
	if (q > INT64_MAX || q < INT64_MIN) {
		sales_fmt(r->err, sizeof(r->err), "converted amount beyond "
		    "the range of 64-bit cents");
		return SALES_EDATA;
	}
	*out = (int64_t)q;
	return SALES_OK;
}

const char *
sales_rates_error(const struct sales_rates *r)
{
	return r->err;
}

void
sales_rates_free(struct sales_rates *r)
{
	if (r == NULL)
		return;
	free(r->v);
	free(r);
}
