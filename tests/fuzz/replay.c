/*
 * replay.c - runs a fuzz harness on saved inputs, without libFuzzer:
 *	build-san/fuzz-replay-<harness> FILE...
 * Used by `make check` for the regression inputs in tests/fuzz/regress/.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

int
main(int argc, char *argv[])
{
	for (int i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "rb");
		uint8_t *buf = NULL;
		size_t len = 0, cap = 0, n;

		if (fp == NULL) {
			perror(argv[i]);
			return 2;
		}
		do {
			if (len == cap) {
				uint8_t *p;

				cap = cap != 0 ? cap * 2 : 4096;
				if ((p = realloc(buf, cap)) == NULL) {
					perror("realloc");
					return 2;
				}
				buf = p;
			}
			n = fread(buf + len, 1, cap - len, fp);
			len += n;
		} while (n > 0);
		if (ferror(fp)) {
			perror(argv[i]);
			return 2;
		}
		fclose(fp);
		(void)LLVMFuzzerTestOneInput(buf, len);
		free(buf);
	}
	return 0;
}
