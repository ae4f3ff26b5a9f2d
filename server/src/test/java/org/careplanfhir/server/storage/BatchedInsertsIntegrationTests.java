package org.careplanfhir.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchedInsertsIntegrationTests extends FhirServerTest {

	/**
	 * PostgreSQL's driver reports "succeeded, rows unknown" for each insert of a batch only when it
	 * sent the batch as multi-row statements; sent one by one, each insert reports its one row. (It
	 * cuts a batch into statements of 2, 4, 8... rows; a row left over on its own reports 1.)
	 */
	@Test
	void aBatchOfInsertsIsSentAsMultiRowStatementsAndStoresEveryRow() throws Exception {
		try (Connection connection = database.getDataSource().getConnection()) {
			connection.setAutoCommit(false);
			try (Statement ddl = connection.createStatement()) {
				ddl.execute("CREATE TEMPORARY TABLE batched_rows (n integer) ON COMMIT DROP");
			}
			int[] counts;
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batched_rows (n) VALUES (?)")) {
				for (int n = 1; n <= 8; n++) {
					insert.setInt(1, n);
					insert.addBatch();
				}
				counts = insert.executeBatch();
			}
			assertThat(counts).containsOnly(Statement.SUCCESS_NO_INFO).hasSize(8);
			try (Statement query = connection.createStatement();
					var rows = query.executeQuery("SELECT count(*), sum(n) FROM batched_rows")) {
				rows.next();
				assertThat(rows.getInt(1)).isEqualTo(8);
				assertThat(rows.getInt(2)).isEqualTo(36);
			}
			connection.rollback();
		}
	}

}
