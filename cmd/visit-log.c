/*
 * visit-log - record executive visits to accounts in a shared log, and
 * report how well the top accounts are covered.
 *
 *	visit-log add --executive NAME --account A [...]	append a visit
 *	visit-log report [ACCOUNTS]				coverage
 *	visit-log lint [--repair]				check the log
 *
 * The log handling and the coverage are libsales/visit.c; this file
 * wires options, files and exit status.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
	OPT_ACCOUNT = CLI_OPT_TOOL,
	OPT_ALLOW_FUTURE,
	OPT_BY,
	OPT_CHECK,
	OPT_DATE,
	OPT_EMIT_METRICS,
	OPT_EXECS,
	OPT_EXECUTIVE,
	OPT_FROM,
	OPT_HORIZON,
	OPT_KIND,
	OPT_LOOK_BACK,
	OPT_MAX_GAP,
	OPT_NO_SUMMARY,
	OPT_NOTE,
	OPT_RANK_BY,
	OPT_REPAIR,
	OPT_TITLE,
	OPT_TOP
};

#define SYNOPSIS "usage: visit-log add|report|lint [options] [accounts]\n"
#define REPAIR_HINT "; 'visit-log lint --repair' moves it to %s.rejects"

static struct cli cli;
static struct sales_par_options par;	/* -j */

static struct {
	const char	*log;
	const char	*from;
	const char	*execs;
	const char	*rank_by;
	struct sales_visit v;
	int		 date_set;
	const char	*date_arg;
	int		 allow_future;
	int		 by_exec;
	int		 check;
	int		 metrics;
	int		 summary;
	int		 repair;
	long		 horizon;
	struct sales_coverage_options co;
} o;

static void	usage(int) __attribute__((noreturn));
static int	cmd_add(void);
static int	cmd_report(const char *);
static int	cmd_lint(void);
static int	import(struct sales_visit_buf *);

