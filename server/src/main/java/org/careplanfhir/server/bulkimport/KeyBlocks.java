package org.careplanfhir.server.bulkimport;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keys for new rows of HAPI's tables, taken from HAPI's own sequences the way HAPI's Hibernate
 * generator takes them, so that the two never hand out the same key: each sequence value {@code v}
 * (the sequences step by {@value #BLOCK}) is the block {@code v - 49 … v} (Hibernate's "pooled"
 * optimizer, which HAPI's {@code HapiSequenceStyleGenerator} configures).
 */
class KeyBlocks {

	static final int BLOCK = 50;

	private final JdbcTemplate jdbc;

	KeyBlocks(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	long[] take(String sequence, int count) {
		int blocks = (count + BLOCK - 1) / BLOCK;
		List<Long> highs = jdbc.queryForList("SELECT nextval('" + sequence + "') FROM generate_series(1, ?)", Long.class,
				blocks);
		long[] keys = new long[count];
		int next = 0;
		for (long high : highs) {
			for (long key = high - BLOCK + 1; key <= high && next < count; key++) {
				keys[next++] = key;
			}
		}
		return keys;
	}

}
