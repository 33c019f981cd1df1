/*
 * check_out.c - unit tests for the table writer (sales_out.h): the exact
 * bytes of every format, CSV read back through libcsv, spreadsheet
 * formula protection, JSON escaping and numbers, table alignment, and
 * write errors on /dev/full.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <csv.h>

#include "sales.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static char	*render(enum sales_format, int, size_t, const char *const *,
		    const enum sales_coltype *, size_t, const char *const *);
static int	keep_spaces(unsigned char);
static void	rt_field(void *, size_t, void *);
static void	rt_record(int, void *);
static void	roundtrip(size_t, const char *const *, size_t,
		    const char *const *);

/*
 * Writes the header names and nrows rows of ncols cells (flat, row by
 * row) in format fmt and returns the output; the caller frees it.
 */
static char *
render(enum sales_format fmt, int flags, size_t ncols,
    const char *const *names, const enum sales_coltype *types, size_t nrows,
    const char *const *cells)
{
	struct sales_out *o;
	char *buf = NULL;
	size_t len = 0, r;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	o = sales_out_new(fp, fmt, flags);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(sales_out_columns(o, ncols, names, types), SALES_OK);
	for (r = 0; r < nrows; r++)
		ck_assert_int_eq(sales_out_row(o, cells + r * ncols), SALES_OK);
	ck_assert_int_eq(sales_out_finish(o), SALES_OK);
	sales_out_free(o);
	ck_assert_int_eq(fclose(fp), 0);
	return buf;
}

/*
 * csv: exact output.
 */

static const char *const names3[] = { "owner", "note", "amount" };
static const enum sales_coltype types3[] = {
	SALES_COL_TEXT, SALES_COL_TEXT, SALES_COL_NUMBER
};

START_TEST(csv_exact)
{
	static const char *const rows[] = {
		"Ann", "plain", "1234.50",
		"Bob, Jr.", "say \"hi\"", "-3",
		" lead", "trail\t", NULL,
		"", "two\nlines", "12.5",
		"cr\rx", "crlf\r\n", "",
		"Zo\xc3\xab", "a\tb", "1,000",
		"\"", "x ", "0"
	};
	char *out;

	out = render(SALES_FMT_CSV, 0, 3, names3, types3, NELEM(rows) / 3,
	    rows);
	ck_assert_str_eq(out,
	    "owner,note,amount\n"
	    "Ann,plain,1234.50\n"
	    "\"Bob, Jr.\",\"say \"\"hi\"\"\",-3\n"
	    "\" lead\",\"trail\t\",\n"
	    ",\"two\nlines\",12.5\n"
	    "\"cr\rx\",\"crlf\r\n\",\n"
	    "Zo\xc3\xab,a\tb,\"1,000\"\n"
	    "\"\"\"\",\"x \",0\n");
	free(out);
}
END_TEST

START_TEST(csv_header_quoted)
{
	static const char *const names[] = { "na,me", " id", "q\"" };
	static const char *const rows[] = { "a", "b", "c" };
	char *out;

	out = render(SALES_FMT_CSV, 0, 3, names, NULL, 1, rows);
	ck_assert_str_eq(out, "\"na,me\",\" id\",\"q\"\"\"\na,b,c\n");
	free(out);
}
END_TEST

/* A lone empty cell is "" so the row is not a blank line that readers skip. */
START_TEST(csv_one_column_empty)
{
	static const char *const names[] = { "x" };
	static const char *const rows[] = { "", NULL, "a" };
	char *out;

	out = render(SALES_FMT_CSV, 0, 1, names, NULL, 3, rows);
	ck_assert_str_eq(out, "x\n\"\"\n\"\"\na\n");
	free(out);
}
END_TEST

/*
 * csv: round trip through libcsv, read the way sales_csv reads.
 */

#define RT_MAX	256

struct rt {
	char	*fields[RT_MAX];
	size_t	 lens[RT_MAX];
	size_t	 nfields;
	size_t	 recwidth[RT_MAX];
	size_t	 nrecords;
	size_t	 cur;		/* fields in the current record */
};

/* libcsv trims spaces and tabs around unquoted fields unless told not to. */
static int
keep_spaces(unsigned char c)
{
	(void)c;
	return 0;
}

