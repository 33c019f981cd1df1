/*
 * cadence-check - who has gone without a one-on-one with their manager,
 * from a meetings log (or a CRM activity export) and a roster.
 *
 * This file only wires options, inputs and output together; the rules
 * are libsales/cadence.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
	OPT_BY = CLI_OPT_TOOL,
	OPT_CHECK,
	OPT_EMIT_METRICS,
	OPT_ESCALATE,
	OPT_EVERY,
	OPT_GRACE,
	OPT_ICS,
	OPT_ROSTER,
	OPT_RULE,
	OPT_SINCE,
	OPT_TITLE,
	OPT_TYPE,
	OPT_WARN
};

static struct cli cli;
static struct sales_par_options par;	/* -j */
static unsigned seq;			/* inputs read so far */

static void	usage(int) __attribute__((noreturn));
static int	read_parallel(struct sales_cadence *, const char *);
static void	read_file(struct sales_cadence *, const char *,
		    enum sales_cad_kind);
static void	read_ics(struct sales_cadence *, const char *);

static void
usage(int status)
{
	if (status != 0) {
		fprintf(stderr, "usage: cadence-check [options] [file ...]\n"
		    "Try 'cadence-check --help'.\n");
		exit(2);
	}
	fputs("usage: cadence-check [options] [file ...]\n"
	    "Report, per rep, one-on-one cadence with their manager from "
	    "meeting logs.\n"
	    "\n"
	    "Cadence:\n"
	    "  -r, --roster FILE      rep,manager,team,start_date,end_date "
	    "(and email)\n"
	    "      --every INTERVAL   monthly, weekly, 2w, 30d ... [monthly]\n"
	    "      --rule RULE        calendar (one per period) or gap (no "
	    "longer gap)\n"
	    "                         [calendar]\n"
	    "      --grace DAYS       days past due before overdue [7]\n"
	    "      --warn DAYS        due-soon window before the due date [7]\n"
	    "      --since DATE       first day looked at [one year before "
	    "--as-of]\n"
	    "      --type LIST        meeting types that count (comma list)\n"
	    "                         [1:1,1-1,1on1,1-on-1,one-on-one,...]\n"
	    "      --ics FILE         read meetings from an iCalendar file "
	    "(repeatable)\n"
	    "      --title-pattern LIST  calendar titles that mark a "
	    "one-on-one\n"
	    "                         (comma list) [as --type's default]\n"
	    "      --as-of DATE       today [$SALES_AS_OF, else today]\n"
	    "\n"
	    "Report:\n"
	    "  -b, --by KEY           roll up by manager or team\n"
	    "      --escalate         who to notify: manager past grace, "
	    "their manager\n"
	    "                         past twice the grace\n"
	    "      --emit-metrics     owner,metric,date,value rows for "
	    "goal-score\n"
	    "      --check            exit 1 when a rep is overdue or never "
	    "met, one\n"
	    "                         line per problem on stderr\n"
	    "\n"
	    "Input:\n"
	    "  -j, --jobs N           threads for a regular meetings file "
	    "[number of\n"
	    "                         CPUs]\n"
	    "  -d, --delimiter C      field delimiter [,]; -t for tab\n"
	    "      --encoding NAME    input encoding: utf-8, latin1, utf-16, "
	    "...\n"
	    "      --map COL=HEADER   use HEADER for canonical column COL "
	    "(repeatable)\n"
	    "      --date-format ORD  slashed dates are mdy or dmy [mdy]\n"
	    "      --max-field-size N largest field in bytes [1048576]\n"
	    CLI_HELP_BAD_ROWS
	    "\n"
	    CLI_HELP_OUTPUT
	    "\n"
	    "Exit status: 0 ok, 1 a rep is overdue or never met (--check), "
	    "2 trouble.\n"
	    "See cadence-check(1) and sales-csv(5).\n", stdout);
	exit(fclose(stdout) == 0 ? 0 : 2);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CLI_LONGOPTS,
		{ "by",		  required_argument, NULL, 'b' },
		{ "check",	  no_argument,	     NULL, OPT_CHECK },
		{ "emit-metrics", no_argument,	     NULL, OPT_EMIT_METRICS },
		{ "escalate",	  no_argument,	     NULL, OPT_ESCALATE },
		{ "every",	  required_argument, NULL, OPT_EVERY },
		{ "grace",	  required_argument, NULL, OPT_GRACE },
		{ "ics",	  required_argument, NULL, OPT_ICS },
		{ "jobs",	  required_argument, NULL, 'j' },
		{ "roster",	  required_argument, NULL, 'r' },
		{ "rule",	  required_argument, NULL, OPT_RULE },
		{ "since",	  required_argument, NULL, OPT_SINCE },
		{ "title-pattern", required_argument, NULL, OPT_TITLE },
		{ "type",	  required_argument, NULL, OPT_TYPE },
		{ "warn",	  required_argument, NULL, OPT_WARN },
		{ NULL,		  0,		     NULL, 0 }
	};
	struct sales_cadence_options co;
	enum sales_cad_table table = SALES_CAD_OUT_REPS;
	struct sales_cadence *c;
	struct sales_out *out;
	const char *roster = NULL, *since = NULL, *why;
	const char *ics[64];
	char line[1024];
	size_t i, it, nics = 0;
	int ch, rc, status, check = 0, y, m, d, problems = 0;

	cli_init(&cli, argv[0], usage);
	argv[0] = (char *)cli.progname;
	memset(&co, 0, sizeof(co));
	co.monthly = 1;
	co.rule = SALES_CAD_CALENDAR;
	co.grace = 7;
	co.warn = 7;
	cli_par_defaults(&par);
	while ((ch = getopt_long(argc, argv, CLI_SHORTOPTS "b:j:r:", longopts,
	    NULL)) != -1) {
		if (cli_option(&cli, ch, optarg))
			continue;
		switch (ch) {
		case 'b':
			if (strcmp(optarg, "manager") == 0)
				table = SALES_CAD_OUT_MANAGER;
			else if (strcmp(optarg, "team") == 0)
				table = SALES_CAD_OUT_TEAM;
			else
				cli_errx(&cli, "--by: \"%s\" is not manager or "
				    "team", optarg);
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_EMIT_METRICS:
			table = SALES_CAD_OUT_METRICS;
			break;
		case OPT_ESCALATE:
			table = SALES_CAD_OUT_ESCALATE;
			break;
		case OPT_EVERY:
			if (sales_cadence_every_parse(optarg, &co) != SALES_OK)
				cli_errx(&cli, "--every: \"%s\" is not monthly, "
				    "weekly, Nw or Nd", optarg);
			break;
		case OPT_GRACE:
			co.grace = (int)cli_number(&cli, "--grace", optarg, 0,
			    366);
			break;
		case 'j':
			par.jobs = (size_t)cli_number(&cli, "--jobs", optarg, 1,
			    SALES_PAR_MAX_JOBS);
			break;
		case 'r':
			roster = optarg;
			break;
		case OPT_RULE:
			if (strcmp(optarg, "calendar") == 0)
				co.rule = SALES_CAD_CALENDAR;
			else if (strcmp(optarg, "gap") == 0)
				co.rule = SALES_CAD_GAP;
			else
				cli_errx(&cli, "--rule: \"%s\" is not calendar "
				    "or gap", optarg);
			break;
		case OPT_SINCE:
			since = optarg;
			break;
		case OPT_ICS:
			if (nics == sizeof(ics) / sizeof(ics[0]))
				cli_errx(&cli, "--ics: at most %zu calendars",
				    sizeof(ics) / sizeof(ics[0]));
			ics[nics++] = optarg;
			break;
		case OPT_TITLE:
			co.titles = optarg;
			break;
		case OPT_TYPE:
			co.types = optarg;
			break;
		case OPT_WARN:
			co.warn = (int)cli_number(&cli, "--warn", optarg, 0,
			    366);
			break;
		default:
			usage(2);
		}
	}
	argc -= optind;
	argv += optind;
	cli_finish_options(&cli);
	co.as_of = cli.as_of;
	if (since != NULL) {
		if (sales_date_parse(since, strlen(since), cli.date_order,
		    &co.since, &why) != SALES_OK)
			cli_errx(&cli, "--since: \"%s\" %s", since, why);
		if (co.since > co.as_of)
			cli_errx(&cli, "--since: %s is after the as-of date",
			    since);
		if (co.as_of - co.since > 3660 * 3)
			cli_errx(&cli, "--since: %s is more than 30 years back",
			    since);
	} else {
		sales_date_to_ymd(co.as_of, &y, &m, &d);
		if (m == 2 && d == 29)
			d = 28;
		co.since = y > 1 ? sales_date_from_ymd(y - 1, m, d) : co.as_of;
	}
	if ((c = sales_cadence_new(&co)) == NULL)
		cli_errx(&cli, "out of memory");
	if (roster != NULL)
		read_file(c, roster, SALES_CAD_ROSTER);
	for (i = 0; i < nics; i++)
		read_ics(c, ics[i]);
	if (argc == 0 && nics == 0)
		read_file(c, "-", SALES_CAD_MEETINGS);
	for (i = 0; i < (size_t)argc; i++)
		if (!read_parallel(c, argv[i]))
			read_file(c, argv[i], SALES_CAD_MEETINGS);
	if (sales_cadence_unknown(c) > 0 && !cli.quiet)
		cli_warnx(&cli, "%llu meeting%s with people not on the roster "
		    "not counted", (unsigned long long)sales_cadence_unknown(c),
		    sales_cadence_unknown(c) == 1 ? "" : "s");
	status = 2;
	if (!cli_bad_done(&cli)) {
		if (sales_cadence_finish(c) != SALES_OK ||
		    (out = sales_out_new(cli_output(&cli), cli.format,
		    cli.out_flags)) == NULL)
			cli_errx(&cli, "out of memory");
		rc = sales_cadence_write(c, out, table);
		if (rc == SALES_OK)
			rc = sales_out_finish(out);
		sales_out_free(out);
		status = cli_close_output(&cli, rc == SALES_OK);
		if (check && status == 0) {
			it = 0;
			while (sales_cadence_problem(c, &it, line,
			    sizeof(line))) {
				cli_warnx(&cli, "%s", line);
				problems++;
			}
			if (problems > 0)
				status = 1;
		}
	}
	sales_cadence_free(c);
	return status;
}

