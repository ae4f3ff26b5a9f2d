package org.careplanfhir.server.audit;

import java.time.Duration;
import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit trail.
 *
 * @param enabled whether accesses are recorded at all
 * @param reads whether successful reads, searches and read-only operations are recorded; writes,
 *        sign-ins, tokens and every refusal are recorded whatever this says. Off only for a
 *        benchmark that says so.
 * @param retention how long an AuditEvent is kept (six years: HIPAA's retention of documentation)
 * @param drainInterval how often the outbox that earlier versions filled is turned into AuditEvents
 */
@ConfigurationProperties("careplan.audit")
record AuditProperties(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean reads,
		@DefaultValue("6y") Period retention, @DefaultValue("1s") Duration drainInterval) {
}
