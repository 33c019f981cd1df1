/*
 * visit.c - the executive visits log (validation, the row format, a safe
 * append under flock(2), repair of a torn tail) and top-account coverage
 * (name matching, ranking, last visit, status, per-executive counts).
 *
 * Why one row per line: a crash can only ever tear the last line, and a
 * torn line is then simply the bytes after the last LF, which a reader
 * can set aside without guessing where a quoted field ends.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sales_int.h"

#define HDR_LINE	SALES_VISIT_HEADER "\n"
#define HDR_LEN		(sizeof(HDR_LINE) - 1)

static const char *const visit_columns[SALES_VISIT_NCOLUMNS] = {
	"date", "executive", "title", "account", "kind", "note"
};

static const struct sales_alias visit_aliases[] = {
	{ SALES_VISIT_DATE, 1, "Visit Date" },
	{ SALES_VISIT_DATE, 2, "Meeting Date" },
	{ SALES_VISIT_EXECUTIVE, 1, "Executive Name" },
	{ SALES_VISIT_EXECUTIVE, 2, "Visitor" },
	{ SALES_VISIT_TITLE, 1, "Job Title" },
	{ SALES_VISIT_ACCOUNT, 1, "Account Name" },
	{ SALES_VISIT_ACCOUNT, 2, "Company" },
	{ SALES_VISIT_ACCOUNT, 2, "Customer" },
	{ SALES_VISIT_KIND, 1, "Type" },
	{ SALES_VISIT_KIND, 1, "Visit Type" },
	{ SALES_VISIT_NOTE, 1, "Notes" },
	{ SALES_VISIT_NOTE, 2, "Comment" },
	{ SALES_VISIT_NOTE, 2, "Comments" }
};

const struct sales_schema sales_visit_schema = {
	visit_columns, SALES_VISIT_NCOLUMNS, visit_aliases,
	sizeof(visit_aliases) / sizeof(visit_aliases[0])
};

static const char *const kind_names[] = { "onsite", "virtual", "event" };

struct sales_visit_log {
	char		*data;
	size_t		 len;		/* bytes up to the last LF */
	uint64_t	 torn;		/* line of a torn tail, or 0 */
	FILE		*fp;
	struct sales_csv *csv;
	char		*name;
	const struct sales_row *row;
	char		 err[1024];
};

/* A table of normalised names -> index, by open addressing. */
struct names {
	char		**keys;
	size_t		  n;
	size_t		  cap;
	size_t		 *slots;	/* index + 1; 0 = empty */
	size_t		  nslots;
};

/*
 * The aggregate of the visits (see "Partial states" in sales_visit.h):
 * per account its last visit, per executive their counts, and per pair
 * of them the visits in the look-back; never the visits themselves.
 */
struct acct {
	struct sales_coverage_account pub;
	size_t		 nexecs;	/* distinct in the look-back */
	uint64_t	 order;		/* order key of the last visit */
	size_t		 last_e;	/* executive of the last visit */
};

struct exec {
	struct sales_coverage_exec pub;
	int32_t		 title_date;
	uint64_t	 title_at;	/* order key of the title's visit */
	uint64_t	 name_at;	/* ... of the name's spelling */
	unsigned char	*top;		/* one flag per top account */
	uint64_t	*months;	/* visits per month of the look-back */
};

struct unknown {
	struct sales_coverage_unknown pub;
	uint64_t	 at;		/* order key of the first visit */
};

/* Visits of one executive to one account in the look-back. */
struct pair {
	size_t		 exec;
	size_t		 acct;
	uint64_t	 n;
};

#define COV_LINE_MASK	(((uint64_t)1 << 40) - 1)

struct sales_coverage {
	struct sales_coverage_options	 o;
	struct sales_arena		 arena;
	struct names			 acct_names;
	struct acct			*accts;
	struct names			 exec_names;
	struct exec			*execs;
	int				 listed;	/* --execs given */
	struct names			 unk_names;
	struct unknown			*unks;
	struct pair			*pairs;
	size_t				 npairs;
	size_t				 cpairs;
	size_t				*pslots;	/* index + 1 */
	size_t				 npslots;
	uint64_t			 seq;		/* input << 40 */
	uint64_t			 nadded;	/* visits to accounts */
	size_t				*order;		/* by rank */
	size_t				 ntop;
	size_t				*exec_order;	/* by name */
	size_t				*unk_order;	/* by first visit */
	int				 permille;
	int				 failing;
};

static int	 quote_needed(const char *);
static int	 buf_put(struct sales_visit_buf *, const char *, size_t);
static int	 buf_field(struct sales_visit_buf *, const char *);
static int	 check_text(const char *, const char *, int, char *, size_t);
static int	 read_all(int, size_t, char **);
static long	 names_find(const struct names *, const char *);
static long	 names_add(struct names *, char *);
static void	 names_fini(struct names *);
static int	 grow(void **, size_t *, size_t, size_t);
static int	 rank_cmp(const void *, const void *);
static int	 exec_cmp(const void *, const void *);
static const struct sales_coverage *sort_ctx;

int
sales_visit_kind_parse(const char *s, size_t len, int *kind)
{
	size_t i;

	s = sales_trim(s, &len);
	for (i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
		if (sales_ieq(s, len, kind_names[i])) {
			*kind = (int)i;
			return SALES_OK;
		}
	}
	return SALES_EDATA;
}

const char *
sales_visit_kind_name(int kind)
{
	if (kind < 0 || kind > SALES_VISIT_EVENT)
		return "";
	return kind_names[kind];
}

/*
 * Control characters would break the one-row-per-line rule (CR, LF) or
 * hide in a terminal (the rest); a tab is allowed.
 */
static int
check_text(const char *col, const char *s, int required, char *err,
    size_t errsz)
{
	const unsigned char *p;
	size_t len = s != NULL ? strlen(s) : 0;

	if (required && sales_blank(s != NULL ? s : "", len)) {
		sales_fmt(err, errsz, "column \"%s\" is empty", col);
		return SALES_EDATA;
	}
	for (p = (const unsigned char *)s; p != NULL && *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
			sales_fmt(err, errsz, "column \"%s\" holds a control "
			    "character (0x%02x); a visit is one line", col, *p);
			return SALES_EDATA;
		}
	}
	return SALES_OK;
}

int
sales_visit_check(const struct sales_visit *v, int32_t today,
    int allow_future, char *err, size_t errsz)
{
	char d1[SALES_DATE_BUFSZ], d2[SALES_DATE_BUFSZ];
	int rc;

	if (v->date == SALES_DATE_NONE) {
		sales_fmt(err, errsz, "column \"date\" is empty");
		return SALES_EDATA;
	}
	if (!allow_future && v->date > today) {
		sales_fmt(err, errsz, "column \"date\": %s is in the future "
		    "(today is %s; --allow-future accepts it)",
		    sales_date_format(v->date, d1), sales_date_format(today, d2));
		return SALES_EDATA;
	}
	if ((rc = check_text("executive", v->executive, 1, err, errsz)) ||
	    (rc = check_text("account", v->account, 1, err, errsz)) ||
	    (rc = check_text("title", v->title, 0, err, errsz)) ||
	    (rc = check_text("note", v->note, 0, err, errsz)))
		return rc;
	if (v->kind < SALES_VISIT_ONSITE || v->kind > SALES_VISIT_EVENT) {
		sales_fmt(err, errsz, "column \"kind\" is not onsite, virtual "
		    "or event");
		return SALES_EDATA;
	}
	return SALES_OK;
}

int
sales_visit_from_row(const struct sales_row *r, const int *idx,
    enum sales_date_order order, int32_t today, int allow_future,
    struct sales_visit *v, char *err, size_t errsz)
{
	int k = idx[SALES_VISIT_KIND];
	const char *why;

