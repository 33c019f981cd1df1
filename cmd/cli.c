/*
 * cli.c - what the sales-tools binaries share at the front end: common
 * options, diagnostics in the "prog: file:line: message" form, operands,
 * bad rows and --rejects, and output that is checked before exit.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define SHOW_BAD	20	/* bad rows printed before just counting */

static void	vwarn(const struct cli *, const char *, va_list);
static void	open_rejects(struct cli *, const struct sales_row *);
static char	*header_key(const struct cli *, const struct sales_row *);
static void	check_rejects_header(struct cli *, const char *,
		    const struct sales_row *);

void
cli_init(struct cli *c, const char *argv0, void (*usage)(int))
{
	const char *slash = strrchr(argv0, '/');

	memset(c, 0, sizeof(*c));
	c->progname = slash != NULL ? slash + 1 : argv0;
	c->usage = usage;
	c->format = SALES_FMT_CSV;
	c->date_order = SALES_DATE_MDY;
	c->out = stdout;
}

static void
vwarn(const struct cli *c, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", c->progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
cli_warnx(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(c, fmt, ap);
	va_end(ap);
}

void
cli_errx(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(c, fmt, ap);
	va_end(ap);
	exit(2);
}

long
cli_number(const struct cli *c, const char *opt, const char *arg, long min,
    long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || errno != 0 || v < min || v > max)
		cli_errx(c, "%s: \"%s\" is not a number from %ld to %ld", opt,
		    arg, min, max);
	return v;
}

int
cli_option(struct cli *c, int ch, char *arg)
{
	const char *why;

	switch (ch) {
	case 'd':
		/* A single byte; "\t" spelled out is accepted too. */
		if (strcmp(arg, "\\t") == 0)
			arg = "\t";
		if (strlen(arg) != 1 || *arg == '"' || *arg == '\n' ||
		    *arg == '\r' || *arg == ' ')
			cli_errx(c, "-d: \"%s\" is not a single-byte delimiter",
			    arg);
		c->csv.delimiter = (unsigned char)*arg;
		return 1;
	case 'F':
		if (sales_format_parse(arg, &c->format) != SALES_OK)
			cli_errx(c, "-F: \"%s\" is not a format (csv, tsv, "
			    "table, json)", arg);
		return 1;
	case 'h':
		c->usage(0);
		return 1;	/* NOTREACHED: usage exits */
	case 'o':
		c->output = arg;
		return 1;
	case 'q':
		c->quiet = 1;
		return 1;
	case 't':
		c->csv.delimiter = '\t';
		return 1;
	case 'V':
		cli_version(c);
		/* NOTREACHED */
	case CLI_OPT_AS_OF:
		if (sales_date_parse(arg, strlen(arg), SALES_DATE_MDY,
		    &c->as_of, &why) != SALES_OK)
			cli_errx(c, "--as-of: \"%s\" %s", arg, why);
		c->as_of_set = 1;
		return 1;
	case CLI_OPT_DATE_FORMAT:
		if (strcmp(arg, "mdy") == 0)
			c->date_order = SALES_DATE_MDY;
		else if (strcmp(arg, "dmy") == 0)
			c->date_order = SALES_DATE_DMY;
		else
			cli_errx(c, "--date-format: \"%s\" is not mdy or dmy",
			    arg);
		return 1;
	case CLI_OPT_DECIMAL_COMMA:
		c->money_flags |= SALES_MONEY_DECIMAL_COMMA;
		return 1;
	case CLI_OPT_ENCODING:
		c->csv.encoding = arg;
		return 1;
	case CLI_OPT_EXCEL_SAFE:
		c->out_flags |= SALES_OUT_EXCEL_SAFE;
		return 1;
	case CLI_OPT_MAP:
		if (c->nmap == CLI_MAX_MAP)
			cli_errx(c, "--map: at most %d", CLI_MAX_MAP);
		if (sales_map_parse(arg, &c->map[c->nmap]) != SALES_OK)
			cli_errx(c, "--map: \"%s\" is not column=Header", arg);
		c->nmap++;
		return 1;
	case CLI_OPT_MAX_FIELD:
		c->csv.max_field = (size_t)cli_number(c, "--max-field-size",
		    arg, 1, 1L << 30);
		return 1;
	case CLI_OPT_REJECTS:
		c->rejects_path = arg;
		c->skip_bad = 1;
		return 1;
	case CLI_OPT_SKIP_BAD:
		c->skip_bad = 1;
		return 1;
	case CLI_OPT_STAGES:
		c->stages_path = arg;
		return 1;
	}
	return 0;
}

