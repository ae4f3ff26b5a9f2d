package org.careplanfhir.server.authserver.oauth;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Opaque {@code launch} values and the context each stands for. An EHR mints one for the patient
 * (and encounter) on screen; the patient picker mints one, bound to the user who picked. Either is
 * good for ten minutes.
 */
class LaunchContexts {

	static final Duration LIFETIME = Duration.ofMinutes(10);

	private final SecureRandom random = new SecureRandom();

	private final JdbcTemplate database;

	LaunchContexts(JdbcTemplate database) {
		this.database = database;
	}

	String mint(String patient, String encounter, String boundToUser, boolean needPatientBanner) {
		byte[] bytes = new byte[24];
		random.nextBytes(bytes);
		String launch = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		database.update("DELETE FROM careplan_launch WHERE expires_at < now()");
		database.update(
				"INSERT INTO careplan_launch (launch_id, patient, encounter, bound_to_user, need_patient_banner, expires_at)"
						+ " VALUES (?, ?, ?, ?, ?, ?)",
				launch, patient, encounter, boundToUser, needPatientBanner,
				Timestamp.from(Instant.now().plus(LIFETIME)));
		return launch;
	}

	/** The unexpired context of a launch value that this user may use. */
	Optional<Launch> find(String launch, String user) {
		return database
			.query("SELECT patient, encounter, bound_to_user, need_patient_banner FROM careplan_launch"
					+ " WHERE launch_id = ? AND expires_at > now()",
					(row, n) -> new Launch(row.getString(1), row.getString(2), row.getString(3), row.getBoolean(4)),
					launch)
			.stream()
			.filter(found -> found.boundToUser() == null || found.boundToUser().equals(user))
			.findFirst();
	}

	record Launch(String patient, String encounter, String boundToUser, boolean needPatientBanner) {
	}

}