	memset(v, 0, sizeof(*v));
	v->kind = SALES_VISIT_ONSITE;
	v->line = r->line;
	v->executive = r->fields[idx[SALES_VISIT_EXECUTIVE]];
	v->account = r->fields[idx[SALES_VISIT_ACCOUNT]];
	v->title = idx[SALES_VISIT_TITLE] >= 0 ?
	    r->fields[idx[SALES_VISIT_TITLE]] : "";
	v->note = idx[SALES_VISIT_NOTE] >= 0 ?
	    r->fields[idx[SALES_VISIT_NOTE]] : "";
	if (sales_date_parse(r->fields[idx[SALES_VISIT_DATE]],
	    r->lens[idx[SALES_VISIT_DATE]], order, &v->date, &why) !=
	    SALES_OK) {
		sales_fmt(err, errsz, "column \"date\": \"%s\" %s",
		    r->fields[idx[SALES_VISIT_DATE]], why);
		return SALES_EDATA;
	}
	if (k >= 0 && !sales_blank(r->fields[k], r->lens[k]) &&
	    sales_visit_kind_parse(r->fields[k], r->lens[k], &v->kind) !=
	    SALES_OK) {
		sales_fmt(err, errsz, "column \"kind\": \"%s\" is not onsite, "
		    "virtual or event", r->fields[k]);
		return SALES_EDATA;
	}
	return sales_visit_check(v, today, allow_future, err, errsz);
}

/* As the table writer: quote for the delimiter, a quote, edge blanks. */
static int
quote_needed(const char *s)
{
	size_t len = strlen(s);

	if (len == 0)
		return 0;
	if (sales_blank_char((unsigned char)s[0]) ||
	    sales_blank_char((unsigned char)s[len - 1]))
		return 1;
	return strpbrk(s, ",\"") != NULL;
}

static int
buf_put(struct sales_visit_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap == 0 ? 256 : b->cap;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((p = realloc(b->data, cap)) == NULL)
			return SALES_ENOMEM;
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return SALES_OK;
}

static int
buf_field(struct sales_visit_buf *b, const char *s)
{
	const char *q;

	if (s == NULL)
		s = "";
	if (!quote_needed(s))
		return buf_put(b, s, strlen(s));
	if (buf_put(b, "\"", 1) != SALES_OK)
		return SALES_ENOMEM;
	while ((q = strchr(s, '"')) != NULL) {
		if (buf_put(b, s, (size_t)(q - s) + 1) != SALES_OK ||
		    buf_put(b, "\"", 1) != SALES_OK)
			return SALES_ENOMEM;
		s = q + 1;
	}
	if (buf_put(b, s, strlen(s)) != SALES_OK)
		return SALES_ENOMEM;
	return buf_put(b, "\"", 1);
}

int
sales_visit_format(struct sales_visit_buf *b, const struct sales_visit *v)
{
	char d[SALES_DATE_BUFSZ];
	const char *f[6];
	size_t i;

	f[0] = sales_date_format(v->date, d);
	f[1] = v->executive;
	f[2] = v->title;
	f[3] = v->account;
	f[4] = sales_visit_kind_name(v->kind);
	f[5] = v->note;
	for (i = 0; i < 6; i++) {
		if ((i > 0 && buf_put(b, ",", 1) != SALES_OK) ||
		    buf_field(b, f[i]) != SALES_OK)
			return SALES_ENOMEM;
	}
	return buf_put(b, "\n", 1);
}

void
sales_visit_buf_fini(struct sales_visit_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* Reads size bytes from the start of fd into a new buffer. */
static int
read_all(int fd, size_t size, char **out)
{
	size_t got = 0;
	ssize_t n;
	char *p;

	if ((p = malloc(size + 1)) == NULL)
		return SALES_ENOMEM;
	while (got < size) {
		n = pread(fd, p + got, size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			free(p);
			return SALES_EIO;
		}
		got += (size_t)n;
	}
	p[size] = '\0';
	*out = p;
	return SALES_OK;
}

static int
lock(int fd)
{
	while (flock(fd, LOCK_EX) != 0) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}

int
sales_visit_append(const char *path, const char *rows, size_t len,
    char *err, size_t errsz)
{
	char head[HDR_LEN], last, *buf = NULL;
	const char *what = NULL;
	struct stat st;
	size_t total;
	ssize_t n;
	int fd, rc = SALES_EIO, e;

	/* A log made read-only on purpose stays so, even for root. */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 0222) == 0) {
		sales_fmt(err, errsz, "%s: %s (the log is read-only)", path,
		    strerror(EACCES));
		return SALES_EIO;
	}
	if ((fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC,
	    0666)) < 0) {
		sales_fmt(err, errsz, "%s: %s", path, strerror(errno));
		return SALES_EIO;
	}
	if (lock(fd) != 0 || fstat(fd, &st) != 0) {
		what = "lock";
		goto fail;
	}
	if (st.st_size > 0) {
		/* Checked under the lock: another writer may have crashed. */
		if ((size_t)st.st_size < HDR_LEN ||
		    pread(fd, head, HDR_LEN, 0) != (ssize_t)HDR_LEN ||
		    memcmp(head, HDR_LINE, HDR_LEN) != 0) {
			sales_fmt(err, errsz, "%s:1: not a visits log: the "
			    "first line is not \"%s\" (name another log, or "
			    "move this file away and start a new one)", path,
			    SALES_VISIT_HEADER);
			rc = SALES_EPARSE;
			goto out;
		}
		if (pread(fd, &last, 1, st.st_size - 1) != 1) {
			what = "read";
			goto fail;
		}
		if (last != '\n') {
			sales_fmt(err, errsz, "%s: the last line is torn (no "
			    "line end; a writer crashed or the disk filled)",
			    path);
			rc = SALES_EDATA;
			goto out;
		}
	}
	total = len + (st.st_size == 0 ? HDR_LEN : 0);
	if ((buf = malloc(total == 0 ? 1 : total)) == NULL) {
		rc = SALES_ENOMEM;
		sales_fmt(err, errsz, "out of memory");
		goto out;
	}
	if (st.st_size == 0)
		memcpy(buf, HDR_LINE, HDR_LEN);
	memcpy(buf + total - len, rows, len);
	/* One write: every row reaches the file whole, or none does. */
	do
		n = write(fd, buf, total);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)total) {
		e = n < 0 ? errno : ENOSPC;
		/* Take back a partial row; if even that fails, lint sees
		 * the torn line and --repair moves it aside. */
		if (n > 0 && ftruncate(fd, st.st_size) != 0)
			e = errno;
		errno = e;
		what = "write";
		goto fail;
	}
	if (fsync(fd) != 0) {
		e = errno;
		/* As above: a row that may not be on disk is taken back. */
		if (ftruncate(fd, st.st_size) != 0)
			e = errno;
		errno = e;
		what = "fsync";
		goto fail;
	}
	rc = SALES_OK;
	goto out;
fail:
	sales_fmt(err, errsz, "%s: %s: %s", path, what, strerror(errno));
	rc = SALES_EIO;
out:
	free(buf);
	if (close(fd) != 0 && rc == SALES_OK) {
		sales_fmt(err, errsz, "%s: %s", path, strerror(errno));
		rc = SALES_EIO;
	}
	return rc;
}

int
sales_visit_repair(const char *path, size_t *moved, char *err,
    size_t errsz)
{
	char *data = NULL, *rpath = NULL;
	const char *what = "read";
	struct stat st;
	size_t pos, tail;
	int fd, rfd = -1, rc = SALES_EIO;

	*moved = 0;
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0) {
		sales_fmt(err, errsz, "%s: %s", path, strerror(errno));
		return SALES_EIO;
	}
	if (lock(fd) != 0 || fstat(fd, &st) != 0) {
		what = "lock";
		goto fail;
	}
	if (st.st_size == 0) {
		rc = SALES_OK;
		goto out;
	}
	if (read_all(fd, (size_t)st.st_size, &data) != SALES_OK)
		goto fail;	/* rc = SALES_EIO there */
	for (pos = (size_t)st.st_size; pos > 0 && data[pos - 1] != '\n'; pos--)
		;
	tail = (size_t)st.st_size - pos;
	if (tail == 0) {
		rc = SALES_OK;
		goto out;
	}
	/* The tail goes to the rejects file first: no byte is ever lost. */
	if ((rpath = malloc(strlen(path) + 9)) == NULL) {
		sales_fmt(err, errsz, "out of memory");
		rc = SALES_ENOMEM;
		goto out;
	}
	sprintf(rpath, "%s.rejects", path);
	data[st.st_size] = '\n';
	if ((rfd = open(rpath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0666)) < 0 || write(rfd, data + pos, tail + 1) !=
	    (ssize_t)(tail + 1) || fsync(rfd) != 0) {
		sales_fmt(err, errsz, "%s: %s", rpath, strerror(errno));
		rc = SALES_EIO;
		goto out;
	}
	what = "truncate";
	if (ftruncate(fd, (off_t)pos) != 0 || fsync(fd) != 0)
		goto fail;
	*moved = tail;
	rc = SALES_OK;
	goto out;