static void
rt_field(void *s, size_t len, void *data)
{
	struct rt *rt = data;

	ck_assert_uint_lt(rt->nfields, RT_MAX);
	rt->fields[rt->nfields] = malloc(len + 1);
	ck_assert_ptr_nonnull(rt->fields[rt->nfields]);
	memcpy(rt->fields[rt->nfields], s, len + 1);
	rt->lens[rt->nfields++] = len;
	rt->cur++;
}

static void
rt_record(int term, void *data)
{
	struct rt *rt = data;

	(void)term;
	ck_assert_uint_lt(rt->nrecords, RT_MAX);
	rt->recwidth[rt->nrecords++] = rt->cur;
	rt->cur = 0;
}

/*
 * Writes names and rows as csv, parses the output with libcsv and checks
 * that every field comes back byte for byte, NULL as "".
 */
static void
roundtrip(size_t ncols, const char *const *names, size_t nrows,
    const char *const *cells)
{
	struct csv_parser p;
	struct rt rt;
	size_t i, r, len;
	char *out;

	out = render(SALES_FMT_CSV, 0, ncols, names, NULL, nrows, cells);
	len = strlen(out);
	memset(&rt, 0, sizeof(rt));
	ck_assert_int_eq(csv_init(&p,
	    CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL), 0);
	csv_set_space_func(&p, keep_spaces);
	ck_assert_uint_eq(csv_parse(&p, out, len, rt_field, rt_record, &rt),
	    len);
	ck_assert_int_eq(csv_fini(&p, rt_field, rt_record, &rt), 0);
	csv_free(&p);

	ck_assert_uint_eq(rt.nrecords, nrows + 1);
	for (r = 0; r < rt.nrecords; r++)
		ck_assert_uint_eq(rt.recwidth[r], ncols);
	for (i = 0; i < rt.nfields; i++) {
		const char *want = i < ncols ? names[i] : cells[i - ncols];

		if (want == NULL)
			want = "";
		ck_assert_uint_eq(rt.lens[i], strlen(want));
		ck_assert_msg(memcmp(rt.fields[i], want, rt.lens[i]) == 0,
		    "field %zu: got [%s], want [%s]", i, rt.fields[i], want);
		free(rt.fields[i]);
	}
	free(out);
}

START_TEST(csv_roundtrip_tricky)
{
	static const char *const names[] = { "id", " spaced ", "na,me" };
	static const char *const rows[] = {
		"plain", "a,b", "say \"hi\"",
		"\"", "\"\"", ",",
		"line1\nline2", "cr\rhere", "crlf\r\nend",
		" lead", "trail ", "\tlead tab",
		"trail tab\t", " ", "\t",
		"", NULL, "x\n",
		"Zo\xc3\xab M\xc3\xbcller", "bad \xff byte", "\xff",
		"\r\n", "mixed, \"q\"\r\n end ", "\n\n",
		"=1+2", "-12.50", "a\tb"
	};

	roundtrip(3, names, NELEM(rows) / 3, rows);
}
END_TEST

START_TEST(csv_roundtrip_one_column)
{
	static const char *const names[] = { "only" };
	static const char *const rows[] = { "", "a", NULL, " ", "\"" };

	roundtrip(1, names, NELEM(rows), rows);
}
END_TEST

/*
 * tsv.
 */

START_TEST(tsv_exact)
{
	static const char *const rows[] = {
		"Ann", "a\tb", "1.50",
		"back\\slash", "l1\nl2\r\n", NULL,
		"", "\"q\", ok", "-3",
		" sp ", "Zo\xc3\xab", ""
	};
	char *out;

	out = render(SALES_FMT_TSV, 0, 3, names3, types3, NELEM(rows) / 3,
	    rows);
	ck_assert_str_eq(out,
	    "owner\tnote\tamount\n"
	    "Ann\ta\\tb\t1.50\n"
	    "back\\\\slash\tl1\\nl2\\r\\n\t\n"
	    "\t\"q\", ok\t-3\n"
	    " sp \tZo\xc3\xab\t\n");
	free(out);
}
END_TEST

START_TEST(tsv_header_escaped)
{
	static const char *const names[] = { "a\tb", "c\\d" };
	static const char *const rows[] = { "1", "2" };
	char *out;

	out = render(SALES_FMT_TSV, 0, 2, names, NULL, 1, rows);
	ck_assert_str_eq(out, "a\\tb\tc\\\\d\n1\t2\n");
	free(out);
}
END_TEST

