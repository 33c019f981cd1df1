/*
 * out.c - the table writer behind every tool's -F csv|tsv|table|json.
 *
 * csv, tsv and json rows go straight to the stream, cell by cell, in
 * spans: the writer looks for the few bytes that need care and hands
 * everything between them to fwrite, so a plain cell costs one strcspn
 * and one fwrite and no allocation.  The table format must know every
 * width before it prints the first line, so it copies the cells into
 * one growing buffer and prints them in sales_out_finish().
 *
 * Write errors are sticky: the first failed fwrite, putc or fflush (or
 * an error flag found on the stream) is remembered with its errno, and
 * from then on every call reports SALES_EIO, so a full disk is never a
 * silent truncation.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

enum out_state {
	OUT_NEW,		/* no columns yet */
	OUT_READY,		/* columns declared, rows welcome */
	OUT_DONE		/* finished */
};

struct sales_out {
	FILE			*fp;
	enum sales_format	 fmt;
	int			 flags;
	enum out_state		 state;
	int			 failed;	/* a write failed */
	int			 saved_errno;	/* errno of that failure */

	size_t			 ncols;
	enum sales_coltype	*types;

	/* json: the rendered '"name":' of each column, in arena. */
	struct sales_arena	 arena;
	const char		**keys;
	size_t			*keylens;

	/*
	 * table: every cell (header first), already made printable, one
	 * after another with a NUL after each in text; cells holds their
	 * offsets (not pointers: text moves when it grows), row by row.
	 */
	char			*text;
	size_t			 textlen;
	size_t			 textcap;
	size_t			*cells;
	size_t			 ncells;
	size_t			 cellcap;
	size_t			*widths;
};

static void	out_fail(struct sales_out *);
static void	out_write(struct sales_out *, const char *, size_t);
static void	out_putc(struct sales_out *, int);
static void	out_spaces(struct sales_out *, size_t);
static int	out_status(struct sales_out *);
static int	excel_prefix(const struct sales_out *, int, size_t,
	    const char *);
static void	columns_undo(struct sales_out *);
static int	formula_start(int);
static void	csv_row(struct sales_out *, size_t, const char *const *, int);
static void	csv_field(struct sales_out *, const char *, int);
static void	tsv_row(struct sales_out *, size_t, const char *const *, int);
static void	tsv_field(struct sales_out *, const char *, int);
static int	json_keys(struct sales_out *, const char *const *);
static size_t	json_escape(int, char *);
static void	json_row(struct sales_out *, const char *const *);
static void	json_string(struct sales_out *, const char *);
static int	json_number(const char *);
static int	table_store(struct sales_out *, const char *const *, int);
static int	table_cell(struct sales_out *, size_t, const char *, int);
static void	*grow(void *, size_t *, size_t, size_t);
static size_t	utf8_width(const char *);
static void	table_print(struct sales_out *);
static void	table_text(struct sales_out *, const char *, size_t *);

/* Enough spaces to pad most columns with one fwrite. */
static const char spaces[] = "                                ";

int
sales_format_parse(const char *s, enum sales_format *fmt)
{
	static const struct {
		const char		*name;
		enum sales_format	 fmt;
	} formats[] = {
		{ "csv", SALES_FMT_CSV },
		{ "tsv", SALES_FMT_TSV },
		{ "table", SALES_FMT_TABLE },
		{ "json", SALES_FMT_JSON }
	};
	size_t i;

	if (s == NULL || fmt == NULL)
		return SALES_EUSAGE;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(s, formats[i].name) == 0) {
			*fmt = formats[i].fmt;
			return SALES_OK;
		}
	}
	return SALES_EUSAGE;
}

struct sales_out *
sales_out_new(FILE *fp, enum sales_format fmt, int flags)
{
	struct sales_out *o;

	/* A caller bug, not a runtime condition: there is nothing to write on. */
	if (fp == NULL || (fmt != SALES_FMT_CSV && fmt != SALES_FMT_TSV &&
	    fmt != SALES_FMT_TABLE && fmt != SALES_FMT_JSON))
		return NULL;
	if ((o = calloc(1, sizeof(*o))) == NULL)
		return NULL;
	o->fp = fp;
	o->fmt = fmt;
	o->flags = flags;
	o->state = OUT_NEW;
	return o;
}

