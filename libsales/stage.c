/*
 * stage.c - the stage table (stage name -> state, default probability,
 * default forecast category) and the parsers for states, forecast
 * categories and probabilities.
 *
 * The table is an open-addressing hash table keyed by the case-folded
 * name.  sales_stages_find() runs once per deal row, so it only trims,
 * hashes and compares; everything else happens when stages are added.
 */
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

/* One slot of the hash table; name == NULL marks a free slot. */
struct stage_slot {
	uint64_t		 hash;
	size_t			 len;
	struct sales_stage	 stage;
};

struct sales_stages {
	struct stage_slot	*slots;
	size_t			 cap;		/* a power of two */
	size_t			 count;
	struct sales_arena	 names;		/* copies of added names */
};

struct builtin_stage {
	const char		*name;
	enum sales_state	 state;
	int			 percent;
	enum sales_fcat		 fcat;
};

/* The tiny schema of a --stages file. */
enum {
	COL_STAGE,
	COL_STATE,
	COL_PROBABILITY,
	COL_FCAT,
	NCOLS
};

static int	 table_grow(struct sales_stages *);
static struct stage_slot *table_slot(const struct sales_stages *,
		    const char *, size_t, uint64_t);
static int	 table_put(struct sales_stages *, const char *, size_t,
		    enum sales_state, int32_t, enum sales_fcat);
static int	 name_eq(const char *, const char *, size_t);
static enum sales_fcat default_fcat(enum sales_state);
static int	 load_row(struct sales_stages *, const char *,
		    const struct sales_row *, const int *, int, char *,
		    size_t);
static void	 cell(const struct sales_row *, int, const char **,
		    size_t *);

#define TABLE_MIN	64	/* slots; room for the built-ins at 1/2 load */
#define FCAT_MAX	32	/* longest normalised forecast category */

/*
 * The built-in stages.
 *
 * Salesforce: the OpportunityStage standard value set of a new org
 * (standardValueSet metadata; the forecast categories are the API values
 * Pipeline, Closed and Omitted).  Closed Won is in the Closed category,
 * as in real orgs.
 *
 * HubSpot: the default "Sales Pipeline" deal stages, by label and by
 * internal id (exports write either, depending on the
 * exportInternalValuesOptions setting).  HubSpot has no forecast
 * categories, so open stages are Pipeline, won Closed, lost Omitted.
 * Closed Won and Closed Lost share their labels with Salesforce, with the
 * same meaning.
 *
 * Plus the generic "won" and "lost", which spreadsheets use.
 */
static const struct builtin_stage builtins[] = {
	/* Salesforce OpportunityStage standard value set. */
	{ "Prospecting",		SALES_OPEN,  10, SALES_FCAT_PIPELINE },
	{ "Qualification",		SALES_OPEN,  10, SALES_FCAT_PIPELINE },
	{ "Needs Analysis",		SALES_OPEN,  20, SALES_FCAT_PIPELINE },
	{ "Value Proposition",		SALES_OPEN,  50, SALES_FCAT_PIPELINE },
	{ "Id. Decision Makers",	SALES_OPEN,  60, SALES_FCAT_PIPELINE },
	{ "Perception Analysis",	SALES_OPEN,  70, SALES_FCAT_PIPELINE },
	{ "Proposal/Price Quote",	SALES_OPEN,  75, SALES_FCAT_PIPELINE },
	{ "Negotiation/Review",		SALES_OPEN,  90, SALES_FCAT_PIPELINE },
	{ "Closed Won",			SALES_WON,  100, SALES_FCAT_CLOSED },
	{ "Closed Lost",		SALES_LOST,   0, SALES_FCAT_OMITTED },
	/* HubSpot default Sales Pipeline, labels. */
	{ "Appointment Scheduled",	SALES_OPEN,  20, SALES_FCAT_PIPELINE },
	{ "Qualified to Buy",		SALES_OPEN,  40, SALES_FCAT_PIPELINE },
	{ "Presentation Scheduled",	SALES_OPEN,  60, SALES_FCAT_PIPELINE },
	{ "Decision Maker Bought-In",	SALES_OPEN,  80, SALES_FCAT_PIPELINE },
	{ "Contract Sent",		SALES_OPEN,  90, SALES_FCAT_PIPELINE },
	/* HubSpot default Sales Pipeline, internal ids. */
	{ "appointmentscheduled",	SALES_OPEN,  20, SALES_FCAT_PIPELINE },
	{ "qualifiedtobuy",		SALES_OPEN,  40, SALES_FCAT_PIPELINE },
	{ "presentationscheduled",	SALES_OPEN,  60, SALES_FCAT_PIPELINE },
	{ "decisionmakerboughtin",	SALES_OPEN,  80, SALES_FCAT_PIPELINE },
	{ "contractsent",		SALES_OPEN,  90, SALES_FCAT_PIPELINE },
	{ "closedwon",			SALES_WON,  100, SALES_FCAT_CLOSED },
	{ "closedlost",			SALES_LOST,   0, SALES_FCAT_OMITTED },
	/* Generic spreadsheet names. */
	{ "won",			SALES_WON,  100, SALES_FCAT_CLOSED },
	{ "lost",			SALES_LOST,   0, SALES_FCAT_OMITTED },
};

