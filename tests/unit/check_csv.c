/*
 * check_csv.c - unit tests for the CSV reader: quoting, line numbers,
 * byte-order marks and encodings, row checks, the Salesforce footer,
 * errors and their messages, and inputs that span several read chunks.
 *
 * Most cases run a whole input through the reader and compare a
 * transcript of everything it returned: the header ("h" then its line),
 * each row (its line, then each field in brackets), "! message" before a
 * row returned with SALES_EDATA, "!! status message" for a fatal error,
 * and "eof N" with the number of rows skipped.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "sales.h"

#define CHUNK	(256 * 1024)	/* the reader's read size, as in csv.c */

/* An input with its length, so that it may hold NUL bytes. */
#define IN(s)	s, sizeof(s) - 1

struct opt {
	const char	*enc;
	unsigned char	 delim;
	size_t		 max;
	int		 flags;
};

static FILE	*input(const char *, size_t);
static void	 print_row(FILE *, const struct sales_row *);
static char	*transcript(const char *, size_t, const struct opt *);

/* A FILE holding in[0..len). */
static FILE *
input(const char *in, size_t len)
{
	FILE *fp;

	fp = tmpfile();
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(in, 1, len, fp), len);
	rewind(fp);
	return fp;
}

static void
print_row(FILE *out, const struct sales_row *r)
{
	size_t i;

	fprintf(out, "%" PRIu64, r->line);
	for (i = 0; i < r->nfields; i++) {
		/* Every field is NUL-terminated at its length. */
		ck_assert_uint_eq(strlen(r->fields[i]), r->lens[i]);
		fprintf(out, "[%s]", r->fields[i]);
	}
	fputc('\n', out);
}

/* Reads all of in[0..len) and returns the transcript (caller frees). */
static char *
transcript(const char *in, size_t len, const struct opt *o)
{
	struct sales_csv_options opts = { 0, NULL, 0, 0 };
	const struct sales_row *row;
	struct sales_csv *c;
	FILE *fp, *out;
	char *s, *msg;
	size_t n;
	int rc;

	if (o != NULL) {
		opts.encoding = o->enc;
		opts.delimiter = o->delim;
		opts.max_field = o->max;
		opts.flags = o->flags;
	}
	fp = input(in, len);
	c = sales_csv_open(fp, "t.csv", &opts);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(sales_csv_error(c), "");
	out = open_memstream(&s, &n);
	ck_assert_ptr_nonnull(out);
	if ((rc = sales_csv_header(c, &row)) == SALES_OK) {
		fputc('h', out);
		print_row(out, row);
		while ((rc = sales_csv_next(c, &row)) == SALES_OK ||
		    rc == SALES_EDATA) {
			if (rc == SALES_EDATA)
				fprintf(out, "! %s\n", sales_csv_error(c));
			print_row(out, row);
		}
	}
	if (rc == SALES_EOF) {
		fprintf(out, "eof %" PRIu64 "\n", sales_csv_skipped(c));
		/* And it stays at the end. */
		ck_assert_int_eq(sales_csv_next(c, &row), SALES_EOF);
	} else {
		fprintf(out, "!! %d %s\n", rc, sales_csv_error(c));
		/* A fatal error sticks, with its message. */
		msg = strdup(sales_csv_error(c));
		ck_assert_int_eq(sales_csv_next(c, &row), rc);
		ck_assert_int_eq(sales_csv_next(c, &row), rc);
		ck_assert_str_eq(sales_csv_error(c), msg);
		free(msg);
	}
	sales_csv_close(c);
	fclose(fp);
	fclose(out);
	return s;
}

/*
 * Whole inputs and their transcripts.
 */
