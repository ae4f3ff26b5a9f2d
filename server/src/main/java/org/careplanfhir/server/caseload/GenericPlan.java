package org.careplanfhir.server.caseload;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a caseload's queries in a read-only transaction of their own under
 * {@code plan_cache_mode = force_generic_plan}: their patients travel as one array parameter, and a
 * generic plan is made without weighing its values against the reference index's 10,000 most
 * common values (see {@link StoredRecords}).
 */
final class GenericPlan {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	GenericPlan(JdbcTemplate jdbc, TransactionTemplate readOnly) {
		this.jdbc = jdbc;
		this.readOnly = readOnly;
	}

	/** Runs the queries, which use {@link #jdbc()}, in one such transaction. */
	void run(Runnable queries) {
		readOnly.executeWithoutResult(status -> {
			jdbc.execute("SET LOCAL plan_cache_mode = force_generic_plan");
			queries.run();
		});
	}

	JdbcTemplate jdbc() {
		return jdbc;
	}

}