static void
usage(int status)
{
	if (status != 0) {
		fputs(SYNOPSIS "Try 'visit-log --help'.\n", stderr);
		exit(2);
	}
	fputs(SYNOPSIS
	    "Record executive visits to accounts; report top-account "
	    "coverage.\n"
	    "\n"
	    "  add      append one visit (or --from FILE) to the log\n"
	    "  report   last visit and status of the top accounts\n"
	    "  lint     check the log; --repair moves a torn last line "
	    "aside\n"
	    "\n"
	    "Every subcommand:\n"
	    "  -f, --file LOG         the visits log [$SALES_VISIT_LOG]\n"
	    "      --as-of DATE       today [$SALES_AS_OF, else today]\n"
	    "  -q, --quiet            no warnings\n"
	    "  -h, --help             this help\n"
	    "  -V, --version          the version\n"
	    "\n"
	    "add:\n"
	    "      --date DATE        day of the visit [today]\n"
	    "      --executive NAME   who visited (required)\n"
	    "      --title TITLE      their title\n"
	    "      --account NAME     the account visited (required)\n"
	    "      --kind KIND        onsite, virtual or event [onsite]\n"
	    "      --note TEXT        a note\n"
	    "      --allow-future     accept a date after today\n"
	    "      --from FILE        import visits from CSV (- for stdin), "
	    "all or nothing\n"
	    "\n"
	    "report (accounts from the operand, or stdin):\n"
	    "  -n, --top N            top N accounts, 0 for all [10]\n"
	    "      --rank-by COLUMN   ranking column [revenue, arr, expected,\n"
	    "                         weighted or pipeline: the first there]\n"
	    "      --horizon DAYS     pipeline-forecast rows of this horizon "
	    "[largest]\n"
	    "      --max-gap DAYS     overdue after DAYS without a visit "
	    "[90]\n"
	    "      --look-back DAYS   count visits of the last DAYS [365]\n"
	    "      --by executive     one row per executive instead\n"
	    "      --execs FILE       count only the people listed (name,"
	    "title,level)\n"
	    "      --check            exit 1 when a top account is overdue "
	    "or never visited\n"
	    "      --emit-metrics     write owner,metric,date,value for "
	    "goal-score\n"
	    "      --no-summary       leave out the Coverage row\n"
	    "  -j, --jobs N           threads to read the log [number of "
	    "CPUs]\n"
	    "      --skip-bad         leave bad log rows out (with a count)\n"
	    "      --rejects FILE     write bad log rows there (implies "
	    "--skip-bad)\n"
	    "      --map account=HEADER, -d C, -t, --encoding NAME, "
	    "--decimal-comma\n"
	    "  -o, --output FILE      write to FILE (replaced only on success)\n"
	    "  -F, --format FMT       csv, tsv, table or json [csv]\n"
	    "      --excel-safe       guard text cells against spreadsheet "
	    "formulas\n"
	    "\n"
	    "lint:\n"
	    "      --repair           move a torn last line to LOG.rejects\n"
	    "\n"
	    "Exit status: 0 ok, 1 --check found an uncovered top account, 2 "
	    "trouble.\n"
	    "See visit-log(1) and sales-csv(5).\n", stdout);
	exit(fclose(stdout) == 0 ? 0 : 2);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CLI_LONGOPTS,
		{ "account",	 required_argument, NULL, OPT_ACCOUNT },
		{ "allow-future", no_argument,	    NULL, OPT_ALLOW_FUTURE },
		{ "by",		 required_argument, NULL, OPT_BY },
		{ "check",	 no_argument,	    NULL, OPT_CHECK },
		{ "date",	 required_argument, NULL, OPT_DATE },
		{ "emit-metrics", no_argument,	    NULL, OPT_EMIT_METRICS },
		{ "execs",	 required_argument, NULL, OPT_EXECS },
		{ "executive",	 required_argument, NULL, OPT_EXECUTIVE },
		{ "file",	 required_argument, NULL, 'f' },
		{ "from",	 required_argument, NULL, OPT_FROM },
		{ "horizon",	 required_argument, NULL, OPT_HORIZON },
		{ "jobs",	 required_argument, NULL, 'j' },
		{ "kind",	 required_argument, NULL, OPT_KIND },
		{ "look-back",	 required_argument, NULL, OPT_LOOK_BACK },
		{ "max-gap",	 required_argument, NULL, OPT_MAX_GAP },
		{ "no-summary",	 no_argument,	    NULL, OPT_NO_SUMMARY },
		{ "note",	 required_argument, NULL, OPT_NOTE },
		{ "rank-by",	 required_argument, NULL, OPT_RANK_BY },
		{ "repair",	 no_argument,	    NULL, OPT_REPAIR },
		{ "title",	 required_argument, NULL, OPT_TITLE },
		{ "top",	 required_argument, NULL, 'n' },
		{ NULL,		 0,		    NULL, 0 }
	};
	const char *sub, *why;
	int ch;

	cli_init(&cli, argv[0], usage);
	argv[0] = (char *)cli.progname;
	o.summary = 1;
	o.v.kind = SALES_VISIT_ONSITE;
	o.co.top = 10;
	o.co.max_gap = 90;
	o.co.look_back = 365;
	cli_par_defaults(&par);
	/* The subcommand comes first; --help and --version work alone. */
	sub = argc > 1 ? argv[1] : "";
	if (strcmp(sub, "add") != 0 && strcmp(sub, "report") != 0 &&
	    strcmp(sub, "lint") != 0) {
		if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0)
			usage(0);
		if (strcmp(sub, "-V") == 0 || strcmp(sub, "--version") == 0)
			cli_version(&cli);
		if (*sub == '\0')
			cli_warnx(&cli, "a subcommand is needed: add, report "
			    "or lint");
		else
			cli_warnx(&cli, "\"%s\" is not a subcommand (add, "
			    "report, lint)", sub);
		usage(2);
	}
	argv[1] = argv[0];
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, CLI_SHORTOPTS "f:j:n:", longopts,
	    NULL)) != -1) {
		if (cli_option(&cli, ch, optarg))
			continue;
		switch (ch) {
		case 'f':
			o.log = optarg;
			break;
		case 'j':
			par.jobs = (size_t)cli_number(&cli, "--jobs", optarg, 1,
			    SALES_PAR_MAX_JOBS);
			break;
		case 'n':
			o.co.top = (size_t)cli_number(&cli, "--top", optarg, 0,
			    1000000);
			break;
		case OPT_ACCOUNT:
			o.v.account = optarg;
			break;
		case OPT_ALLOW_FUTURE:
			o.allow_future = 1;
			break;
		case OPT_BY:
			if (strcmp(optarg, "executive") != 0 &&
			    strcmp(optarg, "account") != 0)
				cli_errx(&cli, "--by: \"%s\" is not account or "
				    "executive", optarg);
			o.by_exec = strcmp(optarg, "executive") == 0;
			break;
		case OPT_CHECK:
			o.check = 1;
			break;
		case OPT_DATE:
			o.date_arg = optarg;
			break;
		case OPT_EMIT_METRICS:
			o.metrics = 1;
			break;
		case OPT_EXECS:
			o.execs = optarg;
			break;
		case OPT_EXECUTIVE:
			o.v.executive = optarg;
			break;
		case OPT_FROM:
			o.from = optarg;
			break;
		case OPT_HORIZON:
			o.horizon = cli_number(&cli, "--horizon", optarg, 1,
			    3660);
			break;
		case OPT_KIND:
			if (sales_visit_kind_parse(optarg, strlen(optarg),
			    &o.v.kind) != SALES_OK)
				cli_errx(&cli, "--kind: \"%s\" is not onsite, "
				    "virtual or event", optarg);
			break;
		case OPT_LOOK_BACK:
			o.co.look_back = (int)cli_number(&cli, "--look-back",
			    optarg, 1, 36600);
			break;
		case OPT_MAX_GAP:
			o.co.max_gap = (int)cli_number(&cli, "--max-gap",
			    optarg, 0, 36600);
			break;
		case OPT_NO_SUMMARY:
			o.summary = 0;
			break;
		case OPT_NOTE:
			o.v.note = optarg;
			break;
		case OPT_RANK_BY:
			o.rank_by = optarg;
			break;
		case OPT_REPAIR:
			o.repair = 1;
			break;
		case OPT_TITLE:
			o.v.title = optarg;
			break;
		default:
			usage(2);
		}
	}
	argc -= optind;
	argv += optind;
	cli_finish_options(&cli);
	o.co.as_of = cli.as_of;
	if (o.log == NULL && (o.log = getenv("SALES_VISIT_LOG")) != NULL &&
	    *o.log == '\0')
		o.log = NULL;
	if (o.log == NULL)
		cli_errx(&cli, "no log: use -f LOG or set SALES_VISIT_LOG");
	if (o.date_arg != NULL && sales_date_parse(o.date_arg,
	    strlen(o.date_arg), cli.date_order, &o.v.date, &why) != SALES_OK)
		cli_errx(&cli, "--date: \"%s\" %s", o.date_arg, why);
	if (o.date_arg == NULL)
		o.v.date = cli.as_of;

	if (strcmp(sub, "report") == 0) {
		if (argc > 1)
			cli_errx(&cli, "report reads one accounts file");
		return cmd_report(argc == 1 ? argv[0] : "-");
	}
	if (argc > 0)
		cli_errx(&cli, "%s takes no operands", sub);
	return strcmp(sub, "add") == 0 ? cmd_add() : cmd_lint();
}

