/*
 * sales.h - the public interface of libsales, the library behind the
 * sales-tools binaries (pipeline-forecast, cadence-check, visit-log,
 * goal-score).
 *
 * Each module has its own header (sales_<module>.h); this one holds what
 * they share and includes them all, so a binary needs only
 * #include "sales.h".
 *
 * Conventions, for every module:
 *  - Functions that can fail return an int from enum sales_status.
 *    Negative is failure; the human-readable detail, already shaped as
 *    "file:line: message" where a position is known, comes from the
 *    handle's _error() function.  The library never prints or exits.
 *  - Whoever allocates provides the free: objects from _new are released
 *    with the matching _free, handles from _open with _close.  Every
 *    _free and _close accepts NULL.
 *  - Strings handed out by getters are borrowed: valid until the next
 *    call on the same handle unless the header says otherwise.
 *  - Money is int64_t minor units (cents).  Dates are int32_t civil day
 *    numbers (days since 1970-01-01, proleptic Gregorian, no time zone).
 */
#ifndef SALES_H
#define SALES_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SALES_VERSION "0.1.0"

enum sales_status {
	SALES_OK = 0,		/* success */
	SALES_EOF = 1,		/* no more records */
	SALES_ENOMEM = -1,	/* out of memory */
	SALES_EIO = -2,		/* read or write error; errno saved */
	SALES_EPARSE = -3,	/* malformed input; the file cannot go on */
	SALES_EDATA = -4,	/* a bad value or row; the file can go on */
	SALES_EUSAGE = -5	/* a bad argument from the caller */
};

/* Days since 1970-01-01; SALES_DATE_NONE marks an empty date. */
#define SALES_DATE_NONE INT32_MIN

#include "sales_csv.h"
#include "sales_out.h"
#include "sales_money.h"
#include "sales_date.h"
#include "sales_stage.h"
#include "sales_schema.h"
#include "sales_opp.h"
#include "sales_badrows.h"
#include "sales_par.h"
#include "sales_forecast.h"
#include "sales_goal.h"
#include "sales_ics.h"
#include "sales_cadence.h"
#include "sales_model.h"
#include "sales_rates.h"
#include "sales_snap.h"
#include "sales_calib.h"
#include "sales_backtest.h"
#include "sales_waterfall.h"
#include "sales_visit.h"

#endif /* SALES_H */