/*
 * table.
 */

static const char *const names4[] = { "owner", "stage", "amount", "deals" };
static const enum sales_coltype types4[] = {
	SALES_COL_TEXT, SALES_COL_TEXT, SALES_COL_NUMBER, SALES_COL_NUMBER
};

/*
 * Widths: owner 5 (header; "Zoë" is 3), stage 11, amount 7, deals 5.
 * Numbers and their headers are right-aligned; CR, LF, TAB become spaces.
 */
START_TEST(table_exact)
{
	static const char *const rows[] = {
		"Zo\xc3\xab", "Won", "1234.50", "3",
		"Bob", "Negotiation", "-3.00", "12",
		"Li", "", "", "0",
		"Ann\tB", "x\ny", "5", NULL
	};
	char *out;

	out = render(SALES_FMT_TABLE, 0, 4, names4, types4, NELEM(rows) / 4,
	    rows);
	ck_assert_str_eq(out,
	    "owner  stage         amount  deals\n"
	    "Zo\xc3\xab    Won          1234.50      3\n"
	    "Bob    Negotiation    -3.00     12\n"
	    "Li                               0\n"
	    "Ann B  x y                5\n");
	free(out);
}
END_TEST

/* No line ends in spaces: not padding, not a cell's own trailing ones. */
START_TEST(table_no_trailing_spaces)
{
	static const char *const names[] = { "a", "b" };
	static const char *const rows[] = {
		"x", "",
		"long", "y ",
		"", NULL,
		"a\r\n", "b\t"
	};
	char *out;

	out = render(SALES_FMT_TABLE, 0, 2, names, NULL, NELEM(rows) / 2,
	    rows);
	ck_assert_str_eq(out,
	    "a     b\n"
	    "x\n"
	    "long  y\n"
	    "\n"
	    "a     b\n");
	free(out);
}
END_TEST

/* Widths count characters, not bytes; an invalid byte counts as one. */
START_TEST(table_utf8_width)
{
	static const char *const names[] = { "n", "v" };
	static const enum sales_coltype types[] = {
		SALES_COL_TEXT, SALES_COL_NUMBER
	};
	static const char *const rows[] = {
		"Zo\xc3\xab", "1",
		"\xe2\x82\xac\xe2\x82\xac", "22",
		"\xff", "333",
		"abcd", "4"
	};
	char *out;

	out = render(SALES_FMT_TABLE, 0, 2, names, types, NELEM(rows) / 2,
	    rows);
	ck_assert_str_eq(out,
	    "n       v\n"
	    "Zo\xc3\xab     1\n"
	    "\xe2\x82\xac\xe2\x82\xac     22\n"
	    "\xff     333\n"
	    "abcd    4\n");
	free(out);
}
END_TEST

START_TEST(table_header_only)
{
	static const char *const names[] = { "owner", "amount" };
	static const enum sales_coltype types[] = {
		SALES_COL_TEXT, SALES_COL_NUMBER
	};
	char *out;

	out = render(SALES_FMT_TABLE, 0, 2, names, types, 0, NULL);
	ck_assert_str_eq(out, "owner  amount\n");
	free(out);
}
END_TEST

/* Enough rows to grow the buffers many times over. */
START_TEST(table_many_rows)
{
	static const char *const names[] = { "i", "n" };
	static const enum sales_coltype types[] = {
		SALES_COL_TEXT, SALES_COL_NUMBER
	};
	enum { NROWS = 20000 };
	char (*cells)[2][16];
	const char **flat;
	char *out, *last;
	size_t r, lines = 0;

	cells = malloc(NROWS * sizeof(*cells));
	flat = malloc(NROWS * 2 * sizeof(*flat));
	ck_assert_ptr_nonnull(cells);
	ck_assert_ptr_nonnull(flat);
	for (r = 0; r < NROWS; r++) {
		snprintf(cells[r][0], sizeof(cells[r][0]), "row%zu", r);
		snprintf(cells[r][1], sizeof(cells[r][1]), "%zu", r * 7);
		flat[2 * r] = cells[r][0];
		flat[2 * r + 1] = cells[r][1];
	}
	out = render(SALES_FMT_TABLE, 0, 2, names, types, NROWS, flat);
	for (last = out; *last != '\0'; last++)
		lines += *last == '\n';
	ck_assert_uint_eq(lines, NROWS + 1);
	ck_assert(strncmp(out, "i              n\nrow0           0\n", 34) == 0);
	last = strstr(out, "row19999");
	ck_assert_ptr_nonnull(last);
	ck_assert_str_eq(last, "row19999  139993\n");
	free(out);
	free(flat);
	free(cells);
}
END_TEST

