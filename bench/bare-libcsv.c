/*
 * bare-libcsv - the floor for the benchmark: parse a CSV file with libcsv
 * and do nothing else.
 *
 *	bare-libcsv FILE
 *
 * It sets libcsv up exactly as our reader does (CSV_STRICT,
 * CSV_STRICT_FINI, CSV_APPEND_NULL, and a space function that keeps
 * spaces), reads the file in 256 KiB chunks and only counts fields and
 * records.  The counts are printed so the compiler cannot drop the
 * callbacks.  Whatever pipeline-forecast spends beyond this program's
 * time is the cost of our reader, the column mapping and the forecast.
 */
#include <stdio.h>
#include <stdlib.h>

#include <csv.h>

#define CHUNK	(256 * 1024)

struct counts {
	unsigned long long	fields;
	unsigned long long	rows;
	unsigned long long	bytes;	/* field bytes, to touch the data */
};

static void	on_field(void *, size_t, void *);
static void	on_row(int, void *);
static int	keep_space(unsigned char);

int
main(int argc, char *argv[])
{
	static char buf[CHUNK];
	struct csv_parser p;
	struct counts n = { 0, 0, 0 };
	FILE *fp;
	size_t len;
	int status = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: bare-libcsv FILE\n");
		return 2;
	}
	if ((fp = fopen(argv[1], "rb")) == NULL) {
		perror(argv[1]);
		return 2;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fprintf(stderr, "bare-libcsv: csv_init failed\n");
		return 2;
	}
	csv_set_space_func(&p, keep_space);

	while ((len = fread(buf, 1, sizeof(buf), fp)) > 0) {
		if (csv_parse(&p, buf, len, on_field, on_row, &n) != len) {
			fprintf(stderr, "bare-libcsv: %s: %s\n", argv[1],
			    csv_strerror(csv_error(&p)));
			status = 2;
			break;
		}
	}
	if (ferror(fp)) {
		perror(argv[1]);
		status = 2;
	}
	if (status == 0 && csv_fini(&p, on_field, on_row, &n) != 0) {
		fprintf(stderr, "bare-libcsv: %s: %s\n", argv[1],
		    csv_strerror(csv_error(&p)));
		status = 2;
	}
	csv_free(&p);
	fclose(fp);

	printf("rows %llu fields %llu bytes %llu\n", n.rows, n.fields,
	    n.bytes);
	return status;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct counts *n = data;

	(void)s;
	n->fields++;
	n->bytes += len;
}

static void
on_row(int term, void *data)
{
	struct counts *n = data;

	(void)term;
	n->rows++;
}

/* Our reader keeps spaces around unquoted fields; so must the floor. */
static int
keep_space(unsigned char c)
{
	(void)c;
	return 0;
}
