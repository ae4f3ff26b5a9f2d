package org.careplanfhir.server.subscriptions;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.careplanfhir.server.security.policy.CallerGrant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The subscriptions' tables ({@code careplan/subscriptions/schema.sql}): each subscription's
 * delivery state and its creator's grant, the events numbered for it, and the changes not matched
 * yet. Statements run in whatever transaction is open: a write's, or the dispatcher's own.
 */
class SubscriptionStore {

	/** The advisory lock's key: an arbitrary number no other part of the server locks. */
	private static final long DISPATCH_LOCK = 0x5B5C41L;

	private final JdbcTemplate jdbc;

	SubscriptionStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A subscription's delivery state, as kept beside its resource. */
	record State(String id, long resourceVersion, String fhirBase, String status, boolean handshakeDone,
			CallerGrant grant, long eventsTotal,
			long deliveredThrough, int failures, Instant nextAttemptAt, Instant lastSentAt, String lastError) {
	}

	/** One numbered event: what changed ({@code Type/id/_history/v}), how and when. */
	record Event(long number, String focus, String interaction, Instant occurredAt) {
	}

	/** A change to record: a version of a resource of a topic type, created or updated. */
	record NewChange(String type, String resourceId, long version, String interaction) {
	}

	/** One change written to a topic type, not yet matched to subscriptions. */
	record Change(long id, String type, String resourceId, long version, String interaction, Instant changedAt) {
	}

	private static final RowMapper<State> STATES = (row, index) -> new State(row.getString("subscription_id"),
			row.getLong("resource_version"), row.getString("fhir_base"), row.getString("status"), row.getBoolean("handshake_done"),
			new CallerGrant(scopes(row.getString("grant_scopes")), row.getString("grant_patient"),
					row.getString("grant_user"), row.getString("owner_client")),
			row.getLong("events_total"), row.getLong("delivered_through"), row.getInt("failures"),
			instant(row.getTimestamp("next_attempt_at")), instant(row.getTimestamp("last_sent_at")),
			row.getString("last_error"));

	private static final RowMapper<Event> EVENTS = (row, index) -> new Event(row.getLong("event_number"),
			row.getString("focus"), row.getString("interaction"), instant(row.getTimestamp("occurred_at")));

	/** A new or re-requested subscription: status {@code requested}, to be handshaken, with this grant. */
	void request(String id, long version, String fhirBase, int heartbeatSeconds, CallerGrant grant) {
		int updated = jdbc.update("""
				UPDATE cp_subscription SET status = 'requested', handshake_done = FALSE, owner_client = ?,
				  grant_scopes = ?, grant_patient = ?, grant_user = ?, fhir_base = ?, resource_version = ?,
				  heartbeat_seconds = ?, failures = 0, next_attempt_at = NULL, last_error = NULL
				WHERE subscription_id = ?""", grant.clientId(), String.join(" ", grant.scopes()), grant.patient(),
				grant.fhirUser(), fhirBase, version, heartbeatSeconds, id);
		if (updated == 0) {
			jdbc.update("""
					INSERT INTO cp_subscription (subscription_id, status, owner_client, grant_scopes, grant_patient, grant_user,
					  fhir_base, resource_version, heartbeat_seconds)
					VALUES (?, 'requested', ?, ?, ?, ?, ?, ?, ?)""", id, grant.clientId(), String.join(" ", grant.scopes()),
					grant.patient(), grant.fhirUser(), fhirBase, version, heartbeatSeconds);
		}
	}

	/** The client turned it off (status {@code off}) or deleted it: nothing more is numbered or sent. */
	void turnOff(String id) {
		jdbc.update("UPDATE cp_subscription SET status = 'off', next_attempt_at = NULL WHERE subscription_id = ?", id);
	}

	Optional<State> state(String id) {
		return jdbc.query("SELECT * FROM cp_subscription WHERE subscription_id = ?", STATES, id).stream().findFirst();
	}

	List<State> all() {
		return jdbc.query("SELECT * FROM cp_subscription ORDER BY created_at", STATES);
	}

	/** Subscriptions that hear of changes: every one not turned off. */
	List<State> listening() {
		return jdbc.query("SELECT * FROM cp_subscription WHERE status <> 'off'", STATES);
	}

	/**
	 * Subscriptions with something to send now (a handshake, events, or a heartbeat), not being sent
	 * by anyone: only those, so that a wake-up reads no more rows than there is work.
	 */
	List<State> due(Instant now) {
		return jdbc.query("""
				SELECT * FROM cp_subscription
				WHERE status <> 'off' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
				  AND (lease_until IS NULL OR lease_until < ?)
				  AND (NOT handshake_done OR delivered_through < events_total
				       OR (heartbeat_seconds > 0 AND (last_sent_at IS NULL
				           OR last_sent_at + heartbeat_seconds * INTERVAL '1 second' <= ?)))""", STATES,
				Timestamp.from(now), Timestamp.from(now), Timestamp.from(now));
	}

