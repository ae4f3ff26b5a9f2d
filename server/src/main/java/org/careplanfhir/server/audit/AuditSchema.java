package org.careplanfhir.server.audit;

import javax.sql.DataSource;

import org.careplanfhir.server.storage.SchemaScripts;

/**
 * The audit trail's tables: created when missing, and a table of an earlier version's shape
 * upgraded, both on every start. The upgrade runs only when the table needs it, since its
 * {@code ALTER TABLE}s would otherwise lock the table on every start: a server starting during a
 * long read of the trail (an export) would wait for it, and the drain and every AuditEvent read
 * would queue behind the waiting lock.
 */
final class AuditSchema {

	/** True when {@code cp_audit_event} has no {@code record} column, or still requires {@code resource}. */
	private static final String RECORD_COLUMN_MISSING = """
			SELECT count(*) FILTER (WHERE attname = 'record') = 0
				OR coalesce(bool_or(attname = 'resource' AND attnotnull), false)
			FROM pg_attribute
			WHERE attrelid = to_regclass('cp_audit_event') AND attnum > 0 AND NOT attisdropped""";

	private AuditSchema() {
	}

	static void apply(DataSource dataSource) {
		SchemaScripts.apply(dataSource, "careplan/audit/schema.sql");
		SchemaScripts.upgradeWhen(dataSource, RECORD_COLUMN_MISSING, "careplan/audit/record-column.sql");
	}

}
