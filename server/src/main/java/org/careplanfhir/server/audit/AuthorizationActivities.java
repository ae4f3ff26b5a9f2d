package org.careplanfhir.server.audit;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.careplanfhir.server.web.AuditableActivity;

import org.springframework.context.event.EventListener;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records what happens outside FHIR requests: the authorization server's sign-ins, tokens,
 * consents and EHR launches, and notifications sent to subscribers. Committed as AuditEvents on the
 * thread it happens on, before the sign-in page, token response or launch answer goes out.
 */
class AuthorizationActivities {

	private final AuditEventWriter events;

	AuthorizationActivities(AuditEventWriter events) {
		this.events = events;
	}

	@EventListener
	void record(AuditableActivity activity) {
		String user = activity.user();
		boolean resource = user != null && user.matches("[A-Za-z]+/[A-Za-z0-9\\-.]{1,64}");
		String patient = activity.patient() == null ? null : "Patient/" + activity.patient();
		events.addNow(List.of(new AuditRecord(System.currentTimeMillis(), AuditedAction.of(activity.kind()),
				activity.succeeded() ? AuditRecord.SUCCESS : AuditRecord.MINOR_FAILURE, activity.detail(),
				resource ? user : null, resource ? null : user, activity.client(), address(), patient,
				activity.entities(), null, null)));
	}

	private static String address() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			return request.getRemoteAddr();
		}
		return null;
	}

}