/* Reads a roster or a meetings file into c. */
static void
read_file(struct sales_cadence *c, const char *path, enum sales_cad_kind kind)
{
	struct sales_cad_input in;
	const struct sales_row *hdr, *row;
	struct sales_csv *csv;
	char err[1024];
	FILE *fp;
	int rc;

	sales_cadence_set_seq(c, ++seq);
	if ((csv = cli_open_csv(&cli, path, &fp)) == NULL)
		return;
	if (sales_csv_header(csv, &hdr) != SALES_OK) {
		cli_warnx(&cli, "%s", sales_csv_error(csv));
		cli.failed = 1;
		goto done;
	}
	if (sales_cadence_bind(c, kind, hdr, cli.map, cli.nmap, &in, err,
	    sizeof(err)) != SALES_OK) {
		cli_warnx(&cli, "%s: %s", sales_csv_name(csv), err);
		cli.failed = 1;
		goto done;
	}
	in.file = sales_csv_name(csv);
	in.order = cli.date_order;
	while ((rc = sales_csv_next(csv, &row)) != SALES_EOF) {
		if (rc == SALES_EDATA) {
			cli_bad_row(&cli, in.file, sales_csv_error(csv), row,
			    hdr);
			continue;
		}
		if (rc != SALES_OK) {
			cli_warnx(&cli, "%s", sales_csv_error(csv));
			cli.failed = 1;
			break;
		}
		rc = kind == SALES_CAD_ROSTER ?
		    sales_cadence_roster_row(c, &in, row) :
		    sales_cadence_meeting_row(c, &in, row);
		if (rc == SALES_EDATA)
			cli_bad_row(&cli, in.file, sales_cadence_error(c), row,
			    hdr);
		else if (rc != SALES_OK)
			cli_errx(&cli, "out of memory");
		else if (sales_cadence_warning(c)[0] != '\0' && !cli.quiet)
			cli_warnx(&cli, "%s", sales_cadence_warning(c));
	}
done:
	cli_close_csv(csv, fp);
}

