/*
 * csv.c - the pull-style CSV reader every tool reads its input with.
 *
 * libcsv does the RFC 4180 parsing; it is push-style, so this module
 * drives it and queues what it delivers.  The stream is read in large
 * chunks (converted to UTF-8 first when the input is in another
 * encoding) and each chunk is fed to libcsv one physical line at a
 * time, cut with memchr, so that the callbacks always know the line
 * being parsed.  Fields are copied into one growing arena, pointers to
 * them and their lengths into growing arrays, which the rows handed out
 * point into: nothing is allocated per field or per row once the buffers
 * have reached their working size.  Completed records wait in a queue
 * because one line can hold more than one record (libcsv ends a record
 * at a bare CR too).
 *
 * The row checks (width, NUL bytes, field size) and the Salesforce
 * report footer are applied when a record is handed out.
 *
 * Most lines take a fast path (fast_lines(), where the comment says
 * exactly which and why the result is libcsv's): unquoted fields are
 * split here with SSE2, quoted ones still go through libcsv.
 */
#include <errno.h>
#include <iconv.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sales_int.h"

#define CHUNK		(256 * 1024)	/* UTF-8 bytes per read */
#define RAW_CHUNK	(64 * 1024)	/* bytes converted by iconv per read */
#define CSV_BLK		4096		/* libcsv field buffer growth step */
#define LIMIT_SLACK	(64 * 1024)	/* see field_limit() */
#define ERR_SIZE	4608		/* a long path plus the message */
#define PAD		16		/* zeroed bytes after a chunk: see
					   next_special() */

#define CSV_OPTIONS	(CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)

/* What is wrong with a record; only the first fault is kept. */
enum fault {
	FAULT_NONE,
	FAULT_NUL,		/* a field holds a NUL byte */
	FAULT_BIG		/* a field is over max_field */
};

/* A completed record waiting in the queue; its fields are in the arena. */
struct rec {
	size_t		 first;		/* index into fields[] and lens[] */
	size_t		 nfields;
	uint64_t	 line;		/* physical line it starts on */
	enum fault	 fault;
	size_t		 fault_field;	/* 1-based */
	size_t		 fault_len;	/* the size of a FAULT_BIG field */
};

struct sales_csv {
	sales_csv_read_fn	 read;		/* the input, see src_read() */
	void			*cookie;
	int			 read_err;	/* errno of a failed read */
	char			*name;
	char			*encoding;	/* as given, or NULL */
	unsigned char		 delim;
	size_t			 max_field;
	size_t			 hard_limit;	/* see field_limit() */
	int			 flags;

	struct csv_parser	 parser;
	int			 parser_live;	/* needs csv_free */

	/* Input: UTF-8 bytes in buf[buf_pos..buf_len) wait to be fed. */
	int			 started;	/* encoding chosen */
	int			 read_eof;	/* fread hit the end */
	int			 done;		/* csv_fini has run */
	int			 first_chunk;	/* BOM not looked at yet */
	int			 check_nul;	/* a NUL was seen: check fields */
	int			 fast;		/* the fast path may be taken */
	char			*buf;
	size_t			 buf_pos;
	size_t			 buf_len;
	unsigned char		 head[2];	/* bytes read to sniff a BOM */
	size_t			 head_len;
	uint64_t		 line;		/* the line being fed */
	char			 eol;		/* what ends a line: LF, or CR
						   in a file with no LF */

	/* Conversion, when the input is not UTF-8. */
	iconv_t			 cd;		/* (iconv_t)-1 when none */
	const char		*enc_label;	/* for messages */
	char			*raw;		/* unconverted bytes */
	size_t			 raw_len;
	int			 conv_failed;	/* bad bytes after buf */

	/*
	 * Fields of queued records and of the record being built: text in
	 * the arena, pointers to it in fields[], lengths in lens[].  A
	 * returned row points into fields[] and lens[] directly.
	 */
	char			*arena;
	size_t			 arena_len;
	size_t			 arena_cap;
	char			**fields;
	size_t			*lens;
	size_t			 nfields;
	size_t			 fields_cap;
	size_t			 rec_first;	/* first field of the open record */
	struct rec		 open;		/* line and fault of that record */
	size_t			 fast_len;	/* see on_field() */
	size_t			 csv_size;	/* libcsv's buffer size */
	int			 cb_status;	/* a callback ran out of memory */

	struct rec		*queue;
	size_t			 qhead;
	size_t			 qlen;
	size_t			 qcap;

	/* The row handed out, and the header kept for the whole file. */
	struct sales_row	 row;
	struct sales_row	 hdr;
	int			 have_header;

	int			 footers;	/* look for footer rows */
	int			 in_footer;
	uint64_t		 skipped;
	int			 status;	/* sticky fatal status, or 0 */
	int			 saved_errno;
	char			 err[ERR_SIZE];
};

static int	keep_spaces(unsigned char);
static void	on_field(void *, size_t, void *);
static void	on_record(int, void *);
static void	slow_field(struct sales_csv *, const char *, size_t)
		    __attribute__((noinline));
