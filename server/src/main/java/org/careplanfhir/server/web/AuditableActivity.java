package org.careplanfhir.server.web;

import java.util.List;

/**
 * Something the audit trail records that happens outside a FHIR request: the authorization server's
 * sign-ins, tokens, consents and launches, and notifications sent to subscribers. Published as a
 * Spring application event by the capability it happens in, on the thread it happens on, before the
 * caller is answered.
 *
 * @param succeeded false for a refused sign-in
 * @param detail why it failed, or what was granted or withheld (scopes)
 * @param user the person's FHIR resource ({@code Practitioner/7}) or account name, when known
 * @param client the OAuth2 client id, when known
 * @param patient the patient id it concerns, when there is one
 * @param entities further references it concerns (a Subscription notified)
 */
public record AuditableActivity(Kind kind, boolean succeeded, String detail, String user, String client,
		String patient, List<String> entities) {

	public AuditableActivity {
		entities = entities == null ? List.of() : List.copyOf(entities);
	}

	public enum Kind {

		SIGN_IN, TOKEN_ISSUED, TOKEN_REFRESHED, TOKEN_REVOKED, CONSENT_GIVEN, CONSENT_WITHHELD, EHR_LAUNCH,
		NOTIFICATION_SENT

	}

}