/*
 * json.
 */

START_TEST(json_exact)
{
	static const char *const rows[] = {
		"Ann", "say \"hi\"\\", "1234.50",
		"Zo\xc3\xab", "l1\nl2\r\t\b\f", "-3",
		"\x01\x1f\x7f", "", "",
		NULL, "\xff", "12.5",
		"=1", "-x", NULL,
		"/ok", " sp ", "1,000"
	};
	char *out;

	out = render(SALES_FMT_JSON, 0, 3, names3, types3, NELEM(rows) / 3,
	    rows);
	ck_assert_str_eq(out,
	    "{\"owner\":\"Ann\",\"note\":\"say \\\"hi\\\"\\\\\","
	    "\"amount\":1234.50}\n"
	    "{\"owner\":\"Zo\xc3\xab\",\"note\":\"l1\\nl2\\r\\t\\b\\f\","
	    "\"amount\":-3}\n"
	    "{\"owner\":\"\\u0001\\u001f\\u007f\",\"note\":\"\","
	    "\"amount\":null}\n"
	    "{\"owner\":\"\",\"note\":\"\xff\",\"amount\":12.5}\n"
	    "{\"owner\":\"=1\",\"note\":\"-x\",\"amount\":null}\n"
	    "{\"owner\":\"/ok\",\"note\":\" sp \",\"amount\":\"1,000\"}\n");
	free(out);
}
END_TEST

START_TEST(json_keys_escaped)
{
	static const char *const names[] = { "a\"b", "c\\d\n", "\x02" };
	static const char *const rows[] = { "1", "2", "3" };
	char *out;

	out = render(SALES_FMT_JSON, 0, 3, names, NULL, 1, rows);
	ck_assert_str_eq(out,
	    "{\"a\\\"b\":\"1\",\"c\\\\d\\n\":\"2\",\"\\u0002\":\"3\"}\n");
	free(out);
}
END_TEST

/* A number cell: written raw when it is a JSON number, else as a string. */
static const struct {
	const char	*cell;
	const char	*want;
} json_numbers[] = {
	{ "0", "0" },
	{ "-0", "-0" },
	{ "-3", "-3" },
	{ "12.5", "12.5" },
	{ "1234.50", "1234.50" },
	{ "10", "10" },
	{ "0.05", "0.05" },
	{ "1e5", "1e5" },
	{ "1.5E-3", "1.5E-3" },
	{ "2e+10", "2e+10" },
	{ "", "null" },
	{ NULL, "null" },
	{ "12x", "\"12x\"" },
	{ "1,000", "\"1,000\"" },
	{ ".5", "\".5\"" },
	{ "-.5", "\"-.5\"" },
	{ "01", "\"01\"" },
	{ "-01", "\"-01\"" },
	{ "1.", "\"1.\"" },
	{ "-", "\"-\"" },
	{ "+1", "\"+1\"" },
	{ "1e", "\"1e\"" },
	{ "1e+", "\"1e+\"" },
	{ " 1", "\" 1\"" },
	{ "1 ", "\"1 \"" },
	{ "--1", "\"--1\"" },
	{ "0x10", "\"0x10\"" },
	{ "NaN", "\"NaN\"" },
	{ "Infinity", "\"Infinity\"" },
	{ "1.2.3", "\"1.2.3\"" },
	{ "\"5\"", "\"\\\"5\\\"\"" }
};

START_TEST(json_number_cells)
{
	static const char *const names[] = { "n" };
	static const enum sales_coltype types[] = { SALES_COL_NUMBER };
	const char *cells[1];
	char want[64];
	char *out;

	cells[0] = json_numbers[_i].cell;
	snprintf(want, sizeof(want), "{\"n\":%s}\n", json_numbers[_i].want);
	out = render(SALES_FMT_JSON, 0, 1, names, types, 1, cells);
	ck_assert_str_eq(out, want);
	free(out);
}
END_TEST