fail:
	sales_fmt(err, errsz, "%s: %s: %s", path, what, strerror(errno));
	rc = SALES_EIO;
out:
	if (rfd >= 0)
		close(rfd);
	free(rpath);
	free(data);
	close(fd);
	return rc;
}

int
sales_visit_log_open(const char *path, const char *name,
    struct sales_visit_log **lp, char *err, size_t errsz)
{
	struct sales_visit_log *l;
	const struct sales_row *hdr;
	struct stat st;
	uint64_t lines = 0;
	size_t i;
	int fd, rc;

	*lp = NULL;
	if (name == NULL)
		name = path;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) != 0) {
		sales_fmt(err, errsz, "%s: %s", name, strerror(errno));
		if (fd >= 0)
			close(fd);
		return SALES_EIO;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (l->name = strdup(name)) == NULL) {
		free(l);
		close(fd);
		sales_fmt(err, errsz, "out of memory");
		return SALES_ENOMEM;
	}
	rc = read_all(fd, (size_t)st.st_size, &l->data);
	close(fd);
	if (rc != SALES_OK) {
		sales_fmt(err, errsz, "%s: %s", name, rc == SALES_ENOMEM ?
		    "out of memory" : strerror(errno));
		sales_visit_log_close(l);
		return rc;
	}
	for (i = (size_t)st.st_size; i > 0 && l->data[i - 1] != '\n'; i--)
		;
	l->len = i;
	if (i < (size_t)st.st_size) {
		for (i = 0; i < l->len; i++)
			lines += l->data[i] == '\n';
		l->torn = lines + 1;
	}
	if (l->len == 0) {
		/* Empty, or one torn line: nothing to read. */
		*lp = l;
		return SALES_OK;
	}
	if (l->len < HDR_LEN || memcmp(l->data, HDR_LINE, HDR_LEN) != 0) {
		sales_fmt(err, errsz, "%s:1: not a visits log: the first line "
		    "is not \"%s\" (name another log, or move this file away "
		    "and start a new one)", name, SALES_VISIT_HEADER);
		sales_visit_log_close(l);
		return SALES_EDATA;
	}
	if ((l->fp = fmemopen(l->data, l->len, "r")) == NULL ||
	    (l->csv = sales_csv_open(l->fp, name, NULL)) == NULL) {
		sales_fmt(err, errsz, "out of memory");
		sales_visit_log_close(l);
		return SALES_ENOMEM;
	}
	if ((rc = sales_csv_header(l->csv, &hdr)) != SALES_OK) {
		sales_fmt(err, errsz, "%s", sales_csv_error(l->csv));
		sales_visit_log_close(l);
		return rc;
	}
	*lp = l;
	return SALES_OK;
}

uint64_t
sales_visit_log_torn(const struct sales_visit_log *l)
{
	return l->torn;
}

/*
 * A visit from row r of log name: its date, kind and text checked as
 * sales_visit_check() does.  SALES_OK, or SALES_EDATA with the message
 * in err ("name:line: ...").
 */
static int
row_visit(const char *name, const struct sales_row *r, int32_t today,
    int allow_future, struct sales_visit *v, char *err, size_t errsz)
{
	const char *why;
	char msg[512];

	memset(v, 0, sizeof(*v));
	v->line = r->line;
	if (sales_date_parse(r->fields[0], r->lens[0], SALES_DATE_MDY,
	    &v->date, &why) != SALES_OK) {
		sales_fmt(err, errsz, "%s:%llu: column \"date\": \"%s\" %s",
		    name, (unsigned long long)r->line, r->fields[0], why);
		return SALES_EDATA;
	}
	if (sales_visit_kind_parse(r->fields[4], r->lens[4], &v->kind) !=
	    SALES_OK) {
		sales_fmt(err, errsz, "%s:%llu: column \"kind\": \"%s\" is not "
		    "onsite, virtual or event", name,
		    (unsigned long long)r->line, r->fields[4]);
		return SALES_EDATA;
	}
	v->executive = r->fields[1];
	v->title = r->fields[2];
	v->account = r->fields[3];
	v->note = r->fields[5];
	if (sales_visit_check(v, today, allow_future, msg, sizeof(msg)) !=
	    SALES_OK) {
		sales_fmt(err, errsz, "%s:%llu: %s", name,
		    (unsigned long long)r->line, msg);
		return SALES_EDATA;
	}
	return SALES_OK;
}

int
sales_visit_log_next(struct sales_visit_log *l, int32_t today,
    int allow_future, struct sales_visit *v)
{
	const struct sales_row *r;
	int rc;

	if (l->csv == NULL)
		return SALES_EOF;
	rc = sales_csv_next(l->csv, &r);
	if (rc == SALES_EOF)
		return rc;
	l->row = rc == SALES_OK || rc == SALES_EDATA ? r : NULL;
	if (rc != SALES_OK) {
		sales_fmt(l->err, sizeof(l->err), "%s",
		    sales_csv_error(l->csv));
		return rc;
	}
	return row_visit(l->name, r, today, allow_future, v, l->err,
	    sizeof(l->err));
}

const char *
sales_visit_log_error(const struct sales_visit_log *l)
{
	return l->err;
}

const struct sales_row *
sales_visit_log_row(const struct sales_visit_log *l,
    const struct sales_row **hdr)
{
	*hdr = NULL;
	if (l->csv == NULL || sales_csv_header(l->csv, hdr) != SALES_OK)
		*hdr = NULL;
	return l->row;
}

void
sales_visit_log_close(struct sales_visit_log *l)
{
	if (l == NULL)
		return;
	sales_csv_close(l->csv);
	if (l->fp != NULL)
		fclose(l->fp);
	free(l->data);
	free(l->name);
	free(l);
}

char *
sales_visit_key(const char *s, size_t len)
{
	size_t i, n = 0;
	int space = 0;
	char *k;

	s = sales_trim(s, &len);
	if ((k = malloc(len + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (sales_blank_char(c)) {
			space = 1;
			continue;
		}
		if (space)
			k[n++] = ' ';
		space = 0;
		k[n++] = (char)sales_lower(c);
	}
	k[n] = '\0';
	return k;
}

size_t
sales_visit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, *row, d;

	if (la == 0)
		return lb;
	if (lb == 0)
		return la;
	if ((row = malloc((lb + 1) * sizeof(*row))) == NULL)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best;

			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

/* Coverage. */

static long
names_find(const struct names *t, const char *key)
{
	size_t h, i;

	if (t->nslots == 0)
		return -1;
	h = (size_t)sales_hash(key, strlen(key), 0);
	for (i = h & (t->nslots - 1); t->slots[i] != 0;
	    i = (i + 1) & (t->nslots - 1))
		if (strcmp(t->keys[t->slots[i] - 1], key) == 0)
			return (long)(t->slots[i] - 1);
	return -1;
}

/* Adds key (taking ownership); returns its index, -1 out of memory. */
static long
names_add(struct names *t, char *key)
{
	size_t i, j;

	if (t->n + 1 > t->cap &&
	    grow((void **)&t->keys, &t->cap, t->n + 1, sizeof(*t->keys)) != 0)
		return -1;
	if ((t->n + 1) * 2 > t->nslots) {
		size_t ns = t->nslots == 0 ? 64 : t->nslots * 2, *s;

		if ((s = calloc(ns, sizeof(*s))) == NULL || t->keys == NULL) {
			free(s);
			return -1;
		}
		free(t->slots);
		t->slots = s;
		t->nslots = ns;
		for (j = 0; j < t->n; j++) {
			const char *k = t->keys[j] != NULL ? t->keys[j] : "";
			size_t h = (size_t)sales_hash(k, strlen(k), 0);

			for (i = h & (ns - 1); s[i] != 0; i = (i + 1) & (ns - 1))
				;
			s[i] = j + 1;
		}
	}
	for (i = (size_t)sales_hash(key, strlen(key), 0) & (t->nslots - 1);
	    t->slots[i] != 0; i = (i + 1) & (t->nslots - 1))
		;
	t->keys[t->n] = key;
	t->slots[i] = ++t->n;
	return (long)(t->n - 1);
}

static void
names_fini(struct names *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->slots);
}

/* Grows *p (of *cap elements of size) to hold at least need. */
static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap == 0 ? 16 : *cap;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if ((q = realloc(*p, n * size)) == NULL)
		return -1;
	memset((char *)q + *cap * size, 0, (n - *cap) * size);
	*p = q;
	*cap = n;
	return 0;
}

