package org.careplanfhir.server.storage;

import java.util.function.Supplier;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs SQL of our own over HAPI's tables in a transaction of its own, marked read-only, under
 * {@code plan_cache_mode = force_generic_plan}. Such queries take many resource keys as one array
 * parameter; a custom plan would weigh the array's values against the reference index's most
 * common ones (milliseconds of planning for a page of keys), while a generic plan is made once per
 * connection without looking at them.
 */
@Component
public final class GenericPlanQueries {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	public GenericPlanQueries(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
	}

	/** Runs the queries, which use {@link #jdbc()}, in one such transaction. */
	public void run(Runnable queries) {
		read(() -> {
			queries.run();
			return null;
		});
	}

	/** Runs the queries, which use {@link #jdbc()}, in one such transaction, and gives their answer. */
	public <T> T read(Supplier<T> queries) {
		return readOnly.execute(status -> {
			jdbc.execute("SET LOCAL plan_cache_mode = force_generic_plan");
			return queries.get();
		});
	}

	public JdbcTemplate jdbc() {
		return jdbc;
	}

}