static int
cmd_add(void)
{
	struct sales_visit_buf b = { NULL, 0, 0 };
	char err[1024];
	int rc;

	if (o.from != NULL) {
		if (o.v.executive != NULL || o.v.account != NULL ||
		    o.v.title != NULL || o.v.note != NULL ||
		    o.date_arg != NULL)
			cli_errx(&cli, "--from reads every field from the file; "
			    "leave out --date, --executive, --title, "
			    "--account, --note");
		if (!import(&b)) {
			sales_visit_buf_fini(&b);
			return 2;
		}
		if (b.len == 0) {
			if (!cli.quiet)
				cli_warnx(&cli, "%s: no visits to add",
				    strcmp(o.from, "-") == 0 ? "<stdin>" :
				    o.from);
			sales_visit_buf_fini(&b);
			return 0;
		}
	} else {
		if (o.v.executive == NULL)
			cli_errx(&cli, "add needs --executive NAME");
		if (o.v.account == NULL)
			cli_errx(&cli, "add needs --account NAME");
		if (sales_visit_check(&o.v, cli.as_of, o.allow_future, err,
		    sizeof(err)) != SALES_OK) {
			/* Name the option rather than the column. */
			if (strncmp(err, "column \"", 8) == 0) {
				size_t n = strcspn(err + 8, "\"");

				cli_errx(&cli, "--%.*s%s", (int)n, err + 8,
				    err + 8 + n + (err[8 + n] != '\0'));
			}
			cli_errx(&cli, "%s", err);
		}
		if (sales_visit_format(&b, &o.v) != SALES_OK)
			cli_errx(&cli, "out of memory");
	}
	rc = sales_visit_append(o.log, b.data, b.len, err, sizeof(err));
	sales_visit_buf_fini(&b);
	if (rc == SALES_EDATA)
		cli_errx(&cli, "%s" REPAIR_HINT, err, o.log);
	if (rc != SALES_OK)
		cli_errx(&cli, "%s", err);
	return 0;
}

/*
 * Reads --from: every row is checked before anything is written, and all
 * rows go to the log in one append, so an import is all or nothing.
 */