void
cli_finish_options(struct cli *c)
{
	const char *env = getenv("SALES_AS_OF"), *why;

	/*
	 * Emptied now, so that a rejects file left by an earlier run is
	 * never mistaken for this run's.  Its header comes with the first
	 * rejected row.
	 */
	if (c->rejects_path != NULL &&
	    (c->rejects_fp = fopen(c->rejects_path, "w")) == NULL)
		cli_errx(c, "%s: %s", c->rejects_path, strerror(errno));

	if (c->as_of_set)
		return;
	if (env != NULL && *env != '\0') {
		if (sales_date_parse(env, strlen(env), SALES_DATE_MDY,
		    &c->as_of, &why) != SALES_OK)
			cli_errx(c, "SALES_AS_OF: \"%s\" %s", env, why);
	} else if (sales_date_today(&c->as_of) != SALES_OK) {
		cli_errx(c, "cannot read today's date: %s", strerror(errno));
	}
	c->as_of_set = 1;
}

struct sales_csv *
cli_open_csv(struct cli *c, const char *path, FILE **fpp)
{
	struct sales_csv *csv;
	FILE *fp;

	if (strcmp(path, "-") == 0) {
		fp = stdin;
		path = "<stdin>";
	} else if ((fp = fopen(path, "rb")) == NULL) {
		cli_warnx(c, "%s: %s", path, strerror(errno));
		c->failed = 1;
		return NULL;
	}
	if ((csv = sales_csv_open(fp, path, &c->csv)) == NULL)
		cli_errx(c, "out of memory");
	*fpp = fp;
	return csv;
}

void
cli_close_csv(struct sales_csv *csv, FILE *fp)
{
	sales_csv_close(csv);
	if (fp != NULL && fp != stdin)
		fclose(fp);
}

void
cli_load_stages(struct cli *c, struct sales_stages *t)
{
	struct sales_csv *csv;
	char err[512];
	FILE *fp;
	int rc;

	if (c->stages_path == NULL)
		return;
	/* A stages file is ours, not the export's: plain CSV, always. */
	if ((fp = fopen(c->stages_path, "rb")) == NULL)
		cli_errx(c, "%s: %s", c->stages_path, strerror(errno));
	if ((csv = sales_csv_open(fp, c->stages_path, NULL)) == NULL)
		cli_errx(c, "out of memory");
	rc = sales_stages_load(t, csv, err, sizeof(err));
	cli_close_csv(csv, fp);
	if (rc != SALES_OK)
		cli_errx(c, "%s", err);
}

/* The header's names joined by \037 (unit separator), malloc'ed. */
static char *
header_key(const struct cli *c, const struct sales_row *hdr)
{
	size_t n = 1, i;
	char *k, *p;

	for (i = 0; hdr != NULL && i < hdr->nfields; i++)
		n += strlen(hdr->fields[i]) + 1;
	if ((k = p = malloc(n)) == NULL)
		cli_errx(c, "out of memory");
	for (i = 0; hdr != NULL && i < hdr->nfields; i++) {
		size_t len = strlen(hdr->fields[i]);

		memcpy(p, hdr->fields[i], len);
		p += len;
		*p++ = '\037';
	}
	*p = '\0';
	return k;
}

/*
 * The rejects file holds file, line and reason, then the rejected row
 * exactly as it was read, under the input's own header.  Rows under
 * another header (a roster beside a meetings log, two exports with
 * different columns) cannot share it: rather than write a file whose
 * rows do not match its header, the run stops.
 */
