/*
 * sales_snap.h - opportunity snapshots (--history FILE): the stage,
 * amount and planned close of each deal as of each day it changed, like
 * Salesforce's OpportunityHistory or a nightly copy of the pipeline.
 *
 * Canonical columns: id, snapshot_date, stage, amount, close_date (all
 * required; Salesforce OpportunityHistory's OpportunityId, CreatedDate,
 * StageName, Amount and CloseDate map without --map).  A snapshot
 * describes the deal from its snapshot_date on; the state of a deal as of
 * day t is its last snapshot dated before t.  A push is a snapshot whose
 * close_date is later than the one before it.
 */
#ifndef SALES_SNAP_H
#define SALES_SNAP_H

#define SALES_SNAP_NONE	UINT32_MAX	/* no snapshots for this id */

enum sales_snap_column {
	SALES_SNAP_ID,
	SALES_SNAP_DATE,
	SALES_SNAP_STAGE,
	SALES_SNAP_AMOUNT,
	SALES_SNAP_CLOSE_DATE,
	SALES_SNAP_NCOLUMNS
};

extern const struct sales_schema sales_snap_schema;

/* A deal as of a day. */
struct sales_snap_state {
	uint32_t		stage;		/* index, < sales_snaps_nstages */
	enum sales_state	state;
	int32_t			prob;		/* ppm, the stage's */
	int32_t			close;		/* SALES_DATE_NONE if empty */
	int64_t			amount;
	int32_t			pushes;		/* close-date pushes so far */
};

struct sales_snaps;

/*
 * Empty snapshots; stages (borrowed, must outlive it) gives each stage
 * its state and probability.  NULL when out of memory.
 */
struct sales_snaps *sales_snaps_new(const struct sales_stages *stages);

/*
 * Reads every row of csv.  Returns SALES_OK, SALES_ENOMEM, or
 * SALES_EDATA/SALES_EPARSE with "file:line: message" (or "file: missing
 * column ...") in sales_snaps_error(); a bad row stops the reading.
 * After SALES_OK the snapshots are sorted: until the next load,
 * sales_snaps_find and sales_snaps_state only read, and several threads
 * may call them at once.
 */
int sales_snaps_load(struct sales_snaps *s, struct sales_csv *csv,
    enum sales_date_order order, int money_flags,
    const struct sales_map *map, size_t nmap);

/* The index of deal id (any case of the same bytes is another id). */
uint32_t sales_snaps_find(struct sales_snaps *s, const char *id);

/*
 * The state of deal index i as of day (its last snapshot before day)
 * into *st.  Returns 1, or 0 when it had no snapshot yet.
 */
int sales_snaps_state(struct sales_snaps *s, uint32_t i, int32_t day,
    struct sales_snap_state *st);

size_t sales_snaps_nstages(const struct sales_snaps *s);

const char *sales_snaps_error(const struct sales_snaps *s);

void sales_snaps_free(struct sales_snaps *s);

#endif /* SALES_SNAP_H */
