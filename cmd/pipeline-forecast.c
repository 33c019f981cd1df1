/*
 * pipeline-forecast - forecast won revenue per group and horizon from an
 * opportunities export (Salesforce, HubSpot, Pipedrive or a spreadsheet).
 *
 * This file only wires options, inputs and output together; the
 * forecast itself is libsales/forecast.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
	OPT_BY = CLI_OPT_TOOL,
	OPT_BACKTEST,
	OPT_BASE,
	OPT_DEALS,
	OPT_FROM,
	OPT_HISTORY,
	OPT_HORIZON,
	OPT_MERGE,
	OPT_METHOD,
	OPT_PARTIAL,
	OPT_PROGRESS,
	OPT_RATES,
	OPT_SEED,
	OPT_STEP,
	OPT_SUMMARY,
	OPT_TO,
	OPT_TOP,
	OPT_TOTAL,
	OPT_TRIALS,
	OPT_WATERFALL
};

enum method { M_DEFAULT, M_WEIGHTED, M_HISTORY };

static struct cli cli;
static struct sales_par_options par;	/* -j */

/*
 * The run's state: the forecast and the model are made once the first
 * input's columns are known (a currency column adds a group).
 */
static struct {
	struct sales_forecast_options	 fo;
	struct sales_model_options	 mo;
	struct sales_forecast		*f;
	struct sales_model		*m;
	struct sales_rates		*rates;
	int				 want_model;
	int				 by_set;	/* --by given */
	int				 horizon_set;	/* --horizon given */
} run;

static void	usage(int) __attribute__((noreturn));
static void	read_file(const char *, const struct sales_opp_options *,
		    uint64_t *, const char **);
static void	start(uint64_t);
static void	load_rates(const char *, const char *);
static void	show_progress(void *, size_t, size_t);
static struct sales_snaps *load_history(const char *,
		    const struct sales_stages *);
static enum method choose_method(const struct sales_model *, uint64_t,
		    int);
static int32_t	date_arg(const char *, const char *);
static int	fill(void *, const char *, size_t, int, size_t, int64_t *);
static int	write_history(struct sales_forecast *, struct sales_model *,
		    struct sales_out *, int, size_t);
static int	read_parallel(const char *, const struct sales_opp_options *,
		    uint64_t *, const char **);
static void	read_partial(const char *);
static int	same_by(const struct sales_forecast_options *, size_t,
		    const struct sales_forecast_options *);