struct sales_coverage *
sales_coverage_new(const struct sales_coverage_options *o)
{
	struct sales_coverage *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->o = *o;
	return c;
}

int
sales_coverage_add_account(struct sales_coverage *c, const char *name,
    int64_t value)
{
	char *key = sales_visit_key(name, strlen(name));
	size_t cap;
	long i;

	if (key == NULL)
		return SALES_ENOMEM;
	if ((i = names_find(&c->acct_names, key)) >= 0) {
		free(key);
		c->accts[i].pub.value += value;
		return SALES_OK;
	}
	cap = c->acct_names.cap;
	if ((i = names_add(&c->acct_names, key)) < 0) {
		free(key);
		return SALES_ENOMEM;
	}
	if (c->acct_names.cap != cap) {
		size_t old = cap;
		struct acct *a = realloc(c->accts, c->acct_names.cap *
		    sizeof(*a));

		if (a == NULL)
			return SALES_ENOMEM;
		memset(a + old, 0, (c->acct_names.cap - old) * sizeof(*a));
		c->accts = a;
	}
	c->accts[i].pub.value = value;
	c->accts[i].pub.last = SALES_DATE_NONE;
	if ((c->accts[i].pub.name = sales_arena_strndup(&c->arena, name,
	    strlen(name))) == NULL)
		return SALES_ENOMEM;
	return SALES_OK;
}

/* The executive's index, added when new; -1 out of memory. */
static long
exec_index(struct sales_coverage *c, const char *name, int add)
{
	char *key = sales_visit_key(name, strlen(name));
	size_t cap;
	long i;

	if (key == NULL)
		return -1;
	if ((i = names_find(&c->exec_names, key)) >= 0 || !add) {
		free(key);
		return i < 0 ? -2 : i;
	}
	cap = c->exec_names.cap;
	if ((i = names_add(&c->exec_names, key)) < 0) {
		free(key);
		return -1;
	}
	if (c->exec_names.cap != cap) {
		struct exec *e = realloc(c->execs, c->exec_names.cap *
		    sizeof(*e));

		if (e == NULL)
			return -1;
		memset(e + cap, 0, (c->exec_names.cap - cap) * sizeof(*e));
		c->execs = e;
	}
	c->execs[i].title_date = SALES_DATE_NONE;
	if ((c->execs[i].pub.name = sales_arena_strndup(&c->arena, name,
	    strlen(name))) == NULL)
		return -1;
	c->execs[i].pub.title = "";
	return i;
}

int
sales_coverage_add_exec(struct sales_coverage *c, const char *name,
    const char *title)
{
	long e;

	c->listed = 1;
	if ((e = exec_index(c, name, 1)) == -1)
		return SALES_ENOMEM;
	if (title != NULL && *title != '\0' &&
	    c->execs[e].title_date == SALES_DATE_NONE &&
	    (c->execs[e].pub.title = sales_arena_strndup(&c->arena, title,
	    strlen(title))) == NULL)
		return SALES_ENOMEM;
	return SALES_OK;
}

/* Months from the look-back's first month to day's (0 based). */
static size_t
month_slot(const struct sales_coverage *c, int32_t day)
{
	int y0, m0, y, m, d;

	sales_date_to_ymd(c->o.as_of - c->o.look_back + 1, &y0, &m0, &d);
	sales_date_to_ymd(day, &y, &m, &d);
	return (size_t)((y * 12 + m) - (y0 * 12 + m0));
}

/*
 * Counts a visit of executive e in its month, so that --emit-metrics
 * can date visits by month (goal-score sums a goal's period).
 */
static int
count_month(struct sales_coverage *c, size_t e, int32_t day)
{
	struct exec *x = &c->execs[e];

	if (x->months == NULL && (x->months = calloc(month_slot(c,
	    c->o.as_of) + 1, sizeof(*x->months))) == NULL)
		return SALES_ENOMEM;
	x->months[month_slot(c, day)]++;
	return SALES_OK;
}

/* The pair (e, a), added with no visits when new; NULL out of memory. */
static struct pair *
pair_get(struct sales_coverage *c, size_t e, size_t a)
{
	size_t h, i, j, ns, *sl;

	if ((c->npairs + 1) * 2 > c->npslots) {
		ns = c->npslots == 0 ? 64 : c->npslots * 2;
		if ((sl = calloc(ns, sizeof(*sl))) == NULL)
			return NULL;
		for (j = 0; j < c->npairs; j++) {
			h = (size_t)((c->pairs[j].exec * 0x9e3779b97f4a7c15ULL) ^
			    (c->pairs[j].acct * 0xc2b2ae3d27d4eb4fULL));
			for (i = (h >> 7) & (ns - 1); sl[i] != 0;
			    i = (i + 1) & (ns - 1))
				;
			sl[i] = j + 1;
		}
		free(c->pslots);
		c->pslots = sl;
		c->npslots = ns;
	}
	h = (size_t)((e * 0x9e3779b97f4a7c15ULL) ^ (a * 0xc2b2ae3d27d4eb4fULL));
	for (i = (h >> 7) & (c->npslots - 1); c->pslots[i] != 0;
	    i = (i + 1) & (c->npslots - 1)) {
		struct pair *p = &c->pairs[c->pslots[i] - 1];

		if (p->exec == e && p->acct == a)
			return p;
	}
	if (grow((void **)&c->pairs, &c->cpairs, c->npairs + 1,
	    sizeof(*c->pairs)) != 0)
		return NULL;
	c->pairs[c->npairs].exec = e;
	c->pairs[c->npairs].acct = a;
	c->pairs[c->npairs].n = 0;
	c->pslots[i] = ++c->npairs;
	return &c->pairs[c->npairs - 1];
}

/* Account a's last visit, when (day, at) is later than the one it has. */
static int
last_visit(struct sales_coverage *c, struct acct *a, int32_t day,
    uint64_t at, size_t e, const char *title)
{
	if (a->pub.last != SALES_DATE_NONE && (day < a->pub.last ||
	    (day == a->pub.last && at <= a->order)))
		return SALES_OK;
	if ((a->pub.last_title = sales_arena_strndup(&c->arena, title,
	    strlen(title))) == NULL)
		return SALES_ENOMEM;
	a->pub.last = day;
	a->order = at;
	a->last_e = e;
	return SALES_OK;
}

/* Executive x's title, when (day, at) is later than the one it has. */
static int
exec_title(struct sales_coverage *c, struct exec *x, int32_t day,
    uint64_t at, const char *title)
{
	if (day < x->title_date || (day == x->title_date && at <= x->title_at))
		return SALES_OK;
	if ((x->pub.title = sales_arena_strndup(&c->arena, title,
	    strlen(title))) == NULL)
		return SALES_ENOMEM;
	x->title_date = day;
	x->title_at = at;
	return SALES_OK;
}

