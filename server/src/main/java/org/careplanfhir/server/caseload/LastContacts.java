package org.careplanfhir.server.caseload;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.careplanfhir.server.storage.GenericPlanQueries;

/**
 * When each patient was last in contact with their care: the latest start of an Encounter or
 * sending of a Communication about them that is not in the future. One aggregate query over the
 * store's reference and date indexes, so that a patient with years of encounters costs no more than
 * one with none, and no record is loaded to find a date. The patients travel as one array under a
 * generic plan ({@link GenericPlanQueries}).
 */
final class LastContacts {

	private static final String LATEST = """
			SELECT p.fhir_id AS patient, max(d.sp_value_low) AS latest
			FROM hfj_resource p
			JOIN hfj_res_link l ON l.target_resource_id = p.res_id
			JOIN hfj_spidx_date d ON d.res_id = l.src_resource_id
			JOIN hfj_resource s ON s.res_id = l.src_resource_id AND s.res_deleted_at IS NULL
			WHERE p.res_type = 'Patient' AND p.fhir_id = ANY (?)
			  AND ((l.src_path = 'Encounter.subject' AND d.res_type = 'Encounter' AND d.sp_name = 'date')
			    OR (l.src_path = 'Communication.subject' AND d.res_type = 'Communication' AND d.sp_name = 'sent'))
			  AND d.sp_value_low <= ?
			GROUP BY p.fhir_id""";

	private final GenericPlanQueries queries;

	LastContacts(GenericPlanQueries queries) {
		this.queries = queries;
	}

	/** Patient id to the instant of the last contact; patients never in contact are absent. */
	Map<String, Instant> of(Collection<String> patients, Instant now) {
		Map<String, Instant> latest = new HashMap<>();
		if (patients.isEmpty()) {
			return latest;
		}
		queries.run(() -> {
			queries.jdbc().query(LATEST, row -> {
				latest.put(row.getString("patient"), row.getTimestamp("latest").toInstant());
			}, (Object) patients.toArray(String[]::new), Timestamp.from(now));
		});
		return latest;
	}

}