static int	same_horizons(const struct sales_forecast_options *,
		    const struct sales_forecast_options *);

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
	    "                         forecast_category, currency (comma list), "
	    "or none\n"
	    "                         [owner]\n"
	    "      --horizon LIST     horizons in days from the as-of date "
	    "[30,60,90]\n"
	    "      --method METHOD    history (learned from the file) or "
	    "weighted\n"
	    "                         [history with 30 resolved deals, else "
	    "weighted]\n"
	    "      --trials N         Monte Carlo trials for P10/P50/P90 "
	    "[10000;\n"
	    "                         1000 in a backtest]\n"
	    "      --seed N           random seed of the trials [1]\n"
	    "      --as-of DATE       the day to forecast from [$SALES_AS_OF, "
	    "else today]\n"
	    "      --stages FILE      stage,state,probability definitions\n"
	    "      --history FILE     opportunity snapshots (id, snapshot_date, "
	    "stage, ...)\n"
	    "      --total            add a Total row per horizon\n"
	    "      --rates FILE       currency,rate table: convert amounts to "
	    "...\n"
	    "      --base-currency C  ... this currency (without --rates, "
	    "each currency\n"
	    "                         is a group of its own)\n"
	    "      --deals            list open deals with their win "
	    "probabilities\n"
	    "      --top N            with --deals: the N largest per group\n"
	    "\n"
	    "Backtest and pipeline flow:\n"
	    "      --backtest         forecast from past origins, compare "
	    "with actuals\n"
	    "      --waterfall        with --history, --from, --to: how the "
	    "period's\n"
	    "                         pipeline moved (created, pushed, won, "
	    "...)\n"
	    "      --from DATE        first origin [51 steps before --to]; "
	    "waterfall start\n"
	    "      --to DATE          last origin [as-of minus the longest "
	    "horizon];\n"
	    "                         waterfall end\n"
	    "      --step DAYS        days between origins [7]\n"
	    "      --summary          WAPE, MAPE, bias and coverage per "
	    "group and horizon\n"
	    "      --progress         show the backtest's progress even off a "
	    "terminal\n"
	    "\n"
	    "Sharded runs (weighted method):\n"
	    "      --partial          write this input's partial sums, not "
	    "the report\n"
	    "      --merge            the inputs are partials: add them up "
	    "and report\n"
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
	    CLI_HELP_BAD_ROWS
	    "\n"
	    CLI_HELP_OUTPUT
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
		{ "backtest",	no_argument,	   NULL, OPT_BACKTEST },
		{ "base-currency", required_argument, NULL, OPT_BASE },
		{ "by",		required_argument, NULL, 'b' },
		{ "deals",	no_argument,	   NULL, OPT_DEALS },
		{ "from",	required_argument, NULL, OPT_FROM },
		{ "history",	required_argument, NULL, OPT_HISTORY },
		{ "jobs",	required_argument, NULL, 'j' },
		{ "horizon",	required_argument, NULL, OPT_HORIZON },
		{ "merge",	no_argument,	   NULL, OPT_MERGE },
		{ "method",	required_argument, NULL, OPT_METHOD },
		{ "partial",	no_argument,	   NULL, OPT_PARTIAL },
		{ "progress",	no_argument,	   NULL, OPT_PROGRESS },
		{ "rates",	required_argument, NULL, OPT_RATES },
		{ "seed",	required_argument, NULL, OPT_SEED },
		{ "step",	required_argument, NULL, OPT_STEP },
		{ "summary",	no_argument,	   NULL, OPT_SUMMARY },
		{ "to",		required_argument, NULL, OPT_TO },
		{ "top",	required_argument, NULL, OPT_TOP },
		{ "total",	no_argument,	   NULL, OPT_TOTAL },
		{ "trials",	required_argument, NULL, OPT_TRIALS },
		{ "waterfall",	no_argument,	   NULL, OPT_WATERFALL },
		{ NULL,		0,		   NULL, 0 }
	};
	struct sales_forecast_options fo;
	struct sales_model_options mo;
	struct sales_backtest_options bo;
	struct sales_opp_options oo;
	struct sales_stages *stages;
	struct sales_out *out;
	enum method method = M_DEFAULT;
	const char *first = NULL, *from_arg = NULL, *to_arg = NULL;
	const char *btopt = NULL;
	uint64_t columns = 0;
	size_t i, top = 0;
	int ch, rc, status, backtest = 0, deals = 0, trials_set = 0;
	int oo_need_id = 0, waterfall = 0, progress = 0, partial = 0;
	int merge = 0;
	const char *rates_path = NULL, *base = NULL, *history_path = NULL;
	char day[SALES_DATE_BUFSZ];
	uint64_t unscheduled;
	int64_t unscheduled_amount;

	cli_init(&cli, argv[0], usage);
	argv[0] = (char *)cli.progname;	/* getopt's messages name it */
	memset(&fo, 0, sizeof(fo));
	memset(&mo, 0, sizeof(mo));
	memset(&bo, 0, sizeof(bo));
	fo.by[0] = SALES_BY_OWNER;
	fo.nby = 1;
	(void)sales_horizon_parse("30,60,90", &fo);
	cli_par_defaults(&par);
	mo.trials = 10000;
	mo.seed = 1;
	bo.step = 7;
	while ((ch = getopt_long(argc, argv, CLI_SHORTOPTS "b:j:", longopts,
	    NULL)) != -1) {
		if (cli_option(&cli, ch, optarg))
			continue;
		switch (ch) {
		case 'b':
			if (sales_group_parse(optarg, &fo) != SALES_OK)
				cli_errx(&cli, "--by: \"%s\" is not a list of "
				    "owner, account, team, manager, stage, "
				    "forecast_category, currency, or none",
				    optarg);
			run.by_set = 1;
			break;
		case OPT_BACKTEST:
			backtest = 1;
			break;
		case OPT_BASE:
			base = optarg;
			break;
		case OPT_DEALS:
			deals = 1;
			break;
		case OPT_FROM:
			from_arg = optarg;
			bo.from = date_arg("--from", optarg);
			break;
		case OPT_HISTORY:
			history_path = optarg;
			break;
		case 'j':
			par.jobs = (size_t)cli_number(&cli, "--jobs", optarg, 1,
			    SALES_PAR_MAX_JOBS);
			break;
		case OPT_HORIZON:
			if (sales_horizon_parse(optarg, &fo) != SALES_OK)
				cli_errx(&cli, "--horizon: \"%s\" is not a list "
				    "of days from 1 to 3660", optarg);
			run.horizon_set = 1;
			break;
		case OPT_METHOD:
			if (strcmp(optarg, "weighted") == 0)
				method = M_WEIGHTED;
			else if (strcmp(optarg, "history") == 0)
				method = M_HISTORY;
			else
				cli_errx(&cli, "--method: \"%s\" is not a method "
				    "(history, weighted)", optarg);
			break;
		case OPT_MERGE:
			merge = 1;
			break;
		case OPT_PARTIAL:
			partial = 1;
			break;
		case OPT_PROGRESS:
			progress = 1;
			break;
		case OPT_RATES:
			rates_path = optarg;
			break;
		case OPT_SEED:
			mo.seed = (uint64_t)cli_number(&cli, "--seed", optarg,
			    0, 2147483647L);
			break;
		case OPT_STEP:
			bo.step = (int)cli_number(&cli, "--step", optarg, 1,
			    3660);
			btopt = "--step";
			break;
		case OPT_SUMMARY:
			bo.summary = 1;
			btopt = "--summary";
			break;
		case OPT_TO:
			to_arg = optarg;
			bo.to = date_arg("--to", optarg);
			break;
		case OPT_TOP:
			top = (size_t)cli_number(&cli, "--top", optarg, 1,
			    1000000000L);
			break;
		case OPT_TOTAL:
			fo.total = 1;
			break;
		case OPT_TRIALS:
			mo.trials = (uint64_t)cli_number(&cli, "--trials",
			    optarg, 0, 1000000L);
			trials_set = 1;
			break;
		case OPT_WATERFALL:
			waterfall = 1;
			break;
		default:
			usage(2);
		}
	}
	argc -= optind;
	argv += optind;
	if (btopt != NULL && !backtest)
		cli_errx(&cli, "%s needs --backtest", btopt);
	if ((from_arg != NULL || to_arg != NULL) && !backtest && !waterfall)
		cli_errx(&cli, "%s needs --backtest or --waterfall",
		    from_arg != NULL ? "--from" : "--to");
	if (waterfall && (backtest || deals))
		cli_errx(&cli, "--waterfall does not go with %s",
		    backtest ? "--backtest" : "--deals");
	if (waterfall && (history_path == NULL || from_arg == NULL ||
	    to_arg == NULL))
		cli_errx(&cli, "--waterfall needs --history, --from and --to");
	if (waterfall && bo.from > bo.to)
		cli_errx(&cli, "--from: %s is after --to %s", from_arg, to_arg);
	if ((rates_path == NULL) != (base == NULL))
		cli_errx(&cli, "%s needs %s", rates_path != NULL ? "--rates" :
		    "--base-currency", rates_path != NULL ? "--base-currency" :
		    "--rates");
	if (top > 0 && !deals)
		cli_errx(&cli, "--top needs --deals");
	if (partial || merge) {
		const char *opt = partial ? "--partial" : "--merge";

		/* Sums add up across shards; a learned model does not. */
		if (method == M_HISTORY || backtest || deals || waterfall ||
		    history_path != NULL)
			cli_errx(&cli, "%s goes with the weighted method only",
			    opt);
		if (partial && fo.total)
			cli_errx(&cli, "--total does not go with --partial");
		if (partial && cli.format != SALES_FMT_CSV)
			cli_errx(&cli, "--partial writes CSV (-F csv)");
		if (merge && rates_path != NULL)
			cli_errx(&cli, "--rates goes with the --partial runs, "
			    "not with --merge");
		method = M_WEIGHTED;
	}
	if (backtest && deals)
		cli_errx(&cli, "--backtest and --deals do not go together");
	if ((backtest || deals) && method == M_WEIGHTED)
		cli_errx(&cli, "%s needs --method history",
		    backtest ? "--backtest" : "--deals");
	cli_finish_options(&cli);
	fo.as_of = cli.as_of;
	if (backtest) {
		if (to_arg == NULL)
			bo.to = fo.as_of - fo.horizons[fo.nhorizons - 1];
		if (from_arg == NULL)
			bo.from = bo.to - 51 * bo.step;
		if (bo.from > bo.to) {
			char last[SALES_DATE_BUFSZ];

			cli_errx(&cli, "--from: %s is after the last origin %s",
			    sales_date_format(bo.from, day),
			    sales_date_format(bo.to, last));
		}
	}
	mo.keep_deals = deals;
	/* A backtest simulates at every origin short of history. */
	if (backtest && !trials_set)
		mo.trials = 1000;

	if ((stages = sales_stages_new()) == NULL)
		cli_errx(&cli, "out of memory");
	run.fo = fo;
	run.mo = mo;
	run.want_model = method != M_WEIGHTED;
	if (rates_path != NULL)
		load_rates(rates_path, base);
	cli_load_stages(&cli, stages);
	if (history_path != NULL) {
		if (method == M_WEIGHTED)
			cli_errx(&cli, "--history needs --method history");
		run.mo.snaps = load_history(history_path, stages);
		oo_need_id = 1;
	}
	memset(&oo, 0, sizeof(oo));
	if (oo_need_id)
		oo.need |= (uint64_t)1 << SALES_OPP_ID;
	oo.date_order = cli.date_order;
	oo.money_flags = cli.money_flags;
	oo.stages = stages;
	oo.map = cli.map;
	oo.nmap = cli.nmap;
	if (method == M_WEIGHTED)
		oo.ignore = (uint64_t)1 << SALES_OPP_CREATED_DATE;
	if (method == M_HISTORY || backtest || deals)
		oo.need |= (uint64_t)1 << SALES_OPP_CREATED_DATE;
	for (i = 0; i < fo.nby; i++)
		if (fo.by[i] != SALES_BY_STAGE &&
		    fo.by[i] != SALES_BY_FORECAST_CATEGORY)
			oo.need |= (uint64_t)1 << sales_group_column(fo.by[i]);

	if (merge && argc == 0)
		read_partial("-");
	for (i = 0; merge && i < (size_t)argc; i++)
		read_partial(argv[i]);
	if (!merge && argc == 0)
		read_file("-", &oo, &columns, &first);
	for (i = 0; !merge && i < (size_t)argc; i++)
		if (!read_parallel(argv[i], &oo, &columns, &first))
			read_file(argv[i], &oo, &columns, &first);
	if (run.f == NULL)
		start(0);
	fo = run.fo;

	status = 2;
	if (!cli_bad_done(&cli)) {
		if (backtest || deals || waterfall)
			method = M_HISTORY;
		else if (method == M_DEFAULT)
			method = choose_method(run.m, columns, first != NULL);
		if ((out = sales_out_new(cli_output(&cli), cli.format,
		    cli.out_flags)) == NULL)
			cli_errx(&cli, "out of memory");
		if (backtest) {
			struct sales_backtest *b;

			/* Progress for people: a terminal, or --progress. */
			if (progress || isatty(STDERR_FILENO))
				bo.progress = show_progress;
			bo.jobs = par.jobs;
			if ((b = sales_backtest_new(run.m, &bo)) == NULL)
				cli_errx(&cli, "out of memory");
			rc = sales_backtest_run(b, out);
			if (rc == SALES_EDATA)
				cli_warnx(&cli, "%s", sales_backtest_error(b));
			for (i = 0; rc == SALES_OK && bo.summary &&
			    i < fo.nhorizons; i++)
				if (sales_backtest_verdict(b, i) != NULL)
					cli_warnx(&cli, "%s",
					    sales_backtest_verdict(b, i));
			sales_backtest_free(b);
		} else if (waterfall) {
			rc = sales_waterfall_write(run.m, bo.from, bo.to,
			    run.fo.total, out);
		} else if (method == M_HISTORY) {
			rc = write_history(run.f, run.m, out, deals, top);
		} else if (partial) {
			rc = sales_forecast_write_partial(run.f, out);
		} else {
			rc = sales_forecast_write(run.f, out);
			if (rc == SALES_EDATA)
				cli_warnx(&cli, "%s", sales_forecast_error(run.f));
			sales_forecast_unscheduled(run.f, &unscheduled,
			    &unscheduled_amount);
			if (rc == SALES_OK && unscheduled > 0 && !cli.quiet) {
				char amt[SALES_MONEY_BUFSZ];
				int one = unscheduled == 1;

				cli_warnx(&cli, "%llu open deal%s (%s) %s no "
				    "close date: in no horizon of the weighted "
				    "method", (unsigned long long)unscheduled,
				    one ? "" : "s",
				    sales_money_format(unscheduled_amount, amt),
				    one ? "has" : "have");
			}
		}
		if (rc == SALES_ENOMEM)
			cli_errx(&cli, "out of memory");
		if (rc == SALES_OK)
			rc = sales_out_finish(out);
		sales_out_free(out);
		status = cli_close_output(&cli, rc == SALES_OK);
	}
	sales_model_free(run.m);
	sales_forecast_free(run.f);
	sales_rates_free(run.rates);
	sales_snaps_free(run.mo.snaps);
	sales_stages_free(stages);
	return status;
}