int
sales_out_columns(struct sales_out *o, size_t ncols,
    const char *const *names, const enum sales_coltype *types)
{
	size_t i;

	if (o == NULL || o->state != OUT_NEW || ncols == 0 || names == NULL)
		return SALES_EUSAGE;
	for (i = 0; i < ncols; i++) {
		if (names[i] == NULL || (types != NULL &&
		    types[i] != SALES_COL_TEXT && types[i] != SALES_COL_NUMBER))
			return SALES_EUSAGE;
	}
	if (ncols > SIZE_MAX / sizeof(*o->types))
		return SALES_ENOMEM;
	if ((o->types = malloc(ncols * sizeof(*o->types))) == NULL)
		return SALES_ENOMEM;
	for (i = 0; i < ncols; i++)
		o->types[i] = types != NULL ? types[i] : SALES_COL_TEXT;
	o->ncols = ncols;

	switch (o->fmt) {
	case SALES_FMT_CSV:
		csv_row(o, o->ncols, names, 1);
		break;
	case SALES_FMT_TSV:
		tsv_row(o, o->ncols, names, 1);
		break;
	case SALES_FMT_TABLE:
		if ((o->widths = calloc(ncols, sizeof(*o->widths))) == NULL ||
		    table_store(o, names, 1) != SALES_OK) {
			columns_undo(o);
			return SALES_ENOMEM;
		}
		break;
	case SALES_FMT_JSON:
		if (json_keys(o, names) != SALES_OK) {
			columns_undo(o);
			return SALES_ENOMEM;
		}
		break;
	}
	o->state = OUT_READY;
	return out_status(o);
}

int
sales_out_row(struct sales_out *o, const char *const *cells)
{
	if (o == NULL || o->state != OUT_READY || cells == NULL)
		return SALES_EUSAGE;
	if (o->failed)
		return out_status(o);
	switch (o->fmt) {
	case SALES_FMT_CSV:
		csv_row(o, o->ncols, cells, 0);
		break;
	case SALES_FMT_TSV:
		tsv_row(o, o->ncols, cells, 0);
		break;
	case SALES_FMT_TABLE:
		if (table_store(o, cells, 0) != SALES_OK)
			return SALES_ENOMEM;
		break;
	case SALES_FMT_JSON:
		json_row(o, cells);
		break;
	}
	return out_status(o);
}

int
sales_out_rowv(struct sales_out *o, size_t n, const char *const *cells)
{
	if (o == NULL || o->state != OUT_READY || cells == NULL || n == 0)
		return SALES_EUSAGE;
	if (o->failed)
		return out_status(o);
	if (o->fmt == SALES_FMT_CSV)
		csv_row(o, n, cells, 0);
	else if (o->fmt == SALES_FMT_TSV)
		tsv_row(o, n, cells, 0);
	else
		return SALES_EUSAGE;
	return out_status(o);
}

int
sales_out_finish(struct sales_out *o)
{
	if (o == NULL)
		return SALES_EUSAGE;
	if (o->state == OUT_READY && o->fmt == SALES_FMT_TABLE && !o->failed)
		table_print(o);
	o->state = OUT_DONE;
	if (fflush(o->fp) == EOF)
		out_fail(o);
	return out_status(o);
}

void
sales_out_free(struct sales_out *o)
{
	if (o == NULL)
		return;
	free(o->types);
	free(o->keys);
	free(o->keylens);
	sales_arena_fini(&o->arena);
	free(o->text);
	free(o->cells);
	free(o->widths);
	free(o);
}

/*
 * Forgets a declaration that ran out of memory half way, so that the
 * caller may try sales_out_columns() again.
 */
static void
columns_undo(struct sales_out *o)
{
	free(o->types);
	free(o->keys);
	free(o->keylens);
	free(o->widths);
	sales_arena_fini(&o->arena);
	o->types = NULL;
	o->keys = NULL;
	o->keylens = NULL;
	o->widths = NULL;
	o->ncols = 0;
	o->textlen = 0;
	o->ncells = 0;
}

/*
 * Errors.
 */

/* Remembers the first failure; later ones are its consequences. */
static void
out_fail(struct sales_out *o)
{
	if (!o->failed) {
		o->failed = 1;
		o->saved_errno = errno != 0 ? errno : EIO;
	}
}

static void
out_write(struct sales_out *o, const char *p, size_t n)
{
	if (n > 0 && fwrite(p, 1, n, o->fp) != n)
		out_fail(o);
}

