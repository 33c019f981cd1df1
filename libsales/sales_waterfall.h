/*
 * sales_waterfall.h - the pipeline waterfall of a period, from
 * snapshots: how the open pipeline planned to close in [from, to] moved
 * between the start of from and the end of to, per group.
 *
 * With s1 a deal's snapshot state as of from (its last snapshot before
 * from) and s2 as of the day after to, a deal is in the pipeline at
 * either end when it is open then with its planned close in [from, to].
 * Each deal adds to exactly one path:
 *   in at both ends:        the amount change, to increased or decreased;
 *   in at the start only:   won or lost (closed by the end; the start
 *                           amount), else pushed_out;
 *   in at the end only:     created (no snapshot before from), else
 *                           pulled_in (the end amount);
 *   in at neither, but won or lost inside the period with its close in
 *   it: created or pulled_in, then won or lost, by its last amount.
 * So start + created + pulled_in + increased - decreased - pushed_out -
 * won - lost = end; the residue column shows any difference (it is 0
 * unless amounts overflow), and the Total row sums the groups.
 */
#ifndef SALES_WATERFALL_H
#define SALES_WATERFALL_H

/*
 * Writes the waterfall of model m (which must have snapshots) for the
 * period from..to (inclusive).  SALES_OK, SALES_ENOMEM, SALES_EIO, or
 * SALES_EUSAGE without snapshots.
 */
int sales_waterfall_write(struct sales_model *m, int32_t from, int32_t to,
    int total, struct sales_out *o);

#endif /* SALES_WATERFALL_H */