static const struct {
	const char	*in;
	size_t		 len;
	struct opt	 opt;
	const char	*want;
} cases[] = {
	/* 0: simple */
	{ IN("a,b,c\n1,2,3\n4,5,6\n"), { 0 },
	  "h1[a][b][c]\n2[1][2][3]\n3[4][5][6]\neof 0\n" },
	/* 1: quoting, multi-line fields, and the lines after them */
	{ IN("id,text\n"
	    "1,\"x, y\"\n"
	    "2,\"say \"\"hi\"\"\"\n"
	    "3,\"two\nlines\"\n"
	    "4,\"crlf\r\ninside\"\n"
	    "5,end\n"
	    "\"6\n\n\",\"\"\n"
	    "7,last\n"), { 0 },
	  "h1[id][text]\n2[1][x, y]\n3[2][say \"hi\"]\n4[3][two\nlines]\n"
	  "6[4][crlf\r\ninside]\n8[5][end]\n9[6\n\n][]\n12[7][last]\n"
	  "eof 0\n" },
	/* 2: spaces around unquoted fields are kept */
	{ IN("a,b\n x , y \n\t1\t,2  \n"), { 0 },
	  "h1[a][b]\n2[ x ][ y ]\n3[\t1\t][2  ]\neof 0\n" },
	/* 3: no final newline */
	{ IN("a,b\n1,2"), { 0 }, "h1[a][b]\n2[1][2]\neof 0\n" },
	/* 4: no final newline, quoted last field */
	{ IN("a,b\n1,\"x\ny\""), { 0 }, "h1[a][b]\n2[1][x\ny]\neof 0\n" },
	/* 5: UTF-8 BOM */
	{ IN("\xef\xbb\xbf" "a,b\n1,2\n"), { 0 },
	  "h1[a][b]\n2[1][2]\neof 0\n" },
	/* 6: a BOM only at the very start */
	{ IN("a\n\xef\xbb\xbfx\n"), { 0 }, "h1[a]\n2[\xef\xbb\xbfx]\neof 0\n" },
	/* 7: CRLF line ends */
	{ IN("a,b\r\n1,2\r\n\"3\",\"4\"\r\n5,\r\n"), { 0 },
	  "h1[a][b]\n2[1][2]\n3[3][4]\n4[5][]\neof 0\n" },
	/* 8: blank lines are skipped, line numbers stay physical */
	{ IN("\n\na,b\n\n1,2\n\r\n\n3,4\n\n"), { 0 },
	  "h3[a][b]\n5[1][2]\n8[3][4]\neof 0\n" },
	/* 9: a file of bare CRs (old Mac exports): CR counts lines */
	{ IN("a,b\r1,2\r\"3\r3\",4\r5,6\r"), { 0 },
	  "h1[a][b]\n2[1][2]\n3[3\r3][4]\n5[5][6]\neof 0\n" },
	/* 10: ragged rows */
	{ IN("a,b,c,d,e\n1,2,3\n4,5,6,7,8\n9\n1,2,3,4,5,6\n"), { 0 },
	  "h1[a][b][c][d][e]\n"
	  "! t.csv:2: row has 3 fields, header has 5\n2[1][2][3]\n"
	  "3[4][5][6][7][8]\n"
	  "! t.csv:4: row has 1 field, header has 5\n4[9]\n"
	  "! t.csv:5: row has 6 fields, header has 5\n5[1][2][3][4][5][6]\n"
	  "eof 0\n" },
	/* 11: ragged rows allowed */
	{ IN("a,b,c\n1\n1,2,3,4\n"), { NULL, 0, 0, SALES_CSV_RAGGED },
	  "h1[a][b][c]\n2[1]\n3[1][2][3][4]\neof 0\n" },
	/* 12: unterminated quote at EOF, record started by an earlier field */
	{ IN("a,b\n1,2\n3,\"open\nmore\n"), { 0 },
	  "h1[a][b]\n2[1][2]\n!! -3 t.csv:3: unterminated quoted field\n" },
	/* 13: unterminated quote in the first field, after blank lines */
	{ IN("a,b\n1,2\n\n\n\"open\nx\ny"), { 0 },
	  "h1[a][b]\n2[1][2]\n!! -3 t.csv:5: unterminated quoted field\n" },
	/* 14: the same with a final newline */
	{ IN("a,b\n\"open,\n\n"), { 0 },
	  "h1[a][b]\n!! -3 t.csv:2: unterminated quoted field\n" },
	/* 15: a quote inside an unquoted field */
	{ IN("a,b\n1,2\n3,x\"y\n4,5\n"), { 0 },
	  "h1[a][b]\n2[1][2]\n!! -3 t.csv:3: malformed quoting (a quote "
	  "inside an unquoted field, or text after a closing quote)\n" },
	/* 16: text after a closing quote, on a later line of the record */
	{ IN("a,b\n\"1\n2\"x,2\n"), { 0 },
	  "h1[a][b]\n!! -3 t.csv:3: malformed quoting (a quote "
	  "inside an unquoted field, or text after a closing quote)\n" },
	/* 17: a space after a closing quote is text after it */
	{ IN("a,b\n\"1\" ,2\n"), { 0 },
	  "h1[a][b]\n!! -3 t.csv:2: malformed quoting (a quote "
	  "inside an unquoted field, or text after a closing quote)\n" },
	/* 18: a NUL byte */
	{ IN("a,b\n1,x\0y\n3,4\n"), { 0 },
	  "h1[a][b]\n! t.csv:2: field 2 contains a NUL byte\n2[1][x]\n"
	  "3[3][4]\neof 0\n" },
	/* 19: a NUL byte in the header */
	{ IN("a\0,b\n1,2\n"), { 0 },
	  "!! -3 t.csv:1: field 1 contains a NUL byte\n" },
	/* 20: field size limit: over by one, exactly at it */
	{ IN("a,b\n1,12345678901234567\n2,1234567890123456\n"
	    "\"x\ny12345678901234\",3\n"), { NULL, 0, 16, 0 },
	  "h1[a][b]\n! t.csv:2: field 2 is 17 bytes, over the limit of 16 "
	  "(--max-field-size)\n2[1][]\n3[2][1234567890123456]\n"
	  "! t.csv:4: field 1 is 17 bytes, over the limit of 16 "
	  "(--max-field-size)\n4[][3]\neof 0\n" },
	/* 21: empty file */
	{ IN(""), { 0 }, "!! -3 t.csv: empty file, expected a header row\n" },
	/* 22: only blank lines */
	{ IN("\n\r\n\n"), { 0 },
	  "!! -3 t.csv: empty file, expected a header row\n" },
	/* 23: only a BOM */
	{ IN("\xef\xbb\xbf"), { 0 },
	  "!! -3 t.csv: empty file, expected a header row\n" },
	/* 24: header only */
	{ IN("a,b\n"), { 0 }, "h1[a][b]\neof 0\n" },
	{ IN("a,b"), { 0 }, "h1[a][b]\neof 0\n" },
	/* 26: the tail of a real Salesforce report export */
	{ IN("\"Owner\",\"Account\",\"Amount\"\n"
	    "\"Jane Doe\",\"Acme\",\"5000.00\"\n"
	    "\"\"\n"
	    "\"\"\n"
	    "\"Grand Totals (3 records)\"\n"
	    "\"\"\n"
	    "\"\"\n"
	    "\"Confidential Information - Do Not Distribute\"\n"
	    "\"\"\n"
	    "\"Copyright (c) 2000-2026 salesforce.com, inc. All rights "
	    "reserved.\"\n"), { 0 },
	  "h1[Owner][Account][Amount]\n2[Jane Doe][Acme][5000.00]\neof 8\n" },
	/* 27: footer markers in other shapes, and empty rows after them */
	{ IN("a,b\n1,2\n  grand totals (2 records)  ,\n,\n,,,\n"
	    "GENERATED BY: Jane 1/2/2026,\ncopyright (C) 2026\n"), { 0 },
	  "h1[a][b]\n2[1][2]\neof 5\n" },
	/* 28: data after the footer */
	{ IN("a,b\n1,2\n\"Grand Totals (1 records)\"\n3,4\n,\n"), { 0 },
	  "h1[a][b]\n2[1][2]\n! t.csv:4: data after the report footer\n"
	  "4[3][4]\neof 2\n" },
	/* 29: a marker with data beside it is no footer */
	{ IN("a,b\nGrand Totals (1 records),5\n"), { 0 },
	  "h1[a][b]\n2[Grand Totals (1 records)][5]\neof 0\n" },
	/* 30: footers kept on request; "" rows are skipped anyway */
	{ IN("a,b\n1,2\n\"\"\n\"Grand Totals (1 records)\"\n"),
	  { NULL, 0, 0, SALES_CSV_NO_FOOTER | SALES_CSV_RAGGED },
	  "h1[a][b]\n2[1][2]\n4[Grand Totals (1 records)]\neof 1\n" },
	/* 31: a lone "" between data rows is a blank row */
	{ IN("a,b\n1,2\n\"\"\n3,4\n"), { 0 },
	  "h1[a][b]\n2[1][2]\n4[3][4]\neof 1\n" },
	/* 32: ... but a row in a one-column file */
	{ IN("a\n\"\"\n1\n"), { 0 }, "h1[a]\n2[]\n3[1]\neof 0\n" },
	/* 33: latin1 */
	{ IN("name,city\nRen\xe9,K\xf6ln\n"), { "latin1", 0, 0, 0 },
	  "h1[name][city]\n2[Ren\xc3\xa9][K\xc3\xb6ln]\neof 0\n" },
	/* 34: utf-8 named: bytes pass unchanged, even invalid ones */
	{ IN("a\n\xff\xe9\n"), { "UTF8", 0, 0, 0 },
	  "h1[a]\n2[\xff\xe9]\neof 0\n" },
	/* 35: UTF-16LE with a BOM */
	{ IN("\xff\xfe" "a\0,\0b\0\n\0" "1\0,\0\xe9\0\n\0"),
	  { "utf-16", 0, 0, 0 },
	  "h1[a][b]\n2[1][\xc3\xa9]\neof 0\n" },
	/* 36: UTF-16BE with a BOM */
	{ IN("\xfe\xff" "\0a\0,\0b\0\n" "\0" "1\0,\0\xe9\0\n"),
	  { "UTF-16", 0, 0, 0 },
	  "h1[a][b]\n2[1][\xc3\xa9]\neof 0\n" },
	/* 37: UTF-16 found by its BOM alone, with a multi-line field */
	{ IN("\xff\xfe" "a\0,\0b\0\r\0\n\0" "\"\0x\0\n\0y\0\"\0,\0" "2\0"),
	  { 0 },
	  "h1[a][b]\n2[x\ny][2]\neof 0\n" },
	{ IN("\xfe\xff" "\0a\0\n" "\0" "1"), { 0 }, "h1[a]\n2[1]\neof 0\n" },
	/* 39: UTF-16 without a BOM: guessed from the second byte */
	{ IN("a\0\n\0" "1\0"), { "utf-16", 0, 0, 0 },
	  "h1[a]\n2[1]\neof 0\n" },
	{ IN("\0a\0\n" "\0" "1"), { "utf-16", 0, 0, 0 },
	  "h1[a]\n2[1]\neof 0\n" },
	/* 41: other encodings go to iconv as named */
	{ IN("a\n\x80\n"), { "CP1252", 0, 0, 0 },
	  "h1[a]\n2[\xe2\x82\xac]\neof 0\n" },
	/* 42: a UTF-8 BOM after conversion is dropped */
	{ IN("\xff\xfe" "a\0\n\0"), { "UTF-16LE", 0, 0, 0 },
	  "h1[a]\neof 0\n" },
	/* 43: invalid UTF-16: a lone surrogate, and an odd byte at the end */
	{ IN("\xff\xfe" "a\0\n\0" "1\0\n\0" "\x00\xdc\n\0"), { 0 },
	  "h1[a]\n2[1]\n!! -3 t.csv:3: invalid utf-16 byte sequence\n" },
	{ IN("\xff\xfe" "a\0\n\0" "1\0" "2"), { 0 },
	  "h1[a]\n!! -3 t.csv:2: invalid utf-16 byte sequence\n" },
	/* 45: invalid bytes in a named encoding */
	{ IN("a\n\x81\n"), { "SHIFT_JIS", 0, 0, 0 },
	  "h1[a]\n!! -3 t.csv:2: invalid SHIFT_JIS byte sequence\n" },
	/* 46: unknown encoding */
	{ IN("a\n"), { "xyz", 0, 0, 0 },
	  "!! -5 t.csv: unknown encoding \"xyz\"\n" },
	/* 47: tab delimiter */
	{ IN("a\tb c\n1,5\t x \n\"q\tr\"\t\n"), { NULL, '\t', 0, 0 },
	  "h1[a][b c]\n2[1,5][ x ]\n3[q\tr][]\neof 0\n" },
	/* 48: semicolon delimiter */
	{ IN("a;b\n1,5;2\n"), { NULL, ';', 0, 0 },
	  "h1[a][b]\n2[1,5][2]\neof 0\n" },
	/* 49: a delimiter that cannot be */
	{ IN("a\n"), { NULL, '"', 0, 0 },
	  "!! -5 t.csv: the delimiter cannot be a double quote, CR or LF\n" },
	/* 50: an over-limit header field */
	{ IN("abc\n"), { NULL, 0, 2, 0 },
	  "!! -3 t.csv:1: field 1 is 3 bytes, over the limit of 2 "
	  "(--max-field-size)\n" },
	/* 51: a record that starts after a bare CR, then an open quote */
	{ IN("a,b\n1,2\r\"3\n\n4"), { 0 },
	  "h1[a][b]\n2[1][2]\n!! -3 t.csv:2: unterminated quoted field\n" },
};

