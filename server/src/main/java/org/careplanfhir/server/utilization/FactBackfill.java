package org.careplanfhir.server.utilization;

import java.util.List;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the summary tables from the stored records when they were made by other rules than this
 * version's (or never, on a database older than them): once, when the server has started. On a new
 * database there is nothing to read.
 */
class FactBackfill {

	/** Raise when what a fact row holds changes, so that existing databases are rebuilt. */
	static final int VERSION = 2;

	private static final Logger log = LoggerFactory.getLogger(FactBackfill.class);

	private static final int BATCH = 500;

	private final JdbcTemplate database;

	private final DaoRegistry daos;

	private final FactCapture capture;

	private final TransactionTemplate transactions;

	FactBackfill(JdbcTemplate database, DaoRegistry daos, FactCapture capture, TransactionTemplate transactions) {
		this.database = database;
		this.daos = daos;
		this.capture = capture;
		this.transactions = transactions;
	}

	void buildIfStale() {
		Integer built = database.query("SELECT version FROM cp_fact_state WHERE name = 'facts'",
				rows -> rows.next() ? rows.getInt(1) : null);
		if (built != null && built == VERSION) {
			return;
		}
		long started = System.nanoTime();
		int records = 0;
		transactions.executeWithoutResult(status -> database.update("""
				TRUNCATE cp_referral_fact, cp_referral_task_fact, cp_case_fact, cp_coverage_fact, cp_goal_fact,
					cp_plan_goal_fact, cp_payer_group"""));
		// Tasks after referrals, so that each referral's units and first service are summed from them.
		for (String type : List.of("EpisodeOfCare", "Coverage", "Goal", "CarePlan", "ServiceRequest", "Task", "Group")) {
			records += build(daos.getResourceDao(type));
		}
		transactions.executeWithoutResult(status -> database.update("""
				INSERT INTO cp_fact_state (name, version) VALUES ('facts', ?)
				ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version""", VERSION));
		log.info("built the utilization summary tables from {} records in {} ms", records,
				(System.nanoTime() - started) / 1_000_000);
	}

	private <T extends IBaseResource> int build(IFhirResourceDao<T> dao) {
		List<IResourcePersistentId> ids = transactions.execute(status -> List.copyOf(
				dao.searchForIds(SearchParameterMap.newSynchronous(), new SystemRequestDetails())));
		for (int from = 0; from < ids.size(); from += BATCH) {
			List<IResourcePersistentId> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
			transactions.executeWithoutResult(status -> batch.forEach(id -> capture.keep(dao.readByPid(id))));
		}
		return ids.size();
	}

}
