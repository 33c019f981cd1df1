/*
 * check_csvfast.c - the CSV reader's fast path (csv.c, fast_lines())
 * against libcsv alone (SALES_CSV_LIBCSV_ONLY): the same bytes must give
 * the same transcript (tests/fuzz/csvdiff.h), that is the same fields,
 * record boundaries, line numbers and messages.  Hand-picked inputs for
 * every case the fast path decides on, then pseudo-random ones built
 * from the bytes that matter, some of them past one 256 KiB read chunk.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "sales.h"
#include "../fuzz/csvdiff.h"

#define IN(s)	s, sizeof(s) - 1

static int	same(const char *, size_t, const struct sales_csv_options *,
		    char *, size_t);

/*
 * Non-zero when both paths agree on in[0..len); else the two transcripts
 * go into msg for the failure message.
 */
static int
same(const char *in, size_t len, const struct sales_csv_options *o,
    char *msg, size_t msgsz)
{
	char *fast, *slow;
	size_t flen = 0, slen = 0;
	int ok;

	fast = csvdiff_transcript(in, len, o, 0, &flen);
	slow = csvdiff_transcript(in, len, o, SALES_CSV_LIBCSV_ONLY, &slen);
	ck_assert_ptr_nonnull(fast);
	ck_assert_ptr_nonnull(slow);
	ok = flen == slen && memcmp(fast, slow, flen) == 0;
	if (!ok)
		snprintf(msg, msgsz, "fast:\n%.*s\nlibcsv:\n%.*s",
		    (int)(flen > 1500 ? 1500 : flen), fast,
		    (int)(slen > 1500 ? 1500 : slen), slow);
	free(fast);
	free(slow);
	return ok;
}

