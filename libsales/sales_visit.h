/*
 * sales_visit.h - the executive visits log and top-account coverage.
 *
 * The log is a CSV file whose first line is exactly SALES_VISIT_HEADER
 * and whose every row is one line: date (ISO), executive, title, account,
 * kind (onsite, virtual, event), note.  Fields never hold CR or LF, so a
 * row is a line and a last line without its LF is a torn row (a writer
 * died mid-write, or the disk filled): it is refused by
 * sales_visit_append() and moved aside by sales_visit_repair().
 *
 * Account and executive names match after normalising: ASCII case
 * folded, leading and trailing blanks dropped, runs of spaces and tabs
 * read as one space ("ACME  corp " is "acme corp").
 *
 * Ownership: strings handed out are borrowed from the handle they came
 * from, valid until it is freed or closed.
 */
#ifndef SALES_VISIT_H
#define SALES_VISIT_H

#define SALES_VISIT_HEADER	"date,executive,title,account,kind,note"

enum sales_visit_kind {
	SALES_VISIT_ONSITE,
	SALES_VISIT_VIRTUAL,
	SALES_VISIT_EVENT
};

enum sales_visit_column {
	SALES_VISIT_DATE,
	SALES_VISIT_EXECUTIVE,
	SALES_VISIT_TITLE,
	SALES_VISIT_ACCOUNT,
	SALES_VISIT_KIND,
	SALES_VISIT_NOTE,
	SALES_VISIT_NCOLUMNS
};

/* The visits schema with aliases, for bulk import (add --from). */
extern const struct sales_schema sales_visit_schema;

/* One visit; strings borrowed from whoever filled it in. */
struct sales_visit {
	int32_t		 date;
	const char	*executive;
	const char	*title;
	const char	*account;
	int		 kind;		/* enum sales_visit_kind */
	const char	*note;
	uint64_t	 line;		/* in the log; 0 when not from one */
};

/*
 * Parses a kind (case-insensitive, blanks trimmed).  SALES_OK or
 * SALES_EDATA.  sales_visit_kind_name() gives the canonical spelling.
 */
int sales_visit_kind_parse(const char *s, size_t len, int *kind);
const char *sales_visit_kind_name(int kind);

/*
 * Validates v: a date (not after today unless allow_future), non-empty
 * executive and account, a known kind, no CR, LF or other control
 * character in any text field.  SALES_OK, or SALES_EDATA with a message
 * such as 'column "account" is empty' in err.
 */
int sales_visit_check(const struct sales_visit *v, int32_t today,
    int allow_future, char *err, size_t errsz);

/*
 * Fills v from a row of an import file whose header was bound to
 * sales_visit_schema (idx from sales_schema_bind; title, kind and note
 * may be -1; an empty kind is onsite), and validates it as
 * sales_visit_check() does.  Strings in v are borrowed from row.
 * SALES_OK, or SALES_EDATA with 'column "date": "2026-11-31" is not a
 * valid calendar date' (no position) in err.
 */
int sales_visit_from_row(const struct sales_row *row, const int *idx,
    enum sales_date_order order, int32_t today, int allow_future,
    struct sales_visit *v, char *err, size_t errsz);

/* A growing byte buffer for rows about to be appended. */
struct sales_visit_buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

/* Appends v as one CSV line (quoted where needed).  SALES_OK/ENOMEM. */
int sales_visit_format(struct sales_visit_buf *b, const struct sales_visit *v);
void sales_visit_buf_fini(struct sales_visit_buf *b);

/*
 * Appends rows[0..len) (whole lines) to the log at path: opens it with
 * O_APPEND (created with the header when missing or empty), takes an
 * exclusive flock(2), checks under the lock that the first line is the
 * header and that the file ends in LF, writes header and rows in one
 * write(2), fsync(2)s, and closes.  A log with no write permission bits
 * at all is treated as read-only, even for root.  On any failure the log
 * is left as it was (a short write is truncated back).
 * Returns SALES_OK; SALES_EIO (err: "path: strerror"); SALES_EDATA (err
 * says what is wrong with the log and how to repair it).
 */
int sales_visit_append(const char *path, const char *rows, size_t len,
    char *err, size_t errsz);

/*
 * Under the same lock, moves a torn last line (bytes after the last LF)
 * to "<path>.rejects" (appended, with an LF added, fsync'd) and then
 * truncates the log before it, so no byte is ever deleted.  *moved is
 * the number of bytes moved (0 when the log was whole).  Returns SALES_OK
 * or SALES_EIO with err set.
 */
int sales_visit_repair(const char *path, size_t *moved, char *err,
    size_t errsz);

/*
 * A log opened for reading: the whole file is read at open.
 * sales_visit_log_open() returns SALES_OK, SALES_EIO (err "path:
 * strerror"), SALES_ENOMEM, or SALES_EDATA when the header is not
 * SALES_VISIT_HEADER (err says so).  A torn tail is not an error here:
 * sales_visit_log_torn() gives its line (0 if none) and the rows before
 * it read normally.
 */
