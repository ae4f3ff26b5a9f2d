package org.careplanfhir.server.search;

import org.springframework.jdbc.core.JdbcTemplate;

/** The searches HAPI has kept (its search table) whose query holds a value. */
final class KeptSearches {

	private KeptSearches() {
	}

	static long holding(JdbcTemplate database, String value) {
		return database.queryForObject("SELECT count(*) FROM hfj_search WHERE search_query_string_vc LIKE ?", Long.class,
				"%" + value + "%");
	}

}