static inline void add_field(struct sales_csv *, const char *, size_t);
static int	store_field(struct sales_csv *, const char *, size_t);
static int	reserve(struct sales_csv *, size_t, size_t);
static void	set_fast_len(struct sales_csv *);
static int	set_error(struct sales_csv *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	fatal(struct sales_csv *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	stop(struct sales_csv *, int);
static int	read_failed(struct sales_csv *);
static size_t	src_read(struct sales_csv *, void *, size_t);
static ssize_t	file_read(void *, void *, size_t);
static void	free_parser(struct sales_csv *);
static int	start_input(struct sales_csv *);
static int	refill(struct sales_csv *);
static int	refill_plain(struct sales_csv *);
static int	refill_convert(struct sales_csv *);
static int	feed(struct sales_csv *);
static int	feed_piece(struct sales_csv *);
static int	fast_lines(struct sales_csv *);
static int	split_line(struct sales_csv *, const char *, const char *);
static int	lib_parse(struct sales_csv *, const char *, size_t);
static const char *next_special(const char *, unsigned char);
static int	parse_failed(struct sales_csv *);
static int	finish(struct sales_csv *);
static uint64_t	unterminated_line(const struct sales_csv *);
static void	compact(struct sales_csv *);
static int	next_record(struct sales_csv *, const struct rec **);
static int	read_header(struct sales_csv *);
static int	copy_header(struct sales_csv *, char *const *, const size_t *,
		    size_t);
static int	check_row(struct sales_csv *, const struct rec *);
static int	fault_error(struct sales_csv *, int, const struct rec *);
static int	maybe_footer(const struct sales_row *);
static int	is_footer(const struct sales_row *);
static int	all_empty(const struct sales_row *, size_t);
static int	has_iprefix(const char *, size_t, const char *);
static size_t	field_limit(size_t);

struct sales_csv *
sales_csv_open(FILE *fp, const char *name,
    const struct sales_csv_options *opts)
{
	return sales_csv_open_read(file_read, fp, name, opts);
}

struct sales_csv *
sales_csv_open_read(sales_csv_read_fn read, void *cookie, const char *name,
    const struct sales_csv_options *opts)
{
	struct sales_csv *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->read = read;
	c->cookie = cookie;
	c->cd = (iconv_t)-1;
	c->line = 1;
	c->eol = '\n';
	c->first_chunk = 1;
	c->delim = ',';
	c->max_field = SALES_CSV_MAX_FIELD;
	if (opts != NULL) {
		if (opts->delimiter != 0)
			c->delim = opts->delimiter;
		if (opts->max_field != 0)
			c->max_field = opts->max_field;
		c->flags = opts->flags;
	}
	c->hard_limit = field_limit(c->max_field);
	c->footers = !(c->flags & SALES_CSV_NO_FOOTER);
	c->fast = !(c->flags & SALES_CSV_LIBCSV_ONLY) &&
	    getenv("SALES_CSV_LIBCSV_ONLY") == NULL;
	set_fast_len(c);
	c->name = strdup(name != NULL ? name : "<input>");
	c->buf = sales_read_buffer(CHUNK + PAD);
	if (c->name == NULL || c->buf == NULL)
		goto fail;
	if (opts != NULL && opts->encoding != NULL &&
	    (c->encoding = strdup(opts->encoding)) == NULL)
		goto fail;

	/* csv_init only fails for a NULL parser. */
	csv_init(&c->parser, CSV_OPTIONS);
	c->parser_live = 1;
	csv_set_delim(&c->parser, c->delim);
	/*
	 * libcsv trims spaces and tabs around unquoted fields unless told
	 * that nothing is a space; we keep fields as they were written.
	 */
	csv_set_space_func(&c->parser, keep_spaces);
	/* The default step, 128 bytes, means a realloc per 128 bytes. */
	csv_set_blk_size(&c->parser, CSV_BLK);
	return c;
fail:
	sales_csv_close(c);
	return NULL;
}

struct sales_csv *
sales_csv_open_part(sales_csv_read_fn read, void *cookie, const char *name,
    const struct sales_csv_options *opts, const struct sales_row *hdr,
    uint64_t first_line)
{
	struct sales_csv_options o;
	struct sales_csv *c;

	if (hdr == NULL || hdr->nfields == 0)
		return NULL;
	if (opts != NULL)
		o = *opts;
	else
		memset(&o, 0, sizeof(o));
	/* UTF-8 only: no byte-order mark to sniff in the middle of a file. */
	o.encoding = "utf-8";
	if ((c = sales_csv_open_read(read, cookie, name, &o)) == NULL)
		return NULL;
	if (copy_header(c, hdr->fields, hdr->lens, hdr->nfields) != 0) {
		sales_csv_close(c);
		return NULL;
	}
	c->hdr.line = hdr->line;
	c->line = first_line;
	c->first_chunk = 0;
	return c;
}

int
sales_csv_footer_seen(const struct sales_csv *c)
{
	return c != NULL && c->in_footer;
}

int
sales_csv_header(struct sales_csv *c, const struct sales_row **hdr)
{
	int rc;

	if (c == NULL || hdr == NULL)
		return SALES_EUSAGE;
	if (!c->have_header) {
		if (c->status != 0)
			return c->status;
		if ((rc = read_header(c)) != SALES_OK)
			return rc;
	}
	*hdr = &c->hdr;
	return SALES_OK;
}

int
sales_csv_next(struct sales_csv *c, const struct sales_row **row)
{
	const struct rec *r;
	struct sales_row *w;
	int rc;

	if (c == NULL || row == NULL)
		return SALES_EUSAGE;
	w = &c->row;
	if (c->status != 0)
		return c->status;
	if (!c->have_header && (rc = read_header(c)) != SALES_OK)
		return rc;
	for (;;) {
		if ((rc = next_record(c, &r)) != SALES_OK)
			return rc;
		w->nfields = r->nfields;
		w->fields = c->fields + r->first;
		w->lens = c->lens + r->first;
		w->line = r->line;
		/* Most rows need no more than this test. */
		if (r->nfields == c->hdr.nfields && r->fault == FAULT_NONE &&
		    !c->in_footer && !(c->footers && maybe_footer(w))) {
			*row = w;
			return SALES_OK;
		}
		if ((rc = check_row(c, r)) != SALES_EOF) {
			*row = w;
			return rc;
		}
	}
}

const char *
sales_csv_error(const struct sales_csv *c)
{
	return c != NULL ? c->err : "";
}

int
sales_csv_errno(const struct sales_csv *c)
{
	return c != NULL ? c->saved_errno : 0;
}

const char *
sales_csv_name(const struct sales_csv *c)
{
	return c != NULL ? c->name : "";
}

uint64_t
sales_csv_skipped(const struct sales_csv *c)
{
	return c != NULL ? c->skipped : 0;
}

void
sales_csv_close(struct sales_csv *c)
{
	if (c == NULL)
		return;
	free_parser(c);
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	free(c->name);
	free(c->encoding);
	free(c->buf);
	free(c->raw);
	free(c->arena);
	free(c->fields);
	free(c->lens);
	free(c->queue);
	if (c->hdr.fields != NULL)
		free(c->hdr.fields[0]);
	free(c->hdr.fields);
	free(c->hdr.lens);
	free(c);
}

/* The space function for libcsv: nothing is a space to be trimmed. */
static int
keep_spaces(unsigned char ch)
{
	(void)ch;
	return 0;
}

/*
 * libcsv's field callback: copies the field, valid only now, into the
 * arena.  This runs for every field, so it does the common case alone
 * and sends the rest to slow_field(): the first field of a record, a
 * field over max_field or needing the NUL check, an earlier failure.
 * There is always room: feed_piece() reserved it.
 */
static void
on_field(void *data, size_t len, void *arg)
{
	struct sales_csv *c = arg;

	if (len >= c->fast_len) {
		slow_field(c, data, len);
		return;
	}
	add_field(c, data, len);
}

/* Stores a field in reserved room; s[len] is the NUL libcsv appended. */
static inline void
add_field(struct sales_csv *c, const char *s, size_t len)
{
	size_t n = c->nfields, used = c->arena_len;

	c->fields[n] = c->arena + used;
	c->lens[n] = len;
	c->nfields = n + 1;
	c->arena_len = used + len + 1;
	memcpy(c->arena + used, s, len + 1);
}

/*
 * The rest of the field callback.  Callbacks cannot fail, so running
 * out of memory is noted in cb_status and later callbacks do nothing.
 */
static void
slow_field(struct sales_csv *c, const char *s, size_t len)
{
	const char *nul;
	size_t keep = len;
	enum fault fault = FAULT_NONE;

	if (len < c->fast_len) {
		add_field(c, s, len);
		return;
	}
	if (c->cb_status != 0)
		return;
	if (len > c->max_field) {
		fault = FAULT_BIG;
		keep = 0;
	} else if (c->check_nul && (nul = memchr(s, '\0', len)) != NULL) {
		/* Keep what precedes it, so lens[] still match strlen(). */
		fault = FAULT_NUL;
		keep = (size_t)(nul - s);
	}
	if (fault != FAULT_NONE && c->open.fault == FAULT_NONE) {
		c->open.fault = fault;
		c->open.fault_field = c->nfields - c->rec_first + 1;
		c->open.fault_len = len;
	}
	if (store_field(c, s, keep) != 0) {
		c->cb_status = SALES_ENOMEM;
		set_fast_len(c);
	}
}

/* libcsv's record callback: queues the record just completed. */
static void
on_record(int term, void *arg)
{
	struct sales_csv *c = arg;
	struct rec *r;

	(void)term;
	if (c->qlen == c->qcap) {
		size_t cap = c->qcap != 0 ? c->qcap * 2 : 16;

		if (c->cb_status != 0)
			return;
		if ((r = realloc(c->queue, cap * sizeof(*r))) == NULL) {
			c->cb_status = SALES_ENOMEM;
			set_fast_len(c);
			return;
		}
		c->queue = r;
		c->qcap = cap;
	}
	r = &c->queue[c->qlen++];
	*r = c->open;
	r->first = c->rec_first;
	r->nfields = c->nfields - c->rec_first;
	c->rec_first = c->nfields;
	c->open.fault = FAULT_NONE;
}

/*
 * Fields of fast_len bytes or more take the slow path: over max_field,
 * and all of them once a NUL byte has been seen or memory ran out.
 */
static void
set_fast_len(struct sales_csv *c)
{
	if (c->check_nul || c->cb_status != 0)
		c->fast_len = 0;
	else
		c->fast_len = c->max_field < SIZE_MAX ? c->max_field + 1 :
		    SIZE_MAX;
}

/* Appends s[0..len) and a NUL to the arena, making room if need be. */
static int
store_field(struct sales_csv *c, const char *s, size_t len)
{
	char *p;

	if (reserve(c, 1, len + 1) != 0)
		return -1;
	p = c->arena + c->arena_len;
	memcpy(p, s, len);
	p[len] = '\0';
	c->fields[c->nfields] = p;
	c->lens[c->nfields] = len;
	c->nfields++;
	c->arena_len += len + 1;
	return 0;
}

/*
 * Makes room for nf more fields and bytes more bytes of text, doubling
 * what is short.  A new arena is filled before the old one is freed, so
 * that fields[] can be moved over while its pointers are still valid.
 */
static int
reserve(struct sales_csv *c, size_t nf, size_t bytes)
{
	size_t cap, i;
	char *a;

	if (c->fields_cap - c->nfields < nf) {
		char **f;
		size_t *l;

		cap = c->fields_cap != 0 ? c->fields_cap : 256;
		while (cap - c->nfields < nf) {
			if (cap > SIZE_MAX / 2 / sizeof(*l))
				return -1;
			cap *= 2;
		}
		if ((f = realloc(c->fields, cap * sizeof(*f))) == NULL)
			return -1;
		c->fields = f;
		if ((l = realloc(c->lens, cap * sizeof(*l))) == NULL)
			return -1;
		c->lens = l;
		c->fields_cap = cap;
	}
	if (c->arena_cap - c->arena_len >= bytes)
		return 0;
	cap = c->arena_cap != 0 ? c->arena_cap : 64 * 1024;
	while (cap - c->arena_len < bytes) {
		if (cap > SIZE_MAX / 2)
			return -1;
		cap *= 2;
	}
	if ((a = malloc(cap)) == NULL)
		return -1;
	if (c->arena_len != 0)
		memcpy(a, c->arena, c->arena_len);
	for (i = 0; i < c->nfields; i++)
		c->fields[i] = a + (c->fields[i] - c->arena);
	free(c->arena);
	c->arena = a;
	c->arena_cap = cap;
	return 0;
}

/* Formats the message and returns status; the reader can go on. */
static int
set_error(struct sales_csv *c, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	return status;
}

/*
 * Formats the message, puts the reader in the failed state and returns
 * status.  The parser is freed without csv_fini: after an error,
 * csv_fini would deliver a half-built field.
 */
static int
fatal(struct sales_csv *c, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	return stop(c, status);
}

/* Puts the reader in the failed state: every later call returns status. */
static int
stop(struct sales_csv *c, int status)
{
	c->status = status;
	c->qhead = c->qlen = 0;
	free_parser(c);
	return status;
}

/*
 * Reads up to n bytes of input into buf, fewer only at the end of the
 * input or on an error (then read_err is set): the source may return
 * less than asked (a pipe, a part of a file), so it is asked again.
 */
static size_t
src_read(struct sales_csv *c, void *buf, size_t n)
{
	size_t have = 0;

	while (have < n && c->read_err == 0) {
		ssize_t got = c->read(c->cookie, (char *)buf + have, n - have);

		if (got < 0)
			c->read_err = errno != 0 ? errno : EIO;
		else if (got == 0)
			break;
		else
			have += (size_t)got;
	}
	return have;
}

/* The source of sales_csv_open(): a stdio stream. */
static ssize_t
file_read(void *cookie, void *buf, size_t n)
{
	FILE *fp = cookie;
	size_t got = fread(buf, 1, n, fp);

	if (got == 0 && ferror(fp))
		return -1;
	return (ssize_t)got;
}

static int
read_failed(struct sales_csv *c)
{
	c->saved_errno = c->read_err;
	return fatal(c, SALES_EIO, "%s: read error: %s", c->name,
	    strerror(c->saved_errno));
}

static void
free_parser(struct sales_csv *c)
{
	if (c->parser_live) {
		csv_free(&c->parser);
		c->parser_live = 0;
	}
}

/*
 * Chooses the conversion on the first read, so that a bad option is
 * reported by the first sales_csv_header() or sales_csv_next().  UTF-16
 * needs the first two bytes: its byte-order mark, or a guess.
 */
static int
start_input(struct sales_csv *c)
{
	const char *enc = c->encoding, *from = NULL;
	int utf16 = 0, sniff;

	c->started = 1;
	if (c->delim == '"' || c->delim == '\r' || c->delim == '\n')
		return fatal(c, SALES_EUSAGE, "%s: the delimiter cannot be "
		    "a double quote, CR or LF", c->name);
	if (enc == NULL || sales_ieq(enc, strlen(enc), "utf-8") ||
	    sales_ieq(enc, strlen(enc), "utf8"))
		from = NULL;
	else if (sales_ieq(enc, strlen(enc), "utf-16") ||
	    sales_ieq(enc, strlen(enc), "utf16"))
		utf16 = 1;
	else if (sales_ieq(enc, strlen(enc), "latin1"))
		from = "ISO-8859-1";
	else
		from = enc;

	sniff = utf16 || enc == NULL;
	if (sniff) {
		c->head_len = src_read(c, c->head, sizeof(c->head));
		if (c->read_err != 0)
			return read_failed(c);
		if (c->head_len < sizeof(c->head))
			c->read_eof = 1;
	}
	if (c->head_len == 2 && ((c->head[0] == 0xff && c->head[1] == 0xfe) ||
	    (c->head[0] == 0xfe && c->head[1] == 0xff))) {
		/* A UTF-16 byte-order mark; UTF-8 cannot start so. */
		from = c->head[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
		c->head_len = 0;
		utf16 = 1;
	} else if (utf16) {
		/* No mark: ASCII text has a NUL as its high byte. */
		from = c->head_len == 2 && c->head[1] == 0 ?
		    "UTF-16LE" : "UTF-16BE";
	}
	if (from == NULL)
		return SALES_OK;
	c->enc_label = utf16 ? "utf-16" : enc;

	if ((c->cd = iconv_open("UTF-8", from)) == (iconv_t)-1) {
		if (errno == EINVAL)
			return fatal(c, SALES_EUSAGE,
			    "%s: unknown encoding \"%s\"", c->name,
			    enc != NULL ? enc : from);
		return fatal(c, SALES_ENOMEM, "%s: cannot convert from %s: %s",
		    c->name, from, strerror(errno));
	}
	if ((c->raw = sales_read_buffer(RAW_CHUNK)) == NULL)
		return fatal(c, SALES_ENOMEM, "%s: out of memory", c->name);
	memcpy(c->raw, c->head, c->head_len);
	c->raw_len = c->head_len;
	c->head_len = 0;
	return SALES_OK;
}

/*
 * Loads the next chunk of UTF-8 into buf.  Returns SALES_OK, SALES_EOF
 * at the end of the input, or a fatal status.
 */
static int
refill(struct sales_csv *c)
{
	int rc;

	if (!c->started && (rc = start_input(c)) != SALES_OK)
		return rc;
	if (c->cd != (iconv_t)-1)
		rc = refill_convert(c);
	else
		rc = refill_plain(c);
	if (rc != SALES_OK)
		return rc;
	/* next_special() may look up to PAD bytes past the end. */
	memset(c->buf + c->buf_len, 0, PAD);
	if (c->first_chunk) {
		/* A UTF-8 byte-order mark (or U+FEFF after conversion). */
		c->first_chunk = 0;
		if (c->buf_len >= 3 && memcmp(c->buf, "\xef\xbb\xbf", 3) == 0)
			c->buf_pos = 3;
		/*
		 * Lines end in CR alone in old Mac exports ("CSV (Macintosh)"
		 * from Excel): when the first chunk has a CR and no LF, CR is
		 * what counts lines.
		 */
		if (memchr(c->buf, '\n', c->buf_len) == NULL &&
		    memchr(c->buf, '\r', c->buf_len) != NULL)
			c->eol = '\r';
	}
	/*
	 * One scan per chunk spares a scan per field: fields are checked
	 * for NUL bytes only once the input has shown one.
	 */
	if (!c->check_nul && memchr(c->buf, '\0', c->buf_len) != NULL) {
		c->check_nul = 1;
		set_fast_len(c);
	}
	return SALES_OK;
}

static int
refill_plain(struct sales_csv *c)
{
	size_t have = c->head_len, want = CHUNK - have, n = 0;

	memcpy(c->buf, c->head, have);
	c->head_len = 0;
	if (!c->read_eof) {
		n = src_read(c, c->buf + have, want);
		if (c->read_err != 0)
			return read_failed(c);
		if (n < want)
			c->read_eof = 1;
	}
	c->buf_pos = 0;
	c->buf_len = have + n;
	return c->buf_len != 0 ? SALES_OK : SALES_EOF;
}

/*
 * Converts raw bytes into buf.  iconv stops at an incomplete sequence at
 * the end of what was read (EINVAL): those bytes stay in raw for the next
 * read.  Bad bytes (EILSEQ) are reported once everything converted
 * before them has been parsed, so the message names their line.
 */
static int
refill_convert(struct sales_csv *c)
{
	char *in, *out;
	size_t inleft, outleft, n, want;
	int err;

	for (;;) {
		if (c->conv_failed)
			return fatal(c, SALES_EPARSE, "%s:%" PRIu64
			    ": invalid %s byte sequence", c->name, c->line,
			    c->enc_label);
		if (!c->read_eof && c->raw_len < RAW_CHUNK) {
			want = RAW_CHUNK - c->raw_len;
			n = src_read(c, c->raw + c->raw_len, want);
			if (c->read_err != 0)
				return read_failed(c);
			if (n < want)
				c->read_eof = 1;
			c->raw_len += n;
		}
		in = c->raw;
		inleft = c->raw_len;
		out = c->buf;
		outleft = CHUNK;
		err = 0;
		if (iconv(c->cd, &in, &inleft, &out, &outleft) == (size_t)-1)
			err = errno;
		if (err == EILSEQ || (err == EINVAL && c->read_eof))
			c->conv_failed = 1;
		else if (err == 0 && c->read_eof)
			/* Lets a stateful encoding return to its initial state. */
			iconv(c->cd, NULL, NULL, &out, &outleft);
		memmove(c->raw, in, inleft);
		c->raw_len = inleft;
		c->buf_pos = 0;
		c->buf_len = CHUNK - outleft;
		if (c->buf_len != 0)
			return SALES_OK;
		if (c->read_eof && c->raw_len == 0 && !c->conv_failed)
			return SALES_EOF;
		/* Only an incomplete sequence was left: read on. */
	}
}

/*
 * Feeds libcsv until at least one record is queued.  Returns SALES_OK,
 * SALES_EOF when the input is done and nothing is queued, or a fatal
 * status.
 */
static int
feed(struct sales_csv *c)
{
	int rc;

	while (c->qhead == c->qlen) {
		if (c->buf_pos < c->buf_len) {
			if ((rc = feed_piece(c)) != SALES_OK)
				return rc;
		} else if (c->done) {
			return SALES_EOF;
		} else if ((rc = refill(c)) == SALES_EOF) {
			if ((rc = finish(c)) != SALES_OK)
				return rc;
		} else if (rc != SALES_OK) {
			return rc;
		}
	}
	return SALES_OK;
}

/*
 * Feeds libcsv the rest of the current line, or as much of it as this
 * chunk holds; the line count moves on once its '\n' has been fed.
 */
static int
feed_piece(struct sales_csv *c)
{
	const char *p, *nl;
	size_t n;
	int rc;

	if (c->fast && c->parser.pstate == 0 && !c->check_nul &&
	    c->eol == '\n' && (rc = fast_lines(c)) != SALES_EOF)
		return rc;
	p = c->buf + c->buf_pos;
	n = c->buf_len - c->buf_pos;

	if ((nl = memchr(p, c->eol, n)) != NULL)
		n = (size_t)(nl - p) + 1;
	/*
	 * Between records libcsv is in its first state, ROW_NOT_BEGUN (0 in
	 * libcsv.c; pstate is a public member of struct csv_parser): the
	 * next record starts on this line or a later one.  Inside a record
	 * (a quoted field spanning lines) the line it started on stands.
	 */
	if (c->parser.pstate == 0)
		c->open.line = c->line;
	/*
	 * Room for what these n bytes can deliver, so that on_field need
	 * not check: each field ends at one of the bytes (at most n fields)
	 * and only the first can hold bytes fed before (at most libcsv's
	 * buffer), so the text is at most csv_size + n plus a NUL a field.
	 */
	if ((c->fields_cap - c->nfields < n ||
	    c->arena_cap - c->arena_len < c->csv_size + 2 * n) &&
	    reserve(c, n, c->csv_size + 2 * n) != 0)
		return fatal(c, SALES_ENOMEM, "%s: out of memory", c->name);
	if (csv_parse(&c->parser, p, n, on_field, on_record, c) != n)
		return parse_failed(c);
	if (c->cb_status != 0)
		return fatal(c, c->cb_status, "%s: out of memory", c->name);
	c->buf_pos += n;
	/*
	 * libcsv's buffer holds one field and grows to the longest one.
	 * Past the hard limit it is almost surely an unclosed quote
	 * swallowing the file: stop rather than buffer all of it.
	 */
	if ((c->csv_size = csv_get_buffer_size(&c->parser)) > c->hard_limit)
		return fatal(c, SALES_EPARSE, "%s:%" PRIu64 ": field is over "
		    "%zu bytes, twice the limit of %zu (--max-field-size); "
		    "giving up on this input", c->name, c->line,
		    c->max_field > SIZE_MAX / 2 ? SIZE_MAX : c->max_field * 2,
		    c->max_field);
	if (nl != NULL)
		c->line++;
	return SALES_OK;
}

/*
 * The fast path.
 *
 * libcsv looks at every byte through its state machine, about 40
 * instructions a byte; most records of a real export need none of that.
 * So whole lines are split here, and libcsv parses only what it must:
 *
 * Which lines: a complete line (its LF is in this chunk) shorter than
 * max_field, met between records (libcsv in ROW_NOT_BEGUN, pstate 0),
 * in a file whose lines end in LF (not an old Mac file), in a chunk with
 * no NUL byte, unless SALES_CSV_LIBCSV_ONLY or the environment variable
 * of that name asks for libcsv alone.  Anything else goes to libcsv as
 * before, a line at a time (feed_piece()).
 *
 * Within such a line, field by field:
 *  - An unquoted field, one that does not start with '"', ends at the
 *    first delimiter, CR or LF (next_special()).  With our options
 *    libcsv does exactly that: keep_spaces() makes no byte a space, so
 *    nothing is trimmed or skipped, and a delimiter, CR or LF ends an
 *    unquoted field (FIELD_BEGUN, quoted 0) or, first thing, makes an
 *    empty one (FIELD_NOT_BEGUN).  A CR or LF also ends the record.
 *    So such a field is the bytes between, which are copied with the
 *    whole line into the arena and cut there with NULs.
 *  - A quote inside an unquoted field is an error in strict mode: the
 *    rest of the line, from the field's first byte, goes to libcsv,
 *    which reports it as before.
 *  - A quoted field is parsed by libcsv itself: fed from its opening
 *    quote through the byte after the closing quote (found by skipping
 *    doubled quotes).  A quote opens a field the same way whether
 *    libcsv is in ROW_NOT_BEGUN or FIELD_NOT_BEGUN, so libcsv need not
 *    have seen the fields before it.  Afterwards libcsv is in
 *    FIELD_NOT_BEGUN (the byte was a delimiter) or ROW_NOT_BEGUN (a CR
 *    or LF ended the record, and libcsv queued it through on_record());
 *    anything else (text after the closing quote, no closing quote on
 *    this line) and libcsv gets the rest of the line, as it would have.
 *  - At the start of a record CR bytes are skipped and an LF ends the
 *    line without a record, as libcsv does in ROW_NOT_BEGUN (blank
 *    lines, the LF of CRLF).
 *  - When a record ends at one of our fields while libcsv, having
 *    parsed a quoted field of it, is in FIELD_NOT_BEGUN, its state is
 *    set back to ROW_NOT_BEGUN (pstate 0, a public member of struct
 *    csv_parser): the state it would be in had it parsed the record.
 * Line numbers: a line taken here starts its records on c->line, as in
 * feed_piece(); a record left open (a quoted field holding a newline)
 * continues through feed_piece(), which keeps its start line.
 * tests/unit/check_csvfast.c and tests/fuzz/fuzz_csvdiff.c compare both
 * paths on the same bytes: fields, record boundaries, lines, errors.
 *
 * Returns SALES_EOF when no line was taken (feed libcsv instead), else
 * SALES_OK or a fatal status.
 */
static int
fast_lines(struct sales_csv *c)
{
	const char *p, *nl;
	size_t n;
	int rc, took = 0;

	/*
	 * Until a record is queued, as feed() does: a line that fails must
	 * not take with it the records of the lines before.
	 */
	while (c->buf_pos < c->buf_len && c->parser.pstate == 0 &&
	    c->qhead == c->qlen) {
		p = c->buf + c->buf_pos;
		if ((nl = memchr(p, '\n', c->buf_len - c->buf_pos)) == NULL)
			break;
		n = (size_t)(nl - p) + 1;
		if (n >= c->fast_len)
			break;
		c->open.line = c->line;
		/*
		 * Room for the copy of the line, and for what libcsv may
		 * deliver from it (as in feed_piece()); at most one field a
		 * byte in all.
		 */
		if ((c->fields_cap - c->nfields < n + 1 ||
		    c->arena_cap - c->arena_len < c->csv_size + 3 * n + 1) &&
		    reserve(c, n + 1, c->csv_size + 3 * n + 1) != 0)
			return fatal(c, SALES_ENOMEM, "%s: out of memory",
			    c->name);
		if ((rc = split_line(c, p, nl)) != SALES_OK)
			return rc;
		c->buf_pos += n;
		c->line++;
		took = 1;
	}
	return took ? SALES_OK : SALES_EOF;
}

/* Splits the line p..nl (nl is its LF) as fast_lines() describes. */
static int
split_line(struct sales_csv *c, const char *p, const char *nl)
{
	size_t n = (size_t)(nl - p) + 1;
	char *copy = c->arena + c->arena_len;
	const char *s = p, *t, *q;
	int rc, lib = 0;	/* libcsv is in FIELD_NOT_BEGUN */

	memcpy(copy, p, n);
	c->arena_len += n;
	for (;;) {
		if (c->nfields == c->rec_first) {
			while (*s == '\r')
				s++;
			if (s == nl)
				return SALES_OK;
		}
		if (*s == '"') {
			for (q = s + 1; (q = memchr(q, '"',
			    (size_t)(nl - q))) != NULL && q[1] == '"'; q += 2)
				;
			if (q == NULL)
				return lib_parse(c, s, (size_t)(nl - s) + 1);
			rc = lib_parse(c, s, (size_t)(q - s) + 2);
			if (rc != SALES_OK)
				return rc;
			s = q + 2;
			if (c->parser.pstate == 1) {
				lib = 1;
				continue;
			}
			if (c->parser.pstate != 0)
				return lib_parse(c, s, (size_t)(nl - s) + 1);
			lib = 0;
			if (s > nl)
				return SALES_OK;
			continue;
		}
		t = next_special(s, c->delim);
		if (*t == '"')
			return lib_parse(c, s, (size_t)(nl - s) + 1);
		copy[t - p] = '\0';
		c->fields[c->nfields] = copy + (s - p);
		c->lens[c->nfields] = (size_t)(t - s);
		c->nfields++;
		s = t + 1;
		if ((unsigned char)*t == c->delim)
			continue;
		/*
		 * A CR or LF ends the record.  If libcsv parsed a field of
		 * it, it is in FIELD_NOT_BEGUN with entry_pos, quoted and
		 * spaces 0 (SUBMIT_FIELD in libcsv.c); ending the record,
		 * SUBMIT_ROW, would only set pstate to ROW_NOT_BEGUN.  So
		 * that is done here: an LF fed with no callbacks would do
		 * the same at the cost of a csv_parse() call.
		 */
		if (lib) {
			c->parser.pstate = 0;
			lib = 0;
		}
		on_record(*t, c);
		if (c->cb_status != 0)
			return fatal(c, c->cb_status, "%s: out of memory",
			    c->name);
		if (s > nl)
			return SALES_OK;
	}
}

/* Feeds libcsv s[0..n) from split_line(). */
static int
lib_parse(struct sales_csv *c, const char *s, size_t n)
{
	if (csv_parse(&c->parser, s, n, on_field, on_record, c) != n)
		return parse_failed(c);
	if (c->cb_status != 0)
		return fatal(c, c->cb_status, "%s: out of memory", c->name);
	c->csv_size = csv_get_buffer_size(&c->parser);
	return SALES_OK;
}

/*
 * The first byte at or after s that is the delimiter, a double quote, CR
 * or LF.  The caller knows there is an LF ahead in the chunk; the SSE2
 * loop reads 16 bytes at a time and so up to 15 past it, which the PAD
 * zeroed bytes after the chunk cover (a zero byte is none of the four).
 */
static const char *
next_special(const char *s, unsigned char delim)
{
#ifdef __SSE2__
	const __m128i d = _mm_set1_epi8((char)delim);
	const __m128i qt = _mm_set1_epi8('"');
	const __m128i cr = _mm_set1_epi8('\r');
	const __m128i lf = _mm_set1_epi8('\n');
	__m128i v, m;
	unsigned bits;

	for (;; s += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)s);
		m = _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, qt)),
		    _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
		if ((bits = (unsigned)_mm_movemask_epi8(m)) != 0)
			return s + __builtin_ctz(bits);
	}