static void
check_rejects_header(struct cli *c, const char *file,
    const struct sales_row *hdr)
{
	const char *k = c->rejects_hdr;
	size_t i, len;
	int same = 1;

	/* hdr against the key, name by name, without building its own. */
	for (i = 0; same && hdr != NULL && i < hdr->nfields; i++) {
		len = strlen(hdr->fields[i]);
		same = strncmp(k, hdr->fields[i], len) == 0 &&
		    k[len] == '\037';
		if (same)
			k += len + 1;
	}
	same = same && *k == '\0';
	if (!same) {
		/* Not a half-written file that looks complete. */
		(void)unlink(c->rejects_path);
		cli_errx(c, "--rejects: the bad rows of %s and of %s have "
		    "different columns and cannot share %s; fix the rows of "
		    "one first", c->rejects_from, file, c->rejects_path);
	}
}

static void
open_rejects(struct cli *c, const struct sales_row *hdr)
{
	size_t n = hdr != NULL ? hdr->nfields : 0, i;
	const char **names;

	if ((c->rejects = sales_out_new(c->rejects_fp, SALES_FMT_CSV, 0)) ==
	    NULL || (names = malloc((3 + n) * sizeof(*names))) == NULL)
		cli_errx(c, "out of memory");
	names[0] = "file";
	names[1] = "line";
	names[2] = "reason";
	for (i = 0; i < n; i++)
		names[3 + i] = hdr->fields[i];
	if (sales_out_columns(c->rejects, 3 + n, names, NULL) != SALES_OK)
		cli_errx(c, "%s: write error", c->rejects_path);
	free(names);
}

void
cli_bad_row(struct cli *c, const char *file, const char *msg,
    const struct sales_row *row, const struct sales_row *hdr)
{
	c->nbad++;
	if (!c->skip_bad)
		c->failed = 1;
	if (c->nbad <= SHOW_BAD && !(c->skip_bad && c->quiet))
		cli_warnx(c, "%s", msg);
	if (c->rejects_path != NULL && row != NULL) {
		char line[24];
		const char *reason = msg, **cells;
		size_t n = strlen(file), i;

		/* The reason without the "file:line: " the row already has. */
		if (strncmp(msg, file, n) == 0 && msg[n] == ':') {
			reason = strchr(msg + n + 1, ':');
			reason = reason != NULL ? reason + 2 : msg;
		}
		if (c->rejects == NULL) {
			open_rejects(c, hdr);
			c->rejects_hdr = header_key(c, hdr);
			if ((c->rejects_from = strdup(file)) == NULL)
				cli_errx(c, "out of memory");
		} else
			check_rejects_header(c, file, hdr);
		snprintf(line, sizeof(line), "%llu",
		    (unsigned long long)row->line);
		if ((cells = malloc((3 + row->nfields) * sizeof(*cells))) ==
		    NULL)
			cli_errx(c, "out of memory");
		cells[0] = file;
		cells[1] = line;
		cells[2] = reason;
		for (i = 0; i < row->nfields; i++)
			cells[3 + i] = row->fields[i];
		if (sales_out_rowv(c->rejects, 3 + row->nfields, cells) !=
		    SALES_OK)
			cli_errx(c, "%s: write error: %s", c->rejects_path,
			    strerror(errno));
		free(cells);
	}
}