	/**
	 * Takes the right to send for one subscription until {@code until}, answering its state; empty
	 * when another holds it.
	 */
	Optional<State> lease(String id, Instant now, Instant until) {
		return jdbc.query("""
				UPDATE cp_subscription SET lease_until = ?
				WHERE subscription_id = ? AND (lease_until IS NULL OR lease_until < ?) RETURNING *""", STATES,
				Timestamp.from(until), id, Timestamp.from(now)).stream().findFirst();
	}

	void release(String id) {
		jdbc.update("UPDATE cp_subscription SET lease_until = NULL WHERE subscription_id = ?", id);
	}

	/**
	 * Numbers the events heard, per subscription in the order given, in the calling transaction: one
	 * statement per subscription takes its numbers, one more stores every event.
	 */
	int numberEvents(Map<String, List<Change>> heard) {
		List<Object[]> rows = new ArrayList<>();
		heard.forEach((id, changes) -> {
			long total = jdbc.queryForObject(
					"UPDATE cp_subscription SET events_total = events_total + ? WHERE subscription_id = ? RETURNING events_total",
					Long.class, changes.size(), id);
			long number = total - changes.size();
			for (Change change : changes) {
				rows.add(new Object[] { id, ++number,
						change.type() + "/" + change.resourceId() + "/_history/" + change.version(), change.interaction(),
						Timestamp.from(change.changedAt()) });
			}
		});
		jdbc.batchUpdate("""
				INSERT INTO cp_subscription_event (subscription_id, event_number, focus, interaction, occurred_at)
				VALUES (?, ?, ?, ?, ?)""", rows);
		return rows.size();
	}

	/** Events from {@code from} to {@code to}, both included, oldest first, at most {@code limit}. */
	List<Event> events(String id, long from, long to, int limit) {
		return jdbc.query("""
				SELECT event_number, focus, interaction, occurred_at FROM cp_subscription_event
				WHERE subscription_id = ? AND event_number BETWEEN ? AND ? ORDER BY event_number LIMIT ?""", EVENTS, id,
				from, to, limit);
	}

	/** The handshake was answered: the subscription is active and hears of events from now on. Answers its state. */
	Optional<State> handshaken(String id, Instant at) {
		return jdbc.query("""
				UPDATE cp_subscription SET status = 'active', handshake_done = TRUE, failures = 0, next_attempt_at = NULL,
				  last_error = NULL, last_sent_at = ? WHERE subscription_id = ? AND status <> 'off' RETURNING *""", STATES,
				Timestamp.from(at), id).stream().findFirst();
	}

	/**
	 * A notification or heartbeat reached the endpoint; events up to {@code through} are delivered.
	 * Answers the state after it, with any events numbered meanwhile.
	 */
	Optional<State> delivered(String id, long through, Instant at) {
		return jdbc.query("""
				UPDATE cp_subscription SET status = 'active', delivered_through = GREATEST(delivered_through, ?), failures = 0,
				  next_attempt_at = NULL, last_error = NULL, last_sent_at = ? WHERE subscription_id = ? AND status <> 'off'
				RETURNING *""", STATES, through, Timestamp.from(at), id).stream().findFirst();
	}

	/** A POST failed: the subscription is in error until a retry, not before {@code retryAt}, succeeds. */
	void failed(String id, String error, Instant retryAt) {
		jdbc.update("""
				UPDATE cp_subscription SET status = 'error', failures = failures + 1, next_attempt_at = ?, last_error = ?
				WHERE subscription_id = ? AND status <> 'off'""", Timestamp.from(retryAt), error, id);
	}

	void recordChanges(List<NewChange> changes) {
		if (changes.isEmpty()) {
			return;
		}
		jdbc.batchUpdate("INSERT INTO cp_resource_change (resource_type, resource_id, version_id, interaction) VALUES (?, ?, ?, ?)",
				changes.stream()
					.map(change -> new Object[] { change.type(), change.resourceId(), change.version(), change.interaction() })
					.toList());
	}

	/** The oldest changes, locked for this transaction; changes another dispatcher holds are skipped. */
	List<Change> claimChanges(int limit) {
		return jdbc.query("""
				SELECT * FROM cp_resource_change ORDER BY change_id LIMIT ? FOR UPDATE SKIP LOCKED""",
				(row, index) -> new Change(row.getLong("change_id"), row.getString("resource_type"),
						row.getString("resource_id"), row.getLong("version_id"), row.getString("interaction"),
						instant(row.getTimestamp("changed_at"))),
				limit);
	}

	void forgetChanges(List<Change> changes) {
		jdbc.batchUpdate("DELETE FROM cp_resource_change WHERE change_id = ?",
				changes.stream().map(change -> new Object[] { change.id() }).toList());
	}

	/** Only one node numbers events at a time: a lock held until the calling transaction ends. */
	boolean lockDispatch() {
		return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, DISPATCH_LOCK));
	}

	int expireEvents(Instant before) {
		return jdbc.update("DELETE FROM cp_subscription_event WHERE occurred_at < ?", Timestamp.from(before));
	}

	private static List<String> scopes(String value) {
		return value == null || value.isBlank() ? List.of() : Arrays.asList(value.split(" "));
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

}
