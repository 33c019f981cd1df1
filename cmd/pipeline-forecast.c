/*
 * pipeline-forecast - forecast won revenue per group and horizon from an
 * opportunities export (Salesforce, HubSpot, Pipedrive or a spreadsheet).
 *
 * This file only wires options, inputs and output together; the
 * forecast itself is libsales/forecast.c.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
	OPT_BY = CLI_OPT_TOOL,
	OPT_HORIZON,
	OPT_METHOD,
	OPT_TOTAL
};

static struct cli cli;
static struct sales_par_options par;	/* -j */

static void	usage(int) __attribute__((noreturn));
static size_t	default_jobs(void);
static void	read_file(const char *, struct sales_forecast *,
		    const struct sales_opp_options *, uint64_t *,
		    const char **);
static int	read_parallel(const char *, struct sales_forecast *,
		    const struct sales_forecast_options *,
		    const struct sales_opp_options *, uint64_t *,
		    const char **);

static void
usage(int status)
{
	if (status != 0) {
		fprintf(stderr, "usage: pipeline-forecast [options] [file ...]\n"
		    "Try 'pipeline-forecast --help'.\n");
		exit(2);
	}
	fputs("usage: pipeline-forecast [options] [file ...]\n"
	    "Forecast won revenue per group and horizon from opportunity "
	    "exports.\n"
	    "\n"
	    "Forecast:\n"
	    "  -b, --by LIST          group by owner, account, team, manager, "
	    "stage,\n"
	    "                         forecast_category (comma list), or none "
	    "[owner]\n"
	    "      --horizon LIST     horizons in days from the as-of date "
	    "[30,60,90]\n"
	    "      --method weighted  amount x stage probability [weighted]\n"
	    "      --total            add a Total row per horizon\n"
	    "      --as-of DATE       the day to forecast from [$SALES_AS_OF, "
	    "else today]\n"
	    "      --stages FILE      stage,state,probability definitions\n"
	    "\n"
	    "Input:\n"
	    "  -j, --jobs N           threads for a regular file [number of "
	    "CPUs]\n"
	    "  -d, --delimiter C      field delimiter [,]; -t for tab\n"
	    "      --encoding NAME    input encoding: utf-8, latin1, utf-16, "
	    "...\n"
	    "      --map COL=HEADER   use HEADER for canonical column COL "
	    "(repeatable)\n"
	    "      --date-format ORD  slashed dates are mdy or dmy [mdy]\n"
	    "      --decimal-comma    amounts like 1.234,50\n"
	    "      --max-field-size N largest field in bytes [1048576]\n"
	    "      --skip-bad         leave bad rows out (with a count) "
	    "instead of failing\n"
	    "      --rejects FILE     write bad rows there (implies "
	    "--skip-bad)\n"
	    "\n"
	    "Output:\n"
	    "  -o, --output FILE      write to FILE (replaced only on success)\n"
	    "  -F, --format FMT       csv, tsv, table or json (JSON Lines) "
	    "[csv]\n"
	    "      --excel-safe       guard text cells against spreadsheet "
	    "formulas\n"
	    "  -q, --quiet            no warnings\n"
	    "  -h, --help             this help\n"
	    "  -V, --version          the version\n"
	    "\n"
	    "Exit status: 0 ok, 2 trouble (usage, unreadable input, bad rows, "
	    "write error).\n"
	    "See pipeline-forecast(1) and sales-csv(5).\n", stdout);
	exit(fclose(stdout) == 0 ? 0 : 2);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CLI_LONGOPTS,
		{ "by",		required_argument, NULL, 'b' },
		{ "jobs",	required_argument, NULL, 'j' },
		{ "horizon",	required_argument, NULL, OPT_HORIZON },
		{ "method",	required_argument, NULL, OPT_METHOD },
		{ "total",	no_argument,	   NULL, OPT_TOTAL },
		{ NULL,		0,		   NULL, 0 }
	};
	struct sales_forecast_options fo;
	struct sales_opp_options oo;
	struct sales_forecast *f;
	struct sales_stages *stages;
	struct sales_out *out;
	const char *first = NULL;
	uint64_t columns = 0;
	size_t i;
	int ch, rc, status;

	cli_init(&cli, argv[0], usage);
	argv[0] = (char *)cli.progname;	/* getopt's messages name it */
	memset(&fo, 0, sizeof(fo));
	fo.by[0] = SALES_BY_OWNER;
	fo.nby = 1;
	(void)sales_horizon_parse("30,60,90", &fo);
	par.jobs = default_jobs();
	while ((ch = getopt_long(argc, argv, CLI_SHORTOPTS "b:j:", longopts,
	    NULL)) != -1) {
		if (cli_option(&cli, ch, optarg))
			continue;
		switch (ch) {
		case 'b':
			if (sales_group_parse(optarg, &fo) != SALES_OK)
				cli_errx(&cli, "--by: \"%s\" is not a list of "
				    "owner, account, team, manager, stage, "
				    "forecast_category, or none", optarg);
			break;
		case 'j':
			par.jobs = (size_t)cli_number(&cli, "--jobs", optarg, 1,
			    SALES_PAR_MAX_JOBS);
			break;
		case OPT_HORIZON:
			if (sales_horizon_parse(optarg, &fo) != SALES_OK)
				cli_errx(&cli, "--horizon: \"%s\" is not a list "
				    "of days from 1 to 3660", optarg);
			break;
		case OPT_METHOD:
			if (strcmp(optarg, "weighted") != 0)
				cli_errx(&cli, "--method: \"%s\" is not a method "
				    "(weighted)", optarg);
			break;
		case OPT_TOTAL:
			fo.total = 1;
			break;
		default:
			usage(2);
		}
	}
	argc -= optind;
	argv += optind;
	cli_finish_options(&cli);
	fo.as_of = cli.as_of;

	if ((stages = sales_stages_new()) == NULL ||
	    (f = sales_forecast_new(&fo)) == NULL)
		cli_errx(&cli, "out of memory");
	cli_load_stages(&cli, stages);
	memset(&oo, 0, sizeof(oo));
	oo.date_order = cli.date_order;
	oo.money_flags = cli.money_flags;
	oo.stages = stages;
	oo.map = cli.map;
	oo.nmap = cli.nmap;
	oo.ignore = (uint64_t)1 << SALES_OPP_CREATED_DATE;
	for (i = 0; i < fo.nby; i++)
		if (fo.by[i] != SALES_BY_STAGE &&
		    fo.by[i] != SALES_BY_FORECAST_CATEGORY)
			oo.need |= (uint64_t)1 << sales_group_column(fo.by[i]);

	if (argc == 0)
		read_file("-", f, &oo, &columns, &first);
	for (i = 0; i < (size_t)argc; i++)
		if (!read_parallel(argv[i], f, &fo, &oo, &columns, &first))
			read_file(argv[i], f, &oo, &columns, &first);

	status = 2;
	if (!cli_bad_done(&cli)) {
		if ((out = sales_out_new(cli_output(&cli), cli.format,
		    cli.out_flags)) == NULL)
			cli_errx(&cli, "out of memory");
		rc = sales_forecast_write(f, out);
		if (rc == SALES_EDATA)
			cli_warnx(&cli, "%s", sales_forecast_error(f));
		if (rc == SALES_OK)
			rc = sales_out_finish(out);
		sales_out_free(out);
		status = cli_close_output(&cli, rc == SALES_OK);
	}
	sales_forecast_free(f);
	sales_stages_free(stages);
	return status;
}