static const char *const stage_columns[NCOLS] = {
	"stage", "state", "probability", "forecast_category"
};

/*
 * "Probability (%)" is Salesforce's label; a header with a '%' makes
 * every value a percentage (see sales_stages_load).
 */
static const struct sales_alias stage_aliases[] = {
	{ COL_PROBABILITY, 1, "Probability (%)" },
};

static const struct sales_schema stage_schema = {
	stage_columns, NCOLS,
	stage_aliases, sizeof(stage_aliases) / sizeof(stage_aliases[0])
};

struct sales_stages *
sales_stages_new(void)
{
	struct sales_stages *t;
	size_t i;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if ((t->slots = calloc(TABLE_MIN, sizeof(*t->slots))) == NULL) {
		free(t);
		return NULL;
	}
	t->cap = TABLE_MIN;
	/*
	 * The built-in names are string literals: they need no copy, and
	 * TABLE_MIN leaves room for all of them without growing.
	 */
	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		const struct builtin_stage *b = &builtins[i];

		if (table_put(t, b->name, strlen(b->name), b->state,
		    b->percent * (SALES_PPM / 100), b->fcat) != SALES_OK) {
			sales_stages_free(t);
			return NULL;
		}
	}
	return t;
}

int
sales_stages_add(struct sales_stages *t, const char *name,
    enum sales_state state, int32_t prob, enum sales_fcat fcat)
{
	size_t len = strlen(name);
	char *copy;

	/* Stored trimmed, since lookups trim the name they are given. */
	name = sales_trim(name, &len);
	if ((copy = sales_arena_strndup(&t->names, name, len)) == NULL)
		return SALES_ENOMEM;
	return table_put(t, copy, len, state, prob, fcat);
}

const struct sales_stage *
sales_stages_find(const struct sales_stages *t, const char *s, size_t len)
{
	struct stage_slot *slot;

	while (len > 0 && sales_blank_char((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && sales_blank_char((unsigned char)s[len - 1]))
		len--;
	slot = table_slot(t, s, len, sales_hash(s, len, 1));
	return slot->stage.name != NULL ? &slot->stage : NULL;
}

void
sales_stages_free(struct sales_stages *t)
{
	if (t == NULL)
		return;
	sales_arena_fini(&t->names);
	free(t->slots);
	free(t);
}

int
sales_stages_load(struct sales_stages *t, struct sales_csv *csv,
    char *err, size_t errsz)
{
	const struct sales_row *hdr, *row;
	const char *file = sales_csv_name(csv);
	char msg[512];
	int index[NCOLS];
	int percent, rc;

	if ((rc = sales_csv_header(csv, &hdr)) != SALES_OK) {
		sales_fmt(err, errsz, "%s", sales_csv_error(csv));
		return rc;
	}
	rc = sales_schema_bind(&stage_schema, hdr,
	    1u << COL_STAGE | 1u << COL_STATE | 1u << COL_PROBABILITY,
	    NULL, 0, index, msg, sizeof(msg));
	if (rc != SALES_OK) {
		sales_fmt(err, errsz, "%s: %s", file, msg);
		return rc;
	}
	percent = strchr(hdr->fields[index[COL_PROBABILITY]], '%') != NULL;

	while ((rc = sales_csv_next(csv, &row)) == SALES_OK) {
		if ((rc = load_row(t, file, row, index, percent, err,
		    errsz)) != SALES_OK)
			return rc;
	}
	if (rc == SALES_EOF)
		return SALES_OK;
	/* A bad row (SALES_EDATA) also stops the load: see the header. */
	sales_fmt(err, errsz, "%s", sales_csv_error(csv));
	return rc;
}

int
sales_state_parse(const char *s, size_t len, enum sales_state *state)
{
	s = sales_trim(s, &len);
	if (sales_ieq(s, len, "open"))
		*state = SALES_OPEN;
	else if (sales_ieq(s, len, "won") || sales_ieq(s, len, "closed won"))
		*state = SALES_WON;
	else if (sales_ieq(s, len, "lost") ||
	    sales_ieq(s, len, "closed lost"))
		*state = SALES_LOST;
	else
		return SALES_EDATA;
	return SALES_OK;
}

const char *
sales_state_name(enum sales_state state)
{
	switch (state) {
	case SALES_OPEN:
		return "open";
	case SALES_WON:
		return "won";
	case SALES_LOST:
		return "lost";
	}
	return "unknown";
}

int
sales_fcat_parse(const char *s, size_t len, enum sales_fcat *fcat)
{
	/*
	 * Normalised spellings: Salesforce labels ("Best Case") and API
	 * values ("BestCase"; "Forecast" is the API value of the Commit
	 * label; "MostLikely" is an older best-case value), HubSpot's
	 * "Not forecasted", and the stage names that people put in this
	 * column ("Closed Won", "Closed Lost").
	 */
	static const struct {
		const char	*name;
		enum sales_fcat	 fcat;
	} names[] = {
		{ "pipeline",		SALES_FCAT_PIPELINE },
		{ "bestcase",		SALES_FCAT_BEST_CASE },
		{ "mostlikely",		SALES_FCAT_BEST_CASE },
		{ "commit",		SALES_FCAT_COMMIT },
		{ "forecast",		SALES_FCAT_COMMIT },
		{ "closed",		SALES_FCAT_CLOSED },
		{ "closedwon",		SALES_FCAT_CLOSED },
		{ "omitted",		SALES_FCAT_OMITTED },
		{ "notforecasted",	SALES_FCAT_OMITTED },
		{ "closedlost",		SALES_FCAT_OMITTED },
	};
	char buf[FCAT_MAX + 1];
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		int c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '_' || c == '-')
			continue;
		if (n == FCAT_MAX)
			return SALES_EDATA;
		buf[n++] = (char)sales_lower(c);
	}
	buf[n] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(buf, names[i].name) == 0) {
			*fcat = names[i].fcat;
			return SALES_OK;
		}
	}
	return SALES_EDATA;
}