/*
 * Reads a regular file with -j threads (sales_par.h) into the forecast,
 * and into the model when there is one (--rates converts each deal as
 * it is read: then the file is read sequentially).  Returns 1 when
 * done, 0 when the file is to be read sequentially instead: it cannot
 * be split (a pipe, another encoding, a small file), or a part met a
 * problem, which the sequential read then reports exactly.
 */
static int
read_parallel(const char *path, const struct sales_opp_options *oo,
    uint64_t *columns, const char **first)
{
	struct sales_opp_reader *r;
	struct sales_badrows bad;
	struct sales_forecast *part;
	struct sales_model *mpart = NULL;
	struct sales_csv *csv;
	uint64_t cols = 0;
	char err[1024];
	FILE *fp;
	int fd, rc;

	if (par.jobs < 2 || run.rates != NULL || strcmp(path, "-") == 0)
		return 0;
	/* The first input's columns make the forecast (a currency group). */
	if (run.f == NULL) {
		if ((csv = cli_open_csv(&cli, path, &fp)) == NULL)
			return 0;
		rc = sales_opp_open(csv, oo, &r, err, sizeof(err));
		if (rc == SALES_OK) {
			cols = sales_opp_columns(r);
			sales_opp_close(r);
		}
		cli_close_csv(csv, fp);
		if (rc != SALES_OK)
			return 0;
		start(cols);
	}
	if ((fd = open(path, O_RDONLY)) < 0)
		return 0;
	memset(&bad, 0, sizeof(bad));
	if (run.m != NULL)
		rc = sales_forecast_model_read_par(fd, path, &cli.csv, &par, oo,
		    &run.fo, &run.mo, &part, &mpart, &cols, &bad);
	else
		rc = sales_forecast_read_par(fd, path, &cli.csv, &par, oo,
		    &run.fo, &part, &cols, &bad);
	close(fd);
	if (rc != SALES_OK)
		return 0;
	/* The sums of several files can overflow where each one's did not. */
	rc = sales_forecast_merge(run.f, part);
	sales_forecast_free(part);
	if (rc == SALES_EDATA)
		cli_errx(&cli, "%s: %s", path, sales_forecast_error(run.f));
	if (rc == SALES_OK && mpart != NULL) {
		/* The first file's model becomes the run's, not a copy. */
		if (sales_model_ndeals(run.m) == 0) {
			sales_model_free(run.m);
			run.m = mpart;
			mpart = NULL;
		} else
			rc = sales_model_merge(run.m, mpart);
	}
	sales_model_free(mpart);
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
	/* Bad rows (and warnings), in line order. */
	cli_bad_rows(&cli, path, &bad);
	return 1;
}

