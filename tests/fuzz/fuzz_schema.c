/*
 * fuzz_schema.c - the schema mapper and the opportunity reader.  The
 * first line holds --map overrides separated by '|' ("owner=Rep|amount=
 * ARR"); the rest is an opportunities file.  Binding either fails with
 * a message or every deal read has the fields the reader promises.
 */
#include <string.h>

#include "fuzz.h"

#define MAX_MAP 8

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sales_opp_options oo;
	struct sales_map map[MAX_MAP];
	struct sales_opp_reader *r;
	struct sales_stages *stages;
	struct sales_csv *csv;
	struct sales_opp d;
	const uint8_t *nl;
	char err[1024], *spec, *tok, *save;
	size_t speclen, nmap = 0;
	FILE *fp;
	int rc;

	nl = memchr(data, '\n', size);
	speclen = nl != NULL ? (size_t)(nl - data) : 0;
	if ((spec = fuzz_string(data, speclen)) == NULL)
		return 0;
	for (tok = strtok_r(spec, "|", &save); tok != NULL && nmap < MAX_MAP;
	    tok = strtok_r(NULL, "|", &save))
		if (sales_map_parse(tok, &map[nmap]) == SALES_OK)
			nmap++;
	data += nl != NULL ? speclen + 1 : 0;
	size -= nl != NULL ? speclen + 1 : 0;

	if ((stages = sales_stages_new()) == NULL ||
	    (fp = fuzz_stream(data, size)) == NULL) {
		sales_stages_free(stages);
		free(spec);
		return 0;
	}
	memset(&oo, 0, sizeof(oo));
	oo.stages = stages;
	oo.map = map;
	oo.nmap = nmap;
	if ((csv = sales_csv_open(fp, "fuzz.csv", NULL)) != NULL) {
		if (sales_opp_open(csv, &oo, &r, err, sizeof(err)) == SALES_OK) {
			while ((rc = sales_opp_next(r, &d)) == SALES_OK ||
			    rc == SALES_EDATA) {
				if (rc == SALES_EDATA) {
					FUZZ_ASSERT(sales_opp_error(r)[0] !=
					    '\0');
					continue;
				}
				FUZZ_ASSERT(d.owner != NULL && d.stage != NULL);
				FUZZ_ASSERT(d.state == SALES_OPEN ||
				    d.state == SALES_WON ||
				    d.state == SALES_LOST);
				FUZZ_ASSERT(d.prob >= 0 && d.prob <= SALES_PPM);
			}
			sales_opp_close(r);
		} else {
			FUZZ_ASSERT(err[0] != '\0');
		}
		sales_csv_close(csv);
	}
	fclose(fp);
	sales_stages_free(stages);
	free(spec);
	return 0;
}
