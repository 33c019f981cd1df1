/*
 * badrows.c - bad rows kept for later; see sales_badrows.h.
 */
#include <stdlib.h>
#include <string.h>

#include "sales_int.h"

int
sales_badrows_add(struct sales_badrows *b, const char *msg,
    const struct sales_row *row)
{
	struct sales_badrow *e;
	size_t i, bytes = 0, n = row != NULL ? row->nfields : 0;
	char *text;

	if (b->max != 0 && b->n >= b->max)
		return SALES_EDATA;
	if (b->n == b->cap) {
		size_t cap = b->cap != 0 ? b->cap * 2 : 16;

		if ((e = realloc(b->v, cap * sizeof(*e))) == NULL)
			return SALES_ENOMEM;
		b->v = e;
		b->cap = cap;
	}
	e = &b->v[b->n];
	memset(e, 0, sizeof(*e));
	for (i = 0; i < n; i++)
		bytes += row->lens[i] + 1;
	if ((e->msg = strdup(msg)) == NULL)
		return SALES_ENOMEM;
	if (row != NULL) {
		e->row.fields = malloc((n != 0 ? n : 1) *
		    sizeof(*e->row.fields));
		e->row.lens = malloc((n != 0 ? n : 1) * sizeof(*e->row.lens));
		text = malloc(bytes != 0 ? bytes : 1);
		if (e->row.fields == NULL || e->row.lens == NULL ||
		    text == NULL) {
			free(text);
			free(e->row.fields);
			free(e->row.lens);
			free(e->msg);
			return SALES_ENOMEM;
		}
		e->row.fields[0] = text;	/* the block, even when n is 0 */
		for (i = 0; i < n; i++) {
			memcpy(text, row->fields[i], row->lens[i] + 1);
			e->row.fields[i] = text;
			e->row.lens[i] = row->lens[i];
			text += row->lens[i] + 1;
		}
		e->row.nfields = n;
		e->row.line = row->line;
	}
	b->n++;
	return SALES_OK;
}

void
sales_badrows_clear(struct sales_badrows *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->v[i].msg);
		if (b->v[i].row.fields != NULL)
			free(b->v[i].row.fields[0]);
		free(b->v[i].row.fields);
		free(b->v[i].row.lens);
	}
	free(b->v);
	b->v = NULL;
	b->n = b->cap = 0;
}