START_TEST(test_cases)
{
	char *got;

	got = transcript(cases[_i].in, cases[_i].len, &cases[_i].opt);
	ck_assert_msg(strcmp(got, cases[_i].want) == 0,
	    "case %d:\n--- got\n%s--- want\n%s", _i, got, cases[_i].want);
	free(got);
}
END_TEST

/*
 * A generated input of about total bytes: header "id,text" then rows
 * "i,text" where every tenth text is quoted and spans three lines, and
 * one, spanning four lines, is cut by the chunk boundary at offset cut.
 * Checks every row, its fields and its line.
 */
enum gen_kind { GEN_PLAIN, GEN_QUOTED, GEN_CUT };

static void
check_generated(size_t total, size_t cut, int crlf)
{
	const char *eol = crlf ? "\r\n" : "\n";
	const struct sales_row *row;
	struct sales_csv *c;
	enum gen_kind *kinds;
	uint64_t *lines, line = 2;
	char *in, text[64];
	size_t len, i, nrows, at;
	FILE *gen, *fp;
	int rc, cut_done = 0;

	lines = malloc((total / 8) * sizeof(*lines));
	kinds = malloc((total / 8) * sizeof(*kinds));
	ck_assert(lines != NULL && kinds != NULL);
	gen = open_memstream(&in, &len);
	ck_assert_ptr_nonnull(gen);
	fprintf(gen, "id,text%s", eol);
	for (nrows = 0; (at = (size_t)ftell(gen)) < total; nrows++) {
		lines[nrows] = line;
		if (!cut_done && at < cut && at + 30 > cut) {
			kinds[nrows] = GEN_CUT;
			fprintf(gen, "%zu,\"a%s%sb%sc\"%s", nrows, eol, eol,
			    eol, eol);
			cut_done = 1;
			line += 4;
		} else if (nrows % 10 == 9) {
			kinds[nrows] = GEN_QUOTED;
			fprintf(gen, "%zu,\"x,%sy\"\"%s\"%s", nrows, eol, eol,
			    eol);
			line += 3;
		} else {
			kinds[nrows] = GEN_PLAIN;
			fprintf(gen, "%zu,plain text %zu%s", nrows, nrows, eol);
			line++;
		}
	}
	fclose(gen);
	ck_assert(cut_done);

	fp = input(in, len);
	c = sales_csv_open(fp, "<stdin>", NULL);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(sales_csv_header(c, &row), SALES_OK);
	/*
	 * Plain tests, not ck_assert, inside the loop: in fork mode every
	 * ck_assert sends a message to the parent, and this loop runs
	 * millions of times over the suite.
	 */
	for (i = 0; (rc = sales_csv_next(c, &row)) == SALES_OK; i++) {
		if (i >= nrows || row->nfields != 2 ||
		    strtoul(row->fields[0], NULL, 10) != i)
			ck_abort_msg("row %zu: %zu fields, id %s", i,
			    row->nfields, row->fields[0]);
		if (row->line != lines[i])
			ck_abort_msg("row %zu: line %" PRIu64 ", want %" PRIu64,
			    i, row->line, lines[i]);
		if (kinds[i] == GEN_CUT)
			snprintf(text, sizeof(text), "a%s%sb%sc", eol, eol,
			    eol);
		else if (kinds[i] == GEN_QUOTED)
			snprintf(text, sizeof(text), "x,%sy\"%s", eol, eol);
		else
			snprintf(text, sizeof(text), "plain text %zu", i);
		if (strcmp(row->fields[1], text) != 0)
			ck_abort_msg("row %zu: \"%s\", want \"%s\"", i,
			    row->fields[1], text);
	}
	ck_assert_int_eq(rc, SALES_EOF);
	ck_assert_uint_eq(i, nrows);
	sales_csv_close(c);
	fclose(fp);
	free(in);
	free(lines);
	free(kinds);
}

