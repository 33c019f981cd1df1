/*
 * sales_par.h - reading one regular file with several threads.
 *
 * A seekable UTF-8 file is cut into parts at record boundaries and each
 * part is parsed by its own CSV reader (its own libcsv parser); the
 * threads take the parts in turn.  The caller's function gets each
 * part's reader and adds what it reads into a partial aggregate of that
 * part; once every part is done, the caller merges the partials in part
 * order (see sales_forecast_merge()).  Parts are consecutive ranges of
 * the file, so "part order" is file order and line order.
 *
 * Finding the boundaries: a newline is a record boundary when it is not
 * inside a quoted field, which for RFC 4180 text is when the number of
 * double quotes before it is even.  A first pass, itself split across
 * the threads, counts quotes (their parity) and newlines in slices of
 * the file; each cut then moves forward from its slice start, with the
 * quote state known exactly, to the first newline outside quotes.  Part
 * 0 does not wait for the first pass: it starts parsing at once, sized
 * to last a little longer than the first pass, and only waits (for its
 * end, the first cut) should it get there before the cut is known.
 * Line numbers of every part follow from the newline counts, so
 * diagnostics name the same lines as a sequential read.  The guess is
 * verified by the parse itself: text that breaks the quote rules (a
 * quote inside an unquoted field) is a strict-mode parse error in
 * whichever part holds it, and the caller then reads the file again
 * sequentially, which reports the error exactly as it always does.
 *
 * The same partial-and-merge shape is how the tools would run sharded
 * under a map-reduce engine (Hadoop Streaming, Spark's RDD.pipe): each
 * shard computes a partial, and an associative merge combines them.
 */
#ifndef SALES_PAR_H
#define SALES_PAR_H

#define SALES_PAR_MAX_JOBS	64
#define SALES_PAR_MIN_PART	(1024 * 1024)	/* default bytes a part */

/*
 * Called once per part, in a thread of its own, with a reader whose
 * header is already read (sales_csv_header() returns it) and whose line
 * numbers are the file's.  Returns SALES_OK, or a status that makes
 * sales_par_read() fail (the caller then reads sequentially).
 */
typedef int (*sales_par_fn)(struct sales_csv *csv, size_t part, void *arg);

struct sales_par_options {
	size_t	jobs;		/* threads (and parts at most) */
	size_t	min_part;	/* bytes; 0 means SALES_PAR_MIN_PART */
};

/*
 * Reads regular file fd (named name in messages) in parallel with at
 * most jobs threads.  fn(csv, i, arg) runs for i = 0 .. *nparts - 1, at
 * most SALES_PAR_MAX_JOBS parts: several a thread, taken in turn by
 * whichever thread is free, so that a thread slowed down by a busy core
 * holds up no one; a part's partial is its own, and a thread may run
 * several parts one after the other.  Once this returns, *nparts says
 * how many parts there were (the partials of those that ran are the
 * caller's to merge or free).  It may be 1: where no cut can be
 * placed (one huge quoted field, a stray quote that leaves the quote
 * state odd), part 0 reads the whole file, as a sequential read would.
 *
 * Returns:
 *   SALES_OK      every part was read and fn returned SALES_OK for each;
 *   SALES_EUSAGE  the file cannot be split (not a regular file, an
 *                 encoding other than UTF-8, jobs < 2, or smaller than
 *                 two parts of min_part bytes): fn was not called and
 *                 *nparts is untouched; read sequentially;
 *   another status: a part failed (fn's status, a read error, a parse
 *                 error, a report footer before the last part); the
 *                 partials are to be discarded and the file read again
 *                 sequentially, which reports the problem exactly.
 */
int sales_par_read(int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *o,
    sales_par_fn fn, void *arg, size_t *nparts);

/*
 * An aggregate of opportunities that can be computed in parts and merged
 * (the forecast's sums, goal-score's actuals, the history model): how to
 * make an empty partial, add one deal to it, merge one partial into
 * another in file order, and free one.  ctx is passed to part_new and
 * add.  The merges run on the reading threads, one at a time, while
 * other parts are still being read: merge may touch dst and src only.
 */
struct sales_opp_agg {
	void	*(*part_new)(void *ctx);
	int	 (*add)(void *part, const struct sales_opp *d, void *ctx);
	int	 (*merge)(void *dst, const void *src);
	void	 (*free)(void *part);
	void	*ctx;
};

/*
 * Reads opportunities file fd (named name) in parallel with sales_par_read:
 * each part's deals go into a partial of its own (agg->part_new, agg->add),
 * and the partials are merged in file order into a new one, *out, each as
 * soon as it and every part before it are read (so a merge that copies
 * overlaps the reading of the later parts).  Bad rows are added to bad,
 * in line order, for the caller to report; *columns receives
 * sales_opp_columns().  Returns sales_par_read's status
 * (SALES_EUSAGE: cannot be split), or a part's failure (a deal add()
 * refuses, parts whose columns differ ...); on any failure *out is NULL,
 * bad is empty, and the file is to be read again sequentially, which
 * reports the problem exactly.
 */
int sales_opp_read_par(int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *po,
    const struct sales_opp_options *oo, const struct sales_opp_agg *agg,
    void **out, uint64_t *columns, struct sales_badrows *bad);

#endif /* SALES_PAR_H */
