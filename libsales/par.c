/*
 * par.c - reading one regular file with several threads; see sales_par.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sales_int.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define SCAN_BLOCK	(256 * 1024)	/* bytes per pread: the copy stays in L2 */

/*
 * How many times faster the first pass (counting quotes and newlines)
 * goes through a byte than a part's parse does.  Part 0 starts parsing
 * at once while the first pass runs, and is sized from this to outlast
 * it: see part_sizes().  Measured at about 15 on the 10-million-row
 * bench file (make bench): 53% of it scanned in 0.19 s while part 0
 * parsed at 0.22 GB/s.  A wrong guess costs little: part 0 waits at its
 * end for the cuts, or has the other threads take more of the parts.
 */
#define SCAN_SPEEDUP	15
#define PARTS_PER_JOB	8	/* parts a thread takes in turn, after part 0 */

/*
 * What the threads share: what part 0, which starts before the cuts are
 * known, waits for (the end of its range, the first cut); what the
 * others wait for from part 0 (the header row); and the parts after
 * part 0, with the next one to take.  All under mu.
 */
struct gate {
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	off_t			 end;		/* part 0's end, once known */
	int			 end_state;	/* 0 waiting, 1 known, -1 cancelled */
	const struct sales_row	*hdr;
	int			 hdr_state;	/* 0 waiting, 1 read, -1 failed */
	/* The parts after part 0, taken in turn by whichever thread is free. */
	struct part		*parts;
	size_t			 nparts;
	size_t			 next;		/* the next part to take */
	int			 stop;		/* a part failed: take no more */
	const char		*name;
	const struct sales_csv_options *csv;
};

/* A byte range of the file, the source of one part's reader. */
struct range {
	int		 fd;
	off_t		 pos;
	off_t		 end;
	off_t		 soft;		/* with gate: readable before the end is known */
	struct gate	*gate;		/* part 0 until its end is known, else NULL */
};

/* One slice of the first pass: quote parity and newlines in [start, end). */
struct slice {
	int		 fd;
	off_t		 start;
	off_t		 end;
	unsigned	 quotes;	/* parity: 0 or 1 */
	uint64_t	 newlines;
	int		 err;		/* errno of a failed read, or 0 */
};

/* Consecutive slices, scanned one after the other by one thread. */
struct scan_group {
	struct slice	*slices;
	size_t		 n;
};

/* One part of the second pass. */
struct part {
	struct range		 range;
	uint64_t		 first_line;
	struct sales_csv	*csv;
	sales_par_fn		 fn;
	void			*arg;
	size_t			 index;
	int			 status;
};

static ssize_t	range_read(void *, void *, size_t);
static void	*scan_slice(void *);
static void	*scan_group(void *);
static void	*take_parts(void *);
static void	*run_first(void *);
static void	 publish_end(struct gate *, off_t, int);
static int	 wait_end(struct gate *, off_t *);
static void	 stop_taking(struct gate *);
static int	find_cut(int, off_t, off_t, unsigned, off_t *, uint64_t *);
static int	run_threads(void *(*)(void *), void *, size_t, size_t);
static void	part_sizes(off_t, size_t, size_t, off_t *);

/*
 * The nominal starts b[0..n) of n parts of a file of size bytes, read by
 * jobs threads.  Part 0 parses from the start while jobs - 1 threads
 * scan the rest to place the cuts: it is given about half again the
 * bytes it can parse in that time (with P the parse speed and S =
 * SCAN_SPEEDUP x P the scan speed, size / ((jobs - 1) S) seconds), so
 * that it rarely waits for them.  The others share the rest equally;
 * being many, they are taken in turn by whichever thread is free, so a
 * thread slowed down (a busy neighbour on its core) takes fewer.
 */
static void
part_sizes(off_t size, size_t jobs, size_t n, off_t *b)
{
	uint64_t x0 = (uint64_t)size * 3 / (2 * SCAN_SPEEDUP * (jobs - 1));
	size_t k;

	if (x0 > (uint64_t)size / jobs)
		x0 = (uint64_t)size / jobs;
	b[0] = 0;
	for (k = 1; k < n; k++)
		b[k] = (off_t)(x0 + ((uint64_t)size - x0) * (k - 1) / (n - 1));
}