/*
 * putc_unlocked: the writer is the only user of fp while a row is
 * written, and taking the stream lock for every delimiter would cost
 * more than the byte itself.
 */
static void
out_putc(struct sales_out *o, int c)
{
	if (putc_unlocked(c, o->fp) == EOF)
		out_fail(o);
}

static void
out_spaces(struct sales_out *o, size_t n)
{
	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		out_write(o, spaces, k);
		n -= k;
	}
}

/*
 * SALES_OK, or SALES_EIO with errno set back to the failure's, so the
 * caller's strerror(errno) names the real cause (ENOSPC, EPIPE).  The
 * error flag is checked too: a failure inside a buffered putc may leave
 * only that trace.
 */
static int
out_status(struct sales_out *o)
{
	if (!o->failed && ferror(o->fp))
		out_fail(o);
	if (o->failed) {
		errno = o->saved_errno;
		return SALES_EIO;
	}
	return SALES_OK;
}

/*
 * Spreadsheet formula protection (OWASP ASVS 1.2.10).
 */

static int
formula_start(int c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r';
}

/*
 * Non-zero when cell s of column col (of the header row when header is
 * set) needs the apostrophe.  Number cells are exempt so that -12.50
 * stays a number; header names are text whatever their column's type,
 * since a spreadsheet would run "=x" in the first line just as well.
 */
static int
excel_prefix(const struct sales_out *o, int header, size_t col,
    const char *s)
{
	return (o->flags & SALES_OUT_EXCEL_SAFE) &&
	    formula_start((unsigned char)s[0]) &&
	    (header || col >= o->ncols || o->types[col] == SALES_COL_TEXT);
}

/*
 * csv.
 */

static void
csv_row(struct sales_out *o, size_t n, const char *const *cells, int header)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *s = cells[i] != NULL ? cells[i] : "";
		int excel = excel_prefix(o, header, i, s);

		if (i > 0)
			out_putc(o, ',');
		/*
		 * A one-column row whose cell is empty would be a blank line,
		 * and CSV readers (libcsv, sales_csv) skip blank lines: the
		 * row would vanish.  "" keeps it.
		 */
		if (n == 1 && s[0] == '\0')
			out_write(o, "\"\"", 2);
		else
			csv_field(o, s, excel);
	}
	out_putc(o, '\n');
}

/*
 * Quotes only when a reader would otherwise misread the field: it holds
 * the delimiter, a quote, CR or LF, or starts or ends with a space or
 * tab (libcsv trims those from unquoted fields by default).  With excel
 * set, the apostrophe is part of the field for these rules.
 */
static void
csv_field(struct sales_out *o, const char *s, int excel)
{
	size_t n = strcspn(s, ",\"\r\n");
	size_t len = s[n] == '\0' ? n : n + strlen(s + n);
	int first = excel ? '\'' : (unsigned char)s[0];
	int last = len > 0 ? (unsigned char)s[len - 1] : first;
	const char *p, *q, *end = s + len;

	if (s[n] == '\0' && !sales_blank_char(first) &&
	    !sales_blank_char(last)) {
		if (excel)
			out_putc(o, '\'');
		out_write(o, s, len);
		return;
	}
	out_putc(o, '"');
	if (excel)
		out_putc(o, '\'');
	for (p = s; (q = memchr(p, '"', end - p)) != NULL; p = q + 1) {
		out_write(o, p, q - p + 1);
		out_putc(o, '"');
	}
	out_write(o, p, end - p);
	out_putc(o, '"');
}

/*
 * tsv.
 */

static void
tsv_row(struct sales_out *o, size_t n, const char *const *cells, int header)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *s = cells[i] != NULL ? cells[i] : "";
		int excel = excel_prefix(o, header, i, s);

		if (i > 0)
			out_putc(o, '\t');
		tsv_field(o, s, excel);
	}
	out_putc(o, '\n');
}

/*
 * TSV has no quoting, so the four bytes that would break a line apart
 * are written as backslash escapes: \t \n \r \\.  This is the
 * convention of PostgreSQL's COPY text format and of Miller's TSV, so
 * either reads our output back unchanged.
 */
