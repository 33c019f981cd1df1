// The aggregation pipeline-forecast --method weighted --by owner does for
// its 90-day horizon, as one prepared DuckDB statement: per owner, the
// open deals closing in [as-of, as-of + 90 days), their count, amount and
// amount x probability.  Run by bench/tool-jobs.sh:
//   node bench/duckdb-agg.mjs MODULE_DIR FILE THREADS AS_OF END
// Prints the rows (for the same-result check) on standard output.
import { createRequire } from 'node:module';

const [moduleDir, file, threads, asOf, end] = process.argv.slice(2);
const require = createRequire(moduleDir + '/');
const { DuckDBInstance } = require('@duckdb/node-api');

const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await db.connect();
const stmt = await con.prepare(`
  SELECT "Opportunity Owner" AS owner, count(*) AS deals,
         sum(Amount) AS pipeline,
         sum(Amount * "Probability (%)" / 100) AS weighted
  FROM read_csv($1, header = true, quote = '"', escape = '"',
                columns = {
                  'Opportunity Owner': 'VARCHAR', 'Account Name': 'VARCHAR',
                  'Opportunity Name': 'VARCHAR', 'Stage': 'VARCHAR',
                  'Probability (%)': 'DECIMAL(6,2)', 'Amount': 'DECIMAL(18,2)',
                  'Close Date': 'DATE', 'Created Date': 'DATE',
                  'Forecast Category': 'VARCHAR' })
  WHERE Stage NOT IN ('Closed Won', 'Closed Lost')
    AND "Close Date" >= CAST($2 AS DATE) AND "Close Date" < CAST($3 AS DATE)
  GROUP BY 1 ORDER BY 1`);
stmt.bindVarchar(1, file);
stmt.bindVarchar(2, asOf);
stmt.bindVarchar(3, end);
const reader = await stmt.runAndReadAll();
for (const row of reader.getRows())
  console.log(row.map(String).join(','));
