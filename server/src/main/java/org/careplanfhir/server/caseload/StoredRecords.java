package org.careplanfhir.server.caseload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.careplanfhir.server.storage.GenericPlanQueries;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The current versions of records, read from the store's own tables and parsed once: the resource
 * text HAPI keeps for each version, with its version, update time, profiles, tags and security
 * labels (kept beside the text) put back into {@code meta}, as a read through HAPI would give them.
 * A caseload of 200 people is about a thousand records; HAPI's search loads each through its
 * entity layer at about 0.4 ms a record, this at a tenth of that. Records are found either by id,
 * or as those referring to some targets at one path with one of some codes in a token index
 * ({@code status}), one query each: the targets travel as one array under a generic plan (HAPI
 * keeps the 10,000 most common values of the reference index, and weighing a list of literals
 * against them costs the planner about 0.8 ms a literal).
 */
final class StoredRecords {

	private static final String COLUMNS = "s.res_id, s.fhir_id, s.res_ver, s.res_updated, v.pid AS ver_pid, v.res_encoding,"
			+ " v.res_text_vc, v.res_text";

	private static final String BY_ID = "SELECT " + COLUMNS + """
			 FROM hfj_resource s
			JOIN hfj_res_ver v ON v.res_id = s.res_id AND v.res_ver = s.res_ver
			WHERE s.res_type = ? AND s.fhir_id = ANY (?) AND s.res_deleted_at IS NULL""";

	private static final String REFERRING = "SELECT DISTINCT ON (s.res_id) " + COLUMNS + """
			 FROM hfj_resource p
			JOIN hfj_res_link l ON l.target_resource_id = p.res_id AND l.src_path = ?
			JOIN hfj_resource s ON s.res_id = l.src_resource_id AND s.res_deleted_at IS NULL
			JOIN hfj_res_ver v ON v.res_id = s.res_id AND v.res_ver = s.res_ver
			WHERE p.res_type = ? AND p.fhir_id = ANY (?)
			  AND EXISTS (SELECT 1 FROM hfj_spidx_token t WHERE t.res_id = s.res_id AND t.res_type = ? AND t.sp_name = ?
			    AND t.sp_value = ANY (?))""";

	/**
	 * The active CareTeams with one of the targets as a participant: each team's case (the
	 * workflow-episodeOfCare extension) and patient, without loading the teams.
	 */
	private static final String TEAMS = """
			SELECT DISTINCT team.fhir_id AS team, episode.fhir_id AS episode, subject.fhir_id AS patient
			FROM hfj_resource p
			JOIN hfj_res_link m ON m.target_resource_id = p.res_id AND m.src_path = 'CareTeam.participant.member'
			JOIN hfj_resource team ON team.res_id = m.src_resource_id AND team.res_deleted_at IS NULL
			LEFT JOIN hfj_res_link e ON e.src_resource_id = team.res_id AND e.src_path = ?
			LEFT JOIN hfj_resource episode ON episode.res_id = e.target_resource_id AND episode.res_type = 'EpisodeOfCare'
			LEFT JOIN hfj_res_link s ON s.src_resource_id = team.res_id AND s.src_path = 'CareTeam.subject'
			LEFT JOIN hfj_resource subject ON subject.res_id = s.target_resource_id AND subject.res_type = 'Patient'
			WHERE p.res_type = ? AND p.fhir_id = ANY (?)
			  AND EXISTS (SELECT 1 FROM hfj_spidx_token t WHERE t.res_id = team.res_id AND t.res_type = 'CareTeam'
			    AND t.sp_name = 'status' AND t.sp_value = 'active')""";

	/** An active team a practitioner is on: its id, its case (or null) and its patient (or null). */
	record Team(String id, String episode, String patient) {
	}

	private static final String TAGS = """
			SELECT h.res_ver_pid, d.tag_type, d.tag_system, d.tag_code, d.tag_display
			FROM hfj_history_tag h JOIN hfj_tag_def d ON d.tag_id = h.tag_id
			WHERE h.res_ver_pid = ANY (?)""";

	/** HAPI's tag kinds, by the number it stores: tag, profile, security label. */
	private static final int TAG = 0;

	private static final int PROFILE = 1;

	private static final int SECURITY_LABEL = 2;

	private static final ObjectMapper JSON = new ObjectMapper();

	private final GenericPlanQueries queries;

	private final JdbcTemplate jdbc;

	private final FhirContext fhir;

	private final DaoRegistry daos;

	StoredRecords(GenericPlanQueries queries, FhirContext fhir, DaoRegistry daos) {
		this.queries = queries;
		this.jdbc = queries.jdbc();
		this.fhir = fhir;
		this.daos = daos;
	}

	/** The records of this type with these ids (those that exist and are not deleted). */
	<T extends Resource> List<T> byIds(Class<T> type, Collection<String> ids) {
		if (ids == null || ids.isEmpty()) {
			return List.of();
		}
		String typeName = fhir.getResourceType(type);
		return load(type, true, BY_ID, typeName, ids.toArray(String[]::new));
	}