int
sales_coverage_add_visit(struct sales_coverage *c,
    const struct sales_visit *v)
{
	const char *title = v->title != NULL ? v->title : "";
	struct pair *p;
	char *key;
	long e, a;
	uint64_t at;
	int added;

	if (v->date > c->o.as_of)
		return SALES_OK;
	added = c->exec_names.n;
	if ((e = exec_index(c, v->executive, !c->listed)) == -1)
		return SALES_ENOMEM;
	if (e == -2)
		return SALES_OK;	/* not a listed senior leader */
	if ((size_t)added != c->exec_names.n)
		c->execs[e].name_at = c->seq | (v->line & COV_LINE_MASK);
	if ((key = sales_visit_key(v->account, strlen(v->account))) == NULL)
		return SALES_ENOMEM;
	a = names_find(&c->acct_names, key);
	if (a < 0) {
		long u = names_find(&c->unk_names, key);
		size_t cap = c->unk_names.cap;

		/* The executive still made the visit. */
		if (v->date > c->o.as_of - c->o.look_back) {
			c->execs[e].pub.visits++;
			if (count_month(c, (size_t)e, v->date) != SALES_OK) {
				free(key);
				return SALES_ENOMEM;
			}
		}
		if (u >= 0) {
			free(key);
			c->unks[u].pub.visits++;
			return SALES_OK;
		}
		if ((u = names_add(&c->unk_names, key)) < 0) {
			free(key);
			return SALES_ENOMEM;
		}
		if (c->unk_names.cap != cap) {
			struct unknown *n = realloc(c->unks,
			    c->unk_names.cap * sizeof(*n));

			if (n == NULL)
				return SALES_ENOMEM;
			c->unks = n;
		}
		memset(&c->unks[u], 0, sizeof(c->unks[u]));
		c->unks[u].pub.visits = 1;
		c->unks[u].pub.first_line = v->line;
		c->unks[u].at = c->seq | (v->line & COV_LINE_MASK);
		if ((c->unks[u].pub.name = sales_arena_strndup(&c->arena,
		    v->account, strlen(v->account))) == NULL)
			return SALES_ENOMEM;
		return SALES_OK;
	}
	free(key);
	/* Visits with no line (not from a log) are ordered as added. */
	c->nadded++;
	at = c->seq | ((v->line != 0 ? v->line : c->nadded) & COV_LINE_MASK);
	if (last_visit(c, &c->accts[a], v->date, at, (size_t)e, title) !=
	    SALES_OK ||
	    exec_title(c, &c->execs[e], v->date, at, title) != SALES_OK)
		return SALES_ENOMEM;
	if (v->date <= c->o.as_of - c->o.look_back)
		return SALES_OK;
	c->accts[a].pub.visits++;
	c->execs[e].pub.visits++;
	if (count_month(c, (size_t)e, v->date) != SALES_OK ||
	    (p = pair_get(c, (size_t)e, (size_t)a)) == NULL)
		return SALES_ENOMEM;
	p->n++;
	return SALES_OK;
}

/* Highest value first; ties by name (normalised), so output is stable. */
static int
rank_cmp(const void *x, const void *y)
{
	const struct sales_coverage *c = sort_ctx;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int64_t va = c->accts[a].pub.value, vb = c->accts[b].pub.value;

	if (va != vb)
		return va > vb ? -1 : 1;
	return strcmp(c->acct_names.keys[a], c->acct_names.keys[b]);
}

/* Unknown names in the order of their first visits. */
static int
unk_cmp(const void *x, const void *y)
{
	const struct sales_coverage *c = sort_ctx;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	uint64_t a = c->unks[i].at, b = c->unks[j].at;

	if (a != b)
		return a < b ? -1 : 1;
	return i < j ? -1 : i > j;
}

static int
exec_cmp(const void *x, const void *y)
{
	const struct sales_coverage *c = sort_ctx;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return strcmp(c->execs[a].pub.name, c->execs[b].pub.name);
}

int
sales_coverage_finish(struct sales_coverage *c)
{
	size_t n = c->acct_names.n, ne = c->exec_names.n, i, j, k, ok = 0;

	if ((c->order = malloc((n + 1) * sizeof(*c->order))) == NULL ||
	    (c->exec_order = malloc((ne + 1) * sizeof(*c->exec_order))) ==
	    NULL)
		return SALES_ENOMEM;
	for (i = 0; i < n; i++)
		c->order[i] = i;
	for (i = 0; i < ne; i++)
		c->exec_order[i] = i;
	if ((c->unk_order = malloc((c->unk_names.n + 1) *
	    sizeof(*c->unk_order))) == NULL)
		return SALES_ENOMEM;
	for (i = 0; i < c->unk_names.n; i++)
		c->unk_order[i] = i;
	sort_ctx = c;
	qsort(c->order, n, sizeof(*c->order), rank_cmp);
	qsort(c->exec_order, ne, sizeof(*c->exec_order), exec_cmp);
	qsort(c->unk_order, c->unk_names.n, sizeof(*c->unk_order), unk_cmp);
	c->ntop = c->o.top == 0 || c->o.top > n ? n : c->o.top;
	for (i = 0; i < n; i++)
		c->accts[c->order[i]].pub.rank = i + 1;
	for (i = 0; i < ne; i++)
		if ((c->execs[i].top = calloc(c->ntop + 1, 1)) == NULL)
			return SALES_ENOMEM;

	for (k = 0; k < c->npairs; k++) {
		struct pair *p = &c->pairs[k];
		struct acct *a = &c->accts[p->acct];
		struct exec *e = &c->execs[p->exec];
		size_t rank = a->pub.rank;

		a->nexecs++;
		if (rank <= c->ntop) {
			e->pub.top_visits += p->n;
			if (!e->top[rank - 1]) {
				e->top[rank - 1] = 1;
				e->pub.ntop++;
			}
		}
	}
	for (i = 0; i < n; i++) {
		struct acct *a = &c->accts[i];

		a->pub.execs = a->nexecs;
		if (a->pub.last != SALES_DATE_NONE)
			a->pub.last_exec = c->execs[a->last_e].pub.name;
		if (a->pub.last == SALES_DATE_NONE)
			a->pub.status = SALES_COVERAGE_NEVER;
		else if (c->o.as_of - a->pub.last > c->o.max_gap)
			a->pub.status = SALES_COVERAGE_OVERDUE;
		else
			a->pub.status = SALES_COVERAGE_OK;
		if (a->pub.rank <= c->ntop) {
			if (a->pub.status == SALES_COVERAGE_OK)
				ok++;
			else
				c->failing = 1;
		}
	}
	c->permille = c->ntop == 0 ? 0 : (int)((ok * 1000 + c->ntop / 2) /
	    c->ntop);
	/* Each executive's top accounts, in rank order. */
	for (i = 0; i < ne; i++) {
		struct exec *e = &c->execs[i];
		struct sales_visit_buf b = { NULL, 0, 0 };

		for (j = 0; j < c->ntop; j++) {
			const char *nm;

			if (!e->top[j])
				continue;
			nm = c->accts[c->order[j]].pub.name;
			if ((b.len > 0 && buf_put(&b, "; ", 2) != SALES_OK) ||
			    buf_put(&b, nm, strlen(nm)) != SALES_OK) {
				sales_visit_buf_fini(&b);
				return SALES_ENOMEM;
			}
		}
		e->pub.top_names = sales_arena_strndup(&c->arena,
		    b.data != NULL ? b.data : "", b.len);
		sales_visit_buf_fini(&b);
		if (e->pub.top_names == NULL)
			return SALES_ENOMEM;
	}
	/* The closest known account for each unknown name. */
	for (i = 0; i < c->unk_names.n; i++) {
		size_t best = (size_t)-1, d;

		/*
		 * A name that holds a known one, or is held by it ("Globex
		 * Corporation", "Globex"), is closer than any typo; among
		 * those the smaller length difference wins.  Otherwise the
		 * smallest edit distance, offset past the containment scores.
		 */
		for (j = 0; j < n; j++) {
			const char *u = c->unk_names.keys[i];
			const char *k = c->acct_names.keys[j];
			size_t lu = strlen(u), lk = strlen(k);

			if (strstr(u, k) != NULL || strstr(k, u) != NULL)
				d = lu > lk ? lu - lk : lk - lu;
			else
				d = 4096 + sales_visit_distance(u, k);
			if (d < best) {
				best = d;
				c->unks[i].pub.closest = c->accts[j].pub.name;
			}
		}
	}
	return SALES_OK;
}

size_t
sales_coverage_ntop(const struct sales_coverage *c)
{
	return c->ntop;
}

const struct sales_coverage_account *
sales_coverage_top(const struct sales_coverage *c, size_t i)
{
	return &c->accts[c->order[i]].pub;
}

size_t
sales_coverage_nexecs(const struct sales_coverage *c)
{
	return c->exec_names.n;
}

const struct sales_coverage_exec *
sales_coverage_exec(const struct sales_coverage *c, size_t i)
{
	return &c->execs[c->exec_order[i]].pub;
}

size_t
sales_coverage_nunknown(const struct sales_coverage *c)
{
	return c->unk_names.n;
}

const struct sales_coverage_unknown *
sales_coverage_unknown(const struct sales_coverage *c, size_t i)
{
	return &c->unks[c->unk_order[i]].pub;
}

int
sales_coverage_permille(const struct sales_coverage *c)
{
	return c->permille;
}

int
sales_coverage_failing(const struct sales_coverage *c)
{
	return c->failing;
}