#else
	unsigned char ch;

	for (;; s++) {
		ch = (unsigned char)*s;
		if (ch == delim || ch == '"' || ch == '\r' || ch == '\n')
			return s;
	}
#endif
}

static int
parse_failed(struct sales_csv *c)
{
	if (c->cb_status != 0)
		return fatal(c, c->cb_status, "%s: out of memory", c->name);
	switch (csv_error(&c->parser)) {
	case CSV_ENOMEM:
		return fatal(c, SALES_ENOMEM, "%s: out of memory", c->name);
	case CSV_ETOOBIG:
		return fatal(c, SALES_EPARSE, "%s:%" PRIu64
		    ": field too large", c->name, c->line);
	default:
		return fatal(c, SALES_EPARSE, "%s:%" PRIu64 ": malformed "
		    "quoting (a quote inside an unquoted field, or text after "
		    "a closing quote)", c->name, c->line);
	}
}

/*
 * At the end of the input: csv_fini delivers a last record that has no
 * final newline, and (CSV_STRICT_FINI) fails on an open quote.
 */
static int
finish(struct sales_csv *c)
{
	c->done = 1;
	/* Room for a last field, as in feed_piece(). */
	if (reserve(c, 1, c->csv_size + 1) != 0)
		return fatal(c, SALES_ENOMEM, "%s: out of memory", c->name);
	if (csv_fini(&c->parser, on_field, on_record, c) != 0)
		return fatal(c, SALES_EPARSE,
		    "%s:%" PRIu64 ": unterminated quoted field", c->name,
		    unterminated_line(c));
	free_parser(c);
	if (c->cb_status != 0)
		return fatal(c, c->cb_status, "%s: out of memory", c->name);
	return SALES_OK;
}

