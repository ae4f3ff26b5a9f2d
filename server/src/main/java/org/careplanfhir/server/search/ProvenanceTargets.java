package org.careplanfhir.server.search;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.careplanfhir.server.storage.GenericPlanQueries;

import org.springframework.stereotype.Component;

/**
 * Which Provenance resources name one of some stored records as their {@code target}, read from
 * HAPI's reference index by the records' own keys in one query. A search by {@code target} would
 * first look up each record's key from its id, then have PostgreSQL plan an {@code IN} list of them,
 * weighing every value against the index's most common ones: about 5 ms of planning for one page
 * of a patient's record. Here the keys travel as one array under a generic plan
 * ({@link GenericPlanQueries}).
 */
@Component
class ProvenanceTargets {

	private static final String NAMING = """
			SELECT DISTINCT p.fhir_id FROM hfj_res_link l
			JOIN hfj_resource p ON p.res_id = l.src_resource_id AND p.res_type = 'Provenance' AND p.res_deleted_at IS NULL
			WHERE l.target_resource_id = ANY (?) AND l.src_path = 'Provenance.target'""";

	private final GenericPlanQueries queries;

	ProvenanceTargets(GenericPlanQueries queries) {
		this.queries = queries;
	}

	/** The ids of the Provenance resources (not deleted) whose target is one of these records' keys. */
	Set<String> naming(Collection<Long> records) {
		return queries.read(() -> new HashSet<>(queries.jdbc().query(connection -> {
			PreparedStatement query = connection.prepareStatement(NAMING);
			query.setArray(1, connection.createArrayOf("bigint", records.toArray()));
			return query;
		}, (row, number) -> row.getString(1))));
	}

}
