/*
 * fuzz.h - shared by the libFuzzer harnesses in tests/fuzz/.
 *
 * Each harness defines LLVMFuzzerTestOneInput().  It is built two ways:
 * with clang -fsanitize=fuzzer for `make fuzz`, and with replay.c as a
 * plain program that runs saved inputs (tests/fuzz/regress/<harness>/),
 * so that every crash ever found is replayed by `make check` under
 * ASan+UBSan.  A harness checks invariants and calls abort() when one
 * fails; the library must never crash, hang or leak on any input.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sales.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fails the run with a message (the fuzzer then saves the input). */
#define FUZZ_ASSERT(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: invariant failed: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/*
 * A read-only stream over data (fmemopen(3) refuses a zero size, so
 * an empty input becomes an empty temporary stream).
 */
static inline FILE *
fuzz_stream(const uint8_t *data, size_t size)
{
	FILE *fp;

	if (size == 0)
		return tmpfile();
	fp = fmemopen((void *)(uintptr_t)data, size, "rb");
	return fp;
}

/* A NUL-terminated copy of data (callers free it). */
static inline char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s != NULL) {
		for (size_t i = 0; i < size; i++)
			s[i] = (char)data[i];
		s[size] = '\0';
	}
	return s;
}

/*
 * Splits data at lines "===" ("\n===\n") into at most max pieces p[i]
 * of len[i] bytes (each keeps its final newline); returns how many.
 */
static inline size_t
fuzz_split(const uint8_t *data, size_t size, size_t max, const uint8_t **p,
    size_t *len)
{
	size_t n = 0, start = 0, i;

	for (i = 0; i + 5 <= size && n + 1 < max; i++)
		if (memcmp(data + i, "\n===\n", 5) == 0) {
			p[n] = data + start;
			len[n++] = i + 1 - start;
			start = i + 5;
			i += 4;
		}
	p[n] = data + start;
	len[n++] = size - start;
	return n;
}

#endif /* FUZZ_H */