static int
import(struct sales_visit_buf *b)
{
	int idx[SALES_VISIT_NCOLUMNS];
	const struct sales_row *hdr, *r;
	struct sales_csv *csv;
	struct sales_visit v;
	char err[1024], msg[1200];
	FILE *fp;
	int rc;

	if ((csv = cli_open_csv(&cli, o.from, &fp)) == NULL)
		return 0;
	if (sales_csv_header(csv, &hdr) != SALES_OK) {
		cli_warnx(&cli, "%s", sales_csv_error(csv));
		cli_close_csv(csv, fp);
		return 0;
	}
	if (sales_schema_bind(&sales_visit_schema, hdr,
	    1u << SALES_VISIT_DATE | 1u << SALES_VISIT_EXECUTIVE |
	    1u << SALES_VISIT_ACCOUNT, cli.map, cli.nmap, idx, err,
	    sizeof(err)) != SALES_OK) {
		cli_warnx(&cli, "%s: %s", sales_csv_name(csv), err);
		cli_close_csv(csv, fp);
		return 0;
	}
	while ((rc = sales_csv_next(csv, &r)) != SALES_EOF) {
		if (rc != SALES_OK && rc != SALES_EDATA) {
			cli_warnx(&cli, "%s", sales_csv_error(csv));
			cli.failed = 1;
			break;
		}
		if (rc == SALES_EDATA) {
			cli_bad_row(&cli, sales_csv_name(csv),
			    sales_csv_error(csv), r, hdr);
			continue;
		}
		if (sales_visit_from_row(r, idx, cli.date_order, cli.as_of,
		    o.allow_future, &v, err, sizeof(err)) == SALES_OK) {
			if (sales_visit_format(b, &v) != SALES_OK)
				cli_errx(&cli, "out of memory");
			continue;
		}
		snprintf(msg, sizeof(msg), "%s:%llu: %s", sales_csv_name(csv),
		    (unsigned long long)r->line, err);
		cli_bad_row(&cli, sales_csv_name(csv), msg, r, hdr);
	}
	cli_close_csv(csv, fp);
	if (cli.nbad > 0 && !cli.skip_bad)
		cli_warnx(&cli, "%llu bad row%s; nothing added to %s",
		    (unsigned long long)cli.nbad, cli.nbad == 1 ? "" : "s",
		    o.log);
	cli.nbad = cli.skip_bad ? cli.nbad : 0;
	return !cli_bad_done(&cli);
}

