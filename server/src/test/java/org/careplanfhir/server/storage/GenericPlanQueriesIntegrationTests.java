package org.careplanfhir.server.storage;

import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class GenericPlanQueriesIntegrationTests extends FhirServerTest {

	@Autowired
	GenericPlanQueries queries;

	@Test
	void queriesRunInOneTransactionUnderAGenericPlanAndTheConnectionIsLeftAsItWas() {
		assertThat(queries.read(() -> queries.jdbc().queryForObject("SHOW plan_cache_mode", String.class)))
			.isEqualTo("force_generic_plan");
		Long[] transactions = new Long[2];
		queries.run(() -> {
			transactions[0] = queries.jdbc().queryForObject("SELECT txid_current()", Long.class);
			transactions[1] = queries.jdbc().queryForObject("SELECT txid_current()", Long.class);
		});
		assertThat(transactions[0]).as("one transaction for the queries of one run").isEqualTo(transactions[1]);
		// SET LOCAL ends with the transaction: the pooled connection goes back with PostgreSQL's default.
		for (int i = 0; i < 20; i++) {
			assertThat(database.queryForObject("SHOW plan_cache_mode", String.class)).isEqualTo("auto");
		}
	}

}