int
sales_par_read(int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *o,
    sales_par_fn fn, void *arg, size_t *nparts)
{
	struct slice slices[SALES_PAR_MAX_JOBS];
	struct scan_group groups[SALES_PAR_MAX_JOBS];
	struct part parts[SALES_PAR_MAX_JOBS];
	pthread_t tid[SALES_PAR_MAX_JOBS];
	off_t b[SALES_PAR_MAX_JOBS];
	struct gate gate;
	pthread_t first;
	unsigned char bom[2];
	struct stat st;
	size_t jobs, n, i, k, min_part, nominal, started;
	off_t size, cut, prev;
	unsigned parity = 0;
	uint64_t line = 1, cut_line;
	int rc;

	jobs = o->jobs < SALES_PAR_MAX_JOBS ? o->jobs : SALES_PAR_MAX_JOBS;
	min_part = o->min_part != 0 ? o->min_part : SALES_PAR_MIN_PART;
	if (jobs < 2 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return SALES_EUSAGE;
	size = st.st_size;
	if ((uint64_t)size / 2 < min_part)
		return SALES_EUSAGE;
	if (csv != NULL && csv->encoding != NULL &&
	    !sales_ieq(csv->encoding, strlen(csv->encoding), "utf-8") &&
	    !sales_ieq(csv->encoding, strlen(csv->encoding), "utf8"))
		return SALES_EUSAGE;
	/* A UTF-16 byte-order mark selects a conversion: no splitting. */
	if (pread(fd, bom, 2, 0) == 2 && ((bom[0] == 0xff && bom[1] == 0xfe) ||
	    (bom[0] == 0xfe && bom[1] == 0xff)))
		return SALES_EUSAGE;
	/* PARTS_PER_JOB parts a thread, none under min_part bytes. */
	nominal = jobs * PARTS_PER_JOB + 1;
	if (nominal > SALES_PAR_MAX_JOBS)
		nominal = SALES_PAR_MAX_JOBS;
	if ((uint64_t)size / nominal < min_part)
		nominal = (size_t)((uint64_t)size / min_part);
	if (jobs > nominal)
		jobs = nominal;
	if (jobs < 2)		/* cannot be, with size / 2 >= min_part */
		return SALES_EUSAGE;
	part_sizes(size, jobs, nominal, b);

	/*
	 * Part 0 starts now, in a thread of its own: it reads the header,
	 * then its rows up to b[1], where it waits for its end (the first
	 * cut) unless that is known by then.
	 */
	memset(parts, 0, sizeof(parts));
	memset(&gate, 0, sizeof(gate));
	if (pthread_mutex_init(&gate.mu, NULL) != 0)
		return SALES_ENOMEM;
	if (pthread_cond_init(&gate.cv, NULL) != 0) {
		pthread_mutex_destroy(&gate.mu);
		return SALES_ENOMEM;
	}
	gate.parts = parts;
	gate.name = name;
	gate.csv = csv;
	for (i = 0; i < nominal; i++) {
		parts[i].range.fd = fd;
		parts[i].fn = fn;
		parts[i].arg = arg;
		parts[i].index = i;
	}
	parts[0].range.end = size;
	parts[0].range.soft = b[1];
	parts[0].range.gate = &gate;
	parts[0].first_line = 1;
	rc = SALES_OK;
	if ((parts[0].csv = sales_csv_open_read(range_read, &parts[0].range,
	    name, csv)) == NULL ||
	    pthread_create(&first, NULL, run_first, &parts[0]) != 0) {
		sales_csv_close(parts[0].csv);
		pthread_cond_destroy(&gate.cv);
		pthread_mutex_destroy(&gate.mu);
		return SALES_ENOMEM;
	}
	*nparts = 1;

	/*
	 * First pass: quote parity and newlines of [b[k], b[k + 1]), the
	 * slices shared out in runs among jobs - 1 threads.
	 */
	memset(slices, 0, sizeof(slices));
	for (i = 0; i + 1 < nominal; i++) {
		slices[i].fd = fd;
		slices[i].start = b[i];
		slices[i].end = b[i + 1];
	}
	for (i = 0, k = 0; i + 1 < jobs; i++) {
		size_t upto = (nominal - 1) * (i + 1) / (jobs - 1);

		groups[i].slices = &slices[k];
		groups[i].n = upto - k;
		k = upto;
	}
	if (run_threads(scan_group, groups, sizeof(groups[0]), jobs - 1) != 0)
		rc = SALES_ENOMEM;
	for (i = 0; i + 1 < nominal && rc == SALES_OK; i++)
		if (slices[i].err != 0) {
			errno = slices[i].err;
			rc = SALES_EIO;
		}

	/* The cuts: from each b[k] to the next newline outside quotes. */
	n = 1;
	prev = 0;
	for (i = 1; i < nominal && rc == SALES_OK; i++) {
		parity ^= slices[i - 1].quotes;
		line += slices[i - 1].newlines;
		if ((rc = find_cut(fd, b[i], size, parity, &cut, &cut_line)) !=
		    SALES_OK)
			break;
		/* A cut at or before the last, or at the very end: no part. */
		if (cut <= prev || cut >= size)
			continue;
		parts[n].range.pos = cut;
		parts[n].first_line = line + cut_line;
		n++;
		prev = cut;
	}
	/* Part 0's range is its thread's until the gate hands it over. */
	for (i = 1; i < n; i++)
		parts[i].range.end = i + 1 < n ? parts[i + 1].range.pos : size;

	/*
	 * Part 0 may now read to its end and, done, take parts like every
	 * thread; the others need its header.
	 */
	pthread_mutex_lock(&gate.mu);
	gate.nparts = rc == SALES_OK ? n : 0;
	gate.next = 1;
	pthread_mutex_unlock(&gate.mu);
	*nparts = n;
	publish_end(&gate, n > 1 ? parts[1].range.pos : size,
	    rc == SALES_OK ? 1 : -1);
	pthread_mutex_lock(&gate.mu);
	while (gate.hdr_state == 0)
		pthread_cond_wait(&gate.cv, &gate.mu);
	pthread_mutex_unlock(&gate.mu);
	if (rc == SALES_OK && gate.hdr_state > 0 && n > 1) {
		for (started = 0; started + 2 < jobs; started++)
			if (pthread_create(&tid[started], NULL, take_parts,
			    &gate) != 0)
				break;
		take_parts(&gate);
		for (i = 0; i < started; i++)
			pthread_join(tid[i], NULL);
	}
	pthread_join(first, NULL);
	pthread_cond_destroy(&gate.cv);
	pthread_mutex_destroy(&gate.mu);

	for (i = 0; i < n; i++) {
		if (rc == SALES_OK && parts[i].status != SALES_OK)
			rc = parts[i].status;
		/* A footer ends the report: only the last part may hold one. */
		if (rc == SALES_OK && i + 1 < n &&
		    sales_csv_footer_seen(parts[i].csv))
			rc = SALES_EDATA;
	}
	for (i = 0; i < n; i++)
		sales_csv_close(parts[i].csv);
	return rc;
}

/*
 * Sets part 0's end (state 1) or cancels its read (state -1: its reader
 * then fails, and so does the whole read), and wakes it.
 */
static void
publish_end(struct gate *g, off_t end, int state)
{
	pthread_mutex_lock(&g->mu);
	g->end = end;
	g->end_state = state;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
}

/*
 * Part 0: reads the header and hands it to the others through the gate,
 * then runs the caller's function like any part.
 */
static void *
run_first(void *arg)
{
	struct part *p = arg;
	struct gate *g = p->range.gate;
	const struct sales_row *hdr = NULL;
	int rc;

	rc = sales_csv_header(p->csv, &hdr);
	pthread_mutex_lock(&g->mu);
	g->hdr = hdr;
	g->hdr_state = rc == SALES_OK ? 1 : -1;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
	p->status = rc == SALES_OK ? p->fn(p->csv, p->index, p->arg) : rc;
	if (p->status != SALES_OK)
		stop_taking(g);
	else if (wait_end(g, NULL) > 0)	/* the cuts, hence the parts, known */
		take_parts(g);
	return NULL;
}

/*
 * Waits until the first cut is published: returns its state (1 known,
 * -1 cancelled) and, when end is not NULL, sets *end.
 */
static int
wait_end(struct gate *g, off_t *end)
{
	int state;

	pthread_mutex_lock(&g->mu);
	while (g->end_state == 0)
		pthread_cond_wait(&g->cv, &g->mu);
	state = g->end_state;
	if (end != NULL)
		*end = g->end;
	pthread_mutex_unlock(&g->mu);
	return state;
}

/* A part failed: the read fails, so no thread takes another part. */
static void
stop_taking(struct gate *g)
{
	pthread_mutex_lock(&g->mu);
	g->stop = 1;
	pthread_mutex_unlock(&g->mu);
}

/*
 * Takes the parts after part 0 one at a time until none is left (or one
 * has failed): opens its reader on the header and runs the caller's
 * function on it.
 */
static void *
take_parts(void *arg)
{
	struct gate *g = arg;
	struct part *p;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&g->mu);
		if (g->stop || g->next >= g->nparts) {
			pthread_mutex_unlock(&g->mu);
			return NULL;
		}
		i = g->next++;
		pthread_mutex_unlock(&g->mu);
		p = &g->parts[i];
		if ((p->csv = sales_csv_open_part(range_read, &p->range,
		    g->name, g->csv, g->hdr, p->first_line)) == NULL)
			p->status = SALES_ENOMEM;
		else
			p->status = p->fn(p->csv, p->index, p->arg);
		if (p->status != SALES_OK)
			stop_taking(g);
	}
}