/*
 * The default for -j: the online CPUs.  SALES_MIN_PART (bytes) lowers
 * the size below which a file is read by one thread; the tests use it to
 * split small files.
 */
static size_t
default_jobs(void)
{
	const char *env = getenv("SALES_MIN_PART");
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (env != NULL && *env != '\0')
		par.min_part = (size_t)strtoull(env, NULL, 10);
	if (n < 1)
		return 1;
	return n > SALES_PAR_MAX_JOBS ? SALES_PAR_MAX_JOBS : (size_t)n;
}

/*
 * Reads a regular file with -j threads (sales_par.h).  Returns 1 when
 * done, 0 when the file is to be read sequentially instead: it cannot be
 * split (a pipe, another encoding, a small file), or a part met a
 * problem, which the sequential read then reports exactly.
 */
static int
read_parallel(const char *path, struct sales_forecast *f,
    const struct sales_forecast_options *fo,
    const struct sales_opp_options *oo, uint64_t *columns,
    const char **first)
{
	struct sales_badrows bad;
	struct sales_forecast *part;
	const struct sales_row *hdr;
	struct sales_csv *csv;
	uint64_t cols = 0;
	size_t i;
	FILE *fp;
	int fd, rc;

	if (par.jobs < 2 || strcmp(path, "-") == 0 ||
	    (fd = open(path, O_RDONLY)) < 0)
		return 0;
	memset(&bad, 0, sizeof(bad));
	rc = sales_forecast_read_par(fd, path, &cli.csv, &par, oo, fo, &part,
	    &cols, &bad);
	close(fd);
	if (rc != SALES_OK)
		return 0;
	/* The sums of several files can overflow where each one's did not. */
	rc = sales_forecast_merge(f, part);
	sales_forecast_free(part);
	if (rc == SALES_EDATA)
		cli_errx(&cli, "%s: %s", path, sales_forecast_error(f));
	if (rc != SALES_OK)
		cli_errx(&cli, "out of memory");
	if (*first == NULL) {
		*first = path;
		*columns = cols;
	} else if (cols != *columns) {
		cli_warnx(&cli, "%s: the columns differ from the first "
		    "input's; several inputs are read as one table", path);
		cli.failed = 1;
	}
	/* The bad rows, in line order; --rejects wants the header too. */
	if (bad.n > 0 && (csv = cli_open_csv(&cli, path, &fp)) != NULL) {
		if (sales_csv_header(csv, &hdr) == SALES_OK)
			for (i = 0; i < bad.n; i++)
				cli_bad_row(&cli, path, bad.v[i].msg,
				    &bad.v[i].row, hdr);
		cli_close_csv(csv, fp);
	}
	sales_badrows_clear(&bad);
	return 1;
}

