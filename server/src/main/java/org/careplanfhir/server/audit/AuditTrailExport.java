package org.careplanfhir.server.audit;

import java.io.PrintWriter;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.careplanfhir.server.bulk.ExportSource;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * AuditEvents in a system-level Bulk Data export, for a SIEM to ingest: the export's window is cut
 * into files of consecutive events at kick-off, and each file is written from the audit trail when
 * it is downloaded ({@code AuditEvent/$export-file}); AuditEvents never change, so a file is the
 * same however often it is fetched, until its events expire.
 */
class AuditTrailExport implements ExportSource {

	static final String FILE_OPERATION = "$export-file";

	private final JdbcTemplate database;

	AuditTrailExport(JdbcTemplate database) {
		this.database = database;
	}

	@Override
	public String type() {
		return "AuditEvent";
	}

	@Override
	public void checkAllowed(FhirAccess access) {
		if (!access.grantsUnconfined(type(), Permission.READ)) {
			throw Refusals.because("Exporting the audit trail needs system/AuditEvent.rs unconfined (an auditor's or a"
					+ " SIEM's backend service): it holds every patient's accesses");
		}
	}

	@Override
	public List<String> files(Date since, Date until, int perFile) {
		List<Long> starts = database.queryForList("""
				SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM cp_audit_event
					WHERE recorded >= ? AND recorded < ?) numbered
				WHERE (n - 1) % ? = 0 ORDER BY id""", Long.class, from(since), new Timestamp(until.getTime()), perFile);
		List<String> files = new ArrayList<>();
		for (int i = 0; i < starts.size(); i++) {
			String file = "AuditEvent/" + FILE_OPERATION + "?since=" + (since == null ? 0 : since.getTime()) + "&until="
					+ until.getTime() + "&from=" + starts.get(i);
			files.add(i + 1 < starts.size() ? file + "&to=" + starts.get(i + 1) : file);
		}
		return files;
	}

	/** Writes one file's events as NDJSON: those of the window from id {@code from} up to {@code to} (excluded, when given). */
	void write(long since, long until, long from, Long to, PrintWriter out) {
		String below = to == null ? "" : " AND id < " + to;
		database.query("SELECT " + AuditEventStore.JSON_OF_EVENT + " WHERE recorded >= ? AND recorded < ? AND id >= ?"
				+ below + " ORDER BY id", row -> {
					out.write(AuditEventStore.json(row, 0));
					out.write('\n');
				}, new Timestamp(since), new Timestamp(until), from);
	}

	private static Timestamp from(Date since) {
		return new Timestamp(since == null ? 0 : since.getTime());
	}

}