static const char *
pct(int permille, char buf[16])
{
	return sales_fmt(buf, 16, "%d.%d", permille / 10, permille % 10);
}

static const char *
num(uint64_t v, char buf[24])
{
	return sales_fmt(buf, 24, "%llu", (unsigned long long)v);
}

int
sales_coverage_write(const struct sales_coverage *c, struct sales_out *o,
    const char *value_name, int summary)
{
	static const char *const status[] = { "ok", "overdue", "never" };
	static const enum sales_coltype types[10] = {
		SALES_COL_NUMBER, SALES_COL_TEXT, SALES_COL_NUMBER,
		SALES_COL_TEXT, SALES_COL_TEXT, SALES_COL_TEXT,
		SALES_COL_NUMBER, SALES_COL_NUMBER, SALES_COL_NUMBER,
		SALES_COL_TEXT
	};
	const char *names[10] = {
		"rank", "account", value_name, "last_visit", "last_visitor",
		"title", "days_since", "visits", "executives", "status"
	};
	char rank[24], money[SALES_MONEY_BUFSZ], date[SALES_DATE_BUFSZ];
	char days[24], visits[24], execs[24], p[16];
	const char *cells[10];
	uint64_t tv = 0;
	size_t i;
	int rc;

	if ((rc = sales_out_columns(o, 10, names, types)) != SALES_OK)
		return rc;
	for (i = 0; i < c->ntop; i++) {
		const struct sales_coverage_account *a = sales_coverage_top(c,
		    i);
		int never = a->last == SALES_DATE_NONE;

		cells[0] = num(a->rank, rank);
		cells[1] = a->name;
		cells[2] = sales_money_format(a->value, money);
		cells[3] = sales_date_format(a->last, date);
		cells[4] = never ? "" : a->last_exec;
		cells[5] = never ? "" : a->last_title;
		cells[6] = never ? "" : num((uint64_t)(c->o.as_of - a->last),
		    days);
		cells[7] = num(a->visits, visits);
		cells[8] = num(a->execs, execs);
		cells[9] = status[a->status];
		tv += a->visits;
		if ((rc = sales_out_row(o, cells)) != SALES_OK)
			return rc;
	}
	if (!summary)
		return SALES_OK;
	/* Distinct executives over all top accounts. */
	{
		size_t ne = 0, k;

		for (k = 0; k < c->exec_names.n; k++)
			ne += c->execs[k].pub.ntop > 0;
		for (i = 0; i < 10; i++)
			cells[i] = "";
		cells[1] = "Coverage";
		cells[7] = num(tv, visits);
		cells[8] = num(ne, execs);
		cells[9] = sales_fmt(p, sizeof(p), "%s%%",
		    pct(c->permille, rank));
	}
	return sales_out_row(o, cells);
}

int
sales_coverage_write_execs(const struct sales_coverage *c,
    struct sales_out *o)
{
	static const char *const names[6] = {
		"executive", "title", "visits", "top_account_visits",
		"top_accounts", "accounts"
	};
	static const enum sales_coltype types[6] = {
		SALES_COL_TEXT, SALES_COL_TEXT, SALES_COL_NUMBER,
		SALES_COL_NUMBER, SALES_COL_NUMBER, SALES_COL_TEXT
	};
	struct sales_visit_buf b = { NULL, 0, 0 };
	char v1[24], v2[24], v3[24];
	const char *cells[6];
	size_t i, never = 0;
	int rc;

	if ((rc = sales_out_columns(o, 6, names, types)) != SALES_OK)
		return rc;
	for (i = 0; i < c->exec_names.n; i++) {
		const struct sales_coverage_exec *e = sales_coverage_exec(c, i);

		cells[0] = e->name;
		cells[1] = e->title;
		cells[2] = num(e->visits, v1);
		cells[3] = num(e->top_visits, v2);
		cells[4] = num(e->ntop, v3);
		cells[5] = e->top_names;
		if ((rc = sales_out_row(o, cells)) != SALES_OK)
			return rc;
	}
	/* Top accounts nobody visited in the look-back. */
	for (i = 0; i < c->ntop; i++) {
		const struct acct *a = &c->accts[c->order[i]];

		if (a->nexecs > 0)
			continue;
		never++;
		if ((b.len > 0 && buf_put(&b, "; ", 2) != SALES_OK) ||
		    buf_put(&b, a->pub.name, strlen(a->pub.name)) !=
		    SALES_OK) {
			sales_visit_buf_fini(&b);
			return SALES_ENOMEM;
		}
	}
	cells[0] = "(nobody)";
	cells[1] = "";
	cells[2] = "0";
	cells[3] = "0";
	cells[4] = num(never, v3);
	cells[5] = b.data != NULL ? b.data : "";
	rc = sales_out_row(o, cells);
	sales_visit_buf_fini(&b);
	return rc;
}

int
sales_coverage_write_metrics(const struct sales_coverage *c,
    struct sales_out *o)
{
	static const char *const names[4] = {
		"owner", "metric", "date", "value"
	};
	static const enum sales_coltype types[4] = {
		SALES_COL_TEXT, SALES_COL_TEXT, SALES_COL_TEXT,
		SALES_COL_NUMBER
	};
	char date[SALES_DATE_BUFSZ], v[24];
	const char *cells[4];
	size_t i, k, nm;
	int32_t from;
	int rc, y, m, d;

	if ((rc = sales_out_columns(o, 4, names, types)) != SALES_OK)
		return rc;
	/*
	 * Visits per executive and month, dated the month's first day (or
	 * the look-back's first day), so that goal-score, which sums the
	 * rows dated inside a goal's period, counts each visit once.  An
	 * executive with none gets one row of 0, dated as-of.
	 */
	cells[1] = "executive_visits";
	from = c->o.as_of - c->o.look_back + 1;
	nm = month_slot(c, c->o.as_of) + 1;
	for (i = 0; i < c->exec_names.n; i++) {
		const struct exec *x = &c->execs[c->exec_order[i]];

		cells[0] = x->pub.name;
		if (x->pub.visits == 0 || x->months == NULL) {
			cells[2] = sales_date_format(c->o.as_of, date);
			cells[3] = "0";
			if ((rc = sales_out_row(o, cells)) != SALES_OK)
				return rc;
			continue;
		}
		sales_date_to_ymd(from, &y, &m, &d);
		for (k = 0; k < nm; k++, m = m == 12 ? 1 : m + 1,
		    y += m == 1) {
			int32_t first = sales_date_from_ymd(y, m, 1);

			if (x->months[k] == 0)
				continue;
			cells[2] = sales_date_format(first < from ? from :
			    first, date);
			cells[3] = num(x->months[k], v);
			if ((rc = sales_out_row(o, cells)) != SALES_OK)
				return rc;
		}
	}
	cells[0] = "all";
	cells[2] = sales_date_format(c->o.as_of, date);
	cells[1] = "top_account_coverage";
	cells[3] = pct(c->permille, v);
	return sales_out_row(o, cells);
}

void
sales_coverage_free(struct sales_coverage *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->exec_names.n; i++) {
		free(c->execs[i].top);
		free(c->execs[i].months);
	}
	names_fini(&c->acct_names);
	names_fini(&c->exec_names);
	names_fini(&c->unk_names);
	free(c->accts);
	free(c->execs);
	free(c->unks);
	free(c->pairs);
	free(c->pslots);
	free(c->order);
	free(c->exec_order);
	free(c->unk_order);
	sales_arena_fini(&c->arena);
	free(c);
}

static const char *const acct_columns[] = { "account" };
static const struct sales_alias acct_aliases[] = {
	{ 0, 1, "Account Name" },
	{ 0, 2, "Company" },
	{ 0, 2, "Customer" },
	{ 0, 2, "Company Name" }
};
static const struct sales_schema acct_schema = {
	acct_columns, 1, acct_aliases,
	sizeof(acct_aliases) / sizeof(acct_aliases[0])
};

/* Header position of name (normalised as account keys, "_" as " "). */
static long
header_find(const struct sales_row *hdr, const char *name)
{
	char *want = sales_visit_key(name, strlen(name)), *k, *p;
	long found = -1;
	size_t i;

	if (want == NULL)
		return -2;
	for (p = want; *p != '\0'; p++)
		if (*p == '_')
			*p = ' ';
	for (i = 0; i < hdr->nfields && found < 0; i++) {
		if ((k = sales_visit_key(hdr->fields[i], hdr->lens[i])) ==
		    NULL) {
			found = -2;
			break;
		}
		for (p = k; *p != '\0'; p++)
			if (*p == '_')
				*p = ' ';
		if (strcmp(k, want) == 0)
			found = (long)i;
		free(k);
	}
	free(want);
	return found;
}