struct sales_visit_log;

int sales_visit_log_open(const char *path, const char *name,
    struct sales_visit_log **lp, char *err, size_t errsz);
uint64_t sales_visit_log_torn(const struct sales_visit_log *l);

/*
 * Next row into *v.  SALES_OK; SALES_EOF; SALES_EDATA for a bad row
 * (sales_visit_log_error(): "name:line: message"; call again); a fatal
 * CSV status.  today and allow_future as for sales_visit_check().
 */
int sales_visit_log_next(struct sales_visit_log *l, int32_t today,
    int allow_future, struct sales_visit *v);
const char *sales_visit_log_error(const struct sales_visit_log *l);

/*
 * The raw row last read and the log's header (borrowed, for --rejects);
 * NULL when there is none.
 */
const struct sales_row *sales_visit_log_row(const struct sales_visit_log *l,
    const struct sales_row **hdr);
void sales_visit_log_close(struct sales_visit_log *l);

/*
 * Normalised name key of s[0..len) into a new string (caller frees with
 * free(3)); NULL when out of memory.
 */
char *sales_visit_key(const char *s, size_t len);

/* Levenshtein distance between two strings (bytes). */
size_t sales_visit_distance(const char *a, const char *b);

/*
 * Top-account coverage.  Feed the accounts (all of them: misspelled
 * visits are matched against every known name), optionally the senior
 * executives, then the visits; sales_coverage_finish() ranks and
 * computes.
 */
struct sales_coverage_options {
	int32_t		as_of;
	int		look_back;	/* days, ending on as_of */
	int		max_gap;	/* days since the last visit */
	size_t		top;		/* 0: every account */
};

enum sales_coverage_status {
	SALES_COVERAGE_OK,
	SALES_COVERAGE_OVERDUE,
	SALES_COVERAGE_NEVER
};

struct sales_coverage_account {
	const char	*name;		/* first spelling in the accounts */
	int64_t		 value;		/* ranking value, cents */
	size_t		 rank;		/* 1-based */
	int32_t		 last;		/* SALES_DATE_NONE: never */
	const char	*last_exec;
	const char	*last_title;
	uint64_t	 visits;	/* in the look-back */
	uint64_t	 execs;		/* distinct, in the look-back */
	int		 status;	/* enum sales_coverage_status */
};

struct sales_coverage_exec {
	const char	*name;
	const char	*title;		/* of the latest visit */
	uint64_t	 visits;	/* in the look-back, any account */
	uint64_t	 top_visits;	/* of those, to top accounts */
	size_t		 ntop;		/* distinct top accounts */
	const char	*top_names;	/* "; "-joined, by rank */
};

/* A visit name that is no account; closest is the nearest known name. */
struct sales_coverage_unknown {
	const char	*name;
	uint64_t	 visits;
	uint64_t	 first_line;
	const char	*closest;	/* NULL when there are no accounts */
};

struct sales_coverage;

struct sales_coverage *sales_coverage_new(
    const struct sales_coverage_options *o);

/* Adds an account; the same name again adds to its value. */
int sales_coverage_add_account(struct sales_coverage *c, const char *name,
    int64_t value);

/*
 * Restricts counting to listed executives (--execs); once any is added,
 * visits by others are ignored.  title (may be NULL) is shown until a
 * visit gives a later one.
 */
int sales_coverage_add_exec(struct sales_coverage *c, const char *name,
    const char *title);

/* Adds one visit (ignored when after as_of or by an unlisted person). */
int sales_coverage_add_visit(struct sales_coverage *c,
    const struct sales_visit *v);

/* Ranks the accounts and computes everything.  SALES_OK or ENOMEM. */
int sales_coverage_finish(struct sales_coverage *c);

/* Results, valid after sales_coverage_finish(). */
size_t sales_coverage_ntop(const struct sales_coverage *c);
const struct sales_coverage_account *sales_coverage_top(
    const struct sales_coverage *c, size_t i);
size_t sales_coverage_nexecs(const struct sales_coverage *c);
const struct sales_coverage_exec *sales_coverage_exec(
    const struct sales_coverage *c, size_t i);
size_t sales_coverage_nunknown(const struct sales_coverage *c);
const struct sales_coverage_unknown *sales_coverage_unknown(
    const struct sales_coverage *c, size_t i);
/* Top accounts visited within max_gap, in per mille of the top ones. */
int sales_coverage_permille(const struct sales_coverage *c);
/* Non-zero when a top account is overdue or never visited. */
int sales_coverage_failing(const struct sales_coverage *c);