/*
 * The default method: history once SALES_MODEL_MIN_RESOLVED deals were
 * resolved before the as-of date, else weighted, and say so.
 */
static enum method
choose_method(const struct sales_model *m, uint64_t columns, int any)
{
	char day[SALES_DATE_BUFSZ];
	uint64_t resolved;

	if (!any)
		return M_WEIGHTED;
	if ((columns & ((uint64_t)1 << SALES_OPP_CREATED_DATE)) == 0) {
		if (!cli.quiet)
			cli_warnx(&cli, "no created_date column: using "
			    "--method weighted");
		return M_WEIGHTED;
	}
	resolved = sales_model_resolved(m, cli.as_of);
	if (resolved < SALES_MODEL_MIN_RESOLVED) {
		if (!cli.quiet)
			cli_warnx(&cli, "%llu deals resolved before %s, fewer "
			    "than the %d the history method needs: using "
			    "--method weighted", (unsigned long long)resolved,
			    sales_date_format(cli.as_of, day),
			    SALES_MODEL_MIN_RESOLVED);
		return M_WEIGHTED;
	}
	return M_HISTORY;
}

/* A date option's argument, or exit 2. */
static int32_t
date_arg(const char *opt, const char *arg)
{
	const char *why;
	int32_t d;

	if (sales_date_parse(arg, strlen(arg), SALES_DATE_MDY, &d, &why) !=
	    SALES_OK)
		cli_errx(&cli, "%s: \"%s\" %s", opt, arg, why);
	return d;
}