/*
 * Spreadsheet formula protection.
 */

/* csv field for a text cell with SALES_OUT_EXCEL_SAFE. */
static const struct {
	const char	*cell;
	const char	*want;
} excel_csv[] = {
	{ "=1+2", "'=1+2" },
	{ "+1", "'+1" },
	{ "-x, y", "\"'-x, y\"" },
	{ "@SUM(A1)", "'@SUM(A1)" },
	{ "\tx", "'\tx" },
	{ "\rx", "\"'\rx\"" },
	{ "=a\"b", "\"'=a\"\"b\"" },
	{ "-", "'-" },
	{ "=x ", "\"'=x \"" },
	{ "\t", "\"'\t\"" },
	{ "a=b", "a=b" },
	{ " =x", "\" =x\"" },
	{ "", "" },
	{ NULL, "" },
	{ "'=x", "'=x" },
	{ "Ann", "Ann" }
};

START_TEST(excel_csv_cells)
{
	static const char *const names[] = { "t", "n" };
	static const enum sales_coltype types[] = {
		SALES_COL_TEXT, SALES_COL_NUMBER
	};
	const char *cells[2];
	char want[64];
	char *out;

	cells[0] = excel_csv[_i].cell;
	cells[1] = "-12.50";
	snprintf(want, sizeof(want), "t,n\n%s,-12.50\n", excel_csv[_i].want);
	out = render(SALES_FMT_CSV, SALES_OUT_EXCEL_SAFE, 2, names, types, 1,
	    cells);
	ck_assert_str_eq(out, want);
	free(out);
}
END_TEST

/* Header names are text, whatever the column's type. */
START_TEST(excel_csv_header)
{
	static const char *const names[] = { "=sum", "-n" };
	static const enum sales_coltype types[] = {
		SALES_COL_TEXT, SALES_COL_NUMBER
	};
	static const char *const rows[] = { "+x", "+5" };
	char *out;

	out = render(SALES_FMT_CSV, SALES_OUT_EXCEL_SAFE, 2, names, types, 1,
	    rows);
	ck_assert_str_eq(out, "'=sum,'-n\n'+x,+5\n");
	free(out);
}
END_TEST

START_TEST(excel_off)
{
	static const char *const names[] = { "=t" };
	static const char *const rows[] = { "=1+2", "-x, y" };
	char *out;

	out = render(SALES_FMT_CSV, 0, 1, names, NULL, 2, rows);
	ck_assert_str_eq(out, "=t\n=1+2\n\"-x, y\"\n");
	free(out);
}
END_TEST

START_TEST(excel_tsv)
{
	static const char *const names[] = { "a", "b", "n" };
	static const enum sales_coltype types[] = {
		SALES_COL_TEXT, SALES_COL_TEXT, SALES_COL_NUMBER
	};
	static const char *const rows[] = {
		"=1", "\tx", "-5",
		"\r", "ok", "+1"
	};
	char *out;

	out = render(SALES_FMT_TSV, SALES_OUT_EXCEL_SAFE, 3, names, types, 2,
	    rows);
	ck_assert_str_eq(out,
	    "a\tb\tn\n"
	    "'=1\t'\\tx\t-5\n"
	    "'\\r\tok\t+1\n");
	free(out);
}
END_TEST

/* The apostrophe counts in the width. */
START_TEST(excel_table)
{
	static const char *const names[] = { "f", "n" };
	static const enum sales_coltype types[] = {
		SALES_COL_TEXT, SALES_COL_NUMBER
	};
	static const char *const rows[] = {
		"=1+2", "-3",
		"ok", "10"
	};
	char *out;

	out = render(SALES_FMT_TABLE, SALES_OUT_EXCEL_SAFE, 2, names, types,
	    2, rows);
	ck_assert_str_eq(out,
	    "f       n\n"
	    "'=1+2  -3\n"
	    "ok     10\n");
	free(out);
}
END_TEST