/* Reads the one-on-ones of an iCalendar file into c. */
static void
read_ics(struct sales_cadence *c, const char *path)
{
	struct sales_ics_event ev;
	struct sales_ics *ics;
	const char *name = path;
	FILE *fp = stdin;
	int rc;

	sales_cadence_set_seq(c, ++seq);
	if (strcmp(path, "-") == 0)
		name = "<stdin>";
	else if ((fp = fopen(path, "r")) == NULL) {
		cli_warnx(&cli, "%s: %s", path, strerror(errno));
		cli.failed = 1;
		return;
	}
	if ((ics = sales_ics_open(fp, name, cli.as_of)) == NULL)
		cli_errx(&cli, "out of memory");
	while ((rc = sales_ics_next(ics, &ev)) != SALES_EOF) {
		if (rc == SALES_EDATA) {
			cli_bad_row(&cli, name, sales_ics_error(ics), NULL,
			    NULL);
			continue;
		}
		if (rc != SALES_OK) {
			cli_warnx(&cli, "%s", sales_ics_error(ics));
			cli.failed = 1;
			break;
		}
		if (sales_cadence_ics_event(c, name, &ev) != SALES_OK)
			cli_errx(&cli, "out of memory");
		if (sales_cadence_warning(c)[0] != '\0' && !cli.quiet)
			cli_warnx(&cli, "%s", sales_cadence_warning(c));
	}
	sales_ics_close(ics);
	if (fp != stdin)
		fclose(fp);
}

/*
 * Reads a regular meetings file with -j threads (sales_par.h).  Returns
 * 1 when done, 0 when the file is to be read sequentially instead: it
 * cannot be split (a pipe, another encoding, a small file), or a part
 * met a problem, which the sequential read then reports exactly.
 */
static int
read_parallel(struct sales_cadence *c, const char *path)
{
	struct sales_badrows notes;
	int fd, rc;

	if (par.jobs < 2 || strcmp(path, "-") == 0)
		return 0;
	if ((fd = open(path, O_RDONLY)) < 0)
		return 0;
	memset(&notes, 0, sizeof(notes));
	sales_cadence_set_seq(c, ++seq);
	rc = sales_cadence_read_par(c, fd, path, &cli.csv, &par, cli.map,
	    cli.nmap, cli.date_order, &notes);
	close(fd);
	if (rc != SALES_OK) {
		seq--;
		return 0;
	}
	/* Bad rows (and warnings), in line order. */
	cli_bad_rows(&cli, path, &notes);
	return 1;
}
