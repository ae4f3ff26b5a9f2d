package org.careplanfhir.server.audit;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit tables are made and upgraded on every start without holding up the trail's readers. */
class AuditSchemaIntegrationTests extends FhirServerTest {

	@Test
	void aTableOfAnEarlierVersionGetsTheRecordColumnAndAnOptionalResourceAndKeepsItsEvents() throws Exception {
		String schema = "audit_upgrade_" + Long.toString(System.nanoTime(), 36);
		try (Connection connection = database.getDataSource().getConnection()) {
			// One connection, whose search path leads to a schema of its own, with the table as an earlier version made it.
			SingleConnectionDataSource earlier = new SingleConnectionDataSource(connection, true);
			JdbcTemplate inSchema = new JdbcTemplate(earlier);
			inSchema.execute("CREATE SCHEMA " + schema);
			inSchema.execute("SET search_path TO " + schema);
			try {
				inSchema.execute("""
						CREATE TABLE cp_audit_event (id BIGINT PRIMARY KEY, recorded TIMESTAMPTZ NOT NULL,
							type_system VARCHAR(200) NOT NULL, type_code VARCHAR(64) NOT NULL, subtypes TEXT[] NOT NULL,
							action CHAR(1) NOT NULL, outcome VARCHAR(2) NOT NULL, patient VARCHAR(200),
							agents TEXT[] NOT NULL, entities TEXT[] NOT NULL, entity_name VARCHAR(200),
							address VARCHAR(100), resource TEXT NOT NULL)""");
				inSchema.update("""
						INSERT INTO cp_audit_event VALUES (7, now(), 's', 'rest', '{}', 'R', '0', 'Patient/1', '{}', '{}',
							null, null, '{"resourceType":"AuditEvent"}')""");

				AuditSchema.apply(earlier);

				assertThat(inSchema.queryForObject("""
						SELECT is_nullable FROM information_schema.columns
						WHERE table_schema = ? AND table_name = 'cp_audit_event' AND column_name = 'resource'""",
						String.class, schema)).isEqualTo("YES");
				assertThat(inSchema.queryForObject("SELECT count(*) FROM cp_audit_event WHERE id = 7 AND record IS NULL",
						Integer.class)).isEqualTo(1);
				assertThat(inSchema.queryForObject("SELECT to_regclass('cp_audit_outbox') IS NOT NULL", Boolean.class)).isTrue();
			}
			finally {
				inSchema.execute("RESET search_path");
				inSchema.execute("DROP SCHEMA " + schema + " CASCADE");
			}
		}
	}

	@Test
	void applyingTheSchemaAgainDoesNotWaitForAReaderOfTheTrail() throws Exception {
		DataSource dataSource = database.getDataSource();
		try (Connection reader = dataSource.getConnection(); Statement read = reader.createStatement()) {
			// A long read of the trail, as an audit export's download is, holds its table's shared lock until it ends.
			reader.setAutoCommit(false);
			read.executeQuery("SELECT count(*) FROM cp_audit_event").close();
			CompletableFuture<Void> startingAgain = CompletableFuture.runAsync(() -> AuditSchema.apply(dataSource));
			try {
				startingAgain.get(20, TimeUnit.SECONDS);
			}
			finally {
				reader.rollback();
				startingAgain.join();
			}
		}
	}

}