/* The line where the record with the open quote started. */
static uint64_t
unterminated_line(const struct sales_csv *c)
{
	return c->open.line;
}

/*
 * Called when the queue is empty: the arena and the arrays start over,
 * keeping only the fields of a record still being built.
 */
static void
compact(struct sales_csv *c)
{
	size_t n = c->nfields - c->rec_first, i;
	char *base;

	if (n == 0) {
		c->arena_len = 0;
	} else if (c->rec_first != 0) {
		base = c->fields[c->rec_first];
		c->arena_len -= (size_t)(base - c->arena);
		memmove(c->arena, base, c->arena_len);
		for (i = 0; i < n; i++) {
			c->fields[i] = c->arena +
			    (c->fields[c->rec_first + i] - base);
			c->lens[i] = c->lens[c->rec_first + i];
		}
	}
	c->nfields = n;
	c->rec_first = 0;
	c->qhead = c->qlen = 0;
}

static int
next_record(struct sales_csv *c, const struct rec **r)
{
	int rc;

	if (c->qhead == c->qlen) {
		compact(c);
		if ((rc = feed(c)) != SALES_OK)
			return rc;
	}
	*r = &c->queue[c->qhead++];
	return SALES_OK;
}

/*
 * Reads the first record and copies it out of the arena, which is
 * reused, into storage of its own that lives until close.
 */
