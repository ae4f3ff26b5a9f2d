package org.careplanfhir.server.bulkimport;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The keys of HAPI's tag definitions ({@code hfj_tag_def}) for a resource's tags, profiles and
 * security labels, found or made as HAPI's DAO finds or makes them, and kept: a server holds a few
 * dozen. A new definition is committed at once on a connection of its own, so that a key kept here
 * never names a row that a refused batch rolled back.
 */
class TagDefinitions {

	/** HAPI stores a profile as a tag of this system (its {@code NS_JPA_PROFILE}). */
	static final String PROFILE_SYSTEM = "https://github.com/hapifhir/hapi-fhir/ns/jpa/profile";

	private static final int TAG = 0;

	private static final int PROFILE = 1;

	private static final int SECURITY_LABEL = 2;

	private final JdbcTemplate jdbc;

	private final Map<List<Object>, Long> keys = new ConcurrentHashMap<>();

	TagDefinitions(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	List<Long> of(Resource resource) {
		List<Long> found = new ArrayList<>();
		resource.getMeta().getTag().forEach(tag -> found.add(key(TAG, tag)));
		resource.getMeta().getProfile().forEach(profile -> found.add(key(PROFILE, PROFILE_SYSTEM, profile.getValue(), null, null, null)));
		resource.getMeta().getSecurity().forEach(label -> found.add(key(SECURITY_LABEL, label)));
		return found;
	}

	private long key(int type, Coding coding) {
		return key(type, coding.getSystem(), coding.getCode(), coding.getDisplay(), coding.getVersion(),
				coding.hasUserSelected() ? coding.getUserSelected() : null);
	}

	private long key(int type, String system, String code, String display, String version, Boolean userSelected) {
		// HAPI's key of a definition leaves out its display.
		return keys.computeIfAbsent(Arrays.asList(type, system, code, version, userSelected),
				unknown -> findOrMake(type, system, code, display, version, userSelected));
	}

	private long findOrMake(int type, String system, String code, String display, String version, Boolean userSelected) {
		try (Connection own = jdbc.getDataSource().getConnection()) {
			JdbcTemplate alone = new JdbcTemplate(new SingleConnectionDataSource(own, true));
			List<Long> stored = alone.queryForList("""
					SELECT min(tag_id) FROM hfj_tag_def WHERE tag_type = ? AND tag_system IS NOT DISTINCT FROM ?
					  AND tag_code IS NOT DISTINCT FROM ? AND tag_version IS NOT DISTINCT FROM ?
					  AND tag_user_selected IS NOT DISTINCT FROM ?""", Long.class, type, system, code, version, userSelected);
			if (stored.get(0) != null) {
				return stored.get(0);
			}
			long key = new KeyBlocks(alone).take("seq_tagdef_id", 1)[0];
			alone.update("INSERT INTO hfj_tag_def (tag_id, tag_type, tag_system, tag_code, tag_display, tag_version,"
					+ " tag_user_selected) VALUES (?, ?, ?, ?, ?, ?, ?)", key, type, system, code, display, version, userSelected);
			return key;
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("no connection for a tag definition", ex);
		}
	}

}