struct arow {
	char	*name;
	int64_t	 value;
	long	 horizon;
};

int
sales_coverage_read_accounts(struct sales_coverage *c,
    struct sales_csv *csv, const char *rank_by, long horizon,
    int money_flags, const struct sales_map *map, size_t nmap,
    char *value_name, size_t vsz, char *err, size_t errsz)
{
	static const char *const defaults[] = {
		"revenue", "arr", "expected", "weighted", "pipeline"
	};
	const struct sales_row *hdr, *r;
	struct arow *rows = NULL;
	size_t nrows = 0, crows = 0, i;
	long vcol = -1, hcol, maxh = -1;
	const char *why;
	char msg[512], *end;
	int idx, rc;

	if ((rc = sales_csv_header(csv, &hdr)) != SALES_OK) {
		sales_fmt(err, errsz, "%s", sales_csv_error(csv));
		return rc;
	}
	if (sales_schema_bind(&acct_schema, hdr, 1, map, nmap, &idx, msg,
	    sizeof(msg)) != SALES_OK) {
		sales_fmt(err, errsz, "%s: %s", sales_csv_name(csv), msg);
		return SALES_EDATA;
	}
	if (rank_by != NULL) {
		vcol = header_find(hdr, rank_by);
		if (vcol == -1) {
			sales_fmt(err, errsz, "%s: no column \"%s\" to rank "
			    "by", sales_csv_name(csv), rank_by);
			return SALES_EDATA;
		}
	} else {
		for (i = 0; i < 5 && vcol == -1; i++)
			vcol = header_find(hdr, defaults[i]);
		if (vcol == -1) {
			sales_fmt(err, errsz, "%s: no column to rank by "
			    "(looked for revenue, arr, expected, weighted, "
			    "pipeline; use --rank-by COLUMN)",
			    sales_csv_name(csv));
			return SALES_EDATA;
		}
	}
	if (vcol == -2 || (hcol = header_find(hdr, "horizon")) == -2)
		return SALES_ENOMEM;
	sales_fmt(value_name, vsz, "%.*s", (int)hdr->lens[vcol],
	    hdr->fields[vcol]);

	while ((rc = sales_csv_next(csv, &r)) != SALES_EOF) {
		struct arow *a;
		const char *f;
		size_t len;

		if (rc != SALES_OK) {
			sales_fmt(err, errsz, "%s", sales_csv_error(csv));
			goto fail;
		}
		len = r->lens[idx];
		f = sales_trim(r->fields[idx], &len);
		if (len == 0)
			continue;	/* a blank account ranks nothing */
		/* pipeline-forecast --total: the Total row is no account. */
		if (hcol >= 0 && len == 5 && memcmp(f, "Total", 5) == 0)
			continue;
		if (grow((void **)&rows, &crows, nrows + 1, sizeof(*rows)) !=
		    0) {
			rc = SALES_ENOMEM;
			goto fail;
		}
		a = &rows[nrows];
		a->horizon = -1;
		if (hcol >= 0) {
			a->horizon = strtol(r->fields[hcol], &end, 10);
			if (end == r->fields[hcol] || *end != '\0' ||
			    a->horizon < 0) {
				sales_fmt(err, errsz, "%s:%llu: column "
				    "\"horizon\": \"%s\" is not a number of "
				    "days", sales_csv_name(csv),
				    (unsigned long long)r->line,
				    r->fields[hcol]);
				rc = SALES_EDATA;
				goto fail;
			}
			if (a->horizon > maxh)
				maxh = a->horizon;
		}
		a->value = 0;
		if (!sales_blank(r->fields[vcol], r->lens[vcol]) &&
		    sales_money_parse(r->fields[vcol], r->lens[vcol],
		    money_flags, &a->value, &why) != SALES_OK) {
			sales_fmt(err, errsz, "%s:%llu: column \"%s\": \"%s\" "
			    "%s", sales_csv_name(csv),
			    (unsigned long long)r->line, value_name,
			    r->fields[vcol], why);
			rc = SALES_EDATA;
			goto fail;
		}
		if ((a->name = malloc(len + 1)) == NULL) {
			rc = SALES_ENOMEM;
			goto fail;
		}
		memcpy(a->name, f, len);
		a->name[len] = '\0';
		nrows++;
	}
	if (hcol >= 0 && horizon > 0) {
		for (i = 0; i < nrows && rows[i].horizon != horizon; i++)
			;
		if (i == nrows && nrows > 0) {
			sales_fmt(err, errsz, "%s: no rows with horizon %ld",
			    sales_csv_name(csv), horizon);
			rc = SALES_EDATA;
			goto fail;
		}
		maxh = horizon;
	}
	rc = SALES_OK;
	for (i = 0; i < nrows && rc == SALES_OK; i++)
		if (hcol < 0 || rows[i].horizon == maxh)
			rc = sales_coverage_add_account(c, rows[i].name,
			    rows[i].value);
	if (rc == SALES_ENOMEM)
		sales_fmt(err, errsz, "out of memory");
	goto out;
fail:
	if (rc == SALES_ENOMEM)
		sales_fmt(err, errsz, "out of memory");
out:
	for (i = 0; i < nrows; i++)
		free(rows[i].name);
	free(rows);
	return rc;
}

int
sales_coverage_read_execs(struct sales_coverage *c, struct sales_csv *csv,
    char *err, size_t errsz)
{
	const struct sales_row *hdr, *r;
	long col, tcol;
	int rc;

	if ((rc = sales_csv_header(csv, &hdr)) != SALES_OK) {
		sales_fmt(err, errsz, "%s", sales_csv_error(csv));
		return rc;
	}
	if ((col = header_find(hdr, "name")) == -1)
		col = header_find(hdr, "executive");
	if (col < 0) {
		sales_fmt(err, errsz, col == -1 ? "%s: missing column \"name\" "
		    "(or \"executive\")" : "out of memory",
		    sales_csv_name(csv));
		return col == -1 ? SALES_EDATA : SALES_ENOMEM;
	}
	if ((tcol = header_find(hdr, "title")) == -2)
		return SALES_ENOMEM;
	c->listed = 1;
	while ((rc = sales_csv_next(csv, &r)) != SALES_EOF) {
		if (rc != SALES_OK) {
			sales_fmt(err, errsz, "%s", sales_csv_error(csv));
			return rc;
		}
		if (sales_blank(r->fields[col], r->lens[col]))
			continue;
		if (sales_coverage_add_exec(c, r->fields[col], tcol >= 0 ?
		    r->fields[tcol] : NULL) != SALES_OK) {
			sales_fmt(err, errsz, "out of memory");
			return SALES_ENOMEM;
		}
	}
	return SALES_OK;
}

/* Partial states and their merge; see sales_visit.h. */

void
sales_coverage_set_seq(struct sales_coverage *c, unsigned seq)
{
	c->seq = (uint64_t)(seq & 0xffffff) << 40;
}

/* Executive name in dst, added with src's identity when new; -1 ENOMEM. */
static long
exec_copy(struct sales_coverage *dst, const struct exec *x)
{
	size_t n = dst->exec_names.n;
	struct exec *d;
	long e;

	if ((e = exec_index(dst, x->pub.name, 1)) < 0)
		return -1;
	d = &dst->execs[e];
	if (dst->exec_names.n != n) {
		d->name_at = x->name_at;
		d->title_date = x->title_date;
		d->title_at = x->title_at;
		if ((d->pub.title = sales_arena_strndup(&dst->arena,
		    x->pub.title, strlen(x->pub.title))) == NULL)
			return -1;
		return e;
	}
	/* Known: the spelling of the first visit, the latest title. */
	if (x->name_at < d->name_at) {
		if ((d->pub.name = sales_arena_strndup(&dst->arena,
		    x->pub.name, strlen(x->pub.name))) == NULL)
			return -1;
		d->name_at = x->name_at;
	}
	if (x->title_date != SALES_DATE_NONE &&
	    exec_title(dst, d, x->title_date, x->title_at, x->pub.title) !=
	    SALES_OK)
		return -1;
	return e;
}