/* The history columns of one forecast row, from the model's fit. */
static int
fill(void *arg, const char *key, size_t keylen, int is_total, size_t h,
    int64_t *v)
{
	struct sales_model *m = arg;
	const struct sales_model_cell *c;
	size_t g = is_total ? sales_model_ngroups(m) :
	    sales_model_find(m, key, keylen);

	if (g == (size_t)-1)
		return SALES_EDATA;
	c = sales_model_cell(m, g, h);
	v[0] = c->new_business;
	v[1] = c->expected;
	v[2] = c->p10;
	v[3] = c->p50;
	v[4] = c->p90;
	return SALES_OK;
}

/* The history forecast (or its deal list) as of the as-of date. */
static int
write_history(struct sales_forecast *f, struct sales_model *m,
    struct sales_out *out, int deals, size_t top)
{
	struct sales_forecast_fill fl = { fill, m };
	struct sales_calib *c;
	const struct sales_forecast_options *fo = sales_model_options(m);
	int rc;

	/*
	 * Learn from past origins two weeks apart (20 of them with the
	 * outcome of the longest horizon known), then forecast.
	 */
	if ((c = sales_calib_new(m)) == NULL)
		return SALES_ENOMEM;
	rc = sales_calib_forecast(c, cli.as_of, 14,
	    (fo->horizons[fo->nhorizons - 1] + 13) / 14 + 20, par.jobs,
	    SALES_FIT_LIVE);
	sales_calib_free(c);
	if (rc != SALES_OK) {
		if (rc == SALES_EDATA)
			cli_warnx(&cli, "%s", sales_model_error(m));
		return rc;
	}
	if (deals)
		return sales_model_write_deals(m, out, top);
	rc = sales_forecast_write_fill(f, out, &fl);
	if (rc == SALES_EDATA)
		cli_warnx(&cli, "%s", sales_forecast_error(f));
	return rc;
}

