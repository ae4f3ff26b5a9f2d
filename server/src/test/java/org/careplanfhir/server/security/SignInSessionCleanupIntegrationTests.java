package org.careplanfhir.server.security;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.careplanfhir.server.StandaloneServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Expired sign-in sessions are purged from {@code spring_session} on the schedule
 * {@code spring.session.jdbc.cleanup-cron} gives, and the purge never runs before the table exists.
 * The purge's schedule starts with the session store, which the web server builds early; the table
 * comes with the other security tables, which used to be created tens of seconds later, so a purge
 * falling in between logged an error on a new server's start.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignInSessionCleanupIntegrationTests {

	// The thread is spring-session-1; the log's thread column keeps its last 15 characters.
	private static final Pattern PURGE_THREAD = Pattern.compile("\\[\\S*session-\\d+\\]");

	@Test
	void expiredSessionsArePurgedOnScheduleAndNotBeforeTheirTableExists(CapturedOutput output) {
		try (StandaloneServer server = StandaloneServer.start(StandaloneServer.newDataDirectory(),
				Map.of("spring.session.jdbc.cleanup-cron", "* * * * * *"))) {
			assertThat(output.getOut().lines().filter(line -> PURGE_THREAD.matcher(line).find()))
				.as("lines the session store's purge logged while the server started")
				.noneMatch(line -> line.contains(" ERROR "));
			assertThat(output.getOut()).doesNotContain("\"spring_session\" does not exist");

			JdbcTemplate database = server.bean(JdbcTemplate.class);
			long anHourAgo = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
			String expired = UUID.randomUUID().toString();
			database.update("""
					INSERT INTO spring_session (primary_id, session_id, creation_time, last_access_time,
					  max_inactive_interval, expiry_time) VALUES (?, ?, ?, ?, 1800, ?)""",
					expired, UUID.randomUUID().toString(), anHourAgo, anHourAgo, anHourAgo);

			await().atMost(Duration.ofSeconds(10))
				.until(() -> database.queryForObject("SELECT count(*) FROM spring_session WHERE primary_id = ?",
						Integer.class, expired) == 0);
		}
	}

}