static int
read_header(struct sales_csv *c)
{
	const struct rec *r;
	size_t n;
	int rc;

	if ((rc = next_record(c, &r)) == SALES_EOF)
		return fatal(c, SALES_EPARSE,
		    "%s: empty file, expected a header row", c->name);
	if (rc != SALES_OK)
		return rc;
	if (r->fault != FAULT_NONE)
		return fault_error(c, SALES_EPARSE, r);
	n = r->nfields;
	/* libcsv never delivers a record without a field. */
	if (n == 0)
		return fatal(c, SALES_EPARSE, "%s: empty header row", c->name);
	if (copy_header(c, c->fields + r->first, c->lens + r->first, n) != 0)
		return fatal(c, SALES_ENOMEM, "%s: out of memory", c->name);
	c->hdr.line = r->line;
	return SALES_OK;
}

/*
 * Copies a header row into storage of its own.  fields[i] are laid out
 * one after the other with their NULs, as in the arena, or not: each is
 * copied by itself.  Returns 0, or -1 when out of memory.
 */
static int
copy_header(struct sales_csv *c, char *const *fields, const size_t *lens,
    size_t n)
{
	size_t i, bytes = 0;
	char *text;

	for (i = 0; i < n; i++)
		bytes += lens[i] + 1;
	c->hdr.fields = malloc(n * sizeof(*c->hdr.fields));
	c->hdr.lens = malloc(n * sizeof(*c->hdr.lens));
	text = malloc(bytes);
	if (c->hdr.fields == NULL || c->hdr.lens == NULL || text == NULL) {
		free(text);
		free(c->hdr.fields);
		free(c->hdr.lens);
		c->hdr.fields = NULL;
		c->hdr.lens = NULL;
		return -1;
	}
	for (i = 0; i < n; i++) {
		memcpy(text, fields[i], lens[i]);
		text[lens[i]] = '\0';
		c->hdr.fields[i] = text;
		c->hdr.lens[i] = lens[i];
		text += lens[i] + 1;
	}
	c->hdr.nfields = n;
	c->have_header = 1;
	return 0;
}

