package org.careplanfhir.server.bulkimport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Imports in the database ({@code careplan_import_job}, {@code careplan_import_error}), so that a
 * status poll, a cancel or an error file download reaching any instance finds the import, and a
 * restart does not forget it. The instance running an import writes here; the others only read,
 * ask for a cancel, or give up on an import whose instance stopped saying it is alive.
 */
class ImportJobStore {

	/** Refused lines are read back in pages of this many, so that no file is held in memory. */
	private static final int ERROR_PAGE = 1000;

	private final JdbcTemplate jdbc;

	ImportJobStore(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	void create(ImportJob job) {
		List<ImportInput> inputs = job.inputs();
		jdbc.update(connection -> {
			PreparedStatement insert = connection.prepareStatement("INSERT INTO careplan_import_job (id, client_id,"
					+ " request, server_base, transaction_time, input_types, input_urls, stored, refused, state, heartbeat)"
					+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', now())");
			insert.setString(1, job.id());
			insert.setString(2, job.caller().clientId());
			insert.setString(3, job.request());
			insert.setString(4, job.serverBase());
			insert.setTimestamp(5, Timestamp.from(job.transactionTime()));
			insert.setArray(6, connection.createArrayOf("text", inputs.stream().map(ImportInput::type).toArray()));
			insert.setArray(7, connection.createArrayOf("text", inputs.stream().map(ImportInput::url).toArray()));
			insert.setArray(8, counts(connection, job.storedPerInput()));
			insert.setArray(9, counts(connection, job.refusedPerInput()));
			return insert;
		});
	}

	/**
	 * Saves a running import's progress and its refused lines since the last save, and says it is
	 * alive; whether a cancel has been asked for, on any instance.
	 */
	boolean saveProgress(ImportJob job) {
		saveRefusals(job);
		Boolean cancel = jdbc.query(connection -> {
			PreparedStatement update = connection.prepareStatement("UPDATE careplan_import_job SET stored = ?,"
					+ " refused = ?, heartbeat = now() WHERE id = ? AND state = 'RUNNING' RETURNING cancel_requested");
			update.setArray(1, counts(connection, job.storedPerInput()));
			update.setArray(2, counts(connection, job.refusedPerInput()));
			update.setString(3, job.id());
			return update;
		}, rows -> rows.next() && rows.getBoolean(1));
		return Boolean.TRUE.equals(cancel);
	}

	/** Saves how an import ended, its last refused lines first, so that its end never shows before them. */
	void finish(ImportJob job) {
		saveRefusals(job);
		jdbc.update(connection -> {
			PreparedStatement update = connection.prepareStatement("UPDATE careplan_import_job SET stored = ?,"
					+ " refused = ?, state = ?, failure = ?, finished = now(), heartbeat = now() WHERE id = ?");
			update.setArray(1, counts(connection, job.storedPerInput()));
			update.setArray(2, counts(connection, job.refusedPerInput()));
			update.setString(3, job.state().name());
			update.setString(4, job.failure());
			update.setString(5, job.id());
			return update;
		});
	}

	private void saveRefusals(ImportJob job) {
		List<ImportJob.Refusal> refusals = job.takeUnsavedRefusals();
		if (!refusals.isEmpty()) {
			jdbc.batchUpdate("INSERT INTO careplan_import_error (job_id, input, outcome) VALUES (?, ?, ?)", refusals,
					ERROR_PAGE, (insert, refusal) -> {
						insert.setString(1, job.id());
						insert.setInt(2, refusal.input());
						insert.setString(3, refusal.outcomeJson());
					});
		}
	}

	Optional<ImportStatus> find(String id) {
		return jdbc.query("SELECT id, client_id, request, server_base, transaction_time, input_types, input_urls,"
				+ " stored, refused, state, failure, finished FROM careplan_import_job WHERE id = ?",
				(row, number) -> status(row), id).stream().findFirst();
	}

	/** Asks the instance running the import to stop it, after the transactions under way. */
	void requestCancel(String id) {
		jdbc.update("UPDATE careplan_import_job SET cancel_requested = TRUE WHERE id = ? AND state = 'RUNNING'", id);
	}

	/** Forgets an import and its refused lines. */
	void delete(String id) {
		jdbc.update("DELETE FROM careplan_import_job WHERE id = ?", id);
	}

	/** Writes an input's refused lines, as OperationOutcome NDJSON, page by page. */
	void writeRefusals(String id, int input, Writer out) {
		long after = 0;
		while (true) {
			long[] last = { after };
			int[] written = { 0 };
			jdbc.query("SELECT id, outcome FROM careplan_import_error WHERE job_id = ? AND input = ? AND id > ?"
					+ " ORDER BY id LIMIT " + ERROR_PAGE, row -> {
						try {
							out.write(row.getString(2));
							out.write('\n');
						}
						catch (IOException ex) {
							throw new UncheckedIOException(ex);
						}
						last[0] = row.getLong(1);
						written[0]++;
					}, id, input, after);
			if (written[0] < ERROR_PAGE) {
				return;
			}
			after = last[0];
		}
	}

	/** Forgets the imports that ended more than {@code retention} ago; how many. */
	int forgetEndedBefore(Duration retention) {
		return jdbc.update("DELETE FROM careplan_import_job WHERE finished < now() - ? * INTERVAL '1 millisecond'",
				retention.toMillis());
	}

	/**
	 * Ends, as failed, the imports whose instance has not said it is alive for {@code silence}: it
	 * stopped or was killed; how many.
	 */
	int failSilent(Duration silence, String reason) {
		return jdbc.update("UPDATE careplan_import_job SET state = 'FAILED', failure = ?, finished = now()"
				+ " WHERE state = 'RUNNING' AND heartbeat < now() - ? * INTERVAL '1 millisecond'", reason, silence.toMillis());
	}

	private static Array counts(Connection connection, long[] counts) throws SQLException {
		return connection.createArrayOf("bigint", LongStream.of(counts).boxed().toArray());
	}

	private static ImportStatus status(ResultSet row) throws SQLException {
		Timestamp finished = row.getTimestamp("finished");
		return new ImportStatus(row.getString("id"), row.getString("client_id"), row.getString("request"),
				row.getString("server_base"), row.getTimestamp("transaction_time").toInstant(),
				Arrays.asList((String[]) row.getArray("input_types").getArray()),
				Arrays.asList((String[]) row.getArray("input_urls").getArray()), longs(row.getArray("stored")),
				longs(row.getArray("refused")), ImportJob.State.valueOf(row.getString("state")), row.getString("failure"),
				finished == null ? null : finished.toInstant());
	}

	private static long[] longs(Array array) throws SQLException {
		return Arrays.stream((Long[]) array.getArray()).mapToLong(Long::longValue).toArray();
	}

}
