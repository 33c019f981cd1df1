/*
 * sales_money.h - exact money amounts in int64_t minor units (cents).
 *
 * Accepted forms: 1234.5, 1234.50, -1234.50, 1,234.50, $1,234.50,
 * USD 1234.50, 1234.50 USD, (1,234.50) (accounting negative), +12,
 * EUR -3.00, 12 €, £5, and with SALES_MONEY_DECIMAL_COMMA 1.234,50 € or
 * 1 234,50.  A currency symbol or a three-letter code may stand before or
 * after the number; spaces around the value are ignored.  Thousands
 * separators must group by three.  At most two decimal places, unless
 * the extra digits are zeros (12.500).  Binary floating point is never
 * used.
 */
#ifndef SALES_MONEY_H
#define SALES_MONEY_H

#define SALES_MONEY_DECIMAL_COMMA	0x01	/* ',' is the decimal mark */

/* Enough for INT64_MIN as "-92233720368547758.08" plus NUL. */
#define SALES_MONEY_BUFSZ	32

/*
 * Parses s[0..len) (need not be NUL-terminated) into *cents.
 * Returns SALES_OK, or SALES_EDATA with *why set to a static phrase that
 * completes the sentence '"<value>" ...': "is not an amount",
 * "is out of range", "has more than 2 decimal places", "is empty".
 */
int sales_money_parse(const char *s, size_t len, int flags, int64_t *cents,
    const char **why);

/*
 * Formats cents as plain "1234.50" / "-0.05" (no grouping, no symbol)
 * into buf and returns buf.
 */
char *sales_money_format(int64_t cents, char buf[SALES_MONEY_BUFSZ]);

/*
 * amount x ppm / 1,000,000 rounded half away from zero, for weighting by
 * a probability in parts per million.  Exact for every int64 amount.
 */
int64_t sales_money_scale_ppm(int64_t cents, int32_t ppm);

#endif /* SALES_MONEY_H */
