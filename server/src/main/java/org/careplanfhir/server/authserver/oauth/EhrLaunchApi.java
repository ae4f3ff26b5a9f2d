package org.careplanfhir.server.authserver.oauth;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

import org.careplanfhir.server.web.AuditableActivity;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * EHR launch: the EHR (signed in as an administrator account) asks for a {@code launch} value
 * bound to the patient, and optionally the encounter, on its screen, then opens the app with it.
 * The value is good for ten minutes.
 */
@RestController
class EhrLaunchApi {

	private final LaunchContexts launches;

	private final DaoRegistry daos;

	private final ApplicationEventPublisher events;

	EhrLaunchApi(LaunchContexts launches, DaoRegistry daos, ApplicationEventPublisher events) {
		this.launches = launches;
		this.daos = daos;
		this.events = events;
	}

	@PostMapping("/smart/launch")
	ResponseEntity<Map<String, Object>> mint(@RequestParam("patient") String patient,
			@RequestParam(name = "encounter", required = false) String encounter, Principal ehr) {
		String patientId = new IdType(patient).getIdPart();
		mustExist(Patient.class, patientId);
		String encounterId = encounter == null || encounter.isBlank() ? null : new IdType(encounter).getIdPart();
		if (encounterId != null) {
			mustExist(Encounter.class, encounterId);
		}
		String launch = launches.mint(patientId, encounterId, null, false);
		events.publishEvent(new AuditableActivity(AuditableActivity.Kind.EHR_LAUNCH, true, null,
				ehr == null ? null : ehr.getName(), null, patientId,
				encounterId == null ? List.of() : List.of("Encounter/" + encounterId)));
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(Map.of("launch", launch, "expires_in", LaunchContexts.LIFETIME.toSeconds()));
	}

	private void mustExist(Class<? extends org.hl7.fhir.r4.model.Resource> type, String id) {
		try {
			daos.getResourceDao(type).read(new IdType(type.getSimpleName(), id), new SystemRequestDetails());
		}
		catch (BaseServerResponseException missing) {
			throw new IllegalArgumentException(type.getSimpleName() + "/" + id + " does not exist");
		}
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException problem) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, problem.getMessage());
	}

}