/* json is not for spreadsheets: values stay as they are. */
START_TEST(excel_json_ignored)
{
	static const char *const names[] = { "=f", "n" };
	static const enum sales_coltype types[] = {
		SALES_COL_TEXT, SALES_COL_NUMBER
	};
	static const char *const rows[] = { "=1+2", "-3" };
	char *out;

	out = render(SALES_FMT_JSON, SALES_OUT_EXCEL_SAFE, 2, names, types, 1,
	    rows);
	ck_assert_str_eq(out, "{\"=f\":\"=1+2\",\"n\":-3}\n");
	free(out);
}
END_TEST

/*
 * Usage.
 */

static const struct {
	const char		*s;
	int			 rc;
	enum sales_format	 fmt;
} formats[] = {
	{ "csv", SALES_OK, SALES_FMT_CSV },
	{ "tsv", SALES_OK, SALES_FMT_TSV },
	{ "table", SALES_OK, SALES_FMT_TABLE },
	{ "json", SALES_OK, SALES_FMT_JSON },
	{ "CSV", SALES_EUSAGE, 0 },
	{ "Json", SALES_EUSAGE, 0 },
	{ "", SALES_EUSAGE, 0 },
	{ "jsonl", SALES_EUSAGE, 0 },
	{ "tab", SALES_EUSAGE, 0 },
	{ "csv ", SALES_EUSAGE, 0 },
	{ " csv", SALES_EUSAGE, 0 },
	{ "xlsx", SALES_EUSAGE, 0 }
};

START_TEST(format_parse)
{
	enum sales_format fmt = (enum sales_format)99;

	ck_assert_int_eq(sales_format_parse(formats[_i].s, &fmt),
	    formats[_i].rc);
	if (formats[_i].rc == SALES_OK)
		ck_assert_int_eq(fmt, formats[_i].fmt);
	else
		ck_assert_int_eq(fmt, 99);
}
END_TEST

START_TEST(format_parse_null)
{
	enum sales_format fmt;

	ck_assert_int_eq(sales_format_parse(NULL, &fmt), SALES_EUSAGE);
	ck_assert_int_eq(sales_format_parse("csv", NULL), SALES_EUSAGE);
}
END_TEST

START_TEST(usage_order)
{
	static const char *const names[] = { "a" };
	static const char *const row[] = { "x" };
	struct sales_out *o;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	o = sales_out_new(fp, SALES_FMT_CSV, 0);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(sales_out_row(o, row), SALES_EUSAGE);
	ck_assert_int_eq(sales_out_columns(o, 1, names, NULL), SALES_OK);
	ck_assert_int_eq(sales_out_columns(o, 1, names, NULL), SALES_EUSAGE);
	ck_assert_int_eq(sales_out_row(o, NULL), SALES_EUSAGE);
	ck_assert_int_eq(sales_out_row(o, row), SALES_OK);
	ck_assert_int_eq(sales_out_finish(o), SALES_OK);
	ck_assert_int_eq(sales_out_row(o, row), SALES_EUSAGE);
	ck_assert_int_eq(sales_out_finish(o), SALES_OK);
	sales_out_free(o);
	fclose(fp);
	ck_assert_str_eq(buf, "a\nx\n");
	free(buf);
}
END_TEST

START_TEST(usage_bad_columns)
{
	static const char *const names[] = { "a", NULL };
	static const enum sales_coltype bad[] = {
		SALES_COL_TEXT, (enum sales_coltype)7
	};
	static const char *const good[] = { "a", "b" };
	struct sales_out *o;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	o = sales_out_new(fp, SALES_FMT_TABLE, 0);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(sales_out_columns(o, 0, good, NULL), SALES_EUSAGE);
	ck_assert_int_eq(sales_out_columns(o, 2, NULL, NULL), SALES_EUSAGE);
	ck_assert_int_eq(sales_out_columns(o, 2, names, NULL), SALES_EUSAGE);
	ck_assert_int_eq(sales_out_columns(o, 2, good, bad), SALES_EUSAGE);
	/* The failed calls declared nothing. */
	ck_assert_int_eq(sales_out_columns(o, 2, good, NULL), SALES_OK);
	ck_assert_int_eq(sales_out_finish(o), SALES_OK);
	sales_out_free(o);
	fclose(fp);
	ck_assert_str_eq(buf, "a  b\n");
	free(buf);
}
END_TEST

