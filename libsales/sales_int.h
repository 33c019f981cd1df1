/*
 * sales_int.h - helpers shared between libsales modules.  Never included
 * from cmd/ or from outside the library.
 */
#ifndef SALES_INT_H
#define SALES_INT_H

#include <string.h>

#include "sales.h"

/* ASCII lower case, independent of the locale. */
static inline int
sales_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Non-zero for space and tab. */
static inline int
sales_blank_char(int c)
{
	return c == ' ' || c == '\t';
}

/* Non-zero when s[0..len) holds only spaces and tabs (or nothing). */
int sales_is_blank(const char *s, size_t len);

/*
 * Non-zero when s[0..len) is empty or only spaces and tabs.  The common
 * case, a value that starts with something else, costs one test.
 */
static inline int
sales_blank(const char *s, size_t len)
{
	return len == 0 || (sales_blank_char((unsigned char)s[0]) &&
	    sales_is_blank(s, len));
}

/*
 * A small memo of string -> result, for lookups that meet a handful of
 * distinct values over millions of rows (stage names, forecast
 * categories): a hit costs a length check and a memcmp instead of a
 * trim, a case fold and a hash.  Direct-mapped; a miss overwrites the
 * slot.  Zero-initialised storage is an empty memo.
 */
#define SALES_MEMO_SLOTS	32
#define SALES_MEMO_KEY		48

struct sales_memo_slot {
	size_t		 len;		/* key length + 1; 0 = empty slot */
	int		 value;
	const void	*ptr;
	char		 key[SALES_MEMO_KEY];
};

struct sales_memo {
	struct sales_memo_slot	slot[SALES_MEMO_SLOTS];
};

/* The slot for s[0..len); see sales_memo_hit(). */
static inline struct sales_memo_slot *
sales_memo_slot(struct sales_memo *m, const char *s, size_t len)
{
	size_t h = len;

	if (len > 0)
		h = h * 7 + (unsigned char)s[0] + 3u * (unsigned char)s[len - 1];
	return &m->slot[h & (SALES_MEMO_SLOTS - 1)];
}

/* Non-zero when slot holds the result for s[0..len). */
static inline int
sales_memo_hit(const struct sales_memo_slot *slot, const char *s, size_t len)
{
	return slot->len == len + 1 && memcmp(slot->key, s, len) == 0;
}

/* Remembers a result for s[0..len) (long keys are not remembered). */
static inline void
sales_memo_set(struct sales_memo_slot *slot, const char *s, size_t len,
    int value, const void *ptr)
{
	if (len >= SALES_MEMO_KEY)
		return;
	memcpy(slot->key, s, len);
	slot->len = len + 1;
	slot->value = value;
	slot->ptr = ptr;
}

/* Trims spaces and tabs from both ends of s[0..*len); returns the start. */
const char *sales_trim(const char *s, size_t *len);

/* Case-insensitive (ASCII) equality of s[0..len) and NUL-terminated t. */
int sales_ieq(const char *s, size_t len, const char *t);

/*
 * A hash of s[0..len) for hash tables: FNV-1a over ASCII case-folded
 * bytes when fold is non-zero, else a faster word-at-a-time mix.
 */
uint64_t sales_hash(const char *s, size_t len, int fold);

/* The square root of x (0 for x <= 0), without libm. */
double sales_sqrt(double x);

/*
 * malloc(3) for a buffer that read(2) or pread(2) fill: aligned to 64
 * bytes, freed with free(3).  glibc puts a large block 16 bytes past a
 * page boundary, and this kernel copies the page cache into such an
 * address about four times slower than into an aligned one (0.40 s
 * against 0.09 s for 630 MB in 256 KiB reads, on the bench machine).
 * NULL when out of memory.
 */
void *sales_read_buffer(size_t size);

/*
 * malloc(size), a large block (4 MiB and more) aligned to huge pages
 * and backed by them where transparent huge pages are on "madvise"
 * (Debian's default): a model of a million deals touches some 100 MB of
 * fresh memory, and a fault per 4 KiB page cost a third of the history
 * method's time (0.93 s against 0.62 s with 2 MiB pages, on the bench
 * machine).  Freed with free().
 */
void *sales_huge_alloc(size_t size);

/*
 * realloc(p, size) for a block whose first used bytes hold data, a large
 * one from sales_huge_alloc.  NULL when out of memory (p is then
 * untouched).
 */
void *sales_grow(void *p, size_t used, size_t size);

/*
 * printf into buf (always NUL-terminated, truncated if need be).
 * Returns buf.
 */
char *sales_fmt(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * A growing byte arena for strings that live as long as their owner
 * (group keys, stage names).  Pointers into it stay valid: it grows by
 * chaining new blocks, never by moving old ones.
 */
struct sales_arena {
	struct sales_arena_block	*head;
};

/* Copies s[0..len) plus a NUL into the arena; NULL when out of memory. */
char *sales_arena_strndup(struct sales_arena *a, const char *s, size_t len);
void sales_arena_fini(struct sales_arena *a);

#endif /* SALES_INT_H */