/* Cuts the multi-line field at each of several bytes around 256 KiB. */
START_TEST(test_chunk_boundary)
{
	check_generated(600 * 1024, CHUNK - 20 + (size_t)_i, 0);
}
END_TEST

START_TEST(test_chunk_boundary_crlf)
{
	check_generated(600 * 1024, CHUNK - 20 + (size_t)_i, 1);
}
END_TEST

START_TEST(test_many_rows)
{
	const struct sales_row *row;
	struct sales_csv *c;
	FILE *gen, *fp;
	char *in;
	size_t len, i, n = 100000;
	uint64_t last = 0;
	int rc;

	gen = open_memstream(&in, &len);
	fputs("owner,amount,stage\n", gen);
	for (i = 0; i < n; i++)
		fprintf(gen, "rep%zu,%zu.00,Stage %zu\n", i % 7, i, i % 5);
	fclose(gen);
	fp = input(in, len);
	c = sales_csv_open(fp, "big.csv", NULL);
	ck_assert_int_eq(sales_csv_header(c, &row), SALES_OK);
	for (i = 0; (rc = sales_csv_next(c, &row)) == SALES_OK; i++)
		last = row->line;
	ck_assert_int_eq(rc, SALES_EOF);
	ck_assert_uint_eq(i, n);
	ck_assert_uint_eq(last, n + 1);
	ck_assert_str_eq(sales_csv_error(c), "");
	sales_csv_close(c);
	fclose(fp);
	free(in);
}
END_TEST