/*
 * The checks for a row that failed the quick test in sales_csv_next():
 * returns SALES_EOF when the row is skipped, else what to return with it.
 */
static int
check_row(struct sales_csv *c, const struct rec *r)
{
	const struct sales_row *w = &c->row;

	/*
	 * A lone empty field in a wider file is how Salesforce writes a
	 * blank line (""): it is no row at all.
	 */
	if (w->nfields == 1 && w->lens[0] == 0 && c->hdr.nfields > 1) {
		c->skipped++;
		return SALES_EOF;
	}
	if (c->footers && is_footer(w)) {
		c->in_footer = 1;
		c->skipped++;
		return SALES_EOF;
	}
	if (c->footers && c->in_footer) {
		if (!all_empty(w, 0))
			return set_error(c, SALES_EDATA, "%s:%" PRIu64
			    ": data after the report footer", c->name,
			    w->line);
		c->skipped++;
		return SALES_EOF;
	}
	if (r->fault != FAULT_NONE)
		return fault_error(c, SALES_EDATA, r);
	if (!(c->flags & SALES_CSV_RAGGED) && w->nfields != c->hdr.nfields)
		return set_error(c, SALES_EDATA, "%s:%" PRIu64
		    ": row has %zu field%s, header has %zu", c->name, w->line,
		    w->nfields, w->nfields == 1 ? "" : "s", c->hdr.nfields);
	return SALES_OK;
}