int
cli_bad_done(struct cli *c)
{
	if (c->nbad > SHOW_BAD && !(c->skip_bad && c->quiet))
		cli_warnx(c, "... and %llu more bad rows",
		    (unsigned long long)(c->nbad - SHOW_BAD));
	if (c->nbad > 0 && c->skip_bad && !c->quiet)
		cli_warnx(c, "skipped %llu bad row%s%s%s",
		    (unsigned long long)c->nbad, c->nbad == 1 ? "" : "s",
		    c->rejects_path != NULL ? ", written to " : "",
		    c->rejects_path != NULL ? c->rejects_path : "");
	else if (c->nbad > 0 && !c->skip_bad)
		cli_warnx(c, "%llu bad row%s; nothing written (--skip-bad "
		    "leaves them out)", (unsigned long long)c->nbad,
		    c->nbad == 1 ? "" : "s");
	if (c->rejects_fp != NULL) {
		int rc = c->rejects != NULL ? sales_out_finish(c->rejects) :
		    SALES_OK;

		sales_out_free(c->rejects);
		c->rejects = NULL;
		free(c->rejects_hdr);
		free(c->rejects_from);
		c->rejects_hdr = c->rejects_from = NULL;
		if (fclose(c->rejects_fp) != 0 || rc != SALES_OK)
			cli_errx(c, "%s: write error: %s", c->rejects_path,
			    strerror(errno));
		c->rejects_fp = NULL;
	}
	return c->failed;
}

FILE *
cli_output(struct cli *c)
{
	mode_t mask;
	int fd;

	if (c->output == NULL || strcmp(c->output, "-") == 0)
		return c->out = stdout;
	if (c->out_tmp != NULL)
		return c->out;
	/*
	 * Write beside the target and rename at the end, so a failed
	 * nightly run never leaves a half-written report in its place.
	 */
	if ((c->out_tmp = malloc(strlen(c->output) + 8)) == NULL)
		cli_errx(c, "out of memory");
	sprintf(c->out_tmp, "%s.XXXXXX", c->output);
	if ((fd = mkstemp(c->out_tmp)) == -1)
		cli_errx(c, "%s: %s", c->output, strerror(errno));
	/* mkstemp makes it 0600; give the mode a new file would get. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 ||
	    (c->out = fdopen(fd, "w")) == NULL) {
		cli_warnx(c, "%s: %s", c->output, strerror(errno));
		unlink(c->out_tmp);
		exit(2);
	}
	return c->out;
}

int
cli_close_output(struct cli *c, int ok)
{
	int err = 0;

	if (fflush(c->out) != 0 || ferror(c->out))
		err = errno != 0 ? errno : EIO;
	if (c->out_tmp != NULL) {
		if (fclose(c->out) != 0 && err == 0)
			err = errno;
		if (ok && err == 0 && rename(c->out_tmp, c->output) != 0)
			err = errno;
		if (!ok || err != 0)
			unlink(c->out_tmp);
		free(c->out_tmp);
		c->out_tmp = NULL;
	} else if (fclose(stdout) != 0 && err == 0) {
		err = errno;
	}
	if (err != 0) {
		cli_warnx(c, "write error: %s", strerror(err));
		return 2;
	}
	return ok ? 0 : 2;
}

void
cli_version(const struct cli *c)
{
	printf("%s (sales-tools) %s\n", c->progname, SALES_VERSION);
	exit(fclose(stdout) == 0 ? 0 : 2);
}

void
cli_par_defaults(struct sales_par_options *par)
{
	const char *env = getenv("SALES_MIN_PART");
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (env != NULL && *env != '\0')
		par->min_part = (size_t)strtoull(env, NULL, 10);
	if (n < 1)
		par->jobs = 1;
	else
		par->jobs = n > SALES_PAR_MAX_JOBS ? SALES_PAR_MAX_JOBS :
		    (size_t)n;
}

void
cli_bad_rows(struct cli *c, const char *path, struct sales_badrows *bad)
{
	const struct sales_row *hdr = NULL;
	struct sales_csv *csv = NULL;
	FILE *fp = NULL;
	int opened = 0;
	size_t i;

	for (i = 0; i < bad->n; i++) {
		if (bad->v[i].row.fields == NULL) {
			if (!c->quiet)
				cli_warnx(c, "%s", bad->v[i].msg);
			continue;
		}
		if (!opened++ && (csv = cli_open_csv(c, path, &fp)) != NULL &&
		    sales_csv_header(csv, &hdr) != SALES_OK)
			hdr = NULL;
		cli_bad_row(c, path, bad->v[i].msg, &bad->v[i].row, hdr);
	}
	if (csv != NULL)
		cli_close_csv(csv, fp);
	sales_badrows_clear(bad);
}