/*
 * Partial states and their merge.
 *
 * The coverage never keeps the visits, only their aggregate, and the
 * aggregate of the visits is partial: per account, the visits in the
 * look-back (merged by sum) and the last visit with its executive and
 * title (merged by the latest date); per executive, the visits in the
 * look-back and per month of it (--emit-metrics; by sum) and the title
 * of their latest visit; per pair of executive and account, the visits
 * in the look-back (by sum), from which sales_coverage_finish() derives
 * the distinct executives of an account and the top-account visits of
 * an executive once the ranks are known; per name that is no account,
 * its visits (by sum) and its first visit.  The accounts with their
 * values and the --execs list are not partial: every partial starts
 * from a copy of them (sales_coverage_part_new()).
 *
 * What depends on the order of the visits is settled by an order key,
 * the input's ordinal (sales_coverage_set_seq()) and the log line (for
 * visits with no line, the count of visits added): of two visits on one
 * day the later in the log is the account's last and gives the title,
 * an executive is spelt as in their first visit, and an unknown name as
 * in its first, whose line is reported.  The merge keeps the largest
 * key for "last" and the smallest for "first", and sums the counts, so
 * it is associative and commutative; sales_coverage_finish() orders
 * every list it hands out (accounts by rank, executives by name,
 * unknown names by first visit), so no output depends on the order of
 * the merges.
 *
 * Under a map-reduce engine (Hadoop Streaming, Spark's RDD.pipe), each
 * shard of the visits log would be read into a partial of the same
 * accounts and the partials reduced with sales_coverage_merge(); only
 * the reduce step finishes and writes.
 */

/* Sets the ordinal of the input read next (0 .. 2^24 - 1; default 0). */
void sales_coverage_set_seq(struct sales_coverage *c, unsigned seq);

/*
 * A new partial of base: the same options, ordinal, accounts and listed
 * executives, and no visits.  NULL when out of memory.
 */
struct sales_coverage *sales_coverage_part_new(
    const struct sales_coverage *base);

/*
 * Adds the visits src holds into dst (both before finish, same
 * options).  SALES_OK, SALES_ENOMEM, or SALES_EUSAGE when they do not
 * match.
 */
int sales_coverage_merge(struct sales_coverage *dst,
    const struct sales_coverage *src);

/*
 * Reads the rows of log l (opened, not yet read; path is its file) in
 * parallel (sales_par.h) and merges its visits into c: a partial per
 * part, merged in file order.  Bad rows are added to bad, in line
 * order, with the messages sales_visit_log_next() gives.  Returns
 * SALES_OK; SALES_EUSAGE when the log is not to be split (a torn tail,
 * no rows, too small, or its size changed since it was opened: a writer
 * appended); another status when a part failed.  On any failure c is
 * unchanged and bad empty: read l sequentially instead.
 */
int sales_coverage_read_log_par(struct sales_coverage *c,
    const struct sales_visit_log *l, const char *path,
    const struct sales_par_options *po, int32_t today, int allow_future,
    struct sales_badrows *bad);

/*
 * Writers.  _write: one row per top account (rank, account, value_name,
 * last_visit, last_visitor, title, days_since, visits, executives,
 * status) and a summary row (account "Coverage", status the percentage),
 * unless summary is 0.  _write_execs: one row per executive (executive,
 * title, visits, top_account_visits, top_accounts, accounts) sorted by
 * name, then a row for "(nobody)" listing top accounts never visited.
 * _write_metrics: owner, metric, date, value: executive_visits per
 * executive and top_account_coverage (a percentage) for owner "all".
 * Return SALES_OK, SALES_ENOMEM or SALES_EIO.
 */
int sales_coverage_write(const struct sales_coverage *c, struct sales_out *o,
    const char *value_name, int summary);
int sales_coverage_write_execs(const struct sales_coverage *c,
    struct sales_out *o);
int sales_coverage_write_metrics(const struct sales_coverage *c,
    struct sales_out *o);

/*
 * Reads an accounts file into c: the account column (aliases "Account
 * Name", "Company", "Customer"; --map account=HEADER) and the ranking
 * column: rank_by when not NULL, else the first of revenue, arr,
 * expected, weighted, pipeline the header has.  Values are amounts
 * (money_flags as sales_money_parse; empty is 0).  When the file has a
 * horizon column (pipeline-forecast --by account), only rows of horizon
 * days count, or with horizon 0 those of the largest horizon in the
 * file, and its "Total" rows (--total) are skipped.  The ranking
 * column's header is copied into value_name.
 * Returns SALES_OK, or a failure with "file:line: message" in err.
 */
int sales_coverage_read_accounts(struct sales_coverage *c,
    struct sales_csv *csv, const char *rank_by, long horizon,
    int money_flags, const struct sales_map *map, size_t nmap,
    char *value_name, size_t vsz, char *err, size_t errsz);

/*
 * Reads an executives file (--execs): a "name" (or "executive") column
 * and an optional "title"; other columns (level) are ignored.  Every
 * person listed counts as a senior leader and nobody else does.  SALES_OK or a failure with err.
 */
int sales_coverage_read_execs(struct sales_coverage *c,
    struct sales_csv *csv, char *err, size_t errsz);

void sales_coverage_free(struct sales_coverage *c);

#endif /* SALES_VISIT_H */
