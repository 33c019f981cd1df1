/*
 * par.c - reading one regular file with several threads; see sales_par.h.
 */
#define _GNU_SOURCE		/* fopencookie(3) */

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

#define SCAN_BLOCK	(1024 * 1024)	/* bytes per pread in the first pass */

/* A byte range of the file, read through a FILE of its own. */
struct range {
	int	fd;
	off_t	pos;
	off_t	end;
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

/* One part of the second pass. */
struct part {
	struct range		 range;
	uint64_t		 first_line;
	FILE			*fp;
	struct sales_csv	*csv;
	sales_par_fn		 fn;
	void			*arg;
	size_t			 index;
	int			 status;
};

static ssize_t	range_read(void *, char *, size_t);
static int	range_close(void *);
static FILE	*range_open(struct range *);
static void	*scan_slice(void *);
static void	*run_part(void *);
static int	find_cut(int, off_t, off_t, unsigned, off_t *, uint64_t *);
static int	run_threads(void *(*)(void *), void *, size_t, size_t);


int
sales_par_read(int fd, const char *name,
    const struct sales_csv_options *csv, const struct sales_par_options *o,
    sales_par_fn fn, void *arg, size_t *nparts)
{
	struct slice slices[SALES_PAR_MAX_JOBS];
	struct part parts[SALES_PAR_MAX_JOBS];
	const struct sales_row *hdr = NULL;
	unsigned char bom[2];
	struct stat st;
	size_t jobs, n, i, min_part;
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
	if ((uint64_t)size / jobs < min_part)
		jobs = (size_t)((uint64_t)size / min_part);

	/* First pass: quote parity and newlines per equal slice. */
	memset(slices, 0, sizeof(slices));
	for (i = 0; i < jobs; i++) {
		slices[i].fd = fd;
		slices[i].start = (off_t)((uint64_t)size * i / jobs);
		slices[i].end = (off_t)((uint64_t)size * (i + 1) / jobs);
	}
	if (run_threads(scan_slice, slices, sizeof(slices[0]), jobs) != 0)
		return SALES_ENOMEM;
	for (i = 0; i < jobs; i++)
		if (slices[i].err != 0) {
			errno = slices[i].err;
			return SALES_EIO;
		}

	/* The cuts: from each slice start to the next newline outside quotes. */
	n = 0;
	prev = 0;
	memset(parts, 0, sizeof(parts));
	for (i = 0; i < jobs; i++) {
		if (i == 0) {
			cut = 0;
			cut_line = 1;
		} else if ((rc = find_cut(fd, slices[i].start, size, parity,
		    &cut, &cut_line)) != SALES_OK) {
			return rc;
		} else {
			cut_line += line;
		}
		if (i > 0 && cut > prev) {
			parts[n - 1].range.end = cut;
		}
		if (i == 0 || cut > prev) {
			parts[n].range.fd = fd;
			parts[n].range.pos = cut;
			parts[n].range.end = size;
			parts[n].first_line = cut_line;
			n++;
			prev = cut;
		}
		parity ^= slices[i].quotes;
		line += slices[i].newlines;
	}
	/* A cut at the very end leaves nothing to read. */
	if (n > 1 && parts[n - 1].range.pos >= size)
		n--;
	if (n < 2)
		return SALES_EUSAGE;
	parts[n - 1].range.end = size;
	*nparts = n;

	/* Part 0 reads the header; the others are given it. */
	rc = SALES_OK;
	for (i = 0; i < n && rc == SALES_OK; i++) {
		parts[i].fn = fn;
		parts[i].arg = arg;
		parts[i].index = i;
		if ((parts[i].fp = range_open(&parts[i].range)) == NULL) {
			rc = SALES_ENOMEM;
			break;
		}
		if (i == 0)
			parts[i].csv = sales_csv_open(parts[i].fp, name, csv);
		else
			parts[i].csv = sales_csv_open_part(parts[i].fp, name,
			    csv, hdr, parts[i].first_line);
		if (parts[i].csv == NULL)
			rc = SALES_ENOMEM;
		else if (i == 0)
			rc = sales_csv_header(parts[0].csv, &hdr);
	}
	if (rc == SALES_OK &&
	    run_threads(run_part, parts, sizeof(parts[0]), n) != 0)
		rc = SALES_ENOMEM;
	for (i = 0; i < n; i++) {
		if (rc == SALES_OK && parts[i].status != SALES_OK)
			rc = parts[i].status;
		/* A footer ends the report: only the last part may hold one. */
		if (rc == SALES_OK && i + 1 < n &&
		    sales_csv_footer_seen(parts[i].csv))
			rc = SALES_EDATA;
	}
	for (i = 0; i < n; i++) {
		sales_csv_close(parts[i].csv);
		if (parts[i].fp != NULL)
			fclose(parts[i].fp);
	}
	return rc;
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

/* First pass over one slice: quote parity and newline count. */
static void *
scan_slice(void *arg)
{
	struct slice *s = arg;
	unsigned char *buf;
	off_t pos = s->start;
	uint64_t qx = 0;

	if ((buf = malloc(SCAN_BLOCK)) == NULL) {
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

/* Second pass: one part through the caller's function. */
static void *
run_part(void *arg)
{
	struct part *p = arg;

	p->status = p->fn(p->csv, p->index, p->arg);
	return NULL;
}

static ssize_t
range_read(void *cookie, char *buf, size_t size)
{
	struct range *r = cookie;
	ssize_t got;

	if (r->pos >= r->end)
		return 0;
	if ((off_t)size > r->end - r->pos)
		size = (size_t)(r->end - r->pos);
	if ((got = pread(r->fd, buf, size, r->pos)) > 0)
		r->pos += got;
	return got;
}

static int
range_close(void *cookie)
{
	(void)cookie;
	return 0;
}

/*
 * A read-only stream over r.  It keeps stdio's buffer: the reader asks
 * for 256 KiB at a time, which stdio passes straight to range_read(),
 * while an unbuffered cookie stream would be read a byte at a time.
 */
static FILE *
range_open(struct range *r)
{
	cookie_io_functions_t io = { range_read, NULL, NULL, range_close };

	return fopencookie(r, "r", io);
}