/*
 * UTF-16 over several conversion reads, with surrogate pairs cut by the
 * read boundary (iconv's EINVAL: the tail waits for the next read).
 */
START_TEST(test_utf16_long)
{
	static const char emoji[] = "\xf0\x9f\x98\x80";	/* U+1F600 */
	const struct sales_row *row;
	struct sales_csv_options o = { 0, "utf-16", 0, 0 };
	struct sales_csv *c;
	FILE *gen, *fp;
	char *in, want[5 * 4 + 1];
	size_t len, i, n = 20000;
	int rc;

	gen = open_memstream(&in, &len);
	/* LE, BOM, then "hh\n": the pairs start at odd unit offsets. */
	fwrite("\xff\xfe" "h\0h\0\n\0", 1, 8, gen);
	for (i = 0; i < n; i++)
		/* Five U+1F600 and a newline. */
		fwrite("\x3d\xd8\x00\xde\x3d\xd8\x00\xde\x3d\xd8\x00\xde"
		    "\x3d\xd8\x00\xde\x3d\xd8\x00\xde\n\0", 1, 22, gen);
	fclose(gen);
	want[0] = '\0';
	for (i = 0; i < 5; i++)
		strcat(want, emoji);
	fp = input(in, len);
	c = sales_csv_open(fp, "u.csv", &o);
	ck_assert_int_eq(sales_csv_header(c, &row), SALES_OK);
	ck_assert_str_eq(row->fields[0], "hh");
	for (i = 0; (rc = sales_csv_next(c, &row)) == SALES_OK; i++)
		if (strcmp(row->fields[0], want) != 0 || row->line != i + 2)
			ck_abort_msg("row %zu: line %" PRIu64 " \"%s\"", i,
			    row->line, row->fields[0]);
	ck_assert_int_eq(rc, SALES_EOF);
	ck_assert_uint_eq(i, n);
	sales_csv_close(c);
	fclose(fp);
	free(in);
}
END_TEST

