/*
 * goal-score - score goals against results: attainment, pace, coverage,
 * projection and status per owner and period, team roll-ups and a
 * leadership scorecard, from a goals file, opportunity exports, a
 * metrics file and a pipeline-forecast.
 *
 * This file only wires options, inputs and output together; the scoring
 * is libsales/goal.c.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
	OPT_AT_RISK = CLI_OPT_TOOL,
	OPT_BY,
	OPT_CHECK,
	OPT_FISCAL_START,
	OPT_FORECAST,
	OPT_GOALS,
	OPT_HORIZON,
	OPT_METRICS,
	OPT_OFF_TRACK,
	OPT_PERIOD,
	OPT_ROSTER,
	OPT_SCORECARD,
	OPT_TO_DATE
};

static struct cli cli;
static struct sales_par_options par;	/* -j */
static unsigned seq;			/* opportunities inputs so far */

/* Input names, as --map KIND:column=Header prefixes. */
static const char *const kinds[SALES_GOAL_NINPUTS] = {
	"goals", "metrics", "forecast", "roster"
};
static struct sales_map	kmap[SALES_GOAL_NINPUTS][CLI_MAX_MAP];
static size_t		nkmap[SALES_GOAL_NINPUTS];

static void	usage(int) __attribute__((noreturn));
static void	split_maps(void);
static void	read_input(struct sales_goal *, enum sales_goal_input,
		    const char *);
static void	read_opps(struct sales_goal *, const char *,
		    const struct sales_opp_options *);
static int	read_parallel(struct sales_goal *, const char *,
		    const struct sales_opp_options *);

