/*
 * sales_int.h - helpers shared between libsales modules.  Never included
 * from cmd/ or from outside the library.
 */
#ifndef SALES_INT_H
#define SALES_INT_H

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

/* Trims spaces and tabs from both ends of s[0..*len); returns the start. */
const char *sales_trim(const char *s, size_t *len);

/* Non-zero when s[0..len) holds only spaces and tabs (or nothing). */
int sales_is_blank(const char *s, size_t len);

/* Case-insensitive (ASCII) equality of s[0..len) and NUL-terminated t. */
int sales_ieq(const char *s, size_t len, const char *t);

/* FNV-1a hash of s[0..len), ASCII case folded when fold is non-zero. */
uint64_t sales_hash(const char *s, size_t len, int fold);

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