struct sales_coverage *
sales_coverage_part_new(const struct sales_coverage *base)
{
	struct sales_coverage *c;
	size_t i;

	if ((c = sales_coverage_new(&base->o)) == NULL)
		return NULL;
	c->seq = base->seq;
	c->listed = base->listed;
	for (i = 0; i < base->acct_names.n; i++)
		if (sales_coverage_add_account(c, base->accts[i].pub.name,
		    base->accts[i].pub.value) != SALES_OK)
			goto fail;
	for (i = 0; i < base->exec_names.n; i++)
		if (exec_copy(c, &base->execs[i]) < 0)
			goto fail;
	return c;
fail:
	sales_coverage_free(c);
	return NULL;
}

int
sales_coverage_merge(struct sales_coverage *dst,
    const struct sales_coverage *src)
{
	const struct acct *sa;
	const struct exec *sx;
	struct pair *p;
	size_t i, k, nm, *emap, *amap;
	char *key;
	long e, a, u;
	int rc = SALES_ENOMEM;

	if (dst->o.as_of != src->o.as_of || dst->o.look_back !=
	    src->o.look_back || dst->order != NULL || src->order != NULL)
		return SALES_EUSAGE;
	emap = malloc((src->exec_names.n + 1) * sizeof(*emap));
	amap = malloc((src->acct_names.n + 1) * sizeof(*amap));
	if (emap == NULL || amap == NULL)
		goto out;
	nm = month_slot(dst, dst->o.as_of) + 1;
	for (i = 0; i < src->exec_names.n; i++) {
		sx = &src->execs[i];
		if ((e = exec_copy(dst, sx)) < 0)
			goto out;
		emap[i] = (size_t)e;
		dst->execs[e].pub.visits += sx->pub.visits;
		if (sx->months == NULL)
			continue;
		if (dst->execs[e].months == NULL &&
		    (dst->execs[e].months = calloc(nm,
		    sizeof(*dst->execs[e].months))) == NULL)
			goto out;
		for (k = 0; k < nm; k++)
			dst->execs[e].months[k] += sx->months[k];
	}
	for (i = 0; i < src->acct_names.n; i++) {
		sa = &src->accts[i];
		if ((a = names_find(&dst->acct_names,
		    src->acct_names.keys[i])) < 0) {
			/* Not in dst's accounts: added, with its value. */
			if (sales_coverage_add_account(dst, sa->pub.name,
			    sa->pub.value) != SALES_OK ||
			    (a = names_find(&dst->acct_names,
			    src->acct_names.keys[i])) < 0)
				goto out;
		}
		amap[i] = (size_t)a;
		dst->accts[a].pub.visits += sa->pub.visits;
		if (sa->pub.last != SALES_DATE_NONE &&
		    last_visit(dst, &dst->accts[a], sa->pub.last, sa->order,
		    emap[sa->last_e], sa->pub.last_title) != SALES_OK)
			goto out;
	}
	for (i = 0; i < src->npairs; i++) {
		if ((p = pair_get(dst, emap[src->pairs[i].exec],
		    amap[src->pairs[i].acct])) == NULL)
			goto out;
		p->n += src->pairs[i].n;
	}
	for (i = 0; i < src->unk_names.n; i++) {
		const struct unknown *su = &src->unks[i];
		size_t cap = dst->unk_names.cap;

		if ((u = names_find(&dst->unk_names,
		    src->unk_names.keys[i])) >= 0) {
			dst->unks[u].pub.visits += su->pub.visits;
			if (su->at < dst->unks[u].at) {
				if ((dst->unks[u].pub.name = sales_arena_strndup(
				    &dst->arena, su->pub.name,
				    strlen(su->pub.name))) == NULL)
					goto out;
				dst->unks[u].pub.first_line = su->pub.first_line;
				dst->unks[u].at = su->at;
			}
			continue;
		}
		if ((key = strdup(src->unk_names.keys[i])) == NULL)
			goto out;
		if ((u = names_add(&dst->unk_names, key)) < 0) {
			free(key);
			goto out;
		}
		if (dst->unk_names.cap != cap) {
			struct unknown *n = realloc(dst->unks,
			    dst->unk_names.cap * sizeof(*n));

			if (n == NULL)
				goto out;
			dst->unks = n;
		}
		memset(&dst->unks[u], 0, sizeof(dst->unks[u]));
		dst->unks[u].pub.visits = su->pub.visits;
		dst->unks[u].pub.first_line = su->pub.first_line;
		dst->unks[u].at = su->at;
		if ((dst->unks[u].pub.name = sales_arena_strndup(&dst->arena,
		    su->pub.name, strlen(su->pub.name))) == NULL)
			goto out;
	}
	dst->nadded += src->nadded;
	rc = SALES_OK;
out:
	free(emap);
	free(amap);
	return rc;
}

/* The visits log read in parallel: see sales_coverage_read_log_par(). */

#define MAX_BAD_PER_PART	10000

struct vpart {
	struct sales_coverage	*c;
	struct sales_badrows	 bad;
};

struct vjob {
	const struct sales_coverage	*base;
	const char			*name;
	int32_t				 today;
	int				 allow_future;
	struct vpart			*parts;
};

static int
read_log_part(struct sales_csv *csv, size_t i, void *arg)
{
	struct vjob *job = arg;
	struct vpart *p = &job->parts[i];
	const struct sales_row *r;
	struct sales_visit v;
	char err[1024];
	int rc;

	if ((p->c = sales_coverage_part_new(job->base)) == NULL)
		return SALES_ENOMEM;
	p->bad.max = MAX_BAD_PER_PART;
	while ((rc = sales_csv_next(csv, &r)) != SALES_EOF) {
		if (rc == SALES_EDATA)
			rc = sales_badrows_add(&p->bad, sales_csv_error(csv), r);
		else if (rc == SALES_OK && (rc = row_visit(job->name, r,
		    job->today, job->allow_future, &v, err, sizeof(err))) ==
		    SALES_EDATA)
			rc = sales_badrows_add(&p->bad, err, r);
		else if (rc == SALES_OK)
			rc = sales_coverage_add_visit(p->c, &v);
		if (rc != SALES_OK)
			return rc;
	}
	return SALES_OK;
}

/* The size of fd, or -1. */
static off_t
fd_size(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : -1;
}

int
sales_coverage_read_log_par(struct sales_coverage *c,
    const struct sales_visit_log *l, const char *path,
    const struct sales_par_options *po, int32_t today, int allow_future,
    struct sales_badrows *bad)
{
	struct vpart parts[SALES_PAR_MAX_JOBS];
	struct sales_coverage *sum = NULL;
	struct vjob job;
	size_t i, j, n = 0;
	int fd, rc;

	/* A torn or empty log, or one read already: read by one thread. */
	if (l->torn != 0 || l->csv == NULL || l->row != NULL)
		return SALES_EUSAGE;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return SALES_EUSAGE;
	/* The log as opened, no more: a writer may append meanwhile. */
	if (fd_size(fd) != (off_t)l->len) {
		close(fd);
		return SALES_EUSAGE;
	}
	memset(parts, 0, sizeof(parts));
	job.base = c;
	job.name = l->name;
	job.today = today;
	job.allow_future = allow_future;
	job.parts = parts;
	rc = sales_par_read(fd, l->name, NULL, po, read_log_part, &job, &n);
	if (rc == SALES_OK && fd_size(fd) != (off_t)l->len)
		rc = SALES_EUSAGE;
	close(fd);
	if (rc == SALES_OK && (sum = sales_coverage_part_new(c)) == NULL)
		rc = SALES_ENOMEM;
	for (i = 0; i < n && rc == SALES_OK; i++) {
		rc = sales_coverage_merge(sum, parts[i].c);
		for (j = 0; j < parts[i].bad.n && rc == SALES_OK; j++)
			rc = sales_badrows_add(bad, parts[i].bad.v[j].msg,
			    &parts[i].bad.v[j].row);
	}
	if (rc == SALES_OK)
		rc = sales_coverage_merge(c, sum);
	if (rc != SALES_OK)
		sales_badrows_clear(bad);
	sales_coverage_free(sum);
	for (i = 0; i < n; i++) {
		sales_coverage_free(parts[i].c);
		sales_badrows_clear(&parts[i].bad);
	}
	return rc;
}