static void
tsv_field(struct sales_out *o, const char *s, int excel)
{
	if (excel)
		out_putc(o, '\'');
	for (;;) {
		size_t n = strcspn(s, "\t\n\r\\");

		out_write(o, s, n);
		switch (s[n]) {
		case '\0':
			return;
		case '\t':
			out_write(o, "\\t", 2);
			break;
		case '\n':
			out_write(o, "\\n", 2);
			break;
		case '\r':
			out_write(o, "\\r", 2);
			break;
		default:
			out_write(o, "\\\\", 2);
			break;
		}
		s += n + 1;
	}
}

/*
 * json.
 */

/*
 * Renders '"name":' once per column, so a row of JSON Lines costs no
 * escaping of its keys.
 */
static int
json_keys(struct sales_out *o, const char *const *names)
{
	char *buf = NULL, *p;
	size_t cap = 0, i;

	if ((o->keys = calloc(o->ncols, sizeof(*o->keys))) == NULL ||
	    (o->keylens = calloc(o->ncols, sizeof(*o->keylens))) == NULL)
		return SALES_ENOMEM;
	for (i = 0; i < o->ncols; i++) {
		const char *s = names[i];
		size_t len = strlen(s), n = 0;

		/* Six bytes per byte at worst (\u00XX), quotes and colon. */
		if (len > (SIZE_MAX - 3) / 6 ||
		    (p = grow(buf, &cap, 6 * len + 3, 1)) == NULL) {
			free(buf);
			return SALES_ENOMEM;
		}
		buf = p;
		buf[n++] = '"';
		for (; *s != '\0'; s++) {
			size_t e = json_escape((unsigned char)*s, buf + n);

			if (e == 0)
				buf[n++] = *s;
			else
				n += e;
		}
		buf[n++] = '"';
		buf[n++] = ':';
		if ((o->keys[i] = sales_arena_strndup(&o->arena, buf, n)) ==
		    NULL) {
			free(buf);
			return SALES_ENOMEM;
		}
		o->keylens[i] = n;
	}
	free(buf);
	return SALES_OK;
}

/*
 * Writes the JSON escape for byte c into out (at most 6 bytes) and
 * returns its length, or returns 0 when c goes out as it is.  Bytes of
 * 0x80 and above pass through untouched: valid UTF-8 stays valid, and
 * invalid bytes are the input's, not ours to repair.  DEL is escaped
 * because terminals and some parsers treat it as a control.
 */
static size_t
json_escape(int c, char *out)
{
	static const char hex[] = "0123456789abcdef";
	char e;

	switch (c) {
	case '"':	e = '"';	break;
	case '\\':	e = '\\';	break;
	case '\b':	e = 'b';	break;
	case '\f':	e = 'f';	break;
	case '\n':	e = 'n';	break;
	case '\r':	e = 'r';	break;
	case '\t':	e = 't';	break;
	default:
		if (c >= 0x20 && c != 0x7f)
			return 0;
		out[0] = '\\';
		out[1] = 'u';
		out[2] = '0';
		out[3] = '0';
		out[4] = hex[c >> 4];
		out[5] = hex[c & 0xf];
		return 6;
	}
	out[0] = '\\';
	out[1] = e;
	return 2;
}

static void
json_row(struct sales_out *o, const char *const *cells)
{
	size_t i;

	out_putc(o, '{');
	for (i = 0; i < o->ncols; i++) {
		const char *s = cells[i] != NULL ? cells[i] : "";

		if (i > 0)
			out_putc(o, ',');
		out_write(o, o->keys[i], o->keylens[i]);
		if (o->types[i] == SALES_COL_TEXT)
			json_string(o, s);
		else if (s[0] == '\0')
			out_write(o, "null", 4);
		else if (json_number(s))
			out_write(o, s, strlen(s));
		else
			json_string(o, s);
	}
	out_write(o, "}\n", 2);
}

static void
json_string(struct sales_out *o, const char *s)
{
	const char *run = s;
	char esc[6];

	out_putc(o, '"');
	for (; *s != '\0'; s++) {
		size_t e = json_escape((unsigned char)*s, esc);

		if (e > 0) {
			out_write(o, run, s - run);
			out_write(o, esc, e);
			run = s + 1;
		}
	}
	out_write(o, run, s - run);
	out_putc(o, '"');
}

/*
 * Non-zero when s is a number by the JSON grammar (RFC 8259 section 6):
 * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.  Anything else in a
 * number column ("1,000", ".5", "01", "12x") is written as a string, so
 * the line stays valid JSON and the odd value stays visible.
 */
