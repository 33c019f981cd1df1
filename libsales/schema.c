/*
 * schema.c - finding a schema's canonical columns in a header row by
 * name, through ranked aliases and --map overrides.
 *
 * Names are compared normalised (ASCII lower case; spaces, tabs,
 * underscores, hyphens and dots dropped; a stray UTF-8 byte-order mark
 * ignored), so "Close Date", "close_date" and "CloseDate" are one name.
 * The comparison walks both strings in place: binding happens once per
 * file, and not copying means it cannot run out of memory.
 */
#include <limits.h>
#include <string.h>

#include "sales_int.h"

/* A bounded message being built in the caller's buffer. */
struct msg {
	char	*buf;
	size_t	 size;
	size_t	 len;
};

static size_t	 norm_start(const char *, size_t);
static int	 norm_skip(int);
static int	 norm_eq(const char *, size_t, const char *, size_t);
static void	 match_header(const struct sales_schema *,
		    const struct sales_row *, size_t, int *, int *, int *);
static int	 apply_map(const struct sales_schema *,
		    const struct sales_row *, const struct sales_map *, int *,
		    int *, char *, size_t);
static void	 missing_message(const struct sales_schema *, int, char *,
		    size_t);
static void	 unknown_message(const struct sales_schema *, const char *,
		    char *, size_t);
static void	 msg_init(struct msg *, char *, size_t);
static void	 msg_put(struct msg *, const char *);
static int	 msg_fits(const struct msg *, size_t, size_t);

#define ELLIPSIS	", ..."

int
sales_map_parse(char *arg, struct sales_map *m)
{
	char *eq = strchr(arg, '=');
	const char *col, *hdr;
	size_t clen, hlen;

	if (eq == NULL)
		return SALES_EUSAGE;
	clen = (size_t)(eq - arg);
	col = sales_trim(arg, &clen);
	hlen = strlen(eq + 1);
	hdr = sales_trim(eq + 1, &hlen);
	if (clen == 0 || hlen == 0)
		return SALES_EUSAGE;
	/* Both sides end where their trimmed text ends. */
	((char *)col)[clen] = '\0';
	((char *)hdr)[hlen] = '\0';
	m->column = col;
	m->header = hdr;
	return SALES_OK;
}

int
sales_schema_bind(const struct sales_schema *s,
    const struct sales_row *hdr, uint64_t required,
    const struct sales_map *map, size_t nmap, int *index,
    char *err, size_t errsz)
{
	int rank[SALES_SCHEMA_MAX], other[SALES_SCHEMA_MAX];
	size_t c, h, i;
	int rc;

	if (s->ncolumns > SALES_SCHEMA_MAX) {
		sales_fmt(err, errsz, "schema has more than %d columns",
		    SALES_SCHEMA_MAX);
		return SALES_EUSAGE;
	}
	for (c = 0; c < s->ncolumns; c++) {
		index[c] = -1;
		rank[c] = INT_MAX;
		other[c] = -1;
	}
	for (h = 0; h < hdr->nfields; h++)
		match_header(s, hdr, h, index, rank, other);
	for (i = 0; i < nmap; i++) {
		if ((rc = apply_map(s, hdr, &map[i], index, other, err,
		    errsz)) != SALES_OK)
			return rc;
	}

	for (c = 0; c < s->ncolumns; c++) {
		if (other[c] >= 0) {
			int a = index[c], b = other[c];

			/* --map cannot tell two identical names apart. */
			if (hdr->lens[a] == hdr->lens[b] &&
			    memcmp(hdr->fields[a], hdr->fields[b],
			    hdr->lens[a]) == 0) {
				sales_fmt(err, errsz, "column \"%s\": the "
				    "header names \"%.*s\" twice (fields %d "
				    "and %d); rename one", s->columns[c],
				    (int)hdr->lens[a], hdr->fields[a],
				    (a < b ? a : b) + 1, (a < b ? b : a) + 1);
				return SALES_EDATA;
			}
			sales_fmt(err, errsz, "ambiguous column \"%s\": \"%.*s\" "
			    "and \"%.*s\" both match (use --map %s=HEADER)",
			    s->columns[c], (int)hdr->lens[a], hdr->fields[a],
			    (int)hdr->lens[b], hdr->fields[b], s->columns[c]);
			return SALES_EDATA;
		}
		if (index[c] < 0 && (required >> c & 1)) {
			missing_message(s, (int)c, err, errsz);
			return SALES_EDATA;
		}
	}
	return SALES_OK;
}