/*
 * Makes the forecast and the model for an input with these columns.
 * Amounts in several currencies are never summed: without --rates, a
 * currency column becomes the last group column.
 */
static void
start(uint64_t columns)
{
	size_t i;

	if ((columns & ((uint64_t)1 << SALES_OPP_CURRENCY)) &&
	    run.rates == NULL) {
		for (i = 0; i < run.fo.nby; i++)
			if (run.fo.by[i] == SALES_BY_CURRENCY)
				break;
		if (i == run.fo.nby && run.fo.nby < SALES_FORECAST_MAX_BY)
			run.fo.by[run.fo.nby++] = SALES_BY_CURRENCY;
	}
	if ((run.f = sales_forecast_new(&run.fo)) == NULL ||
	    (run.want_model &&
	    (run.m = sales_model_new(&run.fo, &run.mo)) == NULL))
		cli_errx(&cli, "out of memory");
}

/* Loads --rates FILE for --base-currency base, or exits 2. */
static void
load_rates(const char *path, const char *base)
{
	struct sales_csv_options co = cli.csv;
	struct sales_csv *csv;
	FILE *fp;

	if ((run.rates = sales_rates_new(base)) == NULL)
		cli_errx(&cli, "out of memory");
	if ((fp = fopen(path, "r")) == NULL)
		cli_errx(&cli, "%s: %s", path, strerror(errno));
	co.delimiter = ',';
	co.encoding = NULL;
	if ((csv = sales_csv_open(fp, path, &co)) == NULL)
		cli_errx(&cli, "out of memory");
	if (sales_rates_load(run.rates, csv) != SALES_OK)
		cli_errx(&cli, "%s", sales_rates_error(run.rates));
	sales_csv_close(csv);
	fclose(fp);
}