/* An unclosed quote does not buffer the whole file. */
START_TEST(test_runaway_field)
{
	const struct sales_row *row;
	struct sales_csv_options o = { 0, NULL, 16, 0 };
	struct sales_csv *c;
	size_t len = 3 * CHUNK;
	char *in;
	FILE *fp;

	in = malloc(len);
	memset(in, 'x', len);
	memcpy(in, "a,b\n1,\"", 7);
	for (size_t i = 1000; i < len; i += 1000)
		in[i] = '\n';
	fp = input(in, len);
	c = sales_csv_open(fp, "r.csv", &o);
	ck_assert_int_eq(sales_csv_header(c, &row), SALES_OK);
	ck_assert_int_eq(sales_csv_next(c, &row), SALES_EPARSE);
	/* The field passes 2 * 16 + 64 KiB on line 67. */
	ck_assert_str_eq(sales_csv_error(c), "r.csv:67: field is over 32 "
	    "bytes, twice the limit of 16 (--max-field-size); giving up on "
	    "this input");
	sales_csv_close(c);
	fclose(fp);
	free(in);
}
END_TEST

/* A long field under the hard limit is only a bad row. */
START_TEST(test_long_field)
{
	const struct sales_row *row;
	struct sales_csv_options o = { 0, NULL, 1000, 0 };
	struct sales_csv *c;
	char *in;
	FILE *fp;
	size_t len = 50000;

	in = malloc(len);
	memset(in, 'y', len);
	memcpy(in, "a,b\n1,\"", 7);
	memcpy(in + len - 8, "\"\n2,3\n", 6);
	len -= 2;
	fp = input(in, len);
	c = sales_csv_open(fp, "l.csv", &o);
	ck_assert_int_eq(sales_csv_next(c, &row), SALES_EDATA);
	ck_assert_str_eq(sales_csv_error(c), "l.csv:2: field 2 is 49985 "
	    "bytes, over the limit of 1000 (--max-field-size)");
	ck_assert_str_eq(row->fields[1], "");
	ck_assert_int_eq(sales_csv_next(c, &row), SALES_OK);
	ck_assert_str_eq(row->fields[0], "2");
	ck_assert_uint_eq(row->line, 3);
	ck_assert_int_eq(sales_csv_next(c, &row), SALES_EOF);
	sales_csv_close(c);
	fclose(fp);
	free(in);
}
END_TEST

