/*
 * sales_badrows.h - bad rows kept for later, in line order.
 *
 * A part of a file read in a thread of its own (sales_par.h) cannot
 * report its bad rows as it meets them: the report must come out in line
 * order, as a sequential read gives it.  Each part keeps its bad rows
 * here (the message and a copy of the raw row, for --rejects), and the
 * caller reports them part after part once every part is done.
 */
#ifndef SALES_BADROWS_H
#define SALES_BADROWS_H

struct sales_badrow {
	char			*msg;	/* "file:line: ..." */
	struct sales_row	 row;	/* a copy; fields in one block */
};

struct sales_badrows {
	struct sales_badrow	*v;
	size_t			 n;
	size_t			 cap;
	size_t			 max;	/* keep no more (0: no limit) */
};

/*
 * Keeps a copy of msg and row (row may be NULL).  Returns SALES_OK,
 * SALES_ENOMEM, or SALES_EDATA when max rows are kept already.
 */
int sales_badrows_add(struct sales_badrows *b, const char *msg,
    const struct sales_row *row);

/* Frees every copy; b is empty and reusable after. */
void sales_badrows_clear(struct sales_badrows *b);

#endif /* SALES_BADROWS_H */