static int
json_number(const char *s)
{
#define DIGIT(c) ((c) >= '0' && (c) <= '9')
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (DIGIT(*s) && *s != '0')
		while (DIGIT(*s))
			s++;
	else
		return 0;
	if (*s == '.') {
		if (!DIGIT(s[1]))
			return 0;
		for (s++; DIGIT(*s); s++)
			;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!DIGIT(*s))
			return 0;
		while (DIGIT(*s))
			s++;
	}
	return *s == '\0';
#undef DIGIT
}

/*
 * table.
 */

/* Copies one row (the header when header is set) into the buffer. */
static int
table_store(struct sales_out *o, const char *const *cells, int header)
{
	size_t textlen = o->textlen, ncells = o->ncells, i;
	size_t *p;

	if (o->ncols > SIZE_MAX - o->ncells || (p = grow(o->cells,
	    &o->cellcap, o->ncells + o->ncols, sizeof(*p))) == NULL)
		return SALES_ENOMEM;
	o->cells = p;
	for (i = 0; i < o->ncols; i++) {
		const char *s = cells[i] != NULL ? cells[i] : "";
		int excel = excel_prefix(o, header, i, s);

		if (table_cell(o, i, s, excel) != SALES_OK) {
			/* Drop the half-stored row; the buffer stays whole. */
			o->textlen = textlen;
			o->ncells = ncells;
			return SALES_ENOMEM;
		}
	}
	return SALES_OK;
}

/*
 * Appends the printable form of cell s: the apostrophe if excel is set,
 * and CR, LF and TAB turned into spaces, since any of them would break
 * the alignment of every column after it.  Widens column col to fit.
 */
static int
table_cell(struct sales_out *o, size_t col, const char *s, int excel)
{
	size_t len = strlen(s), w;
	char *p;

	if (len > SIZE_MAX - 2 - o->textlen || (p = grow(o->text,
	    &o->textcap, o->textlen + len + 2, 1)) == NULL)
		return SALES_ENOMEM;
	o->text = p;
	p += o->textlen;
	o->cells[o->ncells++] = o->textlen;
	if (excel)
		*p++ = '\'';
	for (; *s != '\0'; s++)
		*p++ = (*s == '\r' || *s == '\n' || *s == '\t') ? ' ' : *s;
	*p++ = '\0';
	w = utf8_width(o->text + o->textlen);
	if (w > o->widths[col])
		o->widths[col] = w;
	o->textlen = p - o->text;
	return SALES_OK;
}

/*
 * Makes room for need elements of size bytes in buf (capacity *cap, in
 * elements), doubling so that appending stays linear.  Returns the
 * possibly moved buffer, or NULL when out of memory (buf is then still
 * valid and unchanged).
 */
static void *
grow(void *buf, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap > 0 ? *cap : 64;

	if (need <= *cap)
		return buf;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return NULL;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / size || (buf = realloc(buf, ncap * size)) == NULL)
		return NULL;
	*cap = ncap;
	return buf;
}

/*
 * Display width in UTF-8 characters: every byte that is not a
 * continuation byte (10xxxxxx) starts one.  An invalid byte counts as
 * one column, which is about what a terminal shows for it; wide (CJK)
 * and combining characters are not handled.
 */
static size_t
utf8_width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/*
 * Prints every buffered row.  Padding is held back as a count and
 * written only when more text follows on the line, so no line ends in
 * spaces (not even a cell's own trailing ones).
 */
static void
table_print(struct sales_out *o)
{
	size_t i, col, pending;

	for (i = 0; i < o->ncells; i += o->ncols) {
		pending = 0;
		for (col = 0; col < o->ncols; col++) {
			const char *s = o->text + o->cells[i + col];
			size_t pad = o->widths[col] - utf8_width(s);

			if (col > 0)
				pending += 2;
			if (o->types[col] == SALES_COL_NUMBER) {
				pending += pad;
				table_text(o, s, &pending);
			} else {
				table_text(o, s, &pending);
				pending += pad;
			}
		}
		out_putc(o, '\n');
		if (o->failed)
			return;
	}
}

/* Writes s after the pending padding; its trailing spaces become pending. */
static void
table_text(struct sales_out *o, const char *s, size_t *pending)
{
	size_t len = strlen(s), n = len;

	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n > 0) {
		out_spaces(o, *pending);
		out_write(o, s, n);
		*pending = 0;
	}
	*pending += len - n;
}