/*
 * Runs fn on n items of size bytes each: items 1..n-1 in threads, item
 * 0 in the calling thread.  Returns 0, or -1 when a thread could not be
 * started (then no item has run).
 */
static int
run_threads(void *(*fn)(void *), void *items, size_t size, size_t n)
{
	pthread_t tid[SALES_PAR_MAX_JOBS];
	size_t i, started;

	for (started = 1; started < n; started++)
		if (pthread_create(&tid[started], NULL, fn,
		    (char *)items + started * size) != 0)
			break;
	if (started < n) {
		/* Not started: wait for the others, then fail. */
		for (i = 1; i < started; i++)
			pthread_join(tid[i], NULL);
		return -1;
	}
	fn(items);
	for (i = 1; i < n; i++)
		pthread_join(tid[i], NULL);
	return 0;
}

/*
 * Counts newlines into *nsum and folds quote matches into *qx (whose
 * bit parity is the quote parity) over buf, as far as whole vectors go;
 * returns how far that is.
 */
#ifdef __SSE2__
static size_t
scan_block(const unsigned char *buf, size_t len, uint64_t *qx, uint64_t *nsum)
{
	const __m128i quote = _mm_set1_epi8('"'), nl = _mm_set1_epi8('\n');
	__m128i acc = _mm_setzero_si128(), q = _mm_setzero_si128();
	size_t i = 0, k = 0;
	uint64_t lanes[2];

	for (; i + 16 <= len; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)
		    (buf + i));

		q = _mm_xor_si128(q, _mm_cmpeq_epi8(x, quote));
		/* A match is -1: subtracting counts it, per byte lane. */
		acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(x, nl));
		if (++k == 255) {
			_mm_storeu_si128((__m128i *)(void *)lanes,
			    _mm_sad_epu8(acc, _mm_setzero_si128()));
			*nsum += lanes[0] + lanes[1];
			acc = _mm_setzero_si128();
			k = 0;
		}
	}
	_mm_storeu_si128((__m128i *)(void *)lanes,
	    _mm_sad_epu8(acc, _mm_setzero_si128()));
	*nsum += lanes[0] + lanes[1];
	_mm_storeu_si128((__m128i *)(void *)lanes, q);
	*qx ^= lanes[0] ^ lanes[1];
	return i;
}
#else
/*
 * Counts the bytes equal to c in x, 8 at a time: each byte of the result
 * is 1 where x has c, else 0 (exact, with no carries between bytes).
 */