START_TEST(usage_null)
{
	static const char *const names[] = { "a" };

	ck_assert_ptr_null(sales_out_new(NULL, SALES_FMT_CSV, 0));
	ck_assert_ptr_null(sales_out_new(stdout, (enum sales_format)9, 0));
	ck_assert_int_eq(sales_out_columns(NULL, 1, names, NULL),
	    SALES_EUSAGE);
	ck_assert_int_eq(sales_out_row(NULL, names), SALES_EUSAGE);
	ck_assert_int_eq(sales_out_finish(NULL), SALES_EUSAGE);
	sales_out_free(NULL);
}
END_TEST

/* Finishing a writer that never got columns writes nothing. */
START_TEST(usage_finish_empty)
{
	struct sales_out *o;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	o = sales_out_new(fp, SALES_FMT_TABLE, 0);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(sales_out_finish(o), SALES_OK);
	sales_out_free(o);
	fclose(fp);
	ck_assert_uint_eq(len, 0);
	free(buf);
}
END_TEST

/*
 * Write errors: /dev/full fails every write with ENOSPC.
 */

static const enum sales_format all_formats[] = {
	SALES_FMT_CSV, SALES_FMT_TSV, SALES_FMT_TABLE, SALES_FMT_JSON
};

/* Small output stays in the stdio buffer; the flush in finish must fail. */
START_TEST(errors_full_at_finish)
{
	static const char *const names[] = { "a", "b" };
	static const char *const row[] = { "x", "1" };
	struct sales_out *o;
	FILE *fp;

	fp = fopen("/dev/full", "w");
	ck_assert_ptr_nonnull(fp);
	o = sales_out_new(fp, all_formats[_i], 0);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(sales_out_columns(o, 2, names, NULL), SALES_OK);
	ck_assert_int_eq(sales_out_row(o, row), SALES_OK);
	errno = 0;
	ck_assert_int_eq(sales_out_finish(o), SALES_EIO);
	ck_assert_int_eq(errno, ENOSPC);
	/* The failure is sticky. */
	ck_assert_int_eq(sales_out_finish(o), SALES_EIO);
	sales_out_free(o);
	fclose(fp);
}
END_TEST

/* With a tiny buffer the failure shows during the rows. */
START_TEST(errors_full_during_rows)
{
	static const char *const names[] = { "a", "b" };
	static const char *const row[] = { "abcdefghij", "12345" };
	static char vbuf[16];
	struct sales_out *o;
	int i, rc, failed = 0;
	FILE *fp;

	fp = fopen("/dev/full", "w");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(setvbuf(fp, vbuf, _IOFBF, sizeof(vbuf)), 0);
	o = sales_out_new(fp, all_formats[_i], 0);
	ck_assert_ptr_nonnull(o);
	rc = sales_out_columns(o, 2, names, NULL);
	ck_assert(rc == SALES_OK || rc == SALES_EIO);
	for (i = 0; i < 10; i++) {
		errno = 0;
		rc = sales_out_row(o, row);
		if (failed) {
			ck_assert_int_eq(rc, SALES_EIO);
		} else if (rc == SALES_EIO) {
			failed = 1;
		} else {
			ck_assert_int_eq(rc, SALES_OK);
		}
		if (rc == SALES_EIO)
			ck_assert_int_eq(errno, ENOSPC);
	}
	/* The table writes only in finish; every other format fails early. */
	ck_assert_int_eq(failed, all_formats[_i] != SALES_FMT_TABLE);
	errno = 0;
	ck_assert_int_eq(sales_out_finish(o), SALES_EIO);
	ck_assert_int_eq(errno, ENOSPC);
	sales_out_free(o);
	fclose(fp);
}
END_TEST

/* Unbuffered: the header itself fails. */
START_TEST(errors_full_header)
{
	static const char *const names[] = { "a" };
	static const char *const row[] = { "x" };
	struct sales_out *o;
	FILE *fp;

	fp = fopen("/dev/full", "w");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(setvbuf(fp, NULL, _IONBF, 0), 0);
	o = sales_out_new(fp, SALES_FMT_CSV, 0);
	ck_assert_ptr_nonnull(o);
	errno = 0;
	ck_assert_int_eq(sales_out_columns(o, 1, names, NULL), SALES_EIO);
	ck_assert_int_eq(errno, ENOSPC);
	errno = 0;
	ck_assert_int_eq(sales_out_row(o, row), SALES_EIO);
	ck_assert_int_eq(errno, ENOSPC);
	ck_assert_int_eq(sales_out_finish(o), SALES_EIO);
	sales_out_free(o);
	fclose(fp);
}
END_TEST