/*
 * Fields stored before a long multi-line field must survive the arena
 * growing under them.
 */
START_TEST(test_arena_growth)
{
	const struct sales_row *row;
	struct sales_csv *c;
	FILE *gen, *fp;
	char *in, last[128];
	size_t len, i;

	gen = open_memstream(&in, &len);
	fputs("a,b,c,d\nfirst,second,third,\"", gen);
	for (i = 0; i < 3000; i++)
		fprintf(gen, "%099zu\n", i);
	fputs("\"\nx,y,z,w\n", gen);
	fclose(gen);
	fp = input(in, len);
	c = sales_csv_open(fp, "g.csv", NULL);
	ck_assert_int_eq(sales_csv_next(c, &row), SALES_OK);
	ck_assert_uint_eq(row->line, 2);
	ck_assert_str_eq(row->fields[0], "first");
	ck_assert_str_eq(row->fields[2], "third");
	ck_assert_uint_eq(row->lens[3], 300000);
	ck_assert(strncmp(row->fields[3], "000", 3) == 0);
	snprintf(last, sizeof(last), "%099d\n", 2999);
	ck_assert_str_eq(row->fields[3] + 299900, last);
	ck_assert_int_eq(sales_csv_next(c, &row), SALES_OK);
	ck_assert_uint_eq(row->line, 3003);
	ck_assert_str_eq(row->fields[3], "w");
	ck_assert_int_eq(sales_csv_next(c, &row), SALES_EOF);
	sales_csv_close(c);
	fclose(fp);
	free(in);
}
END_TEST