static inline uint64_t
match_bytes(uint64_t x, uint64_t c8)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
	uint64_t t = x ^ c8;

	/* High bit of each byte set where t's byte is non-zero. */
	t = ((t & low7) + low7) | t;
	return (~t >> 7) & 0x0101010101010101ULL;
}

static size_t
scan_block(const unsigned char *buf, size_t len, uint64_t *qx, uint64_t *nsum)
{
	const uint64_t q8 = 0x2222222222222222ULL, n8 = 0x0a0a0a0a0a0a0a0aULL;
	uint64_t sum = 0;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t x;

		memcpy(&x, buf + i, 8);
		*qx ^= match_bytes(x, q8);
		sum += match_bytes(x, n8);
		/* Fold before a byte's count can pass 255. */
		if ((i & 1023) == 1016) {
			*nsum += (sum * 0x0101010101010101ULL) >> 56;
			sum = 0;
		}
	}
	*nsum += (sum * 0x0101010101010101ULL) >> 56;
	return i;
}
#endif

/* First pass over consecutive slices, by one thread. */
static void *
scan_group(void *arg)
{
	struct scan_group *grp = arg;
	size_t i;

	for (i = 0; i < grp->n; i++)
		scan_slice(&grp->slices[i]);
	return NULL;
}

/* First pass over one slice: quote parity and newline count. */
static void *
scan_slice(void *arg)
{
	struct slice *s = arg;
	unsigned char *buf;
	off_t pos = s->start;
	uint64_t qx = 0;

	if ((buf = sales_read_buffer(SCAN_BLOCK)) == NULL) {
		s->err = ENOMEM;
		return NULL;
	}
	while (pos < s->end) {
		size_t want = (size_t)(s->end - pos < SCAN_BLOCK ?
		    s->end - pos : SCAN_BLOCK), i;
		ssize_t got = pread(s->fd, buf, want, pos);
		uint64_t nsum = 0;

		if (got <= 0) {
			s->err = got == 0 ? EIO : errno;
			break;
		}
		i = scan_block(buf, (size_t)got, &qx, &nsum);
		s->newlines += nsum;
		for (; i < (size_t)got; i++) {
			s->quotes ^= buf[i] == '"';
			s->newlines += buf[i] == '\n';
		}
		pos += got;
	}
	/* The parity of the quotes folded into qx by scan_block(). */
	qx ^= qx >> 32;
	qx ^= qx >> 16;
	qx ^= qx >> 8;
	s->quotes ^= (unsigned)(qx & 1);
	free(buf);
	return NULL;
}

