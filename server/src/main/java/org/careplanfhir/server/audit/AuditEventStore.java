package org.careplanfhir.server.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.AuditEvent;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The AuditEvents ({@code cp_audit_event}): each stored as its record, in the outbox's compact JSON,
 * beside the columns that searches use; never changed once written, removed only by expiry. The
 * AuditEvent is rendered from the record when it is read ({@link AuditEventJson}): a search that
 * shows twenty patients stores twenty events, and their full FHIR JSON (about six times the record)
 * written to the table and its write-ahead log kept the disk from the requests' commits.
 * Events stored before the record was kept have their FHIR JSON instead, and are served as stored.
 */
class AuditEventStore {

	private final JdbcTemplate database;

	private final FhirContext fhirContext;

	/** The columns of an event but its id, in the order of {@link #columns}. */
	private static final String COLUMNS = "recorded, type_system, type_code, subtypes, action, outcome, patient, "
			+ "agents, entities, entity_name, address, record";

	private static final String VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

	/**
	 * Stores a new event, its id taken from the outbox's sequence: events that an earlier version's
	 * outbox still holds keep theirs when drained.
	 */
	static final String INSERT_NEW = "INSERT INTO cp_audit_event (id, " + COLUMNS
			+ ") VALUES (nextval('cp_audit_outbox_id_seq'), " + VALUES + ")";

	/** The columns {@link #json} reads, and the table: {@code SELECT} this, then the conditions. */
	static final String JSON_OF_EVENT = "id, record, resource FROM cp_audit_event";

	AuditEventStore(JdbcTemplate database, FhirContext fhirContext) {
		this.database = database;
		this.fhirContext = fhirContext;
	}

	/**
	 * Stores the events of these outbox entries, with their ids; an entry already stored (a drain
	 * that ran twice) is kept as it was.
	 */
	void store(List<AuditOutbox.Entry> entries) {
		List<Object[]> rows = new ArrayList<>(entries.size());
		for (AuditOutbox.Entry entry : entries) {
			Object[] columns = columns(entry.record(), entry.json());
			Object[] row = new Object[columns.length + 1];
			row[0] = entry.id();
			System.arraycopy(columns, 0, row, 1, columns.length);
			rows.add(row);
		}
		database.batchUpdate("INSERT INTO cp_audit_event (id, " + COLUMNS + ") VALUES (?, " + VALUES
				+ ") ON CONFLICT (id) DO NOTHING", rows);
	}

	/** The values of {@link #INSERT_NEW}, for this record and its JSON. */
	static Object[] columns(AuditRecord record, String json) {
		AuditedAction action = record.action();
		return new Object[] { new Timestamp(record.recordedMillis()), action.typeSystem(), action.typeCode(),
				new String[] { action.subtypeSystem() + "|" + action.subtypeCode(), action.subtypeCode() },
				action.action(), Integer.toString(record.outcome()), record.patient(), agentsOf(record),
				entitiesOf(record), record.name(), record.address(), json };
	}

	/** What {@code agent} and {@code altid} match: the user's resource, the token's subject, the client id. */
	private static String[] agentsOf(AuditRecord record) {
		Set<String> agents = new LinkedHashSet<>();
		for (String agent : new String[] { record.user(), record.subject(), record.client() }) {
			if (agent != null) {
				agents.add(agent);
			}
		}
		return agents.toArray(String[]::new);
	}

	private static String[] entitiesOf(AuditRecord record) {
		Set<String> entities = new LinkedHashSet<>();
		if (record.patient() != null) {
			entities.add(record.patient());
		}
		entities.addAll(record.entities());
		return entities.toArray(String[]::new);
	}

	/** The event, when it is about one of these patients ({@code Patient/1}), or any when null. */
	Optional<AuditEvent> read(long id, Set<String> patients) {
		List<String> found = patients == null
				? database.query("SELECT " + JSON_OF_EVENT + " WHERE id = ?", AuditEventStore::json, id)
				: database.query("SELECT " + JSON_OF_EVENT + " WHERE id = ? AND patient = ANY (?::text[])",
						AuditEventStore::json, id, patients.toArray(String[]::new));
		return found.stream().findFirst().map(this::parse);
	}

	int count(AuditSearch search) {
		Integer total = database.queryForObject("SELECT count(*) FROM cp_audit_event" + search.where(), Integer.class,
				search.arguments().toArray());
		return total == null ? 0 : total;
	}

	List<AuditEvent> page(AuditSearch search, int offset, int count) {
		List<Object> arguments = new ArrayList<>(search.arguments());
		arguments.add(count);
		arguments.add(offset);
		return database.query("SELECT " + JSON_OF_EVENT + search.where() + search.orderBy() + " LIMIT ? OFFSET ?",
				AuditEventStore::json, arguments.toArray()).stream().map(this::parse).toList();
	}

	/** Removes up to {@code max} events recorded before {@code cutoff}, oldest first; returns how many. */
	int expire(Instant cutoff, int max) {
		return database.update("""
				DELETE FROM cp_audit_event WHERE id IN
					(SELECT id FROM cp_audit_event WHERE recorded < ? ORDER BY recorded LIMIT ?)""",
				Timestamp.from(cutoff), max);
	}

	/** The AuditEvent's JSON of a row selected with {@link #JSON_OF_EVENT}. */
	static String json(ResultSet row, int rowNumber) throws SQLException {
		String record = row.getString(2);
		return record == null ? row.getString(3) : AuditEventJson.of(row.getLong(1), AuditRecord.fromJson(record));
	}

	private AuditEvent parse(String json) {
		AuditEvent event = fhirContext.newJsonParser().parseResource(AuditEvent.class, json);
		event.getMeta().setVersionId("1").setLastUpdated(event.getRecorded());
		return event;
	}

}