/*
 * Records ended by bare CRs, many to a 256 KiB chunk: in a file with no
 * LF, CR counts lines.
 */
START_TEST(test_bare_cr)
{
	const struct sales_row *row;
	struct sales_csv *c;
	FILE *gen, *fp;
	char *in;
	size_t len, i, n = 50000;
	int rc;

	gen = open_memstream(&in, &len);
	fputs("id,v\r", gen);
	for (i = 0; i < n; i++)
		fprintf(gen, "%zu,value %zu\r", i, i);
	fclose(gen);
	fp = input(in, len);
	c = sales_csv_open(fp, "cr.csv", NULL);
	for (i = 0; (rc = sales_csv_next(c, &row)) == SALES_OK; i++) {
		ck_assert_uint_eq(strtoul(row->fields[0], NULL, 10), i);
		if (row->line != i + 2)
			ck_abort_msg("row %zu on line %" PRIu64, i, row->line);
		ck_assert_uint_eq(row->lens[1], 6 + strlen(row->fields[0]));
	}
	ck_assert_int_eq(rc, SALES_EOF);
	ck_assert_uint_eq(i, n);
	sales_csv_close(c);
	fclose(fp);
	free(in);
}
END_TEST

/* The API around the rows: name, header lifetime, NULL, read errors. */
START_TEST(test_api)
{
	const struct sales_row *hdr, *hdr2, *row;
	struct sales_csv *c;
	FILE *fp;

	fp = input(IN("x,y\n1,2\n3,4\n"));
	c = sales_csv_open(fp, "<stdin>", NULL);
	ck_assert_str_eq(sales_csv_name(c), "<stdin>");
	ck_assert_str_eq(sales_csv_error(c), "");
	ck_assert_int_eq(sales_csv_errno(c), 0);
	/* next reads the header on its own; header hands it back after. */
	ck_assert_int_eq(sales_csv_next(c, &row), SALES_OK);
	ck_assert_str_eq(row->fields[1], "2");
	ck_assert_int_eq(sales_csv_header(c, &hdr), SALES_OK);
	ck_assert_int_eq(sales_csv_next(c, &row), SALES_OK);
	ck_assert_int_eq(sales_csv_next(c, &row), SALES_EOF);
	ck_assert_int_eq(sales_csv_header(c, &hdr2), SALES_OK);
	ck_assert_ptr_eq(hdr, hdr2);
	ck_assert_uint_eq(hdr->nfields, 2);
	ck_assert_str_eq(hdr->fields[0], "x");
	ck_assert_uint_eq(hdr->lens[1], 1);
	ck_assert_uint_eq(hdr->line, 1);
	ck_assert_int_eq(sales_csv_header(NULL, &hdr), SALES_EUSAGE);
	ck_assert_int_eq(sales_csv_next(c, NULL), SALES_EUSAGE);
	sales_csv_close(c);
	sales_csv_close(NULL);
	fclose(fp);

	/* A stream that cannot be read. */
	fp = fopen("/dev/null", "w");
	ck_assert_ptr_nonnull(fp);
	c = sales_csv_open(fp, "w.csv", NULL);
	ck_assert_int_eq(sales_csv_header(c, &hdr), SALES_EIO);
	ck_assert_int_eq(sales_csv_errno(c), EBADF);
	ck_assert_str_eq(sales_csv_error(c), "w.csv: read error: Bad file "
	    "descriptor");
	ck_assert_int_eq(sales_csv_next(c, &row), SALES_EIO);
	sales_csv_close(c);
	fclose(fp);
}
END_TEST

Suite *
csv_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("csv");

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_cases, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_api);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_runaway_field);
	tcase_add_test(tc, test_long_field);
	suite_add_tcase(s, tc);

	tc = tcase_create("chunks");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_chunk_boundary, 0, 40);
	tcase_add_loop_test(tc, test_chunk_boundary_crlf, 0, 40);
	tcase_add_test(tc, test_many_rows);
	tcase_add_test(tc, test_utf16_long);
	tcase_add_test(tc, test_arena_growth);
	tcase_add_test(tc, test_bare_cr);
	suite_add_tcase(s, tc);
	return s;
}