static void
usage(int status)
{
	if (status != 0) {
		fprintf(stderr, "usage: goal-score --goals file [options] "
		    "[file ...]\n"
		    "Try 'goal-score --help'.\n");
		exit(2);
	}
	fputs("usage: goal-score --goals file [options] [file ...]\n"
	    "Score goals against won deals, pipeline and activity metrics.\n"
	    "\n"
	    "Goals:\n"
	    "  -g, --goals FILE       owner,period,target[,metric,weight] "
	    "(required)\n"
	    "      --metrics FILE     owner,metric,date,value[,kind] "
	    "(cadence-check,\n"
	    "                         visit-log --emit-metrics)\n"
	    "      --forecast FILE    pipeline-forecast --by owner output "
	    "(- for stdin)\n"
	    "      --horizon DAYS     forecast horizon to use [shortest that "
	    "reaches\n"
	    "                         the period end]\n"
	    "      --roster FILE      rep,manager,team,start_date,end_date\n"
	    "  -p, --period PERIOD    score only goals of PERIOD (2026-11, "
	    "2026-Q4, 2026,\n"
	    "                         2026-10-01..2026-12-31)\n"
	    "      --to-date UNIT     month, quarter or year to date (MTD, QTD, "
	    "YTD)\n"
	    "      --fiscal-start M   month (1-12) the fiscal year starts [1]\n"
	    "      --at-risk PCT      projected % below this is at-risk "
	    "[100]\n"
	    "      --off-track PCT    projected % below this is off-track "
	    "[80]\n"
	    "  -b, --by GROUP         roll up by team, manager or all "
	    "(needs --roster\n"
	    "                         for team and manager)\n"
	    "      --scorecard        one weighted score and grade per owner\n"
	    "      --check            exit 1 when anyone is off track\n"
	    "      --as-of DATE       the day to score as of [$SALES_AS_OF, "
	    "else today]\n"
	    "      --stages FILE      stage,state,probability definitions\n"
	    "\n"
	    "Input:\n"
	    "  -j, --jobs N           threads for a regular opportunities file "
	    "[number\n"
	    "                         of CPUs]\n"
	    "  -d, --delimiter C      field delimiter [,]; -t for tab\n"
	    "      --encoding NAME    input encoding: utf-8, latin1, utf-16, "
	    "...\n"
	    "      --map COL=HEADER   use HEADER for canonical column COL "
	    "(repeatable);\n"
	    "                         goals:COL=, metrics:COL=, forecast:COL=, "
	    "roster:COL=\n"
	    "                         for those inputs\n"
	    "      --date-format ORD  slashed dates are mdy or dmy [mdy]\n"
	    "      --decimal-comma    amounts like 1.234,50\n"
	    "      --max-field-size N largest field in bytes [1048576]\n"
	    CLI_HELP_BAD_ROWS
	    "\n"
	    CLI_HELP_OUTPUT
	    "\n"
	    "Exit status: 0 ok, 1 someone off track (--check), 2 trouble.\n"
	    "See goal-score(1) and sales-csv(5).\n", stdout);
	exit(fclose(stdout) == 0 ? 0 : 2);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CLI_LONGOPTS,
		{ "at-risk",	  required_argument, NULL, OPT_AT_RISK },
		{ "by",		  required_argument, NULL, 'b' },
		{ "check",	  no_argument,	     NULL, OPT_CHECK },
		{ "fiscal-start", required_argument, NULL, OPT_FISCAL_START },
		{ "forecast",	  required_argument, NULL, OPT_FORECAST },
		{ "goals",	  required_argument, NULL, 'g' },
		{ "horizon",	  required_argument, NULL, OPT_HORIZON },
		{ "jobs",	  required_argument, NULL, 'j' },
		{ "metrics",	  required_argument, NULL, OPT_METRICS },
		{ "off-track",	  required_argument, NULL, OPT_OFF_TRACK },
		{ "period",	  required_argument, NULL, 'p' },
		{ "roster",	  required_argument, NULL, OPT_ROSTER },
		{ "scorecard",	  no_argument,	     NULL, OPT_SCORECARD },
		{ "to-date",	  required_argument, NULL, OPT_TO_DATE },
		{ NULL,		  0,		     NULL, 0 }
	};
	struct sales_goal_options go;
	struct sales_opp_options oo;
	struct sales_goal *g;
	struct sales_stages *stages;
	struct sales_out *out;
	const char *goals = NULL, *metrics = NULL, *forecast = NULL;
	const char *roster = NULL, *period = NULL, *why;
	size_t i, offtrack = 0;
	int ch, rc, status, check = 0, stdin_used = 0;

	cli_init(&cli, argv[0], usage);
	argv[0] = (char *)cli.progname;
	memset(&go, 0, sizeof(go));
	go.at_risk = 100;
	go.off_track = 80;
	go.fiscal_start = 1;
	cli_par_defaults(&par);
	while ((ch = getopt_long(argc, argv, CLI_SHORTOPTS "b:g:j:p:", longopts,
	    NULL)) != -1) {
		if (cli_option(&cli, ch, optarg))
			continue;
		switch (ch) {
		case 'b':
			if (strcmp(optarg, "team") == 0)
				go.by = SALES_GOAL_BY_TEAM;
			else if (strcmp(optarg, "manager") == 0)
				go.by = SALES_GOAL_BY_MANAGER;
			else if (strcmp(optarg, "all") == 0)
				go.by = SALES_GOAL_BY_ALL;
			else if (strcmp(optarg, "owner") == 0)
				go.by = SALES_GOAL_BY_OWNER;
			else
				cli_errx(&cli, "--by: \"%s\" is not owner, "
				    "team, manager or all", optarg);
			break;
		case 'g':
			goals = optarg;
			break;
		case 'j':
			par.jobs = (size_t)cli_number(&cli, "--jobs", optarg, 1,
			    SALES_PAR_MAX_JOBS);
			break;
		case 'p':
			period = optarg;
			break;
		case OPT_AT_RISK:
			go.at_risk = (int)cli_number(&cli, "--at-risk", optarg,
			    0, 1000);
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_FISCAL_START:
			go.fiscal_start = (int)cli_number(&cli,
			    "--fiscal-start", optarg, 1, 12);
			break;
		case OPT_FORECAST:
			forecast = optarg;
			break;
		case OPT_HORIZON:
			go.horizon = (int)cli_number(&cli, "--horizon", optarg,
			    1, 3660);
			break;
		case OPT_METRICS:
			metrics = optarg;
			break;
		case OPT_OFF_TRACK:
			go.off_track = (int)cli_number(&cli, "--off-track",
			    optarg, 0, 1000);
			break;
		case OPT_ROSTER:
			roster = optarg;
			break;
		case OPT_SCORECARD:
			go.scorecard = 1;
			break;
		case OPT_TO_DATE:
			go.to_date = 1;
			if (strcmp(optarg, "month") == 0)
				go.to_date_unit = SALES_PERIOD_MONTH;
			else if (strcmp(optarg, "quarter") == 0)
				go.to_date_unit = SALES_PERIOD_QUARTER;
			else if (strcmp(optarg, "year") == 0)
				go.to_date_unit = SALES_PERIOD_YEAR;
			else
				cli_errx(&cli, "--to-date: \"%s\" is not month, "
				    "quarter or year", optarg);
			break;
		default:
			usage(2);
		}
	}
	argc -= optind;
	argv += optind;
	cli_finish_options(&cli);
	if (goals == NULL) {
		cli_warnx(&cli, "--goals FILE is required");
		usage(2);
	}
	if (go.off_track > go.at_risk)
		cli_errx(&cli, "--off-track %d is above --at-risk %d",
		    go.off_track, go.at_risk);
	if ((go.by == SALES_GOAL_BY_TEAM || go.by == SALES_GOAL_BY_MANAGER) &&
	    roster == NULL)
		cli_errx(&cli, "--by %s needs --roster FILE",
		    go.by == SALES_GOAL_BY_TEAM ? "team" : "manager");
	if (go.scorecard && go.by != SALES_GOAL_BY_OWNER)
		cli_errx(&cli, "--scorecard is per owner; it does not combine "
		    "with --by");
	if (period != NULL) {
		if (sales_period_parse(period, go.fiscal_start, &go.period,
		    &why) != SALES_OK)
			cli_errx(&cli, "--period: \"%s\" %s", period, why);
		go.has_period = 1;
	}
	if (period != NULL && go.to_date)
		cli_errx(&cli, "--period and --to-date do not combine");
	/* Standard input can feed one input only. */
	stdin_used = (strcmp(goals, "-") == 0) +
	    (metrics != NULL && strcmp(metrics, "-") == 0) +
	    (forecast != NULL && strcmp(forecast, "-") == 0) +
	    (roster != NULL && strcmp(roster, "-") == 0);
	for (i = 0; i < (size_t)argc; i++)
		stdin_used += strcmp(argv[i], "-") == 0;
	if (stdin_used > 1 || (stdin_used == 1 && argc == 0))
		cli_errx(&cli, "standard input can be read only once; name the "
		    "opportunities file");
	split_maps();
	go.as_of = cli.as_of;
	go.date_order = cli.date_order;
	go.money_flags = cli.money_flags;

	if ((stages = sales_stages_new()) == NULL ||
	    (g = sales_goal_new(&go)) == NULL)
		cli_errx(&cli, "out of memory");
	cli_load_stages(&cli, stages);
	memset(&oo, 0, sizeof(oo));
	oo.date_order = cli.date_order;
	oo.money_flags = cli.money_flags;
	oo.stages = stages;
	oo.map = cli.map;
	oo.nmap = cli.nmap;
	oo.ignore = (uint64_t)1 << SALES_OPP_CREATED_DATE;

	read_input(g, SALES_GOAL_GOALS, goals);
	if (roster != NULL)
		read_input(g, SALES_GOAL_ROSTER, roster);
	if (metrics != NULL)
		read_input(g, SALES_GOAL_METRICS, metrics);
	if (forecast != NULL)
		read_input(g, SALES_GOAL_FORECAST, forecast);
	if (argc == 0)
		read_opps(g, "-", &oo);
	for (i = 0; i < (size_t)argc; i++)
		if (!read_parallel(g, argv[i], &oo))
			read_opps(g, argv[i], &oo);

	status = 2;
	if (!cli_bad_done(&cli)) {
		if ((out = sales_out_new(cli_output(&cli), cli.format,
		    cli.out_flags)) == NULL)
			cli_errx(&cli, "out of memory");
		rc = sales_goal_write(g, out, &offtrack);
		if (rc == SALES_EDATA)
			cli_warnx(&cli, "%s", sales_goal_error(g));
		if (rc == SALES_OK)
			rc = sales_out_finish(out);
		sales_out_free(out);
		status = cli_close_output(&cli, rc == SALES_OK);
		if (status == 0 && check && offtrack > 0)
			status = 1;
	}
	sales_goal_free(g);
	sales_stages_free(stages);
	return status;
}