int
sales_schema_column(const struct sales_schema *s, const char *name)
{
	size_t c, len = strlen(name);

	for (c = 0; c < s->ncolumns; c++)
		if (sales_ieq(name, len, s->columns[c]))
			return (int)c;
	return -1;
}

/*
 * Offers header position h to every column it matches.  A column's
 * canonical name is an alias of rank 0 unless the schema lists it among
 * the aliases with another rank: that lets "Amount (Converted)" (rank 0)
 * beat a plain "Amount" (rank 1) for the column amount.
 */
static void
match_header(const struct sales_schema *s, const struct sales_row *hdr,
    size_t h, int *index, int *rank, int *other)
{
	int hrank[SALES_SCHEMA_MAX];
	const char *f = hdr->fields[h];
	size_t flen = hdr->lens[h];
	size_t c, i;

	for (c = 0; c < s->ncolumns; c++)
		hrank[c] = -1;
	for (i = 0; i < s->naliases; i++) {
		const struct sales_alias *a = &s->aliases[i];

		if (a->column < 0 || (size_t)a->column >= s->ncolumns)
			continue;
		if ((hrank[a->column] < 0 || a->rank < hrank[a->column]) &&
		    norm_eq(f, flen, a->label, strlen(a->label)))
			hrank[a->column] = a->rank;
	}
	for (c = 0; c < s->ncolumns; c++) {
		if (hrank[c] < 0 && norm_eq(f, flen, s->columns[c],
		    strlen(s->columns[c])))
			hrank[c] = 0;
		if (hrank[c] < 0)
			continue;
		if (hrank[c] < rank[c]) {
			rank[c] = hrank[c];
			index[c] = (int)h;
			other[c] = -1;
		} else if (hrank[c] == rank[c] && other[c] < 0)
			other[c] = (int)h;
	}
}

/*
 * Applies one --map.  The header is found by normalised comparison; if
 * several headers match, one that is byte for byte the text given wins,
 * else the first.
 */
static int
apply_map(const struct sales_schema *s, const struct sales_row *hdr,
    const struct sales_map *m, int *index, int *other, char *err,
    size_t errsz)
{
	size_t h, hlen = strlen(m->header);
	int c, pos = -1;

	if ((c = sales_schema_column(s, m->column)) < 0) {
		unknown_message(s, m->column, err, errsz);
		return SALES_EDATA;
	}
	for (h = 0; h < hdr->nfields; h++) {
		if (hdr->lens[h] == hlen &&
		    memcmp(hdr->fields[h], m->header, hlen) == 0) {
			pos = (int)h;
			break;
		}
		if (pos < 0 && norm_eq(hdr->fields[h], hdr->lens[h],
		    m->header, hlen))
			pos = (int)h;
	}
	if (pos < 0) {
		sales_fmt(err, errsz, "--map %s=%s: no column \"%s\" in the "
		    "header", m->column, m->header, m->header);
		return SALES_EDATA;
	}
	index[c] = pos;
	other[c] = -1;
	return SALES_OK;
}

/*
 * 'missing column "close_date" (looked for "close_date", "Close Date",
 * ...; use --map close_date=HEADER)': the canonical name, then the
 * aliases in rank order, as many as fit in the buffer.
 */