	/**
	 * The records of this type whose reference at {@code path} ({@code Goal.subject}) names one of
	 * the targets ({@code Patient} and its ids), and whose token parameter {@code parameter} has one
	 * of the codes.
	 */
	<T extends Resource> List<T> referring(Class<T> type, String path, String targetType, Collection<String> targetIds,
			String parameter, Collection<String> codes) {
		if (targetIds.isEmpty()) {
			return List.of();
		}
		String typeName = fhir.getResourceType(type);
		return load(type, true, REFERRING, path, targetType, targetIds.toArray(String[]::new), typeName, parameter,
				codes.toArray(String[]::new));
	}

	/**
	 * The same without their narrative ({@code text}), for records only read, never shown: parsing a
	 * care plan's XHTML is most of the cost of reading it.
	 */
	<T extends Resource> List<T> referringWithoutNarrative(Class<T> type, String path, String targetType,
			Collection<String> targetIds, String parameter, Collection<String> codes) {
		if (targetIds.isEmpty()) {
			return List.of();
		}
		String typeName = fhir.getResourceType(type);
		return load(type, false, REFERRING, path, targetType, targetIds.toArray(String[]::new), typeName, parameter,
				codes.toArray(String[]::new));
	}

	/** The active CareTeams with one of these targets ({@code Practitioner} and its ids) as a participant. */
	List<Team> activeTeamsOf(String targetType, Collection<String> targetIds) {
		List<Team> teams = new ArrayList<>();
		if (targetIds.isEmpty()) {
			return teams;
		}
		queries.run(() -> {
			jdbc.query(TEAMS, row -> {
				teams.add(new Team(row.getString("team"), row.getString("episode"), row.getString("patient")));
			}, EPISODE_OF_TEAM, targetType, (Object) targetIds.toArray(String[]::new));
		});
		return teams;
	}

	/** Where HAPI indexes a team's workflow-episodeOfCare extension. */
	private static final String EPISODE_OF_TEAM = "CareTeam.extension('" + ActiveCases.EPISODE_EXTENSION
			+ "').value.ofType(Reference)";

	private record Row(long versionPid, String id, long version, java.sql.Timestamp updated, String text) {
	}

	private <T extends Resource> List<T> load(Class<T> type, boolean narrative, String sql, Object... arguments) {
		List<Row> rows = new ArrayList<>();
		List<String> unreadable = new ArrayList<>();
		Map<Long, List<Object[]>> tags = new HashMap<>();
		queries.run(() -> {
			jdbc.query(sql, result -> {
				String text = text(result.getString("res_encoding"), result.getString("res_text_vc"), result.getBytes("res_text"));
				if (text == null) {
					unreadable.add(result.getString("fhir_id"));
					return;
				}
				rows.add(new Row(result.getLong("ver_pid"), result.getString("fhir_id"), result.getLong("res_ver"),
						result.getTimestamp("res_updated"), text));
			}, arguments);
			if (!rows.isEmpty()) {
				jdbc.query(TAGS, result -> {
					tags.computeIfAbsent(result.getLong(1), pid -> new ArrayList<>())
						.add(new Object[] { result.getInt(2), result.getString(3), result.getString(4), result.getString(5) });
				}, (Object) rows.stream().map(Row::versionPid).toArray(Long[]::new));
			}
		});
		String typeName = fhir.getResourceType(type);
		var parser = fhir.newJsonParser();
		Map<String, T> records = new LinkedHashMap<>();
		for (Row row : rows) {
			T record = parser.parseResource(type, narrative ? row.text() : withoutNarrative(row.text()));
			record.setId(new IdType(typeName, row.id(), String.valueOf(row.version())));
			record.getMeta().setVersionId(String.valueOf(row.version())).setLastUpdated(row.updated());
			for (Object[] tag : tags.getOrDefault(row.versionPid(), List.of())) {
				switch ((Integer) tag[0]) {
					case PROFILE -> record.getMeta().addProfile((String) tag[2]);
					case SECURITY_LABEL -> record.getMeta().addSecurity((String) tag[1], (String) tag[2], (String) tag[3]);
					case TAG -> record.getMeta().addTag((String) tag[1], (String) tag[2], (String) tag[3]);
					default -> {
						// A kind of tag HAPI may add later: left out, as a read of an older HAPI would.
					}
				}
			}
			records.put(row.id(), record);
		}
		// Text kept some other way (a future encoding): read through HAPI, one by one; none are today.
		for (String id : unreadable) {
			records.put(id, type.cast(daos.getResourceDao(type).read(new IdType(typeName, id), new SystemRequestDetails())));
		}
		return new ArrayList<>(records.values());
	}

	private static String withoutNarrative(String json) {
		try {
			JsonNode resource = JSON.readTree(json);
			if (resource instanceof ObjectNode object) {
				object.remove("text");
			}
			return JSON.writeValueAsString(resource);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The version's JSON: plain, or gzip-compressed (HAPI's JSONC); null for another encoding. */
	private static String text(String encoding, String plain, byte[] compressed) {
		if ("JSON".equals(encoding) && plain != null) {
			return plain;
		}
		if ("JSON".equals(encoding) && compressed != null) {
			return new String(compressed, StandardCharsets.UTF_8);
		}
		if ("JSONC".equals(encoding) && compressed != null) {
			try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
				return new String(unzipped.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return null;
	}

}