/*
 * Reads a goals, roster, metrics or forecast file.  The --map overrides
 * that name a column of this kind apply; the others are for the other
 * inputs and are left out here.
 */
static void
read_input(struct sales_goal *g, enum sales_goal_input kind, const char *path)
{
	const struct sales_row *hdr, *row;
	struct sales_csv *csv;
	FILE *fp;
	int rc;

	if ((csv = cli_open_csv(&cli, path, &fp)) == NULL)
		return;
	if (sales_goal_bind(g, kind, csv, kmap[kind], nkmap[kind]) != SALES_OK) {
		const char *e = sales_goal_error(g), *m = strstr(e, "--map ");

		/* The hint names this input's --map prefix. */
		if (m != NULL)
			cli_warnx(&cli, "%.*s--map %s:%s", (int)(m - e), e,
			    kinds[kind], m + 6);
		else
			cli_warnx(&cli, "%s", e);
		cli.failed = 1;
		cli_close_csv(csv, fp);
		return;
	}
	(void)sales_csv_header(csv, &hdr);
	while ((rc = sales_csv_next(csv, &row)) != SALES_EOF) {
		if (rc == SALES_EDATA) {
			cli_bad_row(&cli, sales_csv_name(csv),
			    sales_csv_error(csv), row, hdr);
			continue;
		}
		if (rc != SALES_OK) {
			cli_warnx(&cli, "%s", sales_csv_error(csv));
			cli.failed = 1;
			break;
		}
		rc = sales_goal_add(g, kind, row);
		if (rc == SALES_EDATA)
			cli_bad_row(&cli, sales_csv_name(csv),
			    sales_goal_error(g), row, hdr);
		else if (rc != SALES_OK)
			cli_errx(&cli, "out of memory");
	}
	cli_close_csv(csv, fp);
}