const char *
sales_fcat_name(enum sales_fcat fcat)
{
	switch (fcat) {
	case SALES_FCAT_PIPELINE:
		return "pipeline";
	case SALES_FCAT_BEST_CASE:
		return "best_case";
	case SALES_FCAT_COMMIT:
		return "commit";
	case SALES_FCAT_CLOSED:
		return "closed";
	case SALES_FCAT_OMITTED:
		return "omitted";
	}
	return "unknown";
}

/*
 * The number is parsed in integer arithmetic: integer part, then the
 * decimals up to ppm resolution (4 places of a percentage, 6 of a
 * fraction).  Further decimals must be zeros, since rounding a
 * probability silently would change the forecast.
 */
int
sales_prob_parse(const char *s, size_t len, int percent, int32_t *ppm,
    const char **why)
{
	const char *p, *end;
	const char *fp = NULL;
	size_t ni = 0, nf = 0, i, places;
	int64_t whole = 0, unit, frac = 0, value;
	int neg = 0, exact = 1, fraction;

	s = sales_trim(s, &len);
	if (len == 0) {
		*why = "is empty";
		return SALES_EDATA;
	}
	if (s[len - 1] == '%') {
		percent = 1;
		len--;
		s = sales_trim(s, &len);
	}
	p = s;
	end = s + len;
	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		/* Anything above 1000 is out of range: stop counting. */
		if (whole <= 1000)
			whole = whole * 10 + (*p - '0');
		ni++;
	}
	if (p < end && *p == '.') {
		for (fp = ++p; p < end && *p >= '0' && *p <= '9'; p++)
			nf++;
	}
	if (p != end || (ni == 0 && nf == 0) || (fp != NULL && nf == 0)) {
		*why = "is not a probability";
		return SALES_EDATA;
	}

	/* "0.75" and "1.0" are fractions (HubSpot); "1" is one percent. */
	fraction = 0;
	if (!percent && fp != NULL) {
		int zeros = 1;

		for (i = 0; i < nf; i++)
			if (fp[i] != '0')
				zeros = 0;
		fraction = whole == 0 || (whole == 1 && zeros);
	}
	unit = fraction ? SALES_PPM : SALES_PPM / 100;
	places = fraction ? 6 : 4;
	for (i = 0; i < places; i++)
		frac = frac * 10 + (i < nf ? fp[i] - '0' : 0);
	for (; i < nf; i++)
		if (fp[i] != '0')
			exact = 0;
	value = whole * unit + frac;

	if (value > SALES_PPM || (value == SALES_PPM && !exact) ||
	    (neg && (value > 0 || !exact))) {
		*why = "is out of range";
		return SALES_EDATA;
	}
	if (!exact) {
		*why = "is not a probability";
		return SALES_EDATA;
	}
	*ppm = (int32_t)value;
	return SALES_OK;
}

/*
 * Returns the slot holding s[0..len) (hash h), or the free slot where it
 * would go.  The table is never full (load stays at most 1/2), so the
 * probe ends.
 */
