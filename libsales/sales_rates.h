/*
 * sales_rates.h - currency conversion for --rates FILE: a CSV with the
 * columns currency and rate, where rate is the value of one unit of that
 * currency in the base currency (EUR,1.08 with base USD: 1 EUR is 1.08
 * USD).  Rates are exact decimals with up to 9 places, kept as integers
 * in billionths; a converted amount is rounded half away from zero to the
 * cent.  The base currency converts at 1 without a row.  Currency codes
 * are compared case-insensitively, ignoring surrounding spaces.
 */
#ifndef SALES_RATES_H
#define SALES_RATES_H

struct sales_rates;

/* An empty table for base currency base (copied); NULL if no memory. */
struct sales_rates *sales_rates_new(const char *base);

/*
 * Reads rows of csv (header already bound by name: currency, rate).
 * SALES_OK, SALES_ENOMEM, or SALES_EDATA/SALES_EPARSE with
 * "file:line: message" in sales_rates_error().
 */
int sales_rates_load(struct sales_rates *r, struct sales_csv *csv);

/*
 * Converts cents of currency cur (an empty cur is the base) into *out.
 * SALES_OK, or SALES_EDATA when cur has no rate or the result overflows
 * (message in sales_rates_error(), without a position).
 */
int sales_rates_convert(struct sales_rates *r, const char *cur,
    int64_t cents, int64_t *out);

const char *sales_rates_error(const struct sales_rates *r);

void sales_rates_free(struct sales_rates *r);

#endif /* SALES_RATES_H */