/*
 * sales_out_rowv: a row of any width, for rejected input rows.
 */
START_TEST(rowv_any_width)
{
	static const char *const names[] = { "file", "line" };
	static const char *const narrow[] = { "a.csv" };
	static const char *const wide[] = { "a.csv", "3", "x, y", "=1" };
	struct sales_out *o;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	o = sales_out_new(fp, SALES_FMT_CSV, SALES_OUT_EXCEL_SAFE);
	ck_assert_int_eq(sales_out_columns(o, 2, names, NULL), SALES_OK);
	ck_assert_int_eq(sales_out_rowv(o, 1, narrow), SALES_OK);
	ck_assert_int_eq(sales_out_rowv(o, 4, wide), SALES_OK);
	ck_assert_int_eq(sales_out_rowv(o, 0, wide), SALES_EUSAGE);
	ck_assert_int_eq(sales_out_finish(o), SALES_OK);
	sales_out_free(o);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_str_eq(buf, "file,line\na.csv\na.csv,3,\"x, y\",'=1\n");
	free(buf);

	fp = open_memstream(&buf, &len);
	o = sales_out_new(fp, SALES_FMT_TABLE, 0);
	ck_assert_int_eq(sales_out_columns(o, 2, names, NULL), SALES_OK);
	ck_assert_int_eq(sales_out_rowv(o, 2, wide), SALES_EUSAGE);
	sales_out_free(o);
	fclose(fp);
	free(buf);
}
END_TEST

Suite *
out_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("out");

	tc = tcase_create("csv");
	tcase_add_test(tc, csv_exact);
	tcase_add_test(tc, csv_header_quoted);
	tcase_add_test(tc, csv_one_column_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("roundtrip");
	tcase_add_test(tc, csv_roundtrip_tricky);
	tcase_add_test(tc, csv_roundtrip_one_column);
	suite_add_tcase(s, tc);

	tc = tcase_create("tsv");
	tcase_add_test(tc, tsv_exact);
	tcase_add_test(tc, tsv_header_escaped);
	suite_add_tcase(s, tc);

	tc = tcase_create("table");
	tcase_add_test(tc, table_exact);
	tcase_add_test(tc, table_no_trailing_spaces);
	tcase_add_test(tc, table_utf8_width);
	tcase_add_test(tc, table_header_only);
	tcase_add_test(tc, table_many_rows);
	suite_add_tcase(s, tc);

	tc = tcase_create("json");
	tcase_add_test(tc, json_exact);
	tcase_add_test(tc, json_keys_escaped);
	tcase_add_loop_test(tc, json_number_cells, 0, NELEM(json_numbers));
	suite_add_tcase(s, tc);

	tc = tcase_create("excel-safe");
	tcase_add_loop_test(tc, excel_csv_cells, 0, NELEM(excel_csv));
	tcase_add_test(tc, excel_csv_header);
	tcase_add_test(tc, excel_off);
	tcase_add_test(tc, excel_tsv);
	tcase_add_test(tc, excel_table);
	tcase_add_test(tc, excel_json_ignored);
	suite_add_tcase(s, tc);

	tc = tcase_create("rowv");
	tcase_add_test(tc, rowv_any_width);
	suite_add_tcase(s, tc);

	tc = tcase_create("usage");
	tcase_add_loop_test(tc, format_parse, 0, NELEM(formats));
	tcase_add_test(tc, format_parse_null);
	tcase_add_test(tc, usage_order);
	tcase_add_test(tc, usage_bad_columns);
	tcase_add_test(tc, usage_null);
	tcase_add_test(tc, usage_finish_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, errors_full_at_finish, 0, NELEM(all_formats));
	tcase_add_loop_test(tc, errors_full_during_rows, 0,
	    NELEM(all_formats));
	tcase_add_test(tc, errors_full_header);
	suite_add_tcase(s, tc);

	return s;
}