static struct stage_slot *
table_slot(const struct sales_stages *t, const char *s, size_t len,
    uint64_t h)
{
	size_t mask = t->cap - 1;
	size_t i = (size_t)h & mask;
	struct stage_slot *slot;

	for (;; i = (i + 1) & mask) {
		slot = &t->slots[i];
		if (slot->stage.name == NULL)
			return slot;
		if (slot->hash == h && slot->len == len &&
		    name_eq(slot->stage.name, s, len))
			return slot;
	}
}

/* Inserts or replaces a stage; name must outlive the table. */
static int
table_put(struct sales_stages *t, const char *name, size_t len,
    enum sales_state state, int32_t prob, enum sales_fcat fcat)
{
	uint64_t h = sales_hash(name, len, 1);
	struct stage_slot *slot;

	if ((t->count + 1) * 2 > t->cap && table_grow(t) != SALES_OK)
		return SALES_ENOMEM;
	slot = table_slot(t, name, len, h);
	if (slot->stage.name == NULL)
		t->count++;
	slot->hash = h;
	slot->len = len;
	slot->stage.name = name;
	slot->stage.state = state;
	slot->stage.prob = prob;
	slot->stage.fcat = fcat;
	return SALES_OK;
}

/* Doubles the table, rehashing from the stored hashes. */
static int
table_grow(struct sales_stages *t)
{
	struct stage_slot *old = t->slots, *slot;
	size_t oldcap = t->cap, i;

	if ((t->slots = calloc(oldcap * 2, sizeof(*t->slots))) == NULL) {
		t->slots = old;
		return SALES_ENOMEM;
	}
	t->cap = oldcap * 2;
	for (i = 0; i < oldcap; i++) {
		if (old[i].stage.name == NULL)
			continue;
		slot = table_slot(t, old[i].stage.name, old[i].len,
		    old[i].hash);
		*slot = old[i];
	}
	free(old);
	return SALES_OK;
}

/* Case-insensitive equality of two strings of length len. */
static int
name_eq(const char *a, const char *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (sales_lower((unsigned char)a[i]) !=
		    sales_lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* A stage defined without a forecast category gets its state's. */
static enum sales_fcat
default_fcat(enum sales_state state)
{
	switch (state) {
	case SALES_WON:
		return SALES_FCAT_CLOSED;
	case SALES_LOST:
		return SALES_FCAT_OMITTED;
	default:
		return SALES_FCAT_PIPELINE;
	}
}

/* The trimmed cell of column index col, "" when absent (ragged rows). */
static void
cell(const struct sales_row *row, int col, const char **s, size_t *len)
{
	if (col < 0 || (size_t)col >= row->nfields) {
		*s = "";
		*len = 0;
		return;
	}
	*len = row->lens[col];
	*s = sales_trim(row->fields[col], len);
}

/* Checks one row of a --stages file and adds its stage. */
static int
load_row(struct sales_stages *t, const char *file,
    const struct sales_row *row, const int *index, int percent, char *err,
    size_t errsz)
{
	enum sales_state state;
	enum sales_fcat fcat;
	const char *name, *s, *why, *col;
	size_t len;
	int32_t prob;

	/* The cell is NUL-terminated; sales_stages_add trims and copies. */
	cell(row, index[COL_STAGE], &name, &len);
	if (len == 0) {
		col = stage_columns[COL_STAGE];
		s = name;
		why = "is empty";
		goto bad;
	}

	cell(row, index[COL_STATE], &s, &len);
	if (sales_state_parse(s, len, &state) != SALES_OK) {
		col = stage_columns[COL_STATE];
		why = len == 0 ? "is empty" :
		    "is not a state (open, won, lost)";
		goto bad;
	}

	cell(row, index[COL_PROBABILITY], &s, &len);
	if (sales_prob_parse(s, len, percent, &prob, &why) != SALES_OK) {
		col = stage_columns[COL_PROBABILITY];
		goto bad;
	}

	fcat = default_fcat(state);
	cell(row, index[COL_FCAT], &s, &len);
	if (len > 0 && sales_fcat_parse(s, len, &fcat) != SALES_OK) {
		col = stage_columns[COL_FCAT];
		why = "is not a forecast category (pipeline, best_case, "
		    "commit, closed, omitted)";
		goto bad;
	}

	if (sales_stages_add(t, name, state, prob, fcat) != SALES_OK) {
		sales_fmt(err, errsz, "%s:%llu: out of memory", file,
		    (unsigned long long)row->line);
		return SALES_ENOMEM;
	}
	return SALES_OK;

bad:
	sales_fmt(err, errsz, "%s:%llu: column \"%s\": \"%.*s\" %s", file,
	    (unsigned long long)row->line, col, (int)len, s, why);
	return SALES_EDATA;
}