/*
 * Adds every deal of one input to the forecast.  Several inputs are one
 * table: each must have the same canonical columns as the first.
 */
static void
read_file(const char *path, struct sales_forecast *f,
    const struct sales_opp_options *oo, uint64_t *columns, const char **first)
{
	struct sales_opp_reader *r;
	const struct sales_row *hdr;
	struct sales_csv *csv;
	struct sales_opp d;
	char err[1024];
	FILE *fp;
	int rc;

	if ((csv = cli_open_csv(&cli, path, &fp)) == NULL)
		return;
	if (sales_opp_open(csv, oo, &r, err, sizeof(err)) != SALES_OK) {
		cli_warnx(&cli, "%s", err);
		cli.failed = 1;
		cli_close_csv(csv, fp);
		return;
	}
	if (*first == NULL) {
		*first = path;
		*columns = sales_opp_columns(r);
	} else if (sales_opp_columns(r) != *columns) {
		cli_warnx(&cli, "%s: the columns differ from the first "
		    "input's; several inputs are read as one table",
		    sales_csv_name(csv));
		cli.failed = 1;
		goto done;
	}
	(void)sales_csv_header(csv, &hdr);
	while ((rc = sales_opp_next(r, &d)) != SALES_EOF) {
		if (rc == SALES_EDATA) {
			cli_bad_row(&cli, sales_csv_name(csv),
			    sales_opp_error(r), sales_opp_row(r), hdr);
			continue;
		}
		if (rc != SALES_OK) {
			cli_warnx(&cli, "%s", sales_opp_error(r));
			cli.failed = 1;
			break;
		}
		if ((rc = sales_forecast_add(f, &d)) == SALES_EDATA)
			cli_errx(&cli, "%s:%llu: %s", sales_csv_name(csv),
			    (unsigned long long)d.line,
			    sales_forecast_error(f));
		if (rc != SALES_OK)
			cli_errx(&cli, "out of memory");
	}
done:
	sales_opp_close(r);
	cli_close_csv(csv, fp);
}
