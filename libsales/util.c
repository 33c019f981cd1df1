/*
 * util.c - small helpers shared by the libsales modules: trimming,
 * case-insensitive comparison, hashing, a string arena.
 */
#define _DEFAULT_SOURCE		/* madvise's MADV_HUGEPAGE (Linux) */

#include <sys/mman.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

#define HUGE_MIN	((size_t)4 << 20)	/* sales_huge_alloc's threshold */
#define HUGE_PAGE	((size_t)2 << 20)	/* x86-64's, arm64's (4 KiB base) */

struct sales_arena_block {
	struct sales_arena_block	*next;
	size_t				 used;
	size_t				 size;
	char				 data[];
};

#define ARENA_BLOCK	(64 * 1024)

const char *
sales_trim(const char *s, size_t *len)
{
	size_t n = *len;

	while (n > 0 && sales_blank_char((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && sales_blank_char((unsigned char)s[n - 1]))
		n--;
	*len = n;
	return s;
}

int
sales_is_blank(const char *s, size_t len)
{
	size_t n = len;

	sales_trim(s, &n);
	return n == 0;
}

int
sales_ieq(const char *s, size_t len, const char *t)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (t[i] == '\0' || sales_lower((unsigned char)s[i]) !=
		    sales_lower((unsigned char)t[i]))
			return 0;
	}
	return t[len] == '\0';
}

/*
 * A word as a little-endian machine reads it, so that hashes (which seed
 * the forecast's per-group random streams) are the same everywhere.
 */
static inline uint64_t
little_endian(uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap64(w);
#else
	return w;
#endif
}

uint64_t
sales_hash(const char *s, size_t len, int fold)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h = 14695981039346656037ULL ^ len, w;
	size_t i;

	if (fold) {
		for (i = 0; i < len; i++) {
			h ^= (unsigned char)sales_lower((unsigned char)s[i]);
			h *= 1099511628211ULL;
		}
		return h;
	}
	/*
	 * Eight bytes a step (group keys are hashed once a row): mix each
	 * word in with a multiply and a rotation, then the tail, then a
	 * final avalanche so that the low bits, which pick the bucket,
	 * depend on every byte.
	 */
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		w = little_endian(w);
		h = (h ^ w) * k;
		h = (h << 29) | (h >> 35);
	}
	if (i < len) {
		w = 0;
		memcpy(&w, s + i, len - i);
		w = little_endian(w);
		h = (h ^ w) * k;
	}
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return h;
}

char *
sales_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return buf;
}

char *
sales_arena_strndup(struct sales_arena *a, const char *s, size_t len)
{
	struct sales_arena_block *b = a->head;
	char *p;

	if (b == NULL || b->size - b->used < len + 1) {
		size_t size = len + 1 > ARENA_BLOCK ? len + 1 : ARENA_BLOCK;

		if ((b = malloc(sizeof(*b) + size)) == NULL)
			return NULL;
		b->next = a->head;
		b->used = 0;
		b->size = size;
		a->head = b;
	}
	p = b->data + b->used;
	memcpy(p, s, len);
	p[len] = '\0';
	b->used += len + 1;
	return p;
}

void
sales_arena_fini(struct sales_arena *a)
{
	struct sales_arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

/* Square root by Newton's method (no libm; exact enough for cents). */
double
sales_sqrt(double x)
{
	double r = x, prev;
	int i;

	if (x <= 0)
		return 0;
	if (r < 1)
		r = 1;
	for (i = 0; i < 200; i++) {
		prev = r;
		r = 0.5 * (r + x / r);
		if (r == prev || (r > prev ? r - prev : prev - r) < r * 1e-15)
			break;
	}
	return r;
}

void *
sales_read_buffer(size_t size)
{
	void *p;

	if (posix_memalign(&p, 64, size) != 0)
		return NULL;
	return p;
}

void *
sales_huge_alloc(size_t size)
{
	void *p;

	if (size < HUGE_MIN)
		return malloc(size);
	/*
	 * Aligned to and rounded up to whole huge pages: malloc's block
	 * starts and ends inside one, and its two ends were faulted in
	 * 4 KiB at a time (up to 1024 faults a block).
	 */
	if (size > SIZE_MAX - HUGE_PAGE)
		return NULL;
	size = (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	if (posix_memalign(&p, HUGE_PAGE, size) != 0)
		return NULL;
#ifdef MADV_HUGEPAGE
	/* A hint only: an error leaves 4 KiB pages. */
	(void)madvise(p, size, MADV_HUGEPAGE);
#endif
	return p;
}

void *
sales_grow(void *p, size_t used, size_t size)
{
	void *q;

	if (size < HUGE_MIN)
		return realloc(p, size);
	/* realloc would copy into pages faulted in one at a time. */
	if ((q = sales_huge_alloc(size)) == NULL)
		return NULL;
	if (used > 0)
		memcpy(q, p, used < size ? used : size);
	free(p);
	return q;
}