/* "pipeline-forecast: backtest: 12/52 origins", redrawn in place. */
static void
show_progress(void *arg, size_t done, size_t total)
{
	(void)arg;
	fprintf(stderr, "\r%s: backtest: %zu/%zu origins%s", cli.progname,
	    done, total, done == total ? "\n" : "");
	fflush(stderr);
}

/* Loads --history FILE (snapshots), or exits 2. */
static struct sales_snaps *
load_history(const char *path, const struct sales_stages *stages)
{
	struct sales_snaps *s;
	struct sales_csv *csv;
	FILE *fp;

	if ((s = sales_snaps_new(stages)) == NULL)
		cli_errx(&cli, "out of memory");
	if ((csv = cli_open_csv(&cli, path, &fp)) == NULL)
		exit(2);
	if (sales_snaps_load(s, csv, cli.date_order, cli.money_flags, NULL,
	    0) != SALES_OK)
		cli_errx(&cli, "%s", sales_snaps_error(s));
	cli_close_csv(csv, fp);
	return s;
}

/*
 * Adds every deal of one input to the forecast (and the model, when
 * there is one).  Several inputs are one table: each must have the same
 * canonical columns as the first.
 */
static void
read_file(const char *path, const struct sales_opp_options *oo,
    uint64_t *columns, const char **first)
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
		/* read_parallel() may have made it already. */
		if (run.f == NULL)
			start(*columns);
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
		if (run.rates != NULL && sales_rates_convert(run.rates,
		    d.currency, d.amount, &d.amount) != SALES_OK) {
			char msg[512];

			snprintf(msg, sizeof(msg), "%s:%llu: %s",
			    sales_csv_name(csv), (unsigned long long)d.line,
			    sales_rates_error(run.rates));
			cli_bad_row(&cli, sales_csv_name(csv), msg,
			    sales_opp_row(r), hdr);
			continue;
		}
		if ((rc = sales_forecast_add(run.f, &d)) == SALES_EDATA)
			cli_errx(&cli, "%s:%llu: %s", sales_csv_name(csv),
			    (unsigned long long)d.line,
			    sales_forecast_error(run.f));
		if (rc == SALES_OK && run.m != NULL)
			rc = sales_model_add(run.m, &d);
		if (rc != SALES_OK)
			cli_errx(&cli, "out of memory");
	}