static void
missing_message(const struct sales_schema *s, int c, char *err,
    size_t errsz)
{
	const char *name = s->columns[c];
	size_t i, tail;
	struct msg m;
	int cur, next, full = 0;

	msg_init(&m, err, errsz);
	tail = strlen("; use --map =HEADER)") + strlen(name);
	msg_put(&m, "missing column \"");
	msg_put(&m, name);
	msg_put(&m, "\" (looked for \"");
	msg_put(&m, name);
	msg_put(&m, "\"");
	for (cur = -1; !full; cur = next) {
		/* The next rank up among this column's aliases. */
		next = INT_MAX;
		for (i = 0; i < s->naliases; i++)
			if (s->aliases[i].column == c &&
			    s->aliases[i].rank > cur &&
			    s->aliases[i].rank < next)
				next = s->aliases[i].rank;
		if (next == INT_MAX)
			break;
		for (i = 0; i < s->naliases && !full; i++) {
			const char *label = s->aliases[i].label;

			if (s->aliases[i].column != c ||
			    s->aliases[i].rank != next ||
			    strcmp(label, name) == 0)
				continue;
			if (!msg_fits(&m, strlen(label) + 4, tail)) {
				msg_put(&m, ELLIPSIS);
				full = 1;
				break;
			}
			msg_put(&m, ", \"");
			msg_put(&m, label);
			msg_put(&m, "\"");
		}
	}
	msg_put(&m, "; use --map ");
	msg_put(&m, name);
	msg_put(&m, "=HEADER)");
}

/* '--map: unknown column "foo" (known: owner, amount, ...)'. */
static void
unknown_message(const struct sales_schema *s, const char *column,
    char *err, size_t errsz)
{
	struct msg m;
	size_t c;

	msg_init(&m, err, errsz);
	msg_put(&m, "--map: unknown column \"");
	msg_put(&m, column);
	msg_put(&m, "\" (known: ");
	for (c = 0; c < s->ncolumns; c++) {
		size_t sep = c > 0 ? 2 : 0;

		if (!msg_fits(&m, sep + strlen(s->columns[c]), 1)) {
			msg_put(&m, c > 0 ? ELLIPSIS : "...");
			break;
		}
		if (c > 0)
			msg_put(&m, ", ");
		msg_put(&m, s->columns[c]);
	}
	msg_put(&m, ")");
}

/* Where normalised comparison starts: after a UTF-8 byte-order mark. */
static size_t
norm_start(const char *s, size_t len)
{
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		return 3;
	return 0;
}

/* Non-zero for the characters normalisation drops. */
static int
norm_skip(int c)
{
	return c == ' ' || c == '\t' || c == '_' || c == '-' || c == '.';
}

/* Equality of a[0..alen) and b[0..blen) after normalising both. */
static int
norm_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = norm_start(a, alen), j = norm_start(b, blen);

	for (;;) {
		while (i < alen && norm_skip((unsigned char)a[i]))
			i++;
		while (j < blen && norm_skip((unsigned char)b[j]))
			j++;
		if (i == alen || j == blen)
			return i == alen && j == blen;
		if (sales_lower((unsigned char)a[i]) !=
		    sales_lower((unsigned char)b[j]))
			return 0;
		i++;
		j++;
	}
}

static void
msg_init(struct msg *m, char *buf, size_t size)
{
	m->buf = buf;
	m->size = size;
	m->len = 0;
	if (size > 0)
		buf[0] = '\0';
}

/* Appends s, truncating at the end of the buffer. */
static void
msg_put(struct msg *m, const char *s)
{
	size_t n = strlen(s);

	if (m->size == 0 || m->len >= m->size - 1)
		return;
	if (n > m->size - 1 - m->len)
		n = m->size - 1 - m->len;
	memcpy(m->buf + m->len, s, n);
	m->len += n;
	m->buf[m->len] = '\0';
}

/*
 * Non-zero when n more bytes still leave room for an ellipsis and a
 * tail of the given length after them.
 */
static int
msg_fits(const struct msg *m, size_t n, size_t tail)
{
	return m->len + n + strlen(ELLIPSIS) + tail < m->size;
}