/* Reports a record's fault; fatal in the header, else SALES_EDATA. */
static int
fault_error(struct sales_csv *c, int status, const struct rec *r)
{
	if (r->fault == FAULT_NUL)
		set_error(c, status, "%s:%" PRIu64
		    ": field %zu contains a NUL byte", c->name, r->line,
		    r->fault_field);
	else
		set_error(c, status, "%s:%" PRIu64 ": field %zu is %zu bytes, "
		    "over the limit of %zu (--max-field-size)", c->name,
		    r->line, r->fault_field, r->fault_len, c->max_field);
	return status == SALES_EDATA ? status : stop(c, status);
}

/*
 * A cheap first look for is_footer(): the first field is long enough and
 * starts with a blank or the first letter of a marker.
 */
static int
maybe_footer(const struct sales_row *w)
{
	int ch = (unsigned char)w->fields[0][0];

	/* The shortest marker is 13 bytes. */
	if (w->lens[0] < 13)
		return 0;
	ch = sales_lower(ch);
	return ch == 'g' || ch == 'c' || sales_blank_char(ch);
}

/*
 * A line of the footer Salesforce appends to report exports: its first
 * field names it and any other fields are empty.
 */
static int
is_footer(const struct sales_row *w)
{
	size_t n = w->lens[0];
	const char *s;

	if (!maybe_footer(w))
		return 0;
	s = sales_trim(w->fields[0], &n);
	if (!has_iprefix(s, n, "Grand Totals (") &&
	    !sales_ieq(s, n, "Confidential Information - Do Not Distribute") &&
	    !has_iprefix(s, n, "Copyright (c)") &&
	    !has_iprefix(s, n, "Generated By:"))
		return 0;
	return all_empty(w, 1);
}

/* Non-zero when the fields from the first'th on are all empty. */
static int
all_empty(const struct sales_row *w, size_t first)
{
	size_t i;

	for (i = first; i < w->nfields; i++)
		if (w->lens[i] != 0)
			return 0;
	return 1;
}

/* Case-insensitive (ASCII): does s[0..len) start with prefix? */
static int
has_iprefix(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && sales_ieq(s, n, prefix);
}

/*
 * The hard limit on libcsv's field buffer: twice max_field plus some
 * slack.  A field over max_field but under this is a bad row the file
 * can go on after (SALES_EDATA); a field past it ends the input
 * (SALES_EPARSE), as it is most likely an unclosed quote.  Checked after
 * each line or chunk fed, so memory stays under it plus one chunk.
 */
static size_t
field_limit(size_t max_field)
{
	if (max_field > (SIZE_MAX - LIMIT_SLACK) / 2)
		return SIZE_MAX;
	return max_field * 2 + LIMIT_SLACK;
}