/*
 * Sorts the --map options: "goals:target=Quota" (likewise metrics:,
 * forecast:, roster:) is for that input; one with no prefix is for the
 * opportunities and stays in cli.map.
 */
static void
split_maps(void)
{
	const char *col, *colon;
	size_t i, n = 0, k;

	for (i = 0; i < cli.nmap; i++) {
		col = cli.map[i].column;
		if ((colon = strchr(col, ':')) == NULL) {
			cli.map[n++] = cli.map[i];
			continue;
		}
		for (k = 0; k < SALES_GOAL_NINPUTS; k++)
			if (strlen(kinds[k]) == (size_t)(colon - col) &&
			    strncmp(col, kinds[k], colon - col) == 0)
				break;
		if (k == SALES_GOAL_NINPUTS)
			cli_errx(&cli, "--map: \"%.*s\" is not goals, metrics, "
			    "forecast or roster", (int)(colon - col), col);
		kmap[k][nkmap[k]].column = colon + 1;
		kmap[k][nkmap[k]].header = cli.map[i].header;
		nkmap[k]++;
	}
	cli.nmap = n;
}

/* Adds every deal of one opportunities input. */
static void
read_opps(struct sales_goal *g, const char *path,
    const struct sales_opp_options *oo)
{
	struct sales_opp_reader *r;
	const struct sales_row *hdr;
	struct sales_csv *csv;
	struct sales_opp d;
	char err[1024];
	FILE *fp;
	int rc;

	sales_goal_set_seq(g, ++seq);
	if ((csv = cli_open_csv(&cli, path, &fp)) == NULL)
		return;
	if (sales_opp_open(csv, oo, &r, err, sizeof(err)) != SALES_OK) {
		cli_warnx(&cli, "%s", err);
		cli.failed = 1;
		cli_close_csv(csv, fp);
		return;
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
		rc = sales_goal_add_opp(g, sales_csv_name(csv), &d);
		if (rc == SALES_EDATA)
			cli_bad_row(&cli, sales_csv_name(csv),
			    sales_goal_error(g), sales_opp_row(r), hdr);
		else if (rc != SALES_OK)
			cli_errx(&cli, "out of memory");
	}
	sales_opp_close(r);
	cli_close_csv(csv, fp);
}

/*
 * Reads a regular opportunities file with -j threads (sales_par.h).
 * Returns 1 when done, 0 when the file is to be read sequentially
 * instead: it cannot be split (a pipe, another encoding, a small file),
 * or a part met a problem, which the sequential read then reports
 * exactly.
 */
static int
read_parallel(struct sales_goal *g, const char *path,
    const struct sales_opp_options *oo)
{
	struct sales_badrows bad;
	int fd, rc;

	if (par.jobs < 2 || strcmp(path, "-") == 0)
		return 0;
	if ((fd = open(path, O_RDONLY)) < 0)
		return 0;
	memset(&bad, 0, sizeof(bad));
	sales_goal_set_seq(g, ++seq);
	rc = sales_goal_read_par(g, fd, path, &cli.csv, &par, oo, &bad);
	close(fd);
	if (rc != SALES_OK) {
		seq--;
		return 0;
	}
	/* Bad rows (and warnings), in line order. */
	cli_bad_rows(&cli, path, &bad);
	return 1;
}
