/*
 * sales_stage.h - deal stages, their state, default probability and
 * forecast category; probabilities; forecast categories.
 *
 * A stage table starts with the default stages of Salesforce and HubSpot
 * (labels and HubSpot's internal ids, such as "closedwon"), see
 * stage.c for the list and its sources.  Names are matched
 * case-insensitively, ignoring surrounding spaces.  Stages added later
 * (from --stages FILE) override a built-in one of the same name.
 *
 * A probability is an int32_t in parts per million: 0 .. 1,000,000.
 */
#ifndef SALES_STAGE_H
#define SALES_STAGE_H

enum sales_state {
	SALES_OPEN,
	SALES_WON,
	SALES_LOST
};

/* Forecast categories, Salesforce's cumulative roll-up order. */
enum sales_fcat {
	SALES_FCAT_PIPELINE,
	SALES_FCAT_BEST_CASE,
	SALES_FCAT_COMMIT,
	SALES_FCAT_CLOSED,
	SALES_FCAT_OMITTED
};

#define SALES_PPM	1000000

struct sales_stage {
	const char		*name;
	enum sales_state	 state;
	int32_t			 prob;	/* ppm */
	enum sales_fcat		 fcat;	/* the stage's default category */
};

struct sales_stages;

/* A table holding the built-in stages; NULL when out of memory. */
struct sales_stages *sales_stages_new(void);

/*
 * Adds or replaces a stage (name is copied).  SALES_OK or SALES_ENOMEM.
 */
int sales_stages_add(struct sales_stages *t, const char *name,
    enum sales_state state, int32_t prob, enum sales_fcat fcat);

/*
 * Finds the stage named s[0..len); NULL when unknown.  The result is
 * borrowed, valid until the table is changed or freed.
 */
const struct sales_stage *sales_stages_find(const struct sales_stages *t,
    const char *s, size_t len);

/*
 * Reads stage definitions from a CSV with the columns stage, state
 * (open, won, lost) and probability (0-100 or 0-1), and optionally
 * forecast_category.  Returns SALES_OK; SALES_EDATA or SALES_EPARSE with
 * the message ("file:line: ...") in err.
 */
int sales_stages_load(struct sales_stages *t, struct sales_csv *csv,
    char *err, size_t errsz);

void sales_stages_free(struct sales_stages *t);

/*
 * Parses "open", "won", "lost" (any case; also "closed won",
 * "closed lost").  SALES_OK or SALES_EDATA.
 */
int sales_state_parse(const char *s, size_t len, enum sales_state *state);
const char *sales_state_name(enum sales_state state);

/*
 * Parses a forecast category as Salesforce (labels and API values:
 * Pipeline, Best Case/BestCase, Commit/Forecast, Most Likely/MostLikely
 * (a best case), Closed, Omitted) and HubSpot (Not forecasted, Closed
 * won) write it, any case, ignoring spaces and underscores.
 * SALES_OK or SALES_EDATA.
 */
int sales_fcat_parse(const char *s, size_t len, enum sales_fcat *fcat);

/* "pipeline", "best_case", "commit", "closed", "omitted". */
const char *sales_fcat_name(enum sales_fcat fcat);

/*
 * Parses a probability.  "75", "75%", "75.5" are percentages; a value
 * written with a decimal point and at most 1 ("0.75", "1.0") is a
 * fraction, as HubSpot stores it.  With percent non-zero (a column named
 * "Probability (%)") every value is a percentage.  Returns SALES_OK or
 * SALES_EDATA with *why ("is not a probability", "is out of range").
 */
int sales_prob_parse(const char *s, size_t len, int percent, int32_t *ppm,
    const char **why);

#endif /* SALES_STAGE_H */