static const struct {
	const char	*in;
	size_t		 len;
	unsigned char	 delim;
	size_t		 max;
	int		 flags;
	const char	*want;	/* the fast path's transcript, or NULL */
} cases[] = {
	/* Plain rows, and the line numbers after blank lines. */
	{ IN("a,b,c\n1,2,3\n\n\n4,,6\n"), 0, 0, 0,
	  "h 1 3 1:a 1:b 1:c\nr 2 3 1:1 1:2 1:3\nr 5 3 1:4 0: 1:6\n"
	  "end 1  skipped 0\n" },
	/* Spaces and tabs are kept, as keep_spaces() makes libcsv do. */
	{ IN("a,b\n x , y \n\t1\t,2  \n"), 0, 0, 0,
	  "h 1 2 1:a 1:b\nr 2 2 3: x  3: y \nr 3 2 3:\t1\t 3:2  \n"
	  "end 1  skipped 0\n" },
	/* CRLF; a blank CRLF line; a row ending in an empty field. */
	{ IN("a,b\r\n1,2\r\n\r\n3,\r\n"), 0, 0, 0,
	  "h 1 2 1:a 1:b\nr 2 2 1:1 1:2\nr 4 2 1:3 0:\nend 1  skipped 0\n" },
	/* A CR inside a line ends a record there. */
	{ IN("a,b\n1,2\r3,4\n5\r\r\n"), 0, 0, SALES_CSV_RAGGED,
	  "h 1 2 1:a 1:b\nr 2 2 1:1 1:2\nr 2 2 1:3 1:4\nr 3 1 1:5\n"
	  "end 1  skipped 0\n" },
	/* Quoted fields: first, middle, last, empty, doubled quotes. */
	{ IN("a,b,c\n\"x\",\"y,\"\"z\"\"\",\"\"\n\"\",2,\"3\"\r\n"), 0, 0, 0,
	  "h 1 3 1:a 1:b 1:c\nr 2 3 1:x 5:y,\"z\" 0:\nr 3 3 0: 1:2 1:3\n"
	  "end 1  skipped 0\n" },
	/* A quoted field holding newlines continues through libcsv. */
	{ IN("a,b\n1,\"x\ny\nz\",q\n3,4\n"), 0, 0, SALES_CSV_RAGGED,
	  "h 1 2 1:a 1:b\nr 2 3 1:1 5:x\ny\nz 1:q\nr 5 2 1:3 1:4\n"
	  "end 1  skipped 0\n" },
	/* A CR inside quotes; a CR right after the closing quote. */
	{ IN("a,b\n\"x\ry\",\"2\"\r3,4\n"), 0, 0, 0,
	  "h 1 2 1:a 1:b\nr 2 2 3:x\ry 1:2\nr 2 2 1:3 1:4\n"
	  "end 1  skipped 0\n" },
	/* A quote inside an unquoted field: libcsv's error, its line. */
	{ IN("a,b\n1,2\n3,x\"y\n4,5\n"), 0, 0, 0,
	  "h 1 2 1:a 1:b\nr 2 2 1:1 1:2\nend -3 t.csv:3: malformed quoting "
	  "(a quote inside an unquoted field, or text after a closing quote)"
	  " skipped 0\n" },
	/* Text after a closing quote, after a quoted field of ours. */
	{ IN("a,b\n\"1\"x,2\n"), 0, 0, 0, NULL },
	{ IN("a,b\n\"1\" ,2\n"), 0, 0, 0, NULL },
	/* No closing quote on the line, nor in the file. */
	{ IN("a,b\n1,\"open\n"), 0, 0, 0, NULL },
	{ IN("a,b\n1,2\n\"x\"\"\n"), 0, 0, 0, NULL },
	/* The last line has no LF: csv_fini delivers it. */
	{ IN("a,b\n1,2\n3,4"), 0, 0, 0,
	  "h 1 2 1:a 1:b\nr 2 2 1:1 1:2\nr 3 2 1:3 1:4\nend 1  skipped 0\n" },
	{ IN("a,b\n1,\"2\""), 0, 0, 0, NULL },
	/* A byte-order mark; NUL bytes (the chunk goes to libcsv). */
	{ IN("\xef\xbb\xbf" "a,b\n1,2\n"), 0, 0, 0, NULL },
	{ IN("a,b\n1,x\0y\n3,4\n"), 0, 0, 0, NULL },
	/* Old Mac line ends (CR only). */
	{ IN("a,b\r1,2\r\"3\r3\",4\r"), 0, 0, 0, NULL },
	/* Other delimiters, a space among them. */
	{ IN("a;b\n1;\"2;3\"\n,x;y\n"), ';', 0, 0,
	  "h 1 2 1:a 1:b\nr 2 2 1:1 3:2;3\nr 3 2 2:,x 1:y\n"
	  "end 1  skipped 0\n" },
	{ IN("a b\n1  2\n\"x y\" z\n"), ' ', 0, SALES_CSV_RAGGED, NULL },
	{ IN("a\tb\n1\t\"2\"\n \t \n"), '\t', 0, 0, NULL },
	/* A delimiter byte over 0x7f (chars are signed here). */
	{ IN("a\xa7" "b\n1\xa7\"2\"\n3\xa7" "4\n"), 0xa7, 0, 0,
	  "h 1 2 1:a 1:b\nr 2 2 1:1 1:2\nr 3 2 1:3 1:4\nend 1  skipped 0\n" },
	/* Lines over max_field, fields over it, the limit exactly. */
	{ IN("a,b\n12345678,1\n1234,5678\n\"123456789\",1\n1,2\n"), 0, 8, 0,
	  NULL },
	/* Ragged rows, Salesforce blank rows and footers. */
	{ IN("a,b,c\n1\n1,2,3,4\n\"\"\n,,\n"), 0, 0, 0, NULL },
	{ IN("a,b\n1,2\n\"Grand Totals (1 records)\"\n,\n"
	     "Confidential Information - Do Not Distribute,\n3,4\n"),
	  0, 0, 0, NULL },
	/* Only a header, only blank lines, nothing. */
	{ IN("a,b\n"), 0, 0, 0, NULL },
	{ IN("\n\r\n\n"), 0, 0, 0, NULL },
	{ IN(""), 0, 0, 0, NULL },
	/* Bytes that are not ASCII pass through. */
	{ IN("name,city\nRen\xc3\xa9,K\xf6ln\n"), 0, 0, 0, NULL },
};

START_TEST(test_cases)
{
	struct sales_csv_options o;
	char msg[4096];
	char *fast;
	size_t flen = 0;

	memset(&o, 0, sizeof(o));
	o.delimiter = cases[_i].delim;
	o.max_field = cases[_i].max;
	o.flags = cases[_i].flags;
	if (!same(cases[_i].in, cases[_i].len, &o, msg, sizeof(msg)))
		ck_abort_msg("case %d: paths differ\n%s", _i, msg);
	if (cases[_i].want != NULL) {
		fast = csvdiff_transcript(cases[_i].in, cases[_i].len, &o, 0,
		    &flen);
		ck_assert_ptr_nonnull(fast);
		if (strlen(cases[_i].want) != flen ||
		    memcmp(fast, cases[_i].want, flen) != 0)
			ck_abort_msg("case %d:\n--- got\n%.*s--- want\n%s", _i,
			    (int)flen, fast, cases[_i].want);
		free(fast);
	}
}
END_TEST