done:
	sales_opp_close(r);
	cli_close_csv(csv, fp);
}

/* The first nby group columns of a are b's, and b has no others. */
static int
same_by(const struct sales_forecast_options *a, size_t nby,
    const struct sales_forecast_options *b)
{
	return nby == b->nby &&
	    memcmp(a->by, b->by, nby * sizeof(a->by[0])) == 0;
}

static int
same_horizons(const struct sales_forecast_options *a,
    const struct sales_forecast_options *b)
{
	return a->nhorizons == b->nhorizons && memcmp(a->horizons,
	    b->horizons, a->nhorizons * sizeof(a->horizons[0])) == 0;
}

/*
 * Adds one partial (--merge) to the forecast, or exits 2.  The first
 * partial's group columns and horizons are the run's, unless --by or
 * --horizon said otherwise (then they must agree; a currency column the
 * partial runs added is allowed, see start()); every later partial must
 * have the same columns.
 */
static void
read_partial(const char *path)
{
	struct sales_forecast_options po = run.fo;
	const struct sales_row *hdr, *row;
	struct sales_csv *csv;
	const char *why;
	size_t i;
	FILE *fp;
	int rc;

	if ((csv = cli_open_csv(&cli, path, &fp)) == NULL)
		exit(2);
	if (sales_csv_header(csv, &hdr) != SALES_OK)
		cli_errx(&cli, "%s", sales_csv_error(csv));
	if (sales_forecast_partial_options(hdr, &po, &why) != SALES_OK)
		cli_errx(&cli, "%s:%llu: the header %s", sales_csv_name(csv),
		    (unsigned long long)hdr->line, why);
	if (run.f == NULL) {
		size_t n = po.nby;

		if (n > 0 && po.by[n - 1] == SALES_BY_CURRENCY && n - 1 ==
		    run.fo.nby)
			n--;	/* the currency group the shards added */
		if ((run.by_set && !same_by(&po, n, &run.fo)) ||
		    (run.horizon_set && !same_horizons(&po, &run.fo)))
			cli_errx(&cli, "%s: the partial was made with another "
			    "--by or --horizon", sales_csv_name(csv));
		run.fo = po;
		if ((run.f = sales_forecast_new(&run.fo)) == NULL)
			cli_errx(&cli, "out of memory");
	} else if (!same_by(&po, po.nby, &run.fo) ||
	    !same_horizons(&po, &run.fo)) {
		cli_errx(&cli, "%s: the columns differ from the first "
		    "partial's", sales_csv_name(csv));
	}
	while ((rc = sales_csv_next(csv, &row)) != SALES_EOF) {
		if (rc != SALES_OK)
			cli_errx(&cli, "%s", sales_csv_error(csv));
		/* Partials concatenated whole: a header again is skipped. */
		for (i = 0; i < row->nfields && i < hdr->nfields; i++)
			if (strcmp(row->fields[i], hdr->fields[i]) != 0)
				break;
		if (i == hdr->nfields && i == row->nfields)
			continue;
		if ((rc = sales_forecast_add_partial(run.f, row)) == SALES_EDATA)
			cli_errx(&cli, "%s:%llu: %s", sales_csv_name(csv),
			    (unsigned long long)row->line,
			    sales_forecast_error(run.f));
		if (rc != SALES_OK)
			cli_errx(&cli, "out of memory");
	}
	cli_close_csv(csv, fp);
}
