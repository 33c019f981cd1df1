/*
 * cli.h - front-end helpers shared by the sales-tools binaries: the
 * common options, diagnostics, opening operands, bad-row accounting,
 * --rejects, safe -o output and the final write check.  libsales never
 * includes this.
 */
#ifndef CLI_H
#define CLI_H

#include <getopt.h>

#include "sales.h"

#define CLI_MAX_MAP	32

/* Long-only option codes shared by every tool. */
enum cli_longopt {
	CLI_OPT_AS_OF = 256,
	CLI_OPT_DATE_FORMAT,
	CLI_OPT_DECIMAL_COMMA,
	CLI_OPT_ENCODING,
	CLI_OPT_EXCEL_SAFE,
	CLI_OPT_MAP,
	CLI_OPT_MAX_FIELD,
	CLI_OPT_REJECTS,
	CLI_OPT_SKIP_BAD,
	CLI_OPT_STAGES,
	CLI_OPT_TOOL		/* first code free for a tool's own options */
};

/*
 * Lines of --help every tool that reads tables prints the same: the
 * bad-row options at the end of its Input section, and the whole Output
 * section.  Kept here so that the tools say one thing.
 */
#define CLI_HELP_BAD_ROWS						\
	"      --skip-bad         leave bad rows out (with a count) "	\
	"instead of failing\n"						\
	"      --rejects FILE     write bad rows there (implies "		\
	"--skip-bad)\n"
#define CLI_HELP_OUTPUT							\
	"Output:\n"							\
	"  -o, --output FILE      write to FILE (replaced only on success)\n" \
	"  -F, --format FMT       csv, tsv, table or json (JSON Lines) "	\
	"[csv]\n"							\
	"      --excel-safe       guard text cells against spreadsheet "	\
	"formulas\n"							\
	"  -q, --quiet            no warnings\n"				\
	"  -h, --help             this help\n"				\
	"  -V, --version          the version\n"

/* Short options every tool takes; a tool appends its own. */
#define CLI_SHORTOPTS	"d:F:ho:qtV"

/* The common entries of a tool's struct option array. */
#define CLI_LONGOPTS							\
	{ "as-of",		required_argument, NULL, CLI_OPT_AS_OF },	\
	{ "date-format",	required_argument, NULL, CLI_OPT_DATE_FORMAT }, \
	{ "decimal-comma",	no_argument,	   NULL, CLI_OPT_DECIMAL_COMMA }, \
	{ "delimiter",		required_argument, NULL, 'd' },		\
	{ "encoding",		required_argument, NULL, CLI_OPT_ENCODING },	\
	{ "excel-safe",		no_argument,	   NULL, CLI_OPT_EXCEL_SAFE },	\
	{ "format",		required_argument, NULL, 'F' },		\
	{ "help",		no_argument,	   NULL, 'h' },		\
	{ "map",		required_argument, NULL, CLI_OPT_MAP },	\
	{ "max-field-size",	required_argument, NULL, CLI_OPT_MAX_FIELD },	\
	{ "output",		required_argument, NULL, 'o' },		\
	{ "quiet",		no_argument,	   NULL, 'q' },		\
	{ "rejects",		required_argument, NULL, CLI_OPT_REJECTS },	\
	{ "skip-bad",		no_argument,	   NULL, CLI_OPT_SKIP_BAD },	\
	{ "stages",		required_argument, NULL, CLI_OPT_STAGES },	\
	{ "version",		no_argument,	   NULL, 'V' }

struct cli {
	const char			*progname;
	void				(*usage)(int);	/* the tool's */
	/* Settings from the common options. */
	struct sales_csv_options	 csv;
	enum sales_format		 format;
	int				 out_flags;	/* SALES_OUT_* */
	const char			*output;	/* -o, or NULL */
	const char			*rejects_path;
	const char			*stages_path;
	int				 quiet;
	int				 skip_bad;
	int32_t				 as_of;
	int				 as_of_set;
	enum sales_date_order		 date_order;
	int				 money_flags;
	struct sales_map		 map[CLI_MAX_MAP];
	size_t				 nmap;
	/* State. */
	FILE				*out;		/* stdout or the temp */
	char				*out_tmp;	/* temp path for -o */
	struct sales_out		*rejects;
	FILE				*rejects_fp;
	char				*rejects_hdr;	/* its columns, \037-joined */
	char				*rejects_from;	/* the file they came from */
	uint64_t			 nbad;
	int				 failed;	/* exit 2 at the end */
};

/* Sets the defaults; progname is argv[0]'s last component. */
void	cli_init(struct cli *, const char *argv0, void (*usage)(int));

/*
 * Handles one common option.  Returns 1 when it was one (a bad argument
 * is reported and exits 2), 0 when the tool must handle ch itself.
 */
int	cli_option(struct cli *, int ch, char *arg);

/* Resolves --as-of / SALES_AS_OF / today; call after option parsing. */
void	cli_finish_options(struct cli *);

/* warnx(3)-style diagnostics: "prog: message". */
void	cli_warnx(const struct cli *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	cli_errx(const struct cli *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));

/* Reads a whole number option argument in [min, max] or exits 2. */
long	cli_number(const struct cli *, const char *opt, const char *arg,
	    long min, long max);

/*
 * Sets the -j defaults in *par: one thread per online CPU (at most
 * SALES_PAR_MAX_JOBS).  SALES_MIN_PART (bytes), when set, lowers the size
 * below which a file is read by one thread; the tests use it to split
 * small files.
 */
void	cli_par_defaults(struct sales_par_options *par);

/*
 * Opens operand path ("-" is standard input, named "<stdin>") and a CSV
 * reader on it.  On failure reports "prog: path: strerror", marks the run
 * failed and returns NULL.
 */
struct sales_csv *cli_open_csv(struct cli *, const char *path, FILE **fpp);
void	cli_close_csv(struct sales_csv *, FILE *);

/* Loads --stages FILE into t (exits 2 on error). */
void	cli_load_stages(struct cli *, struct sales_stages *t);

/*
 * Accounts for one bad row: the message is printed (the first 20; then
 * a count at the end), the row goes to --rejects, the run is marked
 * failed unless --skip-bad.  hdr is the file's header (for --rejects).
 */
void	cli_bad_row(struct cli *, const char *file, const char *msg,
	    const struct sales_row *row, const struct sales_row *hdr);

/*
 * Reports the bad rows a parallel read of path collected (in line order)
 * with cli_bad_row, and clears them.  An entry without a row is a warning,
 * printed unless -q.  path is opened again for its header (--rejects).
 */
void	cli_bad_rows(struct cli *, const char *path, struct sales_badrows *);

/* Prints the bad-row summary; returns non-zero when the run failed. */
int	cli_bad_done(struct cli *);

/* The output stream: stdout, or a temporary beside -o FILE. */
FILE	*cli_output(struct cli *);

/*
 * Checks that everything was written, renames -o's temporary into
 * place, and returns the exit status (0, or 2 after "write error").
 * On failure, the temporary is removed and -o's target left as it was.
 */
int	cli_close_output(struct cli *, int ok);

/* Prints "prog (sales-tools) X.Y.Z" and exits 0. */
void	cli_version(const struct cli *) __attribute__((noreturn));

#endif /* CLI_H */