/* splitmix64, so that the inputs are the same on every machine. */
static uint64_t
next_rand(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/*
 * Random inputs over the bytes the paths decide on (delimiters, quotes,
 * CR, LF, spaces, a NUL now and then), mostly letters so that many
 * lines are well-formed and take the fast path.
 */
static size_t
random_input(char *buf, size_t len, uint64_t *st, int nul)
{
	static const char rare[] = ",,,,;\t \"\"\"\r\n\n\n\n\xc3";
	size_t i;
	uint64_t r;

	for (i = 0; i < len; i++) {
		r = next_rand(st);
		if (r % 4 != 0)
			buf[i] = (char)('a' + r / 4 % 3);
		else if (nul && r / 4 % 64 == 0)
			buf[i] = '\0';
		else
			buf[i] = rare[r / 4 % (sizeof(rare) - 1)];
	}
	return len;
}

START_TEST(test_random)
{
	static const unsigned char delims[] = { ',', ';', '\t', ' ' };
	struct sales_csv_options o;
	char buf[512], msg[4096];
	uint64_t st = 20261128;
	size_t len;
	int i;

	for (i = 0; i < 4000; i++) {
		memset(&o, 0, sizeof(o));
		o.delimiter = delims[i % 4];
		o.max_field = i % 7 == 0 ? 6 : 0;
		o.flags = (i % 3 == 0 ? SALES_CSV_RAGGED : 0) |
		    (i % 5 == 0 ? SALES_CSV_NO_FOOTER : 0);
		len = random_input(buf, next_rand(&st) % sizeof(buf), &st,
		    i % 11 == 0);
		if (!same(buf, len, &o, msg, sizeof(msg)))
			ck_abort_msg("random input %d: paths differ\n%s", i,
			    msg);
	}
}
END_TEST

/*
 * Inputs of 300 KiB to 1 MiB, so that lines and quoted fields cross the
 * reader's chunk boundaries: well-formed rows of quoted and unquoted
 * fields with CRLF now and then, and rows with quoted newlines.
 */
START_TEST(test_chunks)
{
	struct sales_csv_options o;
	char msg[4096];
	char *buf;
	size_t len, cap = 1024 * 1024 + 256, i;
	uint64_t st = 7, r;
	int round;

	buf = malloc(cap);
	ck_assert_ptr_nonnull(buf);
	for (round = 0; round < 6; round++) {
		len = (size_t)snprintf(buf, cap, "owner,name,amount\n");
		while (len < 300 * 1024 + (size_t)round * 140 * 1024) {
			r = next_rand(&st);
			len += (size_t)snprintf(buf + len, cap - len,
			    "%s%u,%s%u%s,%u.%02u%s",
			    r % 3 == 0 ? "\"" : "", (unsigned)(r >> 8) % 200,
			    r % 5 == 0 ? "\"Acme, \"\"Inc\"\" " : "n",
			    (unsigned)(r >> 16) % 9999,
			    r % 5 == 0 ? (r % 35 == 0 ? "\nline\"" : "\"") : "",
			    (unsigned)(r >> 24) % 100000,
			    (unsigned)(r >> 40) % 100,
			    r % 7 == 0 ? "\r\n" : "\n");
		}
		/* Some NUL-free chunks and, once, a NUL far in. */
		if (round == 5)
			buf[len - 2] = '\0';
		memset(&o, 0, sizeof(o));
		if (!same(buf, len, &o, msg, sizeof(msg)))
			ck_abort_msg("chunk round %d: paths differ\n%s", round,
			    msg);
		/* And cut anywhere, so the last line may be a piece. */
		for (i = 0; i < 3; i++) {
			size_t cut = len - (size_t)(next_rand(&st) % 200);

			if (!same(buf, cut, &o, msg, sizeof(msg)))
				ck_abort_msg("chunk round %d cut %zu: paths "
				    "differ\n%s", round, cut, msg);
		}
	}
	free(buf);
}
END_TEST

Suite *
csvfast_suite(void)
{
	Suite *s = suite_create("csvfast");
	TCase *tc = tcase_create("diff");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_cases, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_random);
	tcase_add_test(tc, test_chunks);
	suite_add_tcase(s, tc);
	return s;
}
