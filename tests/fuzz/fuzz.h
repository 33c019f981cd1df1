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

#endif /* FUZZ_H */