static int
cmd_report(const char *path)
{
	struct sales_badrows bad;
	struct sales_visit_log *l;
	struct sales_coverage *c;
	struct sales_csv *csv;
	struct sales_visit v;
	struct sales_out *out;
	char err[1024], vname[256];
	FILE *fp;
	size_t i;
	int rc, status;

	if ((c = sales_coverage_new(&o.co)) == NULL)
		cli_errx(&cli, "out of memory");
	if (o.execs != NULL) {
		struct sales_csv_options plain;

		memset(&plain, 0, sizeof(plain));
		if ((fp = fopen(o.execs, "rb")) == NULL)
			cli_errx(&cli, "%s: %s", o.execs, strerror(errno));
		if ((csv = sales_csv_open(fp, o.execs, &plain)) == NULL)
			cli_errx(&cli, "out of memory");
		rc = sales_coverage_read_execs(c, csv, err, sizeof(err));
		cli_close_csv(csv, fp);
		if (rc != SALES_OK)
			cli_errx(&cli, "%s", err);
	}
	if ((csv = cli_open_csv(&cli, path, &fp)) == NULL)
		exit(2);
	rc = sales_coverage_read_accounts(c, csv, o.rank_by, o.horizon,
	    cli.money_flags, cli.map, cli.nmap, vname, sizeof(vname), err,
	    sizeof(err));
	cli_close_csv(csv, fp);
	if (rc != SALES_OK)
		cli_errx(&cli, "%s", err);

	if (sales_visit_log_open(o.log, NULL, &l, err, sizeof(err)) !=
	    SALES_OK)
		cli_errx(&cli, "%s", err);
	if (sales_visit_log_torn(l) != 0 && !cli.quiet)
		cli_warnx(&cli, "%s:%llu: torn last line ignored" REPAIR_HINT,
		    o.log, (unsigned long long)sales_visit_log_torn(l), o.log);
	/* With -j, the log's parts in threads; else, or failing that, here. */
	memset(&bad, 0, sizeof(bad));
	rc = par.jobs > 1 ? sales_coverage_read_log_par(c, l, o.log, &par,
	    cli.as_of, 1, &bad) : SALES_EUSAGE;
	if (rc == SALES_OK) {
		const struct sales_row *hdr;

		(void)sales_visit_log_row(l, &hdr);
		for (i = 0; i < bad.n; i++)
			cli_bad_row(&cli, o.log, bad.v[i].msg, &bad.v[i].row,
			    hdr);
		sales_badrows_clear(&bad);
	} else while ((rc = sales_visit_log_next(l, cli.as_of, 1, &v)) !=
	    SALES_EOF) {
		if (rc == SALES_EDATA) {
			const struct sales_row *hdr, *row;

			row = sales_visit_log_row(l, &hdr);
			cli_bad_row(&cli, o.log, sales_visit_log_error(l), row,
			    hdr);
			continue;
		}
		if (rc != SALES_OK)
			cli_errx(&cli, "%s", sales_visit_log_error(l));
		if (sales_coverage_add_visit(c, &v) != SALES_OK)
			cli_errx(&cli, "out of memory");
	}
	sales_visit_log_close(l);
	if (cli_bad_done(&cli)) {
		sales_coverage_free(c);
		return 2;
	}
	if (sales_coverage_finish(c) != SALES_OK)
		cli_errx(&cli, "out of memory");
	for (i = 0; i < sales_coverage_nunknown(c) && !cli.quiet; i++) {
		const struct sales_coverage_unknown *u =
		    sales_coverage_unknown(c, i);

		cli_warnx(&cli, "%s:%llu: \"%s\" is not in the accounts "
		    "(%llu visit%s)%s%s%s", o.log,
		    (unsigned long long)u->first_line, u->name,
		    (unsigned long long)u->visits, u->visits == 1 ? "" : "s",
		    u->closest != NULL ? "; closest: \"" : "",
		    u->closest != NULL ? u->closest : "",
		    u->closest != NULL ? "\"" : "");
	}
	if ((out = sales_out_new(cli_output(&cli), cli.format,
	    cli.out_flags)) == NULL)
		cli_errx(&cli, "out of memory");
	if (o.metrics)
		rc = sales_coverage_write_metrics(c, out);
	else if (o.by_exec)
		rc = sales_coverage_write_execs(c, out);
	else
		rc = sales_coverage_write(c, out, vname, o.summary);
	if (rc == SALES_OK)
		rc = sales_out_finish(out);
	sales_out_free(out);
	status = cli_close_output(&cli, rc == SALES_OK);
	if (status == 0 && o.check && sales_coverage_failing(c))
		status = 1;
	sales_coverage_free(c);
	return status;
}

static int
cmd_lint(void)
{
	struct sales_visit_log *l;
	struct sales_visit v;
	uint64_t rows = 0, torn;
	char err[1024];
	size_t moved;
	int rc;

	if (o.repair) {
		if (sales_visit_repair(o.log, &moved, err, sizeof(err)) !=
		    SALES_OK)
			cli_errx(&cli, "%s", err);
		if (moved > 0 && !cli.quiet)
			cli_warnx(&cli, "%s: moved a torn last line (%zu "
			    "byte%s) to %s.rejects", o.log, moved,
			    moved == 1 ? "" : "s", o.log);
	}
	if (sales_visit_log_open(o.log, NULL, &l, err, sizeof(err)) !=
	    SALES_OK)
		cli_errx(&cli, "%s", err);
	if ((torn = sales_visit_log_torn(l)) != 0) {
		cli_warnx(&cli, "%s:%llu: torn last line (no line end)"
		    REPAIR_HINT, o.log, (unsigned long long)torn, o.log);
		cli.failed = 1;
	}
	while ((rc = sales_visit_log_next(l, cli.as_of, 1, &v)) !=
	    SALES_EOF) {
		if (rc == SALES_EDATA) {
			cli.nbad++;
			cli.failed = 1;
			cli_warnx(&cli, "%s", sales_visit_log_error(l));
			continue;
		}
		if (rc != SALES_OK) {
			cli_warnx(&cli, "%s", sales_visit_log_error(l));
			cli.failed = 1;
			break;
		}
		rows++;
	}
	sales_visit_log_close(l);
	if (cli.nbad > 0)
		cli_warnx(&cli, "%s: %llu bad row%s", o.log,
		    (unsigned long long)cli.nbad, cli.nbad == 1 ? "" : "s");
	else if (!cli.failed && !cli.quiet)
		printf("%s: %llu visit%s, ok\n", o.log,
		    (unsigned long long)rows, rows == 1 ? "" : "s");
	if (fflush(stdout) != 0 || ferror(stdout))
		cli_errx(&cli, "write error: %s", strerror(errno));
	return cli.failed ? 2 : 0;
}