/*
 * From offset start, where the quote state is parity (1: inside quotes),
 * finds the first newline outside quotes.  *cut is the offset after it
 * (size when there is none) and *lines the newlines in [start, *cut).
 */
static int
find_cut(int fd, off_t start, off_t size, unsigned parity, off_t *cut,
    uint64_t *lines)
{
	unsigned char buf[64 * 1024];
	off_t pos = start;

	*lines = 0;
	while (pos < size) {
		ssize_t got = pread(fd, buf, sizeof(buf), pos);
		ssize_t i;

		if (got <= 0)
			return SALES_EIO;
		for (i = 0; i < got; i++) {
			if (buf[i] == '"')
				parity ^= 1;
			else if (buf[i] == '\n') {
				++*lines;
				if (!parity) {
					*cut = pos + i + 1;
					return SALES_OK;
				}
			}
		}
		pos += got;
	}
	*cut = size;
	return SALES_OK;
}

/*
 * The source of a part's reader: its byte range, with pread(2).  Part 0
 * reads freely up to soft (no cut comes before it) and there waits for
 * its end through the gate.
 */
static ssize_t
range_read(void *cookie, void *buf, size_t size)
{
	struct range *r = cookie;
	ssize_t got;

	if (r->gate != NULL && r->pos >= r->soft) {
		if (wait_end(r->gate, &r->end) < 0) {
			errno = ECANCELED;
			return -1;
		}
		r->gate = NULL;
	}
	if (r->pos >= r->end)
		return 0;
	if ((off_t)size > r->end - r->pos)
		size = (size_t)(r->end - r->pos);
	if (r->gate != NULL && (off_t)size > r->soft - r->pos)
		size = (size_t)(r->soft - r->pos);
	if ((got = pread(r->fd, buf, size, r->pos)) > 0)
		r->pos += got;
	return got;
}
